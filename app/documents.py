"""Registering, numbering and changing documents. Every change is one write transaction that
also appends its history event (and, later, its outbox row).

Numbers: the next number of a register in a year is MAX(number)+1 read inside
``BEGIN IMMEDIATE``, so two processes cannot take the same one; UNIQUE(register, year,
number) backs that up; numbers are never deleted (a cancelled document stays, marked), so
there are no gaps. The year is the Vietnam-time year of registration."""

from __future__ import annotations

import hashlib
import json
import operator
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.clock import vn_now
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
from app.history import ChainWriter, Event, events_for
from app.model import (
    Direction,
    Document,
    DocumentCode,
    Register,
    code_notation,
    code_number,
    confidentiality,
    doc_type,
    organ_id,
    parse_date,
    text_field,
    urgency,
)
from app.pdf import check_pdf
from app.search import SearchFilters, index_delete, index_insert, meta_text
from app.store.blobs import StoredBlob
from app.store.db import write_transaction
from app.textfold import fold
from app.workspace import Workspace

STATUSES = (
    "registered",  # đã vào sổ
    "assigned",  # đã phân công
    "in_progress",  # đang xử lý
    "done",  # hoàn thành
    "returned",  # từ chối / trả lại
    "signed",  # đã ký số
    "issued",  # đã phát hành
    "sent",  # đã gửi
    "cancelled",  # đã hủy / thu hồi
)

COLUMNS = [
    "id",
    "direction",
    "register_id",
    "year",
    "number",
    "code_number",
    "code_notation",
    "issued_date",
    "doc_type",
    "subject",
    "issuer_id",
    "issuer_name",
    "signer",
    "position",
    "arrival_date",
    "due_date",
    "urgency",
    "confidentiality",
    "status",
    "assignee",
    "handed_on",
    "to_places",
    "recipients",
    "copies",
    "note",
    "document_key",
    "key_hash",
    "triple_hash",
    "file_sha256",
    "file_name",
    "file_size",
    "cancelled",
    "created_at",
    "extra",
]
_as_row = operator.itemgetter(*COLUMNS)  # a record dict as the INSERT values, in C
INSERT_SQL = (
    f"INSERT INTO documents ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
)
SELECT_SQL = (
    "SELECT d.*, r.code AS register_code FROM documents d JOIN registers r ON r.id = d.register_id"
)
# What a registration event keeps as "after": the record as registered, less what the event
# itself says (time, register) or what follows from the rest (hashes, default values).
EVENT_FIELDS = [
    c
    for c in COLUMNS
    if c not in {"key_hash", "triple_hash", "extra", "id", "created_at", "direction", "register_id"}
]
DEFAULTS = {"cancelled": 0, "confidentiality": 0, "urgency": 0, "copies": 1, "file_size": 0}
DEFAULTS |= {"status": "registered"}


def registered_values(record: dict[str, Any]) -> dict[str, Any]:
    """The fields a registration set, for its history event."""
    default_key = f"{record['issuer_id']},{record['issued_date'].replace('-', '/')},"
    default_key += f"{record['code_number']}/{record['code_notation']}"
    return {
        k: record[k]
        for k in EVENT_FIELDS
        if record[k] not in ("", None)
        and DEFAULTS.get(k, object()) != record[k]
        and not (k == "document_key" and record[k] == default_key)
    }


EDITABLE = {
    "subject",
    "signer",
    "position",
    "due_date",
    "urgency",
    "confidentiality",
    "to_places",
    "recipients",
    "copies",
    "note",
    "doc_type",
    "code_number",
    "code_notation",
    "issued_date",
    "issuer_id",
    "issuer_name",
}


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big", signed=True)


def key_hash(document_key: str) -> int | None:
    return _hash64(fold(document_key)) if document_key else None


def triple_hash(number: str, notation: str, issuer_id: str) -> int:
    """Same number + symbol + issuing organisation (ND30 appendix VI, III.1.h). "5" and "05",
    "QĐ-UBND" and "QD-UBND" are the same."""
    return _hash64(f"{int(number)}|{fold(notation)}|{issuer_id.upper()}")


# What a new record holds unless the registration says otherwise.
BLANK_RECORD: dict[str, Any] = {
    "signer": "",
    "position": "",
    "arrival_date": "",
    "due_date": "",
    "urgency": 0,
    "confidentiality": 0,
    "status": "registered",
    "assignee": "",
    "handed_on": "",
    "to_places": "",
    "recipients": "",
    "copies": 1,
    "note": "",
    "document_key": "",
    "key_hash": None,
    "triple_hash": None,
    "file_sha256": "",
    "file_name": "",
    "file_size": 0,
    "cancelled": 0,
    "extra": "{}",
}


