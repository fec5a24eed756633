"""What the ND30 signatures show on the page (domain.md §6, appendix I): pure helpers, no token.

- fonts: the bundled Liberation Serif 2 (Times metrics, full Vietnamese) rescaled to 1000 units
  per em and unhinted, the workaround for pyHanko 0.38's letter spacing (toolchain gotcha 3);
- attachment / copy: the text stamp at the top right of the first page, 10 pt (down to 7 pt
  where room is short: signing/free_space.py), black, upright on the page as displayed;
- issue: the sample red seal's box over the left third of the official's signature, and the
  texts of the number and date (signing/issue_fields.py writes them on the page).

Boxes are (x1, y1, x2, y2) in PDF points from the bottom left of the page.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.clock import VN_TZ
from app.errors import InvalidInput
from app.fileio import write_atomically
from resources import ROOT

Box = tuple[float, float, float, float]

MM = 72 / 25.4
FONT_SIZE = 10  # ND30 appendix I: the signature text of attachments and copies is 10 pt
LEADING = 1.4  # × font size: stacked Vietnamese marks never touch the line above (gotcha 5)
PAD = 2.0  # points between a stamp's box and its text
# The stamp sits in the page's top margin band (ND30 I.3: 20-25 mm top, 15-20 mm right):
# 8 mm from the top edge keeps it clear of a printer's unprintable rim (4-5 mm), and a
# two-line attachment stamp then ends above 20 mm, where the document's text may start;
# 15 mm from the right puts its right edge on the text block's widest right margin.
TOP_MARGIN_PT = 8 * MM
RIGHT_MARGIN_PT = 15 * MM
MAX_LINE_PT = 80 * MM  # a longer organisation name is folded onto several lines
SEAL_DIAMETER_PT = 102.0  # 36 mm, the size of the sample seal (resources/seals)
SEAL_IMAGE = ROOT / "seals" / "con-dau-mau.png"
COPY_FORMS = ("SAO Y", "SAO LỤC", "TRÍCH SAO")  # ND30 appendix I, part II.I.1

# -- fonts -------------------------------------------------------------------------------

FONT_STYLES = ("Regular", "Italic")  # Italic: the place-and-date line is italic (ND30 II.4c)
# What the converted font keeps: Latin with all of Vietnamese, combining marks, punctuation,
# currency, letterlike and number forms, arrows and maths, shapes; no OpenType layout tables
# (text is shaped in NFC, where every Vietnamese letter is one glyph, without kerning or
# ligatures). Fewer glyphs and tables make the subsetting pyHanko repeats on every signature
# cheap: ~20 ms a signature instead of ~60-70 ms with the whole font (2-vCPU dev VM).
KEPT = ((0x20, 0x7E), (0xA0, 0x24F), (0x2B0, 0x36F), (0x1E00, 0x1EFF), (0x2000, 0x22FF),
        (0x25A0, 0x25FF), (0xFB00, 0xFB06))  # fmt: skip
_RECIPE = f"upem1000 unhinted no-layout keep={KEPT}".encode()  # in the cache file's hash
_HINTING = ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX")
_SHAPING = {"kern": False, "liga": False}  # as Word sets TNR; widths are then plain hmtx
_FONTS: dict[str, Path] = {}
_FONT_LOCK = threading.Lock()


def serif_font(style: str = "Regular") -> Path:
    """Liberation Serif 2 (``style`` Regular or Italic) at 1000 units per em without TrueType
    hinting, reduced to the repertoire in ``KEPT``. Converted once (~0.3 s) into the cache
    folder (``VANTHU_CACHE_DIR``, else the user cache dir), named after the SHA-256 of the
    source and the recipe; written atomically, so racing processes are harmless."""
    if style not in FONT_STYLES:
        raise ValueError(f"no such font style: {style}")
    with _FONT_LOCK:
        path = _FONTS.get(style)
        if path is None or not path.is_file():
            path = _FONTS[style] = _converted_font(style)
        return path


def warm_fonts() -> list[Path]:
    """Make sure every converted font is in the cache (for the CLI and the benchmarks)."""
    return [serif_font(style) for style in FONT_STYLES]


def _cache_dir() -> Path:
    folder = os.environ.get("VANTHU_CACHE_DIR")
    if folder:
        return Path(folder)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vanthu"))


def _converted_font(style: str) -> Path:
    source = (ROOT / "fonts" / f"LiberationSerif-{style}.ttf").read_bytes()
    digest = hashlib.sha256(source + _RECIPE).hexdigest()[:12]
    name = f"LiberationSerif-{style}-upem1000-{digest}.ttf"
    converted: bytes | None = None
    for folder in (_cache_dir() / "fonts", None):  # None: a private one if that is read-only
        try:
            folder = folder or Path(tempfile.mkdtemp(prefix="vanthu-fonts-"))
            target = folder / name
            if target.is_file():  # only ever written whole, and named after its recipe
                return target
            folder.mkdir(parents=True, exist_ok=True)
            converted = converted or _convert(source)
            write_atomically(target, True, lambda out, font=converted: out.write(font))
            return target
        except (OSError, InvalidInput):
            continue
    raise OSError(f"cannot write the converted font {name}")


def _convert(source: bytes) -> bytes:
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    font = TTFont(io.BytesIO(source))
    keep = [cp for cp in font.getBestCmap() if any(lo <= cp <= hi for lo, hi in KEPT)]
    options = subset.Options(layout_features=[], name_IDs=["*"], name_languages=["*"],
                             notdef_outline=True, glyph_names=True, hinting=False)  # fmt: skip
    options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF", "kern"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    scale_upem(font, 1000)
    for glyph in font.getGlyphOrder():  # pdfium draws composite glyphs wrongly otherwise
        font["glyf"][glyph].removeHinting()
    for tag in _HINTING:
        if tag in font:
            del font[tag]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@cache
def _font_bytes(path: Path) -> bytes:
    return path.read_bytes()


@dataclass(frozen=True)
class _Metrics:
    advances: dict[str, float]  # character → advance in em
    ascent: float  # em, above the baseline
    descent: float  # em, below the baseline (negative)


@cache
def _metrics(style: str) -> _Metrics:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(_font_bytes(serif_font(style))))
    hmtx, upem = font["hmtx"], font["head"].unitsPerEm
    advances = {chr(cp): hmtx[g][0] / upem for cp, g in font.getBestCmap().items()}
    return _Metrics(advances, font["hhea"].ascent / upem, font["hhea"].descent / upem)


def text_width(text: str, font_size: float = FONT_SIZE, style: str = "Regular") -> float:
    """Width in points of one line, as pyHanko lays it out (no kerning, no ligatures)."""
    advances = _metrics(style).advances
    return sum(advances.get(ch, 0.0) for ch in unicodedata.normalize("NFC", text)) * font_size


@dataclass(frozen=True)
class _SerifEngines:
    """pyHanko font engine factory: the converted font from memory (no file handle left open,
    unlike GlyphAccumulatorFactory), no kerning or ligatures, text tagged Vietnamese."""

    style: str = "Regular"
    font_size: int = FONT_SIZE

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulator

        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(
            writer,
            io.BytesIO(_font_bytes(serif_font(self.style))),
            self.font_size,
            features=_SHAPING,
            bcp47_lang_code="vi",
            obj_stream=obj_stream,
        )


def _checked(text: Any, field: str, style: str = "Regular") -> str:
    """``text`` in NFC, stripped, and drawable with the converted font."""
    text = unicodedata.normalize("NFC", "" if text is None else str(text)).strip()
    if not text:
        raise InvalidInput(field, "missing")
    advances = _metrics(style).advances
    for ch in text:
        if ch not in advances:
            raise InvalidInput(field, "unsupported_character", value=ch)
    return text


# -- attachment and copy: text at the top right of the first page -------------------------


def signing_time_text(when: dt.datetime) -> str:
    """ "26/11/2026 14:03:05 +07:00": appendix I asks for the date (day month year), the time
    (hours minutes seconds) and the Vietnam time zone as ISO 8601 writes it; day-first with
    slashes is how Vietnamese write a date in figures."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("the signing time must carry its time zone")
    local = when.astimezone(VN_TZ)
    minutes = int(local.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    return f"{local:%d/%m/%Y %H:%M:%S} {sign}{minutes // 60:02d}:{minutes % 60:02d}"


def attachment_lines(symbol: str, when: dt.datetime) -> list[str]:
    """An attachment's text (ND30 I.III.1d): the document's number and symbol, then the
    signing time, e.g. ["05/QĐ-UBND", "26/11/2026 14:03:05 +07:00"]. No labels: the
    appendix prescribes the information only."""
    return [_notation(symbol), signing_time_text(when)]


def copy_lines(form: str, organisation: str, when: dt.datetime) -> list[str]:
    """An electronic copy's text (ND30 I, part II.I.3c): the copy form, the copying
    organisation (folded if long), the signing time."""
    wanted = unicodedata.normalize("NFC", str(form or "")).strip().upper()
    if wanted not in COPY_FORMS:
        raise InvalidInput("copy_form", "malformed", value=form, expected=", ".join(COPY_FORMS))
    return [wanted, *_fold(_checked(organisation, "org_name")), signing_time_text(when)]


def _fold(text: str, width: float = MAX_LINE_PT) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def text_stamp_style(lines: Sequence[str], font_size: float = FONT_SIZE, turn: int = 0) -> Any:
    """pyHanko TextStampStyle for ``lines``: the converted Liberation Serif, black, regular,
    no border, no background, text from the top left of the box (see ``stamp_size``).
    ``turn``: the page's /Rotate (clockwise degrees); the stamp is drawn turned back by it,
    so that it reads upright on the page as displayed (its widget box is then the displayed
    box in the page's own coordinates: width and height swapped for 90 and 270)."""
    from pyhanko.pdf_utils import layout
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    size = _whole_size(font_size)
    text = "\n".join(_checked(line, "stamp_text") for line in lines)
    if not text:
        raise InvalidInput("stamp_text", "missing")
    turn = int(turn) % 360
    if turn % 90:
        raise ValueError(f"a page turns by quarter turns only: {turn}")
    no_margins = layout.Margins(0, 0, 0, 0)
    settings = dict(
        stamp_text=text.replace("%", "%%"),  # pyHanko %-interpolates the template
        border_width=0,
        background=None,
        text_box_style=TextBoxStyle(
            font=_SerifEngines("Regular", size),
            font_size=size,  # the same as the engine's (pyHanko #733)
            leading=round(size * LEADING),
            text_color=(0, 0, 0),
            box_layout_rule=layout.SimpleBoxLayoutRule(
                layout.AxisAlignment.ALIGN_MIN, layout.AxisAlignment.ALIGN_MIN, no_margins
            ),
        ),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN,
            y_align=layout.AxisAlignment.ALIGN_MAX,
            margins=layout.Margins(PAD, PAD, PAD, _bottom_pad(size)),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT,
        ),
    )
    if turn:
        return _turned_style_class()(turn=turn, **settings)
    return TextStampStyle(**settings)


