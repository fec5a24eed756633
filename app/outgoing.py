"""The outgoing document's life (ND30 art. 15–16): drafted without a number, signed by the
official (approved), then numbered, dated, sealed and registered by the clerk (issued) — and
sent (sync/). Each step is one write transaction with its history event.

The number is taken in the SAME transaction that stores the issued file: the clerk's side
(signing/desk.py) reads the next number, signs the file with it written on the page, then
``commit_issue`` checks that the number is still the next one and stores file and number
together. A crash, a wrong PIN or a token pulled out before that transaction leaves the
document approved and the number unused; if another desk took the number meanwhile, the
commit is refused (``number_taken``) and the clerk's side signs again with the next one."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.clock import vn_now
from app.documents import DocumentService, PreparedFile, new_record, safe_file_name
from app.drafts import OutgoingDraft
from app.errors import InvalidInput, StateError
from app.model import (
    Direction,
    Document,
    DocumentCode,
    Register,
    doc_type,
    format_number,
    parse_date,
)
from app.store import documents as sql
from app.store.documents import FileVersion

MAX_ATTACHMENTS = 50


@dataclass(frozen=True)
class IssuePlan:
    """What issuing a document will write: its register, number and symbol, date, and the
    files it starts from (checked again when the issue is committed)."""

    document_id: int
    register: Register
    year: int
    number: int
    code: DocumentCode
    date: dt.date
    file_sha256: str
    attachments: tuple[FileVersion, ...]

    @property
    def notation(self) -> str:
        return str(self.code)


class OutgoingService:
    def __init__(self, workspace: Any) -> None:
        self.ws = workspace
        self.docs = DocumentService(workspace)

    # -- drafting ----------------------------------------------------------------------------

    def create_draft(
        self,
        draft: OutgoingDraft,
        *,
        attachments: Sequence[Path | str] = (),
        register: str | None = None,
    ) -> Document:
        """A draft: the file the official will sign, its attachments, no number yet. Its
        register (normal, secret or copy series) is chosen now; the number when issued."""
        if draft.file is None:
            raise InvalidInput("file", "missing")
        if len(attachments) > MAX_ATTACHMENTS:
            raise InvalidInput("attach", "too_many", value=len(attachments), limit=MAX_ATTACHMENTS)
        prepared = self.docs.prepare_file(draft.file)
        extra = [self.docs.prepare_file(path) for path in attachments]
        kind = doc_type(draft.doc_type)
        target = self.docs.outgoing_register(kind.key, draft.secret, register)
        org = self.ws.organisation
        now = vn_now(self.ws.clock)
        at = now.isoformat(timespec="seconds")
        notation = DocumentCode.build(1, kind.abbr, org.abbr, draft.unit).notation

        def add(conn: sqlite3.Connection) -> int:
            record = new_record(
                prepared,
                id=None,
                direction=Direction.OUTGOING.value,
                register_id=target.id,
                year=now.year,
                number=None,
                code_number="",
                code_notation=notation,
                issued_date="",
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
                status="draft",
                created_at=at,
            )
            doc_id = self.docs.insert_document(
                conn, record, prepared, "draft", register=target.code,
                attachments=[p.name for p in extra],
            )  # fmt: skip
            for position, attachment in enumerate(extra, start=1):
                _add_attachment(conn, doc_id, position, attachment, "draft", at)
            return doc_id

        return self.docs.get(self.ws.write(add))

    def attachments(self, document_id: int) -> list[FileVersion]:
        """The current version of each attachment, in order."""
        return current_attachments(self.docs.versions(document_id))

    # -- the official's signature ------------------------------------------------------------

    def record_signed(
        self,
        document_id: int,
        signed: Path,
        *,
        started_from: str,
        role: str,
        signer: str,
        details: dict[str, Any] | None = None,
    ) -> tuple[Document, int]:
        """Store a signed file as the document's new version (the old ones stay): status
        ``approved`` after the official's signature. ``started_from``: the SHA-256 of the file
        that was signed — if the document changed meanwhile, nothing is stored. Returns the
        document and the new version's number."""
        doc = self.docs.get(document_id)
        check_signable(doc)
        blob = self.ws.blobs.put_file(signed)
        changes = {"status": "approved"} if role == "approve" else {}

        def store(conn: sqlite3.Connection) -> int:
            current = self.docs.get(document_id)
            check_signable(current)
            return self.docs.new_version(
                conn, document_id, sha256=blob.sha256, name=current.file_name, size=blob.size,
                role=role, action="sign", changes=changes, expected_sha256=started_from,
                details={"signer": signer, "role": role, **(details or {})},
            )  # fmt: skip

        version = self.ws.write(store)
        return self.docs.get(document_id), version

    # -- issuing -----------------------------------------------------------------------------

    def plan_issue(self, document_id: int, date: Any = None) -> IssuePlan:
        """The number, symbol and date issuing would give now (nothing is written). ``date``
        (default today): refused in the future and before the register's latest issued
        document of that year (numbers follow the issue dates); another year takes that year's
        numbers (the first document dated 2027 is number 01 of 2027)."""
        doc = self.docs.get(document_id)
        check_issuable(doc)
        today = vn_now(self.ws.clock).date()
        day = parse_date(date, "issued_date", today=today) if date else today
        register = next(r for r in self.ws.registers() if r.id == doc.register_id)
        # ND30 art. 15: numbers and issue dates follow each other in time within the year
        last = sql.last_issued(self.ws.conn, register.id, day.year)
        if last is not None and day.isoformat() < last[0]:
            raise InvalidInput(
                "issued_date", "before_last_issued", value=day.isoformat(), last=last[0],
                notation=last[1],
            )  # fmt: skip
        number = sql.next_number(self.ws.conn, register.id, day.year)
        return IssuePlan(
            document_id=doc.id,
            register=register,
            year=day.year,
            number=number,
            code=DocumentCode(format_number(number), doc.code_notation),
            date=day,
            file_sha256=doc.file_sha256,
            attachments=tuple(self.attachments(doc.id)),
        )

    def commit_issue(
        self,
        plan: IssuePlan,
        issued: Path,
        attachments: Sequence[Path] = (),
        *,
        signer: str,
        level: str = "",
    ) -> Document:
        """Store the issued file (and signed attachments) AND take the number, in one
        transaction; refused with ``number_taken`` when another desk took it meanwhile, and
        ``changed_meanwhile`` when the document changed since the plan."""
        if len(attachments) != len(plan.attachments):
            raise InvalidInput("attach", "count_mismatch", value=len(attachments))
        main = self.ws.blobs.put_file(issued)
        signed = [self.ws.blobs.put_file(path) for path in attachments]
        org = self.ws.organisation
        at = vn_now(self.ws.clock).isoformat(timespec="seconds")

        def issue(conn: sqlite3.Connection) -> None:
            doc = self.docs.get(plan.document_id)
            check_issuable(doc)
            if doc.file_sha256 != plan.file_sha256:
                raise StateError("changed_meanwhile", document_id=doc.id)
            if sql.next_number(conn, plan.register.id, plan.year) != plan.number:
                raise StateError("number_taken", document_id=doc.id, number=plan.number)
            code = plan.code
            document_key = f"{org.organ_id},{plan.date:%Y/%m/%d},{code}"
            changes = {
                "year": plan.year,
                "number": plan.number,
                "code_number": code.number,
                "code_notation": code.notation,
                "issued_date": plan.date.isoformat(),
                "document_key": document_key,
                "status": "issued",
            }
            names = []
            for position, (old, blob) in enumerate(zip(plan.attachments, signed, strict=True), 1):
                sql.add_version(
                    conn, doc.id, kind="attachment", position=position, sha256=blob.sha256,
                    name=old.name, size=blob.size, role="attachment", created_at=at,
                )  # fmt: skip
                names.append({"name": old.name, "sha256": blob.sha256})
            self.docs.new_version(
                conn, doc.id, sha256=main.sha256, name=doc.file_name, size=main.size,
                role="issue", action="issue", changes=changes, expected_sha256=plan.file_sha256,
                details={"register": plan.register.code, "signer": signer, "level": level,
                         "attachments": names},
            )  # fmt: skip

        self.ws.write(issue)
        return self.docs.get(plan.document_id)


