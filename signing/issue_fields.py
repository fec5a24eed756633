"""The issue role's number and date (domain.md §6): where the draft shows them, and the
read-only text form fields that carry them.

Why text fields: validators list every signature field, so the unsigned signature fields this
module used to write showed up as empty signatures (pdfsig: "not signed"; Acrobat and the
Vietnamese validators: empty signature fields). A text field is no signature.

Why made when the official approves: after a signature, pyHanko's difference analysis (the
strictest judge we know, and the one vanthu verify starts from) accepts new *signature* fields
and changes to the value and appearance of fields that already exist; a new text field or a
FreeText annotation is "not allowed" there. So the official's approval revision also adds two
empty, read-only text fields over the draft's "Số: …" and "ngày … tháng … năm …" places
(``add_placeholders``), which the official's signature covers; the clerk's issue revision fills
them (value and appearance, ``write_number_and_date``) before the organisation signs. pyHanko
then calls the change form filling, and the organisation's signature covers the filled fields.

An approval made by other software has no such fields: the issue revision then adds them
itself. Validators still count only the real signatures and Acrobat reports a form field
added, but pyHanko's default policy reports that revision as unexplained for the official's
signature (vanthu verify then compares what the pages draw).
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import InvalidInput
from signing.appearance import (
    Box,
    _box,
    _checked,
    _metrics,
    _num,
    _open_pdf,
    _SerifEngines,
    text_width,
)
from signing.placement import PageText

NUMBER_FIELD = "SoKyHieu"
DATE_FIELD = "NgayBanHanh"
READ_ONLY = 1  # field flag (ISO 32000 12.7.3.1)
WIDGET_FLAGS = 4 | 64 | 128  # Print | ReadOnly | Locked (12.5.3): shown, printed, not editable


@dataclass(frozen=True)
class IssuePlaces:
    """Where the draft shows its number line and its date; ``*_origin`` is where the first
    character of the replaced text starts on its baseline."""

    number_page: int  # 0-based
    number_box: Box  # what to cover, padded
    number_font_size: float
    number_origin: tuple[float, float]
    number_italic: bool
    date_page: int
    date_box: Box
    date_font_size: float
    date_origin: tuple[float, float]
    date_italic: bool


_SPACE = r"[ \t\u00a0]"
# "Số:      /QĐ-UBND", "Số: .../QĐ-UBND", "Số:   /2026/NĐ-CP"; the symbol has no space
NUMBER_LINE = re.compile(rf"Số{_SPACE}*:[ \t\u00a0.…_\d]*/\S+")
# "ngày      tháng      năm 2026", "ngày … tháng … năm …", "ngày 20 tháng 11 năm 20.."
DATE_LINE = re.compile(
    rf"ngày[ \t\u00a0.…_\d]*tháng[ \t\u00a0.…_\d]*năm(?:{_SPACE}*[.…_\d]+)*", re.IGNORECASE
)


def find_issue_places(data: bytes | Path, max_pages: int | None = None) -> IssuePlaces:
    """The draft's "Số: …/…" line (the topmost, on the first page that has one) and the date
    "ngày … tháng … năm …" on the same line or near it (ND30 puts them side by side).
    ``max_pages``: look at the first pages only."""
    pdf = _open_pdf(data)
    try:
        for page_ix in range(min(len(pdf), max_pages or len(pdf))):
            text = _PlacesText(pdf[page_ix])
            numbers = [text.place(m) for m in NUMBER_LINE.finditer(text.text)]
            if not numbers:
                continue
            number = max(numbers, key=lambda p: p[2][1])  # the topmost
            dates = [text.place(m) for m in DATE_LINE.finditer(text.text)]
            near = [d for d in dates if abs(d[2][1] - number[2][1]) <= 3 * number[1]]
            if not near:
                raise InvalidInput("placement", "date_place_not_found")
            date = min(near, key=lambda p: abs(p[2][1] - number[2][1]))
            return IssuePlaces(page_ix, *number, page_ix, *date)
    finally:
        pdf.close()
    raise InvalidInput("placement", "number_place_not_found")


class _PlacesText(PageText):
    def place(self, match: re.Match[str]) -> tuple[Box, float, tuple[float, float], bool]:
        """(box to cover, font size, origin of the first character, italic?) of a match."""
        import ctypes

        import pypdfium2.raw as pdfium_c

        end = match.start() + len(match.group().rstrip())
        chars = [i for group in self.index[match.start() : end] for i in group]
        boxes = [self.textpage.get_charbox(i) for i in chars if not self.blank[i]]
        first = next(i for i in chars if not self.blank[i])
        x, y = ctypes.c_double(), ctypes.c_double()
        pdfium_c.FPDFText_GetCharOrigin(self.raw, first, ctypes.byref(x), ctypes.byref(y))
        matrix = pdfium_c.FS_MATRIX()  # text matrix × CTM: "1 Tf" scaled by 13 is 13 pt
        pdfium_c.FPDFText_GetMatrix(self.raw, first, ctypes.byref(matrix))
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
        size = float(pdfium_c.FPDFText_GetFontSize(self.raw, first)) * scale
        if not 3 <= size <= 100:  # no usable size: guess it from the glyphs' height
            size = max(b[3] - b[1] for b in boxes) / 0.75
        name = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        pdfium_c.FPDFText_GetFontInfo(self.raw, first, name, 256, ctypes.byref(flags))
        family = name.value.decode("latin-1").lower()
        italic = bool(flags.value & 64) or "italic" in family or "oblique" in family
        m = _metrics("Italic" if italic else "Regular")
        x1 = min(b[0] for b in boxes) - 1
        x2 = max(b[2] for b in boxes) + 1
        y1 = min(min(b[1] for b in boxes), y.value + m.descent * size) - 1
        y2 = max(max(b[3] for b in boxes), y.value + m.ascent * size) + 1
        x2 = max(x2, min(x2 + 2 * size, self._next_left(chars[-1], y.value, size) - 1))
        return (x1, y1, x2, y2), size, (x.value, y.value), italic

    def _next_left(self, last: int, baseline: float, size: float) -> float:
        """Left edge of the next visible character on the same line, else the page's right."""
        for i in range(last + 1, len(self.blank)):
            if self.blank[i]:
                continue
            left, bottom, _, top = self.textpage.get_charbox(i)
            if bottom - size <= baseline <= top + size:
                return left
            break
        return float(self.page.get_cropbox()[2])