@cache
def _turned_style_class() -> Any:
    """A TextStampStyle whose stamp is laid out as displayed and turned back by the page's
    rotation through its form XObject's /Matrix (ISO 32000 12.5.5: the appearance box, so
    transformed, is fitted to the widget's /Rect)."""
    from pyhanko.pdf_utils import generic, layout
    from pyhanko.stamp import TextStampStyle
    from pyhanko.stamp.text import TextStamp

    class TurnedTextStamp(TextStamp):
        turn = 0

        def as_form_xobject(self) -> Any:
            xobject = super().as_form_xobject()
            a, b, c, d = {90: (0, 1, -1, 0), 180: (-1, 0, 0, -1), 270: (0, -1, 1, 0)}[self.turn]
            width, height = self.box.width, self.box.height
            e = {90: height, 180: width, 270: 0}[self.turn]
            f = {90: 0, 180: height, 270: width}[self.turn]
            xobject[generic.pdf_name("/Matrix")] = generic.ArrayObject(
                generic.FloatObject(v) for v in (a, b, c, d, e, f)
            )
            return xobject

    @dataclass(frozen=True)
    class TurnedTextStampStyle(TextStampStyle):
        turn: int = 0

        def create_stamp(self, writer: Any, box: Any, text_params: dict) -> Any:
            if self.turn in (90, 270) and box.width_defined and box.height_defined:
                box = layout.BoxConstraints(width=box.height, height=box.width)
            stamp = TurnedTextStamp(writer=writer, style=self, box=box, text_params=text_params)
            stamp.turn = self.turn
            return stamp

    return TurnedTextStampStyle


