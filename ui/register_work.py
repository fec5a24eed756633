"""What the registration dialog asks of the core, as plain blocking functions that run in the
background (through ``session.tasks``): looking at a chosen file (is it a readable PDF, what
does its first page say, which directory entry is its issuer, a small picture of it), the
duplicates of a draft with the documents they point at, the incoming registers. No Qt here
except for the picture's pixels, which the GUI thread turns into a QImage."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.documents import DocumentService, key_hash, triple_hash
from app.drafts import IncomingDraft
from app.errors import AppError, DuplicateMatch, InvalidInput
from app.model import Direction, Document, Register
from app.pdf import PDFIUM_LOCK, PdfInfo, check_pdf
from app.prefill import Prefill, prefill_from_pdf
from app.textfold import fold

log = logging.getLogger("vanthu.ui")
THUMBNAIL_WIDTH = 180  # pixels of the first page's picture beside the form


@dataclass(frozen=True)
class Thumbnail:
    """A first page as RGBX pixels (the GUI thread wraps them in a QImage)."""

    pixels: bytes
    width: int
    height: int
    stride: int


@dataclass(frozen=True)
class IssuerGuess:
    """The directory's entry for the issuer the first page names, when one fits."""

    organ_id: str
    name: str


@dataclass(frozen=True)
class FileFacts:
    """What the dialog learns from a chosen file: either ``error`` (the file is refused and
    why) or the PDF's facts and the suggestions read off its first page."""

    path: Path
    error: AppError | None = None
    info: PdfInfo | None = None
    prefill: Prefill = field(default_factory=Prefill)
    issuer: IssuerGuess | None = None
    candidates: tuple[Any, ...] = ()  # directory entries the issuer's name matches
    thumbnail: Thumbnail | None = None


@dataclass(frozen=True)
class DuplicateRow:
    """One registered document a draft seems to repeat, and why."""

    match: DuplicateMatch
    document: Document | None  # None: it could not be read (deleted meanwhile)
    reasons: tuple[str, ...] = ()  # every reason that holds, the core's first


def inspect_file(
    path: Path, exchange: Any = None, *, thumbnail_width: int = THUMBNAIL_WIDTH
) -> FileFacts:
    """Check the file, read its suggestions, find its issuer in the directory and draw its
    first page. Only a refused file is an error; a failed suggestion leaves fields empty."""
    path = Path(path)
    try:
        info = check_pdf(path)
    except InvalidInput as exc:
        return FileFacts(path, error=exc)
    try:
        prefill = prefill_from_pdf(path)
    except AppError as exc:  # a PDF pdfium opened once and not twice: no suggestions
        log.warning("no suggestions from %s: %s", path, exc)
        prefill = Prefill()
    issuer, candidates = guess_issuer(prefill, exchange)
    picture = None
    if thumbnail_width > 0:
        try:
            picture = render_thumbnail(path, thumbnail_width)
        except Exception:  # a picture is a nicety; its failure is logged, never shown
            log.warning("no thumbnail of %s", path, exc_info=True)
    return FileFacts(path, None, info, prefill, issuer, tuple(candidates), picture)


def guess_issuer(prefill: Prefill, exchange: Any) -> tuple[IssuerGuess | None, list[Any]]:
    """The directory entry named on the first page: the one whose name is the printed name
    (diacritics and case aside), or the only one the words find. None when the directory is
    empty or the name is ambiguous (the clerk then picks among ``candidates``)."""
    wanted = prefill.issuer_printed or prefill.issuer_name
    if not wanted or exchange is None:
        return None, []
    candidates = list(exchange.search_directory(wanted, 20))
    exact = [a for a in candidates if fold(a.name) == fold(wanted)]
    if len(exact) == 1:
        return IssuerGuess(exact[0].organ_id, exact[0].name), candidates
    if len(candidates) == 1:
        return IssuerGuess(candidates[0].organ_id, candidates[0].name), candidates
    return None, candidates


def render_thumbnail(path: Path, width: int) -> Thumbnail:
    """The first page, ``width`` pixels wide, on white, with form fields (signature stamps)
    drawn. PDFium is not thread-safe: the whole drawing holds its lock."""
    import pypdfium2 as pdfium

    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            pdf.init_forms()
            page = pdf[0]
            try:
                scale = width / max(page.get_width(), 1.0)
                bitmap = page.render(
                    scale=scale, may_draw_forms=True, rev_byteorder=True, prefer_bgrx=True,
                    fill_color=(255, 255, 255, 255),
                )  # fmt: skip
                try:
                    return Thumbnail(
                        bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride
                    )
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            pdf.close()


def find_duplicates(
    documents: DocumentService, draft: IncomingDraft, matches: list[DuplicateMatch] | None = None
) -> list[DuplicateRow]:
    """The registered documents the draft seems to repeat (those ``matches`` name, or those
    the core finds: no write), each with its metadata and every reason it matched, for the
    explaining dialog."""
    if matches is None:
        matches = documents.check_duplicates(draft)
    sha = file_sha256(draft.file) if draft.file else ""
    triple = triple_hash(draft.code_number, draft.code_notation, draft.from_org_id)
    key = key_hash(draft.document_key)
    rows = []
    for match in matches:
        try:
            document = documents.get(match.document_id)
        except AppError:
            rows.append(DuplicateRow(match, None, (match.reason,)))
            continue
        found = {
            "number_symbol_issuer": triple is not None
            and triple_hash(document.code_number, document.code_notation, document.issuer_id)
            == triple,
            "document_id": key is not None and key_hash(document.document_key) == key,
            "same_file": bool(sha) and document.file_sha256 == sha,
        }
        reasons = (match.reason, *(r for r, hit in found.items() if hit and r != match.reason))
        rows.append(DuplicateRow(match, document, reasons))
    return rows


def file_sha256(path: Path) -> str:
    try:
        with open(path, "rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError:
        return ""


def incoming_registers(workspace: Any) -> list[Register]:
    """The registers that keep incoming documents, the normal one first."""
    registers = [r for r in workspace.registers() if r.direction == Direction.INCOMING]
    return sorted(registers, key=lambda r: (r.series != "normal", r.code))


def search_agencies(exchange: Any, text: str, limit: int = 20) -> list[Any]:
    if exchange is None or not text.strip():
        return []
    return list(exchange.search_directory(text, limit))


__all__ = [
    "DuplicateRow",
    "FileFacts",
    "IssuerGuess",
    "Thumbnail",
    "file_sha256",
    "find_duplicates",
    "guess_issuer",
    "incoming_registers",
    "inspect_file",
    "render_thumbnail",
    "search_agencies",
]
