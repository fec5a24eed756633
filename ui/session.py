"""The composition root of the window: the desk services over one workspace (core, signing,
exchange), the I/O pool, the task bridge and the error sink. The workspace is opened in the
background (a first start may migrate a large database); widgets get the session once it is
ready and only ever reach the services through ``session.tasks``."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from ui.errors import ErrorSink
from ui.sync_status import SyncController
from ui.tasks import TaskBridge

IO_THREADS = 3


class DeskSession(QObject):
    ready = Signal()  # the workspace is open
    failed = Signal(object)  # the workspace could not be opened (an error, as data)

    def __init__(self, home: Path, errors: ErrorSink | None = None) -> None:
        super().__init__()
        self.home = Path(home)
        self.pool = ThreadPoolExecutor(IO_THREADS, thread_name_prefix="vanthu-ui-io")
        self.errors = errors or ErrorSink()
        self.tasks = TaskBridge(self.pool.submit, self.errors.report, self)
        self.desk: Any = None  # app.desk.Desk
        self.signing: Any = None  # signing.SigningDesk
        self.exchange: Any = None  # sync.ExchangeDesk
        self._lock = threading.Lock()
        self.sync = SyncController(self)  # the background sync worker, once the axis is set up
        self.ready.connect(self.sync.start)

    def open(self) -> None:
        """Open the workspace in the background; ``ready`` or ``failed`` follows."""
        self.tasks.run(
            self._open, on_done=lambda _r: self.ready.emit(), on_error=self.failed.emit,
            label="open",
        )  # fmt: skip

    def _open(self) -> None:
        from app.desk import Desk
        from app.logs import configure_logging
        from signing import SigningDesk, install_checks, use_workspace_tokens
        from sync import ExchangeDesk

        configure_logging(self.home)
        install_checks()
        desk = Desk.open(self.home)
        use_workspace_tokens(desk.ws)  # the workspace's SoftHSM configuration, before any token
        with self._lock:
            self.desk = desk
            self.signing = SigningDesk(desk.ws)
            self.exchange = ExchangeDesk(desk.ws)

    @property
    def is_open(self) -> bool:
        return self.desk is not None

    def close(self) -> None:
        self.sync.stop()
        self.tasks.close()
        if self.desk is not None:  # reads still running (a million ids) end now, not later
            self.desk.ws.store.interrupt_reads()
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.desk is not None:
            self.desk.close()
            self.desk = None


__all__ = ["DeskSession"]
