"""What pdfium draws for a page in one revision of a file, and whether two revisions draw a
page the same (signing/revisions.py uses it where the object-level analysis cannot justify a
change).

A revision is the file cut just after the ``%%EOF`` that ends it (for a signed revision: the
end of the signature's byte range): that is exactly the file the signer had. Each page is
drawn by pdfium in grayscale at 72 dpi WITHOUT annotations and form widgets: only the page
content. (Annotations, signature widgets and stamps are judged object by object; drawing them
here would let a later widget or stamp cover a change of the page underneath, or make every
new signature look like a difference.)

Two drawings are the same when they have the same size and no pixel differs by more than
``TOLERANCE`` grey levels (anti-aliasing of identical content is identical in one pdfium
build; the tolerance only absorbs rounding). At 72 dpi a changed digit of 10-point text
changes dozens of pixels, well above that; what pdfium does not draw (hidden layers, content
outside the crop box) is out of reach of this comparison.

pdfium is not thread-safe: every call here holds one lock. At most ``MAX_DRAWINGS`` pages
are drawn per file; past that a page "cannot be drawn" (the change cannot be told).
"""

from __future__ import annotations

from typing import Any

from app.pdf import PDFIUM_LOCK

SCALE = 1.0  # 72 dpi
TOLERANCE = 48  # grey levels
MAX_DRAWINGS = 240  # per file: a hostile file cannot keep pdfium busy for minutes
_PDFIUM = PDFIUM_LOCK  # one lock for every use of PDFium in the process (app/pdf.py)


class PageRenderer:
    """Drawings of the pages of the revisions of one file, made when first needed."""

    def __init__(self, data: bytes, reader: Any) -> None:
        self.data = data
        self.reader = reader
        self._drawings: dict[tuple[int, int], Any] = {}
        self._counts: dict[int, int | None] = {}

    def revision_end(self, revision: int) -> int | None:
        """Where ``revision`` ends in the file (just after its ``%%EOF`` line)."""
        try:
            start = int(self.reader.xrefs.get_startxref_for_revision(revision))
        except Exception:
            return None
        end = self.data.find(b"%%EOF", start)
        if end < 0:
            return None
        end += 5
        for eol in (b"\r\n", b"\n", b"\r"):  # the end-of-line that closes the marker
            if self.data.startswith(eol, end):
                return end + len(eol)
        return end

    def _open(self, revision: int) -> Any:
        import pypdfium2 as pdfium

        end = self.revision_end(revision)
        if end is None:
            return None
        try:
            return pdfium.PdfDocument(self.data[:end])
        except Exception:
            return None

    def page_count(self, revision: int) -> int | None:
        if revision not in self._counts:
            with _PDFIUM:
                pdf = self._open(revision)
                try:
                    self._counts[revision] = None if pdf is None else len(pdf)
                finally:
                    if pdf is not None:
                        pdf.close()
        return self._counts[revision]

    def drawing(self, revision: int, index: int) -> Any:
        """The page's content as a grayscale PIL image, or None when pdfium cannot draw
        it."""
        key = (revision, index)
        if key not in self._drawings:
            if len(self._drawings) >= MAX_DRAWINGS:
                return None
            with _PDFIUM:
                self._drawings[key] = self._draw(revision, index)
        return self._drawings[key]

    def _draw(self, revision: int, index: int) -> Any:
        pdf = self._open(revision)
        if pdf is None:
            return None
        try:
            if index >= len(pdf):
                return None
            page = pdf[index]
            bitmap = page.render(
                scale=SCALE, may_draw_forms=False, draw_annots=False, grayscale=True
            )
            image = bitmap.to_pil().convert("L")
            bitmap.close()
            page.close()
            return image
        except Exception:
            return None
        finally:
            pdf.close()

    def same_page(self, before: int, after: int, index: int) -> bool | None:
        """Does page ``index`` (0-based) draw the same in both revisions? None: it could not
        be drawn."""
        from PIL import ImageChops

        a, b = self.drawing(before, index), self.drawing(after, index)
        if a is None or b is None:
            return None
        if a.size != b.size:
            return False
        if a.tobytes() == b.tobytes():
            return True
        mask = ImageChops.difference(a, b).point(lambda v: 255 if v > TOLERANCE else 0)
        return mask.getbbox() is None


__all__ = ["MAX_DRAWINGS", "SCALE", "TOLERANCE", "PageRenderer"]
