"""One owner of the database: writes from many threads at once all land, each in its own
transaction, and none can join another's; reads see committed data only."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.documents import DocumentService
from app.drafts import IncomingDraft
from app.errors import StorageError
from app.store.history import verify_chain
from app.store.owner import Store
from app.workspace import Workspace
from tests.conftest import NOW


def _draft(n: int) -> IncomingDraft:
    return IncomingDraft.from_mapping(
        {
            "from_org_id": "000.00.00.G22",
            "from_org_name": "Văn phòng Chính phủ",
            "code_number": str(n),
            "code_notation": "TB-VPCP",
            "issued_date": "2026-11-20",
            "doc_type": "TB",
            "subject": f"Thông báo số {n} về lịch công tác",
        },
        today=NOW.date(),
    )


def test_writes_from_many_threads_are_all_kept_and_chained(workspace: Workspace):
    svc = DocumentService(workspace)
    threads, per_thread = 8, 25

    def work(t: int) -> list[int]:
        ids = []
        for i in range(per_thread):
            doc = svc.register_incoming(_draft(t * 1000 + i + 1))
            svc.edit(doc.id, {"note": f"luồng {t}"})
            ids.append(doc.id)
        return ids

    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(work, range(threads)))
    ids = sorted(i for part in results for i in part)
    assert len(ids) == len(set(ids)) == threads * per_thread
    numbers = sorted(svc.get(i).number for i in ids)
    assert numbers == list(range(1, threads * per_thread + 1))  # no gap, none twice
    report = verify_chain(workspace.conn)
    assert report.ok, report
    assert report.documents == threads * per_thread
    assert all(svc.get(i).note.startswith("luồng") for i in ids)


def test_a_write_never_joins_a_transaction_open_on_another_thread(tmp_path: Path):
    """While one write is in progress (and then fails), another thread's write is not part of
    it: the failure rolls back only its own changes."""
    store = Store(tmp_path / "t.db")
    store.write(lambda c: c.execute("CREATE TABLE t (x TEXT)"))
    inside, release = threading.Event(), threading.Event()

    def slow_then_fail(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO t VALUES ('first')")
        inside.set()
        release.wait(5)
        raise RuntimeError("the first job fails")

    first = store.submit_write(slow_then_fail)
    assert inside.wait(5)
    second = store.submit_write(lambda c: c.execute("INSERT INTO t VALUES ('second')"))
    release.set()
    with pytest.raises(RuntimeError):
        first.result(5)
    second.result(5)
    rows = [r[0] for r in store.read().execute("SELECT x FROM t")]
    assert rows == ["second"]
    store.close()


def test_readers_see_committed_data_only(tmp_path: Path):
    store = Store(tmp_path / "t.db")
    store.write(lambda c: c.execute("CREATE TABLE t (x INTEGER)"))
    inside, release = threading.Event(), threading.Event()

    def pending(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO t VALUES (1)")
        inside.set()
        release.wait(5)

    job = store.submit_write(pending)
    assert inside.wait(5)
    assert store.read().execute("SELECT count(*) FROM t").fetchone()[0] == 0
    release.set()
    job.result(5)
    assert store.read().execute("SELECT count(*) FROM t").fetchone()[0] == 1
    with pytest.raises(sqlite3.OperationalError):  # a reader cannot write
        store.read().execute("INSERT INTO t VALUES (2)")
    store.close()


def test_a_write_made_inside_a_write_runs_in_place(tmp_path: Path):
    """Composition on the writer thread (a service calling another's write) is one job: it
    neither deadlocks nor commits on its own."""
    store = Store(tmp_path / "t.db")
    store.write(lambda c: c.execute("CREATE TABLE t (x INTEGER)"))

    def outer(conn: sqlite3.Connection) -> int:
        conn.execute("INSERT INTO t VALUES (1)")
        store.write(lambda c: c.execute("INSERT INTO t VALUES (2)"))
        nested = store.submit_write(lambda c: c.execute("SELECT count(*) FROM t").fetchone()[0])
        assert nested.done()
        raise ValueError(nested.result())

    with pytest.raises(ValueError, match="2"):
        store.write(outer)
    assert store.read().execute("SELECT count(*) FROM t").fetchone()[0] == 0  # all rolled back
    store.close()
    with pytest.raises(StorageError):
        store.submit_write(lambda c: None)


def test_the_history_sees_a_row_edited_behind_its_back(
    workspace: Workspace, tamper: sqlite3.Connection
):
    svc = DocumentService(workspace)
    doc = svc.register_incoming(_draft(1))
    assert verify_chain(workspace.conn).ok
    tamper.execute("UPDATE documents SET subject = 'Đã bị sửa' WHERE id = ?", (doc.id,))
    report = verify_chain(workspace.conn)
    assert (report.ok, report.problem, report.changed_document) == (
        False,
        "document_changed",
        doc.id,
    )
    tamper.execute(
        "UPDATE documents SET subject = ? WHERE id = ?", (_draft(1).subject, doc.id)
    )  # put back as it was: the history vouches for it again
    assert verify_chain(workspace.conn).ok


def test_a_long_read_on_another_thread_stops_when_reads_are_interrupted(tmp_path: Path):
    """Closing the window must not wait for a read of a million ids: the reads in progress on
    reader threads end at once with SQLite's interrupt."""
    store = Store(tmp_path / "vanthu.db")
    started = threading.Event()
    outcome: list[object] = []

    def endless_read() -> None:
        conn = store.read()
        started.set()
        try:  # a recursive query that never ends by itself
            conn.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                " SELECT count(*) FROM n"
            ).fetchone()
            outcome.append("finished")
        except sqlite3.OperationalError as exc:
            outcome.append(str(exc))

    reader = threading.Thread(target=endless_read)
    reader.start()
    assert started.wait(10)
    for _ in range(200):  # the query may not have begun yet: an interrupt only stops one running
        store.interrupt_reads()
        reader.join(0.05)
        if not reader.is_alive():
            break
    assert not reader.is_alive()
    assert outcome == ["interrupted"]
    # the store goes on: a new read on this thread works
    assert store.read().execute("SELECT 1").fetchone()[0] == 1
    store.close()
