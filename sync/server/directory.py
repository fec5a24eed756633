"""The directory of organisations the local axis serves (``getAgenciesList``).

Production has about 111,000 agencies, so the answer is built once per revision of the
``agencies`` table, as ready JSON bytes and their gzip, and served as they are.
``--agencies FILE.json`` loads a directory at start: a JSON array (or ``{"data": [...]}``,
the answer of an axis) of ``{"code", "name", "pcode"?, "pid"?, "mail"?, "id"?}``; ``pcode``
names the parent by its code, ``pid`` by its ``id`` in the same file.
"""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import InvalidInput
from sync.server.store import AxisStore

MAX_CODE = 128


@dataclass(frozen=True)
class DirectoryAnswer:
    rev: str
    body: bytes
    gzipped: bytes
    count: int


def read_agencies_file(path: Path) -> list[tuple[str, str, str, str]]:
    """(code, name, parent code, mail) of every entry; a bad entry is an ``InvalidInput``
    naming its position (1-based)."""
    try:
        with path.open("rb") as stream:
            value: Any = json.load(stream)
    except FileNotFoundError:
        raise InvalidInput("agencies", "not_found", value=str(path)) from None
    except (IsADirectoryError, PermissionError):
        raise InvalidInput("agencies", "unreadable", value=str(path)) from None
    except (ValueError, RecursionError) as exc:
        raise InvalidInput("agencies", "bad_json", value=str(path), reason=str(exc)) from None
    if isinstance(value, dict):
        value = value.get("data")
    if not isinstance(value, list):
        raise InvalidInput("agencies", "malformed", value=str(path), expected="[{code, name}]")
    code_of_id = {
        str(e["id"]): str(e.get("code", ""))
        for e in value
        if isinstance(e, dict) and e.get("id") not in (None, "")
    }
    rows = []
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, dict):
            raise InvalidInput("line", "not_an_object", line=number)
        code = str(entry.get("code") or "").strip()
        name = str(entry.get("name") or "").strip()
        if not code or len(code) > MAX_CODE or "," in code:
            raise InvalidInput("organ_id", "malformed", value=code, line=number)
        if not name:
            raise InvalidInput("org_name", "missing", line=number)
        parent = str(entry.get("pcode") or "").strip()
        if not parent and entry.get("pid") not in (None, "", 0, "0"):
            parent = code_of_id.get(str(entry["pid"]), "")
        rows.append((code, name, parent, str(entry.get("mail") or "")))
    return rows


class Directory:
    """The cached answer, rebuilt when the table's revision changes (another process —
    ``vanthu axis add-system`` — may change it while the server runs)."""

    def __init__(self, store: AxisStore) -> None:
        self._store = store
        self._answer: DirectoryAnswer | None = None
        self._lock = threading.Lock()

    def answer(self) -> DirectoryAnswer:
        rev = self._store.agencies_rev()
        current = self._answer
        if current is not None and current.rev == rev:
            return current
        with self._lock:
            if self._answer is None or self._answer.rev != rev:
                self._answer = self._build(rev)
            return self._answer

    def _build(self, rev: str) -> DirectoryAnswer:
        data = [
            {"id": id_, "code": code, "name": name, "pid": pid, "pcode": pcode, "mail": mail}
            for id_, code, name, pcode, mail, pid in self._store.agency_rows()
        ]
        body = json.dumps(
            {"status": "OK", "ErrorCode": "", "ErrorDesc": "", "data": data},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        return DirectoryAnswer(rev, body, gzip.compress(body, compresslevel=1), len(data))


__all__ = ["Directory", "DirectoryAnswer", "read_agencies_file"]
