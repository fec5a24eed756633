"""Deadline reminders: the incoming documents due within N days or overdue, not finished,
earliest first, from the store (app.deadlines over app/store/deadlines.py)."""

from __future__ import annotations

import datetime as dt

from app.deadlines import due_documents
from app.documents import DocumentService
from app.drafts import OutgoingDraft
from tests.conftest import NOW


def _incoming(documents: DocumentService, n: int) -> list[int]:
    lines = [
        (i, {"from_org_id": "000.00.00.G22", "from_org_name": "Văn phòng Chính phủ",
             "code_number": str(i), "code_notation": "VPCP-KGVX", "issued_date": "2026-11-20",
             "doc_type": "CV", "subject": f"V/v việc số {i}"})
        for i in range(1, n + 1)
    ]  # fmt: skip
    documents.import_incoming(lines)
    from app.model import Direction
    from app.search import SearchFilters

    docs, _ = documents.list(SearchFilters(direction=Direction.INCOMING), limit=100)
    return sorted(d.id for d in docs)


def test_due_and_overdue_documents_earliest_first(workspace, documents: DocumentService):
    today = NOW.date()
    ids = _incoming(documents, 7)
    day = lambda n: (today + dt.timedelta(days=n)).isoformat()  # noqa: E731
    documents.assign(ids[0], "Phòng Tổng hợp", due_date=day(-2))  # overdue
    documents.assign(ids[1], "Phòng Kinh tế", due_date=day(0))  # due today
    documents.assign(ids[2], "Phòng Nội chính", due_date=day(3))  # the last day of the window
    documents.assign(ids[3], "Phòng Tổng hợp", due_date=day(4))  # beyond the window
    documents.assign(ids[4], "Phòng Tổng hợp", due_date=day(-5))
    documents.set_status(ids[4], "done")  # finished: no reminder
    documents.assign(ids[5], "Phòng Tổng hợp", due_date=day(1))
    documents.cancel(ids[5], "Vào sổ nhầm")  # cancelled: no reminder
    # ids[6] has no deadline; an outgoing document with a due date is not a reminder either
    documents.register_outgoing(OutgoingDraft.build(doc_type_value="CV", unit="VP",
                                                    subject="V/v báo cáo"))  # fmt: skip

    report = due_documents(workspace, 3)
    assert report.today == today.isoformat() and report.days == 3
    assert [d.id for d in report.documents] == [ids[0], ids[1], ids[2]]
    assert [d.days_left for d in report.documents] == [-2, 0, 3]
    assert [d.overdue for d in report.documents] == [True, False, False]
    assert report.overdue == 1 and report.due_soon == 2
    first = report.documents[0]
    assert first.assignee == "Phòng Tổng hợp" and first.notation == "01/VPCP-KGVX"
    assert first.status == "assigned" and first.subject == "V/v việc số 1"

    # a week later everything still open is overdue; with 0 days only the past and today
    later = due_documents(workspace, 0, today=today + dt.timedelta(days=7))
    assert [d.id for d in later.documents] == [ids[0], ids[1], ids[2], ids[3]]
    assert later.overdue == 4
    assert due_documents(workspace, 0).overdue == 1
    assert [d.id for d in due_documents(workspace, 0).documents] == [ids[0], ids[1]]


def test_an_empty_register_has_nothing_due(workspace):
    report = due_documents(workspace, 3)
    assert report.documents == () and report.overdue == 0 and report.due_soon == 0
