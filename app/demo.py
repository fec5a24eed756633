"""A demo workspace: a provincial office's year in both registers, every document with a PDF
laid out like a real administrative document (ND30 appendix I), so that a new user can try
registers, search, history and previews before typing anything in.

Everything goes through the services real work uses (DocumentService, TextIndexer). Documents
are registered office day by day, each step under a fixed clock, from early January (Vietnam
time) up to now: arrival numbers and dates run together and nothing lies in the future."""

from __future__ import annotations

import datetime as dt
import random
import re
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.clock import VN_TZ, Clock, fixed_clock, system_clock, vn_now
from app.demo_letters import Letter, long_date, render_pdf
from app.documents import DocumentService
from app.drafts import OutgoingDraft
from app.model import DocumentCode, doc_type, format_number
from app.sample_data import SampleGenerator, provinces_in, reads_well, writes_about
from app.store import documents as documents_sql
from app.textfold import fold
from app.texts import TextIndexer
from app.workspace import Workspace


def _items(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(";") if item.strip())


ORG_ID, ORG_ABBR, ORG_PLACE = "000.00.00.H29", "UBND", "Đắk Lắk"
ORG_NAME = "Ủy ban nhân dân tỉnh Đắk Lắk"
ORG_PEOPLE = {"head": "Nguyễn Văn Hùng", "deputy": "Trần Thị Mai", "staff": "Hoàng Đức Thắng"}
NAMES = _items(
    """Lê Quang Vinh; Phạm Thị Hồng Nhung; Vũ Thị Thu Hà; Đặng Minh Tuấn; Bùi Thị Lan Anh;
    Đỗ Xuân Trường; Ngô Thị Phương; Dương Văn Khải; Lý Thị Kim Oanh; Y Bhim Niê; H'Lan Êban;
    Y Duôn Mlô; H'Yến Byă; Nguyễn Thị Thanh Hương; Trương Công Danh; Phan Văn Lộc; Huỳnh Thị Ngọc
    Bích; Võ Minh Khang; Lương Thế Hiển; Tạ Quang Huy; Đinh Thị Bảo Ngọc; Hà Văn Sơn; Mai Xuân
    Phúc; Châu Thị Diễm; Kiều Văn Toàn; Lò Văn Pấng; Triệu Thị Sen""".replace("\n    ", " ")
)
VILLAGES = _items(
    """buôn Kô Sir, xã Hòa Thắng; buôn Ako Dhông, phường Tân Lợi; buôn Trấp, xã
    Krông Ana; thôn 4, xã Ea Tu; buôn Jun, xã Liên Sơn Lắk; thôn Cao Thắng, xã Ea Kao; buôn Tơng
    Jú, xã Ea Kao; buôn Ea Nao, xã Ea Ktur; thôn 7, xã Cư Bao; thôn Ea Sim, xã Cư Pơng; buôn Yang
    Lành, xã Krông Búk""".replace("\n    ", " ")
)
ELSEWHERE = "các xã vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số"  # outside Đắk Lắk
DEPARTMENTS = _items("""Phòng Tổng hợp; Phòng Kinh tế; Phòng Khoa giáo - Văn xã; Phòng Nội chính;
    Phòng Hành chính - Tổ chức; Trung tâm Phục vụ hành chính công""")
