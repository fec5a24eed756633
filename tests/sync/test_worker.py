"""The sync worker a window runs: rounds on its own schedule and when kicked, events for each
round, the next wake time, an axis that went away shown as a failed round (never an
exception out of the thread), and a clean stop."""

from __future__ import annotations

import datetime as dt
import queue
from pathlib import Path

import pytest

from app.desk import Desk
from app.drafts import OutgoingDraft
from app.workspace import Workspace
from sync.desk import ExchangeDesk, SyncEvent, SyncWorker
from tests.conftest import make_pdf
from tests.sync.axis_server import SYSTEM_A, SYSTEM_B, running_axis


def _desk(tmp_path: Path, name: str, system, url: str) -> Workspace:
    ws = Workspace.create(tmp_path / name, system[2], system[3], "UBND")
    ws.set_settings({"axis_retry_base_seconds": "0.2"}, test="short back-off")
    ExchangeDesk(ws).configure(url, system[0], system[1])
    return ws


def _next(events: queue.Queue[SyncEvent], kind: str, timeout: float = 30) -> SyncEvent:
    while True:
        event = events.get(timeout=timeout)
        if event.kind == kind:
            return event


@pytest.fixture(autouse=True)
def _file_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANTHU_SECRET_STORE", "file")


def test_the_worker_sends_when_kicked_and_says_what_happened(tmp_path: Path):
    with running_axis(tmp_path) as axis:
        a = _desk(tmp_path, "a", SYSTEM_A, axis.url)
        b = _desk(tmp_path, "b", SYSTEM_B, axis.url)
        pdf = make_pdf(tmp_path / "cv.pdf", ["CÔNG VĂN", "V/v lịch họp"])
        doc = Desk(a).documents.register_outgoing(
            OutgoingDraft.build(doc_type_value="CV", subject="V/v lịch họp", unit="VP", file=pdf)
        )
        events: queue.Queue[SyncEvent] = queue.Queue()
        worker = SyncWorker(ExchangeDesk(a), interval=3600, on_event=events.put)
        worker.start()
        try:
            first = _next(events, "finished")  # the first round runs at start
            assert first.round is not None and first.round.online and worker.online is True
            assert first.next_wake is not None
            assert first.next_wake > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=50)

            ExchangeDesk(a).send(doc.id, [SYSTEM_B[2]], allow_unsigned=True)
            assert ExchangeDesk(a).outbox_waiting() == 1
            worker.kick()
            sent = _next(events, "finished")
            assert sent.round is not None and sent.round.report.sent == 1
            assert ExchangeDesk(a).outbox_waiting() == 0
            [row] = ExchangeDesk(a).outbox(include_sent=True)
            assert row.state == "sent" and row.axis_doc_id
        finally:
            worker.stop()
        assert _next(events, "stopped") and not worker.running
        assert ExchangeDesk(b).sync_once().report.received == 1

        # the axis goes away: the round fails as an event, the package waits in the outbox
        ExchangeDesk(a).send(doc.id, [SYSTEM_B[2]], allow_unsigned=True, update=True,
                             reason="Sửa lỗi")  # fmt: skip
        axis.stop()
        worker = SyncWorker(ExchangeDesk(a), interval=3600, on_event=events.put)
        worker.start()
        try:
            offline = _next(events, "finished")
            assert offline.round is not None and not offline.round.online
            assert worker.online is False
            assert offline.round.report.error is not None
            assert offline.round.report.error.code == "axis_unreachable"
            [waiting] = ExchangeDesk(a).outbox()
            assert waiting.state == "pending" and waiting.attempts == 1 and waiting.last_error
            # the next wake is the package's retry time, not the hour-long interval
            assert offline.next_wake is not None
            assert offline.next_wake < dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
        finally:
            worker.stop()
    a.close()
    b.close()


def test_a_desk_without_axis_settings_fails_its_rounds_quietly(tmp_path: Path):
    ws = Workspace.create(tmp_path / "ws", SYSTEM_A[2], SYSTEM_A[3], "UBND")
    events: queue.Queue[SyncEvent] = queue.Queue()
    worker = SyncWorker(ExchangeDesk(ws), interval=3600, on_event=events.put)
    worker.start()
    failed = _next(events, "failed")
    assert failed.error is not None and failed.error.data.get("problem") == "axis_not_configured"
    worker.stop()
    assert not worker.running
    ws.close()
