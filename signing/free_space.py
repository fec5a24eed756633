"""Free paper for a text stamp (the attachment and copy signatures: ND30 appendix I puts their
text at the top right of the first page), found from what PDFium says the page draws.

Ink is: the bounds of every visible text, path and shading object (through form XObjects),
PDFium's character boxes of visible text, the dark pixels inside images (a scanned page keeps
its white margins free; the whole image box would not), and the boxes of visible annotations
(earlier stamps, form fields). White-filled shapes and invisible text (an OCR layer) are not
ink. Everything is measured on the page as displayed (its crop box, turned by /Rotate), so the
box lands at the top right of what the reader sees; the stamp is then drawn turned back by
the page's rotation so that it reads upright (``appearance.text_stamp_style``).

The search, in this order, first fit wins:

1. the top margin of the right half ("margin"): the box's top between 5 mm from the paper's
   edge (printers' unprintable rim) and 8 mm (where the stamp sits when there is room), its
   right edge on the text block's right margin (15 mm) or left of it; at 10 pt, then 9, 8 and
   7 pt (``MIN_FONT_SIZE``: smaller is not legible on paper); then with fewer lines (the
   caller's later ``variants``, e.g. organisation and time joined), 10 pt down to 7 pt;
2. anywhere in the upper third of the page ("top"), same variants and sizes, the place
   nearest the preferred corner winning;
3. nothing: ``InvalidInput("placement", "no_free_space")``. Deliberately no stamp over ink
   (not even on a white background, which would hide what the copy must show) and no stamp
   far from where ND30 puts it: the user then chooses the place (a page and a box), which the
   copy and attachment roles accept as given.

Every box keeps ``GAP`` points of paper between itself and any ink.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import InvalidInput

Box = tuple[float, float, float, float]
MM = 72 / 25.4
EDGE = 5 * MM  # nearest a stamp comes to the paper's edge
PREFERRED_TOP = 8 * MM  # the stamp's top when there is room (appearance.TOP_MARGIN_PT)
RIGHT_MARGIN = 15 * MM  # its right edge (appearance.RIGHT_MARGIN_PT)
GAP = 2.0  # points of paper between a stamp's box and any ink
MIN_FONT_SIZE = 7
TOP_PART = 1 / 3  # "the top of the page": its upper third
DARK = 200  # an image pixel darker than this (0-255 luminance) is ink
SCALE = 1.0  # pixels of the ink map per point


@dataclass(frozen=True)
class StampPlace:
    """Where a text stamp goes: ``box`` in the page's own coordinates (the widget's /Rect),
    the ``lines`` and ``font_size`` that fit there, the page's rotation (``turn``, degrees
    clockwise) the stamp must be drawn against, and the ``zone`` it was found in."""

    page: int  # 0-based
    box: Box
    lines: tuple[str, ...]
    font_size: int
    turn: int
    zone: str  # "margin" or "top"


def find_stamp_place(
    source: bytes | Path,
    variants: Sequence[Sequence[str]],
    size_of: Any,
    *,
    page_ix: int = 0,
) -> StampPlace:
    """The first place that fits (see the module's docstring). ``variants``: the stamp's
    lines, then versions with fewer lines; ``size_of(lines, font_size)`` → (width, height)
    of the box the stamp's style needs (``appearance.stamp_size``)."""
    from signing.appearance import FONT_SIZE, _open_pdf

    pdf = _open_pdf(source)
    try:
        if not 0 <= page_ix < len(pdf):
            raise InvalidInput("placement", "page_out_of_range", value=page_ix + 1)
        page = pdf[page_ix]
        view = View.of(page)
        ink = InkMap.of(page, view)
    finally:
        pdf.close()
    sizes = range(FONT_SIZE, MIN_FONT_SIZE - 1, -1)
    prefer = (view.width - RIGHT_MARGIN, PREFERRED_TOP)
    zones = (
        ("margin", (view.width / 2, view.width - RIGHT_MARGIN), (EDGE, PREFERRED_TOP)),
        ("top", (EDGE, view.width - RIGHT_MARGIN), (EDGE, view.height * TOP_PART)),
    )
    for zone, xs, ys in zones:
        for lines in variants:
            for size in sizes:
                width, height = size_of(lines, size)
                y_last = ys[1] if zone == "margin" else ys[1] - height
                found = ink.search(width, height, xs, (ys[0], y_last), prefer)
                if found is not None:
                    box = view.to_page(found)
                    return StampPlace(page_ix, box, tuple(lines), size, view.rotation, zone)
    raise InvalidInput("placement", "no_free_space", value=page_ix + 1)


# -- the page as displayed ---------------------------------------------------------------


@dataclass(frozen=True)
class View:
    """The page as a reader sees it: its crop box turned clockwise by ``rotation``. Display
    boxes are (x1, y1, x2, y2) in points from the top left, y growing downwards."""

    crop: Box  # in the page's own coordinates
    rotation: int  # 0, 90, 180, 270

    @classmethod
    def of(cls, page: Any) -> View:
        left, bottom, right, top = (float(v) for v in page.get_bbox())
        return cls((left, bottom, right, top), int(page.get_rotation()) % 360)

    @property
    def width(self) -> float:
        x0, y0, x1, y1 = self.crop
        return (y1 - y0) if self.rotation in (90, 270) else (x1 - x0)

    @property
    def height(self) -> float:
        x0, y0, x1, y1 = self.crop
        return (x1 - x0) if self.rotation in (90, 270) else (y1 - y0)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A point of the page's own coordinates, on the display."""
        x0, y0, x1, y1 = self.crop
        if self.rotation == 90:
            return y - y0, x - x0
        if self.rotation == 180:
            return x1 - x, y - y0
        if self.rotation == 270:
            return y1 - y, x1 - x
        return x - x0, y1 - y

    def to_display(self, box: Box) -> Box:
        (ax, ay), (bx, by) = self.point(box[0], box[1]), self.point(box[2], box[3])
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)

    def to_page(self, box: Box) -> Box:
        """A display box in the page's own coordinates."""
        x0, y0, x1, y1 = self.crop
        dx1, dy1, dx2, dy2 = box
        if self.rotation == 90:
            corners = ((x0 + dy1, y0 + dx1), (x0 + dy2, y0 + dx2))
        elif self.rotation == 180:
            corners = ((x1 - dx1, y0 + dy1), (x1 - dx2, y0 + dy2))
        elif self.rotation == 270:
            corners = ((x1 - dy1, y1 - dx1), (x1 - dy2, y1 - dx2))
        else:
            corners = ((x0 + dx1, y1 - dy1), (x0 + dx2, y1 - dy2))
        (ax, ay), (bx, by) = corners
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


