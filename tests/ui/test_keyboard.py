"""Every flow works by keyboard (issue 11): in every view of the main window, with each kind
of document shown, no two shortcuts Qt would match share a key (an "ambiguous shortcut" fires
neither); and each key really does what it says in its view — the dialog opens, the status
changes. Offscreen, on a real workspace configured for an axis nobody listens on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.ui.axis_desks import wait_for
from tests.ui.keyboard import (
    active,
    conflicts,
    focus_in,
    live_shortcuts,
    panel,
    press,
    show,
)
from ui.main_window import VIEW_KEYS

pytestmark = [pytest.mark.gui, pytest.mark.token]


def test_no_two_live_shortcuts_share_a_key_in_any_view(desk, qtbot):
    window, ids = desk
    seen: set[str] = set()
    for key in VIEW_KEYS:
        window.navigation.setCurrentRow(VIEW_KEYS.index(key))
        view = window.view_widgets[key]
        if hasattr(view, "model"):
            wait_for(qtbot, lambda view=view: view.model.rows)
        assert conflicts(window) == {}, key
        seen |= {live.keys for live in live_shortcuts(window)}
    for view, document in (("incoming", "incoming"), ("drafts", "draft"),
                           ("outgoing", "sent"), ("outgoing", "issued")):  # fmt: skip
        show(qtbot, window, view, ids[document])
        if document == "sent":  # its take-back, update and replace once its targets are read
            wait_for(qtbot, panel(window).revoke_button.isVisible)
        live = {live.keys for live in live_shortcuts(window)}
        assert conflicts(window) == {}, (view, document)
        focus_in(qtbot, window.detail.preview)  # the preview's own keys (Ctrl+G, zoom) join in
        assert conflicts(window) == {}, (view, document, "preview")
        seen |= live | {live.keys for live in live_shortcuts(window)}
    # the documents' own keys were all live at some point, each on its own
    assert {"Ctrl+Shift+R", "Ctrl+Shift+G", "Ctrl+Shift+D", "Ctrl+Shift+H", "Ctrl+Shift+S",
            "Ctrl+Shift+O", "Ctrl+Shift+U", "Ctrl+Shift+A", "Ctrl+K", "Ctrl+G"} <= seen  # fmt: skip


def test_the_document_keys_of_incoming_and_outgoing_are_distinct():
    """The detail pane shows one document at a time, but a key means one thing in the
    window whatever is shown: no wrong action while the next document is being read."""
    from ui.incoming_actions import SHORTCUTS as INCOMING
    from ui.outgoing_panel import SHORTCUTS as OUTGOING

    keys = [*INCOMING.values(), *OUTGOING.values()]
    assert len(set(keys)) == len(keys)


def test_leaving_a_sent_document_its_keys_go_at_once(desk, qtbot):
    window, ids = desk
    show(qtbot, window, "outgoing", ids["sent"])
    buttons = panel(window)
    wait_for(qtbot, buttons.revoke_button.isVisible)
    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)  # to Văn bản đến
    assert window.current_view() is window.view_widgets["incoming"]
    assert not buttons.isVisible()  # before the incoming document is read: nothing stale
    assert "Ctrl+Shift+O" not in {live.keys for live in live_shortcuts(window)}
    press(qtbot, window, Qt.Key.Key_O)
    assert buttons.dialog is None  # no take-back of the document left behind


def test_the_incoming_keys_do_what_they_say(desk, qtbot):
    from ui.incoming_actions import AssignDialog, ReasonDialog

    window, ids = desk
    work = window.detail.incoming.work
    document = ids["incoming"]
    show(qtbot, window, "incoming", document)
    wait_for(qtbot, lambda: work.actions["reject"].isEnabled())

    press(qtbot, window, Qt.Key.Key_R)  # tRả lại: the reason is asked for
    dialog = work.dialog
    assert isinstance(dialog, ReasonDialog) and dialog.isVisible()
    assert active(qtbot, dialog) is dialog.text
    qtbot.keyClick(dialog.text, Qt.Key.Key_Escape)
    assert work.dialog is None and not dialog.isVisible()

    press(qtbot, window, Qt.Key.Key_G)  # Giao: who and until when
    dialog = work.dialog
    assert isinstance(dialog, AssignDialog) and dialog.isVisible()
    assert active(qtbot, dialog) is dialog.who
    qtbot.keyClick(dialog.who, Qt.Key.Key_Escape)
    assert work.dialog is None

    def status() -> str:
        return window.session.desk.document(document).status

    press(qtbot, window, Qt.Key.Key_D)  # Đang xử lý
    wait_for(qtbot, lambda: status() == "in_progress")
    wait_for(qtbot, lambda: work.actions["finish"].isEnabled())
    assert window.statusBar().currentMessage().startswith("Đã ghi: đang xử lý")
    press(qtbot, window, Qt.Key.Key_H)  # Hoàn thành
    wait_for(qtbot, lambda: status() == "done")


def test_the_outgoing_keys_do_what_they_say(desk, qtbot):
    from ui.issue_send import SendDialog
    from ui.outgoing_dialogs import ReplaceDialog, RevokeDialog, UpdateDialog

    window, ids = desk
    buttons = panel(window)
    show(qtbot, window, "outgoing", ids["sent"])
    wait_for(qtbot, lambda: buttons.revoke_button.isVisible())
    for key, kind in ((Qt.Key.Key_O, RevokeDialog), (Qt.Key.Key_U, UpdateDialog),
                      (Qt.Key.Key_A, ReplaceDialog)):  # fmt: skip
        press(qtbot, window, key)
        wait_for(qtbot, lambda kind=kind: isinstance(buttons.dialog, kind))
        dialog = buttons.dialog
        qtbot.keyClick(active(qtbot, dialog), Qt.Key.Key_Escape)
        assert not dialog.isVisible()
    # the underlined letter works too: Alt+H (Thu &hồi)
    window.view_widgets["outgoing"].focus_table()
    press(qtbot, window, Qt.Key.Key_H, Qt.KeyboardModifier.AltModifier)
    wait_for(qtbot, lambda: isinstance(buttons.dialog, RevokeDialog) and buttons.dialog.isVisible())
    buttons.dialog.reject()

    show(qtbot, window, "outgoing", ids["issued"])
    wait_for(qtbot, lambda: buttons.send_button.isVisible())
    press(qtbot, window, Qt.Key.Key_S)
    wait_for(qtbot, lambda: isinstance(buttons.dialog, SendDialog) and buttons.dialog.isVisible())
    buttons.dialog.reject()


def test_ctrl_k_opens_the_sign_dialog_on_the_draft(desk, qtbot):
    window, ids = desk
    show(qtbot, window, "drafts", ids["draft"])
    wait_for(qtbot, window.sign_actions.sign_action.isEnabled)
    with qtbot.waitSignal(window.sign_actions.dialog_opened, timeout=30_000) as opened:
        press(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    dialog = opened.args[0]
    assert dialog.ids == [ids["draft"]] and dialog.isVisible()
    qtbot.keyClick(active(qtbot, dialog), Qt.Key.Key_Escape)
    wait_for(qtbot, lambda: not dialog.isVisible())
