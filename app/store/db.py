"""The workspace database: SQLite in WAL mode, opened through sqlite-utils, with named
migrations recorded in the database (``_sqlite_migrations``).

Released migrations are never edited: a schema change is a new function at the end.
tests/store/test_migrations.py upgrades a database of every released schema."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import StorageError
from app.textfold import fold

if TYPE_CHECKING:
    from sqlite_utils import Database

BUSY_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class _Migration:
    name: str
    fn: Callable[[Any], None]
    transactional: bool = True


class LazyMigrations:
    """The named migrations of sqlite-utils (``Migrations``), declared without importing
    sqlite-utils: a workspace that is up to date opens without it (it costs a tenth of a
    second of start-up), and the real ``Migrations`` runs only when one is pending."""

    TABLE = "_sqlite_migrations"

    def __init__(self, name: str) -> None:
        self.name = name
        self._migrations: list[_Migration] = []

    def __call__(
        self, *, name: str, transactional: bool = True
    ) -> Callable[[Callable[[Any], None]], Callable[[Any], None]]:
        def register(fn: Callable[[Any], None]) -> Callable[[Any], None]:
            self._migrations.append(_Migration(name, fn, transactional))
            return fn

        return register

    def real(self) -> Any:
        from sqlite_utils.migrations import Migrations

        real = Migrations(self.name)
        for m in self._migrations:
            real(name=m.name, transactional=m.transactional)(m.fn)
        return real

    def up_to_date(self, conn: sqlite3.Connection) -> bool:
        try:
            applied = {
                r[0]
                for r in conn.execute(
                    f"SELECT name FROM {self.TABLE} WHERE migration_set = ?", (self.name,)
                )
            }
        except sqlite3.OperationalError:  # no migrations table yet: a new database
            return False
        return all(m.name in applied for m in self._migrations)

    def apply(self, db: Database, **kwargs: Any) -> None:
        self.real().apply(db, **kwargs)

    def applied(self, db: Database) -> list[Any]:
        return self.real().applied(db)


MIGRATIONS = LazyMigrations("vanthu")


@MIGRATIONS(name="0001_initial")
def _m0001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE registers (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
            series TEXT NOT NULL CHECK (series IN ('normal', 'secret', 'copy')),
            active INTEGER NOT NULL DEFAULT 1
        );

        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            direction TEXT NOT NULL,
            register_id INTEGER NOT NULL REFERENCES registers(id),
            year INTEGER NOT NULL,
            number INTEGER NOT NULL,
            code_number TEXT NOT NULL,
            code_notation TEXT NOT NULL,
            issued_date TEXT NOT NULL,
            doc_type TEXT NOT NULL,
            subject TEXT NOT NULL,
            issuer_id TEXT NOT NULL,
            issuer_name TEXT NOT NULL,
            signer TEXT NOT NULL DEFAULT '',
            position TEXT NOT NULL DEFAULT '',
            arrival_date TEXT NOT NULL DEFAULT '',
            due_date TEXT NOT NULL DEFAULT '',
            urgency INTEGER NOT NULL DEFAULT 0,
            confidentiality INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'registered',
            assignee TEXT NOT NULL DEFAULT '',
            handed_on TEXT NOT NULL DEFAULT '',
            to_places TEXT NOT NULL DEFAULT '',
            recipients TEXT NOT NULL DEFAULT '',
            copies INTEGER NOT NULL DEFAULT 1,
            note TEXT NOT NULL DEFAULT '',
            document_key TEXT NOT NULL DEFAULT '',
            key_hash INTEGER,
            triple_hash INTEGER,
            file_sha256 TEXT NOT NULL DEFAULT '',
            file_name TEXT NOT NULL DEFAULT '',
            file_size INTEGER NOT NULL DEFAULT 0,
            cancelled INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            extra TEXT NOT NULL DEFAULT '{}',
            UNIQUE (register_id, year, number)
        );
        CREATE INDEX documents_key_hash ON documents(key_hash);
        CREATE INDEX documents_triple_hash ON documents(triple_hash);
        CREATE INDEX documents_issued ON documents(issued_date);

        -- Full text: folded (diacritic-free, lower-case) words; contentless, the text lives
        -- in documents and document_texts.
        CREATE VIRTUAL TABLE search_index USING fts5(
            meta, body, content='', tokenize='unicode61 remove_diacritics 0'
        );
        -- Document frequency of every indexed word, kept in step with search_index so that
        -- ranking never has to scan a long posting list.
        CREATE TABLE search_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;

        CREATE TABLE document_texts (
            document_id INTEGER PRIMARY KEY REFERENCES documents(id),
            state TEXT NOT NULL,           -- pending, done, failed
            pages INTEGER NOT NULL DEFAULT 0,
            body TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX document_texts_pending ON document_texts(state) WHERE state = 'pending';

        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            document_id INTEGER,
            details TEXT NOT NULL,       -- canonical JSON: {"before": …, "after": …, …}
            hash BLOB NOT NULL           -- SHA-256(previous event's hash ‖ this event)
        );
        CREATE INDEX events_document ON events(document_id) WHERE document_id IS NOT NULL;
        """
    )


