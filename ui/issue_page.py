"""The page the number and date will be written on, drawn in the background, with the places
issuing will fill marked on it: the number and date boxes show the very texts that will be
written there, and the seal sits where it will be stamped (over the left third of the
official's signature). A picture, not an editor: the places come from the document itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

RENDER_WIDTH = 720  # device pixels of the page's width (sharp enough at the dialog's size)
MARK = QColor(25, 100, 210)  # on the white page in both palettes


def render_marked_page(path: Path, marks: Any, width: int = RENDER_WIDTH) -> QImage | None:
    """The page of the number (page 1 when none was found) as an image; on the I/O pool."""
    from ui.preview_render import TileKey, close_source, open_source, render_tile

    source = open_source(Path(path), 0)
    try:
        page = marks.number_page if marks.number_page is not None else 0
        return render_tile(source, TileKey(0, page, width))
    finally:
        close_source(source)


class MarkedPage(QWidget):
    """Draws the page image scaled to fit, and the marks over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.marks: Any = None
        self.seal: QImage | None = None
        self.message = self.tr("Đang vẽ trang văn bản…")
        self.setMinimumSize(QSize(300, 380))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Trang văn bản với vị trí số, ngày và con dấu"))

    def show_page(self, image: QImage | None, marks: Any) -> None:
        self.image, self.marks = image, marks
        self.message = "" if image is not None else self.tr("Không vẽ được trang văn bản.")
        self._describe()
        self.update()

    def show_message(self, text: str) -> None:
        self.image, self.message = None, text
        self.update()

    def set_seal(self, image: QImage | None) -> None:
        self.seal = image
        self.update()

    def _describe(self) -> None:
        """What a screen reader says of the picture: the texts and where they go."""
        m = self.marks
        if m is None:
            return
        self.setAccessibleDescription(
            self.tr("Sẽ ghi «%1» và «%2» trên trang %3.")
            .replace("%1", m.number_text)
            .replace("%2", m.date_text)
            .replace("%3", str((m.number_page or 0) + 1))
        )

    # -- drawing -------------------------------------------------------------------------------

    def page_rect(self) -> QRectF:
        if self.image is None or self.image.isNull():
            return QRectF()
        w, h = self.image.width(), self.image.height()
        scale = min((self.width() - 8) / w, (self.height() - 8) / h)
        return QRectF((self.width() - w * scale) / 2, (self.height() - h * scale) / 2,
                      w * scale, h * scale)  # fmt: skip

    def box_rect(self, page: int | None, box: Any) -> QRectF | None:
        """A box in PDF points on ``page`` as a rectangle of the widget (None: another page)."""
        m = self.marks
        shown = (m.number_page or 0) if m is not None else 0
        if m is None or box is None or page != shown or not m.page_sizes:
            return None
        width_pt, height_pt = m.page_sizes[shown]
        area = self.page_rect()
        sx, sy = area.width() / width_pt, area.height() / height_pt
        x1, y1, x2, y2 = box
        return QRectF(area.left() + x1 * sx, area.top() + (height_pt - y2) * sy,
                      (x2 - x1) * sx, (y2 - y1) * sy)  # fmt: skip

    def paintEvent(self, _event: Any) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self.image is None or self.image.isNull():
            painter.setPen(self.palette().windowText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.message)  # fmt: skip
            return
        area = self.page_rect()
        painter.drawImage(area, self.image)
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.drawRect(area)
        m = self.marks
        if m is None:
            return
        seal = self.box_rect(m.seal_page, m.seal_box)
        if seal is not None:
            if self.seal is not None and not self.seal.isNull():
                painter.setOpacity(0.85)
                painter.drawImage(seal, self.seal)
                painter.setOpacity(1.0)
            painter.setPen(QPen(MARK, 1.5, Qt.PenStyle.DashLine))
            painter.drawEllipse(seal)
        for page, box, text in ((m.number_page, m.number_box, m.number_text),
                                (m.date_page, m.date_box, m.date_text)):  # fmt: skip
            rect = self.box_rect(page, box)
            if rect is None:
                continue
            painter.fillRect(rect, QColor(255, 255, 255))
            painter.fillRect(rect, QColor(MARK.red(), MARK.green(), MARK.blue(), 40))
            font = QFont("Liberation Serif")
            font.setPixelSize(max(6, int(rect.height() * 0.62)))
            painter.setFont(font)
            painter.setPen(QColor(0, 0, 0))
            painter.drawText(rect.adjusted(2, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text)
            painter.setPen(QPen(MARK, 1.5))
            painter.drawRect(rect)


__all__ = ["MarkedPage", "render_marked_page"]
