"""Opening the window: the application, the session over the workspace, the main window; with
a screenshot asked for, the window is drawn offscreen, waited for until its first rows and the
selected document's preview are shown, saved as PNG, and the program ends."""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSocketNotifier, QTimer

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
            settle_layouts()  # the status bar's labels were drawn over each other
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

    def stopped(signum: int) -> None:
        outcome["code"] = 128 + signum
        current["window"].close_now()

    restore = close_on_signals(stopped)
    window.show()
    session.open()
    try:
        app.exec()
        current["window"].close()
        session.close()
    finally:
        restore()
    return outcome["code"]


def settle_layouts(levels: int = 8) -> None:
    """Lay out what changed just now before a window is grabbed, as a screen does before it
    paints: a label given a longer text has its layouts pending, one level at a time up to
    the window, and grabbed at once it is drawn over its neighbour."""
    for _level in range(levels):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def close_on_signals(close: Callable[[int], None]) -> Callable[[], None]:
    """Ctrl+C in the terminal (SIGINT) and SIGTERM (logout, ``kill``) call ``close`` on the
    GUI thread, so the window closes as by Ctrl+Q and the workspace is closed properly; Qt's
    event loop alone would ignore Ctrl+C and die on SIGTERM without closing anything. The
    signal wakes the loop through a socket (``signal.set_wakeup_fd``). A second signal while
    closing gives the default back: a third ends the program at once. Returns what undoes it."""
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    caught: list[int] = []
    wanted = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda signum, _frame: caught.append(signum)) for s in wanted}
    previous_fd = signal.set_wakeup_fd(writer.fileno())
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read)

    closing: list[int] = []

    def woken() -> None:
        with contextlib.suppress(OSError):
            reader.recv(64)
        if caught and not closing:
            closing.append(caught[0])
            close(caught[0])
        elif len(caught) > 1:
            for s in wanted:
                signal.signal(s, signal.SIG_DFL)

    notifier.activated.connect(woken)

    def restore() -> None:
        notifier.setEnabled(False)
        signal.set_wakeup_fd(previous_fd)
        for s, handler in previous.items():
            signal.signal(s, handler)
        reader.close()
        writer.close()

    return restore


__all__ = ["close_on_signals", "run_window", "settle_layouts"]
