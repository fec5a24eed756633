"""Every released schema upgrades to the current one and keeps its data.

tests/store/schemas/<name>.db are copies of real databases made by each released version
(`python tests/store/make_schema_snapshot.py` writes the current one when a version is
released). A released migration must never be edited: the snapshot would then differ from a
fresh database, and this test fails."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from app.store.db import MIGRATIONS, open_database

SNAPSHOTS = sorted((Path(__file__).parent / "schemas").glob("*.db"))


def schema_of(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return sorted(
        (name, " ".join(sql.split()))
        for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        )
    )


def test_there_is_a_snapshot_of_every_released_schema():
    assert [p.stem for p in SNAPSHOTS] == [m.name for m in MIGRATIONS._migrations][: len(SNAPSHOTS)]
    assert SNAPSHOTS, "at least the first release is recorded"


@pytest.mark.parametrize("snapshot", SNAPSHOTS, ids=[p.stem for p in SNAPSHOTS])
def test_a_released_database_upgrades_and_keeps_its_data(tmp_path: Path, snapshot: Path):
    old = tmp_path / "old.db"
    shutil.copyfile(snapshot, old)
    before = sqlite3.connect(old)
    counts = {
        t: before.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("documents", "events", "registers")
    }
    before.close()
    assert counts["documents"] > 0

    upgraded = open_database(old)
    fresh = open_database(tmp_path / "fresh.db")
    assert schema_of(upgraded.conn) == schema_of(fresh.conn)
    applied = [
        r[0] for r in upgraded.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")
    ]
    assert applied == [m.name for m in MIGRATIONS._migrations]
    baseline = (
        -(-counts["documents"] // 5000) if _before(snapshot, "0004_outgoing_lifecycle") else 0
    )
    counts["events"] += baseline  # the states of the documents, vouched for once
    for table, count in counts.items():
        assert upgraded.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
    with_files = upgraded.conn.execute(
        "SELECT count(*) FROM documents WHERE file_sha256 != ''"
    ).fetchone()[0]
    assert upgraded.conn.execute("SELECT count(*) FROM document_files").fetchone()[0] >= with_files
    from app.store.history import verify_chain

    report = verify_chain(upgraded.conn)
    assert report.ok, report
    assert report.documents == counts["documents"]
    assert upgraded.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _before(snapshot: Path, name: str) -> bool:
    names = [m.name for m in MIGRATIONS._migrations]
    return names.index(snapshot.stem) < names.index(name)


def test_the_lifecycle_migration_run_again_after_a_crash_changes_nothing(tmp_path: Path):
    """0004 runs its own transaction (a table rebuild needs foreign keys off): a crash after
    its COMMIT and before it is recorded runs it again on the next start, harmlessly."""
    from app.store.db import _m0004_outgoing_lifecycle

    old = tmp_path / "old.db"
    shutil.copyfile(SNAPSHOTS[0], old)
    db = open_database(old)
    before = (schema_of(db.conn), db.conn.execute("SELECT count(*) FROM events").fetchone()[0])
    _m0004_outgoing_lifecycle(db)
    after = (schema_of(db.conn), db.conn.execute("SELECT count(*) FROM events").fetchone()[0])
    assert after == before
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_migrations_are_recorded_and_not_applied_twice(tmp_path: Path):
    db = open_database(tmp_path / "a.db")
    first = db.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    db.close()
    db = open_database(tmp_path / "a.db")
    assert db.conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == first
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_each_step_applies_on_top_of_the_previous(tmp_path: Path):
    names = [m.name for m in MIGRATIONS._migrations]
    for i, name in enumerate(names):
        db = Database(tmp_path / f"step{i}.db")
        MIGRATIONS.apply(db, stop_before=name)
        assert [m.name for m in MIGRATIONS.applied(db)] == names[:i]
        MIGRATIONS.apply(db)
        assert [m.name for m in MIGRATIONS.applied(db)] == names