def new_record(prepared: PreparedFile | None, **values: Any) -> dict[str, Any]:
    record = BLANK_RECORD | values
    if prepared is not None:
        record |= {
            "file_sha256": prepared.blob.sha256,
            "file_name": prepared.name,
            "file_size": prepared.blob.size,
        }
    missing = set(COLUMNS) - record.keys()
    if missing:
        raise ValueError(f"record lacks {sorted(missing)}")
    return record


def row_to_document(row: sqlite3.Row | dict[str, Any]) -> Document:
    r = dict(row)
    return Document(
        id=r["id"],
        direction=Direction(r["direction"]),
        register_id=r["register_id"],
        register_code=r.get("register_code", ""),
        year=r["year"],
        number=r["number"],
        code_number=r["code_number"],
        code_notation=r["code_notation"],
        issued_date=r["issued_date"],
        doc_type=r["doc_type"],
        subject=r["subject"],
        issuer_id=r["issuer_id"],
        issuer_name=r["issuer_name"],
        signer=r["signer"],
        position=r["position"],
        arrival_date=r["arrival_date"],
        due_date=r["due_date"],
        urgency=r["urgency"],
        confidentiality=r["confidentiality"],
        status=r["status"],
        assignee=r["assignee"],
        handed_on=r["handed_on"],
        to_places=r["to_places"],
        recipients=r["recipients"],
        copies=r["copies"],
        note=r["note"],
        document_key=r["document_key"],
        file_sha256=r["file_sha256"],
        file_name=r["file_name"],
        file_size=r["file_size"],
        cancelled=bool(r["cancelled"]),
        created_at=r["created_at"],
        extra=json.loads(r["extra"] or "{}"),
    )


