"""Pieces the Settings pages share: the lock shown beside a setting an administrator fixed,
a page's base class, and a line of notice in words."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QWidget

from ui.application import is_dark

OK_LIGHT, OK_DARK = "#1b6e2e", "#7ed492"
BAD_LIGHT, BAD_DARK = "#b3261e", "#ff9d94"


def lock_pixmap(size: int = 14) -> QPixmap:
    """A padlock drawn in the palette's text colour (no emoji font is needed)."""
    ratio = 2.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    colour = QApplication.palette().color(QPalette.ColorRole.WindowText)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, size / 8)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    w = size
    painter.drawArc(QRectF(w * 0.28, w * 0.08, w * 0.44, w * 0.5), 0, 180 * 16)
    painter.drawLine(QPointF(w * 0.28, w * 0.33), QPointF(w * 0.28, w * 0.48))
    painter.drawLine(QPointF(w * 0.72, w * 0.33), QPointF(w * 0.72, w * 0.48))
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(w * 0.16, w * 0.46, w * 0.68, w * 0.46), w * 0.08, w * 0.08)
    painter.end()
    return pixmap


def lock_icon() -> QIcon:
    return QIcon(lock_pixmap(16))


class LockBadge(QWidget):
    """ "🔒 do quản trị viên đặt", shown beside a locked setting (hidden otherwise)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel()
        self.icon.setPixmap(lock_pixmap())
        self.text = muted(QLabel(self.tr("do quản trị viên đặt")))
        self.text.setWordWrap(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.icon)
        layout.addWidget(self.text)
        self.setAccessibleName(self.text.text())
        self.setToolTip(self.tr("Quản trị viên đã cố định cài đặt này; không thay đổi được ở đây."))
        self.hide()

    def set_locked(self, locked: bool) -> None:
        self.setVisible(locked)


def with_lock(field: QWidget) -> tuple[QWidget, LockBadge]:
    """``field`` in a row with its lock badge."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    badge = LockBadge()
    layout.addWidget(badge)
    return row, badge


def lock(widgets: list[QWidget], badge: LockBadge, locked: bool) -> None:
    for widget in widgets:
        widget.setEnabled(not locked)
        if locked:
            widget.setToolTip(badge.toolTip())
    badge.set_locked(locked)


def fill(text: str, *values: object) -> str:
    """``%1``, ``%2``… of a translated text replaced by ``values`` (as Qt's ``arg``)."""
    for number in range(len(values), 0, -1):  # %10 before %1
        text = text.replace(f"%{number}", str(values[number - 1]))
    return text


def colour(ok: bool) -> str:
    dark = is_dark()
    return (OK_DARK if dark else OK_LIGHT) if ok else (BAD_DARK if dark else BAD_LIGHT)


class NoticeLabel(QLabel):
    """One line of result or problem in words, green or red (readable on both palettes)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAccessibleName(name)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def say(self, text: str, ok: bool | None = None) -> None:
        self.setText(text)
        if ok is None:
            self.setStyleSheet("")
        else:
            self.setStyleSheet(f"color: {colour(ok)};")

    def clear_notice(self) -> None:
        self.say("")


def muted(label: QLabel) -> QLabel:
    """A remark in the palette's placeholder colour."""
    palette = label.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText,
        QColor(QApplication.palette().color(QPalette.ColorRole.PlaceholderText)),
    )
    label.setPalette(palette)
    label.setWordWrap(True)
    return label


__all__ = [
    "LockBadge",
    "NoticeLabel",
    "colour",
    "fill",
    "lock",
    "lock_icon",
    "lock_pixmap",
    "muted",
    "with_lock",
]
