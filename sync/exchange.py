"""The desk's side of the national axis: what the clerk decides (send, answer with a status,
revoke) becomes outbox rows in the same transaction; the sync worker (``run_once``) sends
them and receives what is waiting.

Receiving, per package: list → get → keep the raw bytes → parse → in ONE transaction register
it as incoming (or apply the status / revoke / update / replace), write the inbox row and
queue the automatic status 01 → validate the signatures → ``updateStatus done``. A package
that cannot be parsed is quarantined with its raw bytes and acknowledged ``fail``. A crash
anywhere is harmless: the axis lists an unacknowledged package again, and the inbox row (by
the axis's doc id) or the DocumentId says it was registered already, so it is only
acknowledged."""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import signature_checks
from app.clock import vn_now
from app.documents import DocumentService
from app.errors import AppError, InvalidInput, StateError
from app.fileio import pid_tag
from app.model import Direction, Document, organ_id
from app.store import documents as documents_sql
from app.store.history import record_event
from sync import edxml
from sync.errors import SyncError
from sync.store import inbox, outbox

SENDABLE_STATUS = {"02", "03", "04", "05", "06", "15", "16"}
STATUS_NEEDS_REASON = {"02", "16"}


@dataclass
class SyncReport:
    sent: int = 0
    send_failed: int = 0  # permanent refusals this round
    waiting: int = 0  # still in the outbox (the axis did not answer)
    received: int = 0
    duplicates: int = 0
    statuses: int = 0
    quarantined: int = 0
    errors: list[str] = field(default_factory=list)
    error: AppError | None = None  # the first thing that went wrong with the axis, as data

    def failed(self, exc: AppError, code: str | None = None) -> None:
        self.errors.append(code or exc.code)
        if self.error is None:
            self.error = exc

    def as_json(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "error"}
        data["error"] = (
            {"code": self.error.code, **{k: v for k, v in self.error.data.items() if v}}
            if self.error is not None
            else None
        )
        return data


