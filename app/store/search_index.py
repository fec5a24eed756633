"""The full-text index (FTS5 ``search_index``, contentless, with ``search_terms`` keeping each
word's document frequency) and the filters of lists and searches: the SQL."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from app.model import Direction, doc_type
from app.store.owner import in_write
from app.textfold import fold, normalize_text, tokens


def index_insert(conn: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Index (id, folded meta, folded body) rows and count their words."""
    rows = list(rows)
    if not rows:
        return
    in_write(conn)
    conn.executemany("INSERT INTO search_index (rowid, meta, body) VALUES (?, ?, ?)", rows)
    _count_terms(conn, rows, +1)


def index_delete(conn: sqlite3.Connection, rows: Iterable[tuple[int, str, str]]) -> None:
    """Remove rows from the contentless index: FTS5 needs the exact text that was indexed."""
    rows = list(rows)
    if not rows:
        return
    conn.executemany(
        "INSERT INTO search_index (search_index, rowid, meta, body) VALUES ('delete', ?, ?, ?)",
        rows,
    )
    _count_terms(conn, rows, -1)


def _count_terms(conn: sqlite3.Connection, rows: list[tuple[int, str, str]], sign: int) -> None:
    counts: Counter[str] = Counter()
    for _, meta, body in rows:
        counts.update(set(tokens(meta)) | set(tokens(body)))
    conn.executemany(
        "INSERT INTO search_terms (term, df) VALUES (?, ?)"
        " ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
        [(term, sign * n) for term, n in counts.items()],
    )


def where_clause(filters: Any, alias: str = "d") -> tuple[str, list[Any]]:
    """A WHERE fragment (without WHERE) and its parameters for ``SearchFilters``."""
    where: list[str] = []
    args: list[Any] = []
    if filters.direction is not None:
        where.append(f"{alias}.direction = ?")
        args.append(Direction(filters.direction).value)
    if filters.register:
        where.append(f"{alias}.register_id = (SELECT id FROM registers WHERE code = ?)")
        args.append(filters.register)
    if filters.year is not None:
        where.append(f"{alias}.year = ?")
        args.append(int(filters.year))
    if filters.doc_type:
        where.append(f"{alias}.doc_type = ?")
        args.append(doc_type(filters.doc_type).key)
    if filters.issuer:
        if re.match(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)+$", filters.issuer):
            where.append(f"{alias}.issuer_id = ?")
            args.append(filters.issuer.upper())
        else:
            where.append(f"fold({alias}.issuer_name) LIKE ?")
            args.append(f"%{fold(normalize_text(filters.issuer))}%")
    if filters.urgency is not None:
        where.append(f"{alias}.urgency = ?")
        args.append(int(filters.urgency))
    if filters.status:
        where.append(f"{alias}.status = ?")
        args.append(filters.status)
    if filters.statuses:
        where.append(f"{alias}.status IN ({','.join('?' * len(filters.statuses))})")
        args.extend(filters.statuses)

    if filters.date_from:
        where.append(f"{alias}.issued_date >= ?")
        args.append(filters.date_from)
    if filters.date_to:
        where.append(f"{alias}.issued_date <= ?")
        args.append(filters.date_to)
    if not filters.include_cancelled:
        where.append(f"{alias}.cancelled = 0")
    return " AND ".join(where) or "1", args


def corpus_stats(conn: sqlite3.Connection, sample: int = 200) -> tuple[int, list[bytes], list[int]]:
    """The highest document id (documents are never deleted: the count, read in one seek),
    the FTS5 size records of the newest ``sample`` rows, and the lengths of the newest
    extracted texts."""
    n = conn.execute("SELECT max(id) FROM documents").fetchone()[0] or 0
    sizes = [
        bytes(r[0])
        for r in conn.execute(
            "SELECT sz FROM search_index_docsize ORDER BY id DESC LIMIT ?", (sample,)
        )
        if r[0]
    ]
    bodies = [
        r[0]
        for r in conn.execute(
            "SELECT length(body) FROM document_texts WHERE state = 'done' AND body != ''"
            " ORDER BY document_id DESC LIMIT ?",
            (sample,),
        )
    ]
    return n, sizes, bodies


def candidates(
    conn: sqlite3.Connection,
    columns: str,
    match: str,
    where: str,
    args: Sequence[Any],
    limit: int,
    offset: int,
) -> list[tuple]:
    """Documents matching an FTS5 expression and the filters, newest first."""
    return conn.execute(
        f"SELECT {columns} FROM search_index s JOIN documents d ON d.id = s.rowid"
        f" WHERE search_index MATCH ? AND {where} ORDER BY s.rowid DESC LIMIT ? OFFSET ?",
        [match, *args, limit, offset],
    ).fetchall()


def document_frequencies(conn: sqlite3.Connection, words: Sequence[str]) -> dict[str, int]:
    marks = ",".join("?" * len(words))
    return dict(
        conn.execute(f"SELECT term, df FROM search_terms WHERE term IN ({marks})", list(words))
    )


def bodies(conn: sqlite3.Connection, ids: Sequence[int], chars: int) -> dict[int, str]:
    """The first ``chars`` characters of these documents' extracted texts."""
    found: dict[int, str] = {}
    for start in range(0, len(ids), 500):
        part = list(ids[start : start + 500])
        marks = ",".join("?" * len(part))
        found.update(
            conn.execute(
                f"SELECT document_id, substr(body, 1, ?) FROM document_texts"
                f" WHERE document_id IN ({marks})",
                [chars, *part],
            )
        )
    return found


__all__ = [
    "bodies",
    "candidates",
    "corpus_stats",
    "document_frequencies",
    "index_delete",
    "index_insert",
    "where_clause",
]
