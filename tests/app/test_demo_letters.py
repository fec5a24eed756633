"""The demo's letters read as real ones: over many seeds, no district put in another province
("huyện Krông Búk, tỉnh Lào Cai") nor named as if districts still existed (they were abolished
on 1 July 2025: "huyện Krông Búk (cũ)"), no centrally-run city called a province ("tỉnh Hồ Chí
Minh") nor a province a city, no words said twice in a row ("họp về họp về"), a local issuer
writes about its own province and every issuer about its own field (no Ministry of Health
letter about land). Only the text is made here (no PDF)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from app.demo import ORG_NAME, ORG_PLACE, VILLAGES, _Writer, province_of
from app.demo_flow import PEER_ID, PEER_NAME, _draft_letter
from app.demo_letters import Letter
from app.sample_data import (
    CITIES,
    DISTRICT_PROVINCE,
    PROVINCES,
    SampleGenerator,
    provinces_in,
    reads_well,
    writes_about,
)

SEEDS = range(40)
DAY = dt.date(2026, 11, 20)
DISTRICT_IN = re.compile(
    r"huyện ([^,;.()]+?)(?: \(cũ\))?, (tỉnh|thành phố) ([^,;.()]+?)(?=$|[,;.()]| để)"
)
WORD = r"[^\W\d_]+"  # letters only: "3,3 tỷ đồng" is a number
REPEATED = re.compile(rf"\b({WORD}(?:[ ,]+{WORD}){{0,3}})[ ,]+\1\b", re.IGNORECASE)


def problems(text: str) -> list[str]:
    found = []
    for district, word, province in DISTRICT_IN.findall(text):
        if DISTRICT_PROVINCE.get(district.strip()) != province.strip():
            found.append(f"huyện {district}, {word} {province}")
        if (word == "thành phố") != (province.strip() in CITIES):
            found.append(f"{word} {province}")
    for district in DISTRICT_PROVINCE:
        if re.search(rf"\bhuyện {district}(?! \(cũ\))", text):
            found.append(f"huyện {district} named as if districts still existed")
    for city in CITIES:
        if re.search(rf"\btỉnh {city}\b", text):
            found.append(f"tỉnh {city}")
    for province in set(PROVINCES) - CITIES:
        if re.search(rf"\bthành phố {province}\b", text):
            found.append(f"thành phố {province}")
    found += [f"«{m.group(0)}» said twice" for m in REPEATED.finditer(text)]
    return found


def texts(letter: Letter) -> list[str]:
    out = [letter.subject, letter.place_date, *letter.recipients, *letter.authority]
    out += [t for _, t in letter.paragraphs]
    return out + (texts(letter.copy_of) if letter.copy_of else [])


def test_the_checker_sees_each_kind_of_error() -> None:
    assert problems("Hướng dẫn tại các xã thuộc huyện Krông Búk, tỉnh Lào Cai")
    assert problems("Về việc phòng, chống dịch trên địa bàn tỉnh Hồ Chí Minh")
    assert problems("Kế hoạch của thành phố Lào Cai năm 2026")
    assert problems("Tới dự cuộc họp về họp về cải cách thủ tục hành chính")
    assert problems("Hướng dẫn tại các xã thuộc huyện Krông Búk (cũ), tỉnh Lào Cai")
    assert problems("Về việc phê duyệt kế hoạch tại huyện Krông Búk năm 2026")
    assert not problems("Hướng dẫn tại các xã thuộc huyện Krông Búk (cũ), tỉnh Đắk Lắk")
    assert not problems("trên địa bàn thành phố Hồ Chí Minh; cán bộ, công chức, viên chức")
    assert not writes_about("Sở Y tế tỉnh Đắk Lắk", "V/v thu hồi đất để thực hiện dự án năm 2026")
    assert not writes_about("Tập đoàn Điện lực Việt Nam", "Kế hoạch phòng, chống dịch bệnh")
    assert writes_about("Sở Y tế tỉnh Đắk Lắk", "Tiêm chủng mở rộng cho trẻ em năm 2026")
    assert writes_about("Bộ Y tế", "V/v cải cách thủ tục hành chính năm 2026")  # every office
    assert writes_about("Ủy ban nhân dân tỉnh Nghệ An", "V/v thu hồi đất để thực hiện dự án")
    assert not reads_well("Về việc giao chỉ tiêu kiện toàn Ban Chỉ đạo năm 2026")
    assert not reads_well("Về việc giao chỉ tiêu phòng, chống tham nhũng, tiêu cực năm 2026")
    assert not reads_well("Về việc lấy ý kiến góp ý dự thảo Nghị định trên địa bàn tỉnh Gia Lai")
    assert reads_well("V/v lấy ý kiến góp ý dự thảo Nghị định năm 2026")
    assert not reads_well("Ban hành Quy chế kiện toàn Ban Chỉ đạo")
    assert not reads_well("Kiện toàn Ban Chỉ đạo giai đoạn 2026-2027")
    assert reads_well("Họp về kiện toàn Ban Chỉ đạo")


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_sample_subjects(seed: int) -> None:
    gen = SampleGenerator(seed, 2026)
    subjects = [gen.subject() for _ in range(3000)]
    bad = {s: problems(s) for s in subjects if problems(s)}
    assert bad == {}
    assert any("huyện " in s and "(cũ), tỉnh " in s for s in subjects)  # the shape is still made
    assert any("thành phố " in s for s in subjects)


def test_letters_of_many_seeds() -> None:
    bad: dict[str, list[str]] = {}
    seen_types: set[str] = set()
    for seed in SEEDS:
        writer = _Writer(seed, DAY.year)
        made: list[tuple[str, Letter, str | None, str]] = []
        for _ in range(6):
            letter, mapping = writer.incoming(DAY)
            issuer = mapping["from_org_name"]
            made.append((mapping["doc_type"], letter, province_of(issuer), issuer))
        for n, series in enumerate(("normal", "normal", "normal", "secret", "copy"), 1):
            letter, fields = writer.outgoing(DAY, series, n)
            made.append((fields["doc_type_value"], letter, ORG_PLACE, ORG_NAME))
        letter, fields = _draft_letter(writer, DAY)
        made.append((fields["doc_type_value"], letter, ORG_PLACE, ORG_NAME))
        s, key, subject = writer.sample(DAY, "CV", province=ORG_PLACE, issuer=PEER_NAME)
        peer = replace(s, from_org_id=PEER_ID, from_org_name=PEER_NAME)
        letter, _ = writer.letter(peer, DAY, key, subject, f"05/{key}-SYT")
        made.append((key, letter, ORG_PLACE, PEER_NAME))
        for key, letter, province, issuer in made:
            seen_types.add(key)
            found = [p for t in texts(letter) for p in problems(t)]
            if key != "SY" and not writes_about(issuer, letter.subject):
                found.append(f"{issuer} writing outside its field")
            villages = [v for v in VILLAGES if any(v in t for t in texts(letter))]
            if province != ORG_PLACE and villages:
                found.append(f"{issuer} naming the demo province's {villages}")
            if key != "SY" and not reads_well(letter.subject):
                found.append("a topic in a shape it does not fit")
            if province is not None and key != "SY":
                named = provinces_in(letter.subject) - {province}
                found += [f"a letter of {province} about {p}" for p in named]
            if found:
                bad[f"{seed}: {letter.notation} {letter.subject}"] = found
    assert bad == {}
    assert {"CV", "QĐ", "GM"} <= seen_types  # invitations (GM) are among them


def test_an_invitation_names_its_meeting_once() -> None:
    for seed in SEEDS:
        writer = _Writer(seed, DAY.year)
        for _ in range(30):
            letter, mapping = writer.incoming(DAY)
            if mapping["doc_type"] == "GM":
                line = next(t for _, t in letter.paragraphs if t.startswith("Tới dự"))
                assert "họp về họp" not in line.lower()
                assert line.count("họp") == 1, line
                return
    pytest.fail("no invitation in the demo's letters")
