"""Two offices for the window's exchange tests: the sender (a workspace driven through the
same services, as the other office's desk would) and the desk the window opens, both on the
local axis running as its own process on 127.0.0.1 (tests/sync/axis_server.py)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.documents import DocumentService
from app.drafts import OutgoingDraft
from app.workspace import Workspace
from sync.desk import ExchangeDesk
from tests.conftest import make_pdf
from tests.sync.axis_server import AxisProcess

WAIT = 30_000


def make_desk(folder: Path, system: tuple[str, str, str, str], url: str, **settings: str) -> Path:
    """A workspace of ``system``'s organisation configured for the axis at ``url``."""
    ws = Workspace.create(folder, system[2], system[3], "UBND")
    ws.set_settings({"axis_sync_seconds": "3600", **settings}, test="the window's exchange")
    ExchangeDesk(ws).configure(url, system[0], system[1])
    ws.close()
    return folder


def send_documents(
    ws: Workspace, folder: Path, to: str, subjects: list[str], urgent: tuple[str, ...] = ()
) -> dict[str, int]:
    """The sender's outgoing documents (real PDFs), queued for ``to`` and sent now."""
    ids = {}
    for n, subject in enumerate(subjects):
        pdf = make_pdf(folder / f"cv-{n}.pdf", ["CÔNG VĂN", subject])
        draft = OutgoingDraft.build(
            doc_type_value="CV", subject=subject, unit="VP", file=pdf, signer="Nguyễn Văn An",
            position="Chánh Văn phòng", urgency_value=1 if subject in urgent else 0,
        )  # fmt: skip
        ids[subject] = DocumentService(ws).register_outgoing(draft).id
        ExchangeDesk(ws).send(ids[subject], [to], allow_unsigned=True)
    round_ = ExchangeDesk(ws).sync_once()
    assert round_.report.sent == len(subjects), round_.as_json()
    return ids


def sender_sees(
    qtbot: Any, ws: Workspace, document_id: int, code: str, receiver: Any = None
) -> dict[str, Any]:
    """Sync the sender until its recipient's latest status is ``code``; that status. Given the
    ``receiver``'s window, a timeout also says what its outbox and status bar held."""
    desk = ExchangeDesk(ws)
    deadline = time.monotonic() + WAIT / 1000
    seen: list[Any] = []
    while time.monotonic() < deadline:
        desk.sync_once()
        seen = desk.recipients(document_id)
        if seen and seen[0]["latest"] == code:
            return seen[0]["history"][-1]
        qtbot.wait(150)
    raise AssertionError(f"the sender never saw {code}: {seen}{receiver_state(receiver)}")


def receiver_state(window: Any) -> str:
    """The receiving window's outbox, sync state and status-bar message, for a failure."""
    if window is None:
        return ""
    session = window.session
    rows = [
        (r.id, r.kind, r.spec.get("status"), r.state, r.attempts, r.last_error)
        for r in (session.exchange.outbox(include_sent=True) if session.exchange else [])
    ]
    sync = session.sync
    return (
        f"; receiver outbox {rows}; online {sync.online}, rounds {sync.rounds}, "
        f"error {sync.last_error!r}; status bar {window.statusBar().currentMessage()!r}; "
        f"last error shown {session.errors.last!r}"
    )


def open_window(qtbot: Any, home: Path) -> Any:
    from ui.main_window import MainWindow
    from ui.session import DeskSession

    session = DeskSession(home)
    session.errors.dialogs = False
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=WAIT):
        session.open()
    return window


def close_window(window: Any) -> None:
    window.close()
    window.session.close()


def restart(axis: AxisProcess) -> AxisProcess:
    """The axis back on the same address, with the same data."""
    port = axis.url.rsplit(":", 1)[1].strip("/")
    again = AxisProcess(axis.data, [*axis.options, "--port", port])
    for _ in range(50):  # the old socket may take a moment to be free again
        try:
            return again.start()
        except RuntimeError:
            time.sleep(0.2)
    raise AssertionError("the axis did not come back on its port")


def wait_for(
    qtbot: Any, what: Callable[[], Any], timeout: int = WAIT, why: Callable[[], Any] | None = None
) -> None:
    """Wait until ``what()`` is true; on a timeout, say what ``why()`` says."""
    try:
        qtbot.waitUntil(lambda: bool(what()), timeout=timeout)
    except Exception as exc:
        if why is None:
            raise
        raise AssertionError(f"timed out: {why()}") from exc


def drained(window: Any) -> bool:
    """The axis answered the last round, nothing waits in the outbox (as the store says),
    and the status bar's count has caught up."""
    sync = window.session.sync
    return (
        sync.online is True
        and not sync.syncing
        and window.session.exchange.outbox_waiting() == 0
        and sync.waiting == 0
    )


def shots() -> Path | None:
    """Where screenshots go (VANTHU_UI_SHOTS), or None."""
    folder = os.environ.get("VANTHU_UI_SHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path
