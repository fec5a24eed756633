"""The exchange services a window (or a script) calls: the axis settings, sending, answering,
taking back, following recipients, the outbox, the agency directory, one sync round, and the
sync worker that runs rounds in the background.

Plain blocking calls, safe from any thread; the worker is the one thread that talks to the
axis on its own schedule (docs/architecture.md, Threads). Errors are data (``SyncError``);
nothing here prints or words anything."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.errors import AppError, InvalidInput, StateError
from sync import edxml
from sync.errors import SyncError
from sync.exchange import ExchangeService, SyncReport
from sync.store import directory, outbox


class ExchangeDesk:
    def __init__(self, workspace: Any) -> None:
        self.ws = workspace

    # -- settings ----------------------------------------------------------------------------

    def client(self) -> Any:
        """An axis client from the workspace's settings (WorkspaceError when not set up)."""
        from sync.client import AxisClient
        from sync.config import load_config, load_secret

        config = load_config(self.ws)
        secret = load_secret(self.ws.paths.home, config.system_id)
        return AxisClient(
            config.endpoint, config.system_id, secret, timeout=(10.0, config.timeout),
            verify=config.verify,
        )  # fmt: skip

    def configure(
        self, endpoint: str, system_id: str, secret: str, *, ca_bundle: str = "",
        timeout: float = 30.0,
    ) -> Any:  # fmt: skip
        from sync.config import AxisConfig, save_config

        config = AxisConfig(endpoint.rstrip("/"), system_id, ca_bundle, timeout)
        save_config(self.ws, config, secret)
        return config

    def service(self, client: Any = None) -> ExchangeService:
        return ExchangeService(self.ws, client)

    # -- the clerk's decisions (offline) -------------------------------------------------------

    def send(
        self, document_id: int, to: list[str], *, allow_unsigned: bool = False,
        update: bool = False, replaces: int | None = None, reason: str = "",
    ) -> str:  # fmt: skip
        """Queue an outgoing document for organisations (well-formed ids, never our own
        organisation); the package leaves with the next sync round."""
        business = edxml.BusinessKind.UPDATE if update else edxml.BusinessKind.NEW
        if replaces is not None:
            business = edxml.BusinessKind.REPLACE
        return self.service().send(
            document_id, list(to), allow_unsigned=allow_unsigned, business=business,
            reason=reason, replaces=replaces,
        )  # fmt: skip

    def answer(self, document_id: int, code: str, reason: str = "") -> str:
        return self.service().answer(document_id, code, reason)

    def revoke(self, document_id: int, reason: str) -> str:
        return self.service().revoke(document_id, reason)

    def recipients(self, document_id: int) -> list[dict[str, Any]]:
        return self.service().recipients(document_id)

    # -- following a sent document (the detail pane's actions) --------------------------------

    def sent_to(self, document_id: int) -> list[str]:
        """Every organisation the document was sent (or is queued) to, first sent first."""
        from sync.store import inbox

        return inbox.sent_to(self.ws.conn, document_id)

    def update(self, document_id: int, reason: str, changes: dict[str, Any] | None = None) -> str:
        """Correct a sent document's metadata (``changes``: editable fields such as the
        subject) and send the update to everyone it went to — the change and the package's
        outbox row in one transaction. The file is the one sent (and checked) before."""
        if not reason.strip():
            raise InvalidInput("reason", "missing")
        targets = self.sent_to(document_id)
        if not targets:
            raise StateError("never_sent", document_id=document_id)
        service = self.service()

        def change_and_queue(_conn: Any) -> str:
            if changes:
                service.docs.edit(document_id, dict(changes), reason=reason)
            return service.send(
                document_id, targets, allow_unsigned=True,
                business=edxml.BusinessKind.UPDATE, reason=reason,
            )  # fmt: skip

        return self.ws.write(change_and_queue)

    def replace(self, document_id: int, replacement_id: int, reason: str) -> str:
        """Send the issued document ``replacement_id`` to everyone ``document_id`` went to, in
        its place (the receivers cancel the old one)."""
        if int(replacement_id) == int(document_id):
            raise InvalidInput("document_id", "malformed", value=replacement_id)
        targets = self.sent_to(document_id)
        if not targets:
            raise StateError("never_sent", document_id=document_id)
        return self.send(replacement_id, targets, replaces=document_id, reason=reason)

    def agency_names(self, organ_ids: list[str]) -> dict[str, str]:
        """The directory's names of these organisations (the ones it knows)."""
        names = {}
        for oid in organ_ids:
            found = directory.get(self.ws.conn, oid)
            if found is not None:
                names[oid] = found.name
        return names

    def outbox(self, *, include_sent: bool = False) -> list[outbox.OutboxRow]:
        return self.service().outbox(include_sent=include_sent)

    def outbox_waiting(self) -> int:
        return len(outbox.pending(self.ws.conn))

    def retry_now(self, row_id: int) -> None:
        self.service().retry_now(row_id)

    def next_wake(self) -> dt.datetime | None:
        """When the outbox next has something due (None: nothing waits)."""
        return outbox.next_wake(self.ws.conn)

    # -- the directory -----------------------------------------------------------------------

    def refresh_directory(self) -> int:
        agencies = self.client().get_agencies()
        return self.ws.write(lambda conn: directory.replace_all(conn, agencies))

    def search_directory(self, text: str, limit: int = 20) -> list[directory.Agency]:
        """Organisations matching ``text``; nothing typed: the ones most sent to first."""
        if not text.strip():
            return directory.frequent(self.ws.conn, limit)
        return directory.search(self.ws.conn, text, limit)

    def directory_size(self) -> int:
        return directory.count(self.ws.conn)

    # -- a round with the axis ---------------------------------------------------------------

    def sync_once(self, client: Any = None) -> SyncRound:
        """Send what is due and receive what waits; when the axis answered, run the work that
        waited for the network too (signatures made offline get their long-term data)."""
        started = time.monotonic()
        own = client is None
        client = client or self.client()
        try:
            report = self.service(client).run_once()
        finally:
            if own:
                client.close()
        upgrades: list[dict[str, Any]] = []
        if not report.errors:
            from app.signature_checks import run_when_online

            try:
                upgrades = run_when_online(self.ws.paths.home)
            except AppError as exc:
                upgrades = [{"status": "failed", "detail": exc.code}]
        return SyncRound(report, upgrades, time.monotonic() - started)


