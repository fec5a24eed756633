"""Incoming actions in the window, offscreen, with the other office a real second workspace on
the local axis (its own process on 127.0.0.1): documents arrive by the session's sync worker
(a notice in the status bar: no tray offscreen), are accepted by keyboard (the sender sees
03), rejected with a reason (02 and the reason), assigned with a deadline from the table's
context menu (04, and the "Sắp đến hạn" section lists it); a take-back arriving shows its
prompt and is answered 15. Without an axis: the deadline notice when the window opens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from app.clock import system_clock, vn_now
from app.documents import DocumentService
from app.workspace import Workspace
from sync.desk import ExchangeDesk
from tests.sync.axis_server import SYSTEM_A, SYSTEM_B, running_axis
from tests.ui.axis_desks import (
    close_window,
    drained,
    make_desk,
    open_window,
    send_documents,
    sender_sees,
    shots,
    wait_for,
)

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def _file_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANTHU_SECRET_STORE", "file")  # no OS keyring here


def _row(window, subject: str) -> int:
    model = window.view_widgets["incoming"].model
    return next(r.id for r in model.rows if r.subject == subject)


def _show(qtbot, window, document_id: int) -> None:
    """Select a document in the Incoming view; wait until its actions are read."""
    work = window.detail.incoming.work
    window.view_widgets["incoming"].select_document(document_id)
    wait_for(qtbot, lambda: work.document is not None and work.document.id == document_id)


def test_receive_accept_reject_and_assign_with_a_deadline(qtbot, tmp_path: Path):
    subjects = ["V/v tiếp nhận hồ sơ", "V/v gửi nhầm nơi nhận", "V/v phòng, chống lụt bão"]
    with running_axis(tmp_path) as axis:
        a_home = make_desk(tmp_path / "a", SYSTEM_A, axis.url)
        b_home = make_desk(tmp_path / "b", SYSTEM_B, axis.url)
        a = Workspace(a_home)
        sent = send_documents(a, tmp_path, SYSTEM_B[2], subjects, urgent=(subjects[2],))
        window = open_window(qtbot, b_home)
        try:
            sync = window.session.sync
            incoming = window.view_widgets["incoming"]
            # the worker's first round brings them; the notice says so (no tray offscreen)
            wait_for(qtbot, lambda: len(incoming.model.rows) == 3)
            notifier = window.sync_actions.notifier
            assert not QSystemTrayIcon.isSystemTrayAvailable() and notifier.tray is None
            wait_for(qtbot, lambda: notifier.last)
            assert notifier.last.startswith("Có 3 văn bản đến mới.")
            assert "1 văn bản khẩn" in notifier.last and subjects[2] in notifier.last
            assert sync.online is True and sync.last_sync is not None
            assert "Trục: trực tuyến" in window.sync_actions.status.text()

            # accept by keyboard: Ctrl+Shift+T
            work = window.detail.incoming.work
            accepted = _row(window, subjects[0])
            _show(qtbot, window, accepted)
            assert work.sender == SYSTEM_A[2]
            wait_for(qtbot, lambda: work.actions["accept"].isEnabled())
            bar = window.detail.incoming
            wait_for(qtbot, bar.isVisible)  # once the pane shows the document
            assert not bar.request_box.isVisible()
            window.activateWindow()
            qtbot.keyClick(
                incoming.table, Qt.Key.Key_T,
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            )  # fmt: skip
            assert sender_sees(qtbot, a, sent[subjects[0]], "03", window)["code"] == "03"
            wait_for(qtbot, lambda: work.document_id == accepted and "03" in work.answered)
            assert not work.actions["accept"].isEnabled()  # accepted once

            # reject with a reason, from the detail pane's button
            rejected = _row(window, subjects[1])
            _show(qtbot, window, rejected)
            wait_for(qtbot, lambda: work.actions["reject"].isEnabled())
            bar.tool_buttons["reject"].click()
            dialog = work.dialog
            assert dialog is not None and not dialog.ok.isEnabled()  # no reason yet
            # typed as an input method would (QTest types Latin-1 keys only)
            dialog.text.insertPlainText("Không thuộc thẩm quyền giải quyết")
            assert dialog.ok.isEnabled()
            save_shot(dialog, "reject-dialog")
            dialog.ok.click()
            status = sender_sees(qtbot, a, sent[subjects[1]], "02", window)
            assert status["description"] == "Không thuộc thẩm quyền giải quyết"
            wait_for(qtbot, lambda: window.session.desk.document(rejected).status == "returned")

            # assign with a deadline, from the table's context menu
            assigned = _row(window, subjects[2])
            _show(qtbot, window, assigned)
            wait_for(qtbot, lambda: work.actions["assign"].isEnabled())
            menu = {act.text(): act for act in incoming.table.actions()}
            assert incoming.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
            assert {"&Tiếp nhận", "T&rả lại…", "&Phân công…", "Đang &xử lý",
                    "&Hoàn thành"} <= set(menu)  # fmt: skip
            menu["&Phân công…"].trigger()
            dialog = work.dialog
            assert dialog is not None and not dialog.ok.isEnabled()
            dialog.who.insert("Phòng Tổng hợp")
            tomorrow = vn_now(system_clock).date() + dt.timedelta(days=1)
            dialog.due.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
            save_shot(dialog, "assign-dialog")
            dialog.ok.click()
            status = sender_sees(qtbot, a, sent[subjects[2]], "04", window)
            assert status["description"] == "Phòng Tổng hợp"
            doc = window.session.desk.document(assigned)
            assert (doc.status, doc.assignee, doc.due_date) == (
                "assigned", "Phòng Tổng hợp", tomorrow.isoformat()
            )  # fmt: skip
            # the deadline is a reminder now: the "Sắp đến hạn" section lists it
            due = window.incoming_menu.due
            wait_for(qtbot, lambda: due.report is not None and due.report.documents)
            [item] = due.report.documents
            assert item.id == assigned and item.days_left == 1
            assert due.toggle.text() == "Sắp đến hạn (1)"
            assert due.tree.topLevelItem(0).text(1) == "còn 1 ngày"
            due.toggle.setChecked(True)
            _show(qtbot, window, assigned)
            wait_for(qtbot, lambda: window.detail.detail is not None
                     and window.detail.detail.document.id == assigned)  # fmt: skip
            save_window(window, "incoming-actions")
            # the outbox drained: every answer left
            wait_for(qtbot, lambda: drained(window))
            assert "Không có gói chờ gửi" in window.sync_actions.status.text()
        finally:
            close_window(window)
            a.close()
    assert not window.session.sync.worker  # stopped with the window


def test_a_take_back_arrives_and_is_answered_15(qtbot, tmp_path: Path):
    subject = "V/v điều chỉnh lịch tiếp công dân"
    with running_axis(tmp_path) as axis:
        a_home = make_desk(tmp_path / "a", SYSTEM_A, axis.url)
        b_home = make_desk(tmp_path / "b", SYSTEM_B, axis.url)
        a = Workspace(a_home)
        sent = send_documents(a, tmp_path, SYSTEM_B[2], [subject])
        window = open_window(qtbot, b_home)
        try:
            incoming = window.view_widgets["incoming"]
            wait_for(qtbot, lambda: len(incoming.model.rows) == 1)
            document_id = _row(window, subject)
            _show(qtbot, window, document_id)
            bar, work = window.detail.incoming, window.detail.incoming.work
            assert not bar.request_box.isVisible()

            ExchangeDesk(a).revoke(sent[subject], "Ban hành nhầm, sẽ gửi văn bản khác")
            ExchangeDesk(a).sync_once()
            window.activateWindow()
            qtbot.keyClick(window, Qt.Key.Key_F9)  # sync now
            wait_for(qtbot, lambda: work.request is not None and work.document_id == document_id)
            wait_for(qtbot, bar.request_box.isVisible)
            text = bar.request_text.text()
            assert f"Nơi gửi ({SYSTEM_A[3]}) đã thu hồi văn bản này" in text
            assert "Ban hành nhầm, sẽ gửi văn bản khác" in text
            assert "đồng ý (15) hay không đồng ý (16)" in text
            assert bar.agree.isVisible() and bar.disagree.isVisible()
            assert not bar.buttons.isVisible()  # cancelled: nothing else to do until answered
            save_shot(bar, "revoke-prompt")
            save_window(window, "revoke-prompt-window")
            work.set_document(document_id)  # read again, as when a letter arrives meanwhile:
            bar.agree.click()  # the click still counts (it was dropped while the read ran)
            assert not bar.agree.isEnabled()  # being written: a second click does nothing
            bar.agree.click()
            assert sender_sees(qtbot, a, sent[subject], "15", window)["code"] == "15"
            wait_for(qtbot, lambda: work.request is not None and work.request.answer == "15")
            assert not bar.agree.isVisible()
            assert "Đã trả lời nơi gửi: đồng ý (15)." in bar.request_text.text()
            assert window.session.errors.last is None  # answered once, nothing refused
            from tests.ui.test_english import clashing_keys

            assert clashing_keys(bar) == []
            assert window.session.desk.document(document_id).cancelled
        finally:
            close_window(window)
            a.close()


def test_deadlines_are_a_notice_when_the_window_opens(qtbot, tmp_path: Path):
    from tests.ui.conftest import fill_workspace

    home = fill_workspace(tmp_path / "ws", incoming=6, outgoing=1)
    ws = Workspace(home)
    docs = DocumentService(ws)
    today = vn_now(system_clock).date()
    ids = [d.id for d in docs.list(limit=100)[0] if d.direction.value == "incoming"]
    docs.assign(ids[0], "Phòng Kinh tế", due_date=(today - dt.timedelta(days=2)).isoformat())
    docs.assign(ids[1], "Phòng Nội chính", due_date=today.isoformat())
    docs.assign(ids[2], "Phòng Tổng hợp", due_date=(today + dt.timedelta(days=30)).isoformat())
    ws.close()
    window = open_window(qtbot, home)
    try:
        due = window.incoming_menu.due
        wait_for(qtbot, lambda: due.report is not None)
        notice = "1 văn bản quá hạn xử lý; 1 văn bản đến hạn trong 3 ngày tới"
        assert due.summary.text() == notice
        assert window.sync_actions.notifier.last == f"Hạn xử lý. {notice}"
        assert [due.tree.topLevelItem(i).text(1) for i in range(2)] == ["quá 2 ngày", "hôm nay"]
        # the overdue row reads in the urgent colour, the other does not
        first, second = due.tree.topLevelItem(0), due.tree.topLevelItem(1)
        assert first.foreground(0).color() != second.foreground(0).color()
        # a hand-registered document: no accept (nobody to tell), the rest is there
        work = window.detail.incoming.work
        _show(qtbot, window, ids[1])
        wait_for(qtbot, lambda: work.actions["finish"].isEnabled())
        assert not work.actions["accept"].isEnabled() and work.sender is None
        # activating a row of the section opens that document
        due.toggle.setChecked(True)
        due._activated(first)
        wait_for(qtbot, lambda: window.detail.document_id == ids[0])
        # no axis set up: the status bar says so, and "sync now" explains
        assert window.session.sync.configured is False
        assert window.sync_actions.status.text().startswith("Trục: chưa cài đặt")
        window.sync_actions.sync_now.trigger()
        assert "Chưa cài đặt Trục liên thông" in window.statusBar().currentMessage()
        save_window(window, "deadlines")
    finally:
        close_window(window)


def save_shot(widget, name: str) -> None:
    folder = shots()
    if folder is not None:
        QApplication.processEvents()
        widget.grab().save(str(folder / f"{name}.png"))


def save_window(window, name: str) -> None:
    save_shot(window, name)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """vanthu_en.qm made by the project's own command, from the .ts in the tree."""
    from ui import i18n

    folder = tmp_path_factory.mktemp("qm")
    assert i18n.build("en", folder / "vanthu_en.qm").is_file()
    return folder


