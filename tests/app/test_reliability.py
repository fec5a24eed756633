"""Reliability of numbering under crashes and concurrency, driven through the real ``vanthu``
command in subprocesses.

- ``kill -9`` at random moments during a bulk import: afterwards the database is intact, no
  number is used twice, no number is skipped, every document has its one registration event,
  the history chain verifies, and finishing the import registers each line exactly once.
- Two processes importing at the same time never take the same number."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.clock import vn_today
from app.sample_data import SampleGenerator

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LINES = 20_000
ROUNDS = 5
SEED = 20_261_126
ORG = ("000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND")

Key = tuple[str, int, str]  # issuing organisation, number, symbol: one line of the file


# ------------------------------------------------------------------------------ helpers ---


def vanthu_command() -> list[str]:
    script = Path(sys.executable).with_name("vanthu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["VANTHU_LANG"] = "vi"
    env["VANTHU_USER"] = "van-thu"
    env["VANTHU_IMPORT_SPLIT_BYTES"] = "0"  # every import here reads with its second process
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def argv(home: Path, *args: Any) -> list[str]:
    return [*vanthu_command(), "--home", str(home), *(str(a) for a in args)]


def vanthu(home: Path, *args: Any) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        argv(home, *args),
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_env(),
        timeout=300,
        cwd=home.parent,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def init(home: Path) -> None:
    proc = vanthu(home, "init", "--org-id", ORG[0], "--org-name", ORG[1], "--org-abbr", ORG[2])
    assert proc.returncode == 0, proc.stderr


def start_import(home: Path, jsonl: Path, out: Path) -> subprocess.Popen[bytes]:
    """The import as a child process; its output goes to a file, so that a pipe nobody reads
    never holds the child up."""
    with out.open("wb") as stream:
        return subprocess.Popen(
            argv(home, "incoming", "import", jsonl, "--json"),
            stdout=stream,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=cli_env(),
            cwd=home.parent,
        )


def run_import(home: Path, jsonl: Path, out: Path) -> dict[str, Any]:
    proc = start_import(home, jsonl, out)
    code = proc.wait(timeout=300)
    text = out.read_text(encoding="utf-8")
    assert "Traceback" not in text, text[-3000:]
    assert code == 0, text[-3000:]
    return json.loads(text)


def key_of(issuer: str, number: Any, notation: str) -> Key:
    return (issuer, int(number), unicodedata.normalize("NFC", notation))


@dataclass(frozen=True)
class Batch:
    path: Path
    keys: list[Key]  # keys[i] is line i + 1


def write_batch(path: Path, lines: list[dict[str, Any]]) -> Batch:
    with path.open("w", encoding="utf-8") as stream:
        for line in lines:
            stream.write(json.dumps(line, ensure_ascii=False) + "\n")
    keys = [key_of(x["from_org_id"], x["code_number"], x["code_notation"]) for x in lines]
    assert len(set(keys)) == len(keys), "the generator repeated a document"
    return Batch(path, keys)


@pytest.fixture(scope="module")
def sample_lines() -> list[dict[str, Any]]:
    """LINES realistic incoming documents (metadata only), all issued before today."""
    gen = SampleGenerator(seed=SEED, year=vn_today().year - 1)
    return [
        {
            "from_org_id": d.from_org_id,
            "from_org_name": d.from_org_name,
            "code_number": d.code_number,
            "code_notation": d.code_notation,
            "issued_date": d.issued_date.isoformat(),
            "doc_type": d.doc_type,
            "subject": d.subject,
            "signer": d.signer,
            "position": d.position,
            "urgency": d.urgency,
        }
        for d in gen.documents(LINES)
    ]


@dataclass(frozen=True)
class State:
    documents: int
    keys: set[Key]


def check_workspace(db: Path) -> State:
    """What must hold after any crash: an intact database, numbers 1..N in every register
    and year with none used twice, one registration event and one index entry per document."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        rows = conn.execute("SELECT register_id, year, number FROM documents").fetchall()
        assert len(rows) == len(set(rows)), "a number was used twice"
        numbers: dict[tuple[int, int], list[int]] = defaultdict(list)
        for register_id, year, number in rows:
            numbers[register_id, year].append(number)
        for (register_id, year), got in numbers.items():
            assert sorted(got) == list(range(1, len(got) + 1)), (
                f"gap in register {register_id}/{year}: {len(got)} documents, "
                f"highest number {max(got)}"
            )
        total = len(rows)
        events, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT document_id) FROM events WHERE action = 'register'"
        ).fetchone()
        assert (events, distinct) == (total, total)
        orphans = conn.execute(
            "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM events e"
            " WHERE e.document_id = d.id AND e.action = 'register')"
        ).fetchone()[0]
        assert orphans == 0
        assert conn.execute("SELECT count(*) FROM search_index").fetchone()[0] == total
        keys = {
            key_of(*r)
            for r in conn.execute("SELECT issuer_id, code_number, code_notation FROM documents")
        }
        assert len(keys) == total, "a line of the file was registered twice"
        return State(total, keys)
    finally:
        conn.close()


