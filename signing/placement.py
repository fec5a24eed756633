"""Where a signature goes on the page: an existing empty field, a page box, or a box found
under an anchor text (PDFium text search)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from app.errors import InvalidInput

PdfSource = Path | bytes  # what PDFium opens: a path (read lazily) or the bytes

APPROVE_FIELD_PREFIX = "PheDuyet"
ANCHOR_BOX_SIZE = (150.0, 62.5)  # points: the sample image's 12:5 ratio, about 5 cm wide
ANCHOR_GAP = 2.0  # points between the anchor line and the top of the image box


@dataclass(frozen=True)
class Placement:
    """Where the signature goes: an existing empty ``field``; or a ``page`` (1-based) and a
    ``box`` (x1, y1, x2, y2 in PDF points from the bottom-left); or an ``anchor`` text, the
    image then going centred just below the line holding it (``size`` = its width, height)."""

    field: str | None = None
    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    anchor: str | None = None
    size: tuple[float, float] = ANCHOR_BOX_SIZE

    def __post_init__(self) -> None:
        by_field = self.field is not None
        by_box = self.page is not None or self.box is not None
        by_anchor = self.anchor is not None
        if by_field + by_box + by_anchor != 1:
            raise InvalidInput(
                "placement", "ambiguous" if by_field + by_box + by_anchor else "missing"
            )
        if by_field and not self.field:
            raise InvalidInput("placement", "missing", value=self.field)
        if by_anchor and not self.anchor.strip():
            raise InvalidInput("placement", "missing", value=self.anchor)
        if by_box:
            if self.page is None or self.box is None:
                raise InvalidInput("placement", "missing", value=(self.page, self.box))
            if self.page < 1:
                raise InvalidInput("placement", "page_out_of_range", value=self.page)
            x1, y1, x2, y2 = self.box
            if not (x2 > x1 and y2 > y1):
                raise InvalidInput("placement", "malformed", value=self.box)
        width, height = self.size
        if width <= 0 or height <= 0:
            raise InvalidInput("placement", "malformed", value=self.size)


# -- placement ---------------------------------------------------------------------------


def resolve_placement(
    writer: Any, source: PdfSource, placement: Placement, prefix: str = APPROVE_FIELD_PREFIX
) -> tuple[str, int | None, tuple[float, float, float, float] | None]:
    """(field name, 0-based page or None, box or None); a None page means an existing field.
    ``writer`` is the document opened for the new revision, ``source`` its file (for PDFium)."""
    from pyhanko.sign import fields

    existing = {name: filled for name, filled in signature_fields(writer, fields)}
    if placement.field is not None:
        if placement.field not in existing:
            raise InvalidInput("placement", "no_such_field", value=placement.field)
        if existing[placement.field]:
            raise InvalidInput("placement", "field_signed", value=placement.field)
        return placement.field, None, None
    name = new_field_name(existing, prefix)
    pages = page_count(writer)
    if placement.anchor is not None:
        page_ix, box = _anchor_box(source, placement.anchor, placement.size)
        return name, page_ix, box
    assert placement.page is not None and placement.box is not None
    if placement.page > pages:
        raise InvalidInput("placement", "page_out_of_range", value=placement.page)
    return name, placement.page - 1, tuple(float(v) for v in placement.box)  # type: ignore[return-value]


def signature_fields(writer: Any, fields: Any) -> list[tuple[str, bool]]:
    try:
        return [
            (name, value is not None or _read_only(ref))
            for name, value, ref in fields.enumerate_sig_fields(writer)
        ]
    except Exception as exc:  # a damaged AcroForm
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc


def _read_only(ref: Any) -> bool:
    """A read-only field is never offered for signing: files issued by earlier versions wrote
    the number and date as read-only unsigned signature fields (now text fields)."""
    try:
        return bool(int(ref.get_object().get("/Ff", 0)) & 1)
    except Exception:
        return False


def new_field_name(existing: dict[str, bool] | set[str], prefix: str) -> str:
    n = 1
    while f"{prefix}{n}" in existing:
        n += 1
    return f"{prefix}{n}"


def page_count(writer: Any) -> int:
    try:
        return int(writer.root["/Pages"]["/Count"])
    except Exception as exc:
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc


def _anchor_box(
    source: PdfSource, anchor: str, size: tuple[float, float]
) -> tuple[int, tuple[float, float, float, float]]:
    """The first page holding ``anchor``: a box of ``size`` centred under the matched text,
    its top just below the lowest point of the line's matched characters. Both the anchor and
    the page text are compared in NFC, case and runs of spaces ignored: an anchor typed in
    decomposed Unicode (NFD) finds the text, and so does a page whose text layer is NFD."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(source)
    except pdfium.PdfiumError as exc:
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc
    except OSError as exc:
        raise file_error(exc, source) from exc
    try:
        for page_ix in range(len(pdf)):
            text = PageText(pdf[page_ix])
            chars = text.search(anchor)
            if chars is None:
                continue
            boxes = [text.textpage.get_charbox(i) for i in chars if not text.blank[i]]
            boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]]  # skip spaces
            if not boxes:
                continue
            left = min(b[0] for b in boxes)
            right = max(b[2] for b in boxes)
            bottom = min(b[1] for b in boxes)
            width, height = size
            centre = (left + right) / 2
            top = bottom - ANCHOR_GAP
            return page_ix, (centre - width / 2, top - height, centre + width / 2, top)
    finally:
        pdf.close()
    raise InvalidInput("placement", "anchor_not_found", value=anchor)


