"""What the local axis keeps, under its ``--data`` folder:

    DIR/axis.db            SQLite, WAL, ``synchronous = FULL`` (a package acknowledged OK
                           survives a crash of the process *and* of the machine)
    DIR/packages/<doc_id>  each package's bytes, written to a temporary file, fsynced,
                           renamed, then committed in the database

Tables: ``systems`` (system_id, secret, org_id, org_name), ``packages`` (doc_id, sender,
from/to organisations, message type, sha256, size, msgid, created_time), ``deliveries``
(one row per receiving system: pending → processing → done | fail), ``agencies`` (the
directory), ``seen_signatures`` (replay protection), ``meta`` (the directory's revision).

The folder is created 0700 and the database 0600: it holds the systems' shared secrets.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from app.clock import VN_TZ
from app.errors import StorageError
from app.store.db import connect

MIGRATIONS = Migrations("vanthu-axis")
FINAL_STATES = ("done", "fail")
OPEN_STATES = ("pending", "processing")


@MIGRATIONS(name="0001_initial")
def _m0001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE systems (
            system_id TEXT PRIMARY KEY,
            secret TEXT NOT NULL,
            org_id TEXT NOT NULL,
            org_name TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX systems_org ON systems(org_id);
        CREATE TABLE agencies (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            pcode TEXT NOT NULL DEFAULT '',
            mail TEXT NOT NULL DEFAULT '',
            owner_system TEXT NOT NULL DEFAULT ''  -- set by registerAgency
        );
        CREATE TABLE packages (
            doc_id TEXT PRIMARY KEY,
            from_system TEXT NOT NULL,
            from_org TEXT NOT NULL,
            to_orgs TEXT NOT NULL,           -- comma-separated organ ids, as sent
            message_type TEXT NOT NULL,
            service_type TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            msgid TEXT,
            created_time TEXT NOT NULL
        );
        CREATE UNIQUE INDEX packages_msgid ON packages(from_system, msgid)
            WHERE msgid IS NOT NULL;
        CREATE INDEX packages_sender ON packages(from_system, sha256);
        CREATE TABLE deliveries (
            doc_id TEXT NOT NULL REFERENCES packages(doc_id),
            system_id TEXT NOT NULL,
            org_id TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            status_desc TEXT NOT NULL DEFAULT '',
            updated_time TEXT NOT NULL,
            PRIMARY KEY (doc_id, system_id)
        ) WITHOUT ROWID;
        CREATE INDEX deliveries_open ON deliveries(system_id, status);
        CREATE TABLE seen_signatures (
            system_id TEXT NOT NULL,
            signature TEXT NOT NULL,
            expires_at REAL NOT NULL,
            PRIMARY KEY (system_id, signature)
        ) WITHOUT ROWID;
        INSERT INTO meta VALUES ('agencies_rev', '0');
        """
    )


class Refusal(Exception):
    """A request the axis refuses: HTTP status, protocol ErrorCode, short description."""

    def __init__(self, status: int, code: str, desc: str = "") -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.desc = desc


@dataclass(frozen=True)
class System:
    system_id: str
    org_id: str
    org_name: str


@dataclass(frozen=True)
class StoredPackage:
    doc_id: str
    duplicate: bool


