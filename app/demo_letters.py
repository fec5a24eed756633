"""The demo's documents as PDFs laid out like real administrative documents (ND30
appendix I): issuer and national title, number and date, type and subject, body, recipients,
signature block. Used by app/demo.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

STAMPS = {1: "KHẨN", 2: "THƯỢNG KHẨN", 3: "HỎA TỐC", 4: "HỎA TỐC HẸN GIỜ"}


@dataclass(frozen=True)
class Letter:
    """What one administrative document says, ready to lay out."""

    parent: str  # the issuer's parent body, upper case; "" if none
    issuer: tuple[str, ...]  # the issuer's name, upper case, bold
    notation: str  # "05/QĐ-UBND"
    place_date: str  # "Đắk Lắk, ngày 20 tháng 11 năm 2026"
    type_name: str  # "QUYẾT ĐỊNH"; "" for Công văn, whose subject stands under the number
    subject: str
    paragraphs: tuple[tuple[str, str], ...]  # (style, text); styles: see _styles, to, article
    recipients: tuple[str, ...]
    authority: tuple[str, ...]  # ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    signer: str
    urgency: int = 0
    secret: bool = False
    copy_of: Letter | None = None  # a copy ("SAO Y"): the original, then the copy's block


def long_date(place: str, day: dt.date) -> str:
    """ND30: days below 10, and the months 1 and 2, take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


# --- layout (reportlab, imported when the first page is made) ---------------------------

MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, RIGHT, TOP, BOTTOM = 30 * MM, 15 * MM, 20 * MM, 20 * MM  # ND30 I.3
WIDTH = PAGE_W - LEFT - RIGHT
LEFT_COL = 72 * MM


# name: font (R, B, I, BI), size, leading, alignment (0 left, 1 centre, 4 justified),
# first-line indent, space before, space after
STYLES = {
    "body": ("R", 13, 16, 4, 28.35, 0, 6),  # ND30 II.6e: 13-14 pt, justified, indent 1 cm
    "basis": ("I", 13, 16, 4, 28.35, 0, 2),  # "Căn cứ …" in italics
    "centre": ("B", 13, 16, 1, 0, 4, 6),
    "heading": ("B", 13, 16, 0, 0, 0, 6),
    "to": ("R", 13, 16, 1, 0, 6, 8),
    "to_item": ("R", 13, 16, 0, 0, 0, 0),
    "type": ("B", 14, 17, 1, 0, 14, 0),
    "subject": ("B", 14, 17, 1, 0, 0, 0),
    "seen": ("BI", 12, 14, 0, 0, 0, 0),  # "Nơi nhận:"
    "list": ("R", 11, 12.5, 0, 0, 0, 0),
    "sign": ("B", 13, 15.5, 1, 0, 0, 0),
}
_STYLES: dict[str, Any] = {}


def _styles() -> dict[str, Any]:
    if not _STYLES:
        from reportlab.lib.styles import ParagraphStyle

        from app.fonts import SERIF_BOLD, SERIF_BOLD_ITALIC, SERIF_ITALIC, register_fonts

        fonts = {"R": register_fonts(), "B": SERIF_BOLD, "I": SERIF_ITALIC, "BI": SERIF_BOLD_ITALIC}
        for name, (font, size, leading, align, indent, before, after) in STYLES.items():
            _STYLES[name] = ParagraphStyle(
                name,
                fontName=fonts[font],
                fontSize=size,
                leading=leading,
                alignment=align,
                firstLineIndent=indent,
                spaceBefore=before,
                spaceAfter=after,
                leftIndent=20 if name == "subject" else 0,
                rightIndent=20 if name == "subject" else 0,
            )
    return _STYLES


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Words in lines no wider than ``width``; two lines are balanced, as clerks set a long
    issuer name ("BỘ NÔNG NGHIỆP / VÀ MÔI TRƯỜNG", not "… VÀ MÔI / TRƯỜNG")."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words, lines = text.split(), []
    for word in words:
        if lines and stringWidth(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) == 2:
        splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        fits = [
            s
            for s in splits
            if stringWidth(s[0], font, size) <= width >= stringWidth(s[1], font, size)
        ]
        lines = list(min(fits, key=lambda s: max(stringWidth(p, font, size) for p in s)))
    return lines


