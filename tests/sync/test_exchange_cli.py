"""The desk's axis commands as a clerk runs them, between two workspaces and the local axis;
and a desk killed -9 at random moments of receiving: every document arrives once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, make_pdf
from tests.sync.axis_server import SYSTEM_A, SYSTEM_B, AxisProcess, add_systems, running_axis


def vanthu(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi", "VANTHU_HOME": str(home),
           "VANTHU_SECRET_STORE": "file"}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], input=stdin, capture_output=True, text=True,
        env=env,
    )  # fmt: skip


def _desk_config(home: Path, system, url: str) -> None:
    run = vanthu(home, "axis", "config", "--endpoint", url, "--system-id", system[0],
                 "--secret-stdin", stdin=system[1] + "\n")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert system[1] not in run.stdout + run.stderr


def _desk(tmp_path: Path, name: str, system, url: str) -> Path:
    home = tmp_path / name
    run = vanthu(home, "init", "--org-id", system[2], "--org-name", system[3], "--org-abbr", "UBND")
    assert run.returncode == 0, run.stderr
    _desk_config(home, system, url)
    secret_file = home / "secrets" / "axis.secret"
    assert secret_file.stat().st_mode & 0o077 == 0  # only the user can read it
    assert system[1].encode() not in (home / "vanthu.db").read_bytes()
    return home


@pytest.fixture
def axis(tmp_path: Path):
    with running_axis(tmp_path) as server:
        yield server


def test_a_clerk_sends_and_follows_a_document(axis: AxisProcess, tmp_path: Path):
    a = _desk(tmp_path, "a", SYSTEM_A, axis.url)
    b = _desk(tmp_path, "b", SYSTEM_B, axis.url)
    pdf = make_pdf(tmp_path / "cv.pdf", ["CÔNG VĂN", "V/v lịch họp giao ban"])
    run = vanthu(a, "outgoing", "add", str(pdf), "--type", "CV", "--unit", "VP", "--subject",
                 "V/v lịch họp giao ban", "--json")  # fmt: skip
    doc = json.loads(run.stdout)["id"]
    refused = vanthu(a, "send", str(doc), "--to", SYSTEM_B[2])
    assert refused.returncode != 0 and refused.stderr.count("\n") == 1  # not signed
    assert vanthu(a, "send", str(doc), "--to", SYSTEM_B[2], "--allow-unsigned").returncode == 0
    sent = vanthu(a, "sync", "--once", "--json")
    assert json.loads(sent.stdout)["sent"] == 1, sent.stderr

    got = json.loads(vanthu(b, "sync", "--once", "--json").stdout)
    assert got["received"] == 1
    listed = json.loads(vanthu(b, "list", "--direction", "incoming", "--json").stdout)
    [incoming] = listed["documents"]
    assert vanthu(b, "status", str(incoming["id"]), "--code", "03").returncode == 0
    assert vanthu(b, "sync", "--once").returncode == 0
    assert vanthu(a, "sync", "--once").returncode == 0
    shown = json.loads(vanthu(a, "recipients", str(doc), "--json").stdout)
    assert shown["recipients"][0]["latest"] == "03"
    assert [h["code"] for h in shown["recipients"][0]["history"]] == ["01", "03"]
    text = vanthu(a, "recipients", str(doc)).stdout
    assert "đã tiếp nhận, vào sổ" in text


def test_the_axis_down_leaves_the_work_in_the_outbox(tmp_path: Path):
    data = tmp_path / "axis"
    data.mkdir()
    add_systems(data, SYSTEM_A, SYSTEM_B)
    server = AxisProcess(data).start()
    url = server.url
    a = _desk(tmp_path, "a", SYSTEM_A, url)
    pdf = make_pdf(tmp_path / "cv.pdf", ["CÔNG VĂN"])
    doc = json.loads(vanthu(a, "outgoing", "add", str(pdf), "--type", "CV", "--unit", "VP",
                            "--subject", "V/v thử", "--json").stdout)["id"]  # fmt: skip
    vanthu(a, "send", str(doc), "--to", SYSTEM_B[2], "--allow-unsigned")
    server.kill()
    run = vanthu(a, "sync", "--once")
    assert run.returncode == 8 and "thử lại" in run.stdout
    waiting = json.loads(vanthu(a, "outbox", "--json").stdout)["outbox"]
    assert [(w["state"], w["attempts"]) for w in waiting] == [("pending", 1)]

    # the axis comes back on the same data: the package goes, once
    import sqlite3

    db = sqlite3.connect(a / "vanthu.db")
    with db:  # no need to wait out the back-off in a test
        db.execute("UPDATE outbox SET next_try_at = '2000-01-01T00:00:00+00:00'")
    db.close()
    server = AxisProcess(data).start()
    try:
        _desk_config(a, SYSTEM_A, server.url)
        sent = json.loads(vanthu(a, "sync", "--once", "--json").stdout)
        assert sent["sent"] == 1
        assert json.loads(vanthu(a, "outbox", "--json").stdout)["outbox"] == []
        assert len(server.client(SYSTEM_B).get_received_list("edoc")) == 1
    finally:
        server.stop()


def test_a_desk_killed_while_receiving_registers_each_document_once(tmp_path: Path):
    with running_axis(tmp_path, "--delay", "30") as server:
        a = _desk(tmp_path, "a", SYSTEM_A, server.url)
        b = _desk(tmp_path, "b", SYSTEM_B, server.url)
        count = 12
        for i in range(count):
            pdf = make_pdf(tmp_path / f"cv{i}.pdf", ["CÔNG VĂN", f"Số thứ tự {i}"])
            doc = json.loads(vanthu(a, "outgoing", "add", str(pdf), "--type", "CV", "--unit",
                                    "VP", "--subject", f"V/v số {i}", "--json").stdout)["id"]  # fmt: skip
            vanthu(a, "send", str(doc), "--to", SYSTEM_B[2], "--allow-unsigned")
        assert json.loads(vanthu(a, "sync", "--once", "--json").stdout)["sent"] == count

        rng = random.Random(5)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "VANTHU_HOME": str(b),
               "VANTHU_SECRET_STORE": "file"}  # fmt: skip
        for _ in range(6):
            process = subprocess.Popen(
                [sys.executable, "-m", "app.cli", "sync", "--once"], env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            time.sleep(rng.uniform(0.6, 1.6))
            process.send_signal(signal.SIGKILL)
            process.wait()
        final = vanthu(b, "sync", "--once", "--json")
        assert final.returncode == 0, final.stderr
        listed = json.loads(vanthu(b, "list", "--direction", "incoming", "--limit", "100",
                                   "--json").stdout)["documents"]  # fmt: skip
        subjects = sorted(d["subject"] for d in listed)
        assert subjects == sorted(f"V/v số {i}" for i in range(count))  # each once, none lost
        assert vanthu(b, "audit", "verify").returncode == 0
        pending = server.client(SYSTEM_B).get_received_list("edoc")
        assert pending == []  # every package acknowledged
