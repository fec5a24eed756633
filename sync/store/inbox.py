"""Received packages (``inbox``) and every recipient's statuses (``recipient_status``)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from app.store.owner import in_write


def seen(conn: sqlite3.Connection, axis_doc_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT id, state FROM inbox WHERE axis_doc_id = ?", (axis_doc_id,)
    ).fetchone()
    return dict(row) if row is not None else None


def add(
    conn: sqlite3.Connection,
    *,
    axis_doc_id: str,
    message_type: str,
    from_org: str,
    received_at: str,
    package_sha256: str,
    state: str,
    document_id: int | None = None,
    detail: str = "",
) -> int:
    in_write(conn)
    cur = conn.execute(
        "INSERT INTO inbox (axis_doc_id, message_type, from_org, received_at, package_sha256,"
        " state, document_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (axis_doc_id, message_type, from_org, received_at, package_sha256, state, document_id,
         detail),
    )  # fmt: skip
    return int(cur.lastrowid)


def mark_acked(conn: sqlite3.Connection, inbox_id: int, status: str) -> None:
    in_write(conn)
    conn.execute("UPDATE inbox SET acked = ? WHERE id = ?", (status, inbox_id))


def status_seen(
    conn: sqlite3.Connection, document_id: int, organ_id: str, code: str, at: str
) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM recipient_status WHERE document_id = ? AND organ_id = ? AND"
            " status_code = ? AND at = ?",
            (document_id, organ_id, code, at),
        ).fetchone()
        is not None
    )


def add_status(
    conn: sqlite3.Connection,
    document_id: int,
    organ_id: str,
    organ_name: str,
    code: str,
    description: str,
    at: str,
) -> None:
    in_write(conn)
    conn.execute(
        "INSERT INTO recipient_status (document_id, organ_id, organ_name, status_code,"
        " description, at) VALUES (?, ?, ?, ?, ?, ?)",
        (document_id, organ_id, organ_name, code, description, at),
    )


def sent_to(conn: sqlite3.Connection, document_id: int) -> list[str]:
    """Every organisation a document was sent to, in the order first sent."""
    targets: list[str] = []
    for r in conn.execute(
        "SELECT to_orgs FROM outbox WHERE document_id = ? AND kind = 'edoc' ORDER BY id",
        (document_id,),
    ):
        for org in json.loads(r[0]):
            if org not in targets:
                targets.append(org)
    return targets


def sent_document(conn: sqlite3.Connection, document_key: str, organ_id: str) -> int | None:
    """The outgoing document with this DocumentId that was sent to ``organ_id`` (a secret
    document of the secret series may share a normal one's number, symbol and date, hence
    its DocumentId; it is never sent, so the one sent is the one a status is about)."""
    if not document_key:
        return None
    rows = conn.execute(
        "SELECT d.id, o.to_orgs FROM documents d JOIN outbox o ON o.document_id = d.id"
        " AND o.kind = 'edoc' WHERE d.document_key = ? AND d.direction = 'outgoing'"
        " ORDER BY d.id DESC, o.id",
        (document_key,),
    ).fetchall()
    for document_id, to_orgs in rows:
        if organ_id in json.loads(to_orgs):
            return int(document_id)
    return None


def statuses(conn: sqlite3.Connection, document_id: int, organ_id: str) -> list[dict[str, str]]:
    return [
        {"code": h[0], "description": h[1], "at": h[2]}
        for h in conn.execute(
            "SELECT status_code, description, at FROM recipient_status WHERE"
            " document_id = ? AND organ_id = ? ORDER BY at, id",
            (document_id, organ_id),
        )
    ]


def received_document(conn: sqlite3.Connection, document_id: int) -> str | None:
    """The organisation that sent this document over the axis (None: registered here by hand
    or from paper)."""
    row = conn.execute(
        "SELECT from_org FROM inbox WHERE document_id = ? AND message_type = 'edoc'"
        " AND state = 'registered' ORDER BY id LIMIT 1",
        (document_id,),
    ).fetchone()
    return row[0] if row is not None else None


def last_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM inbox").fetchone()[0])


def arrivals_after(
    conn: sqlite3.Connection, inbox_id: int, limit: int = 200
) -> list[dict[str, Any]]:
    """Documents registered from packages received after inbox row ``inbox_id``, with what a
    notice says of them (the newest last)."""
    return [
        dict(r)
        for r in conn.execute(
            "SELECT i.id AS inbox_id, d.id, d.code_number, d.code_notation, d.subject,"
            " d.issuer_name, d.urgency FROM inbox i JOIN documents d ON d.id = i.document_id"
            " WHERE i.id > ? AND i.message_type = 'edoc' AND i.state = 'registered'"
            " ORDER BY i.id LIMIT ?",
            (inbox_id, limit),
        )
    ]


__all__ = [
    "add",
    "add_status",
    "arrivals_after",
    "last_id",
    "mark_acked",
    "received_document",
    "seen",
    "sent_document",
    "sent_to",
    "status_seen",
    "statuses",
]
