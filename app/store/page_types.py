"""The values of register pages (app/store/pages.py): a row of a register table, a position
in a sort's order, what to show and what was shown. Plain frozen data, no SQL."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any

from app.errors import InvalidInput
from app.search import SearchFilters
from app.store import page_sql as q

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
CURSOR_PREFIX = "p1."


@dataclass(frozen=True)
class RegisterRow:
    """One line of a register table: what the window shows, nothing more."""

    id: int
    direction: str
    register: str  # register code: den, di, di-mat, sao, …
    year: int
    number: int | None  # None for a draft not yet issued
    code_number: str
    code_notation: str
    issued_date: str
    arrival_date: str
    doc_type: str
    subject: str
    issuer_id: str
    issuer_name: str
    urgency: int
    confidentiality: int
    status: str
    assignee: str
    due_date: str
    cancelled: bool
    has_file: bool
    unread: bool  # never opened (no "view" event in its history)

    @property
    def notation(self) -> str:
        """Số, ký hiệu as printed: ``05/QĐ-UBND`` (just the symbol while there is no number)."""
        if not self.code_number:
            return self.code_notation
        return (
            f"{self.code_number}/{self.code_notation}" if self.code_notation else self.code_number
        )

    def as_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["notation"] = self.notation
        return data


@dataclass(frozen=True)
class Cursor:
    """A position in one sort's order: the sort key of a row (its values and its id).
    ``token()`` is an opaque string for JSON and the command line; ``parse`` reads it back."""

    sort: str
    key: tuple[Any, ...]

    @property
    def id(self) -> int:
        return self.key[-1]

    def token(self) -> str:
        raw = json.dumps([self.sort, list(self.key)], ensure_ascii=False, separators=(",", ":"))
        return CURSOR_PREFIX + base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def parse(cls, token: str | Cursor) -> Cursor:
        """Read a token; anything that is not one this module wrote is InvalidInput."""
        if isinstance(token, Cursor):
            return cls._checked(token.sort, list(token.key), token)
        text = str(token or "").strip()
        if not text.startswith(CURSOR_PREFIX) or len(text) > 4096:
            raise InvalidInput("cursor", "malformed", value=text[:40])
        body = text[len(CURSOR_PREFIX) :]
        try:
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            sort, key = json.loads(raw.decode("utf-8"))
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise InvalidInput("cursor", "malformed", value=text[:40]) from None
        return cls._checked(sort, key, text)

    @classmethod
    def _checked(cls, sort: Any, key: Any, shown: Any) -> Cursor:
        spec = q.SORTS.get(sort) if isinstance(sort, str) else None
        if spec is None or not isinstance(key, list) or len(key) != len(spec.columns) + 1:
            raise InvalidInput("cursor", "malformed", value=str(shown)[:40])
        for column, value in zip((*spec.columns, "id"), key, strict=True):
            kind = q.COLUMN_TYPES[column]
            if value is None and column != "id":
                continue  # NULL: a draft's number, say
            if kind is int and (type(value) is not int or abs(value) > 2**63 - 1):
                raise InvalidInput("cursor", "malformed", value=str(shown)[:40])
            if kind is str and not isinstance(value, str):
                raise InvalidInput("cursor", "malformed", value=str(shown)[:40])
        return cls(sort, tuple(key))


@dataclass(frozen=True)
class PageRequest:
    """What to show: filters, a sort and its direction, how many rows, and where: the start
    (no cursor), the rows after a cursor, or the rows before one."""

    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = "register"
    descending: bool = True
    limit: int = DEFAULT_LIMIT
    after: Cursor | str | None = None
    before: Cursor | str | None = None


@dataclass(frozen=True)
class Page:
    rows: tuple[RegisterRow, ...]
    next: Cursor | None  # the rows after this page, if there are any
    previous: Cursor | None  # the rows before it, unless this page starts the order
    total: int | None  # rows matching the filters
    total_is_estimate: bool
    elapsed_ms: float
    strategy: str = (
        ""  # walk, member, collect or empty: how the rows were found (app/store/pages.py)
    )


__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "Cursor", "Page", "PageRequest", "RegisterRow"]
