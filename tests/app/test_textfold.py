from __future__ import annotations

import re

from app.textfold import fold, loose_pattern, normalize_text, tokens


def test_fold_is_diacritic_and_case_insensitive_with_d_stroke():
    for text in ("Quyết định", "QUYẾT ĐỊNH", "quyet dinh", "quyết đinh"):
        assert fold(text) == "quyet dinh"
    assert fold("Đắk Lắk") == "dak lak"
    assert tokens(fold("Ủy ban nhân dân tỉnh Đắk Lắk, 05/QĐ-UBND")) == [
        "uy", "ban", "nhan", "dan", "tinh", "dak", "lak", "05", "qd", "ubnd"
    ]  # fmt: skip


def test_fold_keeps_every_offset():
    for cp in range(0x20, 0x3000):
        assert len(fold(chr(cp))) == 1
    text = normalize_text("Về việc Hỏa tốc ươ Ỷ ỹ ß Ω")
    assert len(fold(text)) == len(text)


def test_normalize_text_composes_and_cleans():
    decomposed = "Quye\u0302\u0301t đi\u0323nh"
    assert normalize_text(decomposed) == "Quyết định"
    assert normalize_text("a\x00b\u200b c\t\t d  ") == "a b c d"


def test_loose_pattern_finds_any_spelling():
    rx = re.compile(loose_pattern("quyet") + r"\s+" + loose_pattern("dinh"))
    assert rx.findall("QUYẾT ĐỊNH, Quyết định, quyet dinh") == [
        "QUYẾT ĐỊNH",
        "Quyết định",
        "quyet dinh",
    ]
    assert re.search(loose_pattern("dak"), "tỉnh Đắk Lắk")
    assert not re.search(loose_pattern("dak"), "đặc biệt")
