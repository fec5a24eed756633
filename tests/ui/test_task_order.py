"""The task bridge reports after ``run`` returns, always: a job can end before ``run`` has
attached its callback (a fast failure on an idle pool), and then ``Future`` calls the callback
at once on the GUI thread. A widget that sets its state after asking (as the preview does)
must not have the answer arrive first. The executor below finishes jobs inside ``submit`` to
make that race certain instead of occasional."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import pytest

from ui.tasks import TaskBridge

pytestmark = pytest.mark.gui


def _finished_at_once(fn: Any, *args: Any, **kwargs: Any) -> Future:
    future: Future = Future()
    try:
        future.set_result(fn(*args, **kwargs))
    except Exception as exc:
        future.set_exception(exc)
    return future


def test_an_answer_never_arrives_before_run_returns(qtbot):
    bridge = TaskBridge(_finished_at_once)
    events: list[Any] = []
    bridge.run(lambda: 42, on_done=lambda result: events.append(("done", result)))
    bridge.run(lambda: 1 / 0, on_error=lambda exc: events.append(("error", type(exc))))
    events.append("returned")
    qtbot.waitUntil(lambda: len(events) == 3)
    assert events == ["returned", ("done", 42), ("error", ZeroDivisionError)]