def test_the_incoming_work_in_english_light_and_dark(
    qtbot, qapp, compiled: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    """The take-back prompt, the actions, the deadlines and the status bar in English: nothing
    cut off, on the light and the dark palette (and the Vietnamese window in the dark)."""
    from PySide6.QtCore import QLocale

    from tests.ui.test_english import clashing_keys, cut_off, dark
    from ui.application import install_translation

    subjects = ["V/v kế hoạch phòng, chống dịch bệnh", "V/v lịch trực Tết"]
    with running_axis(tmp_path) as axis:
        a_home = make_desk(tmp_path / "a", SYSTEM_A, axis.url)
        b_home = make_desk(tmp_path / "b", SYSTEM_B, axis.url)
        a = Workspace(a_home)
        sent = send_documents(a, tmp_path, SYSTEM_B[2], subjects, urgent=(subjects[0],))
        window = open_window(qtbot, b_home)  # Vietnamese first: the dark screenshot
        try:
            incoming = window.view_widgets["incoming"]
            wait_for(qtbot, lambda: len(incoming.model.rows) == 2)
            _show(qtbot, window, _row(window, subjects[0]))
            wait_for(qtbot, lambda: window.detail.incoming.work.actions["assign"].isEnabled())
            with dark(qapp):
                save_window(window, "incoming-vi-dark")
        finally:
            close_window(window)
        ExchangeDesk(a).revoke(sent[subjects[1]], "Ban hành nhầm")
        ExchangeDesk(a).sync_once()

        monkeypatch.setenv("VANTHU_LANG", "en")
        locale = QLocale()
        assert install_translation(qapp, "en", compiled)
        try:
            window = open_window(qtbot, b_home)
            try:
                wait_for(qtbot, lambda: drained(window))
                taken_back = _row(window, subjects[1])
                _show(qtbot, window, taken_back)
                bar, work = window.detail.incoming, window.detail.incoming.work
                wait_for(qtbot, bar.request_box.isVisible)
                assert bar.request_text.text().startswith(
                    f"<b>The sender ({SYSTEM_A[3]}) took this document back: “Ban hành nhầm”."
                )
                assert bar.agree.text() == "Agree (15)" and bar.disagree.text() == "Disagree (16)…"
                status = window.sync_actions.status.text()
                assert "Axis: online" in status and "No package waiting" in status
                assert "Synced at " in status
                assert cut_off(window) == []
                save_window(window, "revoke-prompt-en")
                with dark(qapp):
                    assert cut_off(window) == []
                    save_window(window, "revoke-prompt-en-dark")
                _show(qtbot, window, _row(window, subjects[0]))
                wait_for(qtbot, lambda: work.actions["assign"].isEnabled())
                texts = [act.text() for act in work.actions.values()]  # the context menu's
                assert texts == ["&Accept", "&Reject…", "Assi&gn…", "In &progress", "&Done"]
                buttons = [b.text() for b in bar.tool_buttons.values()]
                assert buttons == [
                    "Accept",
                    "Reject",
                    "Assign",
                    "In progress",
                    "Done",
                ]  # Qt drops &, …
                assert work.actions["accept"].toolTip() == (
                    "Accept the document and tell the sender (03) (Ctrl+Shift+T)"
                )
                work.ask_assign()
                dialog = work.dialog
                assert dialog is not None and dialog.windowTitle() == "Assign for handling"
                assert cut_off(dialog) == [] and clashing_keys(dialog) == []
                assert clashing_keys(bar) == []
                save_shot(dialog, "assign-dialog-en")
                dialog.reject()
                save_window(window, "incoming-en")
            finally:
                close_window(window)
        finally:
            install_translation(qapp, "vi")
            QLocale.setDefault(locale)
        a.close()
