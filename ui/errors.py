"""The one place where the window turns an error into words (docs/architecture.md, Errors).

An ``AppError`` is data; ``app.messages.describe`` words it in the user's language, and this
module adds what the window offers (the CLI adds its own options). What is not an AppError is
a bug: it is logged with its traceback, and the user reads that something went wrong, that
nothing was half-done, and where the details are. Background work (the sync worker) never pops
a dialog: ``quiet`` errors go to the status bar."""

from __future__ import annotations

import json
import logging
import traceback
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import AppError
from app.messages import describe, language

log = logging.getLogger("vanthu.ui")

UI_HINTS: dict[tuple[str, str], tuple[str, str]] = {
    ("workspace", "axis_not_configured"): (
        "Vào Cài đặt → Trục liên thông để nhập địa chỉ và mã hệ thống.",
        "Open Settings → Axis to enter the address and system id.",
    ),
    ("state", "not_signed"): (
        "Hãy ký phát hành văn bản trước khi gửi.",
        "Issue-sign the document before sending it.",
    ),
    ("invalid_input", "register_place"): (
        "Hãy hủy văn bản (Hủy…) rồi vào sổ lại.",
        "Cancel the document (Cancel…) and register it again.",
    ),
}


@dataclass(frozen=True)
class ErrorText:
    """What the user reads: one sentence, an optional hint, and details on demand."""

    text: str
    hint: str = ""
    details: str = ""
    unexpected: bool = False


def words_for(error: BaseException, context: str = "") -> ErrorText:
    lang = language()
    if isinstance(error, AppError):
        problem = str(error.data.get("problem") or getattr(error, "problem", "") or "")
        pair = UI_HINTS.get((error.code, problem))
        hint = (pair[1] if lang == "en" else pair[0]) if pair else ""
        data = {k: v for k, v in error.data.items() if v not in (None, "")}
        details = f"{error.code}: " + json.dumps(data, ensure_ascii=False, default=str)
        return ErrorText(describe(error, lang), hint, details)
    log.error("unexpected error in %s", context or "the window", exc_info=error)
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    text = (
        "An unexpected error stopped this action; nothing was half-done. The details are in"
        " the workspace log (logs/vanthu.log)."
        if lang == "en"
        else "Một lỗi không lường trước đã dừng thao tác này; không có gì bị làm dở. Chi tiết"
        " đã được ghi vào nhật ký của kho dữ liệu (logs/vanthu.log)."
    )
    return ErrorText(text, "", trace, unexpected=True)


class ErrorSink(QObject):
    """Shows errors: a dialog for what the user asked, the status bar for background work."""

    quiet_error = Signal(str)  # words for the status bar
    shown = Signal(object)  # ErrorText (tests and the status bar listen)

    def __init__(self, parent_widget: QWidget | None = None) -> None:
        super().__init__(parent_widget)
        self.parent_widget = parent_widget
        self.last: ErrorText | None = None
        self.dialogs = True  # tests turn the modal dialogs off and read ``last``

    def report(self, error: BaseException, context: str = "", *, quiet: bool = False) -> None:
        words = words_for(error, context)
        self.last = words
        self.shown.emit(words)
        if quiet or not self.dialogs:
            self.quiet_error.emit(words.text)
            return
        box = QMessageBox(self.parent_widget)
        box.setIcon(QMessageBox.Icon.Critical if words.unexpected else QMessageBox.Icon.Warning)
        box.setWindowTitle(context or "VanThu Desk")
        box.setText(words.text)
        if words.hint:
            box.setInformativeText(words.hint)
        if words.details:
            box.setDetailedText(words.details)
        box.setAccessibleName(box.windowTitle())
        box.exec()

    def __call__(self, error: BaseException, context: str = "") -> None:
        self.report(error, context)


__all__ = ["UI_HINTS", "ErrorSink", "ErrorText", "words_for"]
