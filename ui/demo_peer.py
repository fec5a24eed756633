"""The demo's second organisation at work, as a process of its own (``python -m ui.demo_peer
--home DIR``): the composition root that gives the exchange room's robot (sync/demo_peer.py)
the signing room's services (no Qt here):

- the peer workspace's token settings are applied before SoftHSM is loaded: its token
  ("VanThu Demo Peer") is in its own token folder, which a process reads once;
- signature checks are installed: a letter leaves only when its signatures verify;
- ``PeerLetters`` issues each letter as the demo office issues its own: a draft
  (app/demo_flow.py ``peer_draft``) approved with the director's key, then issued with the
  organisation's (SigningDesk.issue: the next number of the department's register, the date,
  the department's seal), both keys on the department's token.

``serve_demo`` starts it with ``--interval`` (rounds until SIGTERM); the demo's build, whose
own process has SoftHSM loaded with the demo office's tokens, runs it with ``--letters N``
(issue and queue N letters, then end)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from app.demo_tokens import DEMO_PINS, PEER_KEYS, PEER_TOKEN
from app.model import Document
from app.workspace import Workspace
from resources import ROOT as RESOURCES

SIGNATURE = RESOURCES / "signatures" / "chu-ky-mau.png"  # the director's (a sample)
SEAL = RESOURCES / "seals" / "con-dau-mau-so-y-te.png"  # the department's (a sample)


class PeerLetters:
    """The department's letters, approved and issued with its token (a ``LetterIssuer``)."""

    def __init__(self, modules: Sequence[str] = (), *, seed: int = 7) -> None:
        from signing import Signer, module_with

        module = module_with(PEER_TOKEN, modules)
        self.director = Signer(module, PEER_TOKEN, PEER_KEYS["official"])
        self.organisation = Signer(module, PEER_TOKEN, PEER_KEYS["org"])
        self.seed = seed

    def __call__(self, ws: Workspace, n: int) -> Document:
        from app.demo_flow import peer_draft
        from app.errors import StateError
        from signing import SigningDesk

        draft = peer_draft(ws, n, seed=self.seed)
        desk = SigningDesk(ws)
        pin = DEMO_PINS[PEER_TOKEN]  # a test token's, printed in the README
        (approved,) = desk.approve([draft.id], self.director, pin, image=SIGNATURE)
        if approved.status != "signed":
            raise approved.error or StateError("not_signed", document_id=draft.id)
        return desk.issue(draft.id, self.organisation, pin, seal=SEAL).document


def peer_letters(ws: Workspace) -> PeerLetters | None:
    """The department's letters, its token settings applied to this process first; None when
    its workspace has no token (a demo built before it had one: it then sends nothing)."""
    from signing import use_workspace_tokens

    applied = use_workspace_tokens(ws)
    if not applied.softhsm_conf:
        return None
    return PeerLetters(applied.modules)


def main(argv: Sequence[str] | None = None) -> int:
    from signing import install_checks
    from sync import ROBOT_INTERVAL, PeerRobot, run_robot, watch_parent

    parser = argparse.ArgumentParser(prog="python -m ui.demo_peer")
    parser.add_argument("--home", required=True, help="the second organisation's workspace")
    parser.add_argument("--interval", type=float, default=ROBOT_INTERVAL)
    parser.add_argument("--letters", type=int, default=0, help="issue and queue N, then end")
    args = parser.parse_args(argv)
    home = Path(args.home)
    install_checks()  # sending checks the signatures
    with Workspace(home) as ws:
        letters = peer_letters(ws)
    if letters is None:
        print("vanthu demo peer: no token, no letters of its own", file=sys.stderr, flush=True)
    if args.letters:
        if letters is None:
            return 2
        robot = PeerRobot(home, issue_letter=letters)
        try:
            for _ in range(args.letters):
                robot.send_letter()
        finally:
            robot.close()
        return 0
    watch_parent()
    return run_robot(home, interval=args.interval, issue_letter=letters)


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["PeerLetters", "main", "peer_letters"]