def _heading(left: list, right: list, row: tuple, under: list) -> Any:
    """The two columns above the title: issuer and number on the left, national title and
    motto on the right; the number and the place and date share a line. Items are (text,
    font, size, rule, gap, stamp): rule is an underline's length, stamp a red frame."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    def stack(items: list, x: float, y: float) -> float:
        for text, font, size, rule, gap, stamp in items:
            y += gap + size * 0.95 + (4 if stamp else 0)
            ops.append((x, y, text, font, size, rule, stamp))
            y += size * 0.3 + (5 if rule else 0) + (5 if stamp else 0)
        return y

    ops: list[tuple] = []
    x_left, x_right = LEFT_COL / 2, (LEFT_COL + WIDTH) / 2
    top = max(stack(left, x_left, 0), stack(right, x_right, 0)) + 4
    height = max(stack([row[0], *under], x_left, top), stack([row[1]], x_right, top)) + 2

    class Heading(Flowable):
        def wrap(self, *_: Any) -> tuple[float, float]:
            return WIDTH, height

        def draw(self) -> None:
            c = self.canv
            c.setLineWidth(0.6)
            for x, y, text, font, size, rule, stamp in ops:
                c.setFont(font, size)
                if stamp:  # ND30 III.2: urgency and secrecy stamps, red, framed
                    w = stringWidth(text, font, size)
                    c.setFillColorRGB(0.8, 0.05, 0.05)
                    c.setStrokeColorRGB(0.8, 0.05, 0.05)
                    c.rect(x - w / 2 - 6, height - y - 5, w + 12, size + 7)
                c.drawCentredString(x, height - y, text)
                c.setFillColorRGB(0, 0, 0)
                c.setStrokeColorRGB(0, 0, 0)
                if rule:
                    c.line(x - rule / 2, height - y - 4, x + rule / 2, height - y - 4)

    return Heading()


def _addressees(text: str) -> Any:
    """ "Kính gửi: X" on one line, or a dash line for each, under the colon (ND30 II.9a)."""
    from reportlab.platypus import Paragraph, Table

    st, names = _styles(), text.split("|")
    if len(names) == 1:
        return Paragraph(escape(f"Kính gửi: {names[0]}"), st["to"])
    lines = [f"- {n}{';' if i < len(names) - 1 else '.'}" for i, n in enumerate(names)]
    cells = [Paragraph(escape(line), st["to_item"]) for line in lines]
    table = Table([[Paragraph("Kính gửi:", st["to_item"]), cells]], colWidths=[62, 260])
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)])
    return table


def _item(
    text: str, font: str, size: float, rule: float = 0, gap: float = 0, stamp: bool = False
) -> tuple:
    return text, font, size, rule, gap, stamp


def _story(letter: Letter, *, copy_block: bool = False) -> list[Any]:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, Spacer, Table

    from app.fonts import SERIF, SERIF_BOLD, SERIF_ITALIC

    st = _styles()
    names = [p for line in letter.issuer for p in _wrap(line, SERIF_BOLD, 12.5, LEFT_COL - 4)]
    rule = 0.45 * max(stringWidth(p, SERIF_BOLD, 12.5) for p in names)  # ND30: 1/3 to 1/2
    left = [_item(letter.parent, SERIF, 12)] if letter.parent else []
    left += [_item(p, SERIF_BOLD, 12.5, rule if p is names[-1] else 0) for p in names]
    motto = "Độc lập - Tự do - Hạnh phúc"
    right = [
        _item("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", SERIF_BOLD, 12),
        _item(motto, SERIF_BOLD, 13, stringWidth(motto, SERIF_BOLD, 13)),
    ]
    if copy_block:
        right = [_item("SAO Y", SERIF_BOLD, 14)]
    row = _item(f"Số: {letter.notation}", SERIF, 13), _item(letter.place_date, SERIF_ITALIC, 13)
    under = []
    if not letter.type_name and not copy_block:  # Công văn: "V/v …" under the number
        lines = _wrap(letter.subject, SERIF, 12, LEFT_COL - 8)
        under = [_item(p, SERIF, 12, gap=0 if i else 6) for i, p in enumerate(lines)]
    for stamp in ("MẬT" if letter.secret else "", STAMPS.get(letter.urgency, "")):
        under += [_item(stamp, SERIF_BOLD, 13, gap=8, stamp=True)] if stamp else []
    story: list[Any] = [_heading(left, right, row, under)]
    if letter.type_name:
        last = _wrap(letter.subject, SERIF_BOLD, 14, WIDTH - 40)[-1]
        width = min(max(stringWidth(last, SERIF_BOLD, 14) * 0.45, 70), WIDTH / 3)
        story += [
            Paragraph(escape(letter.type_name), st["type"]),
            Paragraph(escape(letter.subject), st["subject"]),
            HRFlowable(width=width, thickness=0.6, color="black", spaceBefore=4, spaceAfter=12),
        ]
    elif not copy_block:
        story.append(Spacer(1, 12))
    for style, text in letter.paragraphs:
        if style == "to":
            story.append(_addressees(text))
        elif style == "article":  # "Điều 1. …": the article's number in bold
            head, _, tail = text.partition(". ")
            story.append(Paragraph(f"<b>{escape(head)}.</b> {escape(tail)}", st["body"]))
        else:
            story.append(Paragraph(escape(text), st[style]))
    seen = [Paragraph("Nơi nhận:", st["seen"])]
    seen += [Paragraph(escape(f"- {r}"), st["list"]) for r in letter.recipients]
    sign = [Paragraph(escape(line), st["sign"]) for line in letter.authority]
    room = 40 if copy_block else 64  # to sign (and seal)
    sign += [Spacer(1, room), Paragraph(escape(letter.signer), st["sign"])]
    table = Table([[seen, sign]], colWidths=[WIDTH * 0.44, WIDTH * 0.56])
    table.setStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (0, 0), 5)])
    table.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    story += [Spacer(1, 4), table]
    if letter.copy_of is None:
        return story
    line = HRFlowable(width="100%", thickness=0.8, color="black", spaceBefore=4, spaceAfter=4)
    block = _story(replace(letter, copy_of=None), copy_block=True)
    return [*_story(letter.copy_of), KeepTogether([line, *block])]


def render_pdf(letter: Letter, path: Path) -> Path:
    """Write the letter as an A4 PDF: fonts embedded (subsets), pages compressed."""
    from reportlab.platypus import SimpleDocTemplate

    from app.fonts import SERIF

    def page_number(canvas: Any, doc: Any) -> None:  # ND30 I.7: from page 2, top centre
        canvas.setFont(SERIF, 13)
        canvas.drawCentredString(LEFT + WIDTH / 2, PAGE_H - TOP / 2 - 4, str(doc.page))

    margins = {"leftMargin": LEFT, "rightMargin": RIGHT, "topMargin": TOP, "bottomMargin": BOTTOM}
    doc = SimpleDocTemplate(
        str(path),
        pagesize=(PAGE_W, PAGE_H),
        title=letter.subject,
        author=" ".join(letter.issuer),
        invariant=1,
        pageCompression=1,
        **margins,
    )
    doc.build(_story(letter), onLaterPages=page_number)
    return path


# --- what the documents say ---------------------------------------------------------------
