"""The workspace: one folder holding an office's registers (docs/architecture.md, Storage).

vanthu.db   SQLite (WAL) — documents, registers, history, search index
blobs/      files by SHA-256
quarantine/ rejected packages kept byte for byte
cache/      revocation data, agency directory
logs/
"""

from __future__ import annotations

import getpass
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from app.clock import Clock, system_clock, vn_now
from app.errors import InvalidInput, NotFound, WorkspaceError
from app.fileio import sweep_stale
from app.model import Direction, Organisation, Register, code_notation, organ_id, text_field
from app.store import settings as settings_sql
from app.store.blobs import BlobStore
from app.store.db import connect
from app.store.history import ChainWriter, record_event
from app.store.owner import Store, WriteFn

T = TypeVar("T")

DB_NAME = "vanthu.db"

DEFAULT_REGISTERS = (
    ("den", "Sổ đăng ký văn bản đến", Direction.INCOMING, "normal"),
    ("di", "Sổ đăng ký văn bản đi", Direction.OUTGOING, "normal"),
    ("di-mat", "Sổ đăng ký văn bản đi (mật)", Direction.OUTGOING, "secret"),
    ("sao", "Sổ đăng ký bản sao văn bản", Direction.OUTGOING, "copy"),
)


def default_home() -> Path:
    """``VANTHU_HOME``, else the platform's user data folder."""
    env = os.environ.get("VANTHU_HOME")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("VanThuDesk", appauthor=False))


def current_actor() -> str:
    try:
        return os.environ.get("VANTHU_USER") or getpass.getuser()
    except Exception:
        return "unknown"


@dataclass(frozen=True)
class WorkspacePaths:
    home: Path

    @property
    def db(self) -> Path:
        return self.home / DB_NAME

    @property
    def blobs(self) -> Path:
        return self.home / "blobs"

    @property
    def quarantine(self) -> Path:
        return self.home / "quarantine"

    @property
    def cache(self) -> Path:
        return self.home / "cache"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def exports(self) -> Path:
        return self.home / "exports"