# -- the ink ---------------------------------------------------------------------------------


class InkMap:
    """One bit per ``SCALE``-th of a point of the displayed page: set where something is
    drawn. Rows are Python ints, the leftmost column the most significant bit."""

    def __init__(self, view: View) -> None:
        from PIL import Image

        self.view = view
        self.columns = max(1, round(view.width * SCALE))
        self.rows = max(1, round(view.height * SCALE))
        self.image = Image.new("L", (self.columns, self.rows), 0)
        self._draw: Any = None
        self._bits: list[int] | None = None

    @classmethod
    def of(cls, page: Any, view: View) -> InkMap:
        ink = cls(view)
        images: list[Box] = []
        for kind, box in _drawn_objects(page):
            if kind == "image":
                images.append(box)
            else:
                ink.mark_page_box(box)
        for box in _visible_chars(page):
            ink.mark_page_box(box)
        for box in _visible_annotations(page):
            ink.mark_page_box(box)
        if images:
            ink.mark_dark_pixels(page, images)
        return ink

    def mark_page_box(self, box: Box) -> None:
        self.mark(self.view.to_display(box))

    def mark(self, box: Box) -> None:
        """Set the pixels a display box touches (rounded outwards)."""
        import math

        x1, y1, x2, y2 = box
        if x2 < 0 or y2 < 0 or x1 > self.view.width or y1 > self.view.height:
            return  # off the page
        left = min(max(0, math.floor(x1 * SCALE)), self.columns - 1)
        top = min(max(0, math.floor(y1 * SCALE)), self.rows - 1)
        right = min(max(left, math.ceil(x2 * SCALE) - 1), self.columns - 1)
        bottom = min(max(top, math.ceil(y2 * SCALE) - 1), self.rows - 1)
        if self._draw is None:
            from PIL import ImageDraw

            self._draw = ImageDraw.Draw(self.image)
        self._draw.rectangle((left, top, right, bottom), fill=255)
        self._bits = None

    def mark_dark_pixels(self, page: Any, images: list[Box]) -> None:
        """Inside each image's box, the pixels PDFium draws darker than ``DARK``."""
        from PIL import ImageChops

        bitmap = page.render(scale=SCALE, draw_annots=False, may_draw_forms=False, grayscale=True)
        drawn = bitmap.to_pil().convert("L").resize((self.columns, self.rows))
        dark = drawn.point(lambda v: 255 if v < DARK else 0)
        for box in images:
            x1, y1, x2, y2 = self.view.to_display(box)
            area = (max(0, int(x1 * SCALE)), max(0, int(y1 * SCALE)),
                    min(self.columns, int(x2 * SCALE) + 1), min(self.rows, int(y2 * SCALE) + 1))  # fmt: skip
            if area[2] <= area[0] or area[3] <= area[1]:
                continue
            region = ImageChops.lighter(self.image.crop(area), dark.crop(area))
            self.image.paste(region, area[:2])
        self._bits = None

    def bits(self) -> list[int]:
        if self._bits is None:
            packed = self.image.point(lambda v: 255 if v else 0).convert("1").tobytes()
            stride = (self.columns + 7) // 8
            shift = stride * 8 - self.columns
            self._bits = [
                int.from_bytes(packed[r * stride : (r + 1) * stride], "big") >> shift
                for r in range(self.rows)
            ]
        return self._bits

    def is_free(self, box: Box) -> bool:
        """No ink within ``GAP`` of the display box."""
        x1, y1, x2, y2 = box
        return self._band_free_columns(y1 - GAP, y2 + GAP, x1 - GAP, x2 + GAP)

    def _band_free_columns(self, y1: float, y2: float, x1: float, x2: float) -> bool:
        import math

        band = self._band(math.floor(y1 * SCALE), math.ceil(y2 * SCALE))
        left, right = max(0, math.floor(x1 * SCALE)), min(self.columns, math.ceil(x2 * SCALE))
        width = right - left
        if width <= 0:
            return True
        mask = ((1 << width) - 1) << (self.columns - right)
        return not band & mask

    def _band(self, top: int, bottom: int) -> int:
        rows = self.bits()[max(0, top) : min(self.rows, bottom)]
        out = 0
        for row in rows:
            out |= row
        return out

    def search(
        self,
        width: float,
        height: float,
        xs: tuple[float, float],
        ys: tuple[float, float],
        prefer: tuple[float, float],
    ) -> Box | None:
        """The free display box of ``width`` × ``height`` inside columns ``xs`` whose top is
        within ``ys``, nearest ``prefer`` (its right edge, its top): a step up or down costs
        twice a step sideways. None when nothing fits."""
        import math

        x_min, x_max = xs
        if x_max - x_min < width or ys[1] < ys[0]:
            return None
        need = math.ceil((width + 2 * GAP) * SCALE)
        lo = max(0, math.floor((x_min - GAP) * SCALE))
        hi = min(self.columns, math.floor((x_max + GAP) * SCALE))
        best: tuple[float, Box] | None = None
        top = ys[0]
        while top <= ys[1] + 1e-9:
            band = self._band(
                math.floor((top - GAP) * SCALE), math.ceil((top + height + GAP) * SCALE)
            )
            free = format(band, f"0{self.columns}b")
            at = free.rfind("0" * need, lo, hi)
            if at >= 0:
                right = min(x_max, (at + need) / SCALE - GAP)
                box = (right - width, top, right, top + height)
                cost = 2 * abs(top - prefer[1]) + abs(prefer[0] - right)
                if best is None or cost < best[0]:
                    best = (cost, box)
            top += 1 / SCALE
        return best[1] if best else None


