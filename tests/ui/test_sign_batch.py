"""Batch signing of the "To sign" list in the window (issue 11, point 1): the rows selected
(Ctrl+K) or every draft waiting (Ctrl+Alt+K), one PIN for all (one login: counted), a result
per document, "Dừng" midway (the documents not reached stay drafts, untouched), and a token
pulled out midway — SIMULATED: SoftHSM cannot be unplugged, so the token's third C_Sign
answers CKR_DEVICE_REMOVED as a real token does; the rest is the real token — leaving what
was signed signed, the rest unsigned and unchanged, and a message that says so."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from tests.signing.drafts import count_logins, pull_out_at
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

pytestmark = [pytest.mark.gui, pytest.mark.token]
PIN = "123456"


def sign_all(qtbot, window):
    """Ctrl+Alt+K: every draft waiting."""
    actions = window.sign_actions
    qtbot.waitUntil(lambda: actions.sign_all_action.isEnabled(), timeout=WAIT)
    with qtbot.waitSignal(actions.dialog_opened, timeout=WAIT) as opened:
        actions.sign_all_action.trigger()
    return opened.args[0]


def test_selected_rows_then_every_draft_with_one_pin(qtbot, qapp, softhsm, tmp_path, monkeypatch):
    drafts = make_drafts(tmp_path / "ws", 5, softhsm.ca_cert_der)
    logins = count_logins(monkeypatch)
    folder = shots_dir(tmp_path)
    with open_window(qtbot, drafts.home, monkeypatch) as window:
        view = window.view_widgets["drafts"]
        qtbot.waitUntil(lambda: view.model.rowCount() == 5, timeout=WAIT)
        # two rows selected in Drafts & To sign: Ctrl+K signs those two
        selection = view.table.selectionModel()
        selection.clearSelection()  # the first row was selected when the view opened
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row in (1, 3):
            selection.select(view.model.index(row, 0), flags)
        chosen = sorted(view.model.id_at(r) for r in (1, 3))
        assert sorted(window.sign_actions.targets()) == chosen
        with qtbot.waitSignal(window.sign_actions.dialog_opened, timeout=WAIT) as opened:
            qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        dialog = opened.args[0]
        assert sorted(dialog.ids) == chosen
        wait_ready_to_type(qtbot, dialog)
        assert dialog.sign_button.text() == "&Ký 2 văn bản"
        with qtbot.waitSignal(dialog.job_finished, timeout=WAIT) as finished:
            type_pin_and_sign(qtbot, dialog, PIN)
        assert [o.status for o in finished.args[0]] == ["signed", "signed"]
        assert len(logins) == 1  # one PIN entry, one login for the batch
        texts = dialog.result_texts()
        assert all(t.startswith("✓ Đã ký (phiên bản 2)") for t in texts.values()), texts
        dialog.close()
        qtbot.waitUntil(lambda: window.sign_actions.dialog is None, timeout=WAIT)

        # Ctrl+Alt+K: every draft still waiting — the three others
        dialog = sign_all(qtbot, window)
        rest = [i for i in drafts.ids if i not in chosen]
        assert sorted(dialog.ids) == rest
        wait_ready_to_type(qtbot, dialog)
        logins.clear()
        with qtbot.waitSignal(dialog.job_finished, timeout=WAIT) as finished:
            type_pin_and_sign(qtbot, dialog, PIN)
        assert [o.status for o in finished.args[0]] == ["signed"] * 3 and len(logins) == 1
        assert dialog.progress.value() == dialog.progress.maximum() == 3
        assert dialog.summary.text() == "Đã ký 3, lỗi 0, chưa ký 0."
        save_light_and_dark(qapp, dialog, folder, "sign-batch-done")

    for document_id in drafts.ids:
        doc, versions, path = document(drafts.home, document_id)
        assert doc.status == "approved" and len(versions) == 2, document_id
    assert openssl_verify(path, softhsm.ca_cert_der, tmp_path) == [True]


@pytest.fixture
def pulled_out_at_third(monkeypatch):
    """SIMULATED token removal: the third real C_Sign raises DeviceRemoved."""
    return pull_out_at(monkeypatch, 3)


def test_a_token_pulled_out_midway_leaves_the_rest_unsigned(
    qtbot, softhsm, tmp_path, monkeypatch, pulled_out_at_third
):
    drafts = make_drafts(tmp_path / "ws", 5, softhsm.ca_cert_der)
    with open_window(qtbot, drafts.home, monkeypatch) as window:
        dialog = sign_all(qtbot, window)
        wait_ready_to_type(qtbot, dialog)
        with qtbot.waitSignal(dialog.job_finished, timeout=WAIT) as finished:
            type_pin_and_sign(qtbot, dialog, PIN)
        outcomes = {o.document_id: o for o in finished.args[0]}
        order = dialog.ids
        assert [outcomes[i].status for i in order] == ["signed"] * 2 + ["not_started"] * 3
        summary = dialog.summary.text()
        assert "Thiết bị ký số đã bị rút ra giữa chừng" in summary
        assert "3 văn bản còn lại chưa được ký và không bị thay đổi" in summary
        assert summary.endswith("Đã ký 2, lỗi 0, chưa ký 3.")
        texts = dialog.result_texts()
        assert [texts[i][:1] for i in order] == ["✓", "✓", "–", "–", "–"]
        assert (dialog.progress.value(), dialog.progress.maximum()) == (2, 5)
        save(dialog, shots_dir(tmp_path) / "sign-batch-token-removed-light.png")
        # "Ký" again signs only the three left (the token "plugged in again")
        pulled_out_at_third["n"] = -100
        assert dialog.pending_ids() == order[2:]
        wait_ready_to_type(qtbot, dialog)
        with qtbot.waitSignal(dialog.job_finished, timeout=WAIT) as finished:
            type_pin_and_sign(qtbot, dialog, PIN)
        assert [o.document_id for o in finished.args[0]] == order[2:]
        assert all(o.status == "signed" for o in finished.args[0])
    versions = [len(document(drafts.home, i)[1]) for i in order]
    assert versions == [2] * 5  # each signed once: nothing half-written, nothing twice
    assert not list((drafts.home / "tmp").glob("sign-*"))  # no scratch left behind


def test_cancel_midway(qtbot, softhsm, tmp_path, monkeypatch):
    """ "Dừng" while the third document is being signed: it is finished, the rest are left
    as they were (the third signature waits for the click, so the test is not a race)."""
    from pyhanko.sign.pkcs11 import PKCS11Signer

    drafts = make_drafts(tmp_path / "ws", 6, softhsm.ca_cert_der)
    clicked = threading.Event()
    calls = {"n": 0}
    real = PKCS11Signer.async_sign_raw

    async def waiting(self, data, digest_algorithm, dry_run=False):
        if not dry_run:
            calls["n"] += 1
            if calls["n"] == 3:
                clicked.wait(WAIT / 1000)
        return await real(self, data, digest_algorithm, dry_run)

    monkeypatch.setattr(PKCS11Signer, "async_sign_raw", waiting)
    with open_window(qtbot, drafts.home, monkeypatch) as window:
        dialog = sign_all(qtbot, window)
        wait_ready_to_type(qtbot, dialog)
        type_pin_and_sign(qtbot, dialog, PIN)
        qtbot.waitUntil(lambda: dialog._job is not None and len(dialog._job.live) == 2,
                        timeout=WAIT)  # fmt: skip
        assert dialog.stop_button.isVisible() and dialog.stop_button.isEnabled()
        assert not dialog.sign_button.isEnabled()
        with qtbot.waitSignal(dialog.job_finished, timeout=WAIT) as finished:
            qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
            clicked.set()
        statuses = [o.status for o in finished.args[0]]
        assert statuses == ["signed"] * 3 + ["not_started"] * 3
        assert dialog.summary.text().startswith("Đã dừng: 3 văn bản chưa được ký.")
        assert not dialog.stop_button.isVisible()
        save(dialog, shots_dir(tmp_path) / "sign-batch-stopped-light.png")
        left = [o.document_id for o in finished.args[0] if o.status == "not_started"]
    for document_id in left:
        doc, versions, _ = document(drafts.home, document_id)
        assert doc.status == "draft" and doc.file_sha256 == drafts.originals[document_id]
        assert len(versions) == 1
