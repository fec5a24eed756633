"""The PDF preview (ui/preview.py), offscreen, in a 420×640 pane as in the detail pane:
time from ``set_document`` to the first page painted sharp, for a 1-page and a 200-page PDF
(median of 7, each a fresh file so that nothing is cached); then a scroll through all 200
pages, a half screen at a time, each step waited until sharp, then ten screens at 400 %,
with the tile cache bounded at 32 MB: the cache's peak bytes, the longest gap of a 5 ms GUI-thread timer meanwhile (a stall
of the event loop), and the process's resident memory. Last line: JSON."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import report, scratch, vm_hwm_mb, vm_rss_mb

WIDTH, HEIGHT = 420, 640
CACHE = 32 * 2**20
RUNS = 7


def make_pdf(path: Path, pages: int) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from app.fonts import register_fonts

    family = register_fonts()
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in range(pages):
        c.setFont(family, 13)
        y = 800
        for line in (
            "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
            "QUYẾT ĐỊNH",
            "Về việc phê duyệt kế hoạch chuyển đổi số năm 2027",
            *[f"Điều {n}. Nội dung thử nghiệm dòng chữ có dấu tiếng Việt." for n in range(30)],
        ):
            c.drawString(60, y, line)
            y -= 20
        c.drawString(60, 40, f"Trang {page + 1}")
        c.showPage()
    c.save()
    return path


class Stalls:
    """The longest gap between ticks of a 5 ms timer on the GUI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.longest = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer(interval=5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now

    def start(self) -> None:
        self.longest, self._last = 0.0, time.perf_counter()
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        return self.longest


def wait(condition, timeout: float = 30.0) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    poll = QTimer(interval=1)
    poll.timeout.connect(lambda: condition() and loop.quit())
    poll.start()
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    loop.exec()
    poll.stop()
    if not condition():
        raise TimeoutError("the preview did not get there in time")


def first_page_seconds(preview, path: Path) -> float:
    shown: list[int] = []
    preview.rendered.connect(shown.append)
    start = time.perf_counter()
    preview.set_document(path)
    wait(lambda: bool(shown))
    elapsed = time.perf_counter() - start
    preview.rendered.disconnect(shown.append)
    return elapsed


def main() -> int:
    from ui.application import make_application
    from ui.preview import PdfPreview
    from ui.session import DeskSession

    folder = scratch("preview")
    app = make_application()
    session = DeskSession(folder / "home")
    preview = PdfPreview(session, cache_bytes=CACHE)
    preview.resize(WIDTH, HEIGHT)
    preview.show()
    app.processEvents()

    timings: dict[str, list[float]] = {"1": [], "200": []}
    for run in range(RUNS):
        for pages in (1, 200):
            path = make_pdf(folder / f"p{pages}-{run}.pdf", pages)
            timings[str(pages)].append(first_page_seconds(preview, path))

    # scroll the last 200-page file end to end
    view = preview.view
    bar = view.verticalScrollBar()
    stalls = Stalls()
    stalls.start()
    start = time.perf_counter()
    steps = 0
    while True:
        wait(view.is_sharp)
        if bar.value() >= bar.maximum():
            break
        bar.setValue(bar.value() + view.viewport().height() // 2)
        steps += 1
    scroll_seconds = time.perf_counter() - start
    longest_stall = stalls.stop()
    renderer = preview.renderer
    last_page = preview.current_page + 1

    # 400 %: a page is 16 tiles; only those in view (and next to it) are drawn
    preview.go_to_page(100)
    start = time.perf_counter()
    preview.set_zoom(4.0)
    wait(view.is_sharp)
    zoom_sharp = time.perf_counter() - start
    drawn = renderer.drawn
    for _ in range(20):
        bar.setValue(bar.value() + view.viewport().height() // 2)
        wait(view.is_sharp)
    zoom_tiles = renderer.drawn - drawn

    result = {
        "benchmark": "preview",
        "pane": f"{WIDTH}x{HEIGHT}",
        "first_page_1p_ms": round(statistics.median(timings["1"]) * 1000, 1),
        "first_page_200p_ms": round(statistics.median(timings["200"]) * 1000, 1),
        "first_page_200p_max_ms": round(max(timings["200"]) * 1000, 1),
        "scroll_200p_steps": steps,
        "scroll_200p_seconds": round(scroll_seconds, 2),
        "scroll_last_page_shown": last_page,
        "tiles_drawn": renderer.drawn,
        "zoom400_sharp_ms": round(zoom_sharp * 1000, 1),
        "zoom400_tiles_for_10_screens": zoom_tiles,
        "cache_limit_mb": CACHE / 2**20,
        "cache_peak_mb": round(renderer.cache.peak / 2**20, 1),
        "cache_now_mb": round(renderer.cache.bytes / 2**20, 1),
        "longest_gui_stall_ms": round(longest_stall * 1000, 1),
        "rss_mb": round(vm_rss_mb(), 1),
        "peak_rss_mb": round(vm_hwm_mb(), 1),
    }
    result["ok"] = (
        result["cache_peak_mb"] <= result["cache_limit_mb"]
        and last_page == 200
        and result["first_page_200p_ms"] < 1000
    )
    preview.close()
    session.close()
    report(result)
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
