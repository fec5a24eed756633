"""The exchange in the background, as the window sees it.

``SyncController`` (owned by the session) runs the one sync worker (``sync.SyncWorker``) once
the workspace is open and the axis is configured, and stops it when the window closes. The
worker's events arrive on its own thread; a queued signal brings them to the GUI thread,
where the controller keeps what the status bar shows (online or not, the last sync, how many
packages wait) and looks, in the background, for documents that arrived. ``SyncStatusBar``
shows that state in the status bar; ``Notifier`` tells the clerk of new and urgent incoming
documents in the system tray, or in the status bar where there is no tray (offscreen, some
desktops). Background sync never pops a dialog (docs/architecture.md, Errors)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QStyle, QSystemTrayIcon, QWidget

from app.model import Direction
from ui.errors import words_for
from ui.labels import number

DEFAULT_INTERVAL = 60.0  # seconds between rounds when nothing is due (setting axis_sync_seconds)


def local_time(value: dt.datetime | str | None) -> str:
    """HH:MM (dd/mm when not today) in the machine's time zone; the outbox keeps UTC."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    here = value.astimezone()
    if here.date() == dt.datetime.now().astimezone().date():
        return here.strftime("%H:%M")
    return here.strftime("%H:%M %d/%m/%Y")


class SyncController(QObject):
    """The session's sync worker and what it last said."""

    event_arrived = Signal(object)  # a SyncEvent, emitted on the worker's thread (queued)
    changed = Signal()  # online, last sync, syncing or the outbox count changed
    arrivals = Signal(list)  # documents that came over the axis in the last round (dicts)
    received = Signal(int)  # a round received packages (documents, take-backs, updates…)
    answered = Signal(int)  # a round received recipients' statuses (of documents we sent)

    def __init__(self, session: Any) -> None:
        super().__init__(session)
        self.session = session
        self.worker: Any = None
        self.configured: bool | None = None  # None: not known yet
        self.online: bool | None = None
        self.syncing = False
        self.last_sync: dt.datetime | None = None  # the last round the axis answered
        self.last_error: str = ""  # the last failure, in words
        self.waiting: int | None = None  # packages in the outbox
        self.next_wake: dt.datetime | None = None
        self.rounds = 0
        self._mark: int | None = None  # the inbox's last row when we last looked
        self._service: Any = None
        self.event_arrived.connect(self._on_event, Qt.ConnectionType.QueuedConnection)

    # -- starting and stopping ---------------------------------------------------------------

    def start(self) -> None:
        """Start the worker when the axis is configured (read in the background)."""
        if not self.session.is_open or self.worker is not None:
            return
        self.session.tasks.run(self._prepare, on_done=self._prepared, label="sync")

    def _prepare(self) -> tuple[bool, float, int, int]:
        from sync import IncomingActions

        ws = self.session.desk.ws
        self._service = IncomingActions(ws)
        configured = bool(ws.setting("axis_endpoint") and ws.setting("axis_system_id"))
        try:
            interval = float(ws.setting("axis_sync_seconds") or DEFAULT_INTERVAL)
        except ValueError:
            interval = DEFAULT_INTERVAL
        return (
            configured,
            interval,
            self.session.exchange.outbox_waiting(),
            (self._service.last_arrival()),
        )

    def _prepared(self, result: tuple[bool, float, int, int]) -> None:
        configured, interval, waiting, mark = result
        self.configured, self.waiting, self._mark = configured, waiting, mark
        if configured and self.worker is None and self.session.is_open:
            from sync import SyncWorker

            self.worker = SyncWorker(
                self.session.exchange, interval=interval, on_event=self.event_arrived.emit
            )
            self.worker.start()
        self.changed.emit()

    def kick(self) -> bool:
        """A round now ("Đồng bộ ngay"); False when there is no worker (axis not set up)."""
        if self.worker is None:
            return False
        self.worker.kick()
        return True

    def stop(self, timeout: float = 15.0) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.on_event = None  # nothing more reaches a window that is closing
            worker.stop(timeout)

    # -- what the worker says (GUI thread) ---------------------------------------------------

    def _on_event(self, event: Any) -> None:
        if self.worker is None:
            return
        if event.kind == "started":
            self.syncing = True
        elif event.kind in ("finished", "failed"):
            self.syncing = False
            self.rounds += 1
            self.next_wake = event.next_wake
            round_ = event.round
            if event.kind == "finished" and round_ is not None and round_.online:
                self.online, self.last_sync, self.last_error = True, event.at, ""
                if round_.report.received:
                    self.received.emit(round_.report.received)
                if round_.report.statuses:
                    self.answered.emit(round_.report.statuses)
            else:
                self.online = False
                error = event.error or (round_.report.error if round_ is not None else None)
                self.last_error = words_for(error).text if error is not None else ""
            self._after_round()
        elif event.kind == "stopped":
            self.syncing = False
        self.changed.emit()

    def _after_round(self) -> None:
        """The outbox count and the new arrivals, read in the background."""
        service, mark = self._service, self._mark

        def read() -> tuple[int, int, list[dict[str, Any]]]:
            waiting = self.session.exchange.outbox_waiting()
            if service is None or mark is None:
                return waiting, 0, []
            new_mark, rows = service.arrivals_after(mark)
            return waiting, new_mark, rows

        def done(result: tuple[int, int, list[dict[str, Any]]]) -> None:
            waiting, new_mark, rows = result
            self.waiting = waiting
            if mark is not None:  # two rounds close together: each arrival told once
                rows = [r for r in rows if r["inbox_id"] > (self._mark or 0)]
                self._mark = max(new_mark, self._mark or 0)
            self.changed.emit()
            if rows:
                self.arrivals.emit(rows)

        if self.session.is_open:
            self.session.tasks.run(
                read, on_done=done, on_error=lambda e: self.session.errors.report(e, quiet=True),
                label="sync",
            )  # fmt: skip

    def refresh_waiting(self) -> None:
        """Count the outbox again (a package was queued or retried)."""
        if not self.session.is_open:
            return

        def done(n: int) -> None:
            self.waiting = n
            self.changed.emit()

        self.session.tasks.run(self.session.exchange.outbox_waiting, on_done=done, label="sync")


