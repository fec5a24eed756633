from __future__ import annotations

import datetime as dt

import pytest

from app.errors import InvalidInput
from app.model import (
    DOC_TYPES,
    Confidentiality,
    DocumentCode,
    Urgency,
    code_notation,
    code_number,
    confidentiality,
    doc_type,
    organ_id,
    parse_date,
    text_field,
    urgency,
)


def test_type_catalogue_has_every_nd30_type_with_its_abbreviation():
    by_name = {t.name: t.abbr for t in DOC_TYPES}
    assert by_name["Quyết định"] == "QĐ"
    assert by_name["Quy định"] == "QyĐ"
    assert by_name["Tờ trình"] == "TTr"
    assert by_name["Công văn"] == "" and by_name["Thư công"] == ""
    assert {t.abbr for t in DOC_TYPES if t.copy} == {"SY", "TrS", "SL"}
    assert len(DOC_TYPES) == 32


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("QĐ", "Quyết định"),
        ("qđ", "Quyết định"),
        ("QD", "Quyết định"),
        ("QyĐ", "Quy định"),
        ("quyet dinh", "Quyết định"),
        ("CV", "Công văn"),
        ("Công văn", "Công văn"),
        ("TTr", "Tờ trình"),
    ],
)
def test_doc_type_lookup_by_abbreviation_or_name(text, name):
    assert doc_type(text).name == name


def test_unknown_type_is_refused_naming_the_field():
    with pytest.raises(InvalidInput) as err:
        doc_type("XYZ")
    assert err.value.field == "doc_type" and err.value.problem == "unknown"


def test_number_and_symbol_format_and_parse():
    assert str(DocumentCode.build(5, "QĐ", "UBND")) == "05/QĐ-UBND"
    assert str(DocumentCode.build(7816, "", "VPCP", "TTĐT")) == "7816/VPCP-TTĐT"
    assert str(DocumentCode.build(10, "TB", "UBND")) == "10/TB-UBND"
    parsed = DocumentCode.parse("5/QĐ-UBND")
    assert (parsed.number, parsed.notation) == ("05", "QĐ-UBND")
    assert str(DocumentCode.parse(" 7816 / VPCP-TTĐT ")) == "7816/VPCP-TTĐT"


@pytest.mark.parametrize("bad", ["QĐ UBND", "QĐ--UBND", "-UBND", "QĐ/UBND", "x" * 31])
def test_malformed_or_long_symbols_are_refused(bad):
    with pytest.raises(InvalidInput) as err:
        code_notation(bad)
    assert err.value.field == "code_notation"


@pytest.mark.parametrize("bad", ["0", "-1", "abc", "12a", "1" * 12])
def test_malformed_numbers_are_refused(bad):
    with pytest.raises(InvalidInput) as err:
        code_number(bad)
    assert err.value.field == "code_number"


def test_numbers_below_ten_are_padded():
    assert code_number("5") == "05" and code_number("012") == "12"


@pytest.mark.parametrize("good", ["000.00.00.G22", "000.00.11.H53", "28.22.H17", "g22.01"])
def test_organisation_identifiers(good):
    assert organ_id(good) == good.upper()


@pytest.mark.parametrize(
    "bad", ["G22", "000..00.G22", "000.00.00.G22.", "000 00 00", "A." * 18 + "B"]
)
def test_malformed_organisation_identifiers(bad):
    with pytest.raises(InvalidInput) as err:
        organ_id(bad)
    assert err.value.problem in {"malformed", "too_long"}


def test_text_limits_name_the_field():
    assert text_field("subject", "  Về   việc  x ") == "Về việc x"
    with pytest.raises(InvalidInput) as err:
        text_field("subject", "a" * 501)
    assert (err.value.field, err.value.problem) == ("subject", "too_long")
    assert err.value.data["limit"] == 500
    with pytest.raises(InvalidInput):
        text_field("signer", "b" * 51)
    with pytest.raises(InvalidInput) as err:
        text_field("subject", "   ")
    assert err.value.problem == "missing"


def test_dates():
    today = dt.date(2026, 11, 26)
    assert parse_date("2026-11-20", "issued_date", today=today) == dt.date(2026, 11, 20)
    assert parse_date("20/11/2026", "issued_date", today=today) == dt.date(2026, 11, 20)
    for bad, problem in [
        ("2026-13-01", "malformed"),
        ("31/02/2026", "malformed"),
        ("hôm qua", "malformed"),
        ("2026-11-27", "future"),
        ("1900-01-01", "out_of_range"),
    ]:
        with pytest.raises(InvalidInput) as err:
            parse_date(bad, "issued_date", today=today)
        assert (err.value.field, err.value.problem) == ("issued_date", problem)


def test_urgency_and_confidentiality_levels():
    assert urgency("Hỏa tốc") is Urgency.FLASH
    assert urgency("hoa toc") is Urgency.FLASH
    assert urgency("THƯỢNG KHẨN") is Urgency.VERY_URGENT
    assert urgency(4) is Urgency.FLASH_TIMED
    assert urgency(None) is Urgency.NORMAL
    assert confidentiality("Tối mật") is Confidentiality.SECRET
    assert confidentiality("mat") is Confidentiality.CONFIDENTIAL
    with pytest.raises(InvalidInput):
        urgency("rất gấp")
    with pytest.raises(InvalidInput):
        confidentiality(7)
