"""PAdES levels with the certomancer test PKI served on 127.0.0.1 (TSA, OCSP, CRLs), and the
offline fall-back to B-B that is queued for an upgrade."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from resources import ROOT as RESOURCES
from signing import Level, Placement, Role, SigningOptions, SignRequest, sign_document
from signing.tokens import TokenModule
from tests.conftest import make_pdf
from tests.signing.conftest import PERSONAL, SoftHsm
from tests.signing.pki import PkiServer
from tests.signing.validators import openssl_verify, pdfsig_verdicts

pytestmark = pytest.mark.token

IMAGE = RESOURCES / "signatures" / "chu-ky-mau.png"
BOX = (320.0, 120.0, 520.0, 200.0)


def _sign(softhsm: SoftHsm, src: Path, dst: Path, level: Level, tsa: str) -> object:
    options = SigningOptions(level=level, tsa_url=tsa, trust_roots=(softhsm.ca_cert_der,))
    request = SignRequest(src, dst, Role.APPROVE, Placement(page=1, box=BOX), IMAGE)
    return sign_document(
        TokenModule.of(softhsm.module), PERSONAL.label, PERSONAL.pin, PERSONAL.key_id.hex(),
        request, options,
    )  # fmt: skip


def offline_status(pdf: Path, root_der: bytes) -> list[object]:
    """pyHanko's verdicts with NO network: revocation only from the file's own DSS."""
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    reader = PdfFileReader(io.BytesIO(pdf.read_bytes()), strict=False)
    dss = DocumentSecurityStore.read_dss(reader)
    root = x509.Certificate.load(root_der)
    out = []
    for sig in reader.embedded_signatures:
        vc = dss.as_validation_context(
            {"trust_roots": [root], "allow_fetching": False, "revocation_mode": "hard-fail"}
        )
        if sig.sig_object.get("/Type") == "/DocTimeStamp":
            out.append(validate_pdf_timestamp(sig, validation_context=vc))
        else:
            out.append(
                validate_pdf_signature(sig, signer_validation_context=vc, ts_validation_context=vc)
            )
    return out


@pytest.fixture
def src(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "cong-van.pdf", ["CÔNG VĂN", "Về việc thử ký số các mức"])


@pytest.mark.parametrize("level", [Level.B_T, Level.B_LT, Level.B_LTA])
def test_each_level_online(
    softhsm: SoftHsm, pki_online: PkiServer, src: Path, tmp_path: Path, level
):
    dst = tmp_path / f"{level}.pdf"
    result = _sign(softhsm, src, dst, level, pki_online.tsa_url)
    assert (result.level, result.pending) == (str(level), False)

    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(dst.read_bytes()), strict=False)
    kinds = [s.sig_object.get("/Type") for s in reader.embedded_signatures]
    assert kinds == (["/Sig", "/DocTimeStamp"] if level is Level.B_LTA else ["/Sig"])
    first = reader.embedded_signatures[0]
    unsigned = first.signer_info["unsigned_attrs"].native or []
    assert any(a["type"] == "signature_time_stamp_token" for a in unsigned)  # B-T and up
    has_dss = "/DSS" in reader.root
    assert has_dss == (level is not Level.B_T)

    assert pdfsig_verdicts(dst, softhsm.ca_cert_der, tmp_path)[0] == "Signature is Valid."
    assert openssl_verify(dst, softhsm.ca_cert_der, tmp_path)[0] is True

    if level is not Level.B_T:  # long-term: validates with the server stopped
        pki_online.stop()
        statuses = offline_status(dst, softhsm.ca_cert_der)
        assert statuses[0].bottom_line
        assert all(s.intact and s.valid and s.trusted for s in statuses)
        assert statuses[0].timestamp_validity is not None and statuses[0].timestamp_validity.trusted


def test_without_network_it_signs_at_b_b_and_says_it_is_pending(
    softhsm: SoftHsm, src: Path, tmp_path: Path
):
    softhsm.pki.stop()
    dst = tmp_path / "ngoai-tuyen.pdf"
    result = _sign(softhsm, src, dst, Level.B_LT, softhsm.pki.tsa_url)
    assert (result.level, result.requested_level, result.pending) == ("B-B", "B-LT", True)
    assert result.offline_reason
    from tests.signing.test_sign import _pyhanko_status

    [status] = _pyhanko_status(dst, softhsm)
    assert status.bottom_line and status.timestamp_validity is None


def test_an_offline_signature_is_queued_and_upgraded_once_the_network_returns(
    softhsm: SoftHsm, src: Path, tmp_path: Path
):
    from signing.upgrade import UpgradeQueue

    home = tmp_path / "ws"
    queue = UpgradeQueue(home)
    softhsm.pki.stop()
    dst = tmp_path / "ngoai-tuyen.pdf"
    result = _sign(softhsm, src, dst, Level.B_LT, softhsm.pki.tsa_url)
    assert result.pending
    queue.add(dst, result.requested_level)
    options = SigningOptions(
        level=Level.B_LT, tsa_url=softhsm.pki.tsa_url, trust_roots=(softhsm.ca_cert_der,)
    )
    before = dst.read_bytes()

    [still] = queue.run(options)  # the network is still down: nothing changes
    assert still.status == "waiting" and dst.read_bytes() == before
    assert queue.pending()[0].attempts == 1

    softhsm.pki.start()
    [done] = queue.run(options)
    assert done.status == "upgraded" and queue.pending() == []
    after = dst.read_bytes()
    assert after.startswith(before)  # incremental: the signed bytes are untouched

    softhsm.pki.stop()  # long-term data: it validates offline
    statuses = offline_status(dst, softhsm.ca_cert_der)
    assert len(statuses) == 2  # the signature and the document timestamp
    assert statuses[0].bottom_line
    assert all(s.intact and s.valid and s.trusted for s in statuses)
    assert pdfsig_verdicts(dst, softhsm.ca_cert_der, tmp_path)[0] == "Signature is Valid."
    assert openssl_verify(dst, softhsm.ca_cert_der, tmp_path)[0] is True

    # our own report: the level reached, proven by the document timestamp, offline
    from asn1crypto import x509

    from signing.trust import TrustStore
    from signing.validate import validate_pdf

    trust = TrustStore.from_certs([x509.Certificate.load(softhsm.ca_cert_der)])
    signature, stamp = validate_pdf(after, trust=trust).signatures
    assert (signature.level, signature.verdict) == ("B-LTA", "valid"), signature.reasons("en")
    assert signature.revocation.source == "dss"
    assert "existed_before" in {f.code for f in signature.findings}
    assert stamp.kind == "timestamp" and stamp.verdict == "valid"


def test_a_queued_file_changed_meanwhile_is_left_alone(softhsm: SoftHsm, src: Path, tmp_path: Path):
    from signing.upgrade import UpgradeQueue

    queue = UpgradeQueue(tmp_path / "ws")
    softhsm.pki.stop()
    dst = tmp_path / "ngoai-tuyen.pdf"
    _sign(softhsm, src, dst, Level.B_T, softhsm.pki.tsa_url)
    queue.add(dst, Level.B_T)
    dst.write_bytes(dst.read_bytes() + b"\n% edited\n")
    softhsm.pki.start()
    [outcome] = queue.run(SigningOptions(tsa_url=softhsm.pki.tsa_url))
    assert (outcome.status, outcome.detail) == ("dropped", "changed")
    assert dst.read_bytes().endswith(b"% edited\n") and queue.pending() == []