@dataclass
class ImportReport:
    imported: int = 0
    first_number: int | None = None
    last_number: int | None = None
    documents: list[int] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    problems: list[BatchProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[dict[str, Any]]:
        """The bad lines as data: line, error code, field, problem and what was read."""
        return [{"line": p.line, **_error_dict(p.error)} for p in self.problems]


@dataclass(frozen=True)
class PreparedFile:
    blob: StoredBlob
    name: str
    pages: int


class DocumentService:
    def __init__(self, workspace: Workspace) -> None:
        self.ws = workspace
        self.conn = workspace.conn

    # -- reading ---------------------------------------------------------------------------

    def get(self, document_id: int, *, record_view: bool = False) -> Document:
        row = self.conn.execute(f"{SELECT_SQL} WHERE d.id = ?", (document_id,)).fetchone()
        if row is None:
            raise NotFound("document", document_id)
        if record_view:
            with write_transaction(self.conn):
                chain = self._chain()
                chain.append("view", document_id)
                chain.flush()
        return row_to_document(row)

    def history(self, document_id: int) -> list[Event]:
        self.get(document_id)
        return events_for(self.conn, document_id)

    def list(
        self, filters: SearchFilters | None = None, *, limit: int = 100, offset: int = 0
    ) -> tuple[list[Document], int]:
        """``limit`` documents from ``offset`` in register order (registers in creation
        order, the newest year and the highest number first) and how many match. Read on a
        connection of its own through app/store/pages.py: a deep offset is a walk through
        the register index, never a sort of the table."""
        from contextlib import closing

        from app.store.pages import RegisterPages

        with closing(self.ws.reader()) as conn:
            ids, total = RegisterPages(conn).ids_at_offset(filters, limit, offset)
            found: dict[int, Any] = {}
            for start in range(0, len(ids), 500):
                part = ids[start : start + 500]
                marks = ",".join("?" * len(part))
                for row in conn.execute(f"{SELECT_SQL} WHERE d.id IN ({marks})", part):
                    found[row["id"]] = row
        return [row_to_document(found[i]) for i in ids if i in found], total

    # -- files -----------------------------------------------------------------------------

    def prepare_file(self, path: Any) -> PreparedFile:
        """Check the PDF and store it, before the transaction that registers it (a stored
        file whose registration fails is harmless: it is content-addressed, and unused)."""
        path = Path(path)
        info = check_pdf(path)
        blob = self.ws.blobs.put_file(path)
        return PreparedFile(blob, path.name, info.pages)

    # -- incoming --------------------------------------------------------------------------

    def register_incoming(
        self, draft: IncomingDraft, *, force: bool = False, register: str | None = None
    ) -> Document:
        """Register one incoming document; raises DuplicateDocument unless ``force``."""
        target = self._register(Direction.INCOMING, register)
        prepared = self.prepare_file(draft.file) if draft.file else None
        report = self._register_incoming_batch(
            [(0, draft, prepared)], target, force=force, raise_dup=True
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
        batch: list[tuple[int, IncomingDraft, PreparedFile | None]] = []
        for line, item in items:
            try:
                if isinstance(item, AppError):
                    raise item
                draft = IncomingDraft.from_mapping(item, today=today)
                prepared = self.prepare_file(draft.file) if draft.file else None
            except InvalidInput as exc:
                report.problems.append(BatchProblem(line, exc.at_line(line)))
                continue
            except AppError as exc:
                report.problems.append(BatchProblem(line, exc))
                continue
            batch.append((line, draft, prepared))
            if len(batch) >= chunk:
                self._register_incoming_batch(batch, target, report=report)
                batch = []
        if batch:
            self._register_incoming_batch(batch, target, report=report)
        return report

    def _register_incoming_batch(
        self,
        batch: Sequence[tuple[int, IncomingDraft, PreparedFile | None]],
        register: Register,
        *,
        force: bool = False,
        raise_dup: bool = False,
        report: ImportReport | None = None,
    ) -> ImportReport:
        report = report or ImportReport()
        now = vn_now(self.ws.clock)
        at = now.isoformat(timespec="seconds")
        with write_transaction(self.conn):
            chain = self._chain(at)
            next_id = self.conn.execute(
                "SELECT coalesce(max(id), 0) + 1 FROM documents"
            ).fetchone()[0]
            number = self._next_number(register.id, now.year)
            seen: dict[int, int] = {}  # hash -> line, for duplicates inside the batch
            rows, index_rows, texts = [], [], []
            hashes = [
                (
                    key_hash(d.document_key),
                    triple_hash(d.code_number, d.code_notation, d.from_org_id),
                )
                for _, d, _ in batch
            ]
            registered = self._duplicates_of(hashes)
            for (line, draft, prepared), (khash, thash) in zip(batch, hashes, strict=True):
                matches = self._matches(registered, khash, thash)
                earlier = seen.get(thash) or (seen.get(khash) if khash is not None else None)
                if (matches or earlier) and not force:
                    if raise_dup:
                        raise DuplicateDocument(matches)
                    report.duplicates.append(
                        {
                            "line": line,
                            "notation": str(DocumentCode(draft.code_number, draft.code_notation)),
                            "issuer_id": draft.from_org_id,
                            "matches": [m.document_id for m in matches],
                            "earlier_line": earlier,
                        }
                    )
                    continue
                seen[thash] = line
                if khash is not None:
                    seen[khash] = line
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
                rows.append(_as_row(record))
                index_rows.append((next_id, meta_text(record), ""))
                if prepared:
                    texts.append((next_id,))
                details: dict[str, Any] = {
                    "register": register.code,
                    "after": registered_values(record),
                }
                if matches or earlier:
                    details["forced_duplicate_of"] = [m.document_id for m in matches]
                chain.append("register", next_id, **details)
                report.documents.append(next_id)
                report.imported += 1
                report.first_number = report.first_number or number
                report.last_number = number
                next_id += 1
                number += 1
            self.conn.executemany(INSERT_SQL, rows)
            self.conn.executemany(
                "INSERT INTO document_texts (document_id, state) VALUES (?, 'pending')", texts
            )
            index_insert(self.conn, index_rows)
            chain.flush()
        return report

    def _duplicates_of(
        self, hashes: list[tuple[int | None, int]]
    ) -> dict[int, list[DuplicateMatch]]:
        """Registered incoming documents whose DocumentId or number+symbol+issuer hash is
        among ``hashes``, by hash (one query for a whole batch)."""
        wanted = sorted({h for pair in hashes for h in pair if h is not None})
        found: dict[int, list[DuplicateMatch]] = {}
        for start in range(0, len(wanted), 400):
            part = wanted[start : start + 400]
            marks = ",".join("?" * len(part))
            rows = self.conn.execute(
                "SELECT id, number, code_number, code_notation, key_hash, triple_hash"
                f" FROM documents WHERE direction = 'incoming' AND (triple_hash IN ({marks})"
                f" OR key_hash IN ({marks}))",
                part + part,
            ).fetchall()
            for r in rows:
                notation = str(DocumentCode(r[2], r[3]))
                if r[5] in part:
                    found.setdefault(r[5], []).append(
                        DuplicateMatch(r[0], "number_symbol_issuer", r[1], notation)
                    )
                if r[4] in part:
                    found.setdefault(r[4], []).append(
                        DuplicateMatch(r[0], "document_id", r[1], notation)
                    )
        return found

    @staticmethod
    def _matches(
        found: dict[int, list[DuplicateMatch]], khash: int | None, thash: int
    ) -> list[DuplicateMatch]:
        triple = found.get(thash, [])
        ids = {m.document_id for m in triple}
        by_key = found.get(khash, []) if khash is not None else []
        return triple + [m for m in by_key if m.document_id not in ids]

    def check_duplicates(self, draft: IncomingDraft) -> list[DuplicateMatch]:
        """What the window shows before the clerk confirms (no write)."""
        khash = key_hash(draft.document_key)
        thash = triple_hash(draft.code_number, draft.code_notation, draft.from_org_id)
        return self._matches(self._duplicates_of([(khash, thash)]), khash, thash)

    # -- outgoing --------------------------------------------------------------------------

    def register_outgoing(self, draft: OutgoingDraft, *, register: str | None = None) -> Document:
        """Take the next number of the right series (normal, secret or copy) and build the
        symbol from the type, the organisation's abbreviation and the unit."""
        prepared = self.prepare_file(draft.file) if draft.file else None
        kind = doc_type(draft.doc_type)
        series = "copy" if kind.copy else ("secret" if draft.secret else "normal")
        target = self._register(Direction.OUTGOING, register, series)
        org = self.ws.organisation
        now = vn_now(self.ws.clock)
        at = now.isoformat(timespec="seconds")
        with write_transaction(self.conn):
            chain = self._chain(at)
            number = self._next_number(target.id, now.year)
            code = DocumentCode.build(number, kind.abbr, org.abbr, draft.unit)
            document_key = f"{org.organ_id},{now:%Y/%m/%d},{code}"
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
                document_key=document_key,
                key_hash=key_hash(document_key),
                triple_hash=triple_hash(code.number, code.notation, org.organ_id),
                created_at=at,
            )
            cursor = self.conn.execute(INSERT_SQL, _as_row(record))
            record["id"] = doc_id = cursor.lastrowid
            if prepared:
                self.conn.execute(
                    "INSERT INTO document_texts (document_id, state) VALUES (?, 'pending')",
                    (doc_id,),
                )
            index_insert(self.conn, [(doc_id, meta_text(record), "")])
            chain.append(
                "register",
                doc_id,
                register=target.code,
                after=registered_values(record),
            )
            chain.flush()
        return self.get(doc_id)

    # -- changes ---------------------------------------------------------------------------

    def edit(self, document_id: int, changes: dict[str, Any], *, reason: str = "") -> Document:
        """Correct metadata; number, register and year never change. History keeps the
        values before and after."""
        unknown = sorted(set(changes) - EDITABLE)
        if unknown:
            raise InvalidInput(unknown[0], "not_editable", value=unknown[0])
        clean = {k: self._clean(k, v) for k, v in changes.items()}
        return self._update(document_id, "edit", clean, reason=reason)

    def assign(self, document_id: int, assignee: str, *, due_date: Any = None) -> Document:
        """Incoming: the unit or person handling it (phân công). Outgoing: the unit or
        person keeping the archived copy (bản lưu); the status stays as it is."""
        changes: dict[str, Any] = {
            "assignee": text_field("assignee", assignee),
            "handed_on": vn_now(self.ws.clock).date().isoformat(),
        }
        if self.get(document_id).direction == Direction.INCOMING:
            changes["status"] = "assigned"
        if due_date:
            changes["due_date"] = parse_date(due_date, "due_date").isoformat()
        return self._update(document_id, "assign", changes)

    def set_status(self, document_id: int, status: str, *, reason: str = "") -> Document:
        if status not in STATUSES or status == "cancelled":
            raise InvalidInput("status", "unknown", value=status)
        return self._update(document_id, "status", {"status": status}, reason=reason)

    def cancel(self, document_id: int, reason: str) -> Document:
        """The number stays in the register, marked cancelled: never reused, never a gap."""
        reason = text_field("reason", reason, limit=500)
        return self._update(
            document_id, "cancel", {"cancelled": 1, "status": "cancelled"}, reason=reason
        )

    def _clean(self, name: str, value: Any) -> Any:
        if name == "issued_date":
            return parse_date(value, name, today=vn_now(self.ws.clock).date()).isoformat()
        if name == "due_date":
            return parse_date(value, name).isoformat() if value else ""
        if name == "urgency":
            return urgency(value).value
        if name == "confidentiality":
            return confidentiality(value).value
        if name == "copies":
            if not str(value).isdigit() or not 1 <= int(value) <= 999:
                raise InvalidInput("copies", "out_of_range", value=value)
            return int(value)
        if name == "doc_type":
            return doc_type(str(value)).key
        if name == "code_number":
            return code_number(value)
        if name == "code_notation":
            return code_notation(value)
        if name == "issuer_id":
            return organ_id(value, "issuer_id")
        if name == "issuer_name":
            return text_field("issuer_name", value, limit=200)
        return text_field(name, value, required=name == "subject")

    def _update(
        self, document_id: int, action: str, changes: dict[str, Any], *, reason: str = ""
    ) -> Document:
        at = vn_now(self.ws.clock).isoformat(timespec="seconds")
        with write_transaction(self.conn):
            row = self.conn.execute(f"{SELECT_SQL} WHERE d.id = ?", (document_id,)).fetchone()
            if row is None:
                raise NotFound("document", document_id)
            old = dict(row)
            if old["cancelled"] and action != "view":
                raise StateError("cancelled", document_id=document_id)
            new = {**old, **changes}
            if {"code_number", "code_notation", "issuer_id"} & changes.keys():
                new["triple_hash"] = triple_hash(
                    new["code_number"], new["code_notation"], new["issuer_id"]
                )
                changes["triple_hash"] = new["triple_hash"]
            before = {k: old[k] for k in changes if k != "triple_hash" and old[k] != new[k]}
            after = {k: new[k] for k in before}
            if not before:
                return row_to_document(row)
            assignments = ", ".join(f"{k} = ?" for k in changes)
            self.conn.execute(
                f"UPDATE documents SET {assignments} WHERE id = ?", [*changes.values(), document_id]
            )
            old_meta, new_meta = meta_text(old), meta_text(new)
            if old_meta != new_meta:
                body = self._indexed_body(document_id)
                index_delete(self.conn, [(document_id, old_meta, body)])
                index_insert(self.conn, [(document_id, new_meta, body)])
            chain = self._chain(at)
            details: dict[str, Any] = {"before": before, "after": after}
            if reason:
                details["reason"] = reason
            chain.append(action, document_id, **details)
            chain.flush()
        return self.get(document_id)

    def _indexed_body(self, document_id: int) -> str:
        row = self.conn.execute(
            "SELECT body FROM document_texts WHERE document_id = ? AND state = 'done'",
            (document_id,),
        ).fetchone()
        return fold(row[0]) if row and row[0] else ""

    # -- helpers ---------------------------------------------------------------------------

    def _chain(self, at: str | None = None) -> ChainWriter:
        return ChainWriter(
            self.conn, self.ws.actor, at or vn_now(self.ws.clock).isoformat(timespec="seconds")
        )

    def _register(self, direction: Direction, code: str | None, series: str = "normal") -> Register:
        """The register asked for (it must keep documents of this direction), or the default
        one of the series."""
        if code is None:
            return self.ws.register_for(direction, series)
        register = self.ws.register(code)
        if register.direction != direction:
            raise InvalidInput("register", "wrong_direction", value=code)
        return register

    def _next_number(self, register_id: int, year: int) -> int:
        return self.conn.execute(
            "SELECT coalesce(max(number), 0) + 1 FROM documents WHERE register_id = ? AND year = ?",
            (register_id, year),
        ).fetchone()[0]

    def record_export(self, what: dict[str, Any]) -> None:
        with write_transaction(self.conn):
            chain = self._chain()
            chain.append("export", None, **what)
            chain.flush()


def _error_dict(exc: AppError) -> dict[str, Any]:
    data = {k: v for k, v in exc.data.items() if v is not None and k != "line"}
    return {"code": exc.code, **data}


__all__ = ["STATUSES", "DocumentService", "ImportReport", "row_to_document"]