UNITS = ("VP", "TH", "KT", "KGVX", "NC", "TCKH", "HCTC")
ADDRESSEES = (  # whom the demo office writes to (Công văn, Tờ trình)
    ("Các sở, ban, ngành thuộc tỉnh", "Ủy ban nhân dân các xã, phường"),
    ("Sở Tài chính", "Sở Nội vụ"),
    ("Sở Y tế",),
    ("Bộ Nội vụ",),
    ("Ủy ban nhân dân các xã, phường",),
)
NATIONAL_TO = ("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",)
PROVINCES_TO = ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",)
HEADS = {  # issuer kind: head, deputy, staff (signs "TL."), collective body (signs "TM.")
    "ubnd": ("Chủ tịch", "Phó Chủ tịch", "Chánh Văn phòng", "ỦY BAN NHÂN DÂN"),
    "bo": ("Bộ trưởng", "Thứ trưởng", "Chánh Văn phòng", ""),
    "vpcp": ("Bộ trưởng, Chủ nhiệm", "Phó Chủ nhiệm", "Vụ trưởng", ""),
    "so": ("Giám đốc", "Phó Giám đốc", "Chánh Văn phòng", ""),
    "tapdoan": ("Tổng Giám đốc", "Phó Tổng Giám đốc", "Chánh Văn phòng", ""),
}
PARENTS = {
    "Công an": "BỘ CÔNG AN",
    "Bảo hiểm": "BẢO HIỂM XÃ HỘI VIỆT NAM",
    "Kho bạc": "KHO BẠC NHÀ NƯỚC",
}
# a subject's shape names its type; ND30 prints the type above the subject, so it leaves it
PREFIXES = {"Kế hoạch ": "KH", "Báo cáo ": "BC", "Giấy mời ": "GM", "Hướng dẫn ": "HD"}
PREFIXES |= {"Thông báo ": "TB", "Quyết định ": "QĐ"}
ABOUT_TYPES = ("QĐ", "TB", "CT", "TTr", "NQ", "CĐ")  # types whose subject may say "Về việc …"
POINTS = (
    "Rà soát, tổng hợp đầy đủ số liệu, đánh giá kết quả đạt được, những tồn tại, hạn chế và "
    "nguyên nhân; chú trọng các địa bàn khó khăn như {village}.",
    "Bố trí kinh phí thực hiện từ nguồn ngân sách năm {year}, dự kiến khoảng {amount} tỷ đồng; "
    "quản lý, sử dụng đúng mục đích, tiết kiệm, hiệu quả.",
    "Tăng cường kiểm tra, giám sát, kịp thời phát hiện và xử lý các vướng mắc phát sinh; không "
    "để chậm trễ, kéo dài, gây bức xúc trong nhân dân.",
    "Đẩy mạnh tuyên truyền để cán bộ, công chức, viên chức và nhân dân biết, đồng thuận thực "
    "hiện; phấn đấu đạt tỷ lệ {percent}% trong năm {year}.",
)
CONTACT = (
    "Giao {dept} làm đầu mối theo dõi, đôn đốc, tổng hợp; cán bộ liên hệ: đồng chí {contact}, "
    "chuyên viên {dept}."
)
REPORT = "Báo cáo kết quả thực hiện về {org} trước ngày {deadline} để tổng hợp, báo cáo."
CLOSE = (
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh kịp thời về {org} "
    "để xem xét, giải quyết./."
)
INTROS = (
    "Thực hiện chỉ đạo của cấp có thẩm quyền về {topic}, {org} đề nghị các cơ quan, đơn vị tập "
    "trung thực hiện tốt một số nội dung sau:",
    "Nhằm nâng cao hiệu quả {topic}, {org} yêu cầu các cơ quan, đơn vị quán triệt và triển khai "
    "các nhiệm vụ sau:",
)
SECTIONS = {
    "KH": ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN"),
    "BC": ("I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ", "III. ĐỀ XUẤT, KIẾN NGHỊ"),
}
ALSO = ("Thường trực Tỉnh ủy (để b/c);", "Lãnh đạo Văn phòng;", "Cổng thông tin điện tử;")
EXECUTE = (
    "Chánh Văn phòng, thủ trưởng các cơ quan, đơn vị và cá nhân có liên quan chịu trách nhiệm "
    "thi hành./."
)
WITHDRAWN = "Văn bản sai sót về thể thức, đã thu hồi để ban hành văn bản thay thế"
BASIS = (
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;"
)


@dataclass(frozen=True)
class DemoSummary:
    home: Path
    incoming: int
    outgoing: int
    seconds: float
    sample_ids: dict[str, int] = field(default_factory=dict)  # "incoming", "copy", "secret"…
    duplicates_refused: int = 0


def _kind(name: str) -> str:
    starts = {"Ủy ban": "ubnd", "Bộ ": "bo", "Văn phòng Chính phủ": "vpcp", "Tập đoàn": "tapdoan"}
    return next((kind for prefix, kind in starts.items() if name.startswith(prefix)), "so")


