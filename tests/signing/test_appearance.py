"""ND30 appearances, judged the way others will judge them: pyHanko's difference analysis on
the official's signature, poppler's pdftotext/pdffonts on the text, pdfium's rendering on the
pixels. Signed with a throwaway software key (no token)."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

from app.clock import VN_TZ
from app.errors import InvalidInput
from app.messages import describe
from resources import ROOT as RESOURCES
from signing import appearance, issue_fields
from tests.conftest import ROOT, make_pdf

SIGNATURE_IMAGE = RESOURCES / "signatures" / "chu-ky-mau.png"
WHEN = dt.datetime(2026, 11, 26, 7, 3, 5, tzinfo=dt.UTC)  # 14:03:05 in Vietnam
ORG = "Ủy ban nhân dân tỉnh Đắk Lắk"


@pytest.fixture(scope="module", autouse=True)
def _font_cache(tmp_path_factory: pytest.TempPathFactory):
    """Converted fonts go to a fresh folder: nothing is read from an earlier run."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VANTHU_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        appearance._FONTS.clear()
        yield
    appearance._FONTS.clear()


# -- helpers -----------------------------------------------------------------------------


class _Key:
    """A throwaway RSA key and self-signed certificate, as a pyHanko signer."""

    def __init__(self, name: str) -> None:
        from asn1crypto import x509 as asn1_x509
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import padding, rsa
        from cryptography.x509.oid import NameOID
        from pyhanko.sign.signers import SimpleSigner

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                critical=True,
            )
            .sign(key, hashes.SHA256())
        )
        self.cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

        class Signer(SimpleSigner):  # the key stays loaded, as on a token
            def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
                return key.sign(data, padding.PKCS1v15(), hashes.SHA256())

        self.signer = Signer(signing_cert=self.cert, signing_key=None, cert_registry=None)

    def sign(self, writer, field: str, page: int, box, style) -> bytes:
        from pyhanko.sign import fields, signers

        meta = signers.PdfSignatureMetadata(
            field_name=field, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
        )
        spec = fields.SigFieldSpec(field, on_page=page, box=box)
        out = io.BytesIO()
        signers.PdfSigner(meta, self.signer, stamp_style=style, new_field_spec=spec).sign_pdf(
            writer, output=out
        )
        return out.getvalue()


@pytest.fixture(scope="module")
def keys() -> dict[str, _Key]:
    return {"official": _Key("Nguyễn Văn A"), "org": _Key(ORG)}


def _writer(data: bytes):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    return IncrementalPdfFileWriter(io.BytesIO(data), strict=False)


def _image_style(image: Path):
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.images import PdfImage
    from pyhanko.stamp import StaticStampStyle

    return StaticStampStyle(
        background=PdfImage(str(image)),
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT,
        ),
    )


def _statuses(data: bytes, keys: dict[str, _Key]):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    roots = [k.cert for k in keys.values()]
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    return [
        validate_pdf_signature(
            sig,
            signer_validation_context=ValidationContext(trust_roots=roots, allow_fetching=False),
        )
        for sig in reader.embedded_signatures
    ]


