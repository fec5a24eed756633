"""Signature reports kept with documents (``signature_reports``): the SQL."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from app.store.owner import in_write


def add(
    conn: sqlite3.Connection,
    document_id: int,
    file_sha256: str,
    verdict: str,
    signatures: int,
    checked_at: str,
    report: dict[str, Any],
) -> None:
    in_write(conn)
    conn.execute(
        "INSERT INTO signature_reports (document_id, file_sha256, verdict, signatures,"
        " checked_at, report) VALUES (?, ?, ?, ?, ?, ?)",
        (document_id, file_sha256, verdict, signatures, checked_at,
         json.dumps(report, ensure_ascii=False)),
    )  # fmt: skip


def latest(conn: sqlite3.Connection, document_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT * FROM signature_reports WHERE document_id = ? ORDER BY id DESC LIMIT 1",
        (document_id,),
    ).fetchone()
    if row is None:
        return None
    data = dict(row)
    data["report"] = json.loads(data["report"])
    return data


__all__ = ["add", "latest"]
