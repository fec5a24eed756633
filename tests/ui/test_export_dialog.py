"""The register export dialog (ui/export_dialog.py) over a real workspace of a few hundred
documents, exporting real PDF and CSV books read back with tools we did not write (poppler's
pdftotext, the csv module); the counts the dialog must show come from our own SQL on the
database file, not from the code under test.

Faked, and why: opening a file with the desktop's program cannot run here, so a handler for
the ``file`` scheme is registered with ``QDesktopServices.setUrlHandler`` and records the URLs
the dialog asks to open (the dialog's own code, ``QDesktopServices.openUrl``, is not patched).
To stop an export at a known moment, some tests slow the core down: the row formatter takes
5 ms a row and waits on a gate after 60 rows (a slow disk, in effect); the export itself is
the real one."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
)

from app import register_books
from app.clock import VN_TZ, fixed_clock
from app.documents import DocumentService
from app.drafts import OutgoingDraft
from app.errors import Cancelled
from app.messages import describe
from app.model import Direction
from app.sample_data import SampleGenerator
from app.workspace import Workspace
from tests.nd30 import INCOMING_HEADINGS, OUTGOING_HEADINGS
from ui.application import apply_theme, install_translation
from ui.export_dialog import ExportRegisterDialog, export_register_action
from ui.export_form import documents_folder
from ui.session import DeskSession

pytestmark = pytest.mark.gui

NOW = dt.datetime(2026, 11, 26, 9, 30, tzinfo=VN_TZ)
ARRIVALS = (dt.date(2026, 1, 15), dt.date(2026, 3, 10), dt.date(2026, 11, 20))  # 100 each
GATE_ROW = 60
SHOTS = os.environ.get("VANTHU_SHOTS")  # e.g. ../notes/ui/export: keep the screenshots


def _lines(gen: SampleGenerator, first: int, count: int) -> Iterator[tuple[int, dict]]:
    for line in range(first, first + count):
        d = gen.document(dt.date(2026, 1, 2) + dt.timedelta(days=line % 300))
        yield line, {
            "from_org_id": d.from_org_id, "from_org_name": d.from_org_name,
            "code_number": d.code_number, "code_notation": d.code_notation,
            "issued_date": min(d.issued_date, ARRIVALS[0]).isoformat(), "doc_type": d.doc_type,
            "subject": d.subject, "signer": d.signer, "urgency": d.urgency,
        }  # fmt: skip


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 incoming documents arrived on three days, 6 outgoing ones; the secret register
    stays empty."""
    path = tmp_path_factory.mktemp("export") / "ws"
    ws = Workspace.create(path, "000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND")
    documents, gen = DocumentService(ws), SampleGenerator(seed=11)
    for batch, day in enumerate(ARRIVALS):
        ws.clock = fixed_clock(dt.datetime.combine(day, dt.time(9), tzinfo=VN_TZ))
        report = documents.import_incoming(_lines(gen, batch * 100 + 1, 100))
        assert report.imported == 100, report
    for n in range(6):
        draft = OutgoingDraft.build(
            doc_type_value="CV", unit="VP", subject=f"Về việc báo cáo tháng {n + 1}"
        )
        documents.register_outgoing(draft)
    ws.close()
    return path


@pytest.fixture(scope="module")
def session(home: Path, qapp: QApplication) -> Iterator[DeskSession]:
    install_translation(qapp, "vi")
    opened = DeskSession(home)
    opened.errors.dialogs = False
    opened.open()
    deadline = time.monotonic() + 30
    while not opened.is_open and time.monotonic() < deadline:
        qapp.processEvents()
        time.sleep(0.01)
    assert opened.is_open, "the workspace did not open"
    opened.desk.ws.clock = fixed_clock(NOW)  # "this year" is 2026 whatever the machine says
    yield opened
    opened.close()


@pytest.fixture
def dialog(session: DeskSession, qtbot) -> ExportRegisterDialog:
    session.errors.last = None
    shown = ExportRegisterDialog(session)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: shown.selection is not None, timeout=10_000)
    return shown


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