# -- the text fields -----------------------------------------------------------------------


def add_placeholders(writer: Any, source: bytes | Path) -> bool:
    """On a draft that shows the number and date places on its first page and has no number
    fields yet, add the two empty read-only text fields the issue role fills later. Called by
    the approval role before the official signs; False (and nothing added) otherwise."""
    if any(name.startswith((NUMBER_FIELD, DATE_FIELD)) for name in _text_fields(writer)):
        return False
    try:
        places = find_issue_places(source, max_pages=1)
    except InvalidInput as exc:
        if exc.problem in ("number_place_not_found", "date_place_not_found"):
            return False
        raise
    names = _all_field_names(writer)
    for prefix, page_ix, box in (
        (NUMBER_FIELD, places.number_page, places.number_box),
        (DATE_FIELD, places.date_page, places.date_box),
    ):
        name = _new_name(names, prefix)
        names.add(name)
        _new_text_field(writer, page_ix, _box(box), name)
    return True


def write_number_and_date(
    writer: Any, places: IssuePlaces, number_text: str, date_text: str
) -> tuple[str, str]:
    """Fill the empty number and date fields the approval left (else add new ones) with the
    texts' appearances: the place painted white, the text written over it at the draft's own
    baseline and size. Part of the revision the organisation signs. Returns the field names."""
    names = []
    for prefix, page_ix, box, text, size, origin, italic in (
        (NUMBER_FIELD, places.number_page, places.number_box, number_text,
         places.number_font_size, places.number_origin, places.number_italic),
        (DATE_FIELD, places.date_page, places.date_box, date_text,
         places.date_font_size, places.date_origin, places.date_italic),
    ):  # fmt: skip
        names.append(
            fill_text_field(writer, page_ix, box, text, size, prefix, origin=origin, italic=italic)
        )
    return names[0], names[1]