def heading_of(name: str) -> tuple[str, tuple[str, ...]]:
    """(parent body, issuer lines) as printed top left, e.g. ("UBND TỈNH ĐẮK LẮK", ("SỞ Y TẾ",))."""
    if name.startswith("Ủy ban nhân dân "):
        return "", ("ỦY BAN NHÂN DÂN", name.removeprefix("Ủy ban nhân dân ").upper())
    own, sep, province = name.partition(" tỉnh ")
    if not sep:
        return "", (name.upper(),)
    parent = next((p for k, p in PARENTS.items() if own.startswith(k)), "")
    return (
        (parent, (name.upper(),)) if parent else (f"UBND TỈNH {province.upper()}", (own.upper(),))
    )


def province_of(name: str) -> str | None:
    """The province of a local issuer (the demo's communes are Đắk Lắk's); None: central."""
    if " tỉnh " in name:
        return name.split(" tỉnh ", 1)[1]
    return ORG_PLACE if " xã " in name else None


def place_of(name: str) -> str:
    """Where the issuer sits: its province or commune; the central bodies sit in Hà Nội."""
    return next((name.split(w, 1)[1] for w in (" tỉnh ", " xã ") if w in name), "Hà Nội")


def authority(kind: str, role: str) -> tuple[tuple[str, ...], str]:
    """The signer's lines, with TM. / KT. / TL. (ND30 II.7), and the bare position."""
    head, deputy, staff, body = HEADS[kind]
    if role == "staff":
        return (f"TL. {head.upper()}", staff.upper()), staff
    lines = (f"TM. {body}",) if body else ()
    if role == "head":
        return (*lines, head.upper()), head
    return (*lines, f"KT. {head.upper()}", deputy.upper()), deputy


def _proposer(org: str) -> str:
    """Who proposes a decision: a ministry's legal department, else the office's chief."""
    central = org.startswith(("Bộ ", "Văn phòng Chính phủ"))
    return "Vụ trưởng Vụ Pháp chế" if central else f"Chánh Văn phòng {org}"


def fit_type(subject: str, hint: str) -> tuple[str, str]:
    """A type that fits the subject's shape, and the subject as it stands under the type."""
    if subject.startswith("V/v "):
        return "CV", subject
    for prefix, key in PREFIXES.items():
        if subject.startswith(prefix):
            rest = subject.removeprefix(prefix)
            return key, rest[:1].upper() + rest[1:]
    if hint == "CV":
        return "CV", "V/v " + subject.removeprefix("Về việc ")
    return (hint if hint in ABOUT_TYPES else "QĐ"), subject


