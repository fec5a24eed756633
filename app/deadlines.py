"""Reminders of deadlines (hạn xử lý): the incoming documents due within a few days, and those
already overdue, that nobody has finished yet. Qt-free; the window shows them as a notice
when it opens and as the "Sắp đến hạn" section of the Incoming view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.clock import vn_now
from app.model import DocumentCode
from app.store.deadlines import due_by

# statuses that need no reminder: the work is finished or sent back
FINISHED = ("done", "returned", "cancelled")
DEFAULT_DAYS = 3


@dataclass(frozen=True)
class DueDocument:
    id: int
    number: int
    year: int
    notation: str
    subject: str
    issuer: str
    due_date: str  # YYYY-MM-DD
    status: str
    assignee: str
    urgency: int
    days_left: int  # negative: overdue by that many days; 0: due today

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True)
class DueReport:
    today: str
    days: int
    documents: tuple[DueDocument, ...]

    @property
    def overdue(self) -> int:
        return sum(1 for d in self.documents if d.overdue)

    @property
    def due_soon(self) -> int:
        return len(self.documents) - self.overdue


def due_documents(
    workspace: Any, days: int = DEFAULT_DAYS, *, today: dt.date | None = None, limit: int = 500
) -> DueReport:
    """Incoming documents not finished whose deadline is within ``days`` days of ``today``
    (the workspace's clock by default) or already past, the earliest deadline first."""
    days = max(int(days), 0)
    today = today or vn_now(workspace.clock).date()
    until = (today + dt.timedelta(days=days)).isoformat()
    rows = due_by(workspace.conn, until, FINISHED, limit)
    documents = tuple(
        DueDocument(
            id=r["id"],
            number=r["number"],
            year=r["year"],
            notation=str(DocumentCode(r["code_number"], r["code_notation"])),
            subject=r["subject"],
            issuer=r["issuer_name"],
            due_date=r["due_date"],
            status=r["status"],
            assignee=r["assignee"],
            urgency=int(r["urgency"] or 0),
            days_left=(dt.date.fromisoformat(r["due_date"][:10]) - today).days,
        )
        for r in rows
    )
    return DueReport(today.isoformat(), days, documents)


__all__ = ["DEFAULT_DAYS", "FINISHED", "DueDocument", "DueReport", "due_documents"]
