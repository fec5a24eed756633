"""The demo's second organisation sends its letters as any office does: only signed. A
letter its issuer hands over unsigned (a bare draft here) is refused by the exchange's own
check, nothing is queued for the axis (the signed path runs in test_demo_serve.py, with its
real token)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.demo_flow import PEER_OFFICIAL, PEER_POSITION, create_peer, peer_draft
from app.documents import DocumentService
from app.errors import StateError
from app.workspace import Workspace
from sync.demo_peer import PeerRobot


def test_an_unsigned_letter_is_refused_not_sent(tmp_path: Path, signature_checker: None) -> None:
    home = tmp_path / "peer"
    create_peer(home).close()
    handed: list[int] = []

    def unsigned(ws: Workspace, n: int):
        doc = peer_draft(ws, n)
        handed.append(doc.id)
        return doc

    robot = PeerRobot(home, issue_letter=unsigned)
    try:
        with pytest.raises(StateError) as refused:
            robot.send_letter()
    finally:
        robot.close()
    assert refused.value.problem == "not_signed"
    assert refused.value.data["verdict"] == "unsigned"
    with Workspace(home) as ws:
        (doc_id,) = handed
        doc = DocumentService(ws).get(doc_id)
        actions = [e.action for e in DocumentService(ws).history(doc_id)]
    assert "send" not in actions and doc.status == "draft"
    assert (doc.signer, doc.position) == (PEER_OFFICIAL, PEER_POSITION)


def test_without_an_issuer_the_robot_sends_nothing_of_its_own(tmp_path: Path) -> None:
    home = tmp_path / "peer"
    create_peer(home).close()
    robot = PeerRobot(home)
    try:
        with pytest.raises(RuntimeError):
            robot.send_letter()
    finally:
        robot.close()


def test_the_robot_writes_soon_after_it_starts_then_now_and_then():
    from sync.demo_peer import FIRST_LETTER, SEND_EVERY, letter_due

    rounds = [n for n in range(1, 3 * SEND_EVERY + FIRST_LETTER + 1) if letter_due(n)]
    assert rounds == [FIRST_LETTER + k * SEND_EVERY for k in range(4)]
    assert FIRST_LETTER * 1.5 <= 60  # seconds, at the robot's 1.5 s rounds: within a minute
    assert SEND_EVERY * 1.5 >= 240  # then not more than one every four minutes
