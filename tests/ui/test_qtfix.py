"""Signals emitted from Python keep ``True`` alive (ui/qtfix.py): PySide6 6.12.0 took one
reference per emit, and the interpreter aborted once they were gone."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

import ui.tasks  # noqa: F401  (applies the work-around, as every window does)

pytestmark = pytest.mark.gui


class Emitter(QObject):
    counted = Signal(int)
    done = Signal(object)


def test_emitting_keeps_the_references_to_true_and_false(qapp):
    emitter, got = Emitter(), []
    emitter.counted.connect(got.append)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for n in range(300):
        emitter.counted.emit(n)
        emitter.done.emit(None)
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert got == list(range(300))
    assert abs(after[0] - before[0]) < 30 and abs(after[1] - before[1]) < 30, (before, after)
