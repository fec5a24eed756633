"""The whole demo, built without a window (``vanthu --home DIR demo``); no Qt here.

The window is the composition root: it alone may wire the registers (app/demo.py), the test
tokens and PKI (signing), and the exchange with a second organisation (sync) together:

1. the registers' year (app/demo.py), the workspace marked ``demo`` = "1";
2. the second organisation's workspace (``<home>/peer``);
3. the two SoftHSM tokens under a certomancer test PKI, and the second organisation's token
   in its own token folder (signing/demo_pki.py); both workspaces trust the PKI;
4. drafts waiting for the official; a few of them signed for real with the official's
   token (approved), some of those issued with the organisation's token (number, date,
   seal) and sent to the second organisation over the demo's local axis (a child process
   for the time of the build), which answers with statuses and sends letters of its own,
   signed and sealed with its token (a child process too: ui/demo_peer.py ``--letters``,
   since this one has SoftHSM loaded with the demo office's tokens); the demo office
   answers those too.

Few documents are signed for real (a fraction of a second each); the rest of the year is
filled as app/demo.py does."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.demo import build_demo
from app.demo_flow import (
    OFFICIAL,
    PEER_ID,
    PEER_NAME,
    PEER_OFFICIAL,
    add_drafts,
    create_peer,
    mark_demo,
)
from app.demo_tokens import DEMO_PINS, OFFICIAL_TOKEN, ORG_TOKEN
from app.workspace import Workspace
from resources import ROOT as RESOURCES

SIGNATURE = RESOURCES / "signatures" / "chu-ky-mau.png"
SEAL = RESOURCES / "seals" / "con-dau-mau.png"


@dataclass
class DemoPlan:
    drafts: int = 10  # drafts of the demo office, all made for the official to sign
    approved: int = 4  # of which the official signed (for real, with the token)
    issued: int = 3  # of which the clerk issued (numbered, sealed, organisation's signature)
    sent: int = 2  # of which sent to the second organisation
    peer_letters: int = 3  # letters the second organisation sends during the build
    rounds: int = 10  # the second organisation's rounds during the build


@dataclass
class FullDemo:
    home: Path
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step
    ids: dict[str, list[int]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"home": str(self.home), "steps": self.steps, "ids": self.ids}


def build_full_demo(
    home: Path,
    *,
    incoming: int = 240,
    outgoing: int = 120,
    progress: Callable[[int, int], None] | None = None,
    plan: DemoPlan | None = None,
    say: Callable[[str], None] | None = None,
) -> FullDemo:
    """Build the demo at ``home`` (the folder must not hold a workspace). Must run in a
    process that has not loaded SoftHSM yet (the demo's tokens have their own
    configuration)."""
    from signing import DemoPeer, Signer, SigningDesk, TokenModule, install_checks, make_demo_tokens
    from sync import ExchangeDesk, PeerRobot, peer_home, register_systems, serve_demo

    plan = plan or DemoPlan()
    tell = say or (lambda _text: None)
    result = FullDemo(Path(home))
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.steps[name] = round(now - clock, 2)
        clock = now

    install_checks()  # documents get their signatures checked (sending needs it)
    build_demo(home, incoming=incoming, outgoing=outgoing, progress=progress)
    step("registers")
    with Workspace(home) as ws, contextlib.ExitStack() as children:
        mark_demo(ws, tokens=[OFFICIAL_TOKEN, ORG_TOKEN], peer=PEER_ID)
        peer = create_peer(peer_home(home))
        peer.close()
        register_systems(home, _other_organisations())
        step("peer")
        tell("tokens")
        them = DemoPeer(peer_home(home), PEER_NAME, PEER_OFFICIAL)
        tokens = make_demo_tokens(ws, OFFICIAL, peer=them)
        letters = _start_peer_letters(home, plan.peer_letters)  # while ours are signed
        children.callback(_ended, letters)  # a build that fails leaves no process behind
        step("tokens")
        tell("drafts")
        drafts = add_drafts(ws, plan.drafts, to_peer=plan.issued)
        result.ids["drafts"] = [d.id for d in drafts]
        step("drafts")
        module = TokenModule.of(tokens.module)
        official = Signer(module, OFFICIAL_TOKEN, tokens.cka_ids[OFFICIAL_TOKEN])
        organisation = Signer(module, ORG_TOKEN, tokens.cka_ids[ORG_TOKEN])
        desk = SigningDesk(ws)
        tell("sign")
        chosen = [d.id for d in drafts[: plan.approved]]
        outcomes = desk.approve(chosen, official, DEMO_PINS[OFFICIAL_TOKEN], image=SIGNATURE)
        failed = [o for o in outcomes if o.status != "signed"]
        if failed:
            raise failed[0].error or RuntimeError(f"demo draft not signed: {failed[0]}")
        result.ids["approved"] = chosen
        issued = []
        for doc_id in chosen[: plan.issued]:
            done = desk.issue(doc_id, organisation, DEMO_PINS[ORG_TOKEN], seal=SEAL)
            issued.append(done.document.id)
        result.ids["issued"] = issued
        step("signing")
        tell("exchange")
        with serve_demo(home):
            ours = ExchangeDesk(ws)
            ours.refresh_directory()  # the recipients the window offers
            for doc_id in issued[: plan.sent]:
                ours.send(doc_id, [PEER_ID])
            result.ids["sent"] = issued[: plan.sent]
            _wait_for(letters, peer_home(home))  # issued and queued by the department
            robot = PeerRobot(peer_home(home))
            robot.desk.refresh_directory()
            try:
                ours.sync_once()  # ours leave
                robot.step(send=False)  # received (01), accepted or rejected, letters sent
                received = _answer_letters(ws, ours)
                result.ids["received"] = received
                for _ in range(plan.rounds):  # assigned, done…
                    robot.step(send=False)
                ours.sync_once()  # their statuses arrive
            finally:
                robot.close()
        step("exchange")
    return result


def _start_peer_letters(home: Path, count: int) -> subprocess.Popen[bytes]:
    """The second organisation issues ``count`` letters to the demo office with its token
    and queues them, in a process of its own (ui/demo_peer.py); it works in its own
    workspace, beside the build's."""
    from sync import peer_home

    env = {k: v for k, v in os.environ.items() if k != "SOFTHSM2_CONF"}  # its own tokens
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    args = ["--home", str(peer_home(home)), "--letters", str(count)]
    return subprocess.Popen(
        [sys.executable, "-m", "ui.demo_peer", *args],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip


def _ended(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.communicate()


def _wait_for(process: subprocess.Popen[bytes], peer: Path) -> None:
    from app.errors import StorageError

    _, err = process.communicate(timeout=600)
    if process.returncode != 0:
        tail = err.decode("utf-8", "replace").strip()[-500:]
        raise StorageError("not_started", path=str(peer), reason=tail)


def _other_organisations() -> list[tuple[str, str]]:
    """The organisations the demo's letters come from, as the axis's directory lists them."""
    from app.demo import ORG_ID
    from app.sample_data import ISSUERS

    return [(organ_id, name) for organ_id, name, _ in ISSUERS if organ_id not in (ORG_ID, PEER_ID)]


def _answer_letters(ws: Workspace, ours: Any) -> list[int]:
    """Take in the second organisation's letters and answer them: the first accepted and
    assigned, the second accepted, the rest left for the user."""
    from app.documents import DocumentService
    from app.model import Direction
    from app.search import SearchFilters

    ours.sync_once()
    docs = DocumentService(ws)
    found, _ = docs.list(SearchFilters(direction=Direction.INCOMING, issuer=PEER_ID), limit=50)
    letters = sorted(d.id for d in found)
    for n, doc_id in enumerate(letters[:2]):
        ours.answer(doc_id, "03")
        if n == 0:
            docs.assign(doc_id, "Phòng Khoa giáo - Văn xã")
            ours.answer(doc_id, "04", "Giao Phòng Khoa giáo - Văn xã tham mưu")
    return letters


__all__ = ["DemoPlan", "FullDemo", "build_full_demo"]
