from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from app.errors import InvalidInput
from resources import ROOT as RESOURCES
from signing import Placement, sign_approve
from signing.errors import PinIncorrect
from signing.tokens import TokenModule
from tests.conftest import make_pdf
from tests.signing.conftest import PERSONAL, SoftHsm
from tests.signing.validators import openssl_verify, pdfsig_verdicts

pytestmark = pytest.mark.token

IMAGE = RESOURCES / "signatures" / "chu-ky-mau.png"
BOX = (320.0, 120.0, 520.0, 200.0)
LINES = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "QUYẾT ĐỊNH"]


def _approve(softhsm: SoftHsm, src: Path, dst: Path, placement: Placement, pin: str = ""):
    return sign_approve(
        TokenModule.of(softhsm.module),
        PERSONAL.label,
        pin or PERSONAL.pin,
        PERSONAL.key_id.hex(),
        src,
        dst,
        image=IMAGE,
        placement=placement,
        location="Buôn Ma Thuột",
    )


def _pyhanko_status(pdf: Path, softhsm: SoftHsm):
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = x509.Certificate.load(softhsm.ca_cert_der)
    reader = PdfFileReader(io.BytesIO(pdf.read_bytes()), strict=False)
    return [
        validate_pdf_signature(
            sig,
            signer_validation_context=ValidationContext(trust_roots=[root], allow_fetching=False),
        )
        for sig in reader.embedded_signatures
    ]


def _widget_rect(pdf: Path, field: str) -> tuple[float, float, float, float]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf.read_bytes()), strict=False)
    for sig in reader.embedded_signatures:
        if sig.field_name == field:
            x1, y1, x2, y2 = (float(v) for v in sig.sig_field["/Rect"])
            return x1, y1, x2, y2
    raise AssertionError(field)


