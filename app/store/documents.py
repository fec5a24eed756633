"""The documents of the registers, their file versions and their text: the SQL.

Functions take a connection: a reader's for reads, the writer's (inside ``Store.write``) for
writes. Numbers: the next number of a register in a year is MAX(number)+1 read inside the
write transaction (``BEGIN IMMEDIATE``), so two processes cannot take the same one; UNIQUE
(register, year, number) backs that up. A draft has no number (NULL) until it is issued."""

from __future__ import annotations

import hashlib
import operator
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.store.owner import in_write

COLUMNS = [
    "id",
    "direction",
    "register_id",
    "year",
    "number",
    "code_number",
    "code_notation",
    "issued_date",
    "doc_type",
    "subject",
    "issuer_id",
    "issuer_name",
    "signer",
    "position",
    "arrival_date",
    "due_date",
    "urgency",
    "confidentiality",
    "status",
    "assignee",
    "handed_on",
    "to_places",
    "recipients",
    "copies",
    "note",
    "document_key",
    "key_hash",
    "triple_hash",
    "file_sha256",
    "file_name",
    "file_size",
    "cancelled",
    "created_at",
    "extra",
]
as_row = operator.itemgetter(*COLUMNS)  # a record dict as the INSERT values, in C
INSERT_SQL = (
    f"INSERT INTO documents ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})"
)
SELECT_SQL = (
    "SELECT d.*, r.code AS register_code FROM documents d JOIN registers r ON r.id = d.register_id"
)
SQL_CHUNK = 500  # ids per IN (…): far below SQLite's variable limit


# -- the state a history event vouches for ------------------------------------------------


def state_digest(row: Mapping[str, Any]) -> str:
    """A digest of every column of a document row. Each history event that changes a document
    records the digest of the row it left, so ``audit verify`` sees a row changed behind the
    history's back (a direct SQL edit). The columns hold text, whole numbers and NULLs only,
    whose ``repr`` is exact and stable."""
    return row_digest(as_row(row))


def row_digest(values: tuple[Any, ...]) -> str:
    """``state_digest`` of a row already made by ``as_row``."""
    return hashlib.sha256(repr(values).encode("utf-8")).hexdigest()[:32]


def current_states(conn: sqlite3.Connection, batch: int = 20_000) -> Iterable[tuple[int, str]]:
    """(id, digest) of every document, in id order."""
    cursor = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM documents ORDER BY id")
    cursor.row_factory = None
    while rows := cursor.fetchmany(batch):
        for r in rows:  # the columns in COLUMNS order: the same tuple as_row() makes
            yield r[0], hashlib.sha256(repr(tuple(r)).encode("utf-8")).hexdigest()[:32]


# -- reading ------------------------------------------------------------------------------


def get(conn: sqlite3.Connection, document_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"{SELECT_SQL} WHERE d.id = ?", (document_id,)).fetchone()
    return dict(row) if row is not None else None


def rows_by_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The rows (with their register's code) of ``ids``, by id; any number of ids."""
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), SQL_CHUNK):
        part = list(ids[start : start + SQL_CHUNK])
        marks = ",".join("?" * len(part))
        for row in conn.execute(f"{SELECT_SQL} WHERE d.id IN ({marks})", part):
            found[row["id"]] = dict(row)
    return found


def ids_with_file(conn: sqlite3.Connection, ids: Sequence[int]) -> list[int]:
    """Those of ``ids`` that have a file, in order; any number of ids."""
    found: list[int] = []
    for start in range(0, len(ids), SQL_CHUNK):
        part = list(ids[start : start + SQL_CHUNK])
        marks = ",".join("?" * len(part))
        found.extend(
            r[0]
            for r in conn.execute(
                f"SELECT id FROM documents WHERE file_sha256 != '' AND id IN ({marks}) ORDER BY id",
                part,
            )
        )
    return found


