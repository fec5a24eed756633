"""The PDF preview (ui/preview.py) on real PDFs: what the clerk sees, read off the pixels of
the widget. One document is signed on a SoftHSM token with a visible stamp; QtPdf is not
installed here (PySide6-Essentials has no QtPdf), so the proof that the stamp needs PDFium's
form layer is PDFium itself drawing the same page without it: white where the preview shows
the stamp.

Screenshots go to $VANTHU_UI_SHOTS/preview/ when that is set (the notes of the work), to the
test's temporary folder otherwise."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QToolButton

from app.errors import InvalidInput
from app.messages import describe
from resources import ROOT as RESOURCES
from tests.conftest import make_pdf
from tests.signing.conftest import PERSONAL, SoftHsm
from ui.preview import PdfPreview
from ui.preview_canvas import GAP, ZOOM_STEPS, Fit
from ui.session import DeskSession

pytestmark = pytest.mark.gui

WIDTH, HEIGHT = 420, 640
DRAFT = [
    "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
    "Số:        /QĐ-UBND",
    "QUYẾT ĐỊNH",
    "Về việc phê duyệt kế hoạch chuyển đổi số năm 2027",
    *[""] * 6,
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "",
    "",
    "",
    "",
    "Nguyễn Văn A",
]


# -- documents --------------------------------------------------------------------------------


def coloured_pdf(path: Path, rgb: tuple[float, float, float], pages: int = 1) -> Path:
    """Pages filled with one colour: a page of the wrong document is seen at once."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        c.setFillColorRGB(*rgb)
        c.rect(0, 0, *A4, fill=1, stroke=0)
        c.showPage()
    c.save()
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("preview")


@pytest.fixture(scope="module")
def one_page(folder: Path) -> Path:
    return make_pdf(folder / "mot-trang.pdf", DRAFT)


@pytest.fixture(scope="module")
def twelve_pages(folder: Path) -> Path:
    return make_pdf(folder / "muoi-hai-trang.pdf", DRAFT[:4], pages=12)


