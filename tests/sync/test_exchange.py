"""Two desks (two workspaces) exchange documents through the local axis running as its own
process on 127.0.0.1: send, statuses 01→06, reject, revoke with 15, update, replace, and the
transactional outbox/inbox through faults."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from app.documents import DocumentService
from app.drafts import OutgoingDraft
from app.errors import InvalidInput, StateError
from app.workspace import Workspace
from sync.exchange import ExchangeService
from tests.conftest import make_pdf
from tests.sync.axis_server import SYSTEM_A, SYSTEM_B, AxisProcess, running_axis


@pytest.fixture
def axis(tmp_path: Path):
    with running_axis(tmp_path) as server:
        yield server


def _desk(tmp_path: Path, name: str, system: tuple[str, str, str, str]) -> Workspace:
    ws = Workspace.create(tmp_path / name, system[2], system[3], "UBND")
    ws.set_settings({"axis_retry_base_seconds": "0"}, test="no back-off")
    return ws


def _service(ws: Workspace, axis: AxisProcess, system) -> ExchangeService:
    return ExchangeService(ws, axis.client(system), rng=random.Random(3))


def _outgoing(ws: Workspace, tmp_path: Path, subject: str) -> int:
    pdf = make_pdf(tmp_path / f"{abs(hash(subject))}.pdf", ["CÔNG VĂN", subject])
    draft = OutgoingDraft.build(
        doc_type_value="CV",
        subject=subject,
        unit="VP",
        file=pdf,
        signer="Nguyễn Văn A",
        position="Chủ tịch",
    )
    return DocumentService(ws).register_outgoing(draft).id


def _incoming(ws: Workspace) -> list:
    from app.model import Direction
    from app.search import SearchFilters

    docs, _ = DocumentService(ws).list(SearchFilters(direction=Direction.INCOMING), limit=100)
    return docs


def test_send_statuses_reject_revoke_update_replace(axis: AxisProcess, tmp_path: Path):
    a, b = _desk(tmp_path, "a", SYSTEM_A), _desk(tmp_path, "b", SYSTEM_B)
    sa, sb = _service(a, axis, SYSTEM_A), _service(b, axis, SYSTEM_B)
    org_b = SYSTEM_B[2]

    first = _outgoing(a, tmp_path, "V/v triển khai chuyển đổi số")
    sa.send(first, [org_b], allow_unsigned=True)
    assert sa.run_once().sent == 1
    got = sb.run_once()
    assert got.received == 1
    [incoming] = _incoming(b)
    sent_doc = DocumentService(a).get(first)
    assert incoming.document_key == sent_doc.document_key
    assert incoming.subject == sent_doc.subject and incoming.issuer_id == SYSTEM_A[2]
    assert b.blobs.path_for(incoming.file_sha256).read_bytes() == (
        a.blobs.path_for(sent_doc.file_sha256).read_bytes()
    )
    sb.run_once()  # status 01 goes out automatically
    sa.run_once()
    assert [r["latest"] for r in sa.recipients(first)] == ["01"]

    for code in ("03", "04", "05", "06"):
        sb.answer(incoming.id, code)
    sb.run_once()
    sa.run_once()
    [recipient] = sa.recipients(first)
    assert recipient["latest"] == "06"
    assert [h["code"] for h in recipient["history"]] == ["01", "03", "04", "05", "06"]

    # reject: a reason is required
    second = _outgoing(a, tmp_path, "V/v gửi nhầm nơi nhận")
    sa.send(second, [org_b], allow_unsigned=True)
    sa.run_once()
    sb.run_once()
    rejected = next(d for d in _incoming(b) if d.subject == "V/v gửi nhầm nơi nhận")
    with pytest.raises(InvalidInput):
        sb.answer(rejected.id, "02")
    sb.answer(rejected.id, "02", "Không thuộc thẩm quyền")
    sb.run_once()
    sa.run_once()
    assert sa.recipients(second)[0]["latest"] == "02"
    assert sa.recipients(second)[0]["history"][-1]["description"] == "Không thuộc thẩm quyền"

    # revoke: the receiver's copy is cancelled, and it answers 15
    sa.revoke(second, "Ban hành nhầm")
    sa.run_once()
    sb.run_once()
    assert DocumentService(b).get(rejected.id).cancelled
    sb.answer(rejected.id, "15", "Đồng ý thu hồi")
    sb.run_once()
    sa.run_once()
    assert sa.recipients(second)[0]["latest"] == "15"

    # update: the same document, corrected
    DocumentService(a).edit(first, {"subject": "V/v triển khai chuyển đổi số (sửa đổi)"})
    sa.send(first, [org_b], allow_unsigned=True, business=2, reason="Sửa trích yếu")
    sa.run_once()
    sb.run_once()
    assert DocumentService(b).get(incoming.id).subject.endswith("(sửa đổi)")
    assert len(_incoming(b)) == 2  # applied to the right document, not registered again

    # replace: a new document takes the place of the first
    third = _outgoing(a, tmp_path, "V/v triển khai chuyển đổi số (thay thế)")
    with pytest.raises(InvalidInput):
        sa.send(third, [org_b], allow_unsigned=True, business=3, replaces=first)
    sa.send(third, [org_b], allow_unsigned=True, business=3, replaces=first, reason="Thay thế")
    assert sa.run_once().sent == 1
    replaced = sb.run_once()
    assert replaced.received == 1, replaced
    assert len(_incoming(b)) == 3
    assert DocumentService(b).get(incoming.id).cancelled

    # nothing left anywhere, and both histories are intact
    for ws in (a, b):
        assert ws.conn.execute("SELECT count(*) FROM outbox WHERE state != 'sent'").fetchone()[
            0
        ] in (0, 1)
        from app.store.history import verify_chain

        assert verify_chain(ws.conn).ok


def test_state_secret_and_unsigned_documents_are_not_sent(axis: AxisProcess, tmp_path: Path):
    a = _desk(tmp_path, "a", SYSTEM_A)
    sa = _service(a, axis, SYSTEM_A)
    doc = _outgoing(a, tmp_path, "V/v tài liệu thường")
    with pytest.raises(StateError) as caught:
        sa.send(doc, [SYSTEM_B[2]])  # no signature at all
    assert caught.value.problem == "not_signed"
    DocumentService(a).edit(doc, {"confidentiality": 1})
    with pytest.raises(StateError) as caught:
        sa.send(doc, [SYSTEM_B[2]], allow_unsigned=True)
    assert caught.value.problem == "secret_not_sendable"
    assert a.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0


def test_a_flaky_axis_delivers_everything_exactly_once(tmp_path: Path):
    faults = ("--fail-rate", "0.3", "--drop-after-receive", "0.3", "--seed", "11")
    with running_axis(tmp_path, *faults) as server:
        a, b = _desk(tmp_path, "a", SYSTEM_A), _desk(tmp_path, "b", SYSTEM_B)
        sa, sb = _service(a, server, SYSTEM_A), _service(b, server, SYSTEM_B)
        ids = [_outgoing(a, tmp_path, f"V/v báo cáo số {i}") for i in range(8)]
        for doc in ids:
            sa.send(doc, [SYSTEM_B[2]], allow_unsigned=True)
        for _ in range(60):
            for ws in (a, b):  # every waiting package is due now
                ws.write(lambda c: c.execute("UPDATE outbox SET next_try_at = '2000-01-01'"))
            sa.run_once()
            sb.run_once()
            done = (
                len(_incoming(b)) == len(ids)
                and not sa.conn.execute("SELECT 1 FROM outbox WHERE state = 'pending'").fetchone()
                and not sb.conn.execute("SELECT 1 FROM outbox WHERE state = 'pending'").fetchone()
                and a.conn.execute("SELECT count(*) FROM recipient_status").fetchone()[0]
                >= len(ids)
            )
            if done:
                break
        keys = sorted(d.document_key for d in _incoming(b))
        assert len(keys) == len(ids) == len(set(keys))  # each once, none lost
        statuses = a.conn.execute(
            "SELECT document_id, count(*) FROM recipient_status WHERE status_code = '01'"
            " GROUP BY document_id"
        ).fetchall()
        assert len(statuses) == len(ids) and all(n == 1 for _, n in statuses)  # applied once


def test_the_directory_is_cached_and_found_without_diacritics(axis: AxisProcess, tmp_path: Path):
    from sync.store import directory

    a = _desk(tmp_path, "a", SYSTEM_A)
    agencies = axis.client(SYSTEM_A).get_agencies()
    assert a.write(lambda conn: directory.replace_all(conn, agencies)) >= 2
    found = directory.search(a.conn, "van phong chinh phu")
    assert found and found[0].organ_id == SYSTEM_B[2]
    assert directory.search(a.conn, "000.00.00.G2")[0].organ_id == SYSTEM_B[2]


def test_before_typing_the_organisations_most_sent_to_come_first(tmp_path: Path):
    from sync.store import directory

    a = _desk(tmp_path, "a", SYSTEM_A)
    agencies = [directory.Agency(f"000.00.{n:02d}.H29", f"Sở số {n:02d}", "") for n in range(40)]
    a.write(lambda conn: directory.replace_all(conn, agencies))
    doc = _outgoing(a, tmp_path, "V/v thử danh bạ")
    other = _outgoing(a, tmp_path, "V/v thử danh bạ lần hai")

    def answered(conn, document_id: int, organ_id: str) -> None:
        conn.execute(
            "INSERT INTO recipient_status (document_id, organ_id, status_code, at)"
            " VALUES (?, ?, '01', '2026-12-05T08:00:00+07:00')",
            (document_id, organ_id),
        )

    a.write(lambda conn: [answered(conn, d, "000.00.33.H29") for d in (doc, other)])
    a.write(lambda conn: answered(conn, doc, "000.00.21.H29"))
    first = directory.frequent(a.conn, 20)
    assert [g.organ_id for g in first[:3]] == ["000.00.33.H29", "000.00.21.H29", "000.00.00.H29"]
    assert len(first) == 20  # then the directory by name, as many as asked
    from sync.desk import ExchangeDesk

    assert ExchangeDesk(a).search_directory("  ", 5) == first[:5]


def test_retry_delays_grow_and_stop(tmp_path: Path):
    from sync.store.outbox import RetryPolicy

    policy = RetryPolicy(base_seconds=10, factor=2, cap_seconds=100, max_attempts=5, jitter=0)
    assert [policy.delay(n) for n in range(1, 7)] == [10, 20, 40, 80, 100, 100]
    jittery = RetryPolicy(base_seconds=10, jitter=0.5)
    rng = random.Random(1)
    delays = {round(jittery.delay(1, rng), 3) for _ in range(20)}
    assert len(delays) > 10 and all(5 <= d <= 15 for d in delays)


def test_a_package_delivered_twice_is_registered_once(axis: AxisProcess, tmp_path: Path):
    import sqlite3

    a, b = _desk(tmp_path, "a", SYSTEM_A), _desk(tmp_path, "b", SYSTEM_B)
    sa, sb = _service(a, axis, SYSTEM_A), _service(b, axis, SYSTEM_B)
    doc = _outgoing(a, tmp_path, "V/v giao nhận hai lần")
    sa.send(doc, [SYSTEM_B[2]], allow_unsigned=True)
    sa.run_once()
    assert sb.run_once().received == 1
    # the axis forgets the acknowledgement and delivers the same package again
    db = sqlite3.connect(axis.data / "axis.db")
    with db:
        db.execute("UPDATE deliveries SET status = 'pending'")
    db.close()
    again = sb.run_once()
    assert (again.received, again.duplicates) == (0, 1)
    assert len(_incoming(b)) == 1
    assert axis.client(SYSTEM_B).get_received_list("edoc") == []


def test_a_package_that_cannot_be_read_is_quarantined_and_refused(axis: AxisProcess, tmp_path):
    b = _desk(tmp_path, "b", SYSTEM_B)
    sb = _service(b, axis, SYSTEM_B)
    garbage = tmp_path / "hong.edxml"
    garbage.write_bytes(b"<edXML><not-really/>" + b"x" * 100)
    axis.client(SYSTEM_A).send_edoc(garbage, to=[SYSTEM_B[2]])
    report = sb.run_once()
    assert (report.received, report.quarantined) == (0, 1)
    [kept] = list((b.paths.home / "quarantine").iterdir())
    assert kept.read_bytes() == garbage.read_bytes()  # the raw bytes, as they came
    row = b.conn.execute("SELECT state, acked FROM inbox").fetchone()
    assert (row["state"], row["acked"]) == ("quarantined", "fail")
    assert axis.client(SYSTEM_B).get_received_list("edoc") == []
    assert _incoming(b) == []