@dataclass(frozen=True)
class SyncRound:
    report: SyncReport
    upgrades: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def online(self) -> bool:
        """The axis answered the whole round."""
        return not self.report.errors

    def as_json(self) -> dict[str, Any]:
        return self.report.as_json() | {"upgrades": self.upgrades}


@dataclass(frozen=True)
class SyncEvent:
    """What the worker tells its listener (on the worker thread; a window bridges it)."""

    kind: str  # "started", "finished", "failed", "stopped"
    at: dt.datetime
    round: SyncRound | None = None
    error: AppError | None = None
    next_wake: dt.datetime | None = None


class SyncWorker:
    """The one thread that talks to the axis: a round when kicked, when the outbox's next
    retry falls due, and every ``interval`` seconds to receive; never a modal dialog — what
    happened is an event (and shows on the outbox rows)."""

    def __init__(
        self,
        desk: ExchangeDesk,
        *,
        interval: float = 60.0,
        on_event: Callable[[SyncEvent], None] | None = None,
    ) -> None:
        self.desk = desk
        self.interval = max(float(interval), 0.05)
        self.on_event = on_event
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.next_wake: dt.datetime | None = None
        self.last_round: SyncRound | None = None
        self.last_error: AppError | None = None
        self.rounds = 0

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def online(self) -> bool | None:
        """None before the first round; then whether the axis answered the last one."""
        if self.last_error is not None:
            return False
        return self.last_round.online if self.last_round is not None else None

    def start(self) -> None:
        with self._lock:
            if self.running:
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="vanthu-sync", daemon=True)
            self._thread.start()

    def kick(self) -> None:
        """Run a round now (or right after the one in progress)."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                self._round()
                self._sleep()
        finally:
            self._emit(SyncEvent("stopped", _now()))

    def _round(self) -> None:
        self._wake.clear()
        self._emit(SyncEvent("started", _now()))
        try:
            result = self.desk.sync_once()
        except (SyncError, AppError) as exc:
            self.last_error = exc
            self.rounds += 1
            self.next_wake = self._next_wake()
            self._emit(SyncEvent("failed", _now(), error=exc, next_wake=self.next_wake))
            return
        except Exception as exc:  # never let the worker die silently; say what broke
            error = AppError(reason=f"{type(exc).__name__}: {exc}")
            self.last_error = error
            self.next_wake = self._next_wake()
            self._emit(SyncEvent("failed", _now(), error=error, next_wake=self.next_wake))
            return
        self.last_error = None
        self.last_round = result
        self.rounds += 1
        self.next_wake = self._next_wake()
        self._emit(SyncEvent("finished", _now(), round=result, next_wake=self.next_wake))

    def _next_wake(self) -> dt.datetime:
        regular = _now() + dt.timedelta(seconds=self.interval)
        try:
            due = self.desk.next_wake()
        except AppError:
            due = None
        return min(regular, due) if due is not None else regular

    def _sleep(self) -> None:
        wake = self.next_wake or (_now() + dt.timedelta(seconds=self.interval))
        seconds = max((wake - _now()).total_seconds(), 0.0)
        self._wake.wait(timeout=seconds)

    def _emit(self, event: SyncEvent) -> None:
        if self.on_event is not None:
            with contextlib.suppress(Exception):  # a listener's bug must not stop the exchange
                self.on_event(event)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


__all__ = ["ExchangeDesk", "SyncEvent", "SyncRound", "SyncWorker"]
