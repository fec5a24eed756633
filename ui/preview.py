"""The PDF preview of the detail pane: the pages of a document with their signature stamps,
page navigation, zoom, fit to width or to the page, and a thumbnail strip.

    preview = PdfPreview(session)          # the session's task bridge runs all PDFium work
    preview.set_document(path, name="quyet-dinh.pdf")   # a blob of the store, read-only
    preview.set_document(None)              # the document has no file
    preview.clear()                         # nothing selected

Signals: ``rendered(int)`` once the first page of a newly set document is painted sharp on
screen (the page count; 0 right after ``set_document(None)``, which has nothing to draw);
``failed(str)`` when the file cannot be shown (the words are shown inside the widget too:
never a dialog, never a traceback); ``page_changed(int)`` (0-based) as the clerk moves.

Pages are drawn by PDFium with its form-fill layer (QtPdf leaves the stamps out), in the
background, lazily, at the screen's pixel density, into a cache bounded in bytes
(ui/preview_render.py); the page list is one custom-painted scroll view
(ui/preview_canvas.py). Keys, active while the focus is in the preview: PgUp/PgDn previous
and next page, Home/End first and last, Ctrl++ / Ctrl+- zoom, Ctrl+0 fit to width, Ctrl+G
the page number box; Ctrl+wheel zooms around the pointer, dragging moves the page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QIcon,
    QIntValidator,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.errors import words_for
from ui.preview_canvas import ZOOM_STEPS, Fit, PageView
from ui.preview_render import DEFAULT_CACHE_BYTES, PageRenderer, PdfSource
from ui.session import DeskSession

THUMBNAIL_STRIP = 132  # logical pixels
SLOW_OPEN_MS = 300  # "opening…" is said only when opening takes longer than this


class PdfPreview(QWidget):
    rendered = Signal(int)
    failed = Signal(str)
    page_changed = Signal(int)

    def __init__(
        self, session: DeskSession, parent: QWidget | None = None, *,
        cache_bytes: int = DEFAULT_CACHE_BYTES,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.session = session
        self.state = "empty"  # empty | no_file | loading | shown | failed
        self.message = ""
        self.renderer = PageRenderer(session.tasks.run, cache_bytes)  # no parent: see shutdown
        self.destroyed.connect(self.renderer.shutdown)
        self.view = PageView(self.renderer)
        self.view.setAccessibleName(self.tr("Trang văn bản"))
        self.thumbnails = PageView(self.renderer, owner="thumbs", thumbnails=True)
        self.thumbnails.setAccessibleName(self.tr("Hình thu nhỏ các trang"))
        self.thumbnails.setFixedWidth(THUMBNAIL_STRIP)
        self.thumbnails.hide()
        self.notice = QLabel()
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.setMargin(16)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setAccessibleName(self.tr("Thông báo xem trước"))
        self.notice.setAutoFillBackground(True)

        pages = QWidget()
        row = QHBoxLayout(pages)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.thumbnails)
        row.addWidget(self.view, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.notice)
        self.stack.addWidget(pages)
        self.toolbar = self._make_toolbar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)

        self._slow = QTimer(self, singleShot=True, interval=SLOW_OPEN_MS)
        self._slow.timeout.connect(self._say_opening)
        self.renderer.opened.connect(self._opened)
        self.renderer.open_failed.connect(self._open_failed)
        self.view.first_page_shown.connect(lambda: self.rendered.emit(self.page_count))
        self.view.current_page_changed.connect(self._page_moved)
        self.view.zoom_changed.connect(self._zoom_moved)
        self.thumbnails.page_activated.connect(self.go_to_page)
        self._show_notice(self.tr("Chưa chọn văn bản."))
        self._refresh_controls()

    # -- the document ---------------------------------------------------------------------------

    def set_document(self, path: Path | None, name: str = "") -> None:
        """Show the PDF at ``path`` (None: the document has no file). ``name`` is how the
        clerk knows the file (for messages); the path's own name otherwise. Nothing of the
        previous file is shown from here on."""
        self.state = "no_file" if path is None else "loading"
        self.view.set_source(None)
        self.thumbnails.set_source(None)
        self.renderer.open(path, name)
        if path is None:
            self._slow.stop()
            self._show_notice(self.tr("Văn bản không có tệp."))
            generation = self.renderer.generation
            QTimer.singleShot(0, self, lambda: self._announce_empty(generation))
        elif self.state == "loading":  # (not answered yet)
            self.message = ""
            self.stack.setCurrentIndex(1)
            self._slow.start()
        self._refresh_controls()

    def clear(self) -> None:
        """Nothing selected."""
        self.state = "empty"
        self.view.set_source(None)
        self.thumbnails.set_source(None)
        self.renderer.open(None)
        self._slow.stop()
        self._show_notice(self.tr("Chưa chọn văn bản."))
        self._refresh_controls()

    @property
    def page_count(self) -> int:
        return self.view.page_count

    @property
    def current_page(self) -> int:
        return self.view.current_page

    @property
    def zoom(self) -> float:
        return self.view.zoom

    @property
    def fit(self) -> Fit:
        return self.view.fit

    # -- navigation and zoom (the tool bar's and the keys' actions) -----------------------------

    def go_to_page(self, page: int) -> None:
        self.view.go_to(page)

    def first_page(self) -> None:
        self.view.go_to(0)

    def previous_page(self) -> None:
        self.view.go_to(self.view.current_page - 1)

    def next_page(self) -> None:
        self.view.go_to(self.view.current_page + 1)

    def last_page(self) -> None:
        self.view.go_to(self.page_count - 1)

    def zoom_in(self) -> None:
        self.view.zoom_in()

    def zoom_out(self) -> None:
        self.view.zoom_out()

    def set_zoom(self, zoom: float) -> None:
        self.view.set_zoom(zoom)

    def fit_width(self) -> None:
        self.view.set_fit(Fit.WIDTH)

    def fit_page(self) -> None:
        self.view.set_fit(Fit.PAGE)

    def set_thumbnails_visible(self, visible: bool) -> None:
        self.thumbnails.setVisible(visible)
        self.actions_by_name["thumbnails"].setChecked(visible)
        if visible:
            self.thumbnails.ensure_visible(self.view.current_page)

    @property
    def thumbnails_visible(self) -> bool:
        return not self.thumbnails.isHidden()

    # -- what the renderer says -----------------------------------------------------------------

    def _opened(self, source: PdfSource) -> None:
        self._slow.stop()
        self.state = "shown"
        self.stack.setCurrentIndex(1)
        self.view.set_source(source)
        self.thumbnails.set_source(source)
        self._refresh_controls()

    def _open_failed(self, _generation: int, error: BaseException) -> None:
        self._slow.stop()
        self.state = "failed"
        words = words_for(error, self.tr("Xem trước tệp")).text
        self._show_notice(self.tr("Không xem trước được tệp.") + "\n\n" + words)
        self.message = words
        self._refresh_controls()
        self.failed.emit(words)

    def _announce_empty(self, generation: int) -> None:
        if generation == self.renderer.generation and self.state == "no_file":
            self.rendered.emit(0)

    def _say_opening(self) -> None:
        if self.state == "loading":
            self._show_notice(self.tr("Đang mở tệp…"))
            self.message = ""

    def _show_notice(self, text: str) -> None:
        self.message = text
        self.notice.setText(text)
        self.stack.setCurrentIndex(0)

    # -- the tool bar ---------------------------------------------------------------------------

    def _make_toolbar(self) -> QToolBar:
        bar = QToolBar(self.tr("Xem trước"))
        bar.setAccessibleName(self.tr("Thanh công cụ xem trước"))
        bar.setIconSize(QSize(16, 16))
        bar.setMovable(False)
        self.actions_by_name: dict[str, QAction] = {}

        def action(name: str, text: str, slot, keys: tuple[str, ...] = (), *,
                   checkable: bool = False) -> QAction:  # fmt: skip
            act = QAction(text, self)
            act.setCheckable(checkable)
            act.setShortcuts([QKeySequence(k) for k in keys])
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shown_keys = ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText)
                                   for k in keys[:1])  # fmt: skip
            act.setToolTip(f"{text} ({shown_keys})" if shown_keys else text)
            (act.toggled if checkable else act.triggered).connect(slot)
            self.addAction(act)  # the keys work wherever the focus is inside the preview
            self.actions_by_name[name] = act
            return act

        thumbs = action("thumbnails", self.tr("Hình thu nhỏ"), self._toggle_thumbnails,
                        checkable=True)  # fmt: skip
        first = action("first", self.tr("Trang đầu"), self.first_page, ("Home",))
        previous = action("previous", self.tr("Trang trước"), self.previous_page, ("PgUp",))
        following = action("next", self.tr("Trang sau"), self.next_page, ("PgDown",))
        last = action("last", self.tr("Trang cuối"), self.last_page, ("End",))
        zoom_out = action("zoom_out", self.tr("Thu nhỏ"), self.zoom_out, ("Ctrl+-",))
        zoom_in = action("zoom_in", self.tr("Phóng to"), self.zoom_in, ("Ctrl++", "Ctrl+="))
        width = action("fit_width", self.tr("Vừa chiều rộng"), self._fit_width_clicked,
                       ("Ctrl+0",), checkable=True)  # fmt: skip
        page = action("fit_page", self.tr("Vừa trang"), self._fit_page_clicked, checkable=True)
        go = action("go_to", self.tr("Đến trang"), self._focus_page_box, ("Ctrl+G",))
        del go  # a key only: the page box is on the bar
        fits = QActionGroup(self)
        fits.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        fits.addAction(width)
        fits.addAction(page)

        self.page_box = QLineEdit()
        self.page_box.setAccessibleName(self.tr("Số trang đang xem"))
        self.page_box.setToolTip(self.tr("Gõ số trang rồi nhấn Enter (Ctrl+G)"))
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.page_box.setValidator(QIntValidator(1, 999_999, self.page_box))
        self.page_box.setFixedWidth(self.page_box.fontMetrics().horizontalAdvance("0000") + 12)
        self.page_box.returnPressed.connect(self._page_typed)
        self.page_total = QLabel()
        self.page_total.setAccessibleName(self.tr("Tổng số trang"))
        self.page_total.setMinimumWidth(self.page_total.fontMetrics().horizontalAdvance("/ 000"))
        pages = QWidget()
        pages.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(pages)
        row.setContentsMargins(4, 0, 4, 0)
        row.setSpacing(4)
        row.addWidget(self.page_box)
        row.addWidget(self.page_total)

        self.zoom_button = QToolButton()
        self.zoom_button.setAccessibleName(self.tr("Mức thu phóng"))
        self.zoom_button.setToolTip(self.tr("Mức thu phóng"))
        self.zoom_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.zoom_button)
        for step in ZOOM_STEPS:
            if step in (0.33, 0.67, 0.9, 1.1, 1.75):
                continue  # the buttons step through these; the menu keeps round figures
            menu.addAction(f"{round(step * 100)}%", lambda z=step: self.set_zoom(z))
        menu.addSeparator()
        menu.addAction(width)
        menu.addAction(page)
        self.zoom_button.setMenu(menu)

        bar.addAction(thumbs)
        bar.addSeparator()
        for act in (first, previous):
            bar.addAction(act)
        bar.addWidget(pages)
        for act in (following, last):
            bar.addAction(act)
        bar.addSeparator()
        bar.addAction(zoom_out)
        bar.addWidget(self.zoom_button)
        bar.addAction(zoom_in)
        bar.addSeparator()
        bar.addAction(width)
        bar.addAction(page)
        for act in (thumbs, first, previous, following, last, zoom_out, zoom_in, width, page):
            button = bar.widgetForAction(act)
            if button is not None:
                button.setAccessibleName(act.text())
        self._paint_icons()
        width.setChecked(True)
        return bar

    def _paint_icons(self) -> None:
        color = self.palette().color(QPalette.ColorRole.ButtonText)
        for name, act in self.actions_by_name.items():
            if name != "go_to":
                act.setIcon(tool_icon(name, color))

    def _refresh_controls(self) -> None:
        shown = self.state == "shown" and self.page_count > 0
        for act in self.actions_by_name.values():
            act.setEnabled(shown)
        self.page_box.setEnabled(shown)
        self.zoom_button.setEnabled(shown)
        self.page_total.setText(f"/ {self.page_count}" if shown else "/ –")
        self._page_moved(self.current_page if shown else -1)
        self._zoom_moved(self.zoom)

    def _page_moved(self, page: int) -> None:
        self.page_box.setText(str(page + 1) if page >= 0 and self.page_count else "")
        if page >= 0 and self.page_count:
            last = self.page_count - 1
            self.actions_by_name["first"].setEnabled(page > 0)
            self.actions_by_name["previous"].setEnabled(page > 0)
            self.actions_by_name["next"].setEnabled(page < last)
            self.actions_by_name["last"].setEnabled(page < last)
            if self.thumbnails_visible:
                self.thumbnails.ensure_visible(page)
            else:
                self.thumbnails.mark_current(page)
            self.page_changed.emit(page)

    def _zoom_moved(self, zoom: float) -> None:
        self.zoom_button.setText(f"{round(zoom * 100)}%")
        fit = self.view.fit
        self.actions_by_name["fit_width"].setChecked(fit is Fit.WIDTH)
        self.actions_by_name["fit_page"].setChecked(fit is Fit.PAGE)

    def _page_typed(self) -> None:
        text = self.page_box.text().strip()
        if text.isdigit():
            self.go_to_page(int(text) - 1)
        self.page_box.setText(str(self.current_page + 1))  # 99 of 12 reads 12
        self.view.setFocus()

    def _focus_page_box(self) -> None:
        self.page_box.setFocus()
        self.page_box.selectAll()

    def _toggle_thumbnails(self, visible: bool) -> None:
        if visible != self.thumbnails_visible:
            self.set_thumbnails_visible(visible)

    def _fit_width_clicked(self, checked: bool) -> None:
        if checked:
            self.fit_width()
        elif self.view.fit is Fit.WIDTH:  # the fit is left by choosing a zoom, not by a click
            self.actions_by_name["fit_width"].setChecked(True)

    def _fit_page_clicked(self, checked: bool) -> None:
        if checked:
            self.fit_page()
        elif self.view.fit is Fit.PAGE:
            self.actions_by_name["fit_page"].setChecked(True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._paint_icons()
        super().changeEvent(event)


def tool_icon(name: str, color, size: int = 16) -> QIcon:
    """The tool bar's icons, drawn in the palette's text colour (crisp at 1× and 2×; no
    theme icons are needed, which a bare Linux desktop or the offscreen platform lacks)."""
    icon = QIcon()
    for ratio in (1, 2):
        pixmap = QPixmap(size * ratio, size * ratio)
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.scale(size / 16, size / 16)
        pen = QPen(color, 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        _draw_icon(p, name, color)
        p.end()
        icon.addPixmap(pixmap)
    return icon


def _triangle(p: QPainter, tip_x: float, towards_left: bool) -> None:
    back = tip_x + (6 if towards_left else -6)
    path = QPainterPath(QPointF(tip_x, 8))
    path.lineTo(back, 3)
    path.lineTo(back, 13)
    path.closeSubpath()
    p.drawPath(path)


def _draw_icon(p: QPainter, name: str, color) -> None:
    if name in ("first", "previous", "next", "last"):
        p.setBrush(color)
        left = name in ("first", "previous")
        _triangle(p, 5 if name == "first" else (4.5 if left else 11.5), left)
        if name == "first":
            p.drawLine(QPointF(3, 3), QPointF(3, 13))
        elif name == "last":
            _triangle(p, 11, False)
            p.drawLine(QPointF(13, 3), QPointF(13, 13))
    elif name in ("zoom_in", "zoom_out"):
        p.drawEllipse(QPointF(6.5, 6.5), 4.5, 4.5)
        p.drawLine(QPointF(10, 10), QPointF(14, 14))
        p.drawLine(QPointF(4.5, 6.5), QPointF(8.5, 6.5))
        if name == "zoom_in":
            p.drawLine(QPointF(6.5, 4.5), QPointF(6.5, 8.5))
    elif name == "fit_width":
        p.drawLine(QPointF(1.5, 3), QPointF(1.5, 13))
        p.drawLine(QPointF(14.5, 3), QPointF(14.5, 13))
        p.drawLine(QPointF(4, 8), QPointF(12, 8))
        p.drawPolyline([QPointF(6, 6), QPointF(4, 8), QPointF(6, 10)])
        p.drawPolyline([QPointF(10, 6), QPointF(12, 8), QPointF(10, 10)])
    elif name == "fit_page":
        p.drawRect(QRectF(4, 1.5, 8, 13))
        p.drawLine(QPointF(8, 4), QPointF(8, 12))
        p.drawPolyline([QPointF(6.5, 5.5), QPointF(8, 4), QPointF(9.5, 5.5)])
        p.drawPolyline([QPointF(6.5, 10.5), QPointF(8, 12), QPointF(9.5, 10.5)])
    elif name == "thumbnails":
        p.drawRect(QRectF(1.5, 2, 13, 12))
        p.drawLine(QPointF(6, 2), QPointF(6, 14))
        for y in (4.5, 8, 11.5):
            p.drawLine(QPointF(3.2, y), QPointF(4.3, y))


__all__ = ["THUMBNAIL_STRIP", "Fit", "PdfPreview", "tool_icon"]
