"""Registering, numbering and changing documents: the rules. Every change is one write
transaction (``Workspace.write``, on the store's writer thread) that also appends its history
event, which records the state the document was left in; the SQL is in app/store/documents.py.

Numbers never skip or repeat: the next number is read inside the write transaction; a
cancelled document keeps its number, marked. The year is the Vietnam-time year of
registration. Outgoing documents drafted here get their number when issued (app/outgoing.py)."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.clock import vn_now
from app.document_changes import SETTABLE_STATUSES as SETTABLE_STATUSES
from app.document_changes import DocumentChanges
from app.drafts import IncomingDraft, OutgoingDraft
from app.errors import (
    AppError,
    BatchProblem,
    DuplicateDocument,
    DuplicateMatch,
    InvalidInput,
    NotFound,
    StateError,
)
from app.import_lines import ReadyLine
from app.model import STATUSES as STATUSES
from app.model import (
    Direction,
    Document,
    DocumentCode,
    Register,
    doc_type,
    document_ref,
    page_offset,
    page_size,
    status_key,
)
from app.pdf import check_pdf
from app.records import COLUMNS as COLUMNS
from app.records import DEFAULTS as DEFAULTS
from app.records import (
    PreparedFile,
    error_dict,
    key_hash,
    new_record,
    registered_values,
    row_to_document,
    safe_file_name,
    triple_hash,
)
from app.search import SearchFilters, meta_text
from app.store import documents as sql
from app.store.history import STATE_KEY, ChainWriter, Event, events_for
from app.store.search_index import index_delete, index_insert
from app.textfold import fold
from app.workspace import Workspace

# a line on its way to the writer: (line number, draft, its stored file, what the reading
# process computed already or None)
Pending = tuple[int, IncomingDraft, PreparedFile | None, ReadyLine | None]


@dataclass
class ImportReport:
    imported: int = 0
    first_number: int | None = None
    last_number: int | None = None
    documents: list[int] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    problems: list[BatchProblem] = field(default_factory=list)
    signatures: dict[str, int] = field(default_factory=dict)  # verdict → files

    @property
    def errors(self) -> list[dict[str, Any]]:
        """The bad lines as data: line, error code, field, problem and what was read."""
        return [{"line": p.line, **error_dict(p.error)} for p in self.problems]


class DocumentService(DocumentChanges):
    """Plain blocking calls, safe from any thread: reads use the calling thread's connection,
    writes go through the store's writer."""

    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace

    @property
    def conn(self) -> sqlite3.Connection:
        return self.ws.conn

    # -- reading ---------------------------------------------------------------------------

    def get(self, document_id: int, *, record_view: bool = False) -> Document:
        document_id = document_ref(document_id)
        row = sql.get(self.conn, document_id)
        if row is None:
            raise NotFound("document", document_id)
        if record_view:
            self.record_event("view", document_id)
        return row_to_document(row)

    def record_event(self, action: str, document_id: int | None, **details: Any) -> None:
        """One history event on its own (a view, an export): no change of state."""

        def record(conn: sqlite3.Connection) -> None:
            chain = self._chain(conn)
            chain.append(action, document_id, **details)
            chain.flush()

        self.ws.write(record)

    def history(self, document_id: int) -> list[Event]:
        self.get(document_id)
        return events_for(self.conn, document_id)

    def versions(self, document_id: int) -> list[sql.FileVersion]:
        self.get(document_id)
        return sql.versions(self.conn, document_id)

    def list(
        self, filters: SearchFilters | None = None, *, limit: int = 100, offset: int = 0
    ) -> tuple[list[Document], int]:
        """``limit`` documents from ``offset`` in register order (registers in creation
        order, the newest year and the highest number first) and how many match: a deep
        offset is a walk through the register index (app/store/pages.py), never a sort."""
        from app.store.pages import RegisterPages

        limit, offset = page_size(limit), page_offset(offset)
        ids, total = RegisterPages(self.conn).ids_at_offset(filters, limit, offset)
        rows = sql.rows_by_ids(self.conn, ids)
        return [row_to_document(rows[i]) for i in ids if i in rows], total

    # -- files -----------------------------------------------------------------------------

    def prepare_file(self, path: Any, name: str | None = None) -> PreparedFile:
        """Check the PDF and store it, before the transaction that registers it (a stored
        file whose registration fails is harmless: it is content-addressed, and unused)."""
        path = Path(path)
        info = check_pdf(path)
        blob = self.ws.blobs.put_file(path)
        return PreparedFile(blob, safe_file_name(name or path.name), info.pages)

    def file_path(self, document_id: int, version: int | None = None) -> tuple[Path, str]:
        """The stored file of a document (its current one, or ``version`` of its main file)
        and the name it was registered under."""
        doc = self.get(document_id)
        if version is None:
            if not doc.file_sha256:
                raise NotFound("file", document_id)
            return self.ws.blobs.path_for(doc.file_sha256), doc.file_name
        for v in sql.versions(self.conn, document_id):
            if v.kind == "main" and v.version == version:
                return self.ws.blobs.path_for(v.sha256), v.name
        raise NotFound("file_version", f"{document_id}/{version}")

    # -- incoming --------------------------------------------------------------------------

    def register_incoming(
        self, draft: IncomingDraft, *, force: bool = False, register: str | None = None
    ) -> Document:
        """Register one incoming document; raises DuplicateDocument unless ``force``."""
        target = self._register(Direction.INCOMING, register)
        prepared = self.prepare_file(draft.file, draft.file_name) if draft.file else None
        report = ImportReport()
        self.ws.write(
            lambda conn: self._register_incoming_batch(
                conn, [(0, draft, prepared, None)], target, report, force=force, raise_dup=True
            )
        )
        return self.get(report.documents[0])

    def import_incoming(
        self,
        items: Iterable[tuple[int, dict[str, Any] | AppError]],
        *,
        chunk: int = 2000,
        register: str | None = None,
    ) -> ImportReport:
        """Register many incoming documents: each item is (line number, mapping) or (line
        number, the error met reading it). Good lines register even when others are bad;
        duplicates of registered documents or of earlier lines are listed, not registered.
        Commits every ``chunk`` lines, so a crash loses at most the chunk in flight — and
        never leaves a number half-taken."""
        report = ImportReport()
        target = self._register(Direction.INCOMING, register)
        today = vn_now(self.ws.clock).date()
        batch: list[Pending] = []
        writing: Future[None] | None = None

        def flush(batch: list[Pending]) -> None:
            """Hand the chunk to the writer and read on: the next chunk is parsed while this
            one is written (one chunk in flight, so a failure stops the import at once)."""
            nonlocal writing
            if writing is not None:
                writing.result()
            writing = self.ws.store.submit_write(
                lambda conn: self._register_incoming_batch(conn, batch, target, report)
            )

        for line, item in items:
            if isinstance(item, ReadyLine):  # checked by the reading process (no file)
                batch.append((line, item.draft, None, item))
                if len(batch) >= chunk:
                    flush(batch)
                    batch = []
                continue
            try:
                if isinstance(item, AppError):
                    raise item
                draft = IncomingDraft.from_mapping(item, today=today)
                prepared = self.prepare_file(draft.file, draft.file_name) if draft.file else None
            except InvalidInput as exc:
                report.problems.append(BatchProblem(line, exc.at_line(line)))
                continue
            except AppError as exc:
                report.problems.append(BatchProblem(line, exc))
                continue
            batch.append((line, draft, prepared, None))
            if len(batch) >= chunk:
                flush(batch)
                batch = []
        if batch:
            flush(batch)
        if writing is not None:
            writing.result()
        return report

    def _register_incoming_batch(
        self,
        conn: sqlite3.Connection,
        batch: Sequence[Pending],
        register: Register,
        report: ImportReport,
        *,
        force: bool = False,
        raise_dup: bool = False,
    ) -> None:
        now = vn_now(self.ws.clock)
        at = now.isoformat(timespec="seconds")
        chain = self._chain(conn, at)
        next_id = sql.next_id(conn)
        number = sql.next_number(conn, register.id, now.year)
        seen: dict[Any, int] = {}  # hash or file -> line, for duplicates inside the batch
        rows, index_rows, texts, versions = [], [], [], []
        hashes = [
            (r.key_hash, r.triple_hash)
            if r is not None
            else (
                key_hash(d.document_key),
                triple_hash(d.code_number, d.code_notation, d.from_org_id),
            )
            for _, d, _, r in batch
        ]
        registered = self._duplicates_of(conn, hashes, [p.blob.sha256 for _, _, p, _ in batch if p])
        added: list[int] = []
        for (line, draft, prepared, ready), (khash, thash) in zip(batch, hashes, strict=True):
            sha = prepared.blob.sha256 if prepared else ""
            matches = self._matches(registered, khash, thash, sha)
            earlier = (
                seen.get(thash)
                or (seen.get(khash) if khash is not None else None)
                or (seen.get(("file", sha)) if sha else None)
            )
            if (matches or earlier) and not force:
                if raise_dup:
                    raise DuplicateDocument(matches)
                report.duplicates.append(
                    {
                        "line": line,
                        "notation": str(DocumentCode(draft.code_number, draft.code_notation)),
                        "issuer_id": draft.from_org_id,
                        "matches": [m.document_id for m in matches],
                        "reasons": sorted({m.reason for m in matches}),
                        "earlier_line": earlier,
                    }
                )
                continue
            seen[thash] = line
            if khash is not None:
                seen[khash] = line
            if sha:
                seen[("file", sha)] = line
            record = new_record(
                prepared,
                id=next_id,
                direction=Direction.INCOMING.value,
                register_id=register.id,
                year=now.year,
                number=number,
                code_number=draft.code_number,
                code_notation=draft.code_notation,
                issued_date=draft.issued_date.isoformat(),
                doc_type=draft.doc_type,
                subject=draft.subject,
                issuer_id=draft.from_org_id,
                issuer_name=draft.from_org_name,
                signer=draft.signer,
                position=draft.position,
                arrival_date=now.date().isoformat(),
                due_date=draft.due_date.isoformat() if draft.due_date else "",
                urgency=draft.urgency,
                confidentiality=draft.confidentiality,
                to_places=draft.to_places,
                note=draft.note,
                document_key=draft.document_key,
                key_hash=khash,
                triple_hash=thash,
                created_at=at,
            )
            row = sql.as_row(record)
            rows.append(row)
            meta = ready.meta(number) if ready is not None else meta_text(record)
            index_rows.append((next_id, meta, ""))
            if prepared:
                texts.append(next_id)
                versions.append((next_id, sha, prepared.name, prepared.blob.size, "registered", at))
            details: dict[str, Any] = {
                "register": register.code,
                "after": registered_values(record),
                STATE_KEY: sql.row_digest(row),
            }
            if matches or earlier:
                details["forced_duplicate_of"] = [m.document_id for m in matches]
            chain.append("register", next_id, **details)
            added.append(next_id)
            report.first_number = report.first_number or number
            report.last_number = number
            next_id += 1
            number += 1
        sql.insert_many(conn, rows)
        sql.add_first_versions(conn, versions)
        sql.queue_texts(conn, texts)
        index_insert(conn, index_rows)
        chain.flush()
        # counted once committed; a rolled-back chunk (an exception) adds nothing
        report.documents.extend(added)
        report.imported += len(added)

    def _duplicates_of(
        self,
        conn: sqlite3.Connection,
        hashes: list[tuple[int | None, int | None]],
        files: list[str] = (),  # type: ignore[assignment]
    ) -> dict[Any, list[DuplicateMatch]]:
        """Registered incoming documents whose DocumentId hash, number+symbol+issuer hash or
        file is among those asked, by hash (or ("file", sha256))."""
        wanted = {h for pair in hashes for h in pair if h is not None}
        found: dict[Any, list[DuplicateMatch]] = {}
        for m in sql.incoming_by_hashes(conn, wanted):
            notation = str(DocumentCode(m.code_number, m.code_notation))
            if m.triple_hash in wanted:
                found.setdefault(m.triple_hash, []).append(
                    DuplicateMatch(m.id, "number_symbol_issuer", m.number, notation)
                )
            if m.key_hash in wanted:
                found.setdefault(m.key_hash, []).append(
                    DuplicateMatch(m.id, "document_id", m.number, notation)
                )
        for sha, doc_id, number, c_number, c_notation in sql.by_file(conn, files, "incoming"):
            found.setdefault(("file", sha), []).append(
                DuplicateMatch(doc_id, "same_file", number, str(DocumentCode(c_number, c_notation)))
            )
        return found

    @staticmethod
    def _matches(
        found: dict[Any, list[DuplicateMatch]], khash: int | None, thash: int | None, sha: str = ""
    ) -> list[DuplicateMatch]:
        matches: list[DuplicateMatch] = []
        ids: set[int] = set()
        for key in (thash, khash, ("file", sha) if sha else None):
            for m in found.get(key, []) if key is not None else []:
                if m.document_id not in ids:
                    ids.add(m.document_id)
                    matches.append(m)
        return matches

    def check_duplicates(self, draft: IncomingDraft) -> list[DuplicateMatch]:
        """What the window shows before the clerk confirms (no write)."""
        khash = key_hash(draft.document_key)
        thash = triple_hash(draft.code_number, draft.code_notation, draft.from_org_id)
        files = []
        if draft.file and Path(draft.file).is_file():
            with open(draft.file, "rb") as stream:
                files.append(hashlib.file_digest(stream, "sha256").hexdigest())
        found = self._duplicates_of(self.conn, [(khash, thash)], files)
        return self._matches(found, khash, thash, files[0] if files else "")

    # -- outgoing issued elsewhere -----------------------------------------------------------

    def register_outgoing(self, draft: OutgoingDraft, *, register: str | None = None) -> Document:
        """Register an outgoing document issued elsewhere (on paper, scanned): take the next
        number of the right series (normal, secret or copy) and build the symbol from the type,
        the organisation's abbreviation and the unit. Documents drafted here are numbered when
        they are issued instead (app/outgoing.py)."""
        prepared = self.prepare_file(draft.file) if draft.file else None
        kind = doc_type(draft.doc_type)
        target = self.outgoing_register(kind.key, draft.secret, register)
        org = self.ws.organisation
        now = vn_now(self.ws.clock)
        at = now.isoformat(timespec="seconds")

        def register_it(conn: sqlite3.Connection) -> int:
            number = sql.next_number(conn, target.id, now.year)
            code = DocumentCode.build(number, kind.abbr, org.abbr, draft.unit)
            record = new_record(
                prepared,
                id=None,
                direction=Direction.OUTGOING.value,
                register_id=target.id,
                year=now.year,
                number=number,
                code_number=code.number,
                code_notation=code.notation,
                issued_date=now.date().isoformat(),
                doc_type=kind.key,
                subject=draft.subject,
                issuer_id=org.organ_id,
                issuer_name=org.name,
                signer=draft.signer,
                position=draft.position,
                due_date=draft.due_date.isoformat() if draft.due_date else "",
                urgency=draft.urgency,
                confidentiality=draft.confidentiality,
                recipients=draft.recipients,
                copies=draft.copies,
                note=draft.note,
                document_key=f"{org.organ_id},{now:%Y/%m/%d},{code}",
                triple_hash=triple_hash(code.number, code.notation, org.organ_id),
                created_at=at,
            )
            record["key_hash"] = key_hash(record["document_key"])
            return self.insert_document(conn, record, prepared, "register", register=target.code)

        return self.get(self.ws.write(register_it))

    def outgoing_register(self, type_key: str, secret: bool, code: str | None = None) -> Register:
        """The register an outgoing document is numbered in: the one asked for, else the copy,
        secret or normal series."""
        kind = doc_type(type_key)
        series = "copy" if kind.copy else ("secret" if secret else "normal")
        return self._register(Direction.OUTGOING, code, series)

    def insert_document(
        self,
        conn: sqlite3.Connection,
        record: dict[str, Any],
        prepared: PreparedFile | None,
        action: str,
        **details: Any,
    ) -> int:
        """Insert one document row with its first file version, its search entry and its
        history event (inside a write). Returns its id."""
        record["id"] = doc_id = sql.insert_one(conn, record)
        if prepared:
            sql.queue_texts(conn, [doc_id])
            sql.add_first_versions(
                conn,
                [(doc_id, prepared.blob.sha256, prepared.name, prepared.blob.size,
                  "draft" if action == "draft" else "registered", record["created_at"])],
            )  # fmt: skip
        index_insert(conn, [(doc_id, meta_text(record), "")])
        chain = self._chain(conn, record["created_at"])
        chain.append(
            action, doc_id, **details, after=registered_values(record),
            **{STATE_KEY: sql.state_digest(record)},
        )  # fmt: skip
        chain.flush()
        return doc_id

    def new_version(
        self,
        conn: sqlite3.Connection,
        document_id: int,
        *,
        sha256: str,
        name: str,
        size: int,
        role: str,
        action: str,
        changes: dict[str, Any] | None = None,
        details: dict[str, Any] | None = None,
        expected_sha256: str | None = None,
    ) -> int:
        """Make a stored file the document's current main file (inside a write): a new
        version (the old ones stay), the text to extract again, the row's other ``changes``,
        and one history event naming the version and its SHA-256. ``expected_sha256``: the
        file the caller started from — if the document changed meanwhile, nothing is written
        (StateError ``changed_meanwhile``). Returns the version number."""
        row = sql.get(conn, document_id)
        if row is None:
            raise NotFound("document", document_id)
        if expected_sha256 is not None and row["file_sha256"] != expected_sha256:
            raise StateError("changed_meanwhile", document_id=document_id)
        at = self.ws.now_iso()
        version = sql.add_version(
            conn, document_id, kind="main", position=0, sha256=sha256, name=name, size=size,
            role=role, created_at=at,
        )  # fmt: skip
        body = fold(sql.indexed_body(conn, document_id))
        if body:  # the old text leaves the index; the new one comes when extracted
            meta = meta_text(row)
            index_delete(conn, [(document_id, meta, body)])
            index_insert(conn, [(document_id, meta, "")])
        sql.queue_texts(conn, [document_id])
        file_changes = {"file_sha256": sha256, "file_name": name, "file_size": size}
        self.apply_changes(
            conn, document_id, action, file_changes | (changes or {}),
            allow_cancelled=action == "receive",
            **(details or {}), file={"version": version, "sha256": sha256, "role": role},
        )  # fmt: skip
        return version

    # -- changes ---------------------------------------------------------------------------

    # -- helpers ---------------------------------------------------------------------------

    def _chain(self, conn: sqlite3.Connection, at: str | None = None) -> ChainWriter:
        return self.ws.chain(conn, at)

    def _register(self, direction: Direction, code: str | None, series: str = "normal") -> Register:
        """The register asked for (it must keep documents of this direction), or the default
        one of the series."""
        if code is None:
            return self.ws.register_for(direction, series)
        register = self.ws.register(code)
        if register.direction != direction:
            raise InvalidInput("register", "wrong_direction", value=code)
        return register

    def record_export(self, what: dict[str, Any]) -> None:
        what = dict(what)
        self.record_event("export", what.pop("document_id", None), **what)


__all__ = [
    "SETTABLE_STATUSES",
    "STATUSES",
    "DocumentService",
    "ImportReport",
    "PreparedFile",
    "document_ref",
    "error_dict",
    "key_hash",
    "new_record",
    "page_offset",
    "page_size",
    "row_to_document",
    "safe_file_name",
    "status_key",
    "triple_hash",
]
