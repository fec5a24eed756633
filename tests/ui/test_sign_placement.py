"""The signature's box on the page before signing (ui/sign_placement.py): the page drawn by
PDFium with the box below the signer's title (what the desk would choose), the usual ND30
place when the title is missing, moved with the mouse and the arrow keys, kept on the page,
and given to the desk as a page and a box in PDF points."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt

from signing import suggested_box
from tests.conftest import make_pdf
from tests.signing.drafts import draft_lines
from tests.ui.sign_support import save, shots_dir
from ui.sign_placement import PlacementView, default_box, draw_for_placement

pytestmark = pytest.mark.gui


@pytest.fixture
def draft_pdf(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "du-thao.pdf", draft_lines("Về việc phê duyệt đề án"))


def view_for(qtbot, picture) -> PlacementView:
    view = PlacementView()
    qtbot.addWidget(view)
    view.resize(420, 600)
    view.set_picture(picture)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_the_box_starts_below_the_title_and_follows_mouse_and_keys(qtbot, draft_pdf, tmp_path):
    picture = draw_for_placement(draft_pdf, "CHỦ TỊCH", 600)
    assert picture.found and picture.page == 0 and not picture.rotated
    assert picture.image.width() == 600
    assert picture.box == pytest.approx(suggested_box(draft_pdf, "CHỦ TỊCH")[1])
    # the page really is drawn: dark text pixels on white
    dark = sum(picture.image.pixelColor(x, y).lightness() < 100
               for x in range(0, 600, 3) for y in range(0, picture.image.height(), 3))  # fmt: skip
    assert dark > 50
    view = view_for(qtbot, picture)
    start = view.box
    save(view, shots_dir(tmp_path) / "sign-placement-light.png")

    # dragged with the mouse: 30 widget pixels right and 20 down
    centre = view.box_rect().center().toPoint()
    qtbot.mousePress(view, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(view, centre + QPoint(30, 20))
    qtbot.mouseRelease(view, Qt.MouseButton.LeftButton, pos=centre + QPoint(30, 20))
    scale = view.page_rect().width() / picture.width
    dragged = view.box
    assert dragged[0] - start[0] == pytest.approx(30 / scale, abs=0.6)
    assert dragged[1] - start[1] == pytest.approx(-20 / scale, abs=0.6)  # down: y falls

    # arrow keys: 2 pt, Shift: 10 pt; never off the page
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert view.box[0] == pytest.approx(dragged[0] - 2)
    assert view.box[1] == pytest.approx(dragged[1] - 10)
    for _ in range(200):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert view.box[2] == pytest.approx(picture.crop[2])  # at the right edge, not beyond
    placement = view.placement()
    assert placement.page == 1 and placement.box == pytest.approx(view.box, abs=0.01)
    assert "Trang 1" in view.accessibleDescription()


def test_without_the_title_the_usual_place(qtbot, draft_pdf):
    picture = draw_for_placement(draft_pdf, "GIÁM ĐỐC", 400)
    assert not picture.found and picture.page == 0
    assert picture.box == pytest.approx(default_box(picture.crop, (150.0, 62.5)))
    x1, x2 = picture.box[0], picture.box[2]
    assert picture.crop[2] / 2 < x1 < x2 < picture.crop[2]  # the right half of the page
    # a click elsewhere puts the box there
    view = view_for(qtbot, picture)
    target = view.to_widget(150.0, 500.0).toPoint()
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=target)
    cx, cy = (view.box[0] + view.box[2]) / 2, (view.box[1] + view.box[3]) / 2
    assert (cx, cy) == pytest.approx((150.0, 500.0), abs=1.0)


def test_a_damaged_file_is_said_in_words(tmp_path: Path):
    from app.errors import InvalidInput

    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.7\nkhong phai PDF")
    with pytest.raises(InvalidInput) as caught:
        draw_for_placement(bad, "CHỦ TỊCH")
    assert caught.value.problem == "damaged_pdf"