def _drawn_objects(page: Any) -> list[tuple[str, Box]]:
    """("image" or "ink", box in the page's coordinates) of every drawn page object, form
    XObjects entered (their children's boxes are in the form's space)."""
    import pypdfium2.raw as pdfium_c

    out: list[tuple[str, Box]] = []

    def walk(objects: Any, matrix: tuple[float, ...], depth: int) -> None:
        for obj in objects:
            kind = obj.type
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
                inner = _compose(_matrix(obj), matrix)
                walk(page.get_objects(form=obj, max_depth=0, level=depth + 1), inner, depth + 1)
                continue
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT and _invisible_text(obj):
                continue
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH and _white_fill_only(obj):
                continue
            try:
                box = _transform_box(obj.get_bounds(), matrix)
            except Exception:  # PDFium has no bounds for it: nothing drawn
                continue
            out.append(("image" if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE else "ink", box))

    walk(page.get_objects(max_depth=0), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 0)
    return out


def _visible_chars(page: Any) -> list[Box]:
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    boxes = []
    for i in range(textpage.count_chars()):
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1:
            continue
        obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, i)
        if (
            obj
            and pdfium_c.FPDFTextObj_GetTextRenderMode(obj)
            == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE
        ):
            continue
        left, bottom, right, top = textpage.get_charbox(i)
        if right > left and top > bottom:
            boxes.append((left, bottom, right, top))
    return boxes


