"""History (lịch sử xử lý): every change appends an event — who, when, what, before/after —
chained by SHA-256 so that editing, removing or reordering an event is detected.

hash_n = SHA-256(hash_{n-1} ‖ JSON [id, at, actor, action, document_id] ‖ LF ‖ details JSON)
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from typing import Any

GENESIS = bytes(32)

ACTIONS = frozenset(
    {
        "init",
        "register",
        "edit",
        "assign",
        "status",
        "cancel",
        "sign",
        "send",
        "receive",
        "view",
        "export",
        "attach",
        "text_indexed",
        "signatures_checked",
        "settings",
        "draft",  # an outgoing document drafted (no number yet)
        "issue",  # numbered, sealed and registered by the clerk
        "baseline",  # the states of documents registered before states were recorded
    }
)


def record_event(
    conn: sqlite3.Connection, actor: str, at: str, action: str, document_id: int | None,
    **details: Any,
) -> int:  # fmt: skip
    """One event, written at once inside the caller's write transaction."""
    chain = ChainWriter(conn, actor, at)
    event_id = chain.append(action, document_id, **details)
    chain.flush()
    return event_id


_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 as is: the bytes the chain hashes (one encoder, built
    once: a bulk import writes an event per document)."""
    return _CANONICAL.encode(value)


def event_hash(
    prev: bytes,
    event_id: int,
    at: str,
    actor: str,
    action: str,
    document_id: int | None,
    details: str,
) -> bytes:
    header = canonical_json([event_id, at, actor, action, document_id])
    return hashlib.sha256(prev + f"{header}\n{details}".encode()).digest()


@dataclass(frozen=True)
class Event:
    id: int
    at: str
    actor: str
    action: str
    document_id: int | None
    details: dict[str, Any]


class ChainWriter:
    """Appends events inside the caller's write transaction. Reads the chain head once, so a
    batch of thousands of events costs one query plus its inserts."""

    def __init__(self, conn: sqlite3.Connection, actor: str, at: str) -> None:
        if not conn.in_transaction:
            raise RuntimeError("history events are written inside a write transaction")
        self.conn = conn
        self.actor = actor
        self.at = at
        row = conn.execute("SELECT id, hash FROM events ORDER BY id DESC LIMIT 1").fetchone()
        self.last_id, self.head = (row[0], row[1]) if row else (0, GENESIS)
        self._rows: list[tuple] = []

    def append(self, action: str, document_id: int | None, **details: Any) -> int:
        if action not in ACTIONS:
            raise ValueError(f"unknown history action {action!r}")
        event_id = self.last_id + 1
        text = canonical_json(details)
        digest = event_hash(self.head, event_id, self.at, self.actor, action, document_id, text)
        self._rows.append((event_id, self.at, self.actor, action, document_id, text, digest))
        self.last_id, self.head = event_id, digest
        return event_id

    def flush(self) -> None:
        if self._rows:
            self.conn.executemany(
                "INSERT INTO events (id, at, actor, action, document_id, details, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                self._rows,
            )
            self._rows.clear()
            # The head is also kept apart, so that removing the newest events shows too.
            self.conn.execute(
                "INSERT OR REPLACE INTO settings (key, value) VALUES ('history_head', ?)",
                (f"{self.last_id}:{self.head.hex()}",),
            )


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    first_broken: int | None = None
    problem: str = ""  # hash_mismatch, missing_event, unreadable, document_changed
    documents: int = 0  # documents whose current state was checked against the history
    changed_document: int | None = None  # the first one whose row the history cannot vouch for


STATE_KEY = "document_state"  # the digest of the document row an event left behind
_STATE = re.compile(r'"document_state":"([0-9a-f]{32})"')


def verify_chain(conn: sqlite3.Connection, batch: int = 5000) -> ChainReport:
    """Walk the whole chain in id order and name the first event that does not fit; then
    check that every document row is the one its last history event vouches for (a row edited
    behind the history's back shows here)."""
    prev = GENESIS
    expected_id = 1
    count = 0
    states: dict[int, str] = {}
    cursor = conn.execute(
        "SELECT id, at, actor, action, document_id, details, hash FROM events ORDER BY id"
    )
    while rows := cursor.fetchmany(batch):
        for event_id, at, actor, action, document_id, details, digest in rows:
            if event_id != expected_id:
                return ChainReport(False, count, expected_id, "missing_event")
            try:
                computed = event_hash(prev, event_id, at, actor, action, document_id, details)
            except (ValueError, TypeError):
                return ChainReport(False, count, event_id, "unreadable")
            if computed != bytes(digest):
                return ChainReport(False, count, event_id, "hash_mismatch")
            if document_id is not None:
                # canonical JSON: the key can only appear as a key, never inside a string
                found = _STATE.search(details)
                if found:
                    states[document_id] = found.group(1)
            elif action == "baseline":
                for key, value in json.loads(details).get("document_states", {}).items():
                    states[int(key)] = value
            prev = computed
            expected_id += 1
            count += 1
    row = conn.execute("SELECT value FROM settings WHERE key = 'history_head'").fetchone()
    if row and row[0] != f"{count}:{prev.hex()}":
        return ChainReport(False, count, count + 1, "missing_event")
    from app.store.documents import current_states

    checked = 0
    for document_id, digest in current_states(conn):
        if states.get(document_id) != digest:
            return ChainReport(
                False, count, None, "document_changed", checked, changed_document=document_id
            )
        checked += 1
    return ChainReport(True, count, documents=checked)


def events_for(conn: sqlite3.Connection, document_id: int) -> list[Event]:
    rows = conn.execute(
        "SELECT id, at, actor, action, document_id, details FROM events WHERE document_id = ?"
        " ORDER BY id",
        (document_id,),
    ).fetchall()
    return [Event(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]


__all__ = [
    "ACTIONS",
    "ChainReport",
    "ChainWriter",
    "Event",
    "events_for",
    "record_event",
    "verify_chain",
]
