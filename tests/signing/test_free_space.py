"""Copy and attachment stamps on free paper: judged on the pixels PDFium draws before and after
signing (nothing the page showed is covered), on the page as displayed (rotated pages), and by
poppler's text boxes (the stamp reads upright at the top right). Signed with a throwaway
software key through the roles' own placement code (no token)."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest

from app.clock import VN_TZ
from app.errors import InvalidInput
from app.messages import describe
from signing import Placement, Role, SignRequest, appearance
from signing.free_space import MIN_FONT_SIZE, InkMap, View, find_stamp_place
from signing.roles import prepare
from tests.signing import letters
from tests.signing.test_appearance import _draft, _Key, _writer

ORG = "Văn phòng Ủy ban nhân dân tỉnh Đắk Lắk"


@pytest.fixture(scope="module")
def key() -> _Key:
    return _Key(ORG)


def _sign(key: _Key, src: Path, role: Role, placement: Placement | None = None):
    """Sign ``src`` with the role's plan: (signed bytes, the widget box, the font size)."""
    from pyhanko.sign import fields, signers

    extra = {"copy_form": "SAO Y", "organisation": ORG} if role is Role.COPY else {}
    if role is Role.ATTACHMENT:
        extra = {"number": "5/QĐ-UBND"}
    request = SignRequest(src, src.with_name("out.pdf"), role, placement, **extra)
    writer = _writer(src.read_bytes())
    plan = prepare(writer, src, request)
    meta = signers.PdfSignatureMetadata(
        field_name=plan.field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES
    )
    out = io.BytesIO()
    signers.PdfSigner(
        meta, key.signer, stamp_style=plan.style, new_field_spec=plan.field_spec
    ).sign_pdf(writer, output=out)
    return out.getvalue(), plan.field_spec.box, plan.style.text_box_style.font_size


def _render(data: bytes, scale: float = 2.0):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    pdf.init_forms()
    try:
        return pdf[0].render(scale=scale, may_draw_forms=True).to_pil().convert("L")
    finally:
        pdf.close()


def _display_box(data: bytes, box) -> tuple[float, float, float, float]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return View.of(pdf[0]).to_display(box)
    finally:
        pdf.close()


def _words(data: bytes, tmp_path: Path) -> list[tuple[str, float, float, float, float]]:
    """pdftotext -bbox on the page as displayed: (word, xMin, yMin, xMax, yMax)."""
    pdf = tmp_path / "words.pdf"
    pdf.write_bytes(data)
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        html,
    )
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


def _assert_on_free_paper(before: bytes, after: bytes, box, scale: float = 2.0) -> None:
    """Every pixel the signature changed lies in the stamp's box, and that box was white."""
    from PIL import ImageChops

    x1, y1, x2, y2 = _display_box(after, box)
    old, new = _render(before, scale), _render(after, scale)
    assert old.size == new.size
    changed = ImageChops.difference(old, new).point(lambda v: 255 if v > 8 else 0).getbbox()
    assert changed is not None, "the stamp is not drawn"
    cx1, cy1, cx2, cy2 = (v / scale for v in changed)
    assert x1 - 1 <= cx1 and cy1 >= y1 - 1 and cx2 <= x2 + 1 and cy2 <= y2 + 1, (changed, box)
    area = old.crop((int(x1 * scale), int(y1 * scale), int(x2 * scale) + 1, int(y2 * scale) + 1))
    assert area.getextrema()[0] > 235, "the stamp covers something the page showed"


CASES = {
    # name: (make the letter, expected zone of the copy stamp, its font size)
    "nd30": (lambda p: letters.header_letter(p), "margin", 8),
    "demo": (lambda p: _draft(p) and p, "margin", 9),
    "tight": (lambda p: letters.header_letter(p, top_mm=8), "top", 10),
    "corner": (lambda p: letters.header_letter(p, corner_note="Mẫu số 01/QĐ-UBND ban hành kèm theo"),
               "top", 10),
    "landscape": (lambda p: letters.header_letter(p, size=(841.89, 595.28)), "margin", 8),
    "rot90": (lambda p: letters.header_letter(p, size=(841.89, 595.28), rotate=90), "margin", 8),
    "rot180": (lambda p: letters.header_letter(p, rotate=180), "margin", 8),
    "rot270": (lambda p: letters.header_letter(p, rotate=270), "margin", 8),
    "scan": (lambda p: letters.scanned(letters.header_letter(p.with_name("src.pdf")), p),
             "margin", 8),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_the_copy_stamp_never_covers_ink(case: str, tmp_path: Path, key: _Key):
    make, zone, size = CASES[case]
    src = make(tmp_path / f"{case}.pdf")
    before = src.read_bytes()
    lines = appearance.copy_lines("SAO Y", ORG, dt.datetime.now(VN_TZ))
    place = find_stamp_place(src, [lines, appearance.fewer_lines(lines)], appearance.stamp_size)
    assert (place.zone, place.font_size, len(place.lines)) == (zone, size, 3)

    after, box, font_size = _sign(key, src, Role.COPY)
    assert font_size == size and box == pytest.approx(place.box, abs=0.01)
    _assert_on_free_paper(before, after, box)
    # the reader sees it at the top right of the displayed page, upright and whole
    # (pyHanko tags each stamp line with /ActualText: one "word" to poppler)
    words = _words(after, tmp_path)
    width = max(w[3] for w in words)
    sao = next(w for w in words if w[0] == "SAO Y")
    org = next(w for w in words if w[0] == ORG)
    assert sao[1] > width / 2 - 40 and sao[2] < 200, sao
    assert org[3] - org[1] > 5 * (org[4] - org[2]), org  # a line, read left to right
    assert sao[2] < org[2]  # and from the top down
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=after, capture_output=True, check=True
    ).stdout.decode()
    assert "Văn phòng Ủy ban nhân dân tỉnh Đắk Lắk" in text


