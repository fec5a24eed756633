"""The ND30 roles on real SoftHSM tokens: the official approves, the clerk issues (number,
date, seal over the official's signature), attachments and copies get their text. Every file
is checked by pyHanko, poppler's pdfsig and openssl cms."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest

from app.errors import InvalidInput
from signing import Placement, Role, SignRequest, sign_document
from signing.tokens import TokenModule
from tests.conftest import make_pdf
from tests.signing.conftest import ORG, PERSONAL, SoftHsm, TokenSpec
from tests.signing.drafts import SEAL, SIGNATURE, draft_lines
from tests.signing.validators import openssl_verify, pdfsig_fields, pdfsig_verdicts

pytestmark = pytest.mark.token

DRAFT = draft_lines("Về việc phê duyệt kế hoạch chuyển đổi số năm 2027", gap=20)


def _sign(softhsm: SoftHsm, token: TokenSpec, request: SignRequest):
    module = TokenModule.of(softhsm.module)
    return sign_document(module, token.label, token.pin, token.key_id.hex(), request)


def _statuses(pdf: Path, softhsm: SoftHsm):
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = x509.Certificate.load(softhsm.ca_cert_der)
    reader = PdfFileReader(io.BytesIO(pdf.read_bytes()), strict=False)
    return [
        validate_pdf_signature(
            s, signer_validation_context=ValidationContext(trust_roots=[root], allow_fetching=False)
        )
        for s in reader.embedded_signatures
    ]


def _text(pdf: Path, *extra: str) -> str:
    return subprocess.run(
        ["pdftotext", *extra, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _approved(softhsm: SoftHsm, tmp_path: Path) -> Path:
    src = make_pdf(tmp_path / "du-thao.pdf", DRAFT)
    dst = tmp_path / "da-phe-duyet.pdf"
    _sign(
        softhsm, PERSONAL,
        SignRequest(src, dst, Role.APPROVE, Placement(anchor="CHỦ TỊCH"), SIGNATURE),
    )  # fmt: skip
    return dst


def test_approve_then_issue_keeps_the_officials_signature_valid(softhsm: SoftHsm, tmp_path: Path):
    from pyhanko.sign.diff_analysis import ModificationLevel

    approved = _approved(softhsm, tmp_path)
    issued = tmp_path / "ban-hanh.pdf"
    result = _sign(
        softhsm, ORG,
        SignRequest(approved, issued, Role.ISSUE, image=SEAL, number="5/QĐ-UBND",
                    date=dt.date(2026, 11, 26)),
    )  # fmt: skip
    assert result.field_name == "BanHanh1" and result.signer_common_name == ORG.subject_cn

    official, organisation = _statuses(issued, softhsm)
    assert official.bottom_line and organisation.bottom_line
    assert official.modification_level == ModificationLevel.FORM_FILLING
    assert official.docmdp_ok
    assert organisation.coverage.name == "ENTIRE_FILE"  # the filled number and date included
    # validators list exactly the signatures made: no empty signature field
    assert pdfsig_fields(issued) == [("PheDuyet1", True), ("BanHanh1", True)]
    assert pdfsig_verdicts(issued, softhsm.ca_cert_der, tmp_path) == ["Signature is Valid."] * 2
    assert openssl_verify(issued, softhsm.ca_cert_der, tmp_path) == [True, True]

    text = _text(issued)
    assert "Số: 05/QĐ-UBND" in text
    assert "ngày 26 tháng 11 năm 2026" in text

    # the seal overlaps the left third of the official's signature image
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(issued.read_bytes()), strict=False)
    rects = {
        s.field_name: [float(v) for v in s.sig_field["/Rect"]] for s in reader.embedded_signatures
    }
    ax1, ay1, ax2, ay2 = rects["PheDuyet1"]
    sx1, sy1, sx2, sy2 = rects["BanHanh1"]
    assert sx1 < ax1 < sx2 < ax2
    from signing.appearance import SEAL_MIN_LEFT_PT

    if ax1 + (ax2 - ax1) / 3 - (sx2 - sx1) >= SEAL_MIN_LEFT_PT:
        assert sx2 - ax1 == pytest.approx((ax2 - ax1) / 3, abs=1)
    else:  # a signature at the left margin: the seal moved right, whole on the page
        assert sx1 == pytest.approx(SEAL_MIN_LEFT_PT, abs=0.01)
    assert sy1 < (ay1 + ay2) / 2 < sy2


def test_issue_is_refused_without_an_intact_approval(softhsm: SoftHsm, tmp_path: Path):
    unsigned = make_pdf(tmp_path / "chua-ky.pdf", DRAFT)
    with pytest.raises(InvalidInput) as caught:
        _sign(softhsm, ORG, SignRequest(unsigned, tmp_path / "x.pdf", Role.ISSUE, image=SEAL))
    assert caught.value.problem == "not_approved"

    approved = _approved(softhsm, tmp_path)
    data = bytearray(approved.read_bytes())
    at = data.index(b"ReportLab Generated")
    data[at] ^= 0x20
    broken = tmp_path / "bi-sua.pdf"
    broken.write_bytes(bytes(data))
    with pytest.raises(InvalidInput) as caught:
        _sign(softhsm, ORG, SignRequest(broken, tmp_path / "y.pdf", Role.ISSUE, image=SEAL))
    assert caught.value.problem == "approval_invalid"
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "y.pdf").exists()


@pytest.mark.parametrize(
    ("role", "extra", "expected"),
    [
        (Role.ATTACHMENT, {"number": "5/QĐ-UBND"}, ["05/QĐ-UBND"]),
        (Role.COPY, {"copy_form": "SAO Y", "organisation": "Văn phòng UBND tỉnh Đắk Lắk"},
         ["SAO Y", "Văn phòng UBND tỉnh Đắk Lắk"]),
    ],
)  # fmt: skip
def test_attachment_and_copy_text_at_the_top_right(
    softhsm: SoftHsm, tmp_path: Path, role: Role, extra: dict, expected: list[str]
):
    src = make_pdf(tmp_path / "phu-luc.pdf", ["PHỤ LỤC", "Danh mục các dự án"])
    dst = tmp_path / "da-ky.pdf"
    _sign(softhsm, ORG, SignRequest(src, dst, role, **extra))
    [status] = _statuses(dst, softhsm)
    assert status.bottom_line
    assert pdfsig_verdicts(dst, softhsm.ca_cert_der, tmp_path) == ["Signature is Valid."]
    assert openssl_verify(dst, softhsm.ca_cert_der, tmp_path) == [True]

    text = _text(dst)
    for line in expected:
        assert line in text
    import re

    shown = re.search(r"(\d\d/\d\d/20\d\d \d\d:\d\d:\d\d) \+07:00", text)
    assert shown
    # the time the stamp shows is the signing time inside the signature, to the second
    from pyhanko.pdf_utils.reader import PdfFileReader

    from app.clock import VN_TZ

    [sig] = PdfFileReader(io.BytesIO(dst.read_bytes()), strict=False).embedded_signatures
    claimed = sig.self_reported_timestamp.astimezone(VN_TZ)
    assert claimed.strftime("%d/%m/%Y %H:%M:%S") == shown.group(1)
    # where: the top right of page 1 (pdftotext -bbox gives each word's box, y from the top)
    words = _text(dst, "-bbox")
    found = re.search(rf'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>{re.escape(expected[0])}[ <]', words)
    assert found, words[:500]
    x, y = float(found.group(1)), float(found.group(2))
    assert x > 595 / 2 and y < 80
    fonts = subprocess.run(["pdffonts", str(dst)], capture_output=True, text=True).stdout
    assert "LiberationSerif" in fonts


def test_rsa_pss_when_asked(softhsm: SoftHsm, tmp_path: Path):
    from pyhanko.pdf_utils.reader import PdfFileReader

    from signing import SigningOptions

    src = make_pdf(tmp_path / "cv.pdf", ["CÔNG VĂN"])
    dst = tmp_path / "pss.pdf"
    module = TokenModule.of(softhsm.module)
    sign_document(
        module, PERSONAL.label, PERSONAL.pin, PERSONAL.key_id.hex(),
        SignRequest(src, dst, Role.APPROVE, Placement(page=1, box=(300, 100, 450, 160)), SIGNATURE),
        SigningOptions(pss=True),
    )  # fmt: skip
    [sig] = PdfFileReader(io.BytesIO(dst.read_bytes()), strict=False).embedded_signatures
    assert sig.signer_info["signature_algorithm"].signature_algo == "rsassa_pss"
    [status] = _statuses(dst, softhsm)
    assert status.bottom_line
    assert openssl_verify(dst, softhsm.ca_cert_der, tmp_path) == [True]


def test_the_number_overlay_is_not_offered_as_a_field_to_sign(softhsm: SoftHsm, tmp_path: Path):
    approved = _approved(softhsm, tmp_path)
    issued = tmp_path / "ban-hanh.pdf"
    _sign(softhsm, ORG, SignRequest(approved, issued, Role.ISSUE, image=SEAL, number="7/QĐ-UBND"))
    with pytest.raises(InvalidInput) as caught:
        _sign(softhsm, PERSONAL, SignRequest(issued, tmp_path / "x.pdf", Role.APPROVE,
                                             Placement(field="SoKyHieu1"), SIGNATURE))  # fmt: skip
    assert caught.value.problem == "no_such_field"  # a text field, not a signature field
    assert not (tmp_path / "x.pdf").exists()