class SyncStatusBar(QWidget):
    """Three words in the status bar: the axis online or not, the last sync, the outbox."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QHBoxLayout

        self.controller = controller
        self.state = QLabel()
        self.state.setAccessibleName(self.tr("Kết nối Trục liên thông"))
        self.last = QLabel()
        self.last.setAccessibleName(self.tr("Lần đồng bộ cuối"))
        self.outbox = QLabel()
        self.outbox.setAccessibleName(self.tr("Gói chờ gửi"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        for label in (self.state, self.last, self.outbox):
            layout.addWidget(label)
        controller.changed.connect(self.update_text)
        self.update_text()

    def text(self) -> str:
        return " · ".join(x.text() for x in (self.state, self.last, self.outbox) if x.text())

    def update_text(self) -> None:
        c = self.controller
        if c.configured is False:
            state, colour = self.tr("Trục: chưa cài đặt"), ""
        elif c.online is True:
            state, colour = self.tr("Trục: trực tuyến"), "#2e9d4f"
        elif c.online is False:
            state, colour = self.tr("Trục: mất kết nối"), "#d9534f"
        elif c.syncing:
            state, colour = self.tr("Trục: đang đồng bộ…"), ""
        elif c.configured is None:
            state, colour = "", ""
        else:
            state, colour = self.tr("Trục: đang kết nối…"), ""
        # a dot that reads on light and dark palettes (the words say it too); ↻ while a
        # round runs, the last state kept beside it
        text = _html(state)
        if colour:
            text = f'<span style="color:{colour}">●</span> {text}'
        if c.syncing and c.online is not None:
            text = f"↻ {text}"
        self.state.setText(text)
        self.state.setToolTip(c.last_error)
        self.last.setText(
            self.tr("Đồng bộ lúc %1").replace("%1", local_time(c.last_sync)) if c.last_sync else ""
        )
        if c.waiting is None:
            self.outbox.setText("")
        elif c.waiting:
            self.outbox.setText(
                self.tr("%1 gói chờ gửi", "", c.waiting).replace("%1", number(c.waiting))
            )
        else:
            self.outbox.setText(self.tr("Không có gói chờ gửi"))
        for label in (self.state, self.last, self.outbox):  # never squeezed by a message
            label.setMinimumWidth(label.sizeHint().width())


class Notifier(QObject):
    """New and urgent incoming documents: a tray message, or the status bar without a tray."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.tray: QSystemTrayIcon | None = None
        self.last: str = ""
        if QSystemTrayIcon.isSystemTrayAvailable():
            icon = window.windowIcon()
            if icon.isNull():  # a tray entry without an icon is not shown at all
                icon = window.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.setToolTip("VanThu Desk")
            self.tray.show()

    def arrivals(self, rows: list[dict[str, Any]]) -> None:
        urgent = [r for r in rows if int(r.get("urgency") or 0) > 0]
        title = self.tr("Có %1 văn bản đến mới", "", len(rows)).replace("%1", number(len(rows)))
        if urgent:
            first = urgent[0]
            code = "/".join(x for x in (first["code_number"], first["code_notation"]) if x)
            detail = (
                self.tr("%1 văn bản khẩn: %2 — %3", "", len(urgent))
                .replace("%1", number(len(urgent)))
                .replace("%2", code)
                .replace("%3", first["subject"])
            )
        else:
            last = rows[-1]
            detail = f"{last['issuer_name']}: {last['subject']}"
        self.notify(title, detail, urgent=bool(urgent))

    def notify(self, title: str, text: str, *, urgent: bool = False) -> None:
        self.last = f"{title}. {text}"
        if self.tray is not None:
            icon = (
                QSystemTrayIcon.MessageIcon.Warning if urgent
                else QSystemTrayIcon.MessageIcon.Information
            )  # fmt: skip
            self.tray.showMessage(title, text, icon, 15000)
        else:
            self.window.statusBar().showMessage(self.last, 30000)


