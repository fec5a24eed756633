"""Changing a registered document: corrections, assignment, handling status, cancellation.
Each change is one write that updates the row and its search entry and appends one history
event with the values before and after and the state left (DocumentService inherits these)."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

from app.clock import vn_now
from app.errors import InvalidInput, NotFound, StateError
from app.model import (
    Direction,
    Document,
    code_notation,
    code_number,
    confidentiality,
    doc_type,
    document_ref,
    organ_id,
    parse_date,
    status_key,
    text_field,
    urgency,
)
from app.records import EDITABLE, OUTGOING_PLACE, REGISTER_PLACE, key_hash, triple_hash
from app.search import meta_text
from app.store import documents as sql
from app.store.history import STATE_KEY, ChainWriter
from app.store.search_index import index_delete, index_insert
from app.textfold import fold

if TYPE_CHECKING:
    from app.workspace import Workspace

# Statuses a person sets by hand; the others follow from what was done.
SETTABLE_STATUSES = ("registered", "assigned", "in_progress", "done", "returned")


class DocumentChanges:
    """The changing half of DocumentService."""

    ws: Workspace

    def get(self, document_id: int, *, record_view: bool = False) -> Document:
        raise NotImplementedError

    def _chain(self, conn: sqlite3.Connection, at: str | None = None) -> ChainWriter:
        raise NotImplementedError

    def edit(self, document_id: int, changes: dict[str, Any], *, reason: str = "") -> Document:
        """Correct metadata. What places a document in its register (its number, register,
        year; for an outgoing document, its symbol and date too) never changes: ND30 has the
        document cancelled and registered again."""
        document_id = document_ref(document_id)
        place = sorted(set(changes) & REGISTER_PLACE)
        if place:
            raise InvalidInput(place[0], "register_place", value=document_id)
        unknown = sorted(set(changes) - EDITABLE)
        if unknown:
            raise InvalidInput(unknown[0], "not_editable", value=unknown[0])
        doc = self.get(document_id)
        if doc.direction is Direction.OUTGOING and doc.number is not None:
            fixed = sorted(set(changes) & OUTGOING_PLACE)
            if fixed:
                raise InvalidInput(fixed[0], "register_place", value=document_id)
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
        """A handling status a person records (registered, assigned, in progress, done,
        returned), given as its key or its Vietnamese words ("Hoàn thành")."""
        key = status_key(status)
        if key not in SETTABLE_STATUSES:
            raise InvalidInput("status", "not_settable", value=status)
        return self._update(document_id, "status", {"status": key}, reason=reason)

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
        document_id = document_ref(document_id)
        self.ws.write(
            lambda conn: self.apply_changes(conn, document_id, action, changes, reason=reason)
        )
        return self.get(document_id)

    def apply_changes(
        self,
        conn: sqlite3.Connection,
        document_id: int,
        action: str,
        changes: dict[str, Any],
        *,
        reason: str = "",
        allow_cancelled: bool = False,
        **details: Any,
    ) -> dict[str, Any]:
        """Change a document's row inside a write: the search entry follows, and one history
        event records the values before and after and the state left. Returns the new row."""
        old = sql.get(conn, document_id)
        if old is None:
            raise NotFound("document", document_id)
        if old["cancelled"] and not allow_cancelled:
            raise StateError("cancelled", document_id=document_id)
        changes = dict(changes)
        new = {**old, **changes}
        if {"code_number", "code_notation", "issuer_id"} & changes.keys():
            new["triple_hash"] = changes["triple_hash"] = triple_hash(
                new["code_number"], new["code_notation"], new["issuer_id"]
            )
        if "document_key" in changes:
            new["key_hash"] = changes["key_hash"] = key_hash(new["document_key"])
        hidden = {"triple_hash", "key_hash"}
        before = {k: old[k] for k in changes if k not in hidden and old[k] != new[k]}
        after = {k: new[k] for k in before}
        if not before and not details:
            return old
        if before:
            sql.update(conn, document_id, changes)
            old_meta, new_meta = meta_text(old), meta_text(new)
            if old_meta != new_meta:
                body = fold(sql.indexed_body(conn, document_id))
                index_delete(conn, [(document_id, old_meta, body)])
                index_insert(conn, [(document_id, new_meta, body)])
        event: dict[str, Any] = {"before": before, "after": after, **details}
        if reason:
            event["reason"] = reason
        event[STATE_KEY] = sql.state_digest(new)
        chain = self._chain(conn)
        chain.append(action, document_id, **event)
        chain.flush()
        return new