def now_text() -> str:
    return dt.datetime.now(VN_TZ).isoformat(timespec="seconds")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` on this thread's own connection (the server gives each
    request thread its connection; SQLite's write lock orders them). Nested, it joins the
    transaction of the same connection — the same thread's work."""
    if conn.in_transaction:
        yield conn
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StorageError("database_busy", reason=str(exc)) from exc
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StorageError("commit_failed", reason=str(exc)) from exc


class AxisStore:
    """One connection per thread (waitress runs the application on a thread pool)."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.packages = data / "packages"
        try:
            data.mkdir(mode=0o700, parents=True, exist_ok=True)
            self.packages.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise StorageError("unwritable", path=str(data), reason=exc.strerror) from exc
        self.path = data / "axis.db"
        fresh = not self.path.exists()
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._next_purge = 0.0
        self.keep_open: Any = None  # the server's folder lock (sync/server/run.py)
        conn = self.conn()
        if fresh:
            os.chmod(self.path, 0o600)
        try:
            MIGRATIONS.apply(Database(conn, execute_plugins=False))
        except sqlite3.DatabaseError as exc:
            raise StorageError("database_unreadable", path=str(self.path), reason=str(exc)) from exc

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            conn.execute("PRAGMA synchronous = FULL")
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()
        if self.keep_open is not None:
            self.keep_open.close()
            self.keep_open = None

    def tidy(self) -> int:
        """At start: remove temporary files and package files that no committed row names
        (a crash between the rename and the commit). Returns how many were removed."""
        known = {r[0] for r in self.conn().execute("SELECT doc_id FROM packages")}
        removed = 0
        for path in self.packages.iterdir():
            if path.name not in known:
                path.unlink(missing_ok=True)
                removed += 1
        return removed

    # ------------------------------------------------------------------------ systems ---

    def upsert_system(self, system_id: str, secret: str, org_id: str, org_name: str) -> bool:
        """Add or update a system and its organisation in the directory; True if new."""
        at = now_text()
        with transaction(self.conn()) as conn:
            created = (
                conn.execute("SELECT 1 FROM systems WHERE system_id = ?", (system_id,)).fetchone()
                is None
            )
            conn.execute(
                """INSERT INTO systems VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT(system_id) DO UPDATE SET secret = excluded.secret,
                   org_id = excluded.org_id, org_name = excluded.org_name,
                   updated_at = excluded.updated_at""",
                (system_id, secret, org_id, org_name, at, at),
            )
            conn.execute(
                """INSERT INTO agencies (code, name) VALUES (?, ?)
                   ON CONFLICT(code) DO UPDATE SET name = excluded.name""",
                (org_id, org_name),
            )
            self._bump(conn)
        return created

    def secret_for(self, system_id: str) -> str | None:
        row = (
            self.conn()
            .execute("SELECT secret FROM systems WHERE system_id = ?", (system_id,))
            .fetchone()
        )
        return row[0] if row else None

    def system(self, system_id: str) -> System:
        row = (
            self.conn()
            .execute(
                "SELECT system_id, org_id, org_name FROM systems WHERE system_id = ?", (system_id,)
            )
            .fetchone()
        )
        if row is None:  # removed between authentication and now
            raise Refusal(401, "AUTH_FAILED", "unknown system")
        return System(*row)

    def may_send_as(self, system: System, org_id: str) -> bool:
        """A system sends as its own organisation or as a unit registered under it."""
        if org_id == system.org_id:
            return True
        row = (
            self.conn()
            .execute("SELECT pcode, owner_system FROM agencies WHERE code = ?", (org_id,))
            .fetchone()
        )
        return row is not None and (row[0] == system.org_id or row[1] == system.system_id)

    # ---------------------------------------------------------------------- the replay ---

    def remember(self, system_id: str, signature: str, expires_at: float) -> bool:
        """``ReplayGuard``: record a signature; False when it was seen before."""
        now = time.time()
        with transaction(self.conn()) as conn:
            if now >= self._next_purge:
                self._next_purge = now + 60
                conn.execute("DELETE FROM seen_signatures WHERE expires_at < ?", (now,))
            cursor = conn.execute(
                "INSERT OR IGNORE INTO seen_signatures VALUES (?, ?, ?)",
                (system_id, signature, expires_at),
            )
            return cursor.rowcount == 1

    # ---------------------------------------------------------------------- packages ---

    def temp_file(self) -> tuple[int, Path]:
        fd, name = tempfile.mkstemp(dir=self.packages, prefix=".upload-", suffix=".part")
        return fd, Path(name)

    def package_by_msgid(self, system_id: str, msgid: str) -> tuple[str, str] | None:
        row = (
            self.conn()
            .execute(
                "SELECT doc_id, sha256 FROM packages WHERE from_system = ? AND msgid = ?",
                (system_id, msgid),
            )
            .fetchone()
        )
        return (row[0], row[1]) if row else None

    def store_package(
        self,
        temp: Path,
        *,
        sender: System,
        from_org: str,
        to_orgs: list[str],
        message_type: str,
        service_type: str,
        sha256: str,
        size: int,
        msgid: str | None,
    ) -> StoredPackage:
        """Route and keep one uploaded package (``temp``, already fsynced). Deduplicates by
        (sender, msgid) — or, without a msgid, by (sender, sha256, recipients, type)."""
        conn = self.conn()
        final: Path | None = None
        try:
            with transaction(conn):
                if msgid:
                    row = conn.execute(
                        "SELECT doc_id, sha256 FROM packages WHERE from_system=? AND msgid=?",
                        (sender.system_id, msgid),
                    ).fetchone()
                    if row and row[1] != sha256:
                        raise Refusal(409, "MSGID_CONFLICT", "msgid already used for other bytes")
                else:
                    row = conn.execute(
                        """SELECT doc_id FROM packages WHERE from_system = ? AND sha256 = ?
                           AND to_orgs = ? AND message_type = ? AND msgid IS NULL""",
                        (sender.system_id, sha256, ",".join(to_orgs), message_type),
                    ).fetchone()
                if row:
                    return StoredPackage(row[0], duplicate=True)
                receivers = self._receivers(conn, to_orgs)
                doc_id = str(uuid.uuid4())
                at = now_text()
                conn.execute(
                    "INSERT INTO packages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (doc_id, sender.system_id, from_org, ",".join(to_orgs), message_type,
                     service_type, sha256, size, msgid, at),
                )  # fmt: skip
                conn.executemany(
                    "INSERT INTO deliveries VALUES (?, ?, ?, 'pending', '', ?)",
                    [(doc_id, system_id, org_id, at) for system_id, org_id in receivers],
                )
                # the file is in place before the row is committed; a crash in between
                # leaves a file without a row, which tidy() removes at the next start
                final = self.packages / doc_id
                os.replace(temp, final)
                _fsync_dir(self.packages)
        except BaseException:
            if final is not None:
                final.unlink(missing_ok=True)
            raise
        finally:
            temp.unlink(missing_ok=True)
        return StoredPackage(doc_id, duplicate=False)

    def _receivers(self, conn: sqlite3.Connection, to_orgs: list[str]) -> list[tuple[str, str]]:
        receivers: list[tuple[str, str]] = []
        unknown = []
        for org_id in to_orgs:
            rows = conn.execute(
                "SELECT system_id, org_id FROM systems WHERE org_id = ? ORDER BY system_id",
                (org_id,),
            ).fetchall()
            if not rows:
                unknown.append(org_id)
            receivers.extend((r[0], r[1]) for r in rows)
        if unknown:
            raise Refusal(400, "UNKNOWN_RECIPIENT", ",".join(unknown)[:400])
        return list(dict.fromkeys(receivers))

    def package_for(self, system_id: str, doc_id: str) -> tuple[Path, int] | None:
        """The file of a package this system receives (or sent), with its size."""
        row = (
            self.conn()
            .execute(
                """SELECT p.doc_id, p.size FROM packages p WHERE p.doc_id = ? AND (
                 p.from_system = ? OR EXISTS (SELECT 1 FROM deliveries d
                 WHERE d.doc_id = p.doc_id AND d.system_id = ?))""",
                (doc_id, system_id, system_id),
            )
            .fetchone()
        )
        return (self.packages / row[0], row[1]) if row else None

    def received(self, system_id: str, message_type: str) -> list[dict[str, Any]]:
        rows = self.conn().execute(
            """SELECT p.doc_id, p.service_type, p.message_type, p.created_time, d.updated_time,
                      p.from_org, p.to_orgs, d.status, d.status_desc
               FROM deliveries d JOIN packages p ON p.doc_id = d.doc_id
               WHERE d.system_id = ? AND d.status IN ('pending', 'processing')
                 AND p.message_type = ?
               ORDER BY p.created_time, p.rowid""",
            (system_id, message_type),
        )
        keys = ("docId", "serviceType", "messageType", "created_time", "updated_time", "from",
                "to", "status", "status_desc")  # fmt: skip
        return [dict(zip(keys, row, strict=True)) for row in rows]

    def set_delivery(self, system_id: str, doc_id: str, status: str, desc: str) -> None:
        with transaction(self.conn()) as conn:
            row = conn.execute(
                "SELECT status FROM deliveries WHERE doc_id = ? AND system_id = ?",
                (doc_id, system_id),
            ).fetchone()
            if row is None:
                raise Refusal(404, "NOT_FOUND", "no such package for this system")
            if row[0] in FINAL_STATES and row[0] != status:
                raise Refusal(409, "INVALID_STATE", f"already {row[0]}")
            conn.execute(
                """UPDATE deliveries SET status = ?, status_desc = ?, updated_time = ?
                   WHERE doc_id = ? AND system_id = ?""",
                (status, desc, now_text(), doc_id, system_id),
            )

    def sent(self, system_id: str, doc_id: str = "") -> list[dict[str, Any]]:
        rows = self.conn().execute(
            """SELECT p.service_type, p.doc_id, p.from_org, d.org_id, d.status, d.status_desc,
                      p.message_type, p.created_time, d.updated_time, p.msgid
               FROM packages p JOIN deliveries d ON d.doc_id = p.doc_id
               WHERE p.from_system = ? AND (? = '' OR p.doc_id = ?)
               ORDER BY p.created_time, p.rowid, d.org_id, d.system_id""",
            (system_id, doc_id, doc_id),
        )
        return [
            {
                "serviceType": r[0],
                "senderDocId": r[1],
                "receiverDocId": r[1],
                "fromCode": r[2],
                "toCode": r[3],
                "receiveStatus": r[4],
                "receiveStatusDesc": r[5],
                "messageType": r[6],
                "sentTime": r[7],
                "receivedTime": r[8] if r[4] != "pending" else "",
                "sendStatus": "sent",
                "sendStatusDesc": "",
                "title": "",
                "notation": "",
                "msgid": r[9] or "",
            }
            for r in rows
        ]

    # ---------------------------------------------------------------------- directory ---

    def _bump(self, conn: sqlite3.Connection) -> None:
        conn.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'agencies_rev'"
        )

    def agencies_rev(self) -> str:
        row = self.conn().execute("SELECT value FROM meta WHERE key = 'agencies_rev'").fetchone()
        return str(row[0]) if row else "0"

    def load_agencies(self, entries: Iterable[tuple[str, str, str, str]]) -> int:
        """Upsert (code, name, parent code, mail) rows in one transaction."""
        with transaction(self.conn()) as conn:
            cursor = conn.executemany(
                """INSERT INTO agencies (code, name, pcode, mail) VALUES (?, ?, ?, ?)
                   ON CONFLICT(code) DO UPDATE SET name = excluded.name,
                   pcode = excluded.pcode, mail = excluded.mail""",
                entries,
            )
            self._bump(conn)
            return cursor.rowcount

    def register_agency(self, system: System, code: str, name: str, pcode: str, mail: str) -> None:
        with transaction(self.conn()) as conn:
            row = conn.execute(
                "SELECT owner_system FROM agencies WHERE code = ?", (code,)
            ).fetchone()
            if row is not None and row[0] != system.system_id:
                raise Refusal(409, "AGENCY_EXISTS", code)
            conn.execute(
                """INSERT INTO agencies (code, name, pcode, mail, owner_system)
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT(code) DO UPDATE SET
                   name = excluded.name, pcode = excluded.pcode, mail = excluded.mail""",
                (code, name, pcode, mail, system.system_id),
            )
            self._bump(conn)

    def delete_agency(self, system: System, code: str) -> None:
        with transaction(self.conn()) as conn:
            row = conn.execute(
                "SELECT owner_system FROM agencies WHERE code = ?", (code,)
            ).fetchone()
            if row is None:
                raise Refusal(404, "NOT_FOUND", code)
            if row[0] != system.system_id:
                raise Refusal(403, "FORBIDDEN", "only the registering system may delete")
            conn.execute("DELETE FROM agencies WHERE code = ?", (code,))
            self._bump(conn)

    def agency_rows(self) -> Iterator[tuple[int, str, str, str, str, int | None]]:
        cursor = self.conn().cursor()
        cursor.row_factory = None  # plain tuples: 111,000 rows
        yield from cursor.execute(
            """SELECT a.id, a.code, a.name, a.pcode, a.mail, p.id FROM agencies a
               LEFT JOIN agencies p ON p.code = a.pcode AND a.pcode != '' ORDER BY a.id"""
        )


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - not on Windows
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = ["AxisStore", "Refusal", "StoredPackage", "System", "now_text"]