class Opened(QObject):
    """Stands for the desktop's file manager and viewers: records what was asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened() -> Iterator[Opened]:
    handler = Opened()
    QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QDesktopServices.unsetUrlHandler("file")


def sql(home: Path, query: str, *args: object) -> list[tuple]:
    conn = sqlite3.connect(f"file:{home / 'vanthu.db'}?mode=ro", uri=True)
    try:
        return conn.execute(query, args).fetchall()
    finally:
        conn.close()


def count(home: Path, where: str, *args: object) -> int:
    return sql(home, f"SELECT count(*) FROM documents WHERE number IS NOT NULL AND {where}", *args)[
        0
    ][0]


def export_events(home: Path) -> list[dict]:
    rows = sql(home, "SELECT details FROM events WHERE action = 'export' ORDER BY id")
    return [json.loads(r[0]) for r in rows]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def pdf_text(path: Path, *options: str) -> str:
    run = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, check=True)
    return run.stdout.decode("utf-8")


def recount(qtbot, dialog: ExportRegisterDialog) -> None:
    """Wait for the count of the choices just made."""
    qtbot.waitUntil(lambda: dialog.selection is None, timeout=2_000)
    qtbot.waitUntil(lambda: dialog.selection is not None, timeout=10_000)


def export(qtbot, dialog: ExportRegisterDialog, path: Path) -> list[tuple[int, int]]:
    """Click Export with ``path`` and wait for the end; the progress bar's (value, maximum)."""
    seen: list[tuple[int, int]] = []
    bar = dialog.progress_bar
    bar.valueChanged.connect(lambda value: seen.append((value, bar.maximum())))
    dialog.form.path_edit.setText(str(path))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    return seen


# --- the form --------------------------------------------------------------------------------


def test_the_form_offers_the_registers_of_each_direction_and_names_the_file(dialog, home, qtbot):
    form = dialog.form
    assert form.incoming.isChecked() and form.year.value() == 2026
    names = dict(sql(home, "SELECT direction, group_concat(name, '|') FROM registers GROUP BY 1"))
    shown = [form.register_box.itemText(i) for i in range(form.register_box.count())]
    assert shown == names["incoming"].split("|")
    total = count(home, "direction = 'incoming' AND year = 2026")
    assert f"Sổ có {dialog.number(total)} văn bản" in form.summary.text()
    assert Path(form.path_edit.text()) == documents_folder() / "so-den-2026.pdf"
    assert dialog.export_button.isEnabled()

    form.outgoing.setChecked(True)
    shown = [form.register_box.itemText(i) for i in range(form.register_box.count())]
    assert sorted(shown) == sorted(names["outgoing"].split("|"))  # the secret and copy ones too
    assert form.register_code() == "di"
    form.csv.setChecked(True)
    assert Path(form.path_edit.text()).name == "so-di-2026.csv"
    form.register_box.setCurrentIndex(form.register_box.findData("di-mat"))
    form.date_range.setChecked(True)
    assert Path(form.path_edit.text()).name == "so-di-mat-2026-01-01_2026-11-26.csv"
    assert form.date_from.displayFormat() == "dd/MM/yyyy"
    recount(qtbot, dialog)
    assert "Không có văn bản nào trong «Sổ đăng ký văn bản đi (mật)»" in form.summary.text()
    assert not dialog.export_button.isEnabled()


def test_a_typed_name_chooses_the_format_and_lands_in_documents(dialog, qtbot):
    form = dialog.form
    form.path_edit.clear()
    qtbot.keyClicks(form.path_edit, "so-luu.csv")
    form.path_edit.editingFinished.emit()  # what leaving the field does
    assert form.csv.isChecked()
    assert form.target() == documents_folder() / "so-luu.csv"
    form.pdf.setChecked(True)
    assert form.target() == documents_folder() / "so-luu.pdf"
    form.outgoing.setChecked(True)  # a name the clerk typed stays
    assert form.target() == documents_folder() / "so-luu.pdf"


def test_the_save_dialog_chooses_the_file(dialog, outdir, qtbot):
    form = dialog.form
    form.native_file_dialog = False
    chosen = outdir / "so-den-quy-1.csv"

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QFileDialog)
        assert box.selectedNameFilter() == "Tệp PDF (*.pdf)"
        name = box.findChild(QLineEdit, "fileNameEdit")  # where the user types the name
        name.setText(str(chosen))
        box.accept()

    QTimer.singleShot(200, answer)
    qtbot.mouseClick(form.choose_button, Qt.MouseButton.LeftButton)
    assert Path(form.path_edit.text()) == chosen
    assert form.csv.isChecked()


# --- exporting -------------------------------------------------------------------------------


