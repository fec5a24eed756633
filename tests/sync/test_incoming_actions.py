"""The clerk's incoming actions and the sender's requests, between two desks through the local
axis (its own process on 127.0.0.1): each action changes the register and queues its status
(03, 02 with the reason, 04, 05, 06) in one write, and the sender reads it; a take-back,
update or replacement waits for 15 or 16, and 16 to a take-back keeps the document."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.documents import DocumentService
from app.drafts import OutgoingDraft
from app.errors import InvalidInput, StateError
from app.store.history import verify_chain
from app.workspace import Workspace
from sync.exchange import ExchangeService
from sync.incoming import IncomingActions, sender_request
from tests.conftest import make_pdf
from tests.sync.axis_server import SYSTEM_A, SYSTEM_B, AxisProcess, running_axis


@pytest.fixture
def axis(tmp_path: Path):
    with running_axis(tmp_path) as server:
        yield server


def _desk(tmp_path: Path, name: str, system) -> Workspace:
    ws = Workspace.create(tmp_path / name, system[2], system[3], "UBND")
    ws.set_settings({"axis_retry_base_seconds": "0"}, test="no back-off")
    return ws


def _outgoing(ws: Workspace, tmp_path: Path, subject: str) -> int:
    pdf = make_pdf(tmp_path / f"{abs(hash(subject))}.pdf", ["CÔNG VĂN", subject])
    draft = OutgoingDraft.build(doc_type_value="CV", subject=subject, unit="VP", file=pdf)
    return DocumentService(ws).register_outgoing(draft).id


def _received(ws: Workspace, subject: str):
    from app.model import Direction
    from app.search import SearchFilters

    docs, _ = DocumentService(ws).list(SearchFilters(direction=Direction.INCOMING), limit=100)
    return next(d for d in docs if d.subject == subject)


def _latest(sa: ExchangeService, document_id: int) -> dict:
    [recipient] = sa.recipients(document_id)
    return recipient["history"][-1]


def test_actions_change_the_register_and_answer_the_sender(axis: AxisProcess, tmp_path: Path):
    a, b = _desk(tmp_path, "a", SYSTEM_A), _desk(tmp_path, "b", SYSTEM_B)
    sa = ExchangeService(a, axis.client(SYSTEM_A), rng=random.Random(1))
    sb = ExchangeService(b, axis.client(SYSTEM_B), rng=random.Random(2))
    subjects = ["V/v tiếp nhận", "V/v trả lại", "V/v phân công"]
    sent = {s: _outgoing(a, tmp_path, s) for s in subjects}
    for doc_id in sent.values():
        sa.send(doc_id, [SYSTEM_B[2]], allow_unsigned=True)
    sa.run_once()
    assert sb.run_once().received == 3
    actions = IncomingActions(b)

    accepted = _received(b, "V/v tiếp nhận")
    assert actions.sender_of(accepted.id) == SYSTEM_A[2]
    assert actions.accept(accepted.id).status == "registered"
    rejected = _received(b, "V/v trả lại")
    with pytest.raises(InvalidInput):
        actions.reject(rejected.id, "  ")  # the sender must read why
    assert actions.reject(rejected.id, "Không thuộc thẩm quyền").status == "returned"
    assigned = _received(b, "V/v phân công")
    doc = actions.assign(assigned.id, "Phòng Tổng hợp", due_date="2027-01-15")
    assert (doc.status, doc.assignee, doc.due_date) == ("assigned", "Phòng Tổng hợp", "2027-01-15")
    assert actions.start(assigned.id).status == "in_progress"
    assert actions.finish(assigned.id).status == "done"

    sb.run_once()
    sa.run_once()
    assert _latest(sa, sent["V/v tiếp nhận"])["code"] == "03"
    assert _latest(sa, sent["V/v trả lại"]) | {"at": ""} == {
        "code": "02", "description": "Không thuộc thẩm quyền", "at": ""
    }  # fmt: skip
    codes = [h["code"] for h in sa.recipients(sent["V/v phân công"])[0]["history"]]
    assert codes == ["01", "04", "05", "06"]
    assert sa.recipients(sent["V/v phân công"])[0]["history"][1]["description"] == (
        "Phòng Tổng hợp"
    )

    # a document registered by hand has nobody to tell: no 03, but the other actions work
    hand = DocumentService(b).import_incoming(
        [(1, {"from_org_id": "000.00.00.G18", "from_org_name": "Bộ Y tế", "code_number": "7",
              "code_notation": "BYT-KCB", "issued_date": "2026-11-20", "doc_type": "CV",
              "subject": "V/v giấy"})]
    )  # fmt: skip
    [hand_id] = hand.documents
    assert actions.sender_of(hand_id) is None
    with pytest.raises(StateError) as refused:
        actions.accept(hand_id)
    assert refused.value.problem == "not_received"
    waiting = len(sb.outbox())
    assert actions.start(hand_id).status == "in_progress"
    assert len(sb.outbox()) == waiting  # nothing queued for nobody
    with pytest.raises(StateError):  # outgoing documents are not answered
        IncomingActions(a).start(sent["V/v tiếp nhận"])
    assert verify_chain(b.conn).ok
    a.close()
    b.close()


def test_revoke_update_and_replace_wait_for_15_or_16(axis: AxisProcess, tmp_path: Path):
    a, b = _desk(tmp_path, "a", SYSTEM_A), _desk(tmp_path, "b", SYSTEM_B)
    sa = ExchangeService(a, axis.client(SYSTEM_A), rng=random.Random(1))
    sb = ExchangeService(b, axis.client(SYSTEM_B), rng=random.Random(2))
    first = _outgoing(a, tmp_path, "V/v lịch tiếp dân")
    second = _outgoing(a, tmp_path, "V/v họp giao ban")
    for doc_id in (first, second):
        sa.send(doc_id, [SYSTEM_B[2]], allow_unsigned=True)
    sa.run_once()
    sb.run_once()
    actions = IncomingActions(b)
    one, two = _received(b, "V/v lịch tiếp dân"), _received(b, "V/v họp giao ban")
    assert actions.request(one.id) is None
    with pytest.raises(StateError):
        actions.answer_request(one.id, True)
    actions.assign(one.id, "Phòng Tiếp dân")

    # a take-back: the copy is cancelled on arrival, and waits for an answer
    sa.revoke(first, "Ban hành nhầm")
    sa.run_once()
    sb.run_once()
    request = actions.request(one.id)
    assert request is not None and request.waiting
    assert (request.kind, request.reason, request.from_org) == (
        "revoke", "Ban hành nhầm", SYSTEM_A[2]
    )  # fmt: skip
    assert DocumentService(b).get(one.id).cancelled
    with pytest.raises(InvalidInput):
        actions.answer_request(one.id, False, "")  # disagreeing says why
    answered = actions.answer_request(one.id, False, "Văn bản đã được triển khai")
    assert answered.answer == "16" and not answered.waiting
    kept = DocumentService(b).get(one.id)
    assert not kept.cancelled and kept.status == "assigned"  # back as it was
    with pytest.raises(StateError):
        actions.answer_request(one.id, True)  # answered once

    # an update: applied, then agreed
    DocumentService(a).edit(second, {"subject": "V/v họp giao ban tháng 12"})
    sa.send(second, [SYSTEM_B[2]], allow_unsigned=True, business=2, reason="Sửa trích yếu")
    sa.run_once()
    sb.run_once()
    update = actions.request(two.id)
    assert update is not None and (update.kind, update.reason) == ("update", "Sửa trích yếu")
    assert actions.answer_request(two.id, True).answer == "15"

    # a replacement: the new document carries the request; 16 keeps the old one
    third = _outgoing(a, tmp_path, "V/v họp giao ban (thay thế)")
    sa.send(third, [SYSTEM_B[2]], allow_unsigned=True, business=3, replaces=second,
            reason="Đổi ngày họp")  # fmt: skip
    sa.run_once()
    sb.run_once()
    new = _received(b, "V/v họp giao ban (thay thế)")
    replace = actions.request(new.id)
    assert replace is not None and replace.kind == "replace" and replace.replaces == (two.id,)
    assert DocumentService(b).get(two.id).cancelled
    actions.answer_request(new.id, False, "Chưa thống nhất ngày họp")
    assert not DocumentService(b).get(two.id).cancelled

    sb.run_once()
    sa.run_once()
    assert _latest(sa, first)["code"] == "16"
    assert _latest(sa, first)["description"] == "Văn bản đã được triển khai"
    assert _latest(sa, second)["code"] == "15"
    assert _latest(sa, third)["code"] == "16"
    # the request is read from the history: the same answer from the events alone
    assert sender_request(DocumentService(b).history(one.id)).answer == "16"
    assert verify_chain(b.conn).ok
    a.close()
    b.close()


def test_the_command_line_face(tmp_path: Path):
    """``vanthu handle`` and ``vanthu respond`` do what the window does (a separate process)."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    home = tmp_path / "ws"
    ws = Workspace.create(home, SYSTEM_B[2], SYSTEM_B[3], "UBND")
    report = DocumentService(ws).import_incoming(
        [(1, {"from_org_id": "000.00.00.G18", "from_org_name": "Bộ Y tế", "code_number": "12",
              "code_notation": "BYT-KCB", "issued_date": "2026-11-20", "doc_type": "CV",
              "subject": "V/v khám sức khỏe định kỳ"})]
    )  # fmt: skip
    [document_id] = report.documents
    ws.close()

    def vanthu(*args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi",
               "VANTHU_HOME": str(home)}  # fmt: skip
        return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True,
                              text=True, env=env)  # fmt: skip

    run = vanthu("handle", str(document_id), "assign", "--to", "Phòng Nghiệp vụ", "--due",
                 "2027-01-10", "--json")  # fmt: skip
    assert run.returncode == 0, run.stderr
    said = json.loads(run.stdout)
    assert said["status"] == "assigned" and said["due_date"] == "2027-01-10"
    assert said["assignee"] == "Phòng Nghiệp vụ" and said["sender"] is None
    run = vanthu("handle", str(document_id), "accept")
    assert run.returncode != 0 and "không nhận qua Trục" in run.stderr
    run = vanthu("respond", str(document_id), "--agree")
    assert run.returncode != 0 and "không có yêu cầu" in run.stderr
    run = vanthu("handle", str(document_id), "finish", "--json")
    assert run.returncode == 0 and json.loads(run.stdout)["status"] == "done"