@MIGRATIONS(name="0002_signature_reports")
def _m0002_signature_reports(db: Database) -> None:
    """The validation report of a document's file, kept with the document (issue 3 §5)."""
    db.executescript(
        """
        CREATE TABLE signature_reports (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            file_sha256 TEXT NOT NULL,
            verdict TEXT NOT NULL,       -- valid, valid_with_warnings, invalid, indeterminate,
                                         -- unsigned
            signatures INTEGER NOT NULL,
            checked_at TEXT NOT NULL,    -- ISO 8601, Vietnam time
            report TEXT NOT NULL         -- JSON, as `vanthu verify --json` prints it
        );
        CREATE INDEX signature_reports_document ON signature_reports(document_id);
        """
    )


@MIGRATIONS(name="0003_exchange")
def _m0003_exchange(db: Database) -> None:
    """The exchange over the national axis (issue 4): the transactional outbox, the inbox of
    received packages, every recipient's statuses, and the cached agency directory."""
    db.executescript(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            msg_id TEXT NOT NULL UNIQUE,     -- one id for the package across every retry
            kind TEXT NOT NULL CHECK (kind IN ('edoc', 'status')),
            document_id INTEGER REFERENCES documents(id),
            to_orgs TEXT NOT NULL,           -- JSON list of organisation ids
            spec TEXT NOT NULL,              -- JSON: what the package says (business, status…)
            package_sha256 TEXT NOT NULL DEFAULT '',  -- the built package, in the blob store
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_try_at TEXT NOT NULL,
            last_error TEXT NOT NULL DEFAULT '',
            axis_doc_id TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            sent_at TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX outbox_due ON outbox(next_try_at) WHERE state = 'pending';
        CREATE INDEX outbox_document ON outbox(document_id);

        CREATE TABLE inbox (
            id INTEGER PRIMARY KEY,
            axis_doc_id TEXT NOT NULL UNIQUE,   -- a package delivered twice is seen once
            message_type TEXT NOT NULL,
            from_org TEXT NOT NULL DEFAULT '',
            received_at TEXT NOT NULL,
            package_sha256 TEXT NOT NULL DEFAULT '',  -- the raw bytes, kept
            state TEXT NOT NULL,     -- registered, applied, duplicate, quarantined
            document_id INTEGER REFERENCES documents(id),
            acked TEXT NOT NULL DEFAULT '',     -- '', 'done' or 'fail' once told to the axis
            detail TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX inbox_unacked ON inbox(id) WHERE acked = '';

        CREATE TABLE recipient_status (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id),
            organ_id TEXT NOT NULL,
            organ_name TEXT NOT NULL DEFAULT '',
            status_code TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL,
            inbox_id INTEGER REFERENCES inbox(id)
        );
        CREATE INDEX recipient_status_document ON recipient_status(document_id, organ_id);

        CREATE TABLE agencies (
            organ_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            parent_id TEXT NOT NULL DEFAULT ''
        ) WITHOUT ROWID;
        CREATE VIRTUAL TABLE agencies_index USING fts5(
            organ_id UNINDEXED, words, tokenize='unicode61 remove_diacritics 0'
        );
        """
    )


@MIGRATIONS(name="0004_outgoing_lifecycle", transactional=False)
def _m0004_outgoing_lifecycle(db: Database) -> None:
    """The outgoing document's life before its number (issue 8): a draft has no number until
    the clerk issues it (``number`` becomes NULL-able: the table is rebuilt, same columns);
    every version of a document's files is kept (``document_files``); and each document's
    current state is vouched for by the history (``baseline`` events record the state of the
    documents registered before this version).

    Rebuilding a table that others reference needs foreign keys off, which SQLite allows only
    outside a transaction: so this migration runs its own transaction, and every step checks
    whether it was done already (a crash after the COMMIT and before the migration is recorded
    runs it again harmlessly)."""
    conn = db.conn
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if _number_required(conn):
                _rebuild_documents(conn)
            if not _table_exists(conn, "document_files"):
                conn.execute(_DOCUMENT_FILES_SQL)
                conn.execute(
                    "INSERT INTO document_files (document_id, kind, position, version, sha256,"
                    " name, size, role, created_at) SELECT id, 'main', 0, 1, file_sha256,"
                    " file_name, file_size, 'registered', created_at FROM documents"
                    " WHERE file_sha256 != ''"
                )
            if not conn.execute("SELECT 1 FROM events WHERE action = 'baseline'").fetchone():
                _baseline_states(conn)
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise sqlite3.IntegrityError(f"foreign keys broken: {broken[:3]}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.execute("PRAGMA foreign_keys = ON")


_DOCUMENT_FILES_SQL = """
    CREATE TABLE document_files (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        kind TEXT NOT NULL CHECK (kind IN ('main', 'attachment')),
        position INTEGER NOT NULL DEFAULT 0,   -- 0 main; 1, 2, … attachments in order
        version INTEGER NOT NULL,              -- 1, 2, … per (document, kind, position)
        sha256 TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        role TEXT NOT NULL,                    -- registered, draft, approve, issue, …
        created_at TEXT NOT NULL,
        event_id INTEGER,
        UNIQUE (document_id, kind, position, version)
    )
"""


def _table_exists(conn: sqlite3.Connection, name: str) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
    )


def _number_required(conn: sqlite3.Connection) -> bool:
    return any(c[1] == "number" and c[3] for c in conn.execute("PRAGMA table_info(documents)"))


def _rebuild_documents(conn: sqlite3.Connection) -> None:
    """The same table with ``number`` NULL-able (SQLite cannot drop a NOT NULL in place)."""
    sql = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents'"
    ).fetchone()[0]
    new_sql = sql.replace("number INTEGER NOT NULL,", "number INTEGER,", 1)
    if new_sql == sql:
        raise sqlite3.DatabaseError("unexpected documents schema")
    indexes = [
        r[0]
        for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents'"
            " AND sql IS NOT NULL"
        )
    ]
    conn.execute("DROP TABLE IF EXISTS documents_new")
    conn.execute(new_sql.replace("CREATE TABLE documents", "CREATE TABLE documents_new", 1))
    conn.execute("INSERT INTO documents_new SELECT * FROM documents")
    conn.execute("DROP TABLE documents")
    conn.execute("ALTER TABLE documents_new RENAME TO documents")
    for index in indexes:
        conn.execute(index)
    conn.execute("CREATE INDEX IF NOT EXISTS documents_file ON documents(file_sha256)"
                 " WHERE file_sha256 != ''")  # fmt: skip


def _baseline_states(conn: sqlite3.Connection, chunk: int = 5000) -> None:
    """``baseline`` history events, each with the state digests of ``chunk`` documents."""
    import datetime as dt

    from app.store.documents import current_states
    from app.store.history import ChainWriter

    states = list(current_states(conn))
    if not states:
        return
    at = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7)))
    chain = ChainWriter(conn, "vanthu", at.isoformat(timespec="seconds"))
    for start in range(0, len(states), chunk):
        part = states[start : start + chunk]
        chain.append("baseline", None, document_states={str(i): d for i, d in part})
    chain.flush()


@MIGRATIONS(name="0005_register_pages")
def _m0005_register_pages(db: Database) -> None:
    """Indexes for pages of the registers (issue 8): every sortable column walked in order,
    register and year inside each index (app/store/page_sql.py says which serves what).
    documents_issued gives way to pages_issued, which finds the same dates register by
    register and year by year. Only indexes: the documents table is left as it is."""
    db.executescript(
        """
        DROP INDEX IF EXISTS documents_issued;
        CREATE INDEX pages_id ON documents(register_id, year);
        CREATE INDEX pages_arrival ON documents(register_id, year, arrival_date);
        CREATE INDEX pages_issued ON documents(register_id, year, issued_date);
        CREATE INDEX pages_due ON documents(register_id, year, due_date);
        CREATE INDEX pages_type ON documents(register_id, year, doc_type);
        CREATE INDEX pages_status ON documents(register_id, year, status);
        CREATE INDEX pages_urgency ON documents(register_id, year, urgency);
        CREATE INDEX pages_subject ON documents(register_id, year, subject);
        CREATE INDEX pages_issuer ON documents(issuer_name, issuer_id, register_id, year);
        """
    )


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the house rules: WAL, foreign keys, a generous busy timeout, and
    no implicit transactions (writes go through ``Store.write``)."""
    try:
        if readonly:
            conn = sqlite3.connect(
                f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
            )
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row  # rows read by index or by name, everywhere
        # fold(): the diacritic-free form search and filters compare with
        conn.create_function("fold", 1, _fold_sql, deterministic=True)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -65536")
    except sqlite3.DatabaseError as exc:
        raise StorageError("database_unreadable", path=str(path), reason=str(exc)) from exc
    return conn


def _fold_sql(value: object) -> str:
    return fold(str(value)) if value is not None else ""


def open_connection(path: Path) -> sqlite3.Connection:
    """The write connection of a database, opened (created if needed) and migrated."""
    conn = connect(path)
    try:
        if MIGRATIONS.up_to_date(conn):
            return conn
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StorageError("database_unreadable", path=str(path), reason=str(exc)) from exc
    conn.close()
    return open_database(path).conn


def open_database(path: Path) -> Database:
    """Open (creating if needed) and migrate to the latest schema (as a sqlite-utils
    Database)."""
    from sqlite_utils import Database

    conn = connect(path)
    db = Database(conn, execute_plugins=False)
    try:
        MIGRATIONS.apply(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StorageError("database_unreadable", path=str(path), reason=str(exc)) from exc
    return db


__all__ = ["MIGRATIONS", "connect", "open_connection", "open_database"]