def test_export_pdf_of_a_year_with_progress_then_open_it(dialog, home, outdir, qtbot, opened):
    total = count(home, "direction = 'incoming' AND year = 2026")
    events = len(export_events(home))
    out = outdir / "so-den-2026.pdf"

    progress = export(qtbot, dialog, out)

    assert dialog.result_export is not None and dialog.result_export.rows == total
    assert progress[-1] == (total, total)  # the bar reached the total it was given
    assert any(0 < value < total for value, _ in progress)  # and showed the way there
    assert {maximum for value, maximum in progress if value} == {total}
    text = " ".join(pdf_text(out).split())
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in text and "Năm: 2026" in text
    assert f"Từ số 01 đến số {total:02d}" in text
    assert all(
        h in " ".join(pdf_text(out, "-f", "2", "-l", "2").split()) for h in INCOMING_HEADINGS
    )
    first, last = sql(
        home,
        "SELECT code_number || '/' || code_notation FROM documents WHERE direction = 'incoming'"
        " AND number IN (1, ?) ORDER BY number",
        total,
    )
    assert first[0] in text and last[0] in text
    assert dialog.notice.text().startswith(f"Đã xuất {dialog.number(total)} dòng ra {out.name}")
    assert str(outdir) in dialog.notice.text()
    assert sorted(p.name for p in outdir.iterdir()) == [out.name]
    (event,) = export_events(home)[events:]
    assert (event["kind"], event["format"], event["rows"], event["file"]) == (
        "incoming", "pdf", total, str(out),
    )  # fmt: skip

    assert dialog.open_file_button.isVisible() and dialog.open_folder_button.isVisible()
    qtbot.mouseClick(dialog.open_file_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert opened.urls == [QUrl.fromLocalFile(str(out)), QUrl.fromLocalFile(str(outdir))]


def test_export_csv_of_a_date_range(dialog, home, outdir, qtbot):
    form = dialog.form
    form.csv.setChecked(True)
    form.date_range.setChecked(True)
    form.date_from.setDate(dt.date(2026, 3, 1))
    form.date_to.setDate(dt.date(2026, 3, 31))
    recount(qtbot, dialog)
    march = count(
        home, "direction = 'incoming' AND arrival_date BETWEEN '2026-03-01' AND '2026-03-31'"
    )
    assert march and f"Sổ có {dialog.number(march)} văn bản" in form.summary.text()
    out = outdir / "thang-3.csv"

    progress = export(qtbot, dialog, out)

    rows = read_csv(out)
    assert rows[0] == INCOMING_HEADINGS
    assert len(rows) - 1 == march == dialog.result_export.rows
    assert {row[0] for row in rows[1:]} == {"10/03/2026"}  # the arrival date column
    assert progress[-1] == (march, march)


def test_export_outgoing_csv(dialog, home, outdir, qtbot):
    dialog.form.outgoing.setChecked(True)
    dialog.form.csv.setChecked(True)
    recount(qtbot, dialog)
    out = outdir / "so-di.csv"
    export(qtbot, dialog, out)
    rows = read_csv(out)
    assert rows[0] == OUTGOING_HEADINGS
    assert len(rows) - 1 == count(
        home, "register_id = (SELECT id FROM registers WHERE code = 'di')"
    )
    assert rows[1][0] == "01/UBND-VP"


def test_a_missing_folder_is_refused_in_words(dialog, outdir, qtbot):
    out = outdir / "khong-co" / "so.pdf"
    export(qtbot, dialog, out)
    assert dialog.result_export is None
    assert "không ghi được vào" in dialog.notice.text()
    assert str(out) in dialog.notice.text()
    assert dialog.notice.isVisible() and not dialog.progress_bar.isVisible()
    assert dialog.export_button.isEnabled() and dialog.form.isEnabled()
    assert not (outdir / "khong-co").exists()
    assert dialog.session.errors.last is None  # words in the dialog, no error box


def test_an_empty_register_is_refused_in_words(dialog, outdir, qtbot):
    dialog.form.outgoing.setChecked(True)
    dialog.form.register_box.setCurrentIndex(dialog.form.register_box.findData("di-mat"))
    dialog.form.path_edit.setText(str(outdir / "mat.pdf"))
    dialog.start_export()  # as if clicked before the count came back
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)
    assert "không có văn bản nào" in dialog.notice.text()
    assert list(outdir.iterdir()) == []


