"""``vanthu sign --document`` (the official's approval) and ``vanthu issue`` killed with SIGKILL
at random moments, in rounds (as the import crash test does): a document is wholly a draft,
wholly approved or wholly issued — never a number without its issued file, never an issued file
without its number; the register has no gap and no number twice; the history vouches for every
row; and what a killed process left half-written is swept away."""

from __future__ import annotations

import random
import re
import shutil
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
from tests.signing.drafts import SEAL, SIGNATURE, new_draft
from tests.signing.test_lifecycle import pdftext

pytestmark = [pytest.mark.token, pytest.mark.slow]

DOCUMENTS = 7
ROUNDS = 10
SEED = 20_261_204


def private_tokens(softhsm: SoftHsm, folder: Path) -> dict[str, str]:
    """The environment of processes about to be killed: a copy of the session's tokens of
    their own. SoftHSM rewrites a token's files as it is used; killed mid-write, it left the
    shared token unreadable and every later signing test failed (token not found)."""
    conf = softhsm.conf.read_text()
    shared = Path(re.search(r"^directories\.tokendir\s*=\s*(.+)$", conf, re.M)[1].strip())
    shutil.copytree(shared, folder / "tokens")
    own = folder / "softhsm2.conf"
    own.write_text(conf.replace(str(shared), str(folder / "tokens")))
    return softhsm.env() | {"SOFTHSM2_CONF": str(own)}


def start(env: dict[str, str], home: Path, document_id: int, step: str) -> subprocess.Popen[bytes]:
    if step == "approve":
        args = ["sign", "--document", str(document_id), "--role", "approve", "--token",
                PERSONAL.label, "--pin-stdin", "--image", str(SIGNATURE)]  # fmt: skip
        pin = PERSONAL.pin
    else:
        args = ["issue", str(document_id), "--token", ORG.label, "--pin-stdin", "--image",
                str(SEAL)]  # fmt: skip
        pin = ORG.pin
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--home", str(home), *args, "--json"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env=env | {"PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi"},
    )  # fmt: skip
    assert proc.stdin is not None
    proc.stdin.write((pin + "\n").encode())
    proc.stdin.close()
    return proc


def check_register(home: Path, ids: list[int]) -> dict[str, list[int]]:
    """Every document is wholly a draft, approved or issued; the numbers have no gap. Returns
    the ids in each state."""
    ws = Workspace(home)
    try:
        conn = ws.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        states: dict[str, list[int]] = {"draft": [], "approved": [], "issued": []}
        numbers = []
        for doc_id in ids:
            row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
            versions = conn.execute(
                "SELECT role, sha256 FROM document_files WHERE document_id = ? AND kind = 'main'"
                " ORDER BY version",
                (doc_id,),
            ).fetchall()
            assert versions[-1]["sha256"] == row["file_sha256"]
            states.setdefault(row["status"], []).append(doc_id)
            if row["number"] is None:
                role = {"draft": "draft", "approved": "approve"}[row["status"]]
                assert versions[-1]["role"] == role and len(versions) == 1 + (role == "approve")
                assert row["code_number"] == "" and row["issued_date"] == ""
            else:
                assert row["status"] == "issued" and versions[-1]["role"] == "issue", dict(row)
                text = pdftext(ws.blobs.path_for(row["file_sha256"]))
                assert f"Số: {row['code_number']}/{row['code_notation']}" in text
                numbers.append(row["number"])
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), numbers
        report = verify_chain(conn)
        assert report.ok, report
        return states
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
    half = ids[: DOCUMENTS // 2]  # these start approved, the others as drafts
    outcomes = SigningDesk(ws).approve(half, official, PERSONAL.pin, image=SIGNATURE)
    assert [o.status for o in outcomes] == ["signed"] * len(half)
    desk.close()

    env = private_tokens(softhsm, tmp_path / "softhsm")
    rng = random.Random(SEED)
    killed = finished = 0
    for _ in range(ROUNDS):
        states = check_register(home, ids)
        step = rng.choice([s for s in ("approve", "issue") if states[{"approve": "draft",
                          "issue": "approved"}[s]]])  # fmt: skip
        target = rng.choice(states["draft" if step == "approve" else "approved"])
        proc = start(env, home, target, step)
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
        states = check_register(home, ids)
        for step, before in (("approve", "draft"), ("issue", "approved")):
            if doc_id in states[before]:
                proc = start(env, home, doc_id, step)
                assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()
                states = check_register(home, ids)
    assert sorted(check_register(home, ids)["issued"]) == sorted(ids)

    # a killed writer's half-written files are gone once the workspace opens again
    Workspace(home).close()
    leftovers = [p for p in (home / "tmp").rglob("*")] + list((home / "blobs" / "tmp").glob("*"))
    assert leftovers == []
    conn = sqlite3.connect(home / "vanthu.db")
    numbers = [r[0] for r in conn.execute("SELECT number FROM documents ORDER BY number")]
    assert numbers == list(range(1, DOCUMENTS + 1))
    conn.close()