class SyncActions(QObject):
    """The window's part: the status bar words, the notices, "Đồng bộ ngay" (F9)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.controller: SyncController = window.session.sync
        self.status = SyncStatusBar(self.controller, window)
        window.statusBar().addPermanentWidget(self.status)
        self.notifier = Notifier(window)
        self.controller.arrivals.connect(self.notifier.arrivals)
        self.sync_now = QAction(self.tr("Đồng bộ ngay"), window)
        self.sync_now.setShortcut(QKeySequence("F9"))
        self.sync_now.setStatusTip(self.tr("Gửi và nhận qua Trục liên thông ngay bây giờ"))
        self.sync_now.triggered.connect(self.kick)
        window.addAction(self.sync_now)
        self.controller.answered.connect(lambda _n: self.statuses_arrived())

    def statuses_arrived(self) -> None:
        """Recipients answered: the document shown is read again (its recipients' statuses and
        history), and the Outgoing view's rows (their status) if it is the one open."""
        window = self.window
        detail = window.detail
        if detail.detail is not None and detail.detail.document.direction is Direction.OUTGOING:
            detail.refresh()
        view = window.current_view()
        if view is window.view_widgets.get("outgoing") and hasattr(view, "reload"):
            view.reload()  # the selected document stays selected

    def kick(self) -> None:
        if not self.controller.kick():
            self.window.statusBar().showMessage(
                self.tr(
                    "Chưa cài đặt Trục liên thông: vào Cài đặt để nhập địa chỉ và mã hệ thống."
                ),
                10000,
            )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["Notifier", "SyncActions", "SyncController", "SyncStatusBar", "local_time"]
