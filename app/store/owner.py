"""One owner of the workspace database (docs/architecture.md, Threads).

- The **store writer** is one thread that owns the only write connection. Every write is a
  function ``fn(conn)`` run there inside ``BEGIN IMMEDIATE … COMMIT``: a write from any other
  thread is handed to the writer and waited for (``write``) or returned as a Future
  (``submit_write``); it can never join a transaction another thread has open, because no
  other thread ever sees the write connection.
- A write made *on* the writer thread (a service composing another's write inside its own
  transaction) runs in place and joins the transaction in progress: that is one job.
- **Readers** get a connection of their own per thread (``read``), read-only, on WAL: they read
  the last committed state while the writer writes. On the writer thread, ``read`` is the
  write connection, so a write function reads what it has written so far.

Other processes (a second desk, the CLI beside the window) take SQLite's own write lock:
``BEGIN IMMEDIATE`` with a generous busy timeout."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from app.errors import StorageError
from app.store.db import connect, open_connection

T = TypeVar("T")
WriteFn = Callable[[sqlite3.Connection], T]


class Store:
    """The database of one workspace: one writer thread, one reader connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="vanthu-store")
        self._writer_thread: threading.Thread | None = None
        self._local = threading.local()
        self._readers: weakref.WeakSet[_Reader] = weakref.WeakSet()
        self._readers_lock = threading.Lock()
        self._closed = False
        # open (and migrate) on the writer thread: the write connection never leaves it
        self._conn: sqlite3.Connection = self._executor.submit(self._open).result()

    def _open(self) -> sqlite3.Connection:
        self._writer_thread = threading.current_thread()
        return open_connection(self.path)

    # -- writing ---------------------------------------------------------------------------

    def on_writer(self) -> bool:
        return threading.current_thread() is self._writer_thread

    def write(self, fn: WriteFn[T]) -> T:
        """Run ``fn(conn)`` in one write transaction on the writer thread and return what it
        returns; its exception (after the rollback) is raised here. Re-entrant."""
        if self.on_writer():
            return self._in_transaction(fn)
        return self.submit_write(fn).result()

    def submit_write(self, fn: WriteFn[T]) -> Future[T]:
        """The same, without waiting: a Future of ``fn``'s result."""
        if self.on_writer():
            future: Future[T] = Future()
            try:
                future.set_result(self._in_transaction(fn))
            except BaseException as exc:
                future.set_exception(exc)
            return future
        if self._closed:
            raise StorageError("closed", path=str(self.path))
        return self._executor.submit(self._in_transaction, fn)

    def _in_transaction(self, fn: WriteFn[T]) -> T:
        conn = self._conn
        if conn.in_transaction:  # a write composed into the one in progress (same thread)
            return fn(conn)
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StorageError("database_busy", reason=str(exc)) from exc
        try:
            result = fn(conn)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StorageError("commit_failed", reason=str(exc)) from exc
        return result

    def maintenance(self, fn: WriteFn[T]) -> T:
        """Run ``fn(conn)`` on the writer thread OUTSIDE a transaction (VACUUM, checkpoints,
        migrations of bulk data that manage their own transactions)."""
        if self.on_writer():
            return fn(self._conn)
        return self._executor.submit(fn, self._conn).result()

    # -- reading ---------------------------------------------------------------------------

    def read(self) -> sqlite3.Connection:
        """This thread's read connection (the write connection on the writer thread)."""
        if self.on_writer():
            return self._conn
        reader: _Reader | None = getattr(self._local, "reader", None)
        if reader is None or reader.conn is None:
            if self._closed:
                raise StorageError("closed", path=str(self.path))
            reader = _Reader(connect(self.path, readonly=True))
            self._local.reader = reader
            with self._readers_lock:
                self._readers.add(reader)
        return reader.conn  # type: ignore[return-value]

    # -- closing ---------------------------------------------------------------------------

    def interrupt_reads(self) -> None:
        """Stop every read in progress on the readers' connections (a long list being read
        when the window closes): each raises ``sqlite3.OperationalError`` in its thread.
        Safe from any thread (SQLite's own interrupt)."""
        with self._readers_lock:
            readers = list(self._readers)
        for reader in readers:
            conn = reader.conn
            if conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    conn.interrupt()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self._readers_lock:
            readers = list(self._readers)
        for reader in readers:
            reader.close()
        try:
            self._executor.submit(self._conn.close).result()
        finally:
            self._executor.shutdown(wait=True)


class _Reader:
    """A thread's read connection, closed with the store (or when the thread goes away)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn: sqlite3.Connection | None = conn

    def close(self) -> None:
        conn, self.conn = self.conn, None
        if conn is not None:
            conn.close()

    def __del__(self) -> None:  # the thread ended: its connection goes with it
        with contextlib.suppress(Exception):
            self.close()


def in_write(conn: sqlite3.Connection) -> None:
    """Assert that ``conn`` is inside a write transaction (store functions that write)."""
    if not conn.in_transaction:
        raise RuntimeError("a write outside Store.write()")


__all__ = ["Store", "WriteFn", "in_write"]