class _Writer:
    """Whole documents from SampleGenerator's metadata: a type that fits the subject, signers
    that fit the issuer (the same people all year), numbers that grow with the date, and a
    body with what a register never shows (villages, contact persons, amounts)."""

    def __init__(self, seed: int, year: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed * 7919 + 17)
        self.samples = SampleGenerator(seed, year)
        self.taken: set[tuple[int, str, str]] = set()

    def people(self, organ_id: str) -> dict[str, str]:
        if organ_id == ORG_ID:
            return ORG_PEOPLE
        names = random.Random(f"{self.seed}:{organ_id}").sample(NAMES, 3)
        return dict(zip(("head", "deputy", "staff"), names, strict=True))

    def sample(
        self,
        day: dt.date,
        hint: str = "",
        national: bool = False,
        province: str | None = None,
        issuer: str | None = None,
    ) -> tuple[Any, str, str]:
        """Another organisation's sample (if ``national``, a central one worth copying on),
        a type that fits its subject, and the subject, its years moved to the document's.
        A local issuer (or ``province``: the one who will issue it) writes about its own
        province only, and every issuer (``issuer``: the one who will issue it) about its
        own field."""
        while True:
            s = self.samples.document(day)
            key, subject = fit_type(s.subject, hint or s.doc_type)
            central = _kind(s.from_org_name) in ("bo", "vpcp") and key != "GM"
            own = province or province_of(s.from_org_name)
            local = own is None or provinces_in(subject) <= {own}
            field = writes_about(issuer or s.from_org_name, s.topic) and reads_well(subject)
            if s.from_org_id != ORG_ID and (central or not national) and local and field:
                break
        years = [int(y) for y in re.findall(r"\b20\d\d\b", subject)]
        if years:
            subject = re.sub(r"\b20\d\d\b", lambda m: str(int(m[0]) - years[0] + day.year), subject)
        return s, key, subject

    def body(
        self, key: str, topic: str, org: str, day: dt.date, to: str, title: str, local: bool
    ) -> tuple:
        """The letter's paragraphs; only an issuer of the demo's province (``local``) names
        its villages, the others speak of remote communes in general."""
        r = self.rng
        deadline = day + dt.timedelta(days=r.randint(10, 30))
        fill = {
            "org": org,
            "topic": topic,
            "village": r.choice(VILLAGES) if local else ELSEWHERE,
            "year": day.year,
            "amount": f"{r.randint(2, 480)},{r.randint(1, 9)}",
            "percent": r.randint(72, 99),
            "contact": r.choice(NAMES),
            "dept": r.choice(DEPARTMENTS).replace("Phòng", "phòng"),
            "deadline": f"{deadline:%d/%m/%Y}",
        }
        points = [p.format(**fill) for p in r.sample(POINTS, 3)]
        contact, report, close = (t.format(**fill) for t in (CONTACT, REPORT, CLOSE))
        if key in ("QĐ", "NQ"):
            basis = [b for b in self.samples.document(day).body if b.startswith("Căn cứ")]
            basis.sort(key=lambda b: "Luật" not in b)  # statutes before decrees
            what = topic if topic.startswith(("ban hành", "phê duyệt")) else f"phê duyệt {topic}"
            name = "Nghị quyết" if key == "NQ" else "Quyết định"
            return (
                ("centre", title),
                *(("basis", b) for b in basis or [BASIS]),
                ("basis", f"Theo đề nghị của {_proposer(org)}."),
                ("centre", "QUYẾT NGHỊ:" if key == "NQ" else "QUYẾT ĐỊNH:"),
                ("article", f"Điều 1. {what[0].upper()}{what[1:]}, với các nội dung chủ yếu sau:"),
                ("body", f"1. {points[0]}"),
                ("body", f"2. {points[1]}"),
                ("article", f"Điều 2. {contact}"),
                ("article", f"Điều 3. {name} này có hiệu lực kể từ ngày ký. {EXECUTE}"),
            )
        if key == "GM":
            when = day + dt.timedelta(days=r.randint(2, 9))
            hour = r.choice(("08 giờ 00", "14 giờ 00"))
            return (
                ("body", f"{org} trân trọng kính mời đại diện lãnh đạo {to.split('|')[0]}."),
                (
                    "body",
                    f"Tới dự cuộc họp về {topic}, trong đó có tình hình tại {fill['village']}.",
                ),
                ("body", f"Thời gian: {hour}, ngày {when:%d/%m/%Y}."),
                ("body", f"Địa điểm: Phòng họp số {r.randint(1, 5)}, {org}."),
                ("body", contact),
                ("body", "Đề nghị đại biểu nghiên cứu tài liệu, tham dự đúng thành phần./."),
            )
        out = [("to", to)] if key in ("CV", "TTr") else []
        if key == "TTr":
            upper = to.split("|")[0]
            close = f"{org} kính trình {upper} xem xét, quyết định./."
            out.append(
                ("body", f"{org} kính trình {upper} xem xét, quyết định về {topic} như sau:")
            )
        else:
            out.append(("body", r.choice(INTROS).format(**fill)))
        if key in SECTIONS:
            texts = (points[0], f"{points[1]} {points[2]}", contact)
            for head, text in zip(SECTIONS[key], texts, strict=True):
                out += [("heading", head), ("body", text)]
        else:
            asks = (*points[:2], contact) if key == "TTr" else (*points[:2], contact, report)
            out += [("body", f"{i}. {p}") for i, p in enumerate(asks, 1)]
        return (*out, ("body", close))

    def letter(
        self, s: Any, day: dt.date, key: str, subject: str, code: str, secret: bool = False
    ) -> tuple:
        """The page of one document by ``s``'s issuer, and its register fields."""
        r, name = self.rng, s.from_org_name
        kind = _kind(name)
        head = HEADS[kind][0]
        role = r.choices(("head", "deputy", "staff"), (2, 6, 2 if key in ("CV", "TB", "GM") else 0))
        lines, position = authority(kind, role[0])
        parent, issuer = heading_of(name)
        org = name.removesuffix(f" {place_of(name)}") if kind == "ubnd" else name
        title = " ".join(issuer) if HEADS[kind][3] else f"{head.upper()} {' '.join(issuer)}"
        if key == "TTr":  # a submission goes up
            upper = "Thủ tướng Chính phủ" if kind != "so" and " xã " not in name else ORG_NAME
            to = ("Hội đồng nhân dân tỉnh Đắk Lắk" if s.from_org_id == ORG_ID else upper,)
        elif s.from_org_id == ORG_ID:
            to = r.choice(ADDRESSEES)
        elif kind in ("bo", "vpcp", "tapdoan"):
            to = r.choice((PROVINCES_TO, NATIONAL_TO + PROVINCES_TO))
        else:
            to = (ORG_NAME,)
        first = {"QĐ": "Như Điều 3;", "NQ": "Như Điều 3;", "CV": "Như trên;", "TTr": "Như trên;"}
        unit = code.rsplit("-", 1)[-1] if key == "CV" else "TH"
        recipients = (first.get(key, f"{to[0]};"), r.choice(ALSO), f"Lưu: VT, {unit}.")
        if subject.startswith("Kết luận của "):  # the sample's speaker may belong elsewhere
            subject = re.sub(r"^Kết luận của .*? về ", f"Kết luận của {head} {org} về ", subject)
        topic = subject.removeprefix("V/v ").removeprefix("Về việc ").removeprefix("Họp về ")
        topic = topic.removeprefix("Kết quả ") if key == "BC" else topic
        local = province_of(name) == ORG_PLACE  # its villages are the demo's (Đắk Lắk)
        paragraphs = self.body(
            key, topic[0].lower() + topic[1:], org, day, "|".join(to), title, local
        )
        letter = Letter(
            parent=parent,
            issuer=issuer,
            notation=code,
            place_date=long_date(place_of(name), day),
            type_name="" if key == "CV" else doc_type(key).name.upper(),
            subject=subject,
            paragraphs=paragraphs,
            recipients=recipients,
            authority=lines,
            signer=self.people(s.from_org_id)[role[0]],
            urgency=s.urgency,
            secret=secret,
        )
        seen = "; ".join([*to, recipients[1].rstrip(";")])
        fields = {"subject": subject, "signer": letter.signer, "position": position}
        return letter, {**fields, "recipients": seen}

    def incoming(self, arrival: dt.date, national: bool = False) -> tuple[Letter, dict[str, Any]]:
        """A document from another organisation, issued on or a few days before ``arrival``;
        the mapping is what ``DocumentService.import_incoming`` reads."""
        r = self.rng
        s, key, subject = self.sample(arrival, national=national)
        issued = arrival - dt.timedelta(days=r.choice((0, 0, 1, 1, 1, 2, 3, 5)))
        while issued.weekday() >= 5:
            issued -= dt.timedelta(days=1)
        abbr = doc_type(key).abbr
        notation = f"{abbr}-{s.issuer_abbr}" if abbr else f"{s.issuer_abbr}-{r.choice(UNITS)}"
        # numbers grow with the date, each issuer at its own pace, and never repeat
        number = int((0.4 + sum(map(ord, s.from_org_id)) % 90 / 8) * issued.timetuple().tm_yday) + 1
        while (number, notation, s.from_org_id) in self.taken:
            number += 1
        self.taken.add((number, notation, s.from_org_id))
        code = f"{format_number(number)}/{notation}"
        letter, fields = self.letter(s, issued, key, subject, code)
        del fields["recipients"]
        mapping = {
            "from_org_id": s.from_org_id,
            "from_org_name": s.from_org_name,
            "code_number": format_number(number),
            "code_notation": notation,
            "issued_date": issued.isoformat(),
            "doc_type": key,
            "urgency": s.urgency,
            **fields,
        }
        if key == "GM" or "đề nghị" in subject:
            mapping["due_date"] = (issued + dt.timedelta(days=r.randint(7, 20))).isoformat()
        return letter, mapping

    def outgoing(self, day: dt.date, series: str, number: int) -> tuple[Letter, dict[str, Any]]:
        """A document of the demo office in ``series`` (normal, secret, copy) with the number
        its register will give it, and the arguments of ``OutgoingDraft.build``."""
        if series == "copy":
            return self._copy(day, number)
        r = self.rng
        hint = r.choices(("CV", "QĐ", "TB", "CT", "TTr"), (50, 30, 10, 5, 5))[0]
        s, key, subject = self.sample(day, hint, province=ORG_PLACE, issuer=ORG_NAME)
        while series == "secret" and key not in ("CV", "QĐ"):
            s, key, subject = self.sample(day, hint, province=ORG_PLACE, issuer=ORG_NAME)
        secret = series == "secret"
        s = replace(
            s, from_org_id=ORG_ID, from_org_name=ORG_NAME, urgency=0 if secret else s.urgency
        )
        unit = r.choice(UNITS) if key == "CV" else ""
        code = str(DocumentCode.build(number, doc_type(key).abbr, ORG_ABBR, unit))
        letter, fields = self.letter(s, day, key, subject, code, secret=secret)
        extra = {"unit": unit, "secret": secret, "urgency_value": s.urgency, "copies": 5}
        return letter, {"doc_type_value": key, **extra, **fields}

    def _copy(self, day: dt.date, number: int) -> tuple[Letter, dict[str, Any]]:
        """A "SAO Y" of a Government or ministry document, sent on to the province's units."""
        original, m = self.incoming(day - dt.timedelta(days=self.rng.randint(1, 4)), national=True)
        issued = dt.date.fromisoformat(m["issued_date"])
        about = f"{doc_type(m['doc_type']).name} số {m['code_number']}/{m['code_notation']}"
        subject = f"Sao y {about} ngày {issued:%d/%m/%Y} của {m['from_org_name']}: {m['subject']}"
        recipients = ("Các sở, ban, ngành thuộc tỉnh;", "UBND các xã, phường;", "Lưu: VT.")
        copy = Letter(
            parent="",
            issuer=("ỦY BAN NHÂN DÂN", "TỈNH ĐẮK LẮK"),
            notation=str(DocumentCode.build(number, "SY", ORG_ABBR)),
            place_date=long_date(ORG_PLACE, day),
            type_name="",
            subject=subject[:500],
            paragraphs=(),
            recipients=recipients,
            authority=("TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"),
            signer=ORG_PEOPLE["staff"],
            copy_of=original,
        )
        seen = "; ".join(x.rstrip(";.") for x in recipients[:-1])
        fields = {"signer": copy.signer, "position": "Chánh Văn phòng", "recipients": seen}
        return copy, {"doc_type_value": "SY", "subject": copy.subject, "copies": 3, **fields}