def current_attachments(versions: Sequence[FileVersion]) -> list[FileVersion]:
    latest: dict[int, FileVersion] = {}
    for v in versions:
        if v.kind == "attachment" and (
            v.position not in latest or v.version > latest[v.position].version
        ):
            latest[v.position] = v
    return [latest[p] for p in sorted(latest)]


def check_signable(doc: Document) -> None:
    """The official signs drafts (and approved documents, for a second signature)."""
    if doc.cancelled:
        raise StateError("cancelled", document_id=doc.id)
    if doc.direction is not Direction.OUTGOING:
        raise StateError("not_outgoing", document_id=doc.id)
    if doc.status not in ("draft", "approved"):
        raise StateError("already_issued", document_id=doc.id, notation=doc.notation)
    if not doc.file_sha256:
        raise InvalidInput("file", "missing", value=doc.id)


def check_issuable(doc: Document) -> None:
    if doc.cancelled:
        raise StateError("cancelled", document_id=doc.id)
    if doc.direction is not Direction.OUTGOING:
        raise StateError("not_outgoing", document_id=doc.id)
    if doc.number is not None or doc.status not in ("draft", "approved"):
        raise StateError("already_issued", document_id=doc.id, notation=doc.notation)
    if doc.status != "approved":
        raise StateError("not_approved", document_id=doc.id)


def _add_attachment(
    conn: sqlite3.Connection,
    document_id: int,
    position: int,
    prepared: PreparedFile,
    role: str,
    at: str,
) -> None:
    sql.add_version(
        conn, document_id, kind="attachment", position=position, sha256=prepared.blob.sha256,
        name=safe_file_name(prepared.name), size=prepared.blob.size, role=role, created_at=at,
    )  # fmt: skip


__all__ = [
    "IssuePlan",
    "OutgoingService",
    "check_issuable",
    "check_signable",
    "current_attachments",
]
