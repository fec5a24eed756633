"""Printing a register book (issue 10 §5): the incoming or outgoing register (or the secret or
copy one) of a year or a date range, as PDF to print and bind or CSV to open in a spreadsheet.

The form (ui/export_form.py) is counted in the background as the clerk chooses
(``select_register``: two short queries, no entry read). The export runs on the I/O pool
through the task bridge with a progress bar (rows written of rows counted) and a Stop button:
a stopped export writes nothing (the core writes through a temporary file and raises
``Cancelled``). Once the file is in place the dialog says how many rows went where and offers
to open the file or its folder (``QDesktopServices``). The desk records every export in the
history, as the command line does. Errors are words in the dialog; only a bug goes to the
session's error sink (which logs it and offers the details)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from app.clock import vn_today
from app.errors import AppError, Cancelled
from app.model import Direction, Register, format_number
from app.register_books import RegisterExport, RegisterSelection, select_register
from ui.errors import words_for
from ui.export_form import RegisterExportForm
from ui.session import DeskSession
from ui.tasks import Task

EXPORT_SHORTCUT = "Ctrl+Shift+E"  # the main window's "Xuất sổ đăng ký…" action
COUNT_DELAY_MS = 250  # the book is counted once the choices stop changing for this long


class ExportRegisterDialog(QDialog):
    exported = Signal(object)  # RegisterExport: the file is in place

    def __init__(
        self,
        session: DeskSession,
        parent: QWidget | None = None,
        kind: Direction | str | None = None,
        *,
        register_code: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.result_export: RegisterExport | None = None
        self.selection: RegisterSelection | None = None
        self._task: Task | None = None
        self._count_seq = 0
        self._close_when_stopped = False
        self._closed = False  # answers of work still running are dropped once closed
        self._running_fmt = "pdf"
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._count)
        self.setWindowTitle(self.tr("Xuất sổ đăng ký"))
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(600)

        today = vn_today(session.desk.ws.clock)
        self.form = RegisterExportForm(Direction(kind) if kind else Direction.INCOMING, today)
        self.form.changed.connect(self._choices_changed)

        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName(self.tr("Tiến độ xuất sổ"))
        self.progress_bar.setTextVisible(False)
        self.progress_text = QLabel()
        self.progress_text.setAccessibleName(self.tr("Số dòng đã ghi"))
        self.progress_bar.hide()
        self.progress_text.hide()

        self.notice_icon = QLabel()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setAccessibleName(self.tr("Thông báo"))
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice_icon, 0, Qt.AlignmentFlag.AlignTop)
        notice_row.addWidget(self.notice, 1)

        self.open_file_button = self._button(
            self.tr("Mở &tệp"), self.tr("Mở tệp đã xuất"), self.open_file
        )
        self.open_folder_button = self._button(
            self.tr("Mở thư &mục"), self.tr("Mở thư mục chứa tệp đã xuất"), self.open_folder
        )
        self.export_button = self._button(
            self.tr("&Xuất sổ"), self.tr("Xuất sổ"), self.start_export
        )
        self.export_button.setDefault(True)
        self.export_button.setEnabled(False)  # until the book is counted
        self.stop_button = self._button(self.tr("&Dừng"), self.tr("Dừng xuất sổ"), self.stop)
        self.close_button = self._button(self.tr("Đón&g"), self.tr("Đóng"), self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_file_button)
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        for button in (self.export_button, self.stop_button, self.close_button):
            buttons.addWidget(button)
        for button in (self.open_file_button, self.open_folder_button, self.stop_button):
            button.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.progress_text)
        layout.addLayout(notice_row)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._say("", None)
        self.session.tasks.run(
            session.desk.ws.registers,
            on_done=lambda found: self._registers_loaded(found, register_code),
            label=self.tr("Đọc danh sách sổ đăng ký"),
        )

    @property
    def gone(self) -> bool:
        """Closed or deleted: answers of work still running are dropped."""
        return self._closed or not Shiboken.isValid(self)

    def _button(self, text: str, accessible: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.clicked.connect(slot)
        return button

    # -- counting the book chosen --------------------------------------------------------------

    def _registers_loaded(self, registers: list[Register], wanted: str | None) -> None:
        if not self.gone:
            self.form.set_registers(registers, wanted)

    def _choices_changed(self) -> None:
        if not self.form.has_registers:
            return
        self.selection = None
        self.export_button.setEnabled(False)
        self.form.summary.setText(self.tr("Đang đếm văn bản trong sổ…"))
        self._count_timer.start()

    def _count(self) -> None:
        self._count_seq += 1
        seq = self._count_seq
        self.session.tasks.run(
            select_register, self.session.desk.ws, **self.form.choices(),
            on_done=lambda found: self._counted(seq, found),
            on_error=lambda error: self._count_failed(seq, error),
            label=self.tr("Đếm văn bản trong sổ"),
        )  # fmt: skip

    def _counted(self, seq: int, found: RegisterSelection) -> None:
        if self.gone or seq != self._count_seq:
            return  # closed, or the choices changed since
        self.selection = found
        if not found.rows:
            text = self.tr("Không có văn bản nào trong «{register}» cho thời gian đã chọn.")
            self.form.summary.setText(text.format(register=found.register.name))
        else:
            text = self.tr(
                "Sổ có {rows} văn bản: số {first} đến số {last}, từ ngày {since} đến ngày {until}.",
                "",
                found.rows,
            )
            self.form.summary.setText(
                text.format(
                    rows=self.number(found.rows),
                    first=format_number(found.first_number or 1),
                    last=format_number(found.last_number or 1),
                    since=_ddmmyyyy(found.date_from),
                    until=_ddmmyyyy(found.date_to),
                )
            )
        self.export_button.setEnabled(bool(found.rows) and not self.running)

    def _count_failed(self, seq: int, error: BaseException) -> None:
        if self.gone or seq != self._count_seq:
            return
        if not isinstance(error, AppError):
            self.session.errors.report(error, self.tr("Đếm văn bản trong sổ"))
        self.form.summary.setText(words_for(error).text)
        self.export_button.setEnabled(False)

    # -- exporting -----------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._task is not None

    def start_export(self) -> None:
        if self.running:
            return
        path = self.form.target()
        if path is None:
            self._say(self.tr("Hãy chọn tệp để lưu sổ."), "warning")
            self.form.path_edit.setFocus()
            return
        self.form.path_edit.setText(str(path))
        if path.is_file() and path != self.form.confirmed and not self._ask_overwrite(path):
            return
        self._running_fmt = self.form.fmt()
        self._set_running(True)
        task = self.session.tasks.run(
            self.session.desk.export_register, fmt=self.form.fmt(), out=path, allow_empty=False,
            **self.form.choices(),
            on_done=self._finished, on_error=self._failed, on_progress=self._progressed,
            label=self.tr("Xuất sổ đăng ký"), progress=True, cancellable=True, guard=True,
        )  # fmt: skip
        if not task.done:  # (a bridge delivering at once would have finished it already)
            self._task = task

    def _ask_overwrite(self, path: Path) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Tệp đã có"))
        box.setText(
            self.tr("Tệp «{name}» đã có trong thư mục này. Ghi đè lên tệp đó?").format(
                name=path.name
            )
        )
        replace = box.addButton(self.tr("&Ghi đè"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("&Không"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setAccessibleName(box.windowTitle())
        box.exec()
        return box.clickedButton() is replace

    def _set_running(self, running: bool) -> None:
        self.form.setEnabled(not running)
        self.export_button.setVisible(not running)
        self.stop_button.setVisible(running)
        self.stop_button.setEnabled(running)
        if running:
            self.export_button.setEnabled(False)
            self.open_file_button.hide()
            self.open_folder_button.hide()
            self.progress_bar.setRange(0, 0)  # busy until the first count arrives
            self.progress_bar.show()
            self.progress_text.setText(self.tr("Đang bắt đầu…"))
            self.progress_text.show()
            self._say("", None)
            self.stop_button.setFocus()
        else:
            self._task = None
            self.progress_bar.hide()
            self.progress_text.hide()
            self.export_button.setEnabled(self.selection is not None and self.selection.rows > 0)

    def _progressed(self, done: int, total: int, _detail: str = "") -> None:
        if self.gone or not self.running or total <= 0:
            return
        self.progress_bar.setRange(0, total)
        self.progress_bar.setValue(min(done, total))
        text = self.tr("Đã ghi {done} / {total} dòng", "", total).format(
            done=self.number(done), total=self.number(total)
        )
        if done >= total and self._running_fmt == "pdf":
            text += " — " + self.tr("đang hoàn tất tệp PDF…")
        if self._task is not None and self._task.cancelled:
            text = self.tr("Đang dừng…")
        self.progress_text.setText(text)

    def _finished(self, result: RegisterExport) -> None:
        if self.gone:
            return
        self._set_running(False)
        self.result_export = result
        done = self.tr("Đã xuất {rows} dòng ra {name}", "", result.rows).format(
            rows=self.number(result.rows), name=result.path.name
        )
        folder = self.tr("Thư mục: {folder}").format(folder=result.path.parent)
        self._say(f"{done}\n{folder}", "information")
        self.notice.setToolTip(str(result.path))
        self.open_file_button.show()
        self.open_folder_button.show()
        self.open_file_button.setFocus()
        self.exported.emit(result)

    def _failed(self, error: BaseException) -> None:
        if self.gone:
            return
        self._set_running(False)
        if isinstance(error, Cancelled):
            self._say(words_for(error).text, "information")
            if self._close_when_stopped:
                super().reject()
            return
        self._close_when_stopped = False
        words = words_for(error, self.tr("Xuất sổ đăng ký"))
        self._say("\n".join(filter(None, (words.text, words.hint))), "warning")
        if words.unexpected:  # a bug: the sink logs it and offers the details
            self.session.errors.report(error, self.tr("Xuất sổ đăng ký"))

    def stop(self) -> None:
        """Stop the export at its next row; nothing is written."""
        if self._task is None:
            return
        self._task.request_cancel()
        self.stop_button.setEnabled(False)
        self.progress_text.setText(self.tr("Đang dừng…"))

    def reject(self) -> None:
        """Closing while exporting stops the export first, and closes once it stopped."""
        if self.running:
            self._close_when_stopped = True
            self.stop()
            return
        super().reject()

    def done(self, code: int) -> None:
        self._closed = True
        self._count_timer.stop()
        super().done(code)

    # -- after -------------------------------------------------------------------------------

    def open_file(self) -> bool:
        return self.result_export is not None and self._open(self.result_export.path)

    def open_folder(self) -> bool:
        return self.result_export is not None and self._open(self.result_export.path.parent)

    def _open(self, path: Path) -> bool:
        """The desktop's own program for the file or folder."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return True
        text = self.tr("Không mở được «{path}»; hãy mở bằng trình quản lý tệp.")
        self._say(text.format(path=path), "warning")
        return False

    # -- words ---------------------------------------------------------------------------------

    def number(self, value: int) -> str:
        """1.234 in Vietnamese, 1,234 in English."""
        return QLocale().toString(int(value))

    def _say(self, text: str, level: str | None) -> None:
        icons = {
            "information": QStyle.StandardPixmap.SP_MessageBoxInformation,
            "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
        }
        self.notice.setText(text)
        self.notice.setToolTip("")
        if level in icons:
            size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            self.notice_icon.setPixmap(self.style().standardIcon(icons[level]).pixmap(size, size))
        self.notice_icon.setVisible(bool(text) and level in icons)
        self.notice.setVisible(bool(text))


def _ddmmyyyy(day: dt.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "…"


def export_register_action(
    session: DeskSession, parent: QWidget, kind: Direction | str | None = None
) -> QAction:
    """The main window's menu action "Xuất sổ đăng ký…" (``EXPORT_SHORTCUT``): a dialog per
    use, deleted when closed; enabled once the session's workspace is open."""
    text = QCoreApplication.translate("ExportRegisterDialog", "Xuất sổ đăng ký…")
    action = QAction(text, parent)
    action.setShortcut(QKeySequence(EXPORT_SHORTCUT))
    action.setEnabled(session.is_open)
    session.ready.connect(lambda: action.setEnabled(True))

    def show() -> None:
        dialog = ExportRegisterDialog(session, parent, kind)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    action.triggered.connect(show)
    return action


__all__ = ["COUNT_DELAY_MS", "EXPORT_SHORTCUT", "ExportRegisterDialog", "export_register_action"]
