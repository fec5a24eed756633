"""The window's registration checks the signatures of the file and says the verdict in words
(issue 10, point 4): a document signed on a SoftHSM2 token, then the same with one byte of its
signed revision changed. Here, beside the token fixtures (one token set per process: the
PKCS#11 library is loaded once); the dialog's other tests are in tests/ui."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import signature_checks
from app.demo_letters import render_pdf
from app.messages_verify import verify_label
from resources import ROOT as RESOURCES
from signing import Placement, Role, SignRequest, TrustStore, sign_document
from signing.checker import WorkspaceSignatureChecker
from signing.tokens import TokenModule
from tests.signing.conftest import PERSONAL, SoftHsm
from tests.signing.pki import PkiServer
from tests.ui.test_register_dialog import letter, open_session, read, register, type_text
from ui.register_dialog import RegisterIncomingDialog

pytestmark = [pytest.mark.gui, pytest.mark.token]


def test_the_signatures_are_checked_and_said_in_words(
    qtbot, softhsm: SoftHsm, pki_online: PkiServer, monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
):  # fmt: skip
    monkeypatch.setenv("VANTHU_TRUST_BUNDLED", "0")
    before = signature_checks._factory  # as `vanthu gui` installs it through the plug-in hook
    signature_checks.register_checker(WorkspaceSignatureChecker)
    session = open_session(qtbot, tmp_path / "ws")
    try:
        TrustStore.load(session.desk.ws.paths.home).add(softhsm.ca_cert_der)
        source = render_pdf(letter(), tmp_path / "qd.pdf")
        signed, tampered = tmp_path / "qd-ky.pdf", tmp_path / "qd-sua.pdf"
        sign_document(
            TokenModule.of(softhsm.module), PERSONAL.label, PERSONAL.pin, PERSONAL.key_id.hex(),
            SignRequest(source, signed, Role.APPROVE, Placement(page=1, box=(300, 100, 450, 160)),
                        RESOURCES / "signatures" / "chu-ky-mau.png"),
        )  # fmt: skip
        data = bytearray(signed.read_bytes())
        data[data.index(b"ReportLab Generated")] ^= 0x20  # one byte of the signed revision
        tampered.write_bytes(bytes(data))

        dialog = RegisterIncomingDialog(session)
        qtbot.addWidget(dialog)
        read(qtbot, dialog, signed)
        type_text(dialog.form.issuer_id, "000.00.00.H36")
        first = register(qtbot, dialog)
        checked = signature_checks.latest(session.desk.ws, first)
        assert checked.verdict in ("valid", "valid_with_warnings") and checked.signatures == 1
        words = f"Chữ ký số: {verify_label('verdict', checked.verdict)} (1 chữ ký)"
        assert dialog.result.signatures.text() == words

        dialog.new_document(keep_issuer=True)
        read(qtbot, dialog, tampered)
        dialog.form.number.setText("06")
        dialog.form._touched("code_number")
        register(qtbot, dialog)
        assert dialog.result.signatures.text().startswith(
            "Chữ ký số: " + verify_label("verdict", "invalid")
        )
    finally:
        session.close()
        signature_checks.register_checker(before)