def audit_verify(home: Path) -> None:
    proc = vanthu(home, "audit", "verify", "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)["ok"] is True


# -------------------------------------------------------------------------------- tests ---


def test_kill_9_during_bulk_import_never_loses_skips_or_repeats_a_number(
    tmp_path: Path, sample_lines: list[dict[str, Any]]
) -> None:
    batch = write_batch(tmp_path / "big.jsonl", sample_lines)
    line_of = {key: i + 1 for i, key in enumerate(batch.keys)}

    # How long the whole import takes here, so the kills land anywhere inside it.
    calibration = tmp_path / "calibration"
    init(calibration)
    started = time.monotonic()
    full = run_import(calibration, batch.path, tmp_path / "calibration.json")
    duration = time.monotonic() - started
    assert full["imported"] == LINES and full["errors"] == [] and full["duplicates"] == []

    home = tmp_path / "ws"
    init(home)
    rng = random.Random(SEED)
    killed_midway = 0
    counts = []
    for round_no in range(ROUNDS):
        proc = start_import(home, batch.path, tmp_path / f"round-{round_no}.json")
        time.sleep(rng.uniform(0.2, duration))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        code = proc.wait(timeout=60)
        if code == -signal.SIGKILL:
            killed_midway += 1
        else:  # it finished before the kill: then it must have finished cleanly
            assert code == 0, (tmp_path / f"round-{round_no}.json").read_text()[-2000:]
        state = check_workspace(home / "vanthu.db")
        assert state.keys <= set(batch.keys)
        counts.append(state.documents)
    assert killed_midway >= 1, f"no import was killed mid-way ({duration=:.1f}s, {counts=})"
    assert counts == sorted(counts)  # a crash never takes back what was committed

    before = check_workspace(home / "vanthu.db")
    audit_verify(home)

    # Finish the import: every line not yet registered now is, the others are duplicates.
    report = run_import(home, batch.path, tmp_path / "final.json")
    assert report["errors"] == []
    assert report["imported"] == LINES - before.documents
    duplicate_lines = [d["line"] for d in report["duplicates"]]
    assert len(duplicate_lines) == len(set(duplicate_lines))
    assert sorted(duplicate_lines) == sorted(line_of[k] for k in before.keys)
    assert report["imported"] + len(duplicate_lines) == LINES
    if report["imported"]:
        assert report["first_number"] == before.documents + 1
        assert report["last_number"] == LINES

    after = check_workspace(home / "vanthu.db")
    assert after.documents == LINES
    assert after.keys == set(batch.keys)  # each line of the file registered exactly once
    audit_verify(home)


def test_two_processes_importing_at_once_never_share_a_number(
    tmp_path: Path, sample_lines: list[dict[str, Any]]
) -> None:
    half = 6_000
    first = write_batch(tmp_path / "a.jsonl", sample_lines[:half])
    second = write_batch(tmp_path / "b.jsonl", sample_lines[half : 2 * half])
    home = tmp_path / "ws"
    init(home)

    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    procs = [start_import(home, b.path, out) for b, out in zip((first, second), outs, strict=True)]
    codes = [p.wait(timeout=300) for p in procs]
    texts = [out.read_text(encoding="utf-8") for out in outs]
    for code, text in zip(codes, texts, strict=True):
        assert "Traceback" not in text, text[-3000:]
        assert code == 0, text[-3000:]
        report = json.loads(text)
        assert report["imported"] == half
        assert report["errors"] == [] and report["duplicates"] == []

    state = check_workspace(home / "vanthu.db")
    assert state.documents == 2 * half
    assert state.keys == set(first.keys) | set(second.keys)
    conn = sqlite3.connect(home / "vanthu.db")
    try:
        numbers = [r[0] for r in conn.execute("SELECT number FROM documents ORDER BY number")]
    finally:
        conn.close()
    assert numbers == list(range(1, 2 * half + 1))
    audit_verify(home)
