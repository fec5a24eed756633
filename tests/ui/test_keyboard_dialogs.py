"""The day's dialogs by keyboard alone (issue 11): opened by their keys from the main window,
the first field has the focus, Tab walks the fields in a sensible order and reaches the
button that does the work, every field says what it is (a label's buddy or an accessible
name), Space/Enter do the work and Esc closes. Offscreen, real SoftHSM tokens for signing
and issuing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.axis_desks import wait_for
from tests.ui.keyboard import (
    active,
    labelled,
    panel,
    press,
    pressed_tab_chain,
    show,
)

pytestmark = [pytest.mark.gui, pytest.mark.token]


def walk(qtbot, first: QWidget, last: QWidget) -> list[QWidget]:
    """Tab from ``first`` to ``last``; every widget on the way says what it is."""
    chain = pressed_tab_chain(qtbot, first, last)
    assert chain[-1] is last, [w.accessibleName() or type(w).__name__ for w in chain]
    assert len(set(map(id, chain))) == len(chain)  # nothing visited twice on the way
    assert [w for w in chain if not labelled(w)] == []
    return chain


def test_reject_with_a_reason_by_keyboard(desk, qtbot):
    window, ids = desk
    work = window.detail.incoming.work
    document = ids["incoming"]
    show(qtbot, window, "incoming", document)
    wait_for(qtbot, lambda: work.actions["reject"].isEnabled())
    press(qtbot, window, Qt.Key.Key_R)
    dialog = work.dialog
    assert active(qtbot, dialog) is dialog.text
    qtbot.keyClicks(dialog.text, "Khong thuoc tham quyen")
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    assert walk(qtbot, dialog.text, cancel) == [dialog.text, dialog.ok, cancel]
    dialog.ok.setFocus()
    qtbot.keyClick(dialog.ok, Qt.Key.Key_Space)
    wait_for(qtbot, lambda: window.session.desk.document(document).status == "returned")


def test_assign_by_keyboard_and_esc_closes(desk, qtbot):
    window, ids = desk
    work = window.detail.incoming.work
    show(qtbot, window, "incoming", ids["incoming"])
    wait_for(qtbot, lambda: work.actions["assign"].isEnabled())
    press(qtbot, window, Qt.Key.Key_G)
    dialog = work.dialog
    assert active(qtbot, dialog) is dialog.who
    qtbot.keyClicks(dialog.who, "Phong Tong hop")
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    chain = walk(qtbot, dialog.who, cancel)
    assert chain == [dialog.who, dialog.has_due, dialog.due, dialog.ok, cancel]
    qtbot.keyClick(cancel, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and work.dialog is None


def test_every_settings_page_by_keyboard(desk, qtbot):
    from ui.settings_dialog import PAGE_KEYS, SettingsDialog

    window, _ids = desk
    wait_for(qtbot, window.settings_action.isEnabled)
    press(qtbot, window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None
    if dialog.state is None:
        with qtbot.waitSignal(dialog.loaded, timeout=10_000):
            pass
    active(qtbot, dialog)
    for n, key in enumerate(PAGE_KEYS):
        assert dialog.navigation.currentRow() == n
        chain = walk(qtbot, dialog.navigation, dialog.cancel_button)
        assert chain[-2:] == [dialog.save_button, dialog.cancel_button], key
        page_fields = [w for w in chain if dialog.pages[key].isAncestorOf(w)]
        assert page_fields, key  # the page's own fields are on the way
        qtbot.keyClick(
            dialog.cancel_button, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier
        )
    qtbot.keyClick(dialog.navigation, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# -- with the tokens ---------------------------------------------------------------------------


@pytest.fixture
def two_drafts(tmp_path: Path, softhsm) -> Any:
    """Three drafts: the first to sign, the second signed by the official (to issue), the
    third issued too (to send, over an axis the workspace is configured for)."""
    from app.workspace import Workspace
    from signing.desk import SigningDesk
    from sync.desk import ExchangeDesk
    from sync.store import directory
    from tests.signing.conftest import ORG, PERSONAL
    from tests.signing.drafts import SEAL, SIGNATURE, signer
    from tests.ui.keyboard import AGENCIES
    from tests.ui.sign_support import make_drafts

    drafts = make_drafts(tmp_path / "ws", 3, softhsm.ca_cert_der)
    ws = Workspace(drafts.home)
    try:
        ws.set_settings({"axis_sync_seconds": "3600"}, test="keyboard")
        ExchangeDesk(ws).configure("http://127.0.0.1:9/", "000.00.00.H29", "secret")
        ws.write(lambda c: directory.replace_all(c, AGENCIES))
        desk = SigningDesk(ws)
        outcomes = desk.approve(
            drafts.ids[1:], signer(softhsm, PERSONAL), PERSONAL.pin, image=SIGNATURE
        )
        assert [o.status for o in outcomes] == ["signed", "signed"]
        desk.issue(drafts.ids[2], signer(softhsm, ORG), ORG.pin, seal=SEAL)
    finally:
        ws.close()
    return drafts


def test_sign_a_draft_by_keyboard(two_drafts, qtbot, monkeypatch):
    from tests.signing.conftest import PERSONAL
    from tests.ui.sign_support import WAIT, open_window, wait_ready_to_type

    with open_window(qtbot, two_drafts.home, monkeypatch) as window:
        window.activateWindow()
        view = window.view_widgets["drafts"]
        wait_for(qtbot, lambda: len(view.model.rows) == 2)
        assert view.select_document(two_drafts.ids[0])
        wait_for(qtbot, window.sign_actions.sign_action.isEnabled)
        with qtbot.waitSignal(window.sign_actions.dialog_opened, timeout=WAIT) as opened:
            press(qtbot, window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        dialog = opened.args[0]
        wait_ready_to_type(qtbot, dialog)
        assert active(qtbot, dialog) is dialog.pin.field  # the PIN first: the one to type
        qtbot.keyClicks(dialog.pin.field, PERSONAL.pin)
        picker = dialog.picker
        chain = walk(qtbot, picker.token_box, dialog.close_button)
        assert chain == [
            picker.token_box, picker.cert_box, picker.refresh_button, picker.add_button,
            dialog.pin.field, dialog.placement_view, dialog.sign_button, dialog.close_button,
        ]  # fmt: skip
        dialog.pin.field.setFocus()
        with qtbot.waitSignal(dialog.signed, timeout=WAIT):
            qtbot.keyClick(dialog.pin.field, Qt.Key.Key_Return)  # Enter signs
        wait_for(
            qtbot, lambda: window.session.desk.document(two_drafts.ids[0]).status == "approved"
        )


def test_issue_by_keyboard(two_drafts, qtbot, monkeypatch):
    from tests.signing.conftest import ORG
    from tests.ui.sign_support import WAIT, open_window

    with open_window(qtbot, two_drafts.home, monkeypatch) as window:
        window.activateWindow()
        show(qtbot, window, "drafts", two_drafts.ids[1])
        buttons = panel(window)
        wait_for(qtbot, buttons.issue_button.isVisible)
        press(qtbot, window, Qt.Key.Key_P)
        wait_for(qtbot, lambda: buttons.dialog is not None)
        dialog = buttons.dialog
        wait_for(qtbot, lambda: dialog.plan is not None and bool(dialog.tokens.choices))
        wait_for(qtbot, lambda: not dialog.tokens.loading)
        assert dialog.tokens.current().token == ORG.label
        assert active(qtbot, dialog) is dialog.pin
        qtbot.keyClicks(dialog.pin, ORG.pin)
        chain = walk(qtbot, dialog.tokens.combo, dialog.close_button)
        assert chain == [
            dialog.tokens.combo, dialog.tokens.again, dialog.pin, dialog.seal_button,
            dialog.attachments, dialog.issue_button, dialog.close_button,
        ]  # fmt: skip
        dialog.pin.setFocus()
        with qtbot.waitSignal(dialog.issued, timeout=WAIT):
            qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)  # Enter issues
        assert window.session.desk.document(two_drafts.ids[1]).status == "issued"
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
        wait_for(qtbot, lambda: not dialog.isVisible())


def test_recipients_are_picked_by_keyboard_and_sent(two_drafts, qtbot, monkeypatch):
    from tests.ui.sign_support import open_window

    issued = two_drafts.ids[2]
    with open_window(qtbot, two_drafts.home, monkeypatch) as window:
        window.activateWindow()
        show(qtbot, window, "outgoing", issued)
        buttons = panel(window)
        wait_for(qtbot, buttons.send_button.isVisible)
        press(qtbot, window, Qt.Key.Key_S)
        wait_for(qtbot, lambda: buttons.dialog is not None)  # the button pressed (animated)
        dialog = buttons.dialog
        picker = dialog.picker
        assert active(qtbot, dialog) is picker.search
        wait_for(qtbot, lambda: picker.results.count() == 3)  # the directory, before typing
        qtbot.keyClicks(picker.search, "y te")  # no diacritics: "Y tế"
        wait_for(qtbot, lambda: picker.results.count() == 2)
        qtbot.keyClick(picker.search, Qt.Key.Key_Down)
        assert QApplication.focusWidget() is picker.results
        qtbot.keyClick(picker.results, Qt.Key.Key_Space)  # Space picks
        qtbot.keyClick(picker.results, Qt.Key.Key_Down)
        qtbot.keyClick(picker.results, Qt.Key.Key_Return)  # so does Enter
        assert sorted(picker.organ_ids()) == ["000.00.00.G18", "000.00.32.H29"]
        assert dialog.isVisible()  # Enter chose, it did not send
        wait_for(qtbot, dialog.send_button.isEnabled)  # the document read: it may be sent
        qtbot.keyClick(picker.results, Qt.Key.Key_Return)  # again: still nothing sent
        assert not dialog.sending and window.session.exchange.sent_to(issued) == []
        close = dialog.buttons.buttons()[-1]
        chain = walk(qtbot, picker.search, close)
        assert chain[:2] == [picker.search, picker.results]
        assert picker.chosen in chain and chain[-2:] == [dialog.send_button, close]
        with qtbot.waitSignal(dialog.sent, timeout=30_000):
            qtbot.keyClick(dialog.send_button, Qt.Key.Key_Space)
        assert sorted(window.session.exchange.sent_to(issued)) == [
            "000.00.00.G18",
            "000.00.32.H29",
        ]
        qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible()
