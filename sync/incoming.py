"""What a clerk does with an incoming document, and the answer its sender gets: accept (03),
reject with a reason (02), assign to a unit or person with a deadline (04), in progress (05),
done (06). Each is ONE write: the register's change (status, assignee, due date) with its
history event and, for a document that came over the axis, the status package queued in the
outbox — a crash can neither answer without the change nor change without answering.

And what the sender asks after sending: a take-back (revoke), an update or a replacement
arrives, is applied to the register at once (sync/packages.py) and waits for the clerk's
answer: 15 (agree) or 16 (disagree). ``sender_request`` reads it from the document's
history; ``answer_request`` answers it. Disagreeing with a take-back puts the document back
in the register as it was (its number was never given to another)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.clock import vn_now
from app.documents import DocumentService
from app.errors import StateError
from app.model import Direction, Document, document_ref, parse_date, text_field
from sync.exchange import ExchangeService
from sync.store import inbox

# the register's status each answer leaves, and its axis code
ACTIONS: dict[str, tuple[str, str]] = {
    "accept": ("registered", "03"),
    "reject": ("returned", "02"),
    "assign": ("assigned", "04"),
    "start": ("in_progress", "05"),
    "finish": ("done", "06"),
}
REQUEST_KINDS = ("revoke", "update", "replace")


@dataclass(frozen=True)
class SenderRequest:
    """The sender's latest take-back, update or replacement of a document, as received."""

    kind: str  # "revoke", "update" or "replace"
    reason: str
    at: str
    from_org: str = ""
    replaces: tuple[int, ...] = ()  # replace: the documents this one takes the place of
    answer: str | None = None  # "15" or "16" once answered
    answered_at: str = ""

    @property
    def waiting(self) -> bool:
        return self.answer is None


def sender_request(events: Iterable[Any]) -> SenderRequest | None:
    """The latest request of the sender found in a document's history events (oldest first),
    and its answer if one was given after it."""
    request: SenderRequest | None = None
    for event in events:
        details = event.details or {}
        kind = _request_kind(details) if event.action == "receive" else None
        if kind is not None:
            request = SenderRequest(
                kind, str(details.get("reason") or ""), event.at,
                str(details.get("organ_id") or ""),
                tuple(int(i) for i in details.get("replaces") or ()),
            )  # fmt: skip
        elif (
            request is not None
            and event.action == "status"
            and details.get("axis_status") in ("15", "16")
        ):
            request = SenderRequest(
                request.kind, request.reason, request.at, request.from_org, request.replaces,
                str(details["axis_status"]), event.at,
            )  # fmt: skip
    return request