@pytest.fixture(scope="module")
def signed(softhsm: SoftHsm, folder: Path) -> tuple[Path, tuple[float, ...]]:
    """A draft approved on the PERSONAL token, its stamp (signature image and text) under
    "CHỦ TỊCH"; with the stamp's rectangle in PDF points."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    from signing import Placement, Role, SignRequest, TokenModule, sign_document

    source = make_pdf(folder / "du-thao.pdf", DRAFT)
    target = folder / "da-ky.pdf"
    request = SignRequest(
        source, target, Role.APPROVE, Placement(anchor="CHỦ TỊCH"),
        RESOURCES / "signatures" / "chu-ky-mau.png",
    )  # fmt: skip
    module = TokenModule.of(softhsm.module)
    sign_document(module, PERSONAL.label, PERSONAL.pin, PERSONAL.key_id.hex(), request)
    reader = PdfFileReader(io.BytesIO(target.read_bytes()), strict=False)
    (signature,) = reader.embedded_signatures
    return target, tuple(float(v) for v in signature.sig_field["/Rect"])


# -- the widget -------------------------------------------------------------------------------


@pytest.fixture
def session(tmp_path: Path):
    session = DeskSession(tmp_path / "home")  # only its task bridge is used: no workspace
    session.errors.dialogs = False
    yield session
    session.close()


@pytest.fixture
def preview(qtbot, session: DeskSession) -> PdfPreview:
    widget = PdfPreview(session)
    qtbot.addWidget(widget)
    widget.resize(WIDTH, HEIGHT)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shots(tmp_path: Path) -> Path:
    base = os.environ.get("VANTHU_UI_SHOTS")
    folder = Path(base) / "preview" if base else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_and_wait(qtbot, preview: PdfPreview, path: Path | None) -> int:
    with qtbot.waitSignal(preview.rendered, timeout=15000) as signal:
        preview.set_document(path)
    return signal.args[0]


def wait_sharp(qtbot, preview: PdfPreview) -> QImage:
    """What the page view shows once every tile on screen is drawn at the current zoom."""
    qtbot.waitUntil(preview.view.is_sharp, timeout=15000)
    return screen(preview)


def screen(preview: PdfPreview) -> QImage:
    preview.view.viewport().repaint()
    return preview.view.viewport().grab().toImage()


def ink(image: QImage, rect: QRectF) -> float:
    """The share of pixels in ``rect`` that are not paper white."""
    area = rect.toAlignedRect().intersected(image.rect())
    dark = total = 0
    for y in range(area.top(), area.bottom() + 1, 2):
        for x in range(area.left(), area.right() + 1, 2):
            total += 1
            if QColor(image.pixel(x, y)).lightness() < 235:
                dark += 1
    return dark / max(1, total)


def on_screen(preview: PdfPreview, page: int, box: tuple[float, ...]) -> QRectF:
    """A rectangle in PDF points (x1, y1, x2, y2 from the bottom left) where the view draws it."""
    w_pt, h_pt = preview.view.source.sizes[page]
    rect = preview.view.page_rect(page)
    sx, sy = rect.width() / w_pt, rect.height() / h_pt
    x1, y1, x2, y2 = box
    return QRectF(rect.x() + x1 * sx, rect.y() + (h_pt - y2) * sy, (x2 - x1) * sx, (y2 - y1) * sy)


# -- tests ------------------------------------------------------------------------------------


def test_a_pdf_opens_on_its_first_page_fitted_to_the_width(qtbot, preview, one_page):
    assert preview.state == "empty" and "Chưa chọn văn bản" in preview.notice.text()
    assert open_and_wait(qtbot, preview, one_page) == 1
    image = wait_sharp(qtbot, preview)
    assert preview.state == "shown" and preview.fit is Fit.WIDTH
    assert preview.page_box.text() == "1" and preview.page_total.text() == "/ 1"
    page = preview.view.page_rect(0)
    assert preview.view.viewport().width() - page.width() < 50  # fitted to the width
    assert ink(image, page) > 0.002  # the text is drawn
    # the title line, where make_pdf wrote it (60 pt from the left, 800 pt from the bottom)
    assert ink(image, on_screen(preview, 0, (55, 795, 300, 815))) > 0.05
    outside = image.pixelColor(QPoint(3, round(page.bottom()) + 4))
    assert outside != QColor(Qt.GlobalColor.white)  # paper on a shade of the palette


def test_the_signature_stamp_is_drawn(qtbot, preview, signed, tmp_path):
    import pypdfium2 as pdfium

    path, box = signed
    open_and_wait(qtbot, preview, path)
    image = wait_sharp(qtbot, preview)
    h_pt = preview.view.source.sizes[0][1]
    stamp = on_screen(preview, 0, box)
    assert stamp.intersected(QRectF(image.rect())) == stamp  # wholly in view, fitted
    assert ink(image, stamp) > 0.03
    preview.view.set_zoom(1.5, anchor=stamp.center())  # the stamp stays where it was
    image = wait_sharp(qtbot, preview)
    stamp = on_screen(preview, 0, box)
    assert ink(image, stamp.intersected(QRectF(image.rect()))) > 0.03
    preview.grab().save(str(shots(tmp_path) / "signed-stamp-150.png"))

    # PDFium without its form layer (as QtPdf draws) leaves the stamp's place white
    pdf = pdfium.PdfDocument(str(path))
    try:
        plain = pdf[0].render(scale=2, may_draw_forms=False).to_pil().convert("L")
    finally:
        pdf.close()
    x1, y1, x2, y2 = (round(v * 2) for v in (box[0], h_pt - box[3], box[2], h_pt - box[1]))
    region = plain.crop((x1, y1, x2, y2))
    assert (
        sum(1 for v in region.get_flattened_data() if v < 235) / (region.width * region.height)
        < 0.001
    )


def test_page_buttons_keys_and_the_page_box_move_through_the_pages(qtbot, preview, twelve_pages):
    open_and_wait(qtbot, preview, twelve_pages)
    view, actions = preview.view, preview.actions_by_name
    assert preview.page_total.text() == "/ 12"
    assert not actions["previous"].isEnabled() and actions["next"].isEnabled()
    before = wait_sharp(qtbot, preview)

    actions["next"].trigger()
    assert preview.current_page == 1 and preview.page_box.text() == "2"
    assert abs(view.page_rect(1).top() - GAP / 2) <= 1  # page 2 at the top of the view
    assert wait_sharp(qtbot, preview) != before

    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert preview.current_page == 2
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert preview.current_page == 11 and preview.page_box.text() == "12"
    assert not actions["last"].isEnabled() and not actions["next"].isEnabled()
    last = wait_sharp(qtbot, preview)
    page = view.page_rect(11)
    # "Trang 12" at the foot of the last page is on screen
    assert ink(last, on_screen(preview, 11, (55, 30, 130, 55))) > 0.05
    assert page.bottom() <= view.viewport().height() + 1
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert preview.current_page == 10
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert preview.current_page == 0

    qtbot.keyClick(view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert preview.page_box.hasFocus()
    qtbot.keyClicks(preview.page_box, "7")
    qtbot.keyClick(preview.page_box, Qt.Key.Key_Return)
    assert preview.current_page == 6 and preview.page_box.text() == "7"
    preview.page_box.selectAll()
    qtbot.keyClicks(preview.page_box, "99")
    qtbot.keyClick(preview.page_box, Qt.Key.Key_Return)
    assert preview.current_page == 11 and preview.page_box.text() == "12"

    view.verticalScrollBar().setValue(
        round(view.page_rect(4).top() + view.verticalScrollBar().value())
    )
    assert preview.current_page == 4 and preview.page_box.text() == "5"  # scrolling follows


def test_zoom_steps_keys_wheel_and_fits_change_what_is_shown(qtbot, preview, one_page):
    open_and_wait(qtbot, preview, one_page)
    view = preview.view
    fitted = view.page_rect(0).width()
    before = wait_sharp(qtbot, preview)

    fit_zoom = preview.zoom
    preview.zoom_in()
    assert preview.zoom == min(z for z in ZOOM_STEPS if z > fit_zoom * 1.01)  # the next step
    assert preview.fit is Fit.NONE and view.page_rect(0).width() > fitted
    assert preview.zoom_button.text() == f"{round(preview.zoom * 100)}%"
    assert not preview.actions_by_name["fit_width"].isChecked()
    zoomed = wait_sharp(qtbot, preview)
    assert zoomed != before

    view.setFocus()
    zoom = preview.zoom
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom < zoom
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom == pytest.approx(zoom)

    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert preview.fit is Fit.WIDTH and view.page_rect(0).width() == pytest.approx(fitted)
    assert preview.actions_by_name["fit_width"].isChecked()

    preview.resize(2 * WIDTH, HEIGHT)  # wide: fitted to the width, the page is taller than the view
    qtbot.waitUntil(lambda: view.page_rect(0).height() > view.viewport().height())
    preview.actions_by_name["fit_page"].trigger()
    page = view.page_rect(0)
    assert preview.fit is Fit.PAGE and page.height() <= view.viewport().height()
    assert page.top() >= 0 and page.bottom() <= view.viewport().height()  # the whole page
    whole = wait_sharp(qtbot, preview)
    assert ink(whole, page) > 0.002

    zoom = preview.zoom
    wheel(view, QPointF(100, 100), 240, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom == pytest.approx(zoom * 1.1**2)
    wheel(view, QPointF(100, 100), -120, Qt.KeyboardModifier.ControlModifier)
    assert preview.zoom == pytest.approx(zoom * 1.1)


def wheel(view, at: QPointF, delta: int, modifiers) -> None:
    from PySide6.QtCore import QPoint as P
    from PySide6.QtGui import QWheelEvent

    event = QWheelEvent(
        at, view.viewport().mapToGlobal(at), P(0, 0), P(0, delta),
        Qt.MouseButton.NoButton, modifiers, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(view.viewport(), event)


def test_pages_are_drawn_at_the_screens_pixel_density(qtbot, preview, one_page, monkeypatch):
    from ui.preview_canvas import PageView

    open_and_wait(qtbot, preview, one_page)
    logical = preview.view.page_rect(0).width()
    keys_1x = {k.width for k in preview.view.tiles_of(0, QRectF(preview.view.viewport().rect()))}
    monkeypatch.setattr(PageView, "device_ratio", lambda self: 2.0)
    preview.view.set_fit(Fit.WIDTH)
    keys_2x = preview.view.tiles_of(0, QRectF(preview.view.viewport().rect()))
    assert preview.view.page_rect(0).width() == pytest.approx(logical)  # same size on screen
    assert {k.width for k in keys_2x} == {round(2 * w) for w in keys_1x}  # twice the pixels
    wait_sharp(qtbot, preview)
    image = preview.renderer.image(keys_2x[0])
    assert image.width() == min(1024, keys_2x[0].width)


def test_thumbnails_show_the_pages_and_take_the_view_there(qtbot, preview, twelve_pages, tmp_path):
    open_and_wait(qtbot, preview, twelve_pages)
    strip = preview.thumbnails
    assert strip.isHidden()
    preview.actions_by_name["thumbnails"].trigger()
    assert preview.thumbnails_visible and strip.isVisible()
    qtbot.waitUntil(strip.is_sharp, timeout=15000)
    strip.viewport().repaint()
    picture = strip.viewport().grab().toImage()
    assert ink(picture, strip.page_rect(0)) > 0.002

    target = strip.page_rect(3).center().toPoint()
    qtbot.mouseClick(strip.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert preview.current_page == 3 and preview.page_box.text() == "4"
    assert strip.current_page == 3
    wait_sharp(qtbot, preview)
    qtbot.waitUntil(strip.is_sharp, timeout=15000)
    preview.grab().save(str(shots(tmp_path) / "thumbnails.png"))

    preview.actions_by_name["thumbnails"].trigger()
    assert strip.isHidden()


@pytest.mark.parametrize("problem", ["damaged_pdf", "truncated_pdf", "encrypted_pdf"])
def test_a_file_that_cannot_be_shown_says_why_inside_the_widget(
    qtbot, preview, session, one_page, tmp_path, problem
):
    path = tmp_path / "hong.pdf"
    if problem == "damaged_pdf":
        path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage\n" * 400 + b"%%EOF\n")
    elif problem == "truncated_pdf":
        data = one_page.read_bytes()
        path.write_bytes(data[: len(data) // 2])
    else:
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        c = canvas.Canvas(str(path), pagesize=A4, encrypt="mat-khau-bi-mat")
        c.drawString(60, 800, "Mật")
        c.showPage()
        c.save()
    with qtbot.waitSignal(preview.failed, timeout=15000) as signal:
        preview.set_document(path, name="cong-van.pdf")
    words = describe(InvalidInput("file", problem, value="cong-van.pdf"))
    assert signal.args == [words]
    assert preview.state == "failed" and preview.stack.currentWidget() is preview.notice
    assert words in preview.notice.text() and "Traceback" not in preview.notice.text()
    assert session.errors.last is None  # no dialog, nothing for the error sink
    assert not preview.actions_by_name["next"].isEnabled()
    if problem == "damaged_pdf":
        preview.grab().save(str(shots(tmp_path) / "damaged.png"))

    assert open_and_wait(qtbot, preview, one_page) == 1  # and the next file shows
    assert preview.state == "shown"


def colour_of(colour: QColor) -> str:
    if colour.red() > 150 and colour.green() < 80:
        return "red"
    if colour.blue() > 150 and colour.red() < 80:
        return "blue"
    if colour.green() > 150 and colour.red() < 80:
        return "green"
    return ""  # paper not drawn yet, or the background


def test_switching_documents_quickly_never_shows_an_older_one(qtbot, preview, folder):
    from ui.preview_render import TileKey

    files = {
        "red": coloured_pdf(folder / "do.pdf", (0.9, 0.1, 0.1), pages=40),
        "blue": coloured_pdf(folder / "xanh-duong.pdf", (0.1, 0.2, 0.9), pages=40),
        "green": coloured_pdf(folder / "xanh-la.pdf", (0.1, 0.7, 0.2)),
    }
    renderer = preview.renderer
    current = [""]
    wrong: list[tuple[str, str]] = []  # (document set, colour shown)

    def look(_key=None) -> None:
        image = screen(preview)
        shown = colour_of(image.pixelColor(image.width() // 2, image.height() // 2))
        if shown and shown != current[0]:
            wrong.append((current[0], shown))

    def switch(name: str) -> None:
        current[0] = name
        preview.set_document(files[name])
        look()  # at once: nothing of the one before

    renderer.tile_ready.connect(look)  # and every time a tile arrives
    dropped = renderer.dropped
    for _ in range(3):
        for older in ("red", "blue"):  # each replaced while one of its tiles is being drawn
            with qtbot.waitSignal(renderer.tile_ready, timeout=15000):
                switch(older)
            # its first tile is shown, and the renderer went straight on to the next one
            assert isinstance(renderer.job, TileKey)
            assert renderer.job.generation == renderer.generation
        switch("green")
        qtbot.waitUntil(lambda: preview.state == "shown", timeout=15000)
    final = wait_sharp(qtbot, preview)
    renderer.tile_ready.disconnect(look)

    assert renderer.dropped >= 6  # the late tiles of red and blue arrived, and were dropped
    assert renderer.dropped > dropped
    assert wrong == []
    assert preview.view.source.path == files["green"] and preview.page_count == 1
    assert colour_of(final.pixelColor(final.width() // 2, final.height() // 3)) == "green"
    assert all(key.generation == renderer.generation for key, _ in renderer.cache.items())


def test_no_file_and_nothing_selected(qtbot, preview, one_page):
    open_and_wait(qtbot, preview, one_page)
    assert open_and_wait(qtbot, preview, None) == 0
    assert preview.state == "no_file" and preview.notice.text() == "Văn bản không có tệp."
    assert preview.stack.currentWidget() is preview.notice and preview.page_count == 0
    assert preview.page_box.text() == "" and not preview.page_box.isEnabled()
    preview.clear()
    assert preview.state == "empty" and preview.notice.text() == "Chưa chọn văn bản."


def test_a_long_document_opens_at_once_and_keeps_within_its_memory(qtbot, session, folder):
    long = make_pdf(folder / "dai.pdf", DRAFT[:4], pages=200)
    small = 6 * 2**20
    preview = PdfPreview(session, cache_bytes=small)
    qtbot.addWidget(preview)
    preview.resize(WIDTH, HEIGHT)
    preview.show()
    assert open_and_wait(qtbot, preview, long) == 200
    wait_sharp(qtbot, preview)
    qtbot.waitUntil(lambda: preview.renderer.idle, timeout=15000)
    assert preview.renderer.drawn <= 6  # what is on screen and next to it, not 200 pages
    for page in range(0, 200, 9):
        preview.go_to_page(page)
        wait_sharp(qtbot, preview)
        assert preview.renderer.cache.bytes <= small
    preview.last_page()
    image = wait_sharp(qtbot, preview)
    assert ink(image, on_screen(preview, 199, (55, 30, 130, 55))) > 0.05  # "Trang 200"
    assert preview.renderer.cache.peak <= small


def test_controls_are_named_and_the_tool_bar_fits_a_narrow_pane(preview):
    bar = preview.toolbar
    controls = [w for w in bar.findChildren(QToolButton) if w.isVisible()]
    controls += [preview.page_box, preview.page_total, preview.view, preview.thumbnails]
    assert len(controls) >= 11
    assert all(c.accessibleName() for c in controls), [
        c for c in controls if not c.accessibleName()
    ]
    assert bar.sizeHint().width() <= WIDTH
    assert not any(  # Qt's "more" chevron appears when the actions do not fit
        b.objectName() == "qt_toolbar_ext_button" and b.isVisible()
        for b in bar.findChildren(QToolButton)
    )
    assert isinstance(preview.page_box, QLineEdit) and isinstance(preview.page_total, QLabel)


def test_dark_palette_keeps_white_paper(qtbot, preview, signed, tmp_path):
    from ui.application import apply_theme

    app = QApplication.instance()
    palette, style = app.palette(), app.style().name()
    folder = shots(tmp_path)
    try:
        open_and_wait(qtbot, preview, signed[0])
        wait_sharp(qtbot, preview)
        preview.grab().save(str(folder / "signed-light.png"))
        apply_theme(app, "dark")
        preview.set_thumbnails_visible(True)
        open_and_wait(qtbot, preview, signed[0])
        image = wait_sharp(qtbot, preview)
        qtbot.waitUntil(preview.thumbnails.is_sharp, timeout=15000)
        preview.grab().save(str(folder / "signed-dark.png"))
        page = preview.view.page_rect(0)
        assert image.pixelColor(QPoint(3, 3)).lightness() < 80  # dark around the page
        paper = image.pixelColor(QPoint(round(page.right()) - 6, round(page.top()) + 6))
        assert paper == QColor(Qt.GlobalColor.white)
    finally:
        app.setPalette(palette)
        app.setStyle(style)


def test_a_preview_that_goes_away_releases_its_file(qtbot, tmp_path, twelve_pages):
    from PySide6.QtCore import QEvent

    from ui.preview_render import TileKey

    for session_first in (False, True):
        session = DeskSession(tmp_path / f"home-{session_first}")
        preview = PdfPreview(session)
        preview.resize(WIDTH, HEIGHT)
        preview.show()
        with qtbot.waitSignal(preview.renderer.tile_ready, timeout=15000):
            preview.set_document(twelve_pages)
        source = preview.renderer.source
        assert isinstance(preview.renderer.job, TileKey)  # the next page's tile is being drawn
        if session_first:  # the window closes its session (its answers will never come)...
            session.close()
        preview.activateWindow()
        preview.page_box.setFocus()  # losing it as the widget goes must not call back into it
        preview.deleteLater()  # ...then its widgets go
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qtbot.waitUntil(lambda s=source: s.closed, timeout=5000)
        assert source.document is None
        session.close()