def suggested_box(
    source: PdfSource, anchor: str, size: tuple[float, float] = ANCHOR_BOX_SIZE
) -> tuple[int, tuple[float, float, float, float]] | None:
    """Where ``Placement(anchor=…)`` would put the image — (0-based page, box in PDF points)
    — for the window to show it before signing; None when the text is on no page."""
    from app.pdf import PDFIUM_LOCK

    if not anchor or not anchor.strip():
        return None
    with PDFIUM_LOCK:
        try:
            return _anchor_box(source, anchor, size)
        except InvalidInput as exc:
            if exc.problem == "anchor_not_found":
                return None
            raise


class PageText:
    """A page's characters as one NFC string (``text``), each position mapped to PDFium's
    char indices (``index``): a base letter and the combining marks a text layer may keep
    apart (NFD) become one character. ``blank[i]``: PDFium's char ``i`` is a space or one it
    generated (line breaks)."""

    def __init__(self, page: Any) -> None:
        import unicodedata

        import pypdfium2.raw as pdfium_c

        self.page, self.textpage = page, page.get_textpage()
        self.raw = self.textpage.raw
        chars: list[str] = []
        self.index: list[list[int]] = []
        self.blank: list[bool] = []
        for i in range(self.textpage.count_chars()):
            ch = chr(pdfium_c.FPDFText_GetUnicode(self.raw, i))
            self.blank.append(ch.isspace() or pdfium_c.FPDFText_IsGenerated(self.raw, i) == 1)
            if chars and unicodedata.combining(ch):
                merged = unicodedata.normalize("NFC", chars[-1] + ch)
                if len(merged) == 1:
                    chars[-1] = merged
                    self.index[-1].append(i)
                    continue
            chars.append(ch)
            self.index.append([i])
        self.text = "".join(chars)

    def search(self, needle: str) -> list[int] | None:
        """PDFium char indices of the first match of ``needle`` (NFC, case and runs of spaces
        ignored), or None."""
        wanted = _folded(needle)[0].strip()
        if not wanted:
            return None
        folded, where = _folded(self.text)
        at = folded.find(wanted)
        if at < 0:
            return None
        first, last = where[at], where[at + len(wanted) - 1]
        return [i for group in self.index[first : last + 1] for i in group]


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` in NFC, lower case, each run of spaces one space; and for each character of
    the result, its position in ``text`` (after NFC, which the page text already is)."""
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    where: list[int] = []
    for pos, ch in enumerate(text):
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        else:
            low = ch.lower()
            ch = low if len(low) == 1 else ch
        out.append(ch)
        where.append(pos)
    return "".join(out), where


def file_error(exc: OSError, path: Any) -> InvalidInput:
    """A file that cannot be opened, said as it is: not found, not a file, or no permission."""
    if isinstance(exc, FileNotFoundError):
        return InvalidInput("file", "not_found", value=str(path))
    if isinstance(exc, IsADirectoryError | NotADirectoryError):
        return InvalidInput("file", "not_a_file", value=str(path))
    if isinstance(exc, PermissionError):
        return InvalidInput("file", "unreadable", value=str(path))
    return InvalidInput("file", "io_error", value=str(path), reason=exc.strerror or str(exc))


def open_writer(source: bytes | BinaryIO) -> Any:
    """The document opened for a new incremental revision; a stream is read lazily (a 200 MB
    file is not loaded into memory)."""
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        return IncrementalPdfFileWriter(stream, strict=False)
    except Exception as exc:  # PdfReadError and whatever a damaged file makes the parser raise
        raise InvalidInput("file", "malformed", reason=str(exc)) from exc
