"""The continuous page list of the preview, and its thumbnail strip (the same view, narrow).

Why a custom-painted ``QAbstractScrollArea`` rather than a QScrollArea of page widgets or a
QGraphicsView: a document of a thousand pages costs a list of page rectangles and nothing
else (no widget, no scene item per page); opening one is instant; the view paints only the
pages that intersect the viewport, tile by tile, from the renderer's cache, and asks the
renderer for exactly the tiles it shows (then the ones a screen above and below), at the
screen's device pixel ratio so text is sharp on high-DPI screens. Scrolling moves pixels
(the scroll bars scroll by pixel, touchpads send pixel deltas), so it is smooth; a tile not
drawn yet shows white paper, or the page's last drawing at another zoom, scaled, until the
sharp one arrives. The paper stays white on any palette; around it, a shade of the
palette's window colour."""

from __future__ import annotations

import bisect
import math
from enum import Enum

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPalette, QPen, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from ui.preview_render import (
    PageRenderer,
    PdfSource,
    TileKey,
    page_height_px,
    tile_bounds,
    tile_grid,
)

PT_TO_PX = 96 / 72  # 100 %: a point is a point on a 96-dpi screen
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
MIN_ZOOM, MAX_ZOOM = ZOOM_STEPS[0], ZOOM_STEPS[-1]
GAP = 10  # logical pixels between pages
MARGIN = 10
WHEEL_ZOOM = 1.1  # one notch of Ctrl+wheel


class Fit(Enum):
    WIDTH = "width"
    PAGE = "page"
    NONE = "none"  # a zoom factor chosen by the clerk


