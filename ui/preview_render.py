"""Pages of a PDF drawn by PDFium for the preview, in the background, a tile at a time.

PDFium draws a page's signature stamps only through its form-fill API (QtPdf never calls it,
so its pages show no stamps): the document is opened once with ``init_forms()`` and every
tile is drawn with ``may_draw_forms=True``.

Threads. PDFium is not thread-safe, so everything here that touches it runs on the session's
I/O pool (through ``session.tasks``) holding ``app.pdf.PDFIUM_LOCK``; the GUI thread only
holds a ``PdfSource`` as an opaque handle and receives ready-made ``QImage``\\s (a QImage may
be built on any thread; a QPixmap may not, so none is made here). The renderer keeps ONE job
in flight at a time (open, close or draw one tile): all of them would wait on the one lock
anyway, and the pool stays free for the window's other work (rows, searches). The next job
is chosen when the previous one ends, from what the views want *now*, so scrolling quickly
never leaves a queue of pages nobody looks at any more.

Staleness. Each ``open`` starts a new generation; keys, results and errors carry theirs, and
anything of an older generation is dropped on arrival: the pages of a previous file can never
reach the screen.

Memory. Tiles are kept in an LRU cache bounded in bytes (``cache_bytes``); the tiles the views
are showing right now are pinned (never evicted), so the bound may be passed only by what is
on screen at once. A page is cut into tiles of at most ``TILE`` device pixels a side, so a
page zoomed to 400 % on a high-DPI screen costs what is visible, not the whole page."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from app.errors import InvalidInput
from app.pdf import PDFIUM_LOCK, check_pdf

TILE = 1024  # device pixels, a tile's longest side
DEFAULT_CACHE_BYTES = 96 * 2**20


@dataclass(frozen=True, order=True)
class TileKey:
    """One tile of one page drawn ``width`` device pixels wide (the page's whole width)."""

    generation: int
    page: int
    width: int
    column: int = 0
    row: int = 0


@dataclass(eq=False)
class PdfSource:
    """An open PDF. Its ``document`` is touched only on the I/O pool under PDFIUM_LOCK; the
    GUI reads ``sizes`` (points, as displayed: rotation applied) and ``generation``."""

    generation: int
    path: Path
    sizes: tuple[tuple[float, float], ...]
    document: Any = field(default=None, repr=False)
    closed: bool = False


# -- geometry, shared by the views and the worker ------------------------------------------------


def page_height_px(size: tuple[float, float], width: int) -> int:
    """The height in device pixels of a page drawn ``width`` pixels wide (as PDFium sizes it)."""
    scale = width / size[0]
    return max(1, math.ceil(size[1] * scale))


def tile_grid(width: int, height: int) -> tuple[int, int]:
    """(columns, rows) of tiles for a page of ``width``×``height`` device pixels."""
    return max(1, math.ceil(width / TILE)), max(1, math.ceil(height / TILE))


def tile_bounds(key: TileKey, height: int) -> tuple[int, int, int, int]:
    """Device-pixel (x0, y0, x1, y1) of a tile inside its page."""
    x0, y0 = key.column * TILE, key.row * TILE
    return x0, y0, min(key.width, x0 + TILE), min(height, y0 + TILE)


# -- on the I/O pool (under the lock) -------------------------------------------------------------


def open_source(path: Path, generation: int, name: str = "") -> PdfSource:
    """Open ``path`` for drawing; InvalidInput (with the problem's own word: damaged,
    encrypted, truncated, not a PDF…) when it cannot be shown."""
    import pypdfium2 as pdfium

    shown = name or Path(path).name
    try:
        check_pdf(path)
    except InvalidInput as exc:  # the same words, with the name the clerk knows
        raise InvalidInput(exc.field, exc.problem, value=shown) from None
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as exc:
            problem = "encrypted_pdf" if "password" in str(exc).lower() else "damaged_pdf"
            raise InvalidInput("file", problem, value=shown) from None
        try:
            document.init_forms()  # before any page is loaded, or stamps are not drawn
            sizes = tuple(document.get_page_size(i) for i in range(len(document)))
        except pdfium.PdfiumError:
            document.close()
            raise InvalidInput("file", "damaged_pdf", value=shown) from None
        if not sizes or any(w <= 0 or h <= 0 for w, h in sizes):
            document.close()
            raise InvalidInput("file", "damaged_pdf", value=shown)
    return PdfSource(generation, Path(path), sizes, document)


def close_source(source: PdfSource) -> None:
    with PDFIUM_LOCK:
        if not source.closed:
            source.closed = True
            source.document.close()
            source.document = None


def render_tile(source: PdfSource, key: TileKey) -> QImage | None:
    """Draw one tile (signature stamps included) as an RGB32 image; None when the source was
    closed meanwhile (a newer document is shown)."""
    with PDFIUM_LOCK:
        if source.closed:
            return None
        page = source.document[key.page]
        try:
            scale = key.width / page.get_width()
            full_w = math.ceil(page.get_width() * scale)  # as pypdfium2 sizes the bitmap
            full_h = math.ceil(page.get_height() * scale)
            x0, y0, x1, y1 = tile_bounds(key, full_h)
            x1 = min(x1, full_w)
            # crop in points such that pypdfium2's ceil(crop * scale) gives whole pixels
            crop = tuple(0.0 if px <= 0 else (px - 0.5) / scale
                         for px in (x0, full_h - y1, full_w - x1, y0))  # fmt: skip
            bitmap = page.render(
                scale=scale, crop=crop, may_draw_forms=True, prefer_bgrx=True,
                fill_color=(255, 255, 255, 255),
            )  # fmt: skip
            try:
                image = QImage(
                    bitmap.buffer,
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGB32,
                ).copy()  # fmt: skip  (owns its pixels: the bitmap is freed below)
            finally:
                bitmap.close()
        finally:
            page.close()
    return image


# -- the cache ------------------------------------------------------------------------------------


class TileCache:
    """Least recently used tiles, bounded in bytes; pinned keys are never evicted."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.bytes = 0
        self.peak = 0
        self._images: OrderedDict[TileKey, QImage] = OrderedDict()
        self.pinned: set[TileKey] = set()

    def __contains__(self, key: TileKey) -> bool:
        return key in self._images

    def __len__(self) -> int:
        return len(self._images)

    def get(self, key: TileKey) -> QImage | None:
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
        return image

    def put(self, key: TileKey, image: QImage) -> None:
        old = self._images.pop(key, None)
        if old is not None:
            self.bytes -= old.sizeInBytes()
        self._images[key] = image
        self.bytes += image.sizeInBytes()
        self._evict()
        self.peak = max(self.peak, self.bytes)

    def _evict(self) -> None:
        if self.bytes <= self.limit:
            return
        for key in list(self._images):
            if self.bytes <= self.limit:
                break
            if key in self.pinned:
                continue
            self.bytes -= self._images.pop(key).sizeInBytes()

    def items(self) -> list[tuple[TileKey, QImage]]:
        return list(self._images.items())

    def clear(self) -> None:
        self._images.clear()
        self.bytes = 0
        self.pinned.clear()


def _ignore(_error: BaseException) -> None:
    """A document that fails to close as the window goes away: nothing to tell anyone."""


# -- the scheduler, on the GUI thread ------------------------------------------------------------


class PageRenderer(QObject):
    """Opens documents and draws the tiles the views want, one background job at a time."""

    opened = Signal(object)  # PdfSource (current generation only)
    open_failed = Signal(int, object)  # generation, the error (an AppError, or a bug)
    tile_ready = Signal(object)  # TileKey
    page_failed = Signal(int)  # page index (current generation)

    def __init__(
        self, run: Callable[..., Any], cache_bytes: int = DEFAULT_CACHE_BYTES,
        parent: QObject | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self._run = run  # session.tasks.run
        self.cache = TileCache(cache_bytes)
        self.generation = 0
        self.source: PdfSource | None = None
        self.failed_pages: set[int] = set()
        self.drawn = 0  # tiles drawn and kept (the benchmark reads it)
        self.dropped = 0  # results of an older document, dropped on arrival
        self._busy = False
        self.job: TileKey | str | None = None  # what runs now: a tile, "open" or "close"
        self._pending_open: tuple[int, Path, str] | None = None
        self._to_close: list[PdfSource] = []
        self._wanted: dict[str, list[TileKey]] = {}
        self._pins: dict[str, set[TileKey]] = {}

    # -- asking ------------------------------------------------------------------------------

    def open(self, path: Path | None, name: str = "") -> int:
        """Forget the current document and open ``path`` (None: none). Returns the new
        generation; ``opened`` or ``open_failed`` follows for a path."""
        self.generation += 1
        self._retire()
        self._pending_open = (self.generation, Path(path), name) if path is not None else None
        self._pump()
        return self.generation

    def want(self, owner: str, keys: Iterable[TileKey], pinned: Iterable[TileKey] = ()) -> None:
        """What one view wants drawn, most wanted first (replaces its previous wish)."""
        self._wanted[owner] = [k for k in keys if k.generation == self.generation]
        self._pins[owner] = set(pinned)
        self.cache.pinned = set().union(*self._pins.values())
        self._pump()

    def image(self, key: TileKey) -> QImage | None:
        return self.cache.get(key) if key.generation == self.generation else None

    def whole_pages(self, page: int) -> list[tuple[TileKey, QImage]]:
        """Cached one-tile drawings of a page at any width, widest first: they stand in,
        scaled, while the sharp tiles of a new zoom are drawn."""
        if self.source is None:
            return []
        size = self.source.sizes[page]
        found = [
            (k, img) for k, img in self.cache.items()
            if k.page == page and k.generation == self.generation
            and tile_grid(k.width, page_height_px(size, k.width)) == (1, 1)
        ]  # fmt: skip
        return sorted(found, key=lambda item: -item[0].width)

    def shutdown(self) -> None:
        """The widget goes away: close its documents now, outside the one lane (a job in
        flight may never report back once the window closes; closing takes the PDFium lock,
        so it is safe beside a tile being drawn)."""
        self.generation += 1
        self._pending_open = None
        self._retire()
        closing, self._to_close = self._to_close, []
        for source in closing:
            try:
                self._run(
                    close_source, source, on_error=_ignore, label=self.tr("Hiển thị trang PDF")
                )
            except RuntimeError:  # the session's pool is shut down: nothing else runs
                close_source(source)

    @property
    def busy(self) -> bool:
        """A job (open, close or a tile) is running in the background."""
        return self._busy

    @property
    def idle(self) -> bool:
        return not self._busy and self._pending_open is None and not self._next_key()

    # -- the one lane -----------------------------------------------------------------------

    def _retire(self) -> None:
        if self.source is not None:
            self._to_close.append(self.source)
            self.source = None
        self.cache.clear()
        self.failed_pages = set()
        self._wanted.clear()
        self._pins.clear()

    def _next_key(self) -> TileKey | None:
        if self.source is None:
            return None
        for owner in ("main", *sorted(k for k in self._wanted if k != "main")):
            for key in self._wanted.get(owner, ()):
                if key not in self.cache and key.page not in self.failed_pages:
                    return key
        return None

    def _pump(self) -> None:
        if self._busy:
            return
        if self._pending_open is not None:
            generation, path, name = self._pending_open
            self._pending_open = None
            self._start(open_source, path, generation, name,
                        on_done=self._opened, on_error=lambda e, g=generation: self._open_error(g, e))  # fmt: skip
        elif self._to_close:
            self._start(close_source, self._to_close.pop(0),
                        on_done=self._job_done, on_error=self._job_done)  # fmt: skip
        elif (key := self._next_key()) is not None:
            self._start(render_tile, self.source, key,
                        on_done=lambda img, k=key: self._drawn(k, img),
                        on_error=lambda _e, k=key: self._draw_failed(k))  # fmt: skip

    def _start(self, fn: Callable[..., Any], *args: Any, **callbacks: Any) -> None:
        self._busy = True
        self.job = args[1] if fn is render_tile else fn.__name__.split("_")[0]
        try:
            self._run(fn, *args, label=self.tr("Hiển thị trang PDF"), **callbacks)
        except RuntimeError:  # the session's pool is shut down: the window is closing
            self._busy, self.job = False, None
            if fn is close_source:
                close_source(*args)  # nothing else runs any more; release the file now
                self._pump()

    def _job_done(self, _result: Any = None) -> None:
        self._busy, self.job = False, None
        self._pump()

    def _opened(self, source: PdfSource) -> None:
        self._busy, self.job = False, None
        if source.generation != self.generation:
            self.dropped += 1
            self._to_close.append(source)  # opened too late: a newer document was asked for
        else:
            self.source = source
            self.opened.emit(source)
        self._pump()

    def _open_error(self, generation: int, error: BaseException) -> None:
        self._busy, self.job = False, None
        if generation == self.generation:
            self.open_failed.emit(generation, error)
        self._pump()

    def _drawn(self, key: TileKey, image: QImage | None) -> None:
        self._busy, self.job = False, None
        if image is not None and key.generation == self.generation:
            self.drawn += 1
            self.cache.put(key, image)
            self.tile_ready.emit(key)
        else:
            self.dropped += 1
        self._pump()

    def _draw_failed(self, key: TileKey) -> None:
        self._busy, self.job = False, None
        if key.generation == self.generation:
            self.failed_pages.add(key.page)
            self.page_failed.emit(key.page)
        self._pump()


__all__ = [
    "DEFAULT_CACHE_BYTES",
    "TILE",
    "PageRenderer",
    "PdfSource",
    "TileCache",
    "TileKey",
    "close_source",
    "open_source",
    "page_height_px",
    "render_tile",
    "tile_bounds",
    "tile_grid",
]
