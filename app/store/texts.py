"""The text of registered files (``document_texts``): the SQL."""

from __future__ import annotations

import sqlite3
from typing import Any

from app.store.owner import in_write


def pending(conn: sqlite3.Connection, *, max_size: int | None = None) -> list[int]:
    sql = (
        "SELECT t.document_id FROM document_texts t JOIN documents d ON d.id = t.document_id"
        " WHERE t.state = 'pending'"
    )
    args: list[int] = []
    if max_size is not None:
        sql += " AND d.file_size <= ?"
        args.append(max_size)
    return [r[0] for r in conn.execute(sql + " ORDER BY t.document_id", args)]


def pending_document(conn: sqlite3.Connection, document_id: int) -> dict[str, Any] | None:
    """The document's row with its text state, when its text waits to be extracted."""
    row = conn.execute(
        "SELECT d.*, t.state FROM documents d JOIN document_texts t ON t.document_id = d.id"
        " WHERE d.id = ?",
        (document_id,),
    ).fetchone()
    return dict(row) if row is not None and row["state"] == "pending" else None


def state(conn: sqlite3.Connection, document_id: int) -> str | None:
    row = conn.execute(
        "SELECT state FROM document_texts WHERE document_id = ?", (document_id,)
    ).fetchone()
    return row[0] if row else None


def store(conn: sqlite3.Connection, document_id: int, state: str, pages: int, body: str) -> None:
    in_write(conn)
    conn.execute(
        "UPDATE document_texts SET state = ?, pages = ?, body = ? WHERE document_id = ?",
        (state, pages, body, document_id),
    )


def body(conn: sqlite3.Connection, document_id: int) -> str:
    row = conn.execute(
        "SELECT body FROM document_texts WHERE document_id = ?", (document_id,)
    ).fetchone()
    return row[0] if row else ""


__all__ = ["body", "pending", "pending_document", "state", "store"]