# --- the year, day by day -----------------------------------------------------------------


def _office_days(now: dt.datetime) -> list[tuple[dt.date, dt.datetime, dt.datetime]]:
    """Monday to Friday from 2 January up to now: (day, opening, closing); today closes a
    minute ago, so that nothing happens in the future."""
    days, day = [], dt.date(now.year, 1, 2)
    while day <= now.date():
        opening = dt.datetime.combine(day, dt.time(7, 30), VN_TZ)
        closing = min(
            dt.datetime.combine(day, dt.time(16, 45), VN_TZ), now - dt.timedelta(minutes=1)
        )
        if day.weekday() < 5 and closing > opening:
            days.append((day, opening, closing))
        day += dt.timedelta(days=1)
    if not days:  # 1 January, or the first days' small hours: the demo happens today
        days.append((now.date(), now.replace(hour=0, minute=0, second=0, microsecond=0), now))
    return days


def _ticker(opening: dt.datetime, closing: dt.datetime, steps: int) -> Callable[[], Clock]:
    """Clocks for a day's steps, spread evenly over its office hours (the last ones stop at
    closing time if a day has more steps than planned)."""
    step, count = (closing - opening) / (steps + 1), iter(range(1, 1_000_000))
    return lambda: fixed_clock(min(opening + step * next(count), closing).replace(microsecond=0))