def fill_text_field(
    writer: Any,
    page_ix: int,
    box: Box,
    text: str,
    font_size: float,
    prefix: str,
    *,
    origin: tuple[float, float] | None = None,
    italic: bool = False,
) -> str:
    """Write ``text`` in the empty read-only text field named ``prefix…`` on page
    ``page_ix`` (0-based), else in a new one over ``box``: its appearance paints the field's
    box white and writes ``text`` from ``origin`` (x, baseline) if given, else from the box's
    left, vertically centred; the text shrinks if it would not fit. Returns the field's name."""
    from pyhanko.pdf_utils import generic

    style = "Italic" if italic else "Regular"
    text = _checked(text, "stamp_text", style)
    size = float(font_size)
    if not 3 <= size <= 100:
        raise ValueError(f"font size out of range: {font_size}")
    if page_ix < 0 or page_ix >= _page_count(writer):
        raise InvalidInput("placement", "page_out_of_range", value=page_ix + 1)
    found = _empty_field(writer, prefix, page_ix)
    if found is None:
        names = _all_field_names(writer)
        name = _new_name(names, prefix)
        field = _new_text_field(writer, page_ix, _box(box), name).get_object()
    else:
        name, field = found
    x1, y1, x2, y2 = _box(list(field["/Rect"]))
    appearance = _appearance(writer, x1, y1, x2, y2, text, size, style, origin)
    field[generic.pdf_name("/AP")] = generic.DictionaryObject({generic.pdf_name("/N"): appearance})
    field[generic.pdf_name("/V")] = generic.TextStringObject(text)
    writer.update_container(field)
    return name


def _appearance(
    writer: Any,
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    text: str,
    size: float,
    style: str,
    origin: tuple[float, float] | None,
) -> Any:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import init_xobject_dictionary

    width, height = x2 - x1, y2 - y1
    x, baseline = origin if origin is not None else (x1 + 1, None)
    x = min(max(x - x1, 0.0), width)
    fits = width - x - 1
    if text_width(text, size, style) > fits:
        size *= max(fits, 1.0) / text_width(text, size, style)
    m = _metrics(style)
    if baseline is None or not y1 <= baseline <= y2:
        y = height / 2 - (m.ascent + m.descent) / 2 * size
    else:
        y = baseline - y1
    engine = _overlay_engine(writer, style)
    shaped = engine.shape(text)
    ops = b"/Tx BMC q 1 1 1 rg 0 0 %s %s re f Q BT 0 g /F1 %s Tf %s %s Td %s ET EMC" % (
        *(_num(v) for v in (width, height, size, x, y)),
        shaped.graphics_ops,
    )
    fonts = generic.DictionaryObject({generic.pdf_name("/F1"): engine.as_resource()})
    resources = generic.DictionaryObject({generic.pdf_name("/Font"): fonts})
    return writer.add_object(init_xobject_dictionary(ops, width, height, resources))