class PageView(QAbstractScrollArea):
    current_page_changed = Signal(int)
    zoom_changed = Signal(float)  # the effective zoom (1.0 = 100 %)
    page_activated = Signal(int)  # a click on a page (the thumbnail strip)
    first_page_shown = Signal()  # the first page of a new document is painted, sharp

    def __init__(
        self, renderer: PageRenderer, *, owner: str = "main", thumbnails: bool = False,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.renderer = renderer
        self.owner = owner
        self.thumbnails = thumbnails
        self.fit = Fit.WIDTH
        self.zoom = 1.0
        self.source: PdfSource | None = None
        self._tops: list[float] = []  # logical y of each page's top, in content coordinates
        self._sizes: list[tuple[float, float]] = []  # logical size of each page
        self._widths: list[int] = []  # device width of each page's drawing
        self._dpr = 1.0
        self._content_w = 0.0
        self._total_h = 0.0
        self._current = 0
        self._pinned_current: int | None = None
        self._announce = False
        self._drag: QPointF | None = None
        self._wheel_rest = 0
        self._label_h = self.fontMetrics().height() + 4 if thumbnails else 0
        self._wants = QTimer(self, singleShot=True, interval=0)
        self._wants.timeout.connect(self._ask_renderer)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().setSingleStep(40)
        self.horizontalScrollBar().setSingleStep(40)
        self._programmatic = False  # the view scrolls itself (go_to, a new zoom)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.horizontalScrollBar().valueChanged.connect(self._scrolled)
        renderer.tile_ready.connect(self._tile_ready)
        renderer.page_failed.connect(lambda _p: self.viewport().update())

    # -- the document ---------------------------------------------------------------------------

    def set_source(self, source: PdfSource | None) -> None:
        """Show ``source``'s pages from the first (None: no pages)."""
        self.source = source
        self._current = 0
        self._pinned_current = None
        self._announce = source is not None and not self.thumbnails
        self._relayout(keep=False)
        self.verticalScrollBar().setValue(0)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().maximum() // 2)
        self.current_page_changed.emit(0)
        self.viewport().update()

    @property
    def page_count(self) -> int:
        return len(self.source.sizes) if self.source is not None else 0

    @property
    def current_page(self) -> int:
        return self._current

    def page_rect(self, page: int) -> QRectF:
        """Where page ``page`` is drawn, in viewport coordinates (logical pixels)."""
        w, h = self._sizes[page]
        x = (max(self._content_w, self.viewport().width()) - w) / 2
        return QRectF(
            x - self.horizontalScrollBar().value(),
            self._tops[page] - self.verticalScrollBar().value(), w, h,
        )  # fmt: skip

    def visible_pages(self, extra: float = 0.0) -> range:
        """Pages that intersect the viewport, grown by ``extra`` viewport heights each way."""
        if not self._tops:
            return range(0)
        vh = self.viewport().height()
        top = self.verticalScrollBar().value() - extra * vh
        bottom = self.verticalScrollBar().value() + (1 + extra) * vh
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        last = max(first, bisect.bisect_left(self._tops, bottom) - 1)
        return range(first, min(last, len(self._tops) - 1) + 1)

    # -- navigation and zoom ------------------------------------------------------------------

    def go_to(self, page: int) -> None:
        if not self._tops:
            return
        page = max(0, min(page, len(self._tops) - 1))
        self._pinned_current = page
        self._programmatic = True
        try:
            self.verticalScrollBar().setValue(round(self._tops[page] - GAP / 2))
        finally:
            self._programmatic = False
        self._set_current(page)

    def mark_current(self, page: int) -> None:
        """The thumbnail strip: ``page`` is the one the main view shows."""
        self._set_current(page)

    def ensure_visible(self, page: int) -> None:
        """The thumbnail strip: mark ``page`` and scroll it into view if it is not."""
        self.mark_current(page)
        if not self._tops or page >= len(self._tops):
            return
        rect = self.page_rect(page)
        vh = self.viewport().height()
        if rect.top() < 0 or rect.bottom() + self._label_h > vh:
            self._programmatic = True
            try:
                self.verticalScrollBar().setValue(
                    round(self._tops[page] - (vh - rect.height() - self._label_h) / 2)
                )
            finally:
                self._programmatic = False

    def set_fit(self, fit: Fit) -> None:
        self.fit = fit
        self._relayout(keep=True)

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        self.fit = Fit.NONE
        self.zoom = max(MIN_ZOOM, min(MAX_ZOOM, zoom))
        self._relayout(keep=True, anchor=anchor)

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self.zoom * 1.01), MAX_ZOOM))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self.zoom / 1.01), MIN_ZOOM))

    # -- layout ------------------------------------------------------------------------------

    def _available_width(self) -> float:
        # the scroll bar's room is always kept, so that it appearing never changes the fit
        bar = self.verticalScrollBar().sizeHint().width()
        return max(40.0, self.width() - 2 * self.frameWidth() - bar - 2 * MARGIN)

    def _fit_zoom(self) -> float:
        sizes = self.source.sizes if self.source is not None else ()
        if not sizes:
            return self.zoom
        widest = max(w for w, _ in sizes) * PT_TO_PX
        zoom = self._available_width() / widest
        if self.fit is Fit.PAGE and not self.thumbnails:
            tallest = max(h for _, h in sizes) * PT_TO_PX
            zoom = min(zoom, max(40.0, self.viewport().height() - 2 * MARGIN) / tallest)
        return zoom

    def _relayout(self, *, keep: bool, anchor: QPointF | None = None) -> None:
        """Lay the pages out again (zoom, size or screen changed), keeping the point of the
        document under ``anchor`` (default: the top centre of the viewport) where it is."""
        held = self._document_point(anchor) if keep and self._tops else None
        if self.thumbnails or self.fit is not Fit.NONE:
            self.zoom = max(0.05, min(MAX_ZOOM, self._fit_zoom()))
        self._dpr = self.device_ratio()
        self._tops, self._sizes, self._widths = [], [], []
        y = float(MARGIN)
        for w_pt, h_pt in self.source.sizes if self.source is not None else ():
            width = max(8, round(w_pt * PT_TO_PX * self.zoom * self._dpr))
            height = page_height_px((w_pt, h_pt), width)
            self._tops.append(y)
            self._sizes.append((width / self._dpr, height / self._dpr))
            self._widths.append(width)
            y += height / self._dpr + GAP + self._label_h
        self._total_h = y - GAP + MARGIN if self._tops else 0.0
        self._content_w = max((w for w, _ in self._sizes), default=0.0) + 2 * MARGIN
        self._programmatic = True
        try:
            self._update_bars()
            if held is not None:
                page, fx, fy, at = held
                rect = self.page_rect(page)
                hbar, vbar = self.horizontalScrollBar(), self.verticalScrollBar()
                hbar.setValue(round(hbar.value() + rect.x() + fx * rect.width() - at.x()))
                vbar.setValue(round(vbar.value() + rect.y() + fy * rect.height() - at.y()))
        finally:
            self._programmatic = False
        self.zoom_changed.emit(self.zoom)
        self._wants.start()
        self.viewport().update()

    def _document_point(self, anchor: QPointF | None) -> tuple[int, float, float, QPointF]:
        at = anchor or QPointF(self.viewport().width() / 2, 0)
        y = at.y() + self.verticalScrollBar().value()
        page = max(0, min(bisect.bisect_right(self._tops, y) - 1, len(self._tops) - 1))
        rect = self.page_rect(page)
        return page, (at.x() - rect.x()) / rect.width(), (at.y() - rect.y()) / rect.height(), at

    def _update_bars(self) -> None:
        vh, vw = self.viewport().height(), self.viewport().width()
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setRange(0, max(0, math.ceil(self._total_h - vh)))
        vbar.setPageStep(max(1, vh))
        hbar.setRange(0, max(0, math.ceil(self._content_w - vw)))
        hbar.setPageStep(max(1, vw))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._relayout(keep=True)

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._wants.start()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout(keep=True)

    # -- what is on screen ---------------------------------------------------------------------

    def _scrolled(self, _value: int = 0) -> None:
        self._wants.start()
        self.viewport().update()
        if self.thumbnails:
            return  # the strip's current page is the main view's, wherever the strip scrolls
        if not self._programmatic:
            self._pinned_current = None  # the clerk scrolled: the page follows the view
        if self._pinned_current is not None:
            return
        vbar = self.verticalScrollBar()
        if self._tops and vbar.value() >= vbar.maximum() > 0:
            page = len(self._tops) - 1
        else:
            probe = vbar.value() + self.viewport().height() * 0.3
            page = max(0, bisect.bisect_right(self._tops, probe) - 1)
        self._set_current(page)

    def _set_current(self, page: int) -> None:
        if page != self._current:
            self._current = page
            self.current_page_changed.emit(page)
            if self.thumbnails:
                self.viewport().update()

    def tiles_of(self, page: int, rect: QRectF) -> list[TileKey]:
        """The tiles of ``page`` that intersect ``rect`` (viewport coordinates)."""
        if self.source is None:
            return []
        width = self._widths[page]
        height = page_height_px(self.source.sizes[page], width)
        columns, rows = tile_grid(width, height)
        place = self.page_rect(page)
        keys = []
        for row in range(rows):
            for column in range(columns):
                key = TileKey(self.source.generation, page, width, column, row)
                x0, y0, x1, y1 = tile_bounds(key, height)
                tile = QRectF(place.x() + x0 / self._dpr, place.y() + y0 / self._dpr,
                              (x1 - x0) / self._dpr, (y1 - y0) / self._dpr)  # fmt: skip
                if tile.intersects(rect):
                    keys.append(key)
        return keys

    def is_sharp(self) -> bool:
        """Whether every tile on screen is drawn at the current zoom (or its page cannot be)."""
        if self.source is None:
            return False
        screen = QRectF(self.viewport().rect())
        return all(
            self.renderer.image(key) is not None
            for page in self.visible_pages()
            if page not in self.renderer.failed_pages
            for key in self.tiles_of(page, screen)
        )

    def _ask_renderer(self) -> None:
        if self.source is None:
            return
        if not self.isVisible():  # a hidden strip wants nothing drawn
            self.renderer.want(self.owner, [])
            return
        screen = QRectF(self.viewport().rect())
        near = screen.adjusted(0, -screen.height(), 0, screen.height())
        shown = [k for p in self.visible_pages() for k in self.tiles_of(p, screen)]
        around = [k for p in self.visible_pages(extra=1.0) for k in self.tiles_of(p, near)]
        middle = self.verticalScrollBar().value() + screen.height() / 2
        around.sort(key=lambda k: abs(self._tops[k.page] - middle))
        seen = set(shown)
        self.renderer.want(self.owner, shown + [k for k in around if k not in seen], shown)

    def _tile_ready(self, key: TileKey) -> None:
        current = self.source is not None and key.generation == self.source.generation
        if current and key.page in self.visible_pages():
            self.viewport().update()

    # -- painting -----------------------------------------------------------------------------

    def device_ratio(self) -> float:
        """Device pixels per logical pixel of the screen the view is on (2 on most high-DPI
        screens): pages are drawn at this density."""
        return self.viewport().devicePixelRatioF() or 1.0

    def background(self) -> QColor:
        window = self.palette().color(QPalette.ColorRole.Window)
        return window.darker(135) if window.lightness() < 128 else window.darker(112)

    def paintEvent(self, event) -> None:
        if abs(self.device_ratio() - self._dpr) > 1e-3:
            QTimer.singleShot(0, self, lambda: self._relayout(keep=True))  # another screen
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), self.background())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        area = QRectF(event.rect())
        first_sharp = False
        for page in self.visible_pages():
            rect = self.page_rect(page)
            painter.fillRect(rect.translated(1.5, 2), QColor(0, 0, 0, 70))
            painter.fillRect(rect, Qt.GlobalColor.white)
            sharp = self._paint_page(painter, page, rect, area)
            if page == 0:
                first_sharp = sharp
            if self.thumbnails:
                self._paint_label(painter, page, rect)
        painter.end()
        if self._announce and first_sharp:
            self._announce = False
            QTimer.singleShot(0, self, self.first_page_shown.emit)  # (not while painting)

    def _paint_page(self, painter: QPainter, page: int, rect: QRectF, area: QRectF) -> bool:
        """Draw what the cache holds of ``page``; True when every tile shown is sharp (or the
        page cannot be drawn and says so)."""
        if page in self.renderer.failed_pages:
            painter.setPen(QColor(150, 30, 30))
            painter.drawText(rect.adjusted(8, 8, -8, -8),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.tr("Không hiển thị được trang này."))  # fmt: skip
            return True
        tiles = self.tiles_of(page, area.intersected(rect))
        images = [(key, self.renderer.image(key)) for key in tiles]
        if any(image is None for _, image in images):
            stand_in = self.renderer.whole_pages(page)
            if stand_in:
                painter.drawImage(rect, stand_in[0][1], QRectF(stand_in[0][1].rect()))
        height = page_height_px(self.source.sizes[page], self._widths[page])
        for key, image in images:
            if image is not None:
                x0, y0, _x1, _y1 = tile_bounds(key, height)
                target = QRectF(rect.x() + x0 / self._dpr, rect.y() + y0 / self._dpr,
                                image.width() / self._dpr, image.height() / self._dpr)  # fmt: skip
                painter.drawImage(target, image, QRectF(image.rect()))
        painter.setPen(QPen(QColor(0, 0, 0, 60), 0))
        painter.drawRect(rect.adjusted(-0.5, -0.5, 0.5, 0.5))
        return bool(images) and all(image is not None for _, image in images)

    def _paint_label(self, painter: QPainter, page: int, rect: QRectF) -> None:
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        if page == self._current:
            highlight = self.palette().color(QPalette.ColorRole.Highlight)
            painter.setPen(QPen(highlight, 3))
            painter.drawRect(rect.adjusted(-2.5, -2.5, 2.5, 2.5))
        painter.setPen(text_color)
        label = QRectF(rect.left() - GAP, rect.bottom() + 2, rect.width() + 2 * GAP, self._label_h)
        painter.drawText(label, Qt.AlignmentFlag.AlignCenter, str(page + 1))

    # -- mouse --------------------------------------------------------------------------------

    def page_at(self, point: QPointF) -> int | None:
        for page in self.visible_pages():
            rect = self.page_rect(page).adjusted(
                -GAP / 2, -GAP / 2, GAP / 2, GAP / 2 + self._label_h
            )
            if rect.contains(point):
                return page
        return None

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and not self.thumbnails:
            self._wheel_rest += event.angleDelta().y()
            notches = int(self._wheel_rest / 120)  # whole notches, towards zero
            self._wheel_rest -= notches * 120
            if notches:
                self.set_zoom(self.zoom * WHEEL_ZOOM**notches, anchor=event.position())
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            if self.thumbnails:
                page = self.page_at(event.position())
                if page is not None:
                    self.page_activated.emit(page)
            else:
                self._drag = event.position()
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            delta = event.position() - self._drag
            self._drag = event.position()
            self.horizontalScrollBar().setValue(
                self.horizontalScrollBar().value() - round(delta.x())
            )
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y()))
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag = None
            self.viewport().unsetCursor()
        super().mouseReleaseEvent(event)


__all__ = ["GAP", "MARGIN", "PT_TO_PX", "ZOOM_STEPS", "Fit", "PageView"]
