from __future__ import annotations

import datetime as dt
import sqlite3

from app.documents import DocumentService
from app.drafts import IncomingDraft
from app.store.history import events_for, verify_chain

TODAY = dt.date(2026, 11, 26)


def _register_three(documents: DocumentService) -> list[int]:
    ids = []
    for n in (1, 2, 3):
        draft = IncomingDraft.from_mapping(
            {
                "from_org_id": "000.00.00.G22",
                "from_org_name": "Văn phòng Chính phủ",
                "code_number": str(n),
                "code_notation": "TB-VPCP",
                "issued_date": "2026-11-20",
                "doc_type": "TB",
                "subject": f"Thông báo số {n} về lịch công tác",
            },
            today=TODAY,
        )
        ids.append(documents.register_incoming(draft).id)
    return ids


def test_every_change_appends_a_chained_event(documents: DocumentService):
    ids = _register_three(documents)
    documents.edit(ids[0], {"subject": "Thông báo kết luận"}, reason="sửa lỗi chính tả")
    documents.assign(ids[0], "Phòng Tổng hợp")
    documents.set_status(ids[0], "in_progress")
    documents.get(ids[0], record_view=True)
    documents.cancel(ids[1], "vào sổ nhầm")
    actions = [e.action for e in events_for(documents.conn, ids[0])]
    assert actions == ["register", "edit", "assign", "status", "view"]
    edit = events_for(documents.conn, ids[0])[1]
    assert edit.details["before"] == {"subject": "Thông báo số 1 về lịch công tác"}
    assert edit.details["after"] == {"subject": "Thông báo kết luận"}
    assert edit.details["reason"] == "sửa lỗi chính tả"
    assert edit.actor == "vanthu-test"
    report = verify_chain(documents.conn)
    assert report.ok and report.events == 1 + 3 + 5


def test_an_altered_event_is_named(documents: DocumentService, tamper: sqlite3.Connection):
    _register_three(documents)
    tamper.execute("UPDATE events SET details = replace(details, 'số 2', 'số 9') WHERE id = 3")
    report = verify_chain(documents.conn)
    assert (report.ok, report.first_broken, report.problem) == (False, 3, "hash_mismatch")


def test_a_changed_actor_or_time_is_detected(
    documents: DocumentService, tamper: sqlite3.Connection
):
    _register_three(documents)
    tamper.execute("UPDATE events SET actor = 'someone' WHERE id = 2")
    assert verify_chain(documents.conn).first_broken == 2
    tamper.execute("UPDATE events SET actor = 'vanthu-test' WHERE id = 2")
    assert verify_chain(documents.conn).ok
    tamper.execute("UPDATE events SET at = '2020-01-01T00:00:00+07:00' WHERE id = 4")
    assert verify_chain(documents.conn).first_broken == 4


def test_removed_events_are_detected_in_the_middle_and_at_the_end(
    documents: DocumentService, tamper: sqlite3.Connection
):
    _register_three(documents)
    tamper.execute("DELETE FROM events WHERE id = 2")
    report = verify_chain(documents.conn)
    assert (report.ok, report.first_broken, report.problem) == (False, 2, "missing_event")


def test_removing_the_newest_event_is_detected(
    documents: DocumentService, tamper: sqlite3.Connection
):
    _register_three(documents)
    tamper.execute("DELETE FROM events WHERE id = (SELECT max(id) FROM events)")
    report = verify_chain(documents.conn)
    assert not report.ok and report.first_broken == 4


def test_rewriting_an_event_and_its_hash_breaks_the_next_link(
    documents: DocumentService, tamper: sqlite3.Connection
):
    """Whoever recomputes one event's hash must recompute every later one."""
    _register_three(documents)
    prev = documents.conn.execute("SELECT hash FROM events WHERE id = 1").fetchone()[0]
    tamper.execute("UPDATE events SET actor = 'x' WHERE id = 2")
    from app.store.history import event_hash

    row = documents.conn.execute(
        "SELECT id, at, actor, action, document_id, details FROM events WHERE id = 2"
    ).fetchone()
    tamper.execute(
        "UPDATE events SET hash = ? WHERE id = 2", (event_hash(bytes(prev), *tuple(row)),)
    )
    report = verify_chain(documents.conn)
    assert (report.ok, report.first_broken) == (False, 3)
