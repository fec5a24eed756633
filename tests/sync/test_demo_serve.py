"""The whole demo, as a newcomer meets it: ``vanthu demo`` builds it (real SoftHSM tokens,
a real certomancer test PKI, a real second workspace and a real local axis process), the
tokens command lists both tokens (and the second organisation's only in its own workspace),
a draft signed with the official's token verifies with the workspace's trust store (offline:
the demo keeps its CRLs), the second organisation's letters arrive approved and issued with
its own token and verify too, and ``demo --serve`` runs the axis and the second organisation
as processes that answer what we send and stop on SIGTERM.

Every token operation runs in a ``vanthu`` process of its own: SoftHSM reads its
configuration once per process, and the demo's tokens have their own (the other token tests
of this session use theirs)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from app.demo_tokens import DEMO_PINS, OFFICIAL_TOKEN, ORG_TOKEN, PEER_TOKEN
from app.documents import DocumentService
from app.model import Direction
from app.search import SearchFilters
from app.textfold import fold
from app.workspace import Workspace
from resources import ROOT as RESOURCES
from tests.conftest import ROOT

pytestmark = [pytest.mark.token, pytest.mark.slow]
PEER_ID = "000.00.03.H29"


def env_for(base: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SOFTHSM2_CONF",)}
    env.update(
        PYTHONPATH=str(ROOT),
        VANTHU_LANG="vi",
        VANTHU_SECRET_STORE="file",  # never the machine's keyring
        VANTHU_CACHE_DIR=str(base / "cache"),
        VANTHU_HOME=str(base / "default-home"),
        VANTHU_USER="vanthu-test",
    )
    return env


def vanthu(base: Path, home: Path | str, *args: str, stdin: str | None = None,
           timeout: float = 180) -> subprocess.CompletedProcess[str]:  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "--home", str(home), *args],
        input=stdin, capture_output=True, text=True, env=env_for(base), timeout=timeout,
        cwd=base,
    )  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("demo-full")
    home = base / "ws"
    # as `make run` does it: a home relative to the current folder
    run = vanthu(base, "ws", "demo", "--incoming", "24", "--outgoing", "12")
    assert run.returncode == 0, run.stderr[-3000:]
    return base, home


def docs_of(home: Path, **filters: object) -> list:
    with Workspace(home) as ws:
        found, _ = DocumentService(ws).list(SearchFilters(**filters), limit=1000)
    return found


def test_the_demo_is_built(demo: tuple[Path, Path]) -> None:
    _, home = demo
    with Workspace(home) as ws:
        assert ws.setting("demo") == "1"
        assert Path(ws.setting("softhsm_conf")).is_file()
        assert json.loads(ws.setting("pkcs11_modules"))
        assert ws.setting("axis_endpoint", "").startswith("http://127.0.0.1:")
    statuses = {d.status for d in docs_of(home, direction=Direction.OUTGOING)}
    assert {"draft", "approved", "issued", "sent"} <= statuses
    with Workspace(home / "peer") as peer:
        assert peer.organisation.organ_id == PEER_ID
        assert peer.setting("demo") == "peer"  # the window on it starts no servers
    # the second organisation's letters arrived, and its statuses on ours
    theirs = {d.notation for d in docs_of(home / "peer", direction=Direction.OUTGOING)}
    arrived = {d.notation for d in docs_of(home, direction=Direction.INCOMING, issuer=PEER_ID)}
    assert len(theirs) == 3 and theirs <= arrived
    from sync.desk import ExchangeDesk

    with Workspace(home) as ws:
        sent = [d for d in docs_of(home, status="sent")]
        codes = {h["code"] for d in sent for r in ExchangeDesk(ws).recipients(d.id)
                 for h in r["history"]}  # fmt: skip
        directory = ExchangeDesk(ws).directory_size()
    assert sent and "01" in codes and codes & {"02", "03"}
    assert directory >= 20  # the organisations the window offers as recipients


def test_the_tokens_command_lists_both_tokens(demo: tuple[Path, Path]) -> None:
    base, home = demo
    run = vanthu(base, home, "tokens", "--json")  # no SOFTHSM2_CONF: the workspace says
    assert run.returncode == 0, run.stderr
    tokens = {t["label"]: t for m in json.loads(run.stdout)["modules"] for t in m["tokens"]}
    assert {OFFICIAL_TOKEN, ORG_TOKEN} <= set(tokens)
    names = {c["common_name"] for c in tokens[OFFICIAL_TOKEN]["certificates"]}
    assert "Nguyễn Văn Hùng" in names
    names = {c["common_name"] for c in tokens[ORG_TOKEN]["certificates"]}
    assert "Ủy ban nhân dân tỉnh Đắk Lắk" in names
    assert PEER_TOKEN not in tokens  # another office's: in its own token folder


def test_the_second_organisation_has_its_own_token(demo: tuple[Path, Path]) -> None:
    base, home = demo
    with Workspace(home / "peer") as peer:
        conf = Path(peer.setting("softhsm_conf"))
    assert conf == (home / "peer" / "tokens" / "softhsm2.conf").resolve()
    run = vanthu(base, home / "peer", "tokens", "--json")
    assert run.returncode == 0, run.stderr
    tokens = {t["label"]: t for m in json.loads(run.stdout)["modules"] for t in m["tokens"]}
    assert set(tokens) == {PEER_TOKEN}
    names = {c["common_name"] for c in tokens[PEER_TOKEN]["certificates"]}
    assert {"Phạm Thị Hồng Nhung", "Sở Y tế tỉnh Đắk Lắk"} <= names


def test_the_second_organisations_letters_arrive_signed_and_sealed(
    demo: tuple[Path, Path], tmp_path: Path
) -> None:
    """Its letters are approved by its director and issued by its clerk with its own token;
    the demo office's services verify them (the check stored when they arrived, and again
    offline with the cached CRLs), and so does poppler's pdfsig (the signatures' bytes)."""
    from app import signature_checks

    base, home = demo
    theirs = docs_of(home / "peer", direction=Direction.OUTGOING)
    assert {d.status for d in theirs} == {"sent"}
    with Workspace(home / "peer") as peer:  # sent because its signatures were checked valid
        for doc in theirs:
            actions = [(e.action, e.details) for e in DocumentService(peer).history(doc.id)]
            names = [a for a, _ in actions]
            assert names[:3] == ["draft", "sign", "issue"], names
            checked = [d for a, d in actions[: names.index("send")] if a == "signatures_checked"]
            assert checked[-1]["verdict"] == "valid"
            assert checked[-1]["file_sha256"] == doc.file_sha256
    notations = {d.notation for d in theirs}
    arrived = docs_of(home, direction=Direction.INCOMING, issuer=PEER_ID)
    arrived = [d for d in arrived if d.notation in notations]  # not the year's sample ones
    assert len(arrived) == len(theirs) == 3
    with Workspace(home) as ws:
        reports = [signature_checks.latest(ws, d.id) for d in arrived]
    for doc, report in zip(arrived, reports, strict=True):
        assert report is not None and report.file_sha256 == doc.file_sha256
        assert (report.verdict, report.signatures) == ("valid", 2), report.report
        assert doc.signer == "Phạm Thị Hồng Nhung" and "SYT" in doc.code_notation.split("-")
        assert doc.file_name == f"{fold(doc.code_notation).upper()}.pdf"  # no blank number
    letter = tmp_path / "letter.pdf"
    assert vanthu(base, home, "file", str(arrived[0].id), "-o", str(letter)).returncode == 0
    check = vanthu(base, home, "verify", str(letter), "--offline", "--json")
    report = json.loads(check.stdout)
    assert check.returncode == 0, report
    approval, issue = report["signatures"]
    assert (approval["field"], approval["signer"]) == ("PheDuyet1", "Phạm Thị Hồng Nhung")
    assert (issue["field"], issue["signer"]) == ("BanHanh1", "Sở Y tế tỉnh Đắk Lắk")
    for signature in (approval, issue):
        assert signature["verdict"] == "valid", signature["reasons"]
        assert signature["revocation"]["source"] == "cache"  # its CRL is the demo's too
    pdfsig = subprocess.run(["pdfsig", "-nocert", str(letter)], capture_output=True, text=True)
    assert pdfsig.stdout.count("Signature Validation: Signature is Valid.") == 2, pdfsig.stdout
    assert "Signer Certificate Common Name: Sở Y tế tỉnh Đắk Lắk" in pdfsig.stdout


def test_a_draft_signs_and_verifies_with_the_workspace_trust(
    demo: tuple[Path, Path], tmp_path: Path
) -> None:
    base, home = demo
    draft = docs_of(home, status="draft")[0]
    sign = vanthu(
        base, home, "sign", "--document", str(draft.id), "--role", "approve", "--token",
        OFFICIAL_TOKEN, "--pin-stdin", "--image",
        str(RESOURCES / "signatures" / "chu-ky-mau.png"), "--json",
        stdin=DEMO_PINS[OFFICIAL_TOKEN] + "\n",
    )  # fmt: skip
    assert sign.returncode == 0, sign.stderr
    out = tmp_path / "signed.pdf"
    assert vanthu(base, home, "file", str(draft.id), "-o", str(out)).returncode == 0
    check = vanthu(base, home, "verify", str(out), "--offline", "--json")
    report = json.loads(check.stdout)
    assert check.returncode == 0, report
    (signature,) = report["signatures"]
    assert signature["verdict"] == "valid", signature["reasons"]
    assert signature["signer"] == "Nguyễn Văn Hùng"
    assert signature["revocation"]["source"] == "cache"  # the demo's CRLs, offline
    assert [d.status for d in docs_of(home) if d.id == draft.id] == ["approved"]


def is_demo_child(process: psutil.Process) -> bool:
    """The axis (``-m sync.demo``) or the second organisation (``-m ui.demo_peer``)."""
    return bool({"sync.demo", "ui.demo_peer"} & set(process.cmdline()))


def test_serve_answers_what_we_send_and_stops_on_sigterm(
    demo: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, signature_checker: None
) -> None:
    base, home = demo
    monkeypatch.setenv("VANTHU_SECRET_STORE", "file")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--home", str(home), "demo", "--serve", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env_for(base),
        start_new_session=True,
    )  # fmt: skip
    try:
        line = process.stdout.readline()
        ready = json.loads(line)
        assert ready["axis"].startswith("http://127.0.0.1:") and ready["ready"]
        children = [psutil.Process(pid) for pid in ready["pids"]]
        again = vanthu(base, home, "demo", "--serve")  # one set of servers per demo
        assert again.returncode != 0 and "Traceback" not in again.stderr
        assert "in_use" in again.stderr, again.stderr
        assert len(children) == 2 and all(c.ppid() == process.pid for c in children)
        for child in children:  # listening on loopback only
            for conn in child.net_connections(kind="inet"):
                if conn.status == psutil.CONN_LISTEN:
                    assert conn.laddr.ip == "127.0.0.1"
        from sync.desk import ExchangeDesk

        with Workspace(home) as ws:
            assert ws.setting("axis_endpoint") == ready["axis"]
            issued = docs_of(home, status="issued")[0]  # issued, not sent yet
            desk = ExchangeDesk(ws)
            desk.send(issued.id, [PEER_ID])
            deadline, codes = time.monotonic() + 20, set()
            while time.monotonic() < deadline and not codes & {"02", "03"}:
                desk.sync_once()
                codes = {h["code"] for r in desk.recipients(issued.id) for h in r["history"]}
                time.sleep(0.3)
            assert codes & {"02", "03"}, codes  # the peer answered on its own
            desk.revoke(issued.id, "Văn bản sai thể thức, thu hồi để ban hành lại")
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and "15" not in codes:
                desk.sync_once()
                codes = {h["code"] for r in desk.recipients(issued.id) for h in r["history"]}
                time.sleep(0.3)
        assert "15" in codes, codes  # and agreed to the take-back
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=30)
    assert code == 0, process.stderr.read()[-2000:]
    for child in children:
        assert not child.is_running() or child.status() == psutil.STATUS_ZOMBIE


def test_the_window_runs_the_demo_servers_while_it_is_open(
    demo: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``gui`` wraps the window in, on the demo workspace (without Qt: the window itself
    has its own tests): the servers start before it opens and are gone when it closes."""
    from types import SimpleNamespace

    from ui.demo_cli import window_services

    _, home = demo
    monkeypatch.setenv("VANTHU_SECRET_STORE", "file")
    monkeypatch.delenv("SOFTHSM2_CONF", raising=False)  # restored after the test
    ctx = SimpleNamespace(home=home, args=SimpleNamespace(screenshot=None, no_demo_serve=False))
    me = psutil.Process()
    with window_services(ctx):
        children = [c for c in me.children() if is_demo_child(c)]
        assert len(children) == 2
        with Workspace(home) as ws:
            port = int(ws.setting("axis_endpoint").rsplit(":", 1)[1])
        listening = {c.laddr.port for c in children[0].net_connections(kind="inet")}
        listening |= {c.laddr.port for c in children[1].net_connections(kind="inet")}
        assert port in listening
    assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    ctx.args.screenshot = "window.png"  # a picture of the window starts nothing
    with window_services(ctx):
        assert not [c for c in me.children() if is_demo_child(c)]
