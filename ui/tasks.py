"""The one bridge from background work to the GUI thread (docs/architecture.md, Threads).

A widget never starts a thread and never waits: it asks the bridge to ``run`` a core call.
The call runs on the desk's I/O pool (or any ``submit`` given: a token module's thread, the
store writer) and its result, or its error, comes back on the GUI thread through a queued
signal, to the callbacks the widget gave. Errors without an ``on_error`` go to the one error
sink. Long work gets a ``progress`` function to call (throttled on its way to the GUI) and a
``cancel`` event to honour.

Modelled on Anki's ``taskman`` + ``QueryOp``: an op is a core call plus what the GUI does with
its outcome."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

ProgressFn = Callable[[int, int, str], None]
PROGRESS_INTERVAL = 0.05  # at most twenty progress updates a second reach the GUI


@dataclass
class Task:
    """One piece of background work, as the GUI sees it."""

    id: int
    label: str
    cancel: threading.Event = field(default_factory=threading.Event)
    future: Future[Any] | None = None
    done: bool = False
    cancelled: bool = False
    on_progress: Callable[[int, int, str], None] | None = None
    guard: bool = False  # work the user asked for: closing the window asks first

    def request_cancel(self) -> None:
        self.cancel.set()
        self.cancelled = True


class TaskBridge(QObject):
    """Futures in, callbacks out on the GUI thread."""

    finished = Signal(int, object, object)  # task id, result, error (internal, queued)
    progressed = Signal(int, int, int, str)  # task id, done, total, detail (internal, queued)
    busy_changed = Signal(int)  # how many tasks are running (for a busy indicator)
    task_started = Signal(object)  # Task
    task_ended = Signal(object)  # Task

    def __init__(
        self,
        submit: Callable[..., Future[Any]],
        error_sink: Callable[[BaseException, str], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._submit = submit
        self._error_sink = error_sink
        self._ids = itertools.count(1)
        self._tasks: dict[int, tuple[Task, Callable | None, Callable | None]] = {}
        self._last_progress: dict[int, float] = {}
        self._closing = False
        # Queued even when emitted on the GUI thread (a future already done when ``run`` adds
        # its callback): results never arrive before ``run`` has returned the task.
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._deliver_progress, Qt.ConnectionType.QueuedConnection)

    # -- asking --------------------------------------------------------------------------------

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        label: str = "",
        progress: bool = False,
        cancellable: bool = False,
        submit: Callable[..., Future[Any]] | None = None,
        guard: bool = False,
        **kwargs: Any,
    ) -> Task:
        """Run ``fn(*args, **kwargs)`` in the background. With ``progress``, ``fn`` gets a
        ``progress(done, total, detail)`` keyword; with ``cancellable``, a ``cancel`` event;
        with ``guard``, closing the window while it runs asks the user first (signing,
        issuing, registering, exporting: work the user started and waits for)."""
        task = Task(next(self._ids), label, on_progress=on_progress, guard=guard)
        if progress:
            kwargs["progress"] = self._progress_for(task)
        if cancellable:
            kwargs["cancel"] = task.cancel
        self._tasks[task.id] = (task, on_done, on_error)
        task.future = (submit or self._submit)(fn, *args, **kwargs)
        task.future.add_done_callback(lambda f, t=task: self._completed(t, f))
        self.task_started.emit(task)
        self.busy_changed.emit(len(self._tasks))
        return task

    def running(self) -> list[Task]:
        return [t for t, _, _ in self._tasks.values()]

    def guarded(self) -> list[Task]:
        """The running tasks that closing the window would interrupt (``guard``)."""
        return [t for t in self.running() if t.guard and not t.done]

    def close(self) -> None:
        """Ask every task to stop; callbacks of tasks still running are not delivered."""
        self._closing = True
        for task, _, _ in list(self._tasks.values()):
            task.request_cancel()

    # -- on the worker thread -----------------------------------------------------------------

    def _progress_for(self, task: Task) -> ProgressFn:
        def progress(done: int, total: int, detail: str = "") -> None:
            now = time.monotonic()
            last = self._last_progress.get(task.id, 0.0)
            if done < total and now - last < PROGRESS_INTERVAL:
                return  # the GUI needs no more than it can show
            self._last_progress[task.id] = now
            self.progressed.emit(task.id, int(done), int(total), str(detail))

        return progress

    def _completed(self, task: Task, future: Future[Any]) -> None:
        try:
            result, error = future.result(), None
        except BaseException as exc:  # delivered to the GUI as data
            result, error = None, exc
        self.finished.emit(task.id, result, error)  # queued: runs on the GUI thread

    # -- on the GUI thread ---------------------------------------------------------------------

    def _deliver_progress(self, task_id: int, done: int, total: int, detail: str) -> None:
        entry = self._tasks.get(task_id)
        if entry is not None and entry[0].on_progress is not None:
            entry[0].on_progress(done, total, detail)

    def _deliver(self, task_id: int, result: Any, error: BaseException | None) -> None:
        entry = self._tasks.pop(task_id, None)
        self._last_progress.pop(task_id, None)
        self.busy_changed.emit(len(self._tasks))
        if entry is None:
            return
        task, on_done, on_error = entry
        task.done = True
        self.task_ended.emit(task)
        if self._closing:
            return
        if error is not None:
            if on_error is not None:
                on_error(error)
            elif self._error_sink is not None:
                self._error_sink(error, task.label)
            return
        if on_done is not None:
            on_done(result)


__all__ = ["Task", "TaskBridge"]