def _visible_annotations(page: Any) -> list[Box]:
    """Boxes of the annotations a reader sees (not hidden, not pop-ups or links)."""
    import pypdfium2.raw as pdfium_c

    skipped = {pdfium_c.FPDF_ANNOT_POPUP, pdfium_c.FPDF_ANNOT_LINK}
    boxes = []
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        if not annot:
            continue
        try:
            hidden = pdfium_c.FPDFAnnot_GetFlags(annot) & (2 | 32)  # Hidden, NoView
            if hidden or pdfium_c.FPDFAnnot_GetSubtype(annot) in skipped:
                continue
            rect = pdfium_c.FS_RECTF()
            if not pdfium_c.FPDFAnnot_GetRect(annot, rect):
                continue
            left, right = sorted((rect.left, rect.right))
            bottom, top = sorted((rect.bottom, rect.top))
            if right - left >= 1 and top - bottom >= 1:
                boxes.append((left, bottom, right, top))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return boxes


def _invisible_text(obj: Any) -> bool:
    import pypdfium2.raw as pdfium_c

    mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
    return mode == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE


def _white_fill_only(obj: Any) -> bool:
    """A path that only fills, with white or nothing at all: paper, not ink."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill_mode), ctypes.byref(stroke)):
        return False
    if stroke.value:
        return False
    if fill_mode.value == 0:
        return True  # neither filled nor stroked: a clipping path
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj.raw, *(ctypes.byref(v) for v in (r, g, b, a))):
        return False
    return a.value == 0 or min(r.value, g.value, b.value) >= 250


def _matrix(obj: Any) -> tuple[float, ...]:
    m = obj.get_matrix()
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """``inner`` then ``outer`` (PDF row-vector convention: p · inner · outer)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)  # fmt: skip


def _transform_box(box: Any, matrix: tuple[float, ...]) -> Box:
    left, bottom, right, top = (float(v) for v in box)
    a, b, c, d, e, f = matrix
    xs, ys = [], []
    for x, y in ((left, bottom), (left, top), (right, bottom), (right, top)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


__all__ = ["MIN_FONT_SIZE", "InkMap", "StampPlace", "View", "find_stamp_place"]
