"""``suggested_box``: the box the window shows before signing is the one an anchor placement
signs into (real signature on SoftHSM, its /Rect read back); None when the title is on no
page; the page that holds the title, not always the first."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from resources import ROOT as RESOURCES
from signing import Placement, Role, SignRequest, sign_batch, suggested_box
from signing.tokens import TokenModule
from tests.conftest import make_pdf
from tests.signing.conftest import PERSONAL, SoftHsm

LINES = ["QUYẾT ĐỊNH", "Về việc phê duyệt đề án", *[""] * 18, "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def _rect(pdf: Path) -> tuple[float, ...]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    [sig] = PdfFileReader(io.BytesIO(pdf.read_bytes()), strict=False).embedded_signatures
    return tuple(float(v) for v in sig.sig_field["/Rect"])


@pytest.mark.token
def test_the_box_shown_is_where_the_anchor_signs(softhsm: SoftHsm, tmp_path: Path):
    src = make_pdf(tmp_path / "du-thao.pdf", LINES)
    page, box = suggested_box(src, "CHỦ TỊCH")
    assert page == 0
    x1, y1, x2, y2 = box
    assert x2 - x1 == pytest.approx(150.0) and y2 - y1 == pytest.approx(62.5)
    dst = tmp_path / "da-ky.pdf"
    request = SignRequest(src, dst, Role.APPROVE, Placement(anchor="CHỦ TỊCH"),
                          RESOURCES / "signatures" / "chu-ky-mau.png")  # fmt: skip
    [outcome] = sign_batch(TokenModule.of(softhsm.module), PERSONAL.label, PERSONAL.pin,
                           PERSONAL.key_id.hex(), [request])  # fmt: skip
    assert outcome.status == "signed", outcome.error
    assert _rect(dst) == pytest.approx(box, abs=0.01)


def test_no_title_no_box_and_the_page_that_holds_it(tmp_path: Path):
    one = make_pdf(tmp_path / "mot.pdf", LINES)
    assert suggested_box(one, "GIÁM ĐỐC") is None
    assert suggested_box(one, "   ") is None
    two = make_pdf(tmp_path / "hai.pdf", ["CÔNG VĂN"], pages=2)  # "Trang 1", "Trang 2" below
    assert suggested_box(two, "Trang 1")[0] == 0
    assert suggested_box(two, "Trang 2")[0] == 1
