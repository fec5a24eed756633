"""Small pieces of the registration dialog: a date edit that can be empty, colours that read
on the light and the dark palette, words put on a label with a tone, buttons with their
accessible names, and file sizes in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QDateEdit, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.labels import decimal

EMPTY_DATE = QDate(1900, 1, 1)  # the date edits' "nothing entered yet"


def blend(a: QColor, b: QColor, share: float) -> QColor:
    return QColor(
        round(a.red() * (1 - share) + b.red() * share),
        round(a.green() * (1 - share) + b.green() * share),
        round(a.blue() * (1 - share) + b.blue() * share),
    )


def is_dark_palette(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(palette: QPalette) -> QColor:
    """A red that reads on the light and the dark palette."""
    return QColor(255, 135, 125) if is_dark_palette(palette) else QColor(170, 20, 30)


def suggestion_color(palette: QPalette, role: QPalette.ColorRole) -> QColor:
    """The field's own background tinted amber: a suggestion, on either palette. Buttons
    (a list's face) are drawn with a light gradient over their colour: a stronger tint."""
    share = 0.30 if is_dark_palette(palette) else 0.22
    if role == QPalette.ColorRole.Button:
        share *= 1.6
    return blend(palette.color(role), QColor(255, 190, 0), share)


class DateEdit(QDateEdit):
    """A dd/MM/yyyy date edit that can be empty (None): typing a digit into the empty edit
    starts from today's day, month and year; the calendar opens on today's month; Tab goes
    to the next field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText(" ")
        self.setDate(EMPTY_DATE)
        self.today = dt.date.today()
        self.calendarWidget().installEventFilter(self)

    def value(self) -> dt.date | None:
        day = self.date()
        return None if day == EMPTY_DATE else dt.date(day.year(), day.month(), day.day())

    def set_value(self, day: dt.date | None) -> None:
        self.setDate(QDate(day.year, day.month, day.day) if day else EMPTY_DATE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        starts = event.text().isdigit() or event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down)
        if self.value() is None and starts:
            self.set_value(self.today)
            self.setCurrentSection(QDateEdit.Section.DaySection)
            self.lineEdit().setSelection(0, 2)
            if not event.text().isdigit():
                return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab leaves the field (QDateEdit's own steps through day, month and year first;
        the arrows and "/" still do)."""
        return QWidget.focusNextPrevChild(self, next)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.value() is None:
            self.calendarWidget().setCurrentPage(self.today.year, self.today.month)
        return super().eventFilter(watched, event)


def tone_color(palette: QPalette, tone: str) -> QColor | None:
    """Green, amber or red words that read on the light and the dark palette."""
    dark = is_dark_palette(palette)
    if tone == "good":
        return QColor(120, 210, 130) if dark else QColor(20, 110, 40)
    if tone == "warn":
        return QColor(240, 190, 90) if dark else QColor(150, 90, 0)
    if tone == "bad":
        return error_color(palette)
    return None


def say(label: QLabel, text: str, tone: str = "", *, keep_visible: bool = False) -> None:
    """Words on a label, coloured by their tone (good, warn, bad; plain otherwise)."""
    label.setText(text)
    label.setProperty("tone", tone)
    palette = QPalette(label.parentWidget().palette() if label.parentWidget() else label.palette())
    color = tone_color(palette, tone)
    if color is not None:
        palette.setColor(QPalette.ColorRole.WindowText, color)
    label.setPalette(palette)
    label.setVisible(bool(text) or keep_visible)


def button(
    text: str, name: str, slot: Callable[..., Any], *, tip: str = "", default: bool = False
) -> QPushButton:
    made = QPushButton(text)
    made.setAccessibleName(name)
    made.setToolTip(tip)
    made.setAutoDefault(default)
    made.setDefault(default)
    made.clicked.connect(slot)
    return made


class Legend(QWidget):
    """A swatch of the suggestion tint and what it means: the colour explains itself on
    either palette."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.swatch = QLabel()
        self.swatch.setFixedSize(28, 16)
        self.swatch.setFrameShape(QFrame.Shape.Box)
        self.swatch.setAutoFillBackground(True)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.swatch)
        row.addWidget(self.text, 1)
        self.setAccessibleName(text)

    def showEvent(self, event: Any) -> None:
        palette = QPalette(self.palette())
        palette.setColor(
            QPalette.ColorRole.Window, suggestion_color(palette, QPalette.ColorRole.Base)
        )
        self.swatch.setPalette(palette)
        super().showEvent(event)


class FileDrops(QObject):
    """One local file dropped anywhere on ``target`` (its text boxes too, which would take the
    file's name as text otherwise) while ``accepting()``: ``dropped(Path)``."""

    dropped = Signal(object)

    def __init__(self, target: QWidget, accepting: Callable[[], bool]) -> None:
        super().__init__(target)
        self.accepting = accepting
        target.setAcceptDrops(True)
        for widget in (target, *target.findChildren(QWidget)):
            widget.installEventFilter(self)

    @staticmethod
    def file_of(mime: Any) -> Path | None:
        urls = mime.urls() if mime.hasUrls() else []
        if len(urls) != 1 or not urls[0].isLocalFile():
            return None
        path = Path(urls[0].toLocalFile())
        return path if path.is_file() else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        path = self.file_of(event.mimeData())  # type: ignore[attr-defined]
        if path is None:
            return False  # text dragged between boxes stays the boxes' business
        if not self.accepting():
            event.ignore()
            return True
        event.acceptProposedAction()  # type: ignore[attr-defined]
        if kind == QEvent.Type.Drop:
            self.dropped.emit(path)
        return True


def size_words(size: int) -> str:
    """1,5 MB in Vietnamese, 1.5 MB in English."""
    if size >= 1024 * 1024:
        return f"{decimal(size / (1024 * 1024))} MB"
    return f"{max(1, round(size / 1024))} KB"


__all__ = [
    "EMPTY_DATE",
    "DateEdit",
    "FileDrops",
    "Legend",
    "blend",
    "button",
    "error_color",
    "is_dark_palette",
    "say",
    "size_words",
    "suggestion_color",
    "tone_color",
]