def stamp_size(lines: Sequence[str], font_size: float = FONT_SIZE) -> tuple[float, float]:
    """Width and height of the smallest box holding ``lines`` as ``text_stamp_style`` draws
    them (as displayed)."""
    size = _whole_size(font_size)
    if not lines:
        raise InvalidInput("stamp_text", "missing")
    widest = max(round(text_width(line, size)) for line in lines)  # pyHanko rounds each line
    return widest + 2 * PAD + 1, PAD + round(size * LEADING) * len(lines) + _bottom_pad(size)


def fewer_lines(lines: Sequence[str]) -> list[str]:
    """The same stamp on one line less: the last line (the signing time) joined to the one
    before it (the whole organisation, if it was folded), e.g. ["SAO Y", "Văn phòng UBND
    tỉnh Đắk Lắk, 26/11/2026 14:03:05 +07:00"]."""
    if len(lines) < 2:
        return list(lines)
    if len(lines) == 2:
        return [f"{lines[0]}, {lines[1]}"]
    return [lines[0], " ".join(lines[1:-1]) + f", {lines[-1]}"]


def top_right_box(
    page_width: float,
    page_height: float,
    lines: Sequence[str],
    font_size: float = FONT_SIZE,
    margin_right_pt: float = RIGHT_MARGIN_PT,
    margin_top_pt: float = TOP_MARGIN_PT,
) -> Box:
    """The ``stamp_size`` box with its top right corner ``margin_top_pt`` below the top and
    ``margin_right_pt`` left of the right edge, whatever lies there (signing/free_space.py
    finds a place clear of the page's ink)."""
    width, height = stamp_size(lines, font_size)
    x2, y2 = page_width - margin_right_pt, page_height - margin_top_pt
    return (max(x2 - width, 0.0), y2 - height, x2, y2)