class Workspace:
    """An open workspace. Its database has one owner (``store``): writes go through
    ``store.write``; ``conn`` is the calling thread's read connection."""

    def __init__(self, home: Path, *, clock: Clock = system_clock, actor: str | None = None):
        self.paths = WorkspacePaths(Path(home))
        if not self.paths.db.is_file():
            raise WorkspaceError("not_initialised", str(self.paths.home))
        self.clock = clock
        self.actor = actor or current_actor()
        self.store = Store(self.paths.db)
        self.blobs = BlobStore(self.paths.blobs)
        self._org: Organisation | None = None
        # what a killed process was writing (a blob, a signed file, a package) goes now
        for folder in (self.paths.blobs / "tmp", self.paths.home / "tmp"):
            sweep_stale(folder)

    @property
    def conn(self) -> sqlite3.Connection:
        """The calling thread's read connection (the write connection on the writer thread,
        inside a write)."""
        return self.store.read()

    def write(self, fn: WriteFn[T]) -> T:
        """Run ``fn(conn)`` as one write transaction on the store's writer thread."""
        return self.store.write(fn)

    def now_iso(self) -> str:
        return vn_now(self.clock).isoformat(timespec="seconds")

    def chain(self, conn: sqlite3.Connection, at: str | None = None) -> ChainWriter:
        """A history writer inside a write transaction, for this workspace's actor."""
        return ChainWriter(conn, self.actor, at or self.now_iso())

    # -- creation --------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        home: Path,
        org_id: str,
        org_name: str,
        org_abbr: str,
        *,
        clock: Clock = system_clock,
        actor: str | None = None,
    ) -> Workspace:
        paths = WorkspacePaths(Path(home))
        if paths.db.exists():
            raise WorkspaceError("already_initialised", str(paths.home))
        org = valid_organisation(org_id, org_name, org_abbr)
        for folder in (paths.home, paths.blobs, paths.quarantine, paths.cache, paths.logs):
            folder.mkdir(parents=True, exist_ok=True)
        actor = actor or current_actor()
        at = vn_now(clock).isoformat()
        store = Store(paths.db)

        def create(conn: sqlite3.Connection) -> None:
            settings_sql.put_many(
                conn, [("org_id", org.organ_id), ("org_name", org.name), ("org_abbr", org.abbr)]
            )
            settings_sql.add_registers(
                conn, [(c, n, d.value, s) for c, n, d, s in DEFAULT_REGISTERS]
            )
            record_event(conn, actor, at, "init", None, organisation=org.__dict__)

        try:
            store.write(create)
        finally:
            store.close()
        return cls(paths.home, clock=clock, actor=actor)

    # -- settings and registers ------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        value = settings_sql.get(self.conn, key)
        return value if value is not None else default

    def set_settings(self, values: dict[str, str], **event: Any) -> None:
        """Change settings in one transaction with a ``settings`` history event."""

        def change(conn: sqlite3.Connection) -> None:
            settings_sql.put_many(conn, values.items())
            record_event(conn, self.actor, self.now_iso(), "settings", None, **event)

        self.write(change)

    @property
    def organisation(self) -> Organisation:
        if self._org is None:
            self._org = Organisation(
                self.setting("org_id") or "",
                self.setting("org_name") or "",
                self.setting("org_abbr") or "",
            )
        return self._org

    def set_organisation(
        self, *, org_id: str | None = None, name: str | None = None, abbr: str | None = None
    ) -> Organisation:
        """Change the organisation's identity (documents already registered keep theirs)."""
        old = self.organisation
        new = valid_organisation(
            org_id if org_id is not None else old.organ_id,
            name if name is not None else old.name,
            abbr if abbr is not None else old.abbr,
        )
        before = {k: v for k, v in old.__dict__.items() if new.__dict__[k] != v}
        if before:
            self.set_settings(
                {"org_id": new.organ_id, "org_name": new.name, "org_abbr": new.abbr},
                organisation={"before": before, "after": {k: new.__dict__[k] for k in before}},
            )
        self._org = new
        return new

    def forget_organisation(self) -> None:
        """Read the organisation's identity again next time (its settings were changed in a
        transaction of another service, app/settings.py)."""
        self._org = None

    def registers(self) -> list[Register]:
        return settings_sql.registers(self.conn)

    def register(self, code: str) -> Register:
        for reg in self.registers():
            if reg.code == code:
                return reg

        raise NotFound("register", code)

    def register_for(self, direction: Direction, series: str = "normal") -> Register:
        for reg in self.registers():
            if reg.direction == direction and reg.series == series:
                return reg

        raise NotFound("register", f"{direction.value}/{series}")

    def add_register(self, code: str, name: str, direction: Direction, series: str) -> Register:
        code = text_field("register", code, limit=20)
        name = text_field("register_name", name, limit=200)
        if series not in ("normal", "secret", "copy"):
            raise InvalidInput("series", "unknown", value=series)

        def add(conn: sqlite3.Connection) -> None:
            if settings_sql.register_exists(conn, code):
                raise InvalidInput("register", "exists", value=code)
            settings_sql.add_registers(conn, [(code, name, Direction(direction).value, series)])
            record_event(
                conn, self.actor, self.now_iso(), "settings", None,
                added_register={"code": code, "name": name},
            )  # fmt: skip

        self.write(add)
        return self.register(code)

    def reader(self) -> sqlite3.Connection:
        """A separate read-only connection (WAL lets it read while the writer writes); the
        caller closes it."""
        return connect(self.paths.db, readonly=True)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def valid_organisation(org_id: str, name: str, abbr: str) -> Organisation:
    """The organisation's identity, checked: its abbreviation becomes a group of every
    outgoing symbol (``QĐ-UBND``), so it must be one (letters, digits, hyphens)."""
    return Organisation(
        organ_id(org_id, "org_id"),
        text_field("org_name", name, limit=200),
        code_notation(text_field("org_abbr", abbr, limit=20), "org_abbr"),
    )


__all__ = [
    "DEFAULT_REGISTERS",
    "Workspace",
    "WorkspacePaths",
    "current_actor",
    "default_home",
    "valid_organisation",
]