class IncomingActions:
    """The clerk's work on incoming documents, over one workspace; plain blocking calls, safe
    from any thread."""

    def __init__(self, workspace: Any) -> None:
        self.ws = workspace
        self.docs = DocumentService(workspace)
        self.exchange = ExchangeService(workspace)

    # -- reading ---------------------------------------------------------------------------

    def sender_of(self, document_id: int) -> str | None:
        """The organisation that sent this document over the axis (None: not received over
        the axis, so there is nobody to answer)."""
        return inbox.received_document(self.ws.conn, document_ref(document_id))

    def request(self, document_id: int) -> SenderRequest | None:
        return sender_request(self.docs.history(document_ref(document_id)))

    def last_arrival(self) -> int:
        """A mark in the inbox: ``arrivals_after`` it lists what came later."""
        return inbox.last_id(self.ws.conn)

    def arrivals_after(self, mark: int) -> tuple[int, list[dict[str, Any]]]:
        """Documents registered from the axis after ``mark`` (id, code, subject, issuer,
        urgency), and the new mark."""
        rows = inbox.arrivals_after(self.ws.conn, int(mark))
        return (rows[-1]["inbox_id"] if rows else int(mark)), rows

    # -- the clerk's decisions -------------------------------------------------------------

    def accept(self, document_id: int) -> Document:
        """Accepted and registered (03): the sender learns the document is in our register."""
        return self._act(document_id, "accept", {}, "", require_axis=True)

    def reject(self, document_id: int, reason: str) -> Document:
        """Sent back (02) with the reason, which the sender reads."""
        reason = text_field("reason", reason, required=True, limit=500)
        return self._act(document_id, "reject", {}, reason)

    def assign(self, document_id: int, assignee: str, *, due_date: Any = None) -> Document:
        """Handed to a unit or person (04), with a deadline when given."""
        changes: dict[str, Any] = {
            "assignee": text_field("assignee", assignee, required=True),
            "handed_on": vn_now(self.ws.clock).date().isoformat(),
        }
        if due_date:
            changes["due_date"] = parse_date(due_date, "due_date").isoformat()
        return self._act(document_id, "assign", changes, "", description=changes["assignee"])

    def start(self, document_id: int) -> Document:
        return self._act(document_id, "start", {}, "")

    def finish(self, document_id: int) -> Document:
        return self._act(document_id, "finish", {}, "")

    def _act(
        self, document_id: Any, action: str, changes: dict[str, Any], reason: str, *,
        require_axis: bool = False, description: str = "",
    ) -> Document:  # fmt: skip
        document_id = document_ref(document_id)
        doc = self.docs.get(document_id)
        if doc.direction is not Direction.INCOMING:
            raise StateError("not_incoming", document_id=document_id)
        if doc.cancelled:
            raise StateError("cancelled", document_id=document_id)
        sender = self.sender_of(document_id)
        if require_axis and sender is None:
            raise StateError("not_received", document_id=document_id)
        status, code = ACTIONS[action]
        now = vn_now(self.ws.clock)
        history_action = "assign" if action == "assign" else "status"

        def write(conn: Any) -> None:
            self.docs.apply_changes(
                conn, document_id, history_action, {**changes, "status": status}, reason=reason
            )
            if sender is not None:
                fresh = self.docs.get(document_id)
                self.exchange._queue_status(conn, fresh, code, reason or description, now)

        self.ws.write(write)
        return self.docs.get(document_id)

    # -- answering the sender's request ----------------------------------------------------

    def answer_request(self, document_id: int, agree: bool, reason: str = "") -> SenderRequest:
        """Answer the sender's take-back, update or replacement: 15 (agree) or 16 (disagree,
        with a reason). Disagreeing with a take-back puts the document back in the register;
        with a replacement, puts back the documents it replaced."""
        document_id = document_ref(document_id)
        request = self.request(document_id)
        if request is None or not request.waiting:
            raise StateError("no_sender_request", document_id=document_id)
        code = "15" if agree else "16"
        if not agree:
            reason = text_field("reason", reason, required=True, limit=500)
        doc = self.docs.get(document_id)
        now = vn_now(self.ws.clock)

        def write(conn: Any) -> None:
            if not agree and request.kind == "revoke":
                self._reinstate(conn, document_id, reason)
            if not agree and request.kind == "replace":
                for old in request.replaces:
                    self._reinstate(conn, old, reason)
            self.exchange._queue_status(conn, doc, code, reason, now)

        self.ws.write(write)
        answered = self.request(document_id)
        assert answered is not None
        return answered

    def _reinstate(self, conn: Any, document_id: int, reason: str) -> None:
        """Undo a cancellation the sender's request made (inside the write): the status the
        document had before it."""
        from app.store import documents as documents_sql

        row = documents_sql.get(conn, document_id)
        if row is None or not row["cancelled"]:
            return
        previous = _status_before_cancel(self.docs.history(document_id))
        self.docs.apply_changes(
            conn, document_id, "status", {"cancelled": 0, "status": previous},
            reason=reason, allow_cancelled=True, reinstated=True,
        )  # fmt: skip


def _request_kind(details: dict[str, Any]) -> str | None:
    """What a "receive" event of the register says the sender asked (the update's new file
    is a "receive" event too, without a reason: not a request of its own)."""
    if details.get("revoke"):
        return "revoke"
    if details.get("replaces"):
        return "replace"
    if details.get("update") and "reason" in details:
        return "update"
    return None


def _status_before_cancel(events: Iterable[Any]) -> str:
    previous = "registered"
    for event in events:
        details = event.details or {}
        before = details.get("before") or {}
        if event.action == "cancel" and before.get("status"):
            previous = str(before["status"])
    return previous if previous != "cancelled" else "registered"


__all__ = ["ACTIONS", "IncomingActions", "SenderRequest", "sender_request"]
