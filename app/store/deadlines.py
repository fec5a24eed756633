"""Deadlines of incoming documents: the SQL of "due within N days or overdue".

Read through the register pages' index on (register, year, due date): one range read per
register and year, so that a register of a million documents answers in milliseconds."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

FIELDS = (
    "id, register_id, year, number, code_number, code_notation, subject, issuer_name,"
    " due_date, status, assignee, urgency"
)


def due_by(
    conn: sqlite3.Connection, until: str, finished: Iterable[str], limit: int = 500
) -> list[dict[str, Any]]:
    """Incoming documents not cancelled, whose status is not one of ``finished``, with a due
    date on or before ``until`` (YYYY-MM-DD), the earliest first."""
    done = tuple(finished)
    marks = ",".join("?" * len(done)) or "''"
    places: list[tuple[int, int]] = []
    for (register_id,) in conn.execute(
        "SELECT id FROM registers WHERE direction = 'incoming'"
    ).fetchall():
        low, high = conn.execute(
            "SELECT min(year), max(year) FROM documents WHERE register_id = ?", (register_id,)
        ).fetchone()
        if low is not None:
            places.extend((register_id, year) for year in range(int(low), int(high) + 1))
    rows: list[dict[str, Any]] = []
    for register_id, year in places:
        rows.extend(
            dict(r)
            for r in conn.execute(
                f"SELECT {FIELDS} FROM documents INDEXED BY pages_due"
                " WHERE register_id = ? AND year = ? AND due_date > '' AND due_date <= ?"
                f" AND cancelled = 0 AND direction = 'incoming' AND status NOT IN ({marks})"
                " ORDER BY due_date LIMIT ?",
                (register_id, year, until, *done, limit),
            )
        )
    rows.sort(key=lambda r: (r["due_date"], r["id"]))
    return rows[:limit]


__all__ = ["due_by"]
