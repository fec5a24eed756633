"""The desk: one open workspace and the core services over it, as a window or the command line
calls them. Plain blocking calls, safe from any thread; ``submit`` runs any of them on the
desk's I/O pool and returns a ``concurrent.futures.Future`` (the window's task bridge turns
it into a callback on the GUI thread).

The signing and exchange rooms add their own desks (signing/desk.py, sync/desk.py) over the
same workspace; the composition root (the CLI, ``ui/``) wires them."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from app import signature_checks
from app.clock import vn_now
from app.documents import DocumentService, ImportReport, document_ref
from app.drafts import IncomingDraft, OutgoingDraft
from app.errors import AppError
from app.fileio import write_atomically
from app.import_lines import ready_lines
from app.model import Document
from app.outgoing import OutgoingService
from app.search import SearchFilters, SearchResult, SearchService
from app.signature_checks import StoredReport
from app.store import documents as documents_sql
from app.store.documents import FileVersion
from app.store.history import Event
from app.store.page_types import Page, PageRequest
from app.store.pages import RegisterPages
from app.texts import INLINE_MAX_BYTES, TextIndexer
from app.workspace import Workspace

if TYPE_CHECKING:
    from app.register_books import RegisterExport

T = TypeVar("T")
IO_WORKERS = 2


@dataclass(frozen=True)
class DocumentDetail:
    """Everything the detail pane shows of one document, read in one go (a snapshot)."""

    document: Document
    history: tuple[Event, ...]
    versions: tuple[FileVersion, ...]
    signatures: StoredReport | None
    file_path: Path | None  # the current file in the blob store (read-only), if any
    text_pages: int | None = None


@dataclass(frozen=True)
class Registration:
    """A registered document, its signatures as checked (None: no file or no checker), and
    the error met checking them (the registration stands either way)."""

    document: Document
    signatures: StoredReport | None = None
    signature_error: AppError | None = None


class Desk:
    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.documents = DocumentService(workspace)
        self.outgoing = OutgoingService(workspace)
        self.texts = TextIndexer(workspace)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._searchers = threading.local()

    @classmethod
    def open(cls, home: Path) -> Desk:
        return cls(Workspace(home))

    # -- running in the background -----------------------------------------------------------

    def submit(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        """Run ``fn(*args, **kwargs)`` on the desk's I/O pool (hashing, text extraction,
        validation, any blocking service call)."""
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(IO_WORKERS, thread_name_prefix="vanthu-io")
            pool = self._pool
        return pool.submit(fn, *args, **kwargs)

    def close(self) -> None:
        with self._pool_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        self.ws.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -----------------------------------------------------------------------------

    def search(
        self, query: str, filters: SearchFilters | None = None, limit: int = 50
    ) -> SearchResult:
        """Full-text search; one search service per thread keeps its statistics warm."""
        service: SearchService | None = getattr(self._searchers, "service", None)
        if service is None or service.conn is not self.ws.conn:
            service = SearchService(self.ws.conn)
            self._searchers.service = service
        return service.search(query, filters, limit)

    def page(self, request: PageRequest) -> Page:
        """A page of a register view (app/store/pages.py); one planner per thread keeps what
        it learnt about the filters until the database changes."""
        pages: RegisterPages | None = getattr(self._searchers, "pages", None)
        if pages is None or pages.conn is not self.ws.conn:
            pages = RegisterPages(self.ws.conn)
            self._searchers.pages = pages
        return pages.page(request)

    def _pages(self) -> RegisterPages:
        pages: RegisterPages | None = getattr(self._searchers, "pages", None)
        if pages is None or pages.conn is not self.ws.conn:
            pages = RegisterPages(self.ws.conn)
            self._searchers.pages = pages
        return pages

    def ordered_ids(
        self, filters: SearchFilters | None, sort: str, descending: bool, cancel: Any = None
    ) -> Any:
        """Every id of a view in its order (an ``array('q')``): a table that scrolls end to
        end holds these and reads rows as they come into sight."""
        return self._pages().ordered_ids(filters, sort, descending, cancel)

    def rows(self, ids: list[int]) -> list[Any]:
        """The table rows (``RegisterRow``) of these documents, in this order."""
        return self._pages().rows(list(ids))

    def count(self, filters: SearchFilters | None = None) -> int:
        """The exact number of documents a view's filters keep (cached until a change)."""
        pages: RegisterPages | None = getattr(self._searchers, "pages", None)
        if pages is None or pages.conn is not self.ws.conn:
            pages = RegisterPages(self.ws.conn)
            self._searchers.pages = pages
        return pages.count(filters)

    def register_summary(self) -> list[dict[str, Any]]:
        """Each active register per year: documents, the last number, how many cancelled."""
        from app.store.settings import register_summary

        return register_summary(self.ws.conn)

    def document(self, document_id: Any, *, record_view: bool = False) -> Document:
        return self.documents.get(document_ref(document_id), record_view=record_view)

    def detail(self, document_id: Any, *, record_view: bool = True) -> DocumentDetail:
        """A document with its history, file versions and latest signature report; opening
        it is recorded (the history says who viewed it, and it is no longer unread)."""
        doc = self.documents.get(document_ref(document_id), record_view=record_view)
        return DocumentDetail(
            document=doc,
            history=tuple(self.documents.history(doc.id)),
            versions=tuple(self.documents.versions(doc.id)),
            signatures=signature_checks.latest(self.ws, doc.id),
            file_path=self.ws.blobs.path_for(doc.file_sha256) if doc.file_sha256 else None,
        )

    # -- incoming ----------------------------------------------------------------------------

    def register_incoming(
        self, draft: IncomingDraft, *, force: bool = False, register: str | None = None
    ) -> Registration:
        """Register, then check the file's signatures (the registration stands whatever the
        check says); its text waits for extraction (``extract_texts``)."""
        doc = self.documents.register_incoming(draft, force=force, register=register)
        report, error = self.check_signatures(doc.id)
        return Registration(doc, report, error)

    def import_incoming(
        self,
        items: Iterable[tuple[int, dict[str, Any] | AppError]],
        *,
        register: str | None = None,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> ImportReport:
        """Register many documents (JSONL lines), then check the signatures of every file
        registered; any number of lines ends with its report."""
        report = self.documents.import_incoming(items, register=register)
        with_files = documents_sql.ids_with_file(self.ws.conn, report.documents)
        for done, document_id in enumerate(with_files, start=1):
            checked, _error = self.check_signatures(document_id)
            if checked is not None:
                report.signatures[checked.verdict] = report.signatures.get(checked.verdict, 0) + 1
            if progress is not None:
                progress("signatures", done, len(with_files))
        return report

    def import_incoming_file(
        self,
        path: Path,
        *,
        register: str | None = None,
        progress: Callable[[str, int, int], None] | None = None,
        min_bytes: int | None = None,
    ) -> ImportReport:
        """``import_incoming`` of a JSONL file; a large one is read and checked by a second
        process while this one registers (app/import_lines.py)."""
        today = vn_now(self.ws.clock).date()
        lines = ready_lines(Path(path), today, min_bytes=min_bytes)
        return self.import_incoming(lines, register=register, progress=progress)

    def check_signatures(self, document_id: int) -> tuple[StoredReport | None, AppError | None]:
        """Validate a document's file with the installed checker and keep the report."""
        try:
            return signature_checks.check_document(self.ws, document_id), None
        except AppError as exc:
            return None, exc

    def extract_texts(self, ids: Iterable[int], *, inline_max: int = INLINE_MAX_BYTES) -> list[int]:
        """Extract now the text of the small files among ``ids``; returns those left for the
        background (large files)."""
        pending = set(self.texts.pending())
        small = set(self.texts.pending(max_size=inline_max))
        mine = [i for i in ids if i in pending]
        self.texts.run([i for i in mine if i in small])
        return [i for i in mine if i not in small]

    # -- outgoing ----------------------------------------------------------------------------

    def draft(self, draft: OutgoingDraft, *, attachments: Iterable[Path | str] = ()) -> Document:
        return self.outgoing.create_draft(draft, attachments=list(attachments))

    # -- files -------------------------------------------------------------------------------

    def export_file(
        self, document_id: Any, out: Path, *, version: int | None = None, overwrite: bool = True
    ) -> Path:
        """Write a document's file (its current one, or a version of it) to ``out``, whole or
        not at all; recorded in the history."""
        from app.errors import InvalidInput

        document_id = document_ref(document_id)
        source, name = self.documents.file_path(document_id, version)
        out = Path(out)
        if out.is_dir():
            out = out / name
        if out.exists() and not overwrite:
            raise InvalidInput("output", "output_exists", value=str(out))
        with open(source, "rb") as stream:
            write_atomically(out, True, lambda target: shutil.copyfileobj(stream, target))
        self.documents.record_event(
            "export", document_id, file=str(out), version=version, sha256=source.name
        )
        return out

    def export_register(
        self,
        *,
        kind: Any,
        fmt: str,
        out: Path,
        year: int | None = None,
        date_from: Any = None,
        date_to: Any = None,
        register_code: str | None = None,
        allow_empty: bool = True,
        progress: Callable[[int, int], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> RegisterExport:
        """Print a register book (app/register_books.py) and record the export in the history;
        a cancelled or failed export records nothing."""
        from app.register_books import export_register

        result = export_register(
            self.ws, kind=kind, fmt=fmt, out=Path(out), year=year, date_from=date_from,
            date_to=date_to, register_code=register_code, allow_empty=allow_empty,
            progress=progress, cancel=cancel,
        )  # fmt: skip
        self.documents.record_export(
            {
                "kind": str(getattr(kind, "value", kind)),
                "format": str(fmt).strip().lower(),
                "year": year,
                "date_from": result.date_from and result.date_from.isoformat(),
                "date_to": result.date_to and result.date_to.isoformat(),
                "register": register_code,
                "rows": result.rows,
                "file": str(result.path),
            }
        )
        return result


__all__ = ["Desk", "DocumentDetail", "Registration"]
