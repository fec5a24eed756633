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
from dataclasses import dataclass
from pathlib import Path

from app.clock import Clock, system_clock, vn_now
from app.errors import NotFound, WorkspaceError
from app.history import ChainWriter
from app.model import Direction, Organisation, Register, organ_id, text_field
from app.store import BlobStore, connect, open_database
from app.store.db import write_transaction

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
    """An open workspace. One write connection (``conn``); readers open their own."""

    def __init__(self, home: Path, *, clock: Clock = system_clock, actor: str | None = None):
        self.paths = WorkspacePaths(Path(home))
        if not self.paths.db.is_file():
            raise WorkspaceError("not_initialised", str(self.paths.home))
        self.clock = clock
        self.actor = actor or current_actor()
        self.db = open_database(self.paths.db)
        self.conn = self.db.conn
        self.blobs = BlobStore(self.paths.blobs)
        self._org: Organisation | None = None

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
        org = Organisation(
            organ_id(org_id, "org_id"),
            text_field("org_name", org_name, limit=200),
            text_field("org_abbr", org_abbr, limit=20),
        )
        for folder in (paths.home, paths.blobs, paths.quarantine, paths.cache, paths.logs):
            folder.mkdir(parents=True, exist_ok=True)
        db = open_database(paths.db)
        conn = db.conn
        actor = actor or current_actor()
        at = vn_now(clock).isoformat()
        with write_transaction(conn):
            conn.executemany(
                "INSERT INTO settings (key, value) VALUES (?, ?)",
                [("org_id", org.organ_id), ("org_name", org.name), ("org_abbr", org.abbr)],
            )
            conn.executemany(
                "INSERT INTO registers (code, name, direction, series) VALUES (?, ?, ?, ?)",
                [(c, n, d.value, s) for c, n, d, s in DEFAULT_REGISTERS],
            )
            chain = ChainWriter(conn, actor, at)
            chain.append("init", None, organisation=org.__dict__)
            chain.flush()
        db.close()
        return cls(paths.home, clock=clock, actor=actor)

    # -- settings and registers ------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    @property
    def organisation(self) -> Organisation:
        if self._org is None:
            self._org = Organisation(
                self.setting("org_id") or "",
                self.setting("org_name") or "",
                self.setting("org_abbr") or "",
            )
        return self._org

    def registers(self) -> list[Register]:
        rows = self.conn.execute(
            "SELECT id, code, name, direction, series FROM registers WHERE active = 1 ORDER BY id"
        ).fetchall()
        return [Register(r[0], r[1], r[2], Direction(r[3]), r[4]) for r in rows]

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
            from app.errors import InvalidInput

            raise InvalidInput("series", "unknown", value=series)
        with write_transaction(self.conn):
            if self.conn.execute("SELECT 1 FROM registers WHERE code = ?", (code,)).fetchone():
                from app.errors import InvalidInput

                raise InvalidInput("register", "exists", value=code)
            self.conn.execute(
                "INSERT INTO registers (code, name, direction, series) VALUES (?, ?, ?, ?)",
                (code, name, Direction(direction).value, series),
            )
            chain = ChainWriter(self.conn, self.actor, vn_now(self.clock).isoformat())
            chain.append("settings", None, added_register={"code": code, "name": name})
            chain.flush()
        return self.register(code)

    def reader(self):
        """A separate read-only connection (WAL lets it read while the writer writes)."""
        return connect(self.paths.db, readonly=True)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["DEFAULT_REGISTERS", "Workspace", "WorkspacePaths", "current_actor", "default_home"]