def test_an_existing_file_is_replaced_only_when_the_clerk_says_so(dialog, outdir, qtbot):
    out = outdir / "so.csv"
    out.write_text("sổ in tuần trước")
    dialog.form.csv.setChecked(True)  # the format is no part of the count
    assert dialog.selection is not None and dialog.export_button.isEnabled()

    def answer(button: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and out.name in box.text()
        (choice,) = [b for b in box.buttons() if b.text().replace("&", "") == button]
        choice.click()

    QTimer.singleShot(200, lambda: answer("Không"))
    dialog.form.path_edit.setText(str(out))
    dialog.start_export()
    assert not dialog.running and out.read_text() == "sổ in tuần trước"

    QTimer.singleShot(200, lambda: answer("Ghi đè"))
    dialog.start_export()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert read_csv(out)[0] == INCOMING_HEADINGS


# --- stopping --------------------------------------------------------------------------------


@pytest.fixture
def slow_rows(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """A slow disk: the row formatter takes 5 ms a row, and after 60 rows waits on ``gate``
    (``reached`` is set then). At that pace the bridge, which passes at most one progress
    update per 50 ms, has shown the bar moving before the export stops at the gate."""
    reached, gate, real = threading.Event(), threading.Event(), register_books._entry
    calls = [0]

    def entry(kind, row):
        calls[0] += 1
        if calls[0] <= GATE_ROW:
            time.sleep(0.005)
        if calls[0] == GATE_ROW:
            reached.set()
            gate.wait(20)
        return real(kind, row)

    monkeypatch.setattr(register_books, "_entry", entry)
    yield reached, gate
    gate.set()


def test_stop_writes_nothing(dialog, home, outdir, qtbot, slow_rows):
    reached, gate = slow_rows
    events = len(export_events(home))
    dialog.form.path_edit.setText(str(outdir / "so-den-2026.pdf"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    assert dialog.stop_button.isVisible() and not dialog.form.isEnabled()
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    assert dialog.progress_text.text() == "Đang dừng…"
    gate.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=10_000)

    assert dialog.notice.text() == describe(Cancelled("register_export"), "vi")
    assert dialog.notice.text().startswith("Đã dừng xuất sổ")
    assert list(outdir.iterdir()) == []  # no book, no temporary file
    assert len(export_events(home)) == events
    assert dialog.export_button.isVisible() and dialog.form.isEnabled()


def test_closing_while_exporting_stops_then_closes(dialog, outdir, qtbot, slow_rows):
    reached, gate = slow_rows
    dialog.form.path_edit.setText(str(outdir / "so.csv"))
    dialog.form.csv.setChecked(True)
    dialog.start_export()
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    dialog.reject()  # Esc, the Close button or the window's X
    assert dialog.isVisible()  # not before the export stopped
    gate.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    assert list(outdir.iterdir()) == []


# --- what it looks like ----------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots(session, home, outdir, qtbot, qapp, slow_rows, theme, tmp_path):
    folder = Path(SHOTS) if SHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    style, palette = qapp.style().name(), QPalette(qapp.palette())
    if theme == "dark":
        apply_theme(qapp, "dark")
    try:
        reached, gate = slow_rows
        shown = ExportRegisterDialog(session, kind=Direction.INCOMING)
        qtbot.addWidget(shown)
        shown.show()
        qtbot.waitUntil(lambda: shown.selection is not None, timeout=10_000)
        shots = {"form": shown.grab()}
        shown.form.path_edit.setText(str(outdir / "so-den-2026.pdf"))
        shown.start_export()
        qtbot.waitUntil(reached.is_set, timeout=10_000)
        qtbot.waitUntil(lambda: shown.progress_bar.value() > 0, timeout=5_000)
        shots["progress"] = shown.grab()
        gate.set()
        qtbot.waitUntil(lambda: not shown.running, timeout=60_000)
        assert shown.result_export is not None
        shots["done"] = shown.grab()
        for name, pixmap in shots.items():
            image = pixmap.toImage()
            assert not image.isNull() and image.width() >= 600
            corner = image.pixelColor(2, image.height() - 2)
            assert (corner.lightness() < 100) == (theme == "dark"), name
            assert pixmap.save(str(folder / f"export-{name}-{theme}.png"))
    finally:
        qapp.setStyle(style)
        qapp.setPalette(palette)


# --- keyboard and the menu action -------------------------------------------------------------


def test_keyboard_only(dialog, outdir, qtbot, opened):
    """Alt+C picks CSV, Alt+L goes to the file, Enter exports, Alt+T opens the file."""
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2_000)
    qtbot.keyClick(dialog, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.form.csv.isChecked, timeout=2_000)  # a mnemonic clicks 100 ms later
    qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    edit = dialog.form.path_edit
    assert edit.hasFocus()
    edit.selectAll()
    out = outdir / "ban-phim.csv"
    qtbot.keyClicks(edit, str(out))
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result_export is not None, timeout=30_000)
    assert read_csv(out)[0] == INCOMING_HEADINGS
    qtbot.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: opened.urls == [QUrl.fromLocalFile(str(out))], timeout=2_000)


def test_the_menu_action_opens_the_dialog(session, qtbot, tmp_path):
    window = QMainWindow()
    qtbot.addWidget(window)
    not_yet = DeskSession(tmp_path / "not-open")
    assert not export_register_action(not_yet, window).isEnabled()  # until the workspace is open
    not_yet.close()
    action = export_register_action(session, window, Direction.OUTGOING)
    assert action.shortcut() == QKeySequence("Ctrl+Shift+E")
    action.trigger()
    (shown,) = window.findChildren(ExportRegisterDialog)
    assert shown.isVisible() and shown.form.outgoing.isChecked()
    qtbot.waitUntil(lambda: shown.selection is not None, timeout=10_000)
    assert shown.form.register_code() == "di"
    shown.reject()
    assert not shown.isVisible()
