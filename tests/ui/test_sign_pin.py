"""The PIN box on its own (ui/sign_pin.py), for each state a token can report — the states
are given as signing's ``PinState`` values (the dialog tests read them off real tokens): what
is shown before anything is typed, and the PIN handed over once, the field emptied."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from signing import PROTECTED_AUTH, PinState
from ui.sign_pin import LOCKED, PIN_PAD, READY, PinBox, PinDialog, demo_pin

pytestmark = pytest.mark.gui


def box_for(qtbot, state: PinState, hint: str | None = None) -> PinBox:
    box = PinBox()
    qtbot.addWidget(box)
    box.set_state(state, demo_hint=hint)
    box.show()
    qtbot.waitExposed(box)
    return box


def test_a_fresh_token_asks_for_the_pin_without_warning(qtbot):
    box = box_for(qtbot, PinState())
    assert box.mode == READY and not box.warning.isVisible() and box.field.isVisible()
    assert not box.can_sign()
    qtbot.keyClicks(box.field, "123456")
    assert box.can_sign()
    assert box.take_pin() == "123456"
    assert box.field.text() == "" and not box.can_sign()  # handed over once
    assert box.take_pin() is None


def test_warnings_before_typing(qtbot):
    before = box_for(qtbot, PinState(count_low=True))
    assert before.warning.isVisible()
    assert before.warning.text().startswith("Trước đó đã có lần nhập sai mã PIN")
    last = box_for(qtbot, PinState(count_low=True, final_try=True))
    assert last.warning.text().startswith("Chú ý: chỉ còn một lần thử")
    assert last.field.isVisible() and last.field.isEnabled()
    # the final-try warning is in the error colour, the "before" one in the text colour
    strong = last.warning.palette().color(last.warning.foregroundRole())
    mild = before.warning.palette().color(before.warning.foregroundRole())
    assert strong != mild


def test_locked_has_no_field_and_pin_pad_no_field_but_signs(qtbot):
    locked = box_for(qtbot, PinState(locked=True))
    assert locked.mode == LOCKED and not locked.field.isVisible()
    assert "liên hệ tổ chức cấp chứng thư số (CA)" in locked.warning.text()
    assert not locked.can_sign() and locked.take_pin() is None
    pad = box_for(qtbot, PinState(protected_auth_path=True))
    assert pad.mode == PIN_PAD and not pad.field.isVisible() and pad.message.isVisible()
    assert pad.can_sign() and pad.take_pin() == PROTECTED_AUTH


def test_the_demo_hint_only_in_the_demo(qtbot):
    assert demo_pin("VanThu Demo Official", True) == "123456"
    assert demo_pin("VanThu Demo Org", True) == "654321"
    assert demo_pin("VanThu Demo Official", False) is None
    assert demo_pin("VT-CANHAN", True) is None
    box = box_for(qtbot, PinState(), hint=demo_pin("VanThu Demo Official", True))
    assert box.hint.isVisible()
    assert box.hint.text() == "Thiết bị ký số thử nghiệm của bản demo — mã PIN: 123456"
    assert not box_for(qtbot, PinState(locked=True), hint="123456").hint.isVisible()


def test_the_pin_dialog_hands_the_pin_over_once(qtbot):
    dialog = PinDialog("VT-CANHAN", PinState(count_low=True))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.box.field, "123456")
    assert dialog.ok.isEnabled()
    qtbot.keyClick(dialog.box.field, Qt.Key.Key_Return)
    assert dialog.result() == PinDialog.DialogCode.Accepted
    assert dialog.pin() == "123456" and dialog.pin() is None
    assert dialog.box.field.text() == ""