def first_page_size(data: bytes | Path) -> tuple[float, float]:
    """Right and top edges of the first page's crop box (its width and height when it starts
    at 0, 0, as nearly always). /Rotate is not applied: pyHanko draws stamps in the page's own
    coordinates, so on a rotated page the text would turn with it; ND30 pages are portrait."""
    pdf = _open_pdf(data)
    try:
        if len(pdf) == 0:
            raise InvalidInput("file", "malformed", reason="no pages")
        _, _, right, top = pdf[0].get_cropbox()
        return float(right), float(top)
    finally:
        pdf.close()


def _whole_size(font_size: float) -> int:
    size = round(float(font_size))  # pyHanko writes "%d Tf": a fraction would misplace glyphs
    if not 4 <= size <= 72:
        raise ValueError(f"font size out of range: {font_size}")
    return size


def _bottom_pad(size: int) -> int:
    return round(size * 0.25 + 1)  # room for descenders and the dot below (ạ, ệ…)


# -- issue: the seal, the number and the date ---------------------------------------------


SEAL_MIN_LEFT_PT = 6.0  # a seal never starts nearer the page's left edge than this


def seal_box(
    approve_rect: Box, seal_diameter_pt: float = SEAL_DIAMETER_PT, page_left: float = 0.0
) -> Box:
    """A square for the seal, vertically centred on the official's signature image, its right
    edge a third of the way into that image: the seal covers the image's left third. A
    signature near the page's left edge (``page_left``: the page box's left) would push the
    seal off the page: it is moved right, inside, covering more of the image instead."""
    x1, y1, x2, y2 = _box(approve_rect)
    right, middle, half = x1 + (x2 - x1) / 3, (y1 + y2) / 2, seal_diameter_pt / 2
    shift = max(0.0, page_left + SEAL_MIN_LEFT_PT - (right - seal_diameter_pt))
    return (right - seal_diameter_pt + shift, middle - half, right + shift, middle + half)


