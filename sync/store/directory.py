"""The agency directory (``getAgenciesList``, ≈111,000 organisations in production), cached in
the workspace so that a clerk picks recipients offline, searching without diacritics."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.store.owner import in_write
from app.textfold import fold

CANDIDATES = 400  # matches looked at for ranking; the newest-first scan stops there


@dataclass(frozen=True)
class Agency:
    organ_id: str
    name: str
    parent_id: str = ""

    def as_json(self) -> dict[str, str]:
        return {"organ_id": self.organ_id, "name": self.name, "parent_id": self.parent_id}


def replace_all(conn: Any, agencies: Iterable[Any]) -> int:
    """Swap the cached directory for ``agencies`` (objects or mappings with organ_id, name and
    optionally parent_id), inside the caller's write: readers see the old list or the new one."""
    rows = []
    for a in agencies:
        get = a.get if isinstance(a, dict) else lambda k, d="", a=a: getattr(a, k, d)
        organ_id, name = str(get("organ_id", "")).strip(), str(get("name", "")).strip()
        if organ_id and name:
            rows.append((organ_id, name, str(get("parent_id", "") or "")))
    in_write(conn)
    conn.execute("DELETE FROM agencies")
    conn.execute("DELETE FROM agencies_index")
    conn.executemany(
        "INSERT OR REPLACE INTO agencies (organ_id, name, parent_id) VALUES (?, ?, ?)", rows
    )
    conn.executemany(
        "INSERT INTO agencies_index (organ_id, words) VALUES (?, ?)",
        ((organ_id, f"{fold(name)} {fold(organ_id)}") for organ_id, name, _ in rows),
    )
    return len(rows)


def count(conn: Any) -> int:
    return int(conn.execute("SELECT count(*) FROM agencies").fetchone()[0])


def get(conn: Any, organ_id: str) -> Agency | None:
    row = conn.execute(
        "SELECT organ_id, name, parent_id FROM agencies WHERE organ_id = ?", (organ_id,)
    ).fetchone()
    return Agency(*row) if row else None


def frequent(conn: Any, limit: int = 20) -> list[Agency]:
    """Before anything is typed: the organisations this office has sent the most documents
    to (by their answers), then the rest of the directory by name."""
    rows = conn.execute(
        "SELECT a.organ_id, a.name, a.parent_id FROM agencies a LEFT JOIN"
        " (SELECT organ_id, COUNT(DISTINCT document_id) AS n FROM recipient_status"
        "  GROUP BY organ_id) r ON r.organ_id = a.organ_id"
        " ORDER BY COALESCE(r.n, 0) DESC, a.name LIMIT ?",
        (limit,),
    ).fetchall()
    return [Agency(*r) for r in rows]


def search(conn: Any, text: str, limit: int = 20) -> list[Agency]:
    """Words typed with or without diacritics, in any order, each a prefix ("ubnd dak lak",
    "so giao duc"); an organisation id or its beginning ("000.00.31")."""
    query = text.strip()
    if not query:
        return []
    if re.fullmatch(r"[0-9A-Za-z]{3}(\.[0-9A-Za-z]{0,2}){0,3}\.?", query) and any(
        ch.isdigit() for ch in query
    ):
        rows = conn.execute(
            "SELECT organ_id, name, parent_id FROM agencies WHERE organ_id >= ? AND organ_id < ?"
            " ORDER BY organ_id LIMIT ?",
            (query.upper(), query.upper() + "\uffff", limit),
        ).fetchall()
        return [Agency(*r) for r in rows]
    words = [w for w in re.split(r"\W+", fold(query)) if w]
    if not words:
        return []
    match = " ".join(f'"{w}"*' for w in words)
    found = conn.execute(
        "SELECT a.organ_id, a.name, a.parent_id FROM agencies_index i"
        " JOIN agencies a ON a.organ_id = i.organ_id WHERE agencies_index MATCH ? LIMIT ?",
        (f"words: {match}", CANDIDATES),
    ).fetchall()
    phrase = " ".join(words)

    def rank(row: Any) -> tuple[int, int, int]:
        name = fold(row[1])
        return (0 if phrase in name else 1, 0 if name.startswith(words[0]) else 1, len(name))

    return [Agency(*r) for r in sorted(found, key=rank)[:limit]]


__all__ = ["Agency", "count", "frequent", "get", "replace_all", "search"]