def _new_text_field(writer: Any, page_ix: int, box: Box, name: str) -> Any:
    """A read-only text field merged with its widget on page ``page_ix``, its appearance
    empty (nothing drawn until it is filled), registered in the form and on the page."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import init_xobject_dictionary

    pdf_name = generic.pdf_name
    form = _acroform(writer)
    page_ref, _ = writer.find_page_for_modification(page_ix)
    x1, y1, x2, y2 = box
    empty = writer.add_object(init_xobject_dictionary(b"", x2 - x1, y2 - y1))
    field = generic.DictionaryObject(
        {
            pdf_name("/Type"): pdf_name("/Annot"),
            pdf_name("/Subtype"): pdf_name("/Widget"),
            pdf_name("/FT"): pdf_name("/Tx"),
            pdf_name("/T"): generic.TextStringObject(name),
            pdf_name("/Ff"): generic.NumberObject(READ_ONLY),
            pdf_name("/F"): generic.NumberObject(WIDGET_FLAGS),
            pdf_name("/Rect"): generic.ArrayObject(generic.FloatObject(v) for v in box),
            pdf_name("/P"): page_ref,
            pdf_name("/DA"): generic.TextStringObject("/Helv 0 Tf 0 g"),
            pdf_name("/AP"): generic.DictionaryObject({pdf_name("/N"): empty}),
        }
    )
    ref = writer.add_object(field)
    _append(writer, form, "/Fields", ref)
    _append(writer, page_ref.get_object(), "/Annots", ref)
    return ref


def _acroform(writer: Any) -> Any:
    """The document's form dictionary, made if missing, with Helvetica as /Helv in its
    default resources (the fields' /DA names it; viewers only use it if asked to redraw)."""
    from pyhanko.pdf_utils import generic

    pdf_name = generic.pdf_name
    root = writer.root
    if "/AcroForm" not in root:
        root[pdf_name("/AcroForm")] = writer.add_object(
            generic.DictionaryObject({pdf_name("/Fields"): generic.ArrayObject()})
        )
        writer.update_root()
    form = root["/AcroForm"]
    if "/Fields" not in form:
        form[pdf_name("/Fields")] = generic.ArrayObject()
        _changed(writer, root, "/AcroForm", form)
    resources = form.get("/DR")
    if resources is None:
        resources = generic.DictionaryObject()
        form[pdf_name("/DR")] = resources
        _changed(writer, root, "/AcroForm", form)
    fonts = resources.get("/Font")
    if fonts is None:
        fonts = generic.DictionaryObject()
        resources[pdf_name("/Font")] = fonts
        _changed(writer, form, "/DR", resources)
    if "/Helv" not in fonts:
        fonts[pdf_name("/Helv")] = generic.DictionaryObject(
            {
                pdf_name("/Type"): pdf_name("/Font"),
                pdf_name("/Subtype"): pdf_name("/Type1"),
                pdf_name("/BaseFont"): pdf_name("/Helvetica"),
                pdf_name("/Encoding"): pdf_name("/WinAnsiEncoding"),
            }
        )
        _changed(writer, resources, "/Font", fonts)
    return form


def _append(writer: Any, holder: Any, key: str, ref: Any) -> None:
    from pyhanko.pdf_utils import generic

    if key not in holder:
        holder[generic.pdf_name(key)] = generic.ArrayObject()
    holder[key].append(ref)
    _changed(writer, holder, key, holder[key])


def _changed(writer: Any, holder: Any, key: str, value: Any) -> None:
    """Mark ``value`` (held at ``holder[key]``) as changed in this revision: the indirect
    object itself if it is one, else the nearest indirect container holding it."""
    from pyhanko.pdf_utils import generic

    raw = holder.raw_get(key)
    writer.update_container(value if isinstance(raw, generic.IndirectObject) else holder)


def _text_fields(writer: Any) -> dict[str, Any]:
    """Top-level text fields by name (the ones this module writes are all top-level)."""
    out: dict[str, Any] = {}
    try:
        for ref in _field_refs(writer):
            field = ref.get_object()
            if field.get("/FT") == "/Tx" and "/T" in field:
                out[str(field["/T"])] = field
    except Exception as exc:  # a damaged AcroForm
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc
    return out


def _all_field_names(writer: Any) -> set[str]:
    try:
        return {str(r.get_object().get("/T")) for r in _field_refs(writer)}
    except Exception as exc:
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc


def _field_refs(writer: Any) -> list[Any]:
    root = writer.root
    if "/AcroForm" not in root or "/Fields" not in root["/AcroForm"]:
        return []
    return list(root["/AcroForm"]["/Fields"])


def _empty_field(writer: Any, prefix: str, page_ix: int) -> tuple[str, Any] | None:
    """The first empty read-only text field named ``prefix<n>`` on page ``page_ix``."""
    page_ref, _ = writer.find_page_for_modification(page_ix)
    for name, field in sorted(_text_fields(writer).items()):
        if not re.fullmatch(rf"{prefix}\d+", name) or "/V" in field or "/Rect" not in field:
            continue
        if not int(field.get("/Ff", 0)) & READ_ONLY:
            continue
        target = field.raw_get("/P") if "/P" in field else None
        if target is not None and getattr(target, "idnum", None) != page_ref.idnum:
            continue
        return name, field
    return None


def _new_name(existing: set[str], prefix: str) -> str:
    n = 1
    while f"{prefix}{n}" in existing:
        n += 1
    return f"{prefix}{n}"


def _page_count(writer: Any) -> int:
    try:
        return int(writer.root["/Pages"]["/Count"])
    except Exception as exc:
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc


_ENGINES: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()
_ENGINE_LOCK = threading.Lock()


def _overlay_engine(writer: Any, style: str) -> Any:
    """One font engine per writer and style: both fields share one embedded subset."""
    with _ENGINE_LOCK:
        engines = _ENGINES.setdefault(writer, {})
        if style not in engines:
            engines[style] = _SerifEngines(style).create_font_engine(writer)
        return engines[style]


__all__ = [
    "DATE_FIELD",
    "NUMBER_FIELD",
    "IssuePlaces",
    "add_placeholders",
    "fill_text_field",
    "find_issue_places",
    "write_number_and_date",
]
