"""The choices of a register book to print (the export dialog's form): incoming or outgoing,
which register of that direction, a year or a date range, PDF or CSV, and the file to write.

Plain widgets, no work: the dialog (ui/export_dialog.py) gives the registers it read in the
background and listens to ``changed``. The file name follows the choices (``so-den-2026.pdf``
in the user's Documents folder) until the clerk names the file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from app.model import Direction, Register
from app.textfold import fold

FORMATS = ("pdf", "csv")


def default_file_name(
    register_code: str,
    fmt: str,
    year: int | None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> str:
    """``so-den-2026.pdf``, ``so-di-mat-2026.csv``, ``so-den-2026-01-01_2026-03-31.pdf``."""
    slug = re.sub(r"[^a-z0-9]+", "-", fold(register_code).lower()).strip("-") or "dang-ky"
    if year is not None:
        period = str(year)
    else:
        period = "_".join(f"{d:%Y-%m-%d}" for d in (date_from, date_to) if d) or "tat-ca"
    return f"so-{slug}-{period}.{fmt}"


def documents_folder() -> Path:
    """The user's Documents folder (their home where there is none)."""
    where = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(where) if where else Path.home()
    return folder if folder.is_dir() else Path.home()


class RegisterExportForm(QWidget):
    changed = Signal()  # the book chosen changed (not the file or the format)

    def __init__(self, kind: Direction, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.native_file_dialog = True  # tests use Qt's own dialog
        self.confirmed: Path | None = None  # the save dialog already asked about overwriting
        self._registers: list[Register] = []
        self._auto_name = True
        self._built = False
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)

        self.incoming = self._radio(self.tr("Sổ văn &bản đến"), self.tr("Sổ văn bản đến"))
        self.outgoing = self._radio(self.tr("Sổ văn bản đ&i"), self.tr("Sổ văn bản đi"))
        (self.outgoing if kind is Direction.OUTGOING else self.incoming).setChecked(True)
        kinds = self._group(self.incoming, self.outgoing)
        kinds.buttonToggled.connect(lambda _b, on: on and self._fill_registers())
        form.addRow(self.tr("Loại sổ:"), self._row(self.incoming, self.outgoing))

        self.register_box = QComboBox()
        self.register_box.setAccessibleName(self.tr("Sổ đăng ký"))
        self.register_box.setMinimumContentsLength(30)
        self.register_box.currentIndexChanged.connect(lambda _i: self._changed())
        form.addRow(self._buddy(self.tr("&Sổ:"), self.register_box), self.register_box)

        self.whole_year = self._radio(self.tr("Cả &năm"), self.tr("Cả năm"))
        self.year = QSpinBox()
        self.year.setRange(1945, 2100)
        self.year.setValue(today.year)
        self.year.setAccessibleName(self.tr("Năm"))
        self.date_range = self._radio(self.tr("&Khoảng ngày: từ"), self.tr("Khoảng ngày"))
        self.date_from = self._date_edit(QDate(today.year, 1, 1), self.tr("Từ ngày"))
        self.date_to = self._date_edit(QDate(today), self.tr("Đến ngày"))
        self._group(self.whole_year, self.date_range)
        self.whole_year.setChecked(True)
        grid = QGridLayout()
        grid.addWidget(self.whole_year, 0, 0)
        grid.addWidget(self.year, 0, 1)
        grid.addWidget(self.date_range, 1, 0)
        grid.addWidget(self.date_from, 1, 1)
        grid.addWidget(QLabel(self.tr("đến")), 1, 2)
        grid.addWidget(self.date_to, 1, 3)
        grid.setColumnStretch(4, 1)
        self.whole_year.toggled.connect(self._period_toggled)
        self.year.valueChanged.connect(lambda _v: self._changed())
        self.date_from.dateChanged.connect(lambda _d: self._changed())
        self.date_to.dateChanged.connect(lambda _d: self._changed())
        form.addRow(self.tr("Thời gian:"), grid)
        self._period_toggled(True)

        self.pdf = self._radio(self.tr("&PDF — để in và đóng quyển"), self.tr("Định dạng PDF"))
        self.csv = self._radio(self.tr("&CSV — mở bằng Excel"), self.tr("Định dạng CSV"))
        self.pdf.setChecked(True)
        formats = self._group(self.pdf, self.csv)
        formats.buttonToggled.connect(lambda _b, on: on and self._format_changed())
        form.addRow(self.tr("Định dạng:"), self._row(self.pdf, self.csv))

        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(self.tr("Tệp để lưu"))
        self.path_edit.textEdited.connect(self._path_typed)
        self.path_edit.editingFinished.connect(self._follow_extension)
        self.choose_button = QPushButton(self.tr("C&họn…"))
        self.choose_button.setAccessibleName(self.tr("Chọn tệp để lưu"))
        self.choose_button.clicked.connect(self.choose_file)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        form.addRow(self._buddy(self.tr("&Lưu vào:"), self.path_edit), row)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Số văn bản sẽ xuất"))
        form.addRow("", self.summary)
        self._built = True
        self._update_name()

    # -- building ------------------------------------------------------------------------------

    def _radio(self, text: str, accessible: str) -> QRadioButton:
        button = QRadioButton(text)
        button.setAccessibleName(accessible)
        return button

    def _group(self, *buttons: QRadioButton) -> QButtonGroup:
        group = QButtonGroup(self)
        for button in buttons:
            group.addButton(button)
        return group

    def _row(self, *widgets: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for widget in widgets:
            row.addWidget(widget)
        row.addStretch(1)
        return row

    def _buddy(self, text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    def _date_edit(self, date: QDate, accessible: str) -> QDateEdit:
        edit = QDateEdit(date)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setCalendarPopup(True)
        edit.setAccessibleName(accessible)
        return edit

    def _period_toggled(self, _on: bool) -> None:
        by_year = self.whole_year.isChecked()
        self.year.setEnabled(by_year)
        self.date_from.setEnabled(not by_year)
        self.date_to.setEnabled(not by_year)
        self._changed()

    # -- what is chosen ------------------------------------------------------------------------

    def kind(self) -> Direction:
        return Direction.OUTGOING if self.outgoing.isChecked() else Direction.INCOMING

    def register_code(self) -> str | None:
        code = self.register_box.currentData()
        return str(code) if code else None

    def fmt(self) -> str:
        return "csv" if self.csv.isChecked() else "pdf"

    def choices(self) -> dict[str, Any]:
        """The book chosen, as ``select_register`` and ``Desk.export_register`` take it."""
        by_year = self.whole_year.isChecked()
        return {
            "kind": self.kind(),
            "register_code": self.register_code(),
            "year": self.year.value() if by_year else None,
            "date_from": None if by_year else self.date_from.date().toPython(),
            "date_to": None if by_year else self.date_to.date().toPython(),
        }

    @property
    def has_registers(self) -> bool:
        return bool(self._registers)

    def set_registers(self, registers: list[Register], wanted: str | None = None) -> None:
        """The workspace's registers (read in the background); ``wanted`` is chosen first."""
        self._registers = list(registers)
        chosen = next((r for r in self._registers if r.code == wanted), None)
        if chosen is not None and chosen.direction is not self.kind():
            other = self.outgoing if chosen.direction is Direction.OUTGOING else self.incoming
            other.setChecked(True)  # fills the registers of that direction
        self._fill_registers(wanted)

    def _fill_registers(self, wanted: str | None = None) -> None:
        mine = [r for r in self._registers if r.direction is self.kind()]
        codes = [r.code for r in mine]
        normal = next((r.code for r in mine if r.series == "normal"), None)
        pick = wanted if wanted in codes else normal
        self.register_box.blockSignals(True)
        self.register_box.clear()
        for register in mine:
            self.register_box.addItem(register.name, register.code)
        self.register_box.setCurrentIndex(codes.index(pick) if pick in codes else 0)
        self.register_box.blockSignals(False)
        self._changed()

    def _changed(self) -> None:
        if self._built:
            self._update_name()
            self.changed.emit()

    # -- the file ------------------------------------------------------------------------------

    def default_name(self) -> str:
        c = self.choices()
        code = c["register_code"] or ("den" if c["kind"] is Direction.INCOMING else "di")
        return default_file_name(code, self.fmt(), c["year"], c["date_from"], c["date_to"])

    def _update_name(self) -> None:
        if not self._auto_name:
            return
        current = self.path_edit.text().strip()
        folder = Path(current).parent if current else documents_folder()
        self.path_edit.setText(str(folder / self.default_name()))

    def _path_typed(self, _text: str) -> None:
        self._auto_name = False
        self.confirmed = None

    def _follow_extension(self) -> None:
        """A name typed with .csv or .pdf chooses the format."""
        suffix = Path(self.path_edit.text().strip()).suffix.lower().lstrip(".")
        if suffix in FORMATS and suffix != self.fmt():
            (self.csv if suffix == "csv" else self.pdf).setChecked(True)

    def _format_changed(self) -> None:
        text = self.path_edit.text().strip()
        if text and Path(text).suffix.lower().lstrip(".") in FORMATS:
            self.path_edit.setText(str(Path(text).with_suffix(f".{self.fmt()}")))
        self.confirmed = None
        self._update_name()

    def target(self) -> Path | None:
        """The file to write: what the field says, in Documents when no folder is given, with
        the format's extension."""
        text = self.path_edit.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = documents_folder() / path
        if path.suffix.lower().lstrip(".") in FORMATS:
            return path.with_suffix(f".{self.fmt()}")
        return path.with_name(f"{path.name}.{self.fmt()}")

    def choose_file(self) -> None:
        """The save dialog (the platform's own unless ``native_file_dialog`` is off)."""
        start = self.target() or documents_folder() / self.default_name()
        dialog = QFileDialog(self, self.tr("Lưu sổ đăng ký"), str(start.parent))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        filters = {"pdf": self.tr("Tệp PDF (*.pdf)"), "csv": self.tr("Tệp CSV (*.csv)")}
        dialog.setNameFilters(list(filters.values()))
        dialog.selectNameFilter(filters[self.fmt()])
        dialog.setDefaultSuffix(self.fmt())
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not self.native_file_dialog)
        dialog.selectFile(start.name)
        dialog.setAccessibleName(dialog.windowTitle())
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return
        self._auto_name = False
        self.path_edit.setText(dialog.selectedFiles()[0])
        self._follow_extension()
        self.confirmed = self.target()  # the dialog asked before an existing file was chosen


__all__ = ["FORMATS", "RegisterExportForm", "default_file_name", "documents_folder"]
