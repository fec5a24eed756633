"""The Qt bindings the window stands on must not lose references to Python's singletons:
PySide6 6.12.0 took one from True on every signal delivered to a Python slot (on Python 3.11,
where True is not immortal), and the window died after a few thousand — scrolling a register
is thousands of signals. This fails on such a release."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal

pytestmark = pytest.mark.gui


class _Emitter(QObject):
    bare = Signal()
    value = Signal(object)
    three = Signal(int, object, object)


def test_signals_keep_the_references_of_true_false_and_none(qtbot):
    emitter = _Emitter()
    received = [0]

    def count(*_args: object) -> None:
        received[0] += 1  # nothing kept: the counts below are the bindings' alone

    emitter.bare.connect(count)
    emitter.value.connect(count)
    emitter.three.connect(count)
    before = [sys.getrefcount(x) for x in (True, False, None)]
    for _ in range(2000):
        emitter.bare.emit()
        emitter.value.emit(None)
        emitter.three.emit(1, None, False)
    after = [sys.getrefcount(x) for x in (True, False, None)]
    assert received[0] == 6000
    # what the test itself holds may move a little; a leak moves by thousands
    assert all(abs(a - b) < 100 for a, b in zip(after, before, strict=True)), (before, after)


def test_methods_returning_nothing_keep_the_reference_of_none(qtbot):
    """6.12.0 also took one from None on every call of a method returning nothing (setText,
    setEnabled, setValue…): a repaint alone makes dozens."""
    from PySide6.QtWidgets import QLineEdit

    box = QLineEdit()
    qtbot.addWidget(box)
    before = sys.getrefcount(None)
    for i in range(2000):
        box.setText(str(i))
        box.setEnabled(True)
    assert abs(sys.getrefcount(None) - before) < 100, (before, sys.getrefcount(None))