def next_id(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT coalesce(max(id), 0) + 1 FROM documents").fetchone()[0]


def next_number(conn: sqlite3.Connection, register_id: int, year: int) -> int:
    return conn.execute(
        "SELECT coalesce(max(number), 0) + 1 FROM documents WHERE register_id = ? AND year = ?",
        (register_id, year),
    ).fetchone()[0]


def last_issued(conn: sqlite3.Connection, register_id: int, year: int) -> tuple[str, str] | None:
    """(issue date, number and symbol) of the latest-dated numbered document of a register's
    year, or None when the year has none yet."""
    row = conn.execute(
        "SELECT issued_date, code_number, code_notation FROM documents"
        " WHERE register_id = ? AND year = ? AND number IS NOT NULL AND issued_date != ''"
        " ORDER BY issued_date DESC, number DESC LIMIT 1",
        (register_id, year),
    ).fetchone()
    if row is None:
        return None
    return row[0], f"{row[1]}/{row[2]}" if row[1] else row[2]


@dataclass(frozen=True)
class HashMatch:
    id: int
    number: int | None
    code_number: str
    code_notation: str
    key_hash: int | None
    triple_hash: int | None


def incoming_by_hashes(conn: sqlite3.Connection, hashes: Iterable[int]) -> list[HashMatch]:
    """Incoming documents whose DocumentId hash or number+symbol+issuer hash is one of
    ``hashes`` (one query per few hundred)."""
    wanted = sorted(set(hashes))
    found: list[HashMatch] = []
    for start in range(0, len(wanted), SQL_CHUNK):
        part = wanted[start : start + SQL_CHUNK]
        marks = ",".join("?" * len(part))
        rows = conn.execute(
            "SELECT id, number, code_number, code_notation, key_hash, triple_hash"
            f" FROM documents WHERE direction = 'incoming' AND (triple_hash IN ({marks})"
            f" OR key_hash IN ({marks}))",
            part + part,
        ).fetchall()
        found.extend(HashMatch(*r) for r in rows)
    return found


def by_file(conn: sqlite3.Connection, sha256s: Iterable[str], direction: str) -> list[tuple]:
    """(sha256, id, number, code_number, code_notation) of documents of ``direction`` whose
    current file is one of ``sha256s``."""
    wanted = sorted({s for s in sha256s if s})
    found: list[tuple] = []
    for start in range(0, len(wanted), SQL_CHUNK):
        part = wanted[start : start + SQL_CHUNK]
        marks = ",".join("?" * len(part))
        found.extend(
            tuple(r)
            for r in conn.execute(
                "SELECT file_sha256, id, number, code_number, code_notation FROM documents"
                f" WHERE direction = ? AND file_sha256 IN ({marks})",
                [direction, *part],
            )
        )
    return found


def count_by_direction(conn: sqlite3.Connection) -> dict[str, int]:
    rows = conn.execute("SELECT direction, count(*) FROM documents GROUP BY direction")
    return {r[0]: r[1] for r in rows}


def find_by_key(conn: sqlite3.Connection, document_key: str, direction: str) -> int | None:
    """The newest document of ``direction`` with this edXML DocumentId."""
    if not document_key:
        return None
    row = conn.execute(
        "SELECT id FROM documents WHERE document_key = ? AND direction = ? ORDER BY id DESC",
        (document_key, direction),
    ).fetchone()
    return int(row[0]) if row else None


# -- writing ------------------------------------------------------------------------------


def insert_many(conn: sqlite3.Connection, rows: Sequence[tuple]) -> None:
    in_write(conn)
    conn.executemany(INSERT_SQL, rows)


def insert_one(conn: sqlite3.Connection, record: Mapping[str, Any]) -> int:
    in_write(conn)
    return int(conn.execute(INSERT_SQL, as_row(record)).lastrowid)


def update(conn: sqlite3.Connection, document_id: int, changes: Mapping[str, Any]) -> None:
    in_write(conn)
    unknown = set(changes) - set(COLUMNS)
    if unknown or "id" in changes:
        raise ValueError(f"cannot update {sorted(unknown | ({'id'} & changes.keys()))}")
    assignments = ", ".join(f"{k} = ?" for k in changes)
    conn.execute(
        f"UPDATE documents SET {assignments} WHERE id = ?", [*changes.values(), document_id]
    )


# -- file versions ------------------------------------------------------------------------


@dataclass(frozen=True)
class FileVersion:
    document_id: int
    kind: str  # "main" or "attachment"
    position: int  # 0 for the main file; 1, 2, … for attachments
    version: int  # 1, 2, … per (document, kind, position)
    sha256: str
    name: str
    size: int
    role: str  # what made it: registered, draft, approve, issue, attachment, upgrade, received
    created_at: str
    event_id: int | None


def add_version(
    conn: sqlite3.Connection,
    document_id: int,
    *,
    kind: str,
    position: int,
    sha256: str,
    name: str,
    size: int,
    role: str,
    created_at: str,
    event_id: int | None = None,
) -> int:
    """Record a new version of one of a document's files; returns its version number."""
    in_write(conn)
    version = conn.execute(
        "SELECT coalesce(max(version), 0) + 1 FROM document_files"
        " WHERE document_id = ? AND kind = ? AND position = ?",
        (document_id, kind, position),
    ).fetchone()[0]
    conn.execute(
        "INSERT INTO document_files (document_id, kind, position, version, sha256, name, size,"
        " role, created_at, event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (document_id, kind, position, version, sha256, name, size, role, created_at, event_id),
    )
    return int(version)


def add_first_versions(conn: sqlite3.Connection, rows: Sequence[tuple]) -> None:
    """Version 1 of the main file of many just-registered documents:
    (document_id, sha256, name, size, role, created_at) rows."""
    in_write(conn)
    conn.executemany(
        "INSERT INTO document_files (document_id, kind, position, version, sha256, name, size,"
        " role, created_at) VALUES (?, 'main', 0, 1, ?, ?, ?, ?, ?)",
        rows,
    )


def versions(conn: sqlite3.Connection, document_id: int) -> list[FileVersion]:
    rows = conn.execute(
        "SELECT document_id, kind, position, version, sha256, name, size, role, created_at,"
        " event_id FROM document_files WHERE document_id = ? ORDER BY kind DESC, position,"
        " version",
        (document_id,),
    ).fetchall()
    return [FileVersion(*r) for r in rows]


# -- text -------------------------------------------------------------------------------


def queue_texts(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """The file's text is to be extracted (again): pending."""
    in_write(conn)
    conn.executemany(
        "INSERT INTO document_texts (document_id, state) VALUES (?, 'pending')"
        " ON CONFLICT(document_id) DO UPDATE SET state = 'pending'",
        [(i,) for i in ids],
    )


def indexed_body(conn: sqlite3.Connection, document_id: int) -> str:
    """The text as indexed (folded by the caller), '' when not extracted."""
    row = conn.execute(
        "SELECT body FROM document_texts WHERE document_id = ? AND state = 'done'",
        (document_id,),
    ).fetchone()
    return row[0] if row and row[0] else ""


__all__ = [
    "COLUMNS",
    "SELECT_SQL",
    "FileVersion",
    "HashMatch",
    "add_first_versions",
    "add_version",
    "as_row",
    "by_file",
    "count_by_direction",
    "current_states",
    "find_by_key",
    "get",
    "ids_with_file",
    "incoming_by_hashes",
    "indexed_body",
    "insert_many",
    "insert_one",
    "last_issued",
    "next_id",
    "next_number",
    "queue_texts",
    "rows_by_ids",
    "state_digest",
    "update",
    "versions",
]
