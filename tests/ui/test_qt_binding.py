"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 on CPython 3.11 dropped a
reference to None on every call of a method returning nothing and one to True on every
signal emitted, and the window aborted ("none_dealloc") after a few thousand of them: a few
minutes of scrolling. (On CPython 3.12 and later these objects are immortal, and the counts
below never move.)"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit

pytestmark = pytest.mark.gui

CALLS = 2000


class _Emitter(QObject):
    happened = Signal(int, object, object)


def test_calls_and_signals_keep_none_and_true_alive(qtbot):
    box = QLineEdit()
    qtbot.addWidget(box)
    emitter = _Emitter()
    heard = []
    emitter.happened.connect(lambda *args: heard.append(args[0]))
    nones, trues = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(CALLS):
        box.setText(str(i))  # returns nothing
        box.setEnabled(True)
        emitter.happened.emit(i, None, True)
    heard.clear()
    assert abs(sys.getrefcount(None) - nones) < CALLS // 10
    assert abs(sys.getrefcount(True) - trues) < CALLS // 10