class ExchangeService:
    def __init__(self, workspace: Any, client: Any = None, *, rng: random.Random | None = None):
        self.ws = workspace
        self.docs = DocumentService(workspace)
        self.client = client  # sync.client.AxisClient; None for the clerk's offline decisions
        self.rng = rng or random.Random()
        self.policy = outbox.RetryPolicy.from_settings(workspace)

    @property
    def conn(self) -> Any:
        """The calling thread's read connection."""
        return self.ws.conn

    # -- the clerk's decisions (offline) -----------------------------------------------------

    def send(
        self, document_id: int, to_orgs: list[str], *, allow_unsigned: bool = False,
        business: int = edxml.BusinessKind.NEW, reason: str = "",
        replaces: int | None = None,
    ) -> str:  # fmt: skip
        """Queue an outgoing document for the organisations ``to_orgs``."""
        doc = self.docs.get(document_id)
        if doc.direction is not Direction.OUTGOING:
            raise StateError("not_outgoing", document_id=document_id)
        if doc.cancelled:
            raise StateError("cancelled", document_id=document_id)
        if doc.confidentiality > 0:
            raise StateError("secret_not_sendable", document_id=document_id)
        if not doc.file_sha256:
            raise InvalidInput("file", "missing", value=document_id)
        targets = sorted({organ_id(o, "to") for o in to_orgs if o and str(o).strip()})
        if not targets:
            raise InvalidInput("recipients", "missing")
        own = self.ws.organisation.organ_id
        if own in targets:  # it would come back as our own incoming document
            raise InvalidInput("to", "own_organisation", value=own)
        if int(business) != edxml.BusinessKind.NEW and not reason.strip():
            raise InvalidInput("reason", "missing")  # a take-back, update or replacement says why
        if not allow_unsigned:
            self._require_signed(doc)
        spec: dict[str, Any] = {"business": int(business), "reason": reason}
        if replaces is not None:
            old = self.docs.get(replaces)
            spec["replaces"] = old.document_key
        now = vn_now(self.ws.clock)

        def queue(conn: Any) -> str:
            msg_id = outbox.enqueue(conn, "edoc", doc.id, targets, spec, now)
            self._event(
                conn, now, "send", doc.id, to=targets, msg_id=msg_id, business=int(business),
                reason=reason,
            )  # fmt: skip
            return msg_id

        return self.ws.write(queue)

    def revoke(self, document_id: int, reason: str) -> str:
        """Take back a sent document (BussinessDocType 1) from everyone it was sent to."""
        if not reason.strip():
            raise InvalidInput("reason", "missing")
        targets = outbox.document_targets(self.conn, document_id)
        if not targets:
            raise StateError("never_sent", document_id=document_id)
        return self.send(
            document_id, targets, allow_unsigned=True, business=edxml.BusinessKind.REVOKE,
            reason=reason,
        )  # fmt: skip

    def answer(self, document_id: int, code: str, reason: str = "") -> str:
        """Send a status about an incoming document to its sender (02 needs a reason)."""
        code = code.strip().zfill(2)
        if code not in SENDABLE_STATUS:
            raise InvalidInput("status", "unknown", value=code)
        if code in STATUS_NEEDS_REASON and not reason.strip():
            raise InvalidInput("reason", "missing")
        doc = self.docs.get(document_id)
        if doc.direction is not Direction.INCOMING:
            raise StateError("not_incoming", document_id=document_id)
        now = vn_now(self.ws.clock)

        def queue(conn: Any) -> str:
            msg_id = self._queue_status(conn, doc, code, reason, now)
            if code == "15" and not doc.cancelled:  # agreed to a take-back
                self.docs.cancel(doc.id, reason or "Nơi gửi thu hồi văn bản")
            return msg_id

        return self.ws.write(queue)

    def _queue_status(
        self, conn: Any, doc: Document, code: str, reason: str, now: dt.datetime
    ) -> str:
        spec = {"status": code, "reason": reason, "document_key": doc.document_key,
                "code": doc.notation, "issued_date": doc.issued_date,
                "at": now.replace(microsecond=0).isoformat()}  # fmt: skip
        msg_id = outbox.enqueue(conn, "status", doc.id, [doc.issuer_id], spec, now)
        self._event(conn, now, "status", doc.id, axis_status=code, reason=reason, msg_id=msg_id)
        return msg_id

    def _require_signed(self, doc: Document) -> None:
        report = signature_checks.latest(self.ws, doc.id)
        if report is None or report.file_sha256 != doc.file_sha256:
            report = signature_checks.check_document(self.ws, doc.id)
        if report is None or report.verdict not in ("valid", "valid_with_warnings"):
            raise StateError(
                "not_signed", document_id=doc.id, verdict=report.verdict if report else "unknown"
            )

    def _event(
        self, conn: Any, now: dt.datetime, action: str, document_id: int | None, **details: Any
    ) -> None:
        """One history event, inside the caller's write."""
        at = now.isoformat(timespec="seconds")
        record_event(conn, self.ws.actor, at, action, document_id, **details)

    # -- the worker --------------------------------------------------------------------------

    def run_once(self) -> SyncReport:
        report = SyncReport()
        if self.client is None:
            raise InvalidInput("endpoint", "missing")
        self._send_due(report)
        for kind in ("edoc", "status"):
            try:
                items = self.client.get_received_list(kind)
                self._receive_all(items, kind, report)
            except SyncError as exc:  # the axis went away mid-way: the rest next round
                report.failed(exc)
                break
        return report

    def _send_due(self, report: SyncReport) -> None:
        now = dt.datetime.now(dt.UTC)
        seen: set[int] = set()
        while rows := [r for r in outbox.due(self.conn, now) if r.id not in seen]:
            if not self._send_rows(rows, seen, now, report):
                return

    def _send_rows(
        self, rows: list[outbox.OutboxRow], seen: set[int], now: dt.datetime, report: SyncReport
    ) -> bool:
        """False when the axis stopped answering (the rest waits for the next round)."""
        for row in rows:
            seen.add(row.id)
            try:
                package = self._package(row)
                doc_id = self.client.send_edoc(
                    self.ws.blobs.path_for(package), to=list(row.to_orgs),
                    message_type=row.kind, msgid=row.msg_id,
                    from_org=self.ws.organisation.organ_id, sha256=package,
                )  # fmt: skip
            except SyncError as exc:
                if getattr(exc, "transient", True):
                    self.ws.write(
                        lambda c, row=row, exc=exc: outbox.mark_retry(
                            c, row, exc.code, now, self.policy, self.rng
                        )
                    )
                    report.waiting += len(outbox.pending(self.conn))
                    report.failed(exc)
                    return False  # the axis is not answering: the rest waits too
                self.ws.write(lambda c, row=row, exc=exc: outbox.mark_failed(c, row.id, exc.code))
                report.send_failed += 1
                continue
            except AppError as exc:  # the package cannot be built: a person must look
                detail = exc.code
                if isinstance(exc, InvalidInput):
                    detail = f"{exc.code}:{exc.field}:{exc.problem}"
                self.ws.write(lambda c, row=row, d=detail: outbox.mark_failed(c, row.id, d))
                report.send_failed += 1
                report.failed(exc, detail)
                continue
            self.ws.write(lambda c, row=row, d=doc_id: self._sent(c, row, d, now))
            report.sent += 1
        return True

    def _sent(self, conn: Any, row: outbox.OutboxRow, axis_doc_id: str, now: dt.datetime) -> None:
        """The axis took the package: the row says so, and a document sent for the first
        time becomes ``sent`` (in the same transaction)."""
        outbox.mark_sent(conn, row.id, axis_doc_id, now)
        if row.kind != "edoc" or row.document_id is None:
            return
        if int(row.spec.get("business", 0)) != edxml.BusinessKind.NEW:
            return
        doc = self.docs.get(row.document_id)
        if doc.status in ("issued", "registered", "signed") and not doc.cancelled:
            self.docs.apply_changes(
                conn, doc.id, "send", {"status": "sent"}, delivered=axis_doc_id,
                to=list(row.to_orgs),
            )  # fmt: skip

    def _package(self, row: outbox.OutboxRow) -> str:
        """The package's blob, built once and kept: every retry sends the same bytes."""
        if row.package_sha256 and self.ws.blobs.has(row.package_sha256):
            return row.package_sha256
        from sync.packages import build_for

        with tempfile.TemporaryDirectory(dir=self._tmp(), prefix=f"sync-{pid_tag()}") as tmp:
            path = Path(tmp) / "package.edxml"
            build_for(self.ws, row, path)
            blob = self.ws.blobs.put_file(path)
        self.ws.write(lambda c: outbox.remember_package(c, row.id, blob.sha256))
        return blob.sha256

    def _tmp(self) -> Path:
        folder = Path(self.ws.paths.home) / "tmp"
        folder.mkdir(exist_ok=True)
        return folder

    # -- receiving ---------------------------------------------------------------------------

    def _receive_all(self, items: list[Any], kind: str, report: SyncReport) -> None:
        """Packages are downloaded one ahead, on a second connection, while the one before
        is parsed, registered and checked: the network wait and the work overlap."""
        fresh = []
        for item in items:
            seen = inbox.seen(self.conn, item.doc_id)
            if seen is None:
                fresh.append(item)
                continue
            # stored before a crash, or delivered twice: acknowledge only
            self._ack(seen["id"], item.doc_id, "fail" if seen["state"] == "quarantined" else "done")
            report.duplicates += 1
        if not fresh:
            return
        downloader = self.client.clone() if hasattr(self.client, "clone") else self.client
        with (
            tempfile.TemporaryDirectory(dir=self._tmp(), prefix=f"sync-{pid_tag()}") as tmp,
            ThreadPoolExecutor(1) as pool,
        ):

            def fetch(index: int) -> Path:
                path = Path(tmp) / f"{index}.edxml"
                downloader.download_edoc(fresh[index].doc_id, path)
                return path

            acks: list[tuple[int, str, Future[Any]]] = []
            ahead = pool.submit(fetch, 0)
            try:
                for index, item in enumerate(fresh):
                    raw_path = ahead.result()
                    if index + 1 < len(fresh):
                        ahead = pool.submit(fetch, index + 1)
                    self._receive(item, kind, raw_path, report, pool, downloader, acks)
                    raw_path.unlink(missing_ok=True)
            finally:
                ahead.cancel()
                self._settle(acks)
                if downloader is not self.client:
                    downloader.close()

    def _receive(
        self, item: Any, kind: str, raw_path: Path, report: SyncReport, pool: Any = None,
        downloader: Any = None, acks: list[tuple[int, str, Future[Any]]] | None = None,
    ) -> None:  # fmt: skip
        with tempfile.TemporaryDirectory(dir=self._tmp(), prefix=f"sync-{pid_tag()}") as tmp:
            try:
                parsed = edxml.parse_package(raw_path, self.ws.blobs, temp_dir=tmp)
            except InvalidInput as exc:
                inbox_id = self._quarantine(item, kind, raw_path, exc)
                report.quarantined += 1
                self._ack(inbox_id, item.doc_id, "fail")
                return
        from sync.packages import apply_package

        try:
            inbox_id, document_id, state = apply_package(self, item, kind, "", parsed)
        except InvalidInput as exc:  # readable, but not registrable (a field out of the rules)
            inbox_id = self._quarantine(item, kind, raw_path, exc)
            report.quarantined += 1
            self._ack(inbox_id, item.doc_id, "fail")
            return
        if state == "registered" and document_id is not None:
            try:
                signature_checks.check_document(self.ws, document_id)
            except AppError as exc:
                report.failed(exc)
        if state == "duplicate":
            report.duplicates += 1
        elif kind == "status":
            report.statuses += 1
        else:
            report.received += 1
        if pool is None or acks is None:
            self._ack(inbox_id, item.doc_id, "done")
        else:  # safely stored: the axis may forget it; told on the other connection
            acks.append(
                (inbox_id, "done", pool.submit(downloader.update_status, item.doc_id, "done"))
            )

    def _settle(self, acks: list[tuple[int, str, Future[Any]]]) -> None:
        """Record the acknowledgements the axis took; one it did not take is sent again next
        round (the package is listed again and found in the inbox)."""
        first_error: SyncError | None = None
        taken = []
        for inbox_id, status, future in acks:
            try:
                future.result()
            except SyncError as exc:
                first_error = first_error or exc
                continue
            taken.append((inbox_id, status))
        if taken:

            def record(conn: Any) -> None:
                for inbox_id, status in taken:
                    inbox.mark_acked(conn, inbox_id, status)

            self.ws.write(record)
        if first_error is not None:
            raise first_error

    def _quarantine(self, item: Any, kind: str, raw: Path, exc: InvalidInput) -> int:
        """Keep the raw bytes (quarantine/ and the blob store) and say why, for a person."""
        sha = self.ws.blobs.put_file(raw).sha256
        folder = Path(self.ws.paths.home) / "quarantine"
        folder.mkdir(exist_ok=True)
        shutil.copyfile(raw, folder / f"{_safe(item.doc_id)}.edxml")
        now = vn_now(self.ws.clock)
        problem = f"{exc.field}:{exc.problem}"

        def keep(conn: Any) -> int:
            inbox_id = inbox.add(
                conn, axis_doc_id=item.doc_id, message_type=kind,
                from_org=getattr(item, "from_org", ""), received_at=now.isoformat(),
                package_sha256=sha, state="quarantined", detail=problem,
            )  # fmt: skip
            self._event(conn, now, "receive", None, quarantined=item.doc_id, problem=problem)
            return inbox_id

        return self.ws.write(keep)

    def _ack(self, inbox_id: int, axis_doc_id: str, status: str) -> None:
        self.client.update_status(axis_doc_id, status)
        self.ws.write(lambda c: inbox.mark_acked(c, inbox_id, status))

    # -- what the clerk sees -------------------------------------------------------------------

    def recipients(self, document_id: int) -> list[dict[str, Any]]:
        """Every recipient of a sent document: the latest status and its history."""
        conn = self.conn
        return [
            {"organ_id": org, "latest": h[-1]["code"] if h else None, "history": h}
            for org in inbox.sent_to(conn, document_id)
            for h in [inbox.statuses(conn, document_id, org)]
        ]

    def outbox(self, *, include_sent: bool = False) -> list[outbox.OutboxRow]:
        """What waits to be sent, what failed (and what was sent, when asked)."""
        return outbox.listing(self.conn, include_sent=include_sent)

    def retry_now(self, row_id: int) -> None:
        """A person asked to send a waiting or failed package again at once."""
        now = vn_now(self.ws.clock)
        self.ws.write(lambda c: outbox.retry_now(c, row_id, now))


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)[:120] or "goi-tin"


def find_by_key(conn: Any, document_key: str, direction: Direction) -> int | None:
    return documents_sql.find_by_key(conn, document_key, direction.value)


__all__ = ["ExchangeService", "SyncReport", "find_by_key"]