def _poppler(tool: str, pdf: Path, *args: str) -> str:
    """Output of a poppler tool: pdftotext writes to "-" (stdout), pdffonts always does."""
    command = [tool, *args, str(pdf)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _words(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """pdftotext -bbox: (word, xMin, yMin, xMax, yMax), y measured from the top."""
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        _poppler("pdftotext", pdf, "-bbox"),
    )
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


def _render(data: bytes, scale: float = 2.0):
    """First page as RGB pixels with form fields (the signature stamps) drawn by pdfium."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    pdf.init_forms()
    try:
        page = pdf[0].render(scale=scale, may_draw_forms=True, no_smoothtext=True)
        return page.to_pil().convert("RGB")
    finally:
        pdf.close()


def _crop(image, box, page_height: float, scale: float = 2.0, inset: float = 0.0):
    x1, y1, x2, y2 = box
    return image.crop(
        (round((x1 + inset) * scale), round((page_height - y2 + inset) * scale),
         round((x2 - inset) * scale), round((page_height - y1 - inset) * scale))
    )  # fmt: skip


def _pixels(image) -> list[tuple[int, ...]]:
    data, n = image.tobytes(), len(image.getbands())
    return [tuple(data[i : i + n]) for i in range(0, len(data), n)]


def _share(image, test) -> float:
    pixels = _pixels(image)
    return sum(1 for p in pixels if test(p)) / len(pixels)


def _red(p: tuple[int, ...]) -> bool:
    return p[0] > 180 and p[1] < 80 and p[2] < 80


def _draft(path: Path) -> bytes:
    """A draft laid out as the project's documents are (app/demo_letters.py): number and date
    left blank for the clerk, title and name around the room for the signature."""
    from app.demo_letters import Letter, render_pdf

    letter = Letter(
        parent="",
        issuer=("ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"),
        notation="      /QĐ-UBND",
        place_date="Đắk Lắk, ngày      tháng      năm 2026",
        type_name="QUYẾT ĐỊNH",
        subject="Về việc phê duyệt kế hoạch phòng, chống thiên tai năm 2027",
        paragraphs=(
            ("basis", "Căn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013;"),
            ("article", "Điều 1. Phê duyệt kế hoạch phòng, chống thiên tai năm 2027."),
        ),
        recipients=("Như Điều 3;", "Lưu: VT, TH."),
        authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        signer="Nguyễn Văn A",
    )
    return render_pdf(letter, path).read_bytes()


def _room_for_signature(data: bytes) -> tuple[float, float, float, float]:
    """Between the title "CHỦ TỊCH" and the name, centred on the title (ND30 I.II.7d)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        text = pdf[0].get_textpage()

        def box(word: str):
            start, count = text.search(word).get_next()
            boxes = [text.get_charbox(i) for i in range(start, start + count)]
            return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)  # fmt: skip

        title, name = box("CHỦ TỊCH"), box("Nguyễn Văn A")
    finally:
        pdf.close()
    middle, top, bottom = (title[0] + title[2]) / 2, title[1] - 3, name[3] + 3
    height = top - bottom
    return (middle - height * 1.2, bottom, middle + height * 1.2, top)  # the image's 12:5


# -- fonts -------------------------------------------------------------------------------

VIETNAMESE = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def test_the_converted_font_is_1000_upem_unhinted_cached_and_covers_vietnamese():
    import unicodedata

    from fontTools.ttLib import TTFont

    regular = appearance.serif_font()
    assert re.fullmatch(r"LiberationSerif-Regular-upem1000-[0-9a-f]{12}\.ttf", regular.name)
    assert regular.parent.name == "fonts"
    font = TTFont(str(regular))
    assert font["head"].unitsPerEm == 1000
    assert not {"fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX"} & set(font.keys())
    assert all(not getattr(font["glyf"][g], "program", None) for g in font.getGlyphOrder())
    cmap = font.getBestCmap()
    letters = {
        unicodedata.normalize("NFC", v + t) for v in VIETNAMESE + VIETNAMESE.upper() for t in TONES
    } | set("đĐ0123456789/-:+,.…–“”")
    assert len(letters) > 150
    assert [ch for ch in letters if ord(ch) not in cmap] == []
    # Times metrics survive the rescaling: "Số" is as wide as in the original font
    original = TTFont(str(RESOURCES / "fonts" / "LiberationSerif-Regular.ttf"))
    glyph = original.getBestCmap()[ord("S")]
    assert abs(font["hmtx"][cmap[ord("S")]][0] - original["hmtx"][glyph][0] * 1000 / 2048) <= 1
    mtime = regular.stat().st_mtime_ns
    assert appearance.serif_font() == regular and regular.stat().st_mtime_ns == mtime
    assert appearance.warm_fonts() == [regular, appearance.serif_font("Italic")]


