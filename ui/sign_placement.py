"""Where the official's signature goes, shown on the page before signing.

The page is drawn by PDFium in the background (``draw_for_placement`` on the I/O pool, under
``PDFIUM_LOCK``, forms drawn as in the preview); the box is suggested from the document's
text — below the signer's title (signing's ``suggested_box``, what ``Placement(anchor=…)``
would choose) — else put at the usual ND30 place, bottom right. The official moves it with
the mouse (drag, or click where it should go) or with the arrow keys (Shift: ten times
further), and the dialog passes ``placement()`` to ``SigningDesk.approve``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.errors import InvalidInput
from app.pdf import PDFIUM_LOCK

RENDER_WIDTH = 760  # device pixels of the page drawn for the dialog
STEP, BIG_STEP = 2.0, 10.0  # points an arrow key moves the box (Shift: the big step)
MARGIN = 8  # logical pixels around the page


@dataclass(frozen=True)
class PagePicture:
    """A page drawn for placing the signature, and where the box starts."""

    image: QImage
    page: int  # 0-based
    crop: tuple[float, float, float, float]  # the page's visible box (x1, y1, x2, y2), points
    box: tuple[float, float, float, float]  # the signature's box in the same coordinates
    found: bool  # the box was found under the signer's title
    rotated: bool  # a rotated page: the box cannot be moved (the title decides)

    @property
    def width(self) -> float:
        return self.crop[2] - self.crop[0]

    @property
    def height(self) -> float:
        return self.crop[3] - self.crop[1]


def default_box(
    crop: tuple[float, float, float, float], size: tuple[float, float]
) -> tuple[float, float, float, float]:
    """The usual ND30 place of the signature when the title is not found: the right half of
    the page, a little below the middle."""
    x1, y1, x2, y2 = crop
    w, h = x2 - x1, y2 - y1
    centre, top = x1 + w * 0.72, y1 + h * 0.36
    return (centre - size[0] / 2, top - size[1], centre + size[0] / 2, top)


def draw_for_placement(path: Path, anchor: str, width_px: int = RENDER_WIDTH) -> PagePicture:
    """On the I/O pool: the page holding the signer's title (else page 1) drawn ``width_px``
    wide, and the suggested box."""
    import pypdfium2 as pdfium

    from signing import ANCHOR_BOX_SIZE, suggested_box

    try:
        suggestion = suggested_box(Path(path), anchor) if anchor else None
    except InvalidInput:
        suggestion = None  # a file PDFium reads badly: the page below says so
    page_ix = suggestion[0] if suggestion else 0
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            raise InvalidInput("file", "damaged_pdf", value=Path(path).name) from None
        try:
            document.init_forms()  # before the page is loaded, or stamps are not drawn
            page = document[page_ix]
            try:
                rotated = page.get_rotation() % 360 != 0
                crop = tuple(float(v) for v in page.get_cropbox())
                scale = width_px / page.get_width()
                bitmap = page.render(
                    scale=scale, may_draw_forms=True, prefer_bgrx=True,
                    fill_color=(255, 255, 255, 255),
                )  # fmt: skip
                try:
                    image = QImage(
                        bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                        QImage.Format.Format_RGB32,
                    ).copy()  # fmt: skip
                finally:
                    bitmap.close()
            finally:
                page.close()
        except pdfium.PdfiumError:
            raise InvalidInput("file", "damaged_pdf", value=Path(path).name) from None
        finally:
            document.close()
    box = suggestion[1] if suggestion else default_box(crop, ANCHOR_BOX_SIZE)  # type: ignore[arg-type]
    return PagePicture(image, page_ix, crop, tuple(box), suggestion is not None, rotated)  # type: ignore[arg-type]


class PlacementView(QWidget):
    """The page with the signature's box on it, to drag or move with the arrow keys."""

    moved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture: PagePicture | None = None
        self.box: tuple[float, float, float, float] | None = None
        self.notice = ""
        self._drag: QPointF | None = None  # the pointer's offset inside the box, in points
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Vị trí chữ ký trên trang"))
        self.setToolTip(
            self.tr("Kéo ô chữ ký đến chỗ cần ký, hoặc dùng các phím mũi tên (Shift: bước lớn)")
        )

    def sizeHint(self) -> QSize:
        return QSize(380, 520)

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 320)

    # -- what the dialog gives and reads ---------------------------------------------------------

    def set_picture(self, picture: PagePicture | None, notice: str = "") -> None:
        self.picture = picture
        self.box = picture.box if picture is not None else None
        self.notice = notice
        self._describe()
        self.update()

    def set_notice(self, text: str) -> None:
        self.notice = text
        self.update()

    def placement(self) -> Any:
        """A signing ``Placement`` (page and box) for ``SigningDesk.approve``; None when the
        desk should place it itself (below the signer's title)."""
        if self.picture is None or self.box is None or self.picture.rotated:
            return None
        from signing import Placement

        return Placement(page=self.picture.page + 1, box=tuple(round(v, 2) for v in self.box))

    def move_box(self, dx: float, dy: float) -> None:
        """Move the box by points (x to the right, y up), kept on the page."""
        if self.box is None or self.picture is None or self.picture.rotated:
            return
        x1, y1 = self.box[0], self.box[1]
        self._place(x1 + dx, y1 + dy)

    # -- geometry --------------------------------------------------------------------------------

    def page_rect(self) -> QRectF:
        """Where the page is drawn in the widget (aspect kept, centred)."""
        if self.picture is None:
            return QRectF()
        area = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        ratio = self.picture.height / self.picture.width
        width = min(area.width(), area.height() / ratio)
        height = width * ratio
        return QRectF(area.x() + (area.width() - width) / 2, area.y() + (area.height() - height) / 2,
                      width, height)  # fmt: skip

    def _scale(self) -> float:
        return self.page_rect().width() / self.picture.width if self.picture else 1.0

    def to_widget(self, x: float, y: float) -> QPointF:
        assert self.picture is not None
        rect, s = self.page_rect(), self._scale()
        return QPointF(rect.x() + (x - self.picture.crop[0]) * s,
                       rect.y() + (self.picture.crop[3] - y) * s)  # fmt: skip

    def to_page(self, point: QPointF) -> tuple[float, float]:
        assert self.picture is not None
        rect, s = self.page_rect(), self._scale()
        return (self.picture.crop[0] + (point.x() - rect.x()) / s,
                self.picture.crop[3] - (point.y() - rect.y()) / s)  # fmt: skip

    def box_rect(self) -> QRectF:
        if self.box is None or self.picture is None:
            return QRectF()
        x1, y1, x2, y2 = self.box
        return QRectF(self.to_widget(x1, y2), self.to_widget(x2, y1))

    def _place(self, x1: float, y1: float) -> None:
        assert self.box is not None and self.picture is not None
        w, h = self.box[2] - self.box[0], self.box[3] - self.box[1]
        cx1, cy1, cx2, cy2 = self.picture.crop
        x1 = min(max(x1, cx1), cx2 - w)
        y1 = min(max(y1, cy1), cy2 - h)
        new = (x1, y1, x1 + w, y1 + h)
        if new != self.box:
            self.box = new
            self._describe()
            self.update()
            self.moved.emit()

    def _describe(self) -> None:
        if self.box is None or self.picture is None:
            self.setAccessibleDescription("")
            return
        left_mm = (self.box[0] - self.picture.crop[0]) * 25.4 / 72
        top_mm = (self.picture.crop[3] - self.box[3]) * 25.4 / 72
        self.setAccessibleDescription(
            self.tr("Trang %1: cách lề trái %2 mm, cách mép trên %3 mm")
            .replace("%1", str(self.picture.page + 1)).replace("%2", f"{left_mm:.0f}")
            .replace("%3", f"{top_mm:.0f}")
        )  # fmt: skip

    # -- events ----------------------------------------------------------------------------------

    def paintEvent(self, _event: Any) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        p.fillRect(self.rect(), palette.color(QPalette.ColorRole.Mid))
        if self.picture is None:
            p.setPen(palette.color(QPalette.ColorRole.WindowText))
            p.drawText(self.rect().adjusted(12, 12, -12, -12),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.notice)  # fmt: skip
            return
        rect = self.page_rect()
        p.drawImage(rect, self.picture.image)
        p.setPen(QPen(QColor(0, 0, 0, 90), 1))
        p.drawRect(rect)
        if self.box is not None and not self.picture.rotated:
            box = self.box_rect()
            accent = QColor(21, 101, 192)  # a blue that reads on the white page
            fill = QColor(accent)
            fill.setAlpha(45)
            p.fillRect(box, fill)
            pen = QPen(accent, 3 if self.hasFocus() else 2)
            pen.setStyle(Qt.PenStyle.DashLine if self._drag is None else Qt.PenStyle.SolidLine)
            p.setPen(pen)
            p.drawRect(box)
            font = p.font()
            font.setPointSizeF(max(7.0, min(11.0, box.height() / 4)))
            p.setFont(font)
            p.setPen(accent.darker(130))
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, self.tr("Chữ ký"))
        if self.notice:
            p.setPen(palette.color(QPalette.ColorRole.WindowText))
            p.drawText(QRectF(rect.x(), rect.bottom() - 40, rect.width(), 36),
                       Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.notice)  # fmt: skip

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.box is None:
            return super().mousePressEvent(event)
        if self.picture is None or self.picture.rotated:
            return super().mousePressEvent(event)
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        x, y = self.to_page(event.position())
        x1, y1, x2, y2 = self.box
        if not (x1 <= x <= x2 and y1 <= y <= y2):  # a click elsewhere: the box goes there
            self._place(x - (x2 - x1) / 2, y - (y2 - y1) / 2)
            x1, y1 = self.box[0], self.box[1]
        self._drag = QPointF(x - x1, y - y1)
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.picture is None or self.box is None:
            return
        x, y = self.to_page(event.position())
        if self._drag is not None:
            self._place(x - self._drag.x(), y - self._drag.y())
        elif self.box_rect().contains(event.position()):
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag = None
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            self.update()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = BIG_STEP if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else STEP
        moves = {
            Qt.Key.Key_Left: (-step, 0.0), Qt.Key.Key_Right: (step, 0.0),
            Qt.Key.Key_Up: (0.0, step), Qt.Key.Key_Down: (0.0, -step),
        }  # fmt: skip
        move = moves.get(Qt.Key(event.key()))
        if move is None or self.box is None:
            return super().keyPressEvent(event)
        self.move_box(*move)
        event.accept()


__all__ = ["PagePicture", "PlacementView", "default_box", "draw_for_placement"]
