"""The rows of a register book (sổ đăng ký): the SQL. Only numbered documents are in a book
(a draft has no number until it is issued); cancelled ones stay, with their reason."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

FETCH_ROWS = 500  # rows per fetchmany
ENTRY_COLUMNS = (
    "d.number, d.code_number, d.code_notation, d.issued_date, d.doc_type, d.subject,"
    " d.issuer_name, d.signer, d.arrival_date, d.assignee, d.handed_on, d.recipients, d.copies,"
    " d.note, d.cancelled, CASE WHEN d.cancelled THEN (SELECT e.details FROM events e"
    " WHERE e.document_id = d.id AND e.action = 'cancel' ORDER BY e.id DESC LIMIT 1) END"
)


@dataclass(frozen=True)
class BookQuery:
    """Which rows: a register, a direction, a year and/or dates (arrival dates for incoming,
    issue dates for outgoing), and the newest row included (what is registered while the
    book is written waits for the next export)."""

    where: str
    args: tuple[Any, ...]
    date_column: str


def book_query(
    register_id: int,
    direction: str,
    *,
    year: int | None,
    date_from: str | None,
    date_to: str | None,
) -> BookQuery:
    date_col = "d.arrival_date" if direction == "incoming" else "d.issued_date"
    where = ["d.register_id = ?", "d.direction = ?", "d.number IS NOT NULL"]
    args: list[Any] = [register_id, direction]
    for cond, value in (
        ("d.year = ?", year),
        (f"{date_col} >= ?", date_from),
        (f"{date_col} <= ?", date_to),
    ):
        if value is not None:
            where.append(cond)
            args.append(value)
    return BookQuery(" AND ".join(where), tuple(args), date_col)


class Bounds(NamedTuple):
    query: BookQuery  # closed at the newest row now
    first_day: str | None
    last_day: str | None
    rows: int  # how many rows the closed query reads


def bounds(conn: sqlite3.Connection, q: BookQuery) -> Bounds:
    """The query closed at the newest row now, the first and last dates it covers and its
    number of rows (one pass over the register's index, the rows themselves unread)."""
    ceiling, first_day, last_day, rows = conn.execute(
        f"SELECT max(d.id), min({q.date_column}), max({q.date_column}), count(*)"
        f" FROM documents d WHERE {q.where}",
        q.args,
    ).fetchone()
    closed = BookQuery(f"{q.where} AND d.id <= ?", (*q.args, ceiling or 0), q.date_column)
    return Bounds(closed, first_day, last_day, rows or 0)


def first_and_last_number(conn: sqlite3.Connection, q: BookQuery) -> tuple[Any, Any]:
    first, last = (
        conn.execute(
            f"SELECT d.number FROM documents d WHERE {q.where}"
            f" ORDER BY d.year {order}, d.number {order} LIMIT 1",
            q.args,
        ).fetchone()
        for order in ("ASC", "DESC")
    )
    return (first[0] if first else None), (last[0] if last else None)


def entries(conn: sqlite3.Connection, q: BookQuery) -> Iterator[tuple[Any, ...]]:
    """The book's rows in register order, as plain tuples of ENTRY_COLUMNS."""
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples, whatever the connection's factory
    try:
        cursor.execute(
            f"SELECT {ENTRY_COLUMNS} FROM documents d WHERE {q.where} ORDER BY d.year, d.number",
            q.args,
        )
        while batch := cursor.fetchmany(FETCH_ROWS):
            yield from batch
    finally:
        cursor.close()


__all__ = ["BookQuery", "Bounds", "book_query", "bounds", "entries", "first_and_last_number"]