def test_racing_processes_leave_one_good_font(tmp_path: Path):
    code = "from signing.appearance import serif_font; print(serif_font())"
    env = {"VANTHU_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    runs = [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, text=True) for _ in range(2)]  # fmt: skip
    paths = {run.communicate(timeout=60)[0].strip() for run in runs}
    assert [run.returncode for run in runs] == [0, 0]
    assert len(paths) == 1
    assert [p.name for p in (tmp_path / "fonts").iterdir()] == [Path(paths.pop()).name]


# -- attachment and copy -----------------------------------------------------------------


def test_attachment_and_copy_lines_follow_appendix_i():
    assert appearance.attachment_lines("5/QĐ-UBND", WHEN) == [
        "05/QĐ-UBND",
        "26/11/2026 14:03:05 +07:00",
    ]
    assert appearance.copy_lines("SAO LỤC", ORG, WHEN.astimezone(VN_TZ)) == [
        "SAO LỤC",
        ORG,
        "26/11/2026 14:03:05 +07:00",
    ]
    assert appearance.copy_lines("trích sao", ORG, WHEN)[0] == "TRÍCH SAO"
    long_name = "Văn phòng Ủy ban nhân dân tỉnh Đắk Lắk, Trung tâm Phục vụ hành chính công tỉnh"
    folded = appearance.copy_lines("SAO Y", long_name, WHEN)[1:-1]
    assert len(folded) == 2 and " ".join(folded) == long_name
    with pytest.raises(ValueError):
        appearance.attachment_lines("05/QĐ-UBND", dt.datetime(2026, 11, 26, 14, 3, 5))


@pytest.mark.parametrize("form", ["BẢN SAO", "SY", "", "SAO Y BẢN CHÍNH"])
def test_an_unknown_copy_form_is_refused(form: str):
    with pytest.raises(InvalidInput) as caught:
        appearance.copy_lines(form, ORG, WHEN)
    assert (caught.value.field, caught.value.problem) == ("copy_form", "malformed")
    assert "Hình thức sao" in describe(caught.value, "vi")


def test_text_the_font_cannot_draw_is_refused_and_percent_is_kept():
    with pytest.raises(InvalidInput) as caught:
        appearance.copy_lines("SAO Y", "Ủy ban 人民", WHEN)
    assert (caught.value.problem, caught.value.value) == ("unsupported_character", "人")
    style = appearance.text_stamp_style(["Giảm 50% phí", "05/QĐ-UBND"])
    assert style.stamp_text % {} == "Giảm 50% phí\n05/QĐ-UBND"
    assert style.text_box_style.font.font_size == style.text_box_style.font_size == 10


def test_the_stamp_box_sits_in_the_top_right_margin():
    lines = appearance.copy_lines("SAO Y", ORG, WHEN)
    x1, y1, x2, y2 = appearance.top_right_box(595.28, 841.89, lines)
    assert x2 == pytest.approx(595.28 - 15 * 72 / 25.4)
    assert y2 == pytest.approx(841.89 - 8 * 72 / 25.4)
    widest = max(appearance.text_width(line) for line in lines)
    assert widest + 4 <= x2 - x1 <= widest + 6
    assert y2 - y1 == pytest.approx(2 + 3 * 14 + 4)


@pytest.mark.parametrize("role", ["attachment", "copy"])
def test_a_text_stamp_signature_reads_right(role: str, tmp_path: Path, keys):
    src = make_pdf(tmp_path / "phu-luc.pdf", ["Phụ lục I", "DANH MỤC CÔNG TRÌNH"])
    data = src.read_bytes()
    if role == "attachment":
        lines = appearance.attachment_lines("05/QĐ-UBND", WHEN)
    else:
        lines = appearance.copy_lines("SAO Y", ORG, WHEN)
    width, height = appearance.first_page_size(data)
    assert (round(width), round(height)) == (595, 842)
    box = appearance.top_right_box(width, height, lines)
    style = appearance.text_stamp_style(lines)
    out = tmp_path / "signed.pdf"
    out.write_bytes(keys["org"].sign(_writer(data), "ToChuc1", 0, box, style))

    [status] = _statuses(out.read_bytes(), keys)
    assert status.intact and status.valid
    text = _poppler("pdftotext", out)
    for line in lines:  # whole lines: no letter is spread apart
        assert line in text.splitlines()
    stamp = " ".join(lines)  # pyHanko tags each line with /ActualText: a "word" to poppler
    words = [w for w in _words(out) if w[0] in stamp and w[0] not in ("I", "1")]
    assert " ".join(w[0] for w in words) == stamp
    for word, x_min, y_min, x_max, _ in words:
        assert x_min >= box[0] - 1 and x_max <= box[2] + 1, word  # top right of page 1
        assert height - box[3] - 1 <= y_min <= height - box[1], word
    before = _poppler("pdffonts", src).splitlines()[2:]
    added = [line for line in _poppler("pdffonts", out).splitlines()[2:] if line not in before]
    assert len(added) == 1 and "+LiberationSerif-Identity-H" in added[0]
    assert added[0].split()[-5:-2] == ["yes", "yes", "yes"]  # embedded, subset, ToUnicode


def test_first_page_size_refuses_what_is_not_a_pdf():
    with pytest.raises(InvalidInput) as caught:
        appearance.first_page_size(b"%PDF-1.7 rubbish")
    assert (caught.value.field, caught.value.problem) == ("file", "malformed")
    with pytest.raises(InvalidInput) as caught:
        appearance.first_page_size(Path("/nonexistent/van-ban.pdf"))
    assert caught.value.field == "file"


# -- issue -------------------------------------------------------------------------------


def test_number_and_date_texts_follow_nd30():
    assert appearance.number_text(5, "QĐ-UBND") == "Số: 05/QĐ-UBND"
    assert appearance.number_text("123", "UBND-VP") == "Số: 123/UBND-VP"
    assert appearance.number_text("7/2026/NĐ-CP") == "Số: 07/2026/NĐ-CP"
    assert appearance.date_text(dt.date(2026, 1, 5)) == "ngày 05 tháng 01 năm 2026"
    assert appearance.date_text(dt.date(2026, 2, 28)) == "ngày 28 tháng 02 năm 2026"
    assert appearance.date_text(dt.date(2026, 3, 9)) == "ngày 09 tháng 3 năm 2026"
    assert appearance.date_text(dt.date(2026, 11, 26), "Đắk Lắk") == (
        "Đắk Lắk, ngày 26 tháng 11 năm 2026"
    )
    assert appearance.date_text(dt.datetime(2026, 11, 25, 18, tzinfo=dt.UTC)).startswith(
        "ngày 26 tháng 11"
    )  # 01:00 the next day in Vietnam
    for bad in (("QĐ-UBND",), (0, "QĐ-UBND"), ("năm", "QĐ-UBND"), (5, "QĐ UBND")):
        with pytest.raises(InvalidInput):
            appearance.number_text(*bad)


def test_the_seal_covers_the_left_third_of_the_signature():
    x1, y1, x2, y2 = appearance.seal_box((300.0, 100.0, 450.0, 162.5))
    assert (x2, x2 - x1, y2 - y1) == (350.0, 102.0, 102.0)
    assert (y1 + y2) / 2 == pytest.approx(131.25)
    with pytest.raises(InvalidInput):
        appearance.seal_box((300.0, 100.0, 300.0, 162.5))


def test_a_signature_at_the_left_margin_keeps_its_seal_on_the_page():
    # seen in the issue dialog's screenshots: a signature block at the left margin put the
    # seal's left part outside the page
    x1, _, x2, _ = appearance.seal_box((40.0, 100.0, 190.0, 162.5))
    assert x1 == appearance.SEAL_MIN_LEFT_PT and x2 - x1 == 102.0  # whole, inside the page
    assert x2 < 190.0  # still over the signature image
    assert appearance.seal_box((40.0, 100.0, 190.0, 162.5), page_left=20.0)[0] == 26.0


def test_the_sample_seal_is_red_round_transparent_and_real_size():
    from PIL import Image

    seal = Image.open(appearance.SEAL_IMAGE)
    assert seal.mode == "RGBA" and seal.size == (425, 425)  # 36 mm at 300 dpi
    assert round(seal.info["dpi"][0]) == 300
    assert [seal.getpixel(p)[3] for p in ((0, 0), (424, 0), (0, 424), (424, 424))] == [0] * 4
    ink = [p for p in _pixels(seal) if p[3] > 200]
    assert len(ink) > 0.15 * 425 * 425
    assert all(r > 150 and g < 90 and b < 90 for r, g, b, _ in ink)


def test_the_places_of_number_and_date_are_found(tmp_path: Path):
    places = issue_fields.find_issue_places(_draft(tmp_path / "du-thao.pdf"))
    assert issue_fields.find_issue_places(tmp_path / "du-thao.pdf") == places  # a path will do
    assert places.number_page == places.date_page == 0
    assert places.number_font_size == pytest.approx(13) == places.date_font_size
    assert (places.number_italic, places.date_italic) == (False, True)
    n, d = places.number_box, places.date_box
    assert n[2] < d[0]  # side by side on one line, number first
    assert places.number_origin[1] == pytest.approx(places.date_origin[1])
    assert n[1] < places.number_origin[1] < n[3] and n[3] - n[1] < 2 * 13


def test_sizes_set_by_the_text_matrix_are_measured(tmp_path: Path):
    """Word and others write "1 Tf" and scale the text matrix; the CTM may scale too."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from app.fonts import SERIF_ITALIC, register_fonts

    path = tmp_path / "scaled.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    text = c.beginText()
    text.setTextTransform(13, 0, 0, 13, 100, 700)
    text.setFont(register_fonts(), 1)
    text.textOut("Số: …/UBND-VP")
    c.drawText(text)
    c.transform(2, 0, 0, 2, 0, 0)
    c.setFont(SERIF_ITALIC, 7)
    c.drawString(160, 350, "Hà Nội, ngày … tháng … năm 20…")
    c.save()
    places = issue_fields.find_issue_places(path.read_bytes())
    assert (places.number_font_size, places.date_font_size) == (
        pytest.approx(13),
        pytest.approx(14),
    )
    assert places.number_origin == pytest.approx((100, 700))
    assert places.date_box[2] > 160 * 2 + appearance.text_width("Hà Nội, ngày … tháng … năm 20…", 14, "Italic")  # fmt: skip


def test_a_draft_without_its_places_is_refused(tmp_path: Path):
    for lines, problem in (
        (["QUYẾT ĐỊNH", "Số: 12 đường Lê Duẩn"], "number_place_not_found"),
        (["Số:      /QĐ-UBND", "", "", "", "", "Căn cứ Luật ngày 19 tháng 6 năm 2013;"],
         "date_place_not_found"),
    ):  # fmt: skip
        pdf = make_pdf(tmp_path / f"{problem}.pdf", lines)
        with pytest.raises(InvalidInput) as caught:
            issue_fields.find_issue_places(pdf.read_bytes())
        assert (caught.value.field, caught.value.problem) == ("placement", problem)
        assert "không tìm thấy" in describe(caught.value, "vi")


def test_number_date_and_seal_keep_the_officials_signature_valid(tmp_path: Path, keys):
    """The issue role: the approval leaves two empty read-only text fields; the issue fills
    them and adds the seal and the organisation's signature in one revision, which pyHanko
    judges as form filling on the official's signature."""
    from pyhanko.sign.diff_analysis import ModificationLevel

    draft = _draft(tmp_path / "du-thao.pdf")
    room = _room_for_signature(draft)
    writer = _writer(draft)
    assert issue_fields.add_placeholders(writer, draft)
    approved = keys["official"].sign(writer, "PheDuyet1", 0, room, _image_style(SIGNATURE_IMAGE))
    places = issue_fields.find_issue_places(approved)
    writer = _writer(approved)
    assert issue_fields.write_number_and_date(
        writer, places, appearance.number_text(5, "QĐ-UBND"),
        appearance.date_text(dt.date(2026, 11, 26)),
    ) == ("SoKyHieu1", "NgayBanHanh1")  # fmt: skip
    seal = appearance.seal_box(room)
    issued = keys["org"].sign(writer, "DongDau1", 0, seal, _image_style(appearance.SEAL_IMAGE))
    out = tmp_path / "ban-hanh.pdf"
    out.write_bytes(issued)

    assert issued.count(b"%%EOF") == approved.count(b"%%EOF") + 1  # one new revision
    official, organisation = _statuses(issued, keys)
    assert official.intact and official.valid and official.docmdp_ok
    assert official.modification_level is not None
    assert official.modification_level <= ModificationLevel.FORM_FILLING
    assert official.bottom_line and organisation.bottom_line
    assert organisation.coverage.name == "ENTIRE_FILE"

    text = _poppler("pdftotext", out)
    assert "Số: 05/QĐ-UBND" in text
    assert "ngày 26 tháng 11 năm 2026" in text
    page_height = appearance.first_page_size(issued)[1]
    before, after = _render(approved), _render(issued)
    for box in (places.number_box, places.date_box):
        area = _crop(after, box, page_height, inset=1)
        assert _share(area, lambda p: min(p) > 230) > 0.6  # white paper…
        assert _share(area, lambda p: max(p) < 90) > 0.04  # …and black text
        assert area.tobytes() != _crop(before, box, page_height, inset=1).tobytes()
    red = _crop(after, seal, page_height)
    assert _share(red, _red) > 0.1
    x1, y1, x2, y2 = room  # the seal's ink reaches into the signature's left third only
    left_third = _crop(after, (x1, y1, x1 + (x2 - x1) / 3, y2), page_height)
    right_part = _crop(after, (x1 + (x2 - x1) / 3 + 2, y1, x2, y2), page_height)
    assert _share(left_third, _red) > 0.01
    assert _share(right_part, _red) == 0
    assert right_part.tobytes() == _crop(before, (x1 + (x2 - x1) / 3 + 2, y1, x2, y2), page_height).tobytes()  # fmt: skip


def test_number_fields_are_read_only_text_fields_never_signature_fields(tmp_path: Path):
    from pyhanko.sign import fields

    data = _draft(tmp_path / "du-thao.pdf")
    writer = _writer(data)
    assert issue_fields.add_placeholders(writer, data)
    assert not issue_fields.add_placeholders(writer, data)  # once only
    assert list(fields.enumerate_sig_fields(writer)) == []
    form = {str(r.get_object()["/T"]): r.get_object() for r in writer.root["/AcroForm"]["/Fields"]}
    assert sorted(form) == ["NgayBanHanh1", "SoKyHieu1"]
    for field in form.values():
        assert (field["/FT"], field["/Ff"], field["/F"]) == ("/Tx", 1, 4 | 64 | 128)
        assert "/V" not in field and field["/AP"]["/N"].data == b""  # nothing drawn yet
    places = issue_fields.find_issue_places(data)
    assert [float(v) for v in form["SoKyHieu1"]["/Rect"]] == pytest.approx(places.number_box)
    # filling takes the empty field; with none left, a new one is made beside it
    assert issue_fields.fill_text_field(writer, 0, places.number_box, "Số: 05/QĐ-UBND", 13,
                                        "SoKyHieu") == "SoKyHieu1"  # fmt: skip
    assert str(form["SoKyHieu1"]["/V"]) == "Số: 05/QĐ-UBND"
    assert issue_fields.fill_text_field(writer, 0, places.number_box, "Số: 06/QĐ-UBND", 13,
                                        "SoKyHieu") == "SoKyHieu2"  # fmt: skip
    with pytest.raises(InvalidInput) as caught:
        issue_fields.fill_text_field(writer, 3, places.date_box, "ngày", 13, "NgayBanHanh")
    assert caught.value.problem == "page_out_of_range"
    # a page without the number line gets no fields
    plain = make_pdf(tmp_path / "phu-luc.pdf", ["PHỤ LỤC"]).read_bytes()
    assert not issue_fields.add_placeholders(_writer(plain), plain)


def test_an_approval_made_elsewhere_gets_new_text_fields_not_signature_fields(tmp_path: Path, keys):
    """No empty number fields (the official signed with other software): the issue revision
    adds the text fields itself. Validators still list only the real signatures; pyHanko's
    default policy cannot explain a new text field after a signature (signing/issue_fields.py),
    so vanthu's own verdict, which compares what the pages draw, is what the clerk sees."""
    from signing.trust import TrustStore
    from signing.validate import validate_pdf
    from tests.signing.validators import pdfsig_fields

    draft = _draft(tmp_path / "du-thao.pdf")
    room = _room_for_signature(draft)
    approved = keys["official"].sign(
        _writer(draft), "PheDuyet1", 0, room, _image_style(SIGNATURE_IMAGE)
    )
    writer = _writer(approved)
    places = issue_fields.find_issue_places(approved)
    issue_fields.write_number_and_date(
        writer, places, appearance.number_text(5, "QĐ-UBND"),
        appearance.date_text(dt.date(2026, 11, 26)),
    )  # fmt: skip
    issued = keys["org"].sign(
        writer, "BanHanh1", 0, appearance.seal_box(room), _image_style(appearance.SEAL_IMAGE)
    )
    out = tmp_path / "ban-hanh.pdf"
    out.write_bytes(issued)

    assert pdfsig_fields(out) == [("PheDuyet1", True), ("BanHanh1", True)]
    official, organisation = _statuses(issued, keys)
    assert official.intact and official.valid and organisation.bottom_line
    text = _poppler("pdftotext", out)
    assert "Số: 05/QĐ-UBND" in text and "ngày 26 tháng 11 năm 2026" in text
    report = validate_pdf(issued, trust=TrustStore.from_certs([k.cert for k in keys.values()]))
    assert [s.verdict for s in report.signatures] == ["valid_with_warnings", "valid"]
