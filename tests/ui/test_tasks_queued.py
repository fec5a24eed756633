"""The task bridge delivers a result after ``run`` has returned the task, even when the
future was already done when ``run`` asked for its callback (a job that fails at once, or a
``submit`` that runs in place): a widget that keeps the task it started never keeps one that
already ended."""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from ui.tasks import TaskBridge

pytestmark = pytest.mark.gui


def in_place(fn, *args, **kwargs) -> Future:
    """Runs the job on the calling thread: the future is done before ``run`` sees it."""
    future: Future = Future()
    try:
        future.set_result(fn(*args, **kwargs))
    except Exception as exc:
        future.set_exception(exc)
    return future


def test_a_job_done_at_once_is_delivered_after_run_returns(qapp, qtbot):
    bridge = TaskBridge(in_place)
    seen: list[object] = []

    def fail() -> None:
        raise ValueError("at once")

    task = bridge.run(fail, on_error=seen.append)
    assert seen == [] and not task.done  # nothing delivered inside run()
    qtbot.waitUntil(lambda: task.done, timeout=2_000)
    assert [type(e) for e in seen] == [ValueError]

    task = bridge.run(lambda: 42, on_done=seen.append)
    assert seen[1:] == [] and not task.done
    qtbot.waitUntil(lambda: task.done, timeout=2_000)
    assert seen[1:] == [42]