def build_demo(
    home: Path,
    *,
    incoming: int = 240,
    outgoing: int = 120,
    seed: int = 2020,
    clock: Clock = system_clock,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Create a demo workspace at ``home`` (WorkspaceError if there is one already) and fill
    both registers with documents and their PDFs, office day by office day up to now. If it
    stops half-way (an error, Ctrl+C), the half-built workspace stays: remove the folder.

    The documents are planned first; a background thread makes their PDFs while this one
    registers them, so that making pages fills the time spent waiting for the disk."""
    started = time.perf_counter()
    now = vn_now(clock)
    days = _office_days(now)
    last = len(days) - 1
    rng = random.Random(seed)
    writer = _Writer(seed, now.year)
    special = 2 if outgoing >= 8 else 1 if outgoing >= 4 else 0
    series = ["secret"] * special + ["copy"] * special + ["normal"] * (outgoing - 2 * special)
    rng.shuffle(series)
    plan: list[tuple[list, list]] = [([], []) for _ in days]  # per day: incoming, outgoing
    for index in sorted(rng.randrange(len(days)) for _ in range(incoming)):
        plan[index][0].append(writer.incoming(days[index][0]))
    numbers = dict.fromkeys(("normal", "secret", "copy"), 0)
    for index, kind in zip(sorted(rng.randrange(len(days)) for _ in series), series, strict=True):
        numbers[kind] += 1
        letter, fields = writer.outgoing(days[index][0], kind, numbers[kind])
        plan[index][1].append((letter, kind, fields))
    busy = [i for i, (arrivals, _) in enumerate(plan) if arrivals]
    duplicate_day = busy[len(busy) * 2 // 3] if busy else -1
    total, done = 2 * (incoming + outgoing), 0  # registering, then reading the PDFs' text
    report = progress or (lambda _done, _total: None)

    ws = Workspace.create(home, ORG_ID, ORG_NAME, ORG_ABBR, clock=fixed_clock(days[0][1]))
    documents = DocumentService(ws)
    samples: dict[str, int] = {}
    later: dict[int, list[tuple[Any, ...]]] = defaultdict(list)  # office day -> follow-ups
    arrived, refused, previous = 0, 0, None
    try:
        with tempfile.TemporaryDirectory(prefix="vanthu-demo-") as tmp, _pdf_thread() as pool:
            # in the order they are registered: each day's incoming, then its outgoing
            order = [x[0] for arrivals, issues in plan for x in arrivals + issues]
            files = iter(
                [pool.submit(_render, x, Path(tmp, f"{n:04d}")) for n, x in enumerate(order)]
            )
            for index, ((day, opening, closing), (arrivals, issues)) in enumerate(
                zip(days, plan, strict=True)
            ):
                tick = _ticker(
                    opening, closing, 1 + 2 * len(arrivals) + len(issues) + len(later[index])
                )
                if arrivals:
                    items = [
                        {**mapping, "file": str(next(files).result())} for _, mapping in arrivals
                    ]
                    if index == duplicate_day:  # the same document again, e.g. its paper copy
                        items.append(dict(previous or items[-1]))
                    ws.clock = tick()
                    result = documents.import_incoming(enumerate(items, 1))
                    if result.errors:
                        raise RuntimeError(f"demo documents refused: {result.errors}")
                    refused += len(result.duplicates)
                    for doc_id, item in zip(result.documents, items, strict=False):
                        due = item.get("due_date")
                        for days_later, step in _follow_ups(
                            arrived, doc_id, day, due, last - index, rng, samples
                        ):
                            later[min(index + days_later, last)].append(step)
                        arrived += 1
                    previous = items[len(arrivals) - 1]
                    done += len(arrivals)
                    report(done, total)
                for letter, kind, fields in issues:
                    draft = OutgoingDraft.build(file=next(files).result(), **fields)
                    ws.clock = tick()
                    doc = documents.register_outgoing(draft)
                    if doc.notation != letter.notation:
                        raise RuntimeError(f"demo numbering out of step: {doc.notation}")
                    samples.setdefault(
                        kind if kind != "normal" else f"outgoing_{doc.doc_type}", doc.id
                    )
                    if kind == "normal" and doc.number == 3:
                        later[min(index + 1, last)].append(("cancel", doc.id, WITHDRAWN))
                        samples["cancelled_outgoing"] = doc.id
                    done += 1
                    report(done, total)
                for action, doc_id, *args in later.pop(index, []):
                    ws.clock = tick()
                    if action == "assign":
                        documents.assign(doc_id, args[0], due_date=args[1])
                    elif action == "status":
                        documents.set_status(doc_id, args[0], reason=args[1])
                    else:
                        documents.cancel(doc_id, args[0])
        indexer = TextIndexer(ws)
        pending = indexer.pending()
        for start in range(0, len(pending), 25):
            indexer.run(pending[start : start + 25])
            done = min(total, done + len(pending[start : start + 25]))
            report(done, total)
        count = documents_sql.count_by_direction(ws.conn)
    finally:
        ws.close()
    if done < total:
        report(total, total)
    return DemoSummary(
        home=Path(home),
        incoming=count.get("incoming", 0),
        outgoing=count.get("outgoing", 0),
        seconds=round(time.perf_counter() - started, 2),
        sample_ids=samples,
        duplicates_refused=refused,
    )


@contextmanager
def _pdf_thread() -> Iterator[ThreadPoolExecutor]:
    """One thread making PDFs. On the way out (before the folder it writes to is removed) it
    finishes the page in hand and drops the rest."""
    pool = ThreadPoolExecutor(1, thread_name_prefix="vanthu-demo-pdf")
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _render(letter: Letter, folder: Path) -> Path:
    """The letter's PDF in a folder of its own, named as a clerk would: ``05-QD-UBND.pdf``,
    and a draft, whose number is still blank, ``QD-UBND.pdf``."""
    folder.mkdir()
    name = fold(letter.notation.strip()).upper().removeprefix("/").replace("/", "-")
    return render_pdf(letter, folder / f"{name}.pdf")


def _follow_ups(
    k: int,
    doc_id: int,
    day: dt.date,
    due: str | None,
    days_left: int,
    rng: random.Random,
    samples: dict,
) -> list:
    """What happens to the k-th incoming document after it arrives, as (office days later,
    step), none later than the demo's today (``days_left`` office days away): the 4th is
    cancelled (its issuer revoked it), the 8th returned; every document with a deadline of its
    own (an invitation, a request for a report) and two in five of the others are assigned,
    worked on and, as in an office that keeps up, nearly all finished a few days later. What
    arrived in the last days is still being worked on, so a few deadlines are near and only
    the odd one has passed."""
    samples.setdefault("incoming", doc_id)
    if k == 3:
        samples["cancelled_incoming"] = doc_id
        return [(2, ("cancel", doc_id, "Cơ quan ban hành đã thu hồi văn bản"))]
    if k == 7:
        samples["returned"] = doc_id
        return [(1, ("status", doc_id, "returned", "Không thuộc thẩm quyền, trả lại nơi gửi"))]
    if due is None and k % 5 not in (0, 2):
        return []
    samples.setdefault("assigned", doc_id)
    deadline = dt.date.fromisoformat(due) if due else day + dt.timedelta(days=rng.randint(7, 15))
    steps = [(0, ("assign", doc_id, rng.choice(DEPARTMENTS), deadline))]
    started, finished = rng.randint(1, 3), rng.randint(4, 9)
    if started <= days_left:
        steps.append((started, ("status", doc_id, "in_progress", "")))
    if finished <= days_left and rng.random() < 0.95:
        samples.setdefault("done", doc_id)
        steps.append((finished, ("status", doc_id, "done", "")))
    return steps


__all__ = ["DemoSummary", "Letter", "build_demo", "long_date", "render_pdf"]
