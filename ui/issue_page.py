"""The pages issuing writes on, drawn in the background, with the places it will fill marked on
them: the number and date boxes (on the number's page) show the very texts that will be written
there, and the seal sits where it will be stamped (over the left third of the official's
signature, often on the last page). When those are two pages, a switcher shows one or the
other. A picture, not an editor: the places come from the document itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QPushButton, QSizePolicy, QWidget

RENDER_WIDTH = 720  # device pixels of the page's width (sharp enough at the dialog's size)
MARK = QColor(25, 100, 210)  # on the white page in both palettes


def render_marked_pages(path: Path, marks: Any, width: int = RENDER_WIDTH) -> dict[int, QImage]:
    """The number's page (page 1 when none was found) and the seal's page, when another, as
    images by their 0-based index; on the I/O pool. A page that cannot be drawn is left out."""
    from ui.preview_render import TileKey, close_source, open_source, render_tile

    source = open_source(Path(path), 0)
    try:
        wanted = [number_page(marks)]
        if marks.seal_page is not None and marks.seal_page not in wanted:
            wanted.append(marks.seal_page)
        drawn = {page: render_tile(source, TileKey(0, page, width)) for page in wanted}
        return {page: image for page, image in drawn.items() if image is not None}
    finally:
        close_source(source)


def number_page(marks: Any) -> int:
    return marks.number_page if marks is not None and marks.number_page is not None else 0


class MarkedPage(QWidget):
    """Draws the page image scaled to fit, and the marks over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.images: dict[int, QImage] = {}
        self.shown = 0  # the page drawn (0-based)
        self.marks: Any = None
        self.texts = True  # False: the number and date are not known (a refused date)
        self.seal: QImage | None = None
        self.message = self.tr("Đang vẽ trang văn bản…")
        self.setMinimumSize(QSize(300, 380))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Trang văn bản với vị trí số, ngày và con dấu"))

    @property
    def image(self) -> QImage | None:
        """The image of the page shown (None while drawing, or when it could not be drawn)."""
        return self.images.get(self.shown)

    def show_pages(self, images: dict[int, QImage], marks: Any) -> None:
        self.images, self.marks, self.shown = dict(images), marks, number_page(marks)
        self.message = "" if self.image is not None else self.tr("Không vẽ được trang văn bản.")
        self._describe()
        self.update()

    def show_marks(self, marks: Any, *, texts: bool = True) -> None:
        """New marks on the same pages (another date: another number and date text)."""
        self.marks, self.texts = marks, texts
        self._describe()
        self.update()

    def show_page_number(self, page: int) -> None:
        """Draw page ``page`` (0-based) of those drawn."""
        if page in self.images:
            self.shown = page
            self._describe()
            self.update()

    def show_message(self, text: str) -> None:
        self.images, self.message = {}, text
        self.update()

    def set_seal(self, image: QImage | None) -> None:
        self.seal = image
        self.update()

    def _describe(self) -> None:
        """What a screen reader says of the picture: the texts and where they go."""
        m = self.marks
        if m is None:
            return
        text = (
            self.tr("Sẽ ghi «%1» và «%2» trên trang %3.")
            .replace("%1", m.number_text)
            .replace("%2", m.date_text)
            .replace("%3", str(number_page(m) + 1))
        )
        if m.seal_page is not None:
            text += " " + self.tr("Con dấu đóng trên trang %1.").replace("%1", str(m.seal_page + 1))
        self.setAccessibleDescription(text)

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
        if m is None or box is None or page != self.shown or not m.page_sizes:
            return None
        width_pt, height_pt = m.page_sizes[self.shown]
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
            painter.setPen(QPen(MARK, 1.5))
            painter.drawRect(rect)
            if not self.texts:
                continue
            font = QFont("Liberation Serif")
            font.setPixelSize(max(6, int(rect.height() * 0.62)))
            painter.setFont(font)
            painter.setPen(QColor(0, 0, 0))
            painter.drawText(rect.adjusted(2, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, text)


class PageSwitcher(QWidget):
    """Two buttons, one per page, when the number and the seal go on different pages: "Page 1:
    number and date" and "Page 3: signature and seal"; hidden when they share one page."""

    page_chosen = Signal(int)  # 0-based

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.number_button = QPushButton()
        self.seal_button = QPushButton()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.number_button, self.seal_button):
            button.setCheckable(True)
            self.group.addButton(button)
            layout.addWidget(button)
        layout.addStretch(1)
        self.group.buttonClicked.connect(lambda b: self.page_chosen.emit(int(b.property("page"))))
        self.group.buttonToggled.connect(self._mark_shown)
        self.setVisible(False)

    def _mark_shown(self, button: Any, checked: bool) -> None:
        """The page shown in bold (a checked button barely differs in some palettes)."""
        font = button.font()
        font.setBold(checked)
        button.setFont(font)
        self.layout().activate()  # the bold words get their width now, not at the next event

    def show_marks(self, marks: Any, drawn: dict[int, QImage]) -> None:
        first = number_page(marks)
        seal = marks.seal_page if marks is not None else None
        two = seal is not None and seal != first and seal in drawn and first in drawn
        self.setVisible(two)
        if not two:
            return
        self.number_button.setText(self.tr("Trang %1: &số và ngày").replace("%1", str(first + 1)))
        self.seal_button.setText(
            self.tr("Trang %1: chữ &ký và con dấu").replace("%1", str(seal + 1))
        )
        self.number_button.setProperty("page", first)
        self.seal_button.setProperty("page", seal)
        self.number_button.setChecked(True)


__all__ = ["MarkedPage", "PageSwitcher", "number_page", "render_marked_pages"]