def number_text(number: int | str, symbol: str | None = None) -> str:
    """ "Số: 05/QĐ-UBND" from (5, "QĐ-UBND") or from "5/QĐ-UBND"; numbers below 10 take a
    leading zero (ND30 I.II.3c)."""
    if symbol is None:
        return f"Số: {_notation(number)}"
    if isinstance(number, bool) or not re.fullmatch(r"\d+", str(number).strip()):
        raise InvalidInput("code_number", "malformed", value=number, expected="05")
    return f"Số: {_notation(f'{int(str(number).strip())}/{symbol}')}"


def date_text(day: dt.date, place: str | None = None) -> str:
    """ "ngày 05 tháng 01 năm 2026", after "Đắk Lắk, " when ``place`` is given: days below 10
    and the months 1 and 2 take a leading zero (ND30 I.II.4b)."""
    if isinstance(day, dt.datetime):
        day = day.astimezone(VN_TZ).date() if day.tzinfo else day.date()
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{_checked(place, 'place')}, {text}" if place else text


def _notation(value: Any) -> str:
    text = _checked(value, "code")
    found = re.fullmatch(r"(\d+)/(\S+)", text)
    if not found:
        raise InvalidInput("code", "malformed", value=value, expected="05/QĐ-UBND")
    if int(found.group(1)) < 1:
        raise InvalidInput("code_number", "out_of_range", value=found.group(1))
    return f"{int(found.group(1)):02d}/{found.group(2)}"


def _num(value: float) -> bytes:
    return (f"{value:.3f}".rstrip("0").rstrip(".") or "0").encode()


def _box(box: Any) -> Box:
    try:
        x1, y1, x2, y2 = (float(v) for v in box)
    except (TypeError, ValueError) as exc:
        raise InvalidInput("placement", "malformed", value=box) from exc
    x1, x2, y1, y2 = min(x1, x2), max(x1, x2), min(y1, y2), max(y1, y2)
    if x2 - x1 < 1 or y2 - y1 < 1:
        raise InvalidInput("placement", "malformed", value=box)
    return x1, y1, x2, y2


def _open_pdf(data: bytes | Path) -> Any:
    """The PDF's bytes, or its path (PDFium then reads only what it needs)."""
    import pypdfium2 as pdfium

    from signing.placement import file_error

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc
    except OSError as exc:
        raise file_error(exc, data) from exc


__all__ = [
    "COPY_FORMS",
    "FONT_SIZE",
    "SEAL_DIAMETER_PT",
    "SEAL_IMAGE",
    "attachment_lines",
    "copy_lines",
    "date_text",
    "first_page_size",
    "number_text",
    "seal_box",
    "serif_font",
    "signing_time_text",
    "text_stamp_style",
    "text_width",
    "top_right_box",
    "warm_fonts",
]
