"""The workspace database: SQLite in WAL mode, opened through sqlite-utils, with named
migrations recorded in the database (``_sqlite_migrations``).

Released migrations are never edited: a schema change is a new function at the end.
tests/store/test_migrations.py upgrades a database of every released schema."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from app.errors import StorageError
from app.textfold import fold

MIGRATIONS = Migrations("vanthu")
BUSY_TIMEOUT_MS = 30_000


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
    no implicit transactions (writes use ``write_transaction``)."""
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


def open_database(path: Path) -> Database:
    """Open (creating if needed) and migrate to the latest schema."""
    conn = connect(path)
    db = Database(conn, execute_plugins=False)
    try:
        MIGRATIONS.apply(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StorageError("database_unreadable", path=str(path), reason=str(exc)) from exc
    return db


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: takes the write lock up front, so two processes that
    both read the next number cannot both write it. Inside a transaction already, it joins it:
    a service can compose others' writes into one commit (a registration, its inbox row and
    its outbox row)."""
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


__all__ = ["MIGRATIONS", "connect", "open_database", "write_transaction"]