def _blue_pixels(pdf: Path) -> tuple[list[tuple[int, int]], float, float]:
    """Blue pixels of page 1 rendered at 1 px per point, in PDF coordinates."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        doc.init_forms()
        page = doc[0]
        width, height = page.get_size()
        img = page.render(scale=1, may_draw_forms=True).to_pil().convert("RGB")
    finally:
        doc.close()
    found = []
    for y in range(img.height):
        for x in range(img.width):
            r, g, b = img.getpixel((x, y))
            if b > 120 and b - r > 60 and b - g > 40:
                found.append((x, img.height - y))
    return found, width, height


@pytest.fixture
def src(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "quyet-dinh.pdf", LINES)


def test_approve_on_a_box_is_valid_for_three_validators_and_shows_the_image(
    softhsm: SoftHsm, src: Path, tmp_path: Path
):
    dst = tmp_path / "da-ky.pdf"
    result = _approve(softhsm, src, dst, Placement(page=1, box=BOX))

    assert result.path == dst and dst.is_file()
    assert result.signer_common_name == PERSONAL.subject_cn
    assert result.field_name == "PheDuyet1"
    assert dt.datetime.fromisoformat(result.signed_at).utcoffset() == dt.timedelta(hours=7)
    import hashlib

    assert result.sha256 == hashlib.sha256(dst.read_bytes()).hexdigest()
    assert not list(tmp_path.glob(".*.tmp"))

    [status] = _pyhanko_status(dst, softhsm)
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.md_algorithm == "sha256"
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(io.BytesIO(dst.read_bytes()), strict=False).embedded_signatures[0]
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert sig.sig_object["/Reason"] == "Phê duyệt"
    assert sig.signer_info["signature_algorithm"].signature_algo == "rsassa_pkcs1v15"

    assert pdfsig_verdicts(dst, softhsm.ca_cert_der, tmp_path) == ["Signature is Valid."]
    assert openssl_verify(dst, softhsm.ca_cert_der, tmp_path) == [True]

    blue, _, _ = _blue_pixels(dst)
    x1, y1, x2, y2 = BOX
    assert len(blue) > 200
    assert all(x1 - 1 <= x <= x2 + 1 and y1 - 1 <= y <= y2 + 1 for x, y in blue)
    assert _blue_pixels(src)[0] == []


def test_approve_by_anchor_puts_the_image_just_below_the_line(softhsm: SoftHsm, tmp_path: Path):
    lines = [*LINES] + [""] * 30 + ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "", "Nguyễn Văn A"]
    src = make_pdf(tmp_path / "co-ten.pdf", lines)
    anchor_baseline = 800 - 20 * (len(lines) - 1)  # make_pdf's line position
    dst = tmp_path / "da-ky.pdf"
    result = _approve(softhsm, src, dst, Placement(anchor="Nguyễn Văn A"))

    x1, y1, x2, y2 = _widget_rect(dst, result.field_name)
    assert anchor_baseline - 12 <= y2 <= anchor_baseline  # top: just under the name's line
    assert y2 - y1 == pytest.approx(62.5, abs=0.5)
    text_centre = 60 + 40  # the name starts at x=60 and is about 80 pt wide in 13 pt
    assert abs((x1 + x2) / 2 - text_centre) < 20
    [status] = _pyhanko_status(dst, softhsm)
    assert status.bottom_line


def test_approve_into_an_existing_empty_field(softhsm: SoftHsm, src: Path, tmp_path: Path):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    with_field = tmp_path / "co-o-ky.pdf"
    with open(src, "rb") as f:
        writer = IncrementalPdfFileWriter(f, strict=False)
        fields.append_signature_field(
            writer, fields.SigFieldSpec("ChuKyLanhDao", on_page=0, box=BOX)
        )
        with open(with_field, "wb") as out:
            writer.write(out)

    dst = tmp_path / "da-ky.pdf"
    result = _approve(softhsm, with_field, dst, Placement(field="ChuKyLanhDao"))
    assert result.field_name == "ChuKyLanhDao"
    assert _widget_rect(dst, "ChuKyLanhDao") == pytest.approx(BOX)
    [status] = _pyhanko_status(dst, softhsm)
    assert status.bottom_line
    assert len(_blue_pixels(dst)[0]) > 200


def test_a_one_byte_tamper_fails_all_three_validators(softhsm: SoftHsm, src: Path, tmp_path: Path):
    dst = tmp_path / "da-ky.pdf"
    _approve(softhsm, src, dst, Placement(page=1, box=BOX))
    data = bytearray(dst.read_bytes())
    at = data.index(b"ReportLab Generated")
    data[at] ^= 0x20  # 'R' -> 'r', inside the first signed range
    tampered = tmp_path / "sua.pdf"
    tampered.write_bytes(bytes(data))

    [status] = _pyhanko_status(tampered, softhsm)
    assert status.intact is False and not status.bottom_line
    assert pdfsig_verdicts(tampered, softhsm.ca_cert_der, tmp_path) == ["Digest Mismatch."]
    assert openssl_verify(tampered, softhsm.ca_cert_der, tmp_path) == [False]


def test_a_wrong_pin_writes_nothing(softhsm: SoftHsm, src: Path, tmp_path: Path):
    dst = tmp_path / "da-ky.pdf"
    with pytest.raises(PinIncorrect):
        _approve(softhsm, src, dst, Placement(page=1, box=BOX), pin="000000")
    assert not dst.exists()
    assert list(tmp_path.iterdir()) == [src]
    # the right PIN still works, and clears the token's "count low" flag for the other tests
    assert _approve(softhsm, src, dst, Placement(page=1, box=BOX)).path.is_file()
    assert not TokenModule.of(softhsm.module).pin_state(PERSONAL.label).count_low


def test_a_non_pdf_input_is_refused(softhsm: SoftHsm, tmp_path: Path):
    bad = tmp_path / "khong-phai.pdf"
    bad.write_bytes(b"Day khong phai PDF\n" * 20)
    dst = tmp_path / "da-ky.pdf"
    with pytest.raises(InvalidInput) as caught:
        _approve(softhsm, bad, dst, Placement(page=1, box=BOX))
    assert caught.value.field == "file"
    assert not dst.exists()


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"field": "A", "page": 1, "box": BOX},
        {"page": 1},
        {"page": 0, "box": BOX},
        {"page": 1, "box": (10, 10, 5, 20)},
        {"anchor": "x", "field": "A"},
    ],
)
def test_inconsistent_placements_are_refused(kwargs):
    with pytest.raises(InvalidInput) as caught:
        Placement(**kwargs)
    assert caught.value.field == "placement"


def test_a_page_past_the_end_or_a_missing_anchor_is_refused(
    softhsm: SoftHsm, src: Path, tmp_path: Path
):
    dst = tmp_path / "da-ky.pdf"
    for placement in (Placement(page=2, box=BOX), Placement(anchor="Không có dòng này")):
        with pytest.raises(InvalidInput) as caught:
            _approve(softhsm, src, dst, placement)
        assert caught.value.field == "placement"
    assert not dst.exists()


def test_pyhanko_reaches_the_token_only_from_the_module_thread(
    softhsm: SoftHsm, src: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import threading

    from signing.sign import _InPlaceExecutor

    seen: list[str] = []
    original = _InPlaceExecutor.submit

    def spy(self, fn, /, *args, **kwargs):
        seen.append(threading.current_thread().name)
        return original(self, fn, *args, **kwargs)

    monkeypatch.setattr(_InPlaceExecutor, "submit", spy)
    _approve(softhsm, src, tmp_path / "da-ky.pdf", Placement(page=1, box=BOX))
    assert seen and all(name.startswith("pkcs11-") for name in seen)  # key load, C_Sign
