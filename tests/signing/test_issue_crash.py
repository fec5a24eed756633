"""``vanthu issue`` killed with SIGKILL at random moments, in rounds (as the import crash test
does): never a number without its issued file, never an issued file without its number; the
register has no gap and no number twice; the history vouches for every row; and what a killed
process left half-written is swept away."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.clock import fixed_clock
from app.desk import Desk
from app.store.history import verify_chain
from app.workspace import Workspace
from signing.desk import Signer, SigningDesk
from signing.tokens import TokenModule
from tests.conftest import NOW, ROOT
from tests.signing.conftest import ORG, PERSONAL, SoftHsm
from tests.signing.test_lifecycle import SEAL, SIGNATURE, new_draft, pdftext

pytestmark = [pytest.mark.token, pytest.mark.slow]

DOCUMENTS = 7
ROUNDS = 7
SEED = 20_261_204


def start_issue(softhsm: SoftHsm, home: Path, document_id: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--home", str(home), "issue", str(document_id),
         "--token", ORG.label, "--pin-stdin", "--image", str(SEAL), "--json"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=softhsm.env() | {"PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi"},
    )  # fmt: skip
    assert proc.stdin is not None
    proc.stdin.write((ORG.pin + "\n").encode())
    proc.stdin.close()
    return proc


def check_register(home: Path, ids: list[int]) -> list[int]:
    """Every document is wholly approved or wholly issued; the numbers have no gap. Returns
    the ids issued."""
    ws = Workspace(home)
    try:
        conn = ws.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        issued, numbers = [], []
        for doc_id in ids:
            row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
            versions = conn.execute(
                "SELECT role, sha256 FROM document_files WHERE document_id = ? AND kind = 'main'"
                " ORDER BY version",
                (doc_id,),
            ).fetchall()
            assert versions[-1]["sha256"] == row["file_sha256"]
            if row["number"] is None:
                assert row["status"] == "approved" and versions[-1]["role"] == "approve", dict(row)
                assert row["code_number"] == "" and row["issued_date"] == ""
            else:
                assert row["status"] == "issued" and versions[-1]["role"] == "issue", dict(row)
                text = pdftext(ws.blobs.path_for(row["file_sha256"]))
                assert f"Số: {row['code_number']}/{row['code_notation']}" in text
                issued.append(doc_id)
                numbers.append(row["number"])
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), numbers
        report = verify_chain(conn)
        assert report.ok, report
        return issued
    finally:
        ws.close()


def test_issue_killed_at_random_moments_never_loses_or_doubles_a_number(
    softhsm: SoftHsm, tmp_path: Path
):
    home = tmp_path / "ws"
    ws = Workspace.create(
        home, "000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND", clock=fixed_clock(NOW)
    )
    desk = Desk(ws)
    ids = [new_draft(desk, tmp_path, n).id for n in range(1, DOCUMENTS + 1)]
    official = Signer(TokenModule.of(softhsm.module), PERSONAL.label, PERSONAL.key_id.hex())
    outcomes = SigningDesk(ws).approve(ids, official, PERSONAL.pin, image=SIGNATURE)
    assert [o.status for o in outcomes] == ["signed"] * DOCUMENTS
    desk.close()

    rng = random.Random(SEED)
    killed = finished = 0
    for _ in range(ROUNDS):
        waiting = [i for i in ids if i not in check_register(home, ids)]
        proc = start_issue(softhsm, home, rng.choice(waiting))
        time.sleep(rng.uniform(0.05, 1.6))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        else:
            finished += 1
            assert b"Traceback" not in proc.stderr.read()
        proc.wait(timeout=60)
        check_register(home, ids)
    assert killed >= 3, "the rounds should mostly kill mid-way"

    for doc_id in ids:  # the rest, without interruption
        if doc_id in check_register(home, ids):
            continue
        proc = start_issue(softhsm, home, doc_id)
        assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
    assert sorted(check_register(home, ids)) == sorted(ids)

    # a killed writer's half-written files are gone once the workspace opens again
    Workspace(home).close()
    leftovers = [p for p in (home / "tmp").rglob("*")] + list((home / "blobs" / "tmp").glob("*"))
    assert leftovers == []
    conn = sqlite3.connect(home / "vanthu.db")
    numbers = [r[0] for r in conn.execute("SELECT number FROM documents ORDER BY number")]
    assert numbers == list(range(1, DOCUMENTS + 1))
    conn.close()
