"""A screenshot taken right after a label changed (``vanthu gui --screenshot``, the status
bar's sync labels) is laid out first: grabbed at once, the longer label was drawn over its
neighbour, since its layouts update one level per turn of the event loop."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QWidget

from ui.main import settle_layouts


def test_labels_changed_just_before_the_grab_do_not_overlap(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.resize(800, 300)
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    state, last = QLabel("x"), QLabel("y")
    layout.addWidget(state)
    layout.addWidget(last)
    window.statusBar().addPermanentWidget(box)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: box.width() > 0)
    state.setText("● Trục: trực tuyến")
    state.setMinimumWidth(state.sizeHint().width())
    last.setText("Đồng bộ lúc 12:36")
    stale = state.geometry().right() >= last.geometry().left()
    settle_layouts()
    assert state.geometry().right() < last.geometry().left()
    assert last.width() >= last.sizeHint().width()
    assert stale  # without settling, the grab would have drawn them over each other
