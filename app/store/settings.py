"""Settings (key → value) and the registers (sổ đăng ký) of a workspace: the SQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from app.model import Direction, Register
from app.store.owner import in_write


def get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def put_many(conn: sqlite3.Connection, values: Iterable[tuple[str, str]]) -> None:
    in_write(conn)
    conn.executemany("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", list(values))


def registers(conn: sqlite3.Connection) -> list[Register]:
    rows = conn.execute(
        "SELECT id, code, name, direction, series FROM registers WHERE active = 1 ORDER BY id"
    ).fetchall()
    return [Register(r[0], r[1], r[2], Direction(r[3]), r[4]) for r in rows]


def register_exists(conn: sqlite3.Connection, code: str) -> bool:
    return conn.execute("SELECT 1 FROM registers WHERE code = ?", (code,)).fetchone() is not None


def add_registers(conn: sqlite3.Connection, rows: Iterable[tuple[str, str, str, str]]) -> None:
    """(code, name, direction, series) rows."""
    in_write(conn)
    conn.executemany(
        "INSERT INTO registers (code, name, direction, series) VALUES (?, ?, ?, ?)", list(rows)
    )


def register_summary(conn: sqlite3.Connection) -> list[dict[str, object]]:
    """Each active register per year: documents, the last number, how many cancelled."""
    rows = conn.execute(
        "SELECT r.code, r.name, r.direction, r.series, d.year, count(d.id), max(d.number),"
        " sum(d.cancelled) FROM registers r LEFT JOIN documents d ON d.register_id = r.id"
        " AND d.number IS NOT NULL WHERE r.active = 1 GROUP BY r.id, d.year ORDER BY r.id, d.year"
    ).fetchall()
    return [
        {
            "code": r[0],
            "name": r[1],
            "direction": r[2],
            "series": r[3],
            "year": r[4],
            "documents": r[5],
            "last_number": r[6],
            "cancelled": r[7] or 0,
        }
        for r in rows
    ]


__all__ = [
    "add_registers",
    "get",
    "put_many",
    "register_exists",
    "register_summary",
    "registers",
]
