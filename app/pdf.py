"""PDF checks and text extraction with pypdfium2 (PDFium).

PDFium is not thread-safe: every use of it, in any room, holds ``PDFIUM_LOCK`` (re-entrant, so
a function holding it may call another that takes it)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from app.errors import InvalidInput

PDFIUM_LOCK = threading.RLock()
_PDFIUM_LOCK = PDFIUM_LOCK
MAX_TEXT_CHARS = 2_000_000  # a 1,000-page document's text; more is not useful for search


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    size: int


def check_pdf(path: Path, field: str = "file") -> PdfInfo:
    """Refuse what is not a whole, readable PDF: a missing file, another format wearing a
    .pdf name, a truncated or damaged file, an encrypted one we cannot index."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as stream:
            head = stream.read(1024)
            stream.seek(max(0, size - 2048))
            tail = stream.read()
    except FileNotFoundError:
        raise InvalidInput(field, "not_found", value=str(path)) from None
    except IsADirectoryError:
        raise InvalidInput(field, "not_a_file", value=str(path)) from None
    except PermissionError:
        raise InvalidInput(field, "unreadable", value=str(path)) from None
    if size == 0:
        raise InvalidInput(field, "empty", value=str(path))
    if b"%PDF-" not in head:
        raise InvalidInput(field, "not_pdf", value=str(path))
    if b"%%EOF" not in tail:
        raise InvalidInput(field, "truncated_pdf", value=str(path))
    import pypdfium2 as pdfium

    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            problem = "encrypted_pdf" if "password" in str(exc).lower() else "damaged_pdf"
            raise InvalidInput(field, problem, value=str(path)) from None
        try:
            pages = len(pdf)
            if pages == 0:
                raise InvalidInput(field, "damaged_pdf", value=str(path))
            pdf[0].close()
        except pdfium.PdfiumError:
            raise InvalidInput(field, "damaged_pdf", value=str(path)) from None
        finally:
            pdf.close()
    return PdfInfo(pages, size)


def first_page_text(path: Path) -> str:
    """The text of the first page ('' when it has none, as a scan; InvalidInput when the
    file is not a PDF PDFium can open)."""
    return extract_text(path, max_pages=1)[0]


def extract_text(path: Path, *, max_pages: int | None = None) -> tuple[str, int]:
    """The text of every page (page breaks as blank lines) and the page count."""
    import pypdfium2 as pdfium

    parts: list[str] = []
    total = 0
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            problem = "encrypted_pdf" if "password" in str(exc).lower() else "damaged_pdf"
            raise InvalidInput("file", problem, value=str(path)) from None
        try:
            pages = len(pdf)
            for index in range(min(pages, max_pages or pages)):
                page = pdf[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        text = textpage.get_text_bounded()
                    finally:
                        textpage.close()
                finally:
                    page.close()
                parts.append(text)
                total += len(text)
                if total >= MAX_TEXT_CHARS:
                    break
        finally:
            pdf.close()
    return "\n\n".join(parts)[:MAX_TEXT_CHARS], pages


__all__ = [
    "MAX_TEXT_CHARS",
    "PDFIUM_LOCK",
    "PdfInfo",
    "check_pdf",
    "extract_text",
    "first_page_text",
]
