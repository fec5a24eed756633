"""The official signs one draft in the window (issue 11, point 1): Ctrl+K on the draft shown,
the token found without setup, the PIN state read before typing, the signature's box
suggested below the signer's title and moved with the keys, the signed file stored as the
document's new version — checked by openssl (a validator we did not write) and by the desk —
and the detail pane showing the new version with its signature. Then the PIN's warnings: a
wrong PIN (real: SoftHSM raises its "count low" flag) and the final-try, locked and PIN-pad
states (simulated: SoftHSM never sets those flags, so the flags the token reports are
changed, nothing else). Real SoftHSM tokens and the certomancer test PKI (tests/signing)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.signing.validators import openssl_verify
from tests.ui.sign_support import (
    WAIT,
    document,
    make_drafts,
    open_window,
    save,
    save_light_and_dark,
    shots_dir,
    type_pin_and_sign,
    wait_ready_to_type,
)
from tests.ui.test_english import clashing_keys, compiled, cut_off, english  # noqa: F401

pytestmark = [pytest.mark.gui, pytest.mark.token]
PIN = "123456"  # tests/signing/conftest.py PERSONAL


@pytest.fixture
def drafts(tmp_path: Path, softhsm):
    return make_drafts(tmp_path / "ws", 2, softhsm.ca_cert_der)


def open_dialog(qtbot, window):
    """Ctrl+K on the draft the detail pane shows."""
    qtbot.waitUntil(lambda: window.sign_actions.sign_action.isEnabled(), timeout=WAIT)
    with qtbot.waitSignal(window.sign_actions.dialog_opened, timeout=WAIT) as opened:
        qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    return opened.args[0]


def signature_rect(pdf: Path) -> tuple[float, ...]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    [sig] = PdfFileReader(io.BytesIO(pdf.read_bytes()), strict=False).embedded_signatures
    return tuple(float(v) for v in sig.sig_field["/Rect"])


def test_sign_one_draft_through_the_dialog(
    qtbot, qapp, softhsm, pki_online, drafts, monkeypatch, tmp_path
):
    """The check after signing may ask the test PKI's OCSP responder (on 127.0.0.1) whether
    the certificate is revoked: the verdict is then plainly valid."""
    with open_window(qtbot, drafts.home, monkeypatch, offline=False) as window:
        qtbot.waitUntil(lambda: window.detail.detail is not None, timeout=WAIT)
        shown = window.detail.detail.document.id
        assert window.detail.sign_bar.isVisible()  # the detail pane's "Ký duyệt…" too
        dialog = open_dialog(qtbot, window)
        assert dialog.ids == [shown]
        wait_ready_to_type(qtbot, dialog)
        # the certificate whose holder signs the draft is chosen by itself
        assert dialog.picker.current().info.label == "VT-CANHAN"
        assert dialog.picker.certificate().common_name == "Nguyễn Văn A"
        assert not dialog.pin.warning.isVisibleTo(dialog)  # nothing to warn about
        assert dialog.pin.field.isVisibleTo(dialog) and dialog.pin.field.isEnabled()
        assert not dialog.sign_button.isEnabled()  # no PIN typed yet
        # the box is where the desk would put it: below "CHỦ TỊCH", on page 1
        picture = dialog.placement_view.picture
        assert picture.found and picture.page == 0
        assert "«CHỦ TỊCH»" in dialog.placement_note.text()
        suggested = dialog.placement_view.box
        # moved with the keys: 5 × Shift+Right (10 pt each), 2 × Up (2 pt each)
        dialog.placement_view.setFocus()
        for _ in range(5):
            qtbot.keyClick(dialog.placement_view, Qt.Key.Key_Right,
                           Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
        for _ in range(2):
            qtbot.keyClick(dialog.placement_view, Qt.Key.Key_Up)
        moved = dialog.placement_view.box
        assert moved == pytest.approx(
            (suggested[0] + 50, suggested[1] + 4, suggested[2] + 50, suggested[3] + 4)
        )
        folder = shots_dir(tmp_path)
        qtbot.keyClicks(dialog.pin.field, PIN)
        assert clashing_keys(dialog) == [] and cut_off(dialog) == []
        save_light_and_dark(qapp, dialog, folder, "sign-dialog")

        with qtbot.waitSignal(dialog.signed, timeout=WAIT) as signed:
            qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
            assert dialog.pin.field.text() == ""  # the PIN left the field at once
        assert signed.args[0] == [shown]
        qtbot.waitUntil(lambda: window.sign_actions.dialog is None, timeout=WAIT)  # it closes

        # the store: a second version, approved, signed where the box was put
        doc, versions, path = document(drafts.home, shown)
        assert doc.status == "approved" and [v.version for v in versions] == [1, 2]
        assert doc.file_sha256 != drafts.originals[shown]
        assert openssl_verify(path, softhsm.ca_cert_der, tmp_path) == [True]
        assert signature_rect(path) == pytest.approx(moved, abs=0.01)

        # the detail pane: the new version, its preview, its signature checked valid
        panel = window.detail.signatures
        qtbot.waitUntil(lambda: panel.state == "report", timeout=WAIT)
        assert panel.current_sha256 == doc.file_sha256 == panel.file_sha256
        assert panel.overall_verdict() == "valid"
        assert [row.title.text() for row in panel.rows] == ["Chữ ký 1/1: Nguyễn Văn A"]
        assert window.detail.files.topLevelItemCount() == 2
        preview = window.detail.preview
        qtbot.waitUntil(lambda: preview.state == "shown" and preview.renderer.source is not None
                        and preview.renderer.source.path == path, timeout=WAIT)  # fmt: skip
        save(window, folder / "window-after-signing-light.png")


def test_a_wrong_pin_says_so_and_warns_next_time(qtbot, softhsm, tmp_path, monkeypatch):
    """In the demo's workspace (its tokens' labels are the demo's: here the test token's
    label is added to DEMO_PINS for the test) the PIN is offered as a hint."""
    import app.demo_tokens

    monkeypatch.setitem(app.demo_tokens.DEMO_PINS, "VT-CANHAN", PIN)
    drafts = make_drafts(tmp_path / "ws", 1, softhsm.ca_cert_der, demo=True)
    with open_window(qtbot, drafts.home, monkeypatch) as window:
        dialog = open_dialog(qtbot, window)
        wait_ready_to_type(qtbot, dialog)
        assert dialog.pin.hint.isVisibleTo(dialog)
        assert dialog.pin.hint.text() == f"Thiết bị ký số thử nghiệm của bản demo — mã PIN: {PIN}"
        shown = dialog.ids[0]
        with qtbot.waitSignal(dialog.job_finished, timeout=WAIT) as finished:
            type_pin_and_sign(qtbot, dialog, "999999")
        assert [o.status for o in finished.args[0]] == ["not_started"]
        # the error, in words, and the token's state read again: the warning before retyping
        qtbot.waitUntil(lambda: dialog.pin.warning.isVisibleTo(dialog), timeout=WAIT)
        assert dialog.pin.error.text().startswith("Mã PIN không đúng")
        assert dialog.pin.warning.text().startswith("Trước đó đã có lần nhập sai mã PIN")
        assert dialog.pin.state.count_low and dialog.pin.field.text() == ""
        assert dialog.isVisible()
        save(dialog, shots_dir(tmp_path) / "sign-pin-wrong-light.png")
        doc, versions, _ = document(drafts.home, shown)
        assert doc.status == "draft" and len(versions) == 1  # nothing was written
        # the right PIN signs it (and clears the token's flag for the other tests)
        with qtbot.waitSignal(dialog.signed, timeout=WAIT):
            type_pin_and_sign(qtbot, dialog, PIN)
        assert document(drafts.home, shown)[0].status == "approved"


@pytest.fixture
def token_flags(monkeypatch):
    """SoftHSM never sets USER_PIN_FINAL_TRY, USER_PIN_LOCKED or PROTECTED_AUTHENTICATION_PATH
    (docs/toolchain.md §9): SIMULATED here by adding the flag to what the real token reports —
    the rest (finding the token, reading its flags, refusing a locked login) is the real code
    on the real token."""
    from pkcs11 import TokenFlag

    import signing.tokens

    real = signing.tokens.pin_state

    def set_flag(name: str) -> None:
        extra = getattr(TokenFlag, name)
        monkeypatch.setattr(signing.tokens, "pin_state", lambda flags: real(flags | extra))

    return set_flag


def test_final_try_locked_and_pin_pad_warnings(qtbot, qapp, softhsm, drafts, monkeypatch, tmp_path,
                                               token_flags):  # fmt: skip
    folder = shots_dir(tmp_path)
    with open_window(qtbot, drafts.home, monkeypatch) as window:
        token_flags("USER_PIN_FINAL_TRY")
        dialog = open_dialog(qtbot, window)
        wait_ready_to_type(qtbot, dialog)
        assert dialog.pin.state.final_try
        assert not dialog.pin.hint.isVisibleTo(dialog)  # not the demo's workspace: no hint
        assert dialog.pin.warning.isVisibleTo(dialog)
        assert dialog.pin.warning.text().startswith("Chú ý: chỉ còn một lần thử")
        assert dialog.pin.field.isVisibleTo(dialog) and dialog.pin.field.isEnabled()
        save_light_and_dark(qapp, dialog, folder, "sign-pin-final-try")

        # "Thêm thư viện…": the module path kept in the workspace's pkcs11_modules setting
        dialog.picker.add_module(str(softhsm.module))
        qtbot.waitUntil(lambda: not dialog.picker.searching and dialog.pin.mode == "ready",
                        timeout=WAIT)  # fmt: skip
        from app.settings import MODULES_SETTING, module_paths
        from app.workspace import Workspace

        ws = Workspace(drafts.home)
        try:
            assert module_paths(ws.setting(MODULES_SETTING)) == [str(softhsm.module)]
        finally:
            ws.close()

        token_flags("USER_PIN_LOCKED")
        dialog.picker.search(refresh=True)  # "Tìm lại": the state is read again
        qtbot.waitUntil(lambda: dialog.pin.mode == "locked" and not dialog.picker.searching,
                        timeout=WAIT)  # fmt: skip
        assert "hãy liên hệ tổ chức cấp chứng thư số" in dialog.pin.warning.text()
        assert not dialog.pin.field.isVisibleTo(dialog)  # no field: nothing to type
        assert not dialog.sign_button.isEnabled()
        save(dialog, folder / "sign-pin-locked-light.png")

        token_flags("PROTECTED_AUTHENTICATION_PATH")
        dialog.picker.search(refresh=True)
        qtbot.waitUntil(lambda: dialog.pin.mode == "pin_pad" and not dialog.picker.searching,
                        timeout=WAIT)  # fmt: skip
        assert not dialog.pin.field.isVisibleTo(dialog)
        assert dialog.pin.message.text().startswith("Thiết bị này có bàn phím riêng")
        assert dialog.sign_button.isEnabled()  # the PIN is typed on the reader
        save(dialog, folder / "sign-pin-pad-light.png")


def test_a_locked_token_is_refused_without_trying(qtbot, softhsm, drafts, monkeypatch,
                                                  token_flags):  # fmt: skip
    """The flag says locked when the job starts (simulated as above): the desk refuses
    before any login, the dialog says to ask the CA, and nothing is signed."""
    with open_window(qtbot, drafts.home, monkeypatch) as window:
        dialog = open_dialog(qtbot, window)
        wait_ready_to_type(qtbot, dialog)
        qtbot.keyClicks(dialog.pin.field, PIN)
        token_flags("USER_PIN_LOCKED")  # locked between reading the state and signing
        with qtbot.waitSignal(dialog.job_finished, timeout=WAIT) as finished:
            qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        [outcome] = finished.args[0]
        assert outcome.status == "not_started" and outcome.error.code == "pin_locked"
        qtbot.waitUntil(lambda: dialog.pin.mode == "locked", timeout=WAIT)
        assert "đã bị khóa" in dialog.pin.error.text()
        assert document(drafts.home, dialog.ids[0])[0].status == "draft"


@pytest.mark.usefixtures("english")
def test_the_sign_dialogs_in_english(qtbot, qapp, softhsm, drafts, monkeypatch, tmp_path):
    folder = shots_dir(tmp_path)
    with open_window(qtbot, drafts.home, monkeypatch) as window:
        dialog = open_dialog(qtbot, window)
        wait_ready_to_type(qtbot, dialog)
        assert dialog.windowTitle() == "Approval signature"
        assert dialog.sign_button.text() == "&Sign"
        assert dialog.placement_note.text().startswith("Suggested place: below «CHỦ TỊCH»")
        qtbot.keyClicks(dialog.pin.field, PIN)
        assert clashing_keys(dialog) == [] and cut_off(dialog) == []
        save_light_and_dark(qapp, dialog, folder, "sign-dialog-en")
        dialog.close()
        qtbot.waitUntil(lambda: window.sign_actions.dialog is None, timeout=WAIT)

        batch = window.sign_actions.open_dialog(drafts.ids)
        wait_ready_to_type(qtbot, batch)
        assert batch.heading.text() == "<b>Sign 2 documents with one PIN entry</b>"
        qtbot.keyClicks(batch.pin.field, PIN)
        assert batch.sign_button.text() == "&Sign 2 documents"
        assert clashing_keys(batch) == [] and cut_off(batch) == []
        save_light_and_dark(qapp, batch, folder, "sign-batch-en")
