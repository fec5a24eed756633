"""Opening the window: the application, the session over the workspace, the main window; with
a screenshot asked for, the window is drawn offscreen, waited for until its first rows and the
selected document's preview are shown, saved as PNG, and the program ends."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from ui.application import make_application


def run_window(
    home: Path,
    *,
    view: str = "incoming",
    screenshot: str | None = None,
    size: tuple[int, int] = (1440, 900),
    timeout: float = 60.0,
) -> int:
    from ui.main_window import MainWindow
    from ui.session import DeskSession
    from ui.settings_state import apply_start_language

    apply_start_language(Path(home))  # the language chosen in the Settings, before any word
    app = make_application(sys.argv[:1])
    session = DeskSession(Path(home))
    window = MainWindow(session, start_view=view)
    window.resize(*size)
    current = {"window": window}  # a new language makes the window again (same session)

    def follow(new: MainWindow) -> None:
        current["window"] = new
        new.replaced.connect(follow)

    window.replaced.connect(follow)
    outcome = {"code": 0}
    if screenshot:
        session.errors.dialogs = False

        def save() -> None:
            target = Path(screenshot)
            target.parent.mkdir(parents=True, exist_ok=True)
            ok = window.grab().save(str(target), "PNG")
            outcome["code"] = 0 if ok else 1
            app.quit()

        def give_up() -> None:
            print(f"vanthu: the window was not ready within {timeout:.0f} s", file=sys.stderr)
            outcome["code"] = 1
            app.quit()

        window.ready.connect(lambda: QTimer.singleShot(150, save))
        session.failed.connect(lambda _e: QTimer.singleShot(150, save))
        QTimer.singleShot(int(timeout * 1000), give_up)
    window.show()
    session.open()
    app.exec()
    current["window"].close()
    session.close()
    return outcome["code"]


__all__ = ["run_window"]
