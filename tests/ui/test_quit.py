"""Ctrl+Q closes the window; while work the user started is running (signing, issuing,
registering, exporting, sending) the window asks first, and "wait" keeps everything open."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

pytestmark = pytest.mark.gui


def _work(cancel: threading.Event) -> str:
    """Stands for a long signing batch: runs until told to stop (a real background task)."""
    cancel.wait(60)
    return "stopped" if cancel.is_set() else "done"


def test_ctrl_q_closes_at_once_when_nothing_is_running(window, qtbot):
    assert window.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    assert window.close_box is None


def test_closing_during_signing_asks_and_wait_keeps_the_window(window, qtbot):
    task = window.session.tasks.run(_work, cancellable=True, guard=True, label="Ký duyệt văn bản")
    window.quit_action.trigger()
    box = window.close_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Ký duyệt văn bản" in box.text() and window.isVisible()
    wait = box.defaultButton()
    assert "Chờ" in wait.text()
    wait.click()
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=5_000)
    assert window.isVisible() and not task.cancel.is_set()

    window.close()  # asked again; this time the user stops it
    box = window.close_box
    stop = next(b for b in box.buttons() if "Dừng" in b.text())
    stop.click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5_000)
    task.request_cancel()  # the session closes with the fixture; the task ends either way
    qtbot.waitUntil(lambda: task.future.done(), timeout=5_000)


def test_a_finished_task_does_not_hold_the_window(window, qtbot):
    task = window.session.tasks.run(_work, cancellable=True, guard=True, label="Xuất sổ")
    task.request_cancel()
    qtbot.waitUntil(lambda: not window.session.tasks.guarded(), timeout=5_000)
    window.quit_action.trigger()
    assert window.close_box is None and not window.isVisible()
