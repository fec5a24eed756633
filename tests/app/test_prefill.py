"""Fields read off the first page of an incoming document laid out as ND30 wants it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.demo_letters import Letter, render_pdf
from app.prefill import notation_of, prefill_from_pdf, prefill_from_text


def _letter(**changes) -> Letter:
    values = dict(
        parent="",
        issuer=("ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"),
        notation="05/QĐ-UBND",
        place_date="Đắk Lắk, ngày 20 tháng 11 năm 2026",
        type_name="QUYẾT ĐỊNH",
        subject="Về việc phê duyệt kế hoạch chuyển đổi số năm 2027 của tỉnh Đắk Lắk và các"
        " huyện miền núi phía tây",
        paragraphs=(("body", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"),),
        recipients=("Như Điều 3;", "Lưu: VT."),
        authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        signer="Nguyễn Văn A",
    )
    values.update(changes)
    return Letter(**values)


def test_a_decision_gives_every_field(tmp_path: Path):
    found = prefill_from_pdf(render_pdf(_letter(), tmp_path / "qd.pdf"))
    assert notation_of(found) == "05/QĐ-UBND"
    assert found.issued_date == dt.date(2026, 11, 20)
    assert found.issuer_name == "Ủy ban nhân dân tỉnh Đắk Lắk"
    assert found.issuer_printed == "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK" and found.parent_name is None
    assert found.doc_type == "QĐ"
    assert found.subject == (
        "Về việc phê duyệt kế hoạch chuyển đổi số năm 2027 của tỉnh Đắk Lắk và các huyện"
        " miền núi phía tây"
    )
    assert (found.signer, found.position) == ("Nguyễn Văn A", "CHỦ TỊCH")
    assert set(found.found) >= {"code_number", "issued_date", "doc_type", "subject", "signer"}


def test_an_official_letter_gives_its_v_v_subject(tmp_path: Path):
    letter = _letter(
        parent="UBND TỈNH ĐẮK LẮK", issuer=("SỞ NỘI VỤ",), notation="123/SNV-TCBC",
        place_date="Đắk Lắk, ngày 3 tháng 12 năm 2026", type_name="",
        subject="V/v báo cáo tình hình thực hiện tinh giản biên chế năm 2026 của các cơ quan",
        paragraphs=(("to", "Ủy ban nhân dân các huyện"), ("body", "Thực hiện Kế hoạch …")),
        authority=("GIÁM ĐỐC",), signer="Trần Thị Bích Hạnh",
    )  # fmt: skip
    found = prefill_from_pdf(render_pdf(letter, tmp_path / "cv.pdf"))
    assert notation_of(found) == "123/SNV-TCBC"
    assert found.doc_type == "CV"
    assert found.subject == (
        "V/v báo cáo tình hình thực hiện tinh giản biên chế năm 2026 của các cơ quan"
    )
    assert found.issued_date == dt.date(2026, 12, 3)
    assert found.issuer_name == "Sở nội vụ" and found.parent_name == "UBND tỉnh Đắk Lắk"
    assert (found.signer, found.position) == ("Trần Thị Bích Hạnh", "GIÁM ĐỐC")


@pytest.mark.parametrize(
    "text",
    [
        # columns read across: the motto shares the issuer's lines
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH LÀO CAI Độc lập - Tự do -"
        " Hạnh phúc\nSố: 7/TB-UBND Lào Cai, ngày 02 tháng 01 năm 2026\nTHÔNG BÁO\nKết luận"
        " của Chủ tịch tại buổi làm việc\nNgày 30/12/2025, …",
    ],
)
def test_columns_read_across_still_give_the_fields(text: str):
    found = prefill_from_text(text)
    assert notation_of(found) == "07/TB-UBND"
    assert found.issued_date == dt.date(2026, 1, 2)
    assert found.issuer_name == "Ủy ban nhân dân tỉnh Lào Cai"
    assert found.doc_type == "TB"
    assert found.subject == "Kết luận của Chủ tịch tại buổi làm việc"


def test_a_page_without_text_suggests_nothing():
    found = prefill_from_text("")
    assert found.found == () and notation_of(found) is None


def test_an_impossible_date_is_left_out():
    found = prefill_from_text("Số: 01/QĐ-UBND Hà Nội, ngày 31 tháng 02 năm 2026\nQUYẾT ĐỊNH")
    assert found.issued_date is None and notation_of(found) == "01/QĐ-UBND"
