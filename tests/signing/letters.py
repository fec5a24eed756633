"""Letters with an ND30 header drawn where the tests want it: any page size, top margin and
/Rotate (the content is drawn so that the page as displayed is the letter), plus pages with no
paper left and scans (the letter as one image)."""

from __future__ import annotations

from pathlib import Path

MM = 72 / 25.4
A4 = (595.28, 841.89)
ISSUER = ("ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK")
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
BODY = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung",
    "một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương; theo đề nghị",
    "của Giám đốc Sở Nội vụ tại Tờ trình số 125/TTr-SNV ngày 20 tháng 11 năm 2026,",
)


def header_letter(
    path: Path,
    *,
    size: tuple[float, float] = A4,
    top_mm: float = 20,
    right_mm: float = 15,
    rotate: int = 0,
    corner_note: str | None = None,
) -> Path:
    """A letter whose *displayed* page is ``size`` with the issuer at the top left and the
    motto at the top right, ``top_mm`` from the top and ``right_mm`` from the right edge.
    ``rotate`` (0, 90, 180, 270) stores the page turned, with /Rotate to show it upright.
    ``corner_note``: a small text in the top right corner, above the motto (e.g. a form's
    "Mẫu số 01"), so the margin there is taken."""
    from reportlab.pdfgen import canvas

    from app.fonts import SERIF_BOLD, register_fonts

    regular = register_fonts()
    width, height = size
    stored = (height, width) if rotate in (90, 270) else (width, height)
    c = canvas.Canvas(str(path), pagesize=size)  # ReportLab swaps the MediaBox for 90 and 270
    c.setPageRotation(rotate)
    # draw in display coordinates: map (u, v) of the displayed page onto the stored page
    sw, sh = stored
    if rotate == 90:
        c.transform(0, 1, -1, 0, sw, 0)
    elif rotate == 180:
        c.transform(-1, 0, 0, -1, sw, sh)
    elif rotate == 270:
        c.transform(0, -1, 1, 0, 0, sh)
    right = width - right_mm * MM
    left = 30 * MM
    top = height - top_mm * MM
    base = top - 13 * 0.891  # the first line's baseline: its ascent touches the margin
    centre_left = left + 36 * MM
    centre_right = right - 60 * MM
    c.setFont(SERIF_BOLD, 13)
    for i, line in enumerate(ISSUER):
        c.drawCentredString(centre_left, base - i * 16, line)
    for i, line in enumerate(MOTTO):
        c.setFont(SERIF_BOLD, 12 if i == 0 else 13)
        c.drawCentredString(centre_right, base - i * 16, line)
    c.setLineWidth(0.6)
    half = c.stringWidth(MOTTO[1], SERIF_BOLD, 13) / 2
    c.line(centre_right - half, base - 19, centre_right + half, base - 19)
    c.setFont(regular, 13)
    c.drawCentredString(centre_left, base - 42, "Số:      /QĐ-UBND")
    c.drawCentredString(centre_right, base - 42, "Đắk Lắk, ngày      tháng      năm 2026")
    c.setFont(SERIF_BOLD, 14)
    c.drawCentredString(width / 2, base - 78, "QUYẾT ĐỊNH")
    c.setFont(regular, 13)
    y = base - 110
    while y > 25 * MM:
        for line in BODY:
            c.drawString(left, y, line)
            y -= 18
    if corner_note:
        c.setFont(regular, 10)
        c.drawRightString(right, height - 9 * MM, corner_note)
    c.showPage()
    c.save()
    return path


def full_page(path: Path, *, size: tuple[float, float] = A4) -> Path:
    """A page with text from edge to edge and top to bottom: no paper left for a stamp."""
    from reportlab.pdfgen import canvas

    from app.fonts import register_fonts

    regular = register_fonts()
    height = size[1]
    c = canvas.Canvas(str(path), pagesize=size)
    c.setFont(regular, 9)
    line = " ".join(["Độc lập - Tự do - Hạnh phúc"] * 12)
    y = height - 6
    while y > 0:
        c.drawString(2, y, line)
        y -= 10
    c.showPage()
    c.save()
    return path


def scanned(letter: Path, path: Path, dpi: int = 100) -> Path:
    """``letter``'s first page as one greyscale image filling a page: a scan."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = pdfium.PdfDocument(letter)
    try:
        page = pdf[0]
        width, height = page.get_size()
        image = page.render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()
    c = canvas.Canvas(str(path), pagesize=(width, height))
    c.drawImage(ImageReader(image), 0, 0, width, height)
    c.showPage()
    c.save()
    return path