@pytest.mark.parametrize("case", ["nd30", "rot90", "tight"])
def test_the_attachment_stamp_never_covers_ink(case: str, tmp_path: Path, key: _Key):
    src = CASES[case][0](tmp_path / f"{case}.pdf")
    after, box, font_size = _sign(key, src, Role.ATTACHMENT)
    assert font_size == 10  # two lines fit above the motto at the prescribed size
    _assert_on_free_paper(src.read_bytes(), after, box)


def test_fewer_lines_come_after_smaller_sizes_and_never_below_7_pt(tmp_path: Path):
    src = letters.header_letter(tmp_path / "a.pdf", top_mm=16)  # ~29 pt above the motto
    lines = ["SAO Y", ORG, "26/11/2026 14:03:05 +07:00"]
    place = find_stamp_place(src, [lines, appearance.fewer_lines(lines)], appearance.stamp_size)
    assert place.zone == "margin"
    assert place.lines == ("SAO Y", f"{ORG}, 26/11/2026 14:03:05 +07:00")  # 3 lines never fit
    assert place.font_size == 8 >= MIN_FONT_SIZE
    height = appearance.stamp_size(place.lines, place.font_size)[1]
    assert appearance.stamp_size(lines, MIN_FONT_SIZE)[1] > height


def test_a_page_without_free_paper_is_refused_and_a_chosen_place_is_taken(
    tmp_path: Path, key: _Key
):
    """The deliberate fall-back: no stamp over ink, ever, and none far from the top right;
    the user chooses the place instead (a page and a box), which is then used as given."""
    src = letters.full_page(tmp_path / "kin-trang.pdf")
    with pytest.raises(InvalidInput) as caught:
        _sign(key, src, Role.COPY)
    assert (caught.value.field, caught.value.problem) == ("placement", "no_free_space")
    said = describe(caught.value, "vi")
    assert "trang 1" in said and "chọn" in said
    assert "choose" in describe(caught.value, "en")

    chosen = (380.0, 770.0, 560.0, 830.0)
    after, box, _ = _sign(key, src, Role.COPY, Placement(page=1, box=chosen))
    assert box == chosen
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=after, capture_output=True, check=True
    ).stdout.decode()
    assert "SAO Y" in text


def test_a_second_stamp_finds_its_own_paper(tmp_path: Path, key: _Key):
    """Earlier stamps (annotations) are ink too: a copy of an attachment keeps both readable."""
    src = letters.header_letter(tmp_path / "a.pdf")
    once, first, _ = _sign(key, src, Role.ATTACHMENT)
    (tmp_path / "once.pdf").write_bytes(once)
    twice, second, _ = _sign(key, tmp_path / "once.pdf", Role.COPY)
    _assert_on_free_paper(once, twice, second)
    a, b = _display_box(twice, first), _display_box(twice, second)
    assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]  # apart


@pytest.mark.parametrize(("rotate", "crop"), [(0, None), (90, None), (180, None), (270, None),
                                              (0, (40, 30, 440, 470)), (90, (40, 30, 440, 470))])  # fmt: skip
def test_the_display_geometry_is_pdfiums(rotate: int, crop, tmp_path: Path):
    """Our page → display mapping agrees with PDFium's own (FPDF_PageToDevice), and back,
    crop boxes that do not start at 0, 0 included."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    src = letters.header_letter(tmp_path / "r.pdf", size=(700.0, 500.0), rotate=rotate)
    pdf = pdfium.PdfDocument(src)
    try:
        page = pdf[0]
        if crop:
            page.set_cropbox(*crop)
        view = View.of(page)
        expected = (700, 500) if not crop else (400, 440)
        if crop and rotate in (90, 270):
            expected = expected[::-1]
        assert (round(view.width), round(view.height)) == expected
        for x, y in ((10.0, 20.0), (300.0, 100.0), (480.0, 650.0)):
            dx, dy = ctypes.c_int(), ctypes.c_int()
            pdfium_c.FPDF_PageToDevice(
                page.raw, 0, 0, round(view.width), round(view.height), 0, x, y,
                ctypes.byref(dx), ctypes.byref(dy),
            )  # fmt: skip
            ours = view.point(x, y)
            assert abs(ours[0] - dx.value) <= 1 and abs(ours[1] - dy.value) <= 1
        box = (100.0, 200.0, 180.0, 260.0)
        assert view.to_page(view.to_display(box)) == pytest.approx(box)
    finally:
        pdf.close()


@pytest.mark.parametrize("case", ["nd30", "rot90", "scan"])
def test_the_ink_map_holds_every_dark_pixel(case: str, tmp_path: Path):
    """What PDFium draws dark on the page (no annotations) is all marked as ink."""
    import pypdfium2 as pdfium
    from PIL import ImageChops

    src = CASES[case][0](tmp_path / f"{case}.pdf")
    pdf = pdfium.PdfDocument(src)
    try:
        page = pdf[0]
        ink = InkMap.of(page, View.of(page))
        drawn = page.render(scale=1, draw_annots=False).to_pil().convert("L")
    finally:
        pdf.close()
    dark = drawn.resize(ink.image.size).point(lambda v: 255 if v < 160 else 0)
    missed = ImageChops.subtract(dark, ink.image).getbbox()
    assert missed is None, missed
    free = 1 - ink.image.histogram()[255] / (ink.columns * ink.rows)
    assert free > 0.2  # and paper is left: boxes are not whole-page blobs
