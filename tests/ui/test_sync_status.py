"""The session's sync worker seen in the window, offscreen, with the local axis as its own
process on 127.0.0.1: the status bar says online, the last sync and the outbox count; the
axis goes down (offline, the answer waits in the outbox, the Sending view says why in words)
and comes back on the same address (the outbox drains by itself and the status bar says so);
a package waiting an hour for its next try leaves at once with "Gửi lại ngay"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.workspace import Workspace
from tests.sync.axis_server import SYSTEM_A, SYSTEM_B, running_axis
from tests.ui.axis_desks import (
    close_window,
    drained,
    make_desk,
    open_window,
    restart,
    send_documents,
    sender_sees,
    shots,
    wait_for,
)

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _file_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANTHU_SECRET_STORE", "file")  # no OS keyring here


def _sending_rows(view) -> list[list[str]]:
    tree = view.tree
    return [
        [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def test_the_axis_down_then_back_and_retry_now(qtbot, tmp_path: Path):
    subjects = ["V/v báo cáo tình hình kinh tế - xã hội", "V/v tổ chức hội nghị"]
    with running_axis(tmp_path) as axis:
        a_home = make_desk(tmp_path / "a", SYSTEM_A, axis.url)
        b_home = make_desk(tmp_path / "b", SYSTEM_B, axis.url, axis_retry_base_seconds="1")
        a = Workspace(a_home)
        sent = send_documents(a, tmp_path, SYSTEM_B[2], subjects)
        window = open_window(qtbot, b_home)
        server = axis
        try:
            sync, status = window.session.sync, window.sync_actions.status
            incoming = window.view_widgets["incoming"]
            wait_for(qtbot, lambda: len(incoming.model.rows) == 2)
            wait_for(qtbot, lambda: drained(window))
            assert sync.worker is not None and sync.worker.running
            assert "Trục: trực tuyến" in status.text() and "Đồng bộ lúc " in status.text()
            assert "Không có gói chờ gửi" in status.text()

            # the axis goes away; the clerk accepts a document meanwhile
            server.stop()
            work = window.detail.incoming.work
            first = next(r.id for r in incoming.model.rows if r.subject == subjects[0])
            incoming.select_document(first)
            wait_for(
                qtbot, lambda: work.document_id == first and work.actions["accept"].isEnabled()
            )
            rounds = sync.rounds
            work.actions["accept"].trigger()
            wait_for(qtbot, lambda: sync.rounds > rounds and sync.online is False)
            wait_for(qtbot, lambda: sync.waiting == 1, why=lambda: (
                sync.waiting, sync.rounds, sync.online, sync.last_error,
                [(r.kind, r.spec.get("status"), r.state, r.attempts, r.last_error)
                 for r in window.session.exchange.outbox(include_sent=True)],
                window.session.errors.last))  # fmt: skip
            assert "Trục: mất kết nối" in status.text() and "1 gói chờ gửi" in status.text()
            assert "Không kết nối được" in status.state.toolTip()
            # the Sending view says it in words (Alt+4)
            window.activateWindow()
            qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
            sending = window.view_widgets["sending"]
            assert window.current_view() is sending
            wait_for(qtbot, lambda: any(r[4] == "chờ gửi lại" for r in _sending_rows(sending)))
            [waiting] = [r for r in _sending_rows(sending) if r[4] == "chờ gửi lại"]
            assert (
                waiting[1] == "trạng thái: đã tiếp nhận, vào sổ (03)" and waiting[3] == SYSTEM_A[2]
            )
            assert waiting[7] == "Không kết nối được Trục; sẽ tự thử lại"
            assert waiting[6]  # the next try, in local time
            assert sending.summary.text().startswith("1 chờ gửi")
            save_shot(window, "sending-offline")

            # back on the same address: the outbox drains by itself, the status bar says so
            server = restart(axis)
            wait_for(qtbot, lambda: drained(window))
            assert "Trục: trực tuyến" in status.text() and "Không có gói chờ gửi" in status.text()
            assert sender_sees(qtbot, a, sent[subjects[0]], "03", window)["code"] == "03"
            wait_for(qtbot, lambda: not any(r[4] == "chờ gửi lại" for r in _sending_rows(sending)))

            # a package whose next try is an hour away leaves at once with "Gửi lại ngay"
            window.session.desk.ws.set_settings({"axis_retry_base_seconds": "3600"}, test="wait")
            server.stop()
            second = next(r.id for r in incoming.model.rows if r.subject == subjects[1])
            work.set_document(second)
            wait_for(qtbot, lambda: work.actions["start"].isEnabled())
            rounds = sync.rounds
            work.actions["start"].trigger()  # in progress: 05 to the sender
            wait_for(qtbot, lambda: sync.rounds > rounds and sync.waiting == 1)
            server = restart(axis)
            wait_for(qtbot, lambda: any(r[4] == "chờ gửi lại" for r in _sending_rows(sending)))
            qtbot.wait(1500)
            assert sync.waiting == 1  # nothing is tried before its time…
            tree = sending.tree
            row = next(
                i for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(4) == "chờ gửi lại"
            )  # fmt: skip
            tree.setCurrentItem(tree.topLevelItem(row))
            assert sending.retry.isEnabled()
            sending.retry.click()  # …unless the clerk asks
            wait_for(qtbot, lambda: drained(window))
            assert sender_sees(qtbot, a, sent[subjects[1]], "05", window)["code"] == "05"
            wait_for(
                qtbot, lambda: all(r[4].startswith("đã gửi lúc") for r in _sending_rows(sending))
            )
            assert sending.summary.text().startswith("0 chờ gửi, 0 lỗi")
            assert not sending.retry.isEnabled()  # a sent package is not sent again
            save_shot(window, "sending-online")
            # "Đồng bộ ngay" runs a round
            rounds = sync.rounds
            sending.sync_now.click()
            wait_for(qtbot, lambda: sync.rounds > rounds)
        finally:
            close_window(window)
            server.stop()
            a.close()
    assert window.session.sync.worker is None


def save_shot(widget, name: str) -> None:
    folder = shots()
    if folder is not None:
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()
        widget.grab().save(str(folder / f"{name}.png"))


def test_a_recipients_answer_shows_on_the_document_open_in_the_window(qtbot, tmp_path: Path):
    # seen on a real display: the detail pane said "chưa có phản hồi" after the answer came
    from sync.desk import ExchangeDesk
    from ui.main_window import VIEW_KEYS

    subject = "V/v kiểm tra công tác văn thư"
    with running_axis(tmp_path) as axis:
        a_home = make_desk(tmp_path / "a", SYSTEM_A, axis.url)
        b_home = make_desk(tmp_path / "b", SYSTEM_B, axis.url)
        a = Workspace(a_home)
        document_id = send_documents(a, tmp_path, SYSTEM_B[2], [subject])[subject]
        a.close()
        window = open_window(qtbot, a_home)
        b = Workspace(b_home)
        try:
            outgoing = window.view_widgets["outgoing"]
            window.navigation.setCurrentRow(VIEW_KEYS.index("outgoing"))
            wait_for(qtbot, lambda: outgoing.model.row_of(document_id) is not None)
            outgoing.select_document(document_id)
            detail = window.detail
            wait_for(qtbot, lambda: detail.detail is not None
                     and detail.detail.document.id == document_id)  # fmt: skip
            detail.tabs.setCurrentIndex(detail.recipients_tab)
            tree = detail.recipients
            assert tree.topLevelItem(0) is not None
            assert not tree.topLevelItem(0).text(1).startswith("03")

            # the other office receives it and accepts it; the window's worker brings it in
            other = ExchangeDesk(b)
            assert other.sync_once().report.received == 1
            incoming = b.conn.execute(
                "SELECT id FROM documents WHERE direction = 'incoming'"
            ).fetchone()[0]
            other.answer(incoming, "03")
            other.sync_once()
            window.sync_actions.kick()
            wait_for(qtbot, lambda: tree.topLevelItem(0) is not None
                     and tree.topLevelItem(0).text(1).startswith("03"),
                     why=lambda: tree.topLevelItem(0).text(1))  # fmt: skip
            assert detail.tabs.currentIndex() == detail.recipients_tab  # the clerk's tab kept
            assert detail.document_id == document_id
        finally:
            close_window(window)
            b.close()
