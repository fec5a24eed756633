"""Realistic Vietnamese office documents for the demo workspace and the benchmarks.

Deterministic for a given seed. Subjects follow the shapes clerks see every day
("V/v …", "Về việc …", plans, reports, invitations) over a vocabulary of several thousand
words, so that some search words are rare (place names, programmes) and some very common
("về", "việc", "năm", "tỉnh")."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

PROVINCES = (
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
    "Lào Cai",
    "Lai Châu",
    "Điện Biên",
    "Sơn La",
    "Cao Bằng",
    "Lạng Sơn",
    "Tuyên Quang",
    "Thái Nguyên",
    "Phú Thọ",
    "Bắc Ninh",
    "Hưng Yên",
    "Ninh Bình",
    "Quảng Ninh",
    "Thanh Hóa",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Trị",
    "Quảng Ngãi",
    "Gia Lai",
    "Đắk Lắk",
    "Khánh Hòa",
    "Lâm Đồng",
    "Đồng Nai",
    "Tây Ninh",
    "Đồng Tháp",
    "Vĩnh Long",
    "An Giang",
    "Cà Mau",
    "Hồ Chí Minh",
)
# districts as they were before the 2025 reform, each with the province (or centrally-run
# city) it belongs to today; since 1 July 2025 there are no districts, so a text of 2026
# names one as "huyện … (cũ)", the former district, as offices do
DISTRICT_PROVINCE = {
    "Mường Tè": "Lai Châu",
    "Sìn Hồ": "Lai Châu",
    "Tủa Chùa": "Điện Biên",
    "Mộc Châu": "Sơn La",
    "Bảo Lạc": "Cao Bằng",
    "Trùng Khánh": "Cao Bằng",
    "Đình Lập": "Lạng Sơn",
    "Na Hang": "Tuyên Quang",
    "Võ Nhai": "Thái Nguyên",
    "Tân Sơn": "Phú Thọ",
    "Lục Nam": "Bắc Ninh",
    "Kim Sơn": "Ninh Bình",
    "Vân Đồn": "Quảng Ninh",
    "Mường Lát": "Thanh Hóa",
    "Kỳ Sơn": "Nghệ An",
    "Hương Khê": "Hà Tĩnh",
    "Hướng Hóa": "Quảng Trị",
    "Ba Tơ": "Quảng Ngãi",
    "Kon Plông": "Quảng Ngãi",
    "Krông Búk": "Đắk Lắk",
    "Khánh Vĩnh": "Khánh Hòa",
    "Đam Rông": "Lâm Đồng",
    "Tân Phú": "Đồng Nai",
    "Châu Thành": "Tây Ninh",
    "Tam Nông": "Đồng Tháp",
    "Trà Ôn": "Vĩnh Long",
    "Tri Tôn": "An Giang",
    "Ngọc Hiển": "Cà Mau",
    "Côn Đảo": "Hồ Chí Minh",
    "Bù Gia Mập": "Đồng Nai",
    "Lộc Ninh": "Đồng Nai",
    "Tuy Phước": "Gia Lai",
    "Đức Cơ": "Gia Lai",
    "Ia Grai": "Gia Lai",
    "Chư Prông": "Gia Lai",
    "Phong Điền": "Huế",
}
DISTRICTS = tuple(DISTRICT_PROVINCE)
CITIES = frozenset({"Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Hồ Chí Minh"})


def province_name(province: str) -> str:
    """ "tỉnh Lào Cai", but "thành phố Hồ Chí Minh": the six cities are run by the centre."""
    return f"{'thành phố' if province in CITIES else 'tỉnh'} {province}"


HEAD_TITLES = (  # by the start of the organisation's name
    ("Văn phòng Chính phủ", "Bộ trưởng, Chủ nhiệm"),
    ("Bộ ", "Bộ trưởng"),
    ("Ủy ban nhân dân", "Chủ tịch"),
    ("Tập đoàn", "Chủ tịch Hội đồng thành viên"),
)


def head_of(organisation: str) -> str:
    """The head of an organisation with their title: "Bộ trưởng Bộ Y tế", "Giám đốc Sở …"."""
    title = next((t for start, t in HEAD_TITLES if organisation.startswith(start)), "Giám đốc")
    return f"{title} {organisation}"


def district_name(district: str) -> str:
    """ "huyện Sìn Hồ (cũ)": the district level was abolished on 1 July 2025."""
    return f"huyện {district} (cũ)"


def provinces_in(text: str) -> set[str]:
    """The provinces a text names, directly or through one of their districts."""
    found = {p for p in PROVINCES if re.search(rf"\b{province_name(p)}\b", text)}
    return found | {p for d, p in DISTRICT_PROVINCE.items() if f"huyện {d}" in text}


def place_name(place: str) -> str:
    """A province or a district of the lists above, with the right word before it."""
    return district_name(place) if place in DISTRICT_PROVINCE else province_name(place)


ISSUERS = (
    ("000.00.00.G22", "Văn phòng Chính phủ", "VPCP"),
    ("000.00.00.G01", "Bộ Công an", "BCA"),
    ("000.00.00.G08", "Bộ Giáo dục và Đào tạo", "BGDĐT"),
    ("000.00.00.G10", "Bộ Khoa học và Công nghệ", "BKHCN"),
    ("000.00.00.G12", "Bộ Nội vụ", "BNV"),
    ("000.00.00.G14", "Bộ Tài chính", "BTC"),
    ("000.00.00.G16", "Bộ Tư pháp", "BTP"),
    ("000.00.00.G17", "Bộ Xây dựng", "BXD"),
    ("000.00.00.G18", "Bộ Y tế", "BYT"),
    ("000.00.00.G24", "Bộ Nông nghiệp và Môi trường", "BNNMT"),
    ("000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND"),
    ("000.00.00.H41", "Ủy ban nhân dân tỉnh Nghệ An", "UBND"),
    ("000.00.00.H56", "Ủy ban nhân dân tỉnh Quảng Ninh", "UBND"),
    ("000.00.01.H29", "Sở Tài chính tỉnh Đắk Lắk", "STC"),
    ("000.00.02.H29", "Sở Nội vụ tỉnh Đắk Lắk", "SNV"),
    ("000.00.03.H29", "Sở Y tế tỉnh Đắk Lắk", "SYT"),
    ("000.00.04.H29", "Sở Giáo dục và Đào tạo tỉnh Đắk Lắk", "SGDĐT"),
    ("000.00.05.H29", "Sở Xây dựng tỉnh Đắk Lắk", "SXD"),
    ("000.00.06.H29", "Công an tỉnh Đắk Lắk", "CAT"),
    ("000.00.11.H53", "Bảo hiểm xã hội tỉnh Quảng Ngãi", "BHXH"),
    ("000.00.14.H56", "Kho bạc Nhà nước tỉnh Quảng Ninh", "KBNN"),
    ("000.00.01.A53", "Tập đoàn Điện lực Việt Nam", "EVN"),
    ("28.22.H17", "Ủy ban nhân dân xã Ea Kao", "UBND"),
)
SIGNERS = (
    ("Nguyễn Văn Hùng", "Chủ tịch"),
    ("Trần Thị Mai", "Phó Chủ tịch"),
    ("Lê Quang Vinh", "Giám đốc"),
    ("Phạm Thị Hồng Nhung", "Phó Giám đốc"),
    ("Hoàng Đức Thắng", "Chánh Văn phòng"),
    ("Vũ Thị Thu Hà", "Phó Chánh Văn phòng"),
    ("Đặng Minh Tuấn", "Thứ trưởng"),
    ("Bùi Thị Lan Anh", "Vụ trưởng"),
    ("Đỗ Xuân Trường", "Cục trưởng"),
    ("Ngô Thị Phương", "Trưởng phòng"),
    ("Dương Văn Khải", "Bộ trưởng"),
    ("Lý Thị Kim Oanh", "Phó Trưởng phòng"),
)
UNITS = ("VP", "TCKH", "TCCB", "TTr", "PC", "KT", "TH", "HCTC", "QLĐT", "NV")

TOPICS = (
    "công tác phòng, chống thiên tai và tìm kiếm cứu nạn",
    "triển khai Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "thực hiện chuyển đổi số trong cơ quan hành chính nhà nước",
    "quyết toán ngân sách nhà nước",
    "tuyển dụng công chức, viên chức",
    "sắp xếp đơn vị hành chính cấp xã",
    "phòng, chống dịch bệnh truyền nhiễm",
    "bảo đảm trật tự an toàn giao thông dịp Tết Nguyên đán",
    "cải cách thủ tục hành chính",
    "giải ngân vốn đầu tư công",
    "phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "cấp giấy chứng nhận quyền sử dụng đất",
    "thu hồi đất để thực hiện dự án",
    "kiểm tra, giám sát việc sử dụng tài sản công",
    "bồi dưỡng kiến thức quản lý nhà nước",
    "thi đua, khen thưởng",
    "hỗ trợ hộ nghèo, hộ cận nghèo",
    "bảo vệ và phát triển rừng",
    "tiêm chủng mở rộng cho trẻ em",
    "chuẩn bị năm học mới",
    "quản lý chất thải rắn sinh hoạt",
    "kiện toàn Ban Chỉ đạo",
    "tiếp công dân, giải quyết khiếu nại, tố cáo",
    "thực hành tiết kiệm, chống lãng phí",
    "phòng, chống tham nhũng, tiêu cực",
    "sử dụng chữ ký số và chứng thư số chuyên dùng",
    "liên thông văn bản điện tử qua Trục liên thông văn bản quốc gia",
    "định danh và xác thực điện tử",
    "xây dựng cơ sở dữ liệu quốc gia về dân cư",
    "bảo hiểm xã hội, bảo hiểm y tế tự nguyện",
    "phòng, chống hạn hán, xâm nhập mặn",
    "chăm sóc sức khỏe người cao tuổi",
    "quy hoạch sử dụng đất",
    "đầu tư xây dựng trường học vùng khó khăn",
    "hỗ trợ đồng bào dân tộc thiểu số",
    "quản lý thị trường, chống buôn lậu và gian lận thương mại",
    "an toàn thông tin mạng",
    "tổ chức Đại hội đại biểu",
    "lấy ý kiến góp ý dự thảo Nghị định",
    "đào tạo nghề cho lao động nông thôn",
)
SHAPES = (
    "Về việc {topic} trên địa bàn {place}",
    "V/v {topic} năm {year}",
    "Kế hoạch {topic} giai đoạn {year}-{year2}",
    "Báo cáo kết quả {topic} {period} năm {year}",
    "Về việc phê duyệt {topic} tại các xã thuộc {district}",
    "Giấy mời họp về {topic}",
    "Hướng dẫn {topic} tại các xã thuộc {district}, {province}",
    "Về việc giao chỉ tiêu {topic} năm {year}",
    "V/v đề nghị báo cáo tình hình {topic} {period}",
    "Thông báo kết luận của {position} về {topic}",
    "Về việc điều chỉnh, bổ sung kế hoạch {topic} của {province}",
    "Quyết định ban hành Quy chế {topic}",
)
# what an organisation writes about, by the start of its name: a ministry or department
# about its own field (and what every office deals with); the Government Office and the
# people's committees about anything
EVERY_OFFICE = (
    "chuyển đổi số",
    "cải cách thủ tục hành chính",
    "thi đua, khen thưởng",
    "tiết kiệm, chống lãng phí",
    "tham nhũng",
    "kiện toàn Ban Chỉ đạo",
    "chữ ký số",
    "liên thông văn bản",
    "an toàn thông tin mạng",
    "tổ chức Đại hội",
    "bồi dưỡng kiến thức",
    "tiếp công dân",
    "phòng cháy, chữa cháy",
)
_HEALTH = ("dịch bệnh", "tiêm chủng", "người cao tuổi", "bảo hiểm y tế")
_HOME = ("tuyển dụng", "sắp xếp đơn vị hành chính", "bảo hiểm xã hội")
_POLICE = ("an toàn giao thông", "định danh", "dân cư", "buôn lậu")
_SCHOOLS = ("năm học mới", "trường học", "đào tạo nghề")
_BUILDING = ("an toàn giao thông", "trường học", "vốn đầu tư công", "quy hoạch")
_LAND = (
    "thiên tai", "nông thôn mới", "đất", "chất thải", "rừng", "hạn hán", "hộ nghèo",
    "dân tộc thiểu số", "lao động nông thôn",
)  # fmt: skip
_MONEY = ("ngân sách", "vốn đầu tư công", "tài sản công")
FIELDS = (
    ("Bộ Công an", (*_POLICE, "dự thảo Nghị định")),
    ("Công an ", _POLICE),
    ("Bộ Giáo dục", (*_SCHOOLS, "dự thảo Nghị định")),
    ("Sở Giáo dục", _SCHOOLS),
    ("Bộ Khoa học", ("định danh", "dân cư", "dự thảo Nghị định")),
    ("Bộ Nội vụ", (*_HOME, "dự thảo Nghị định")),
    ("Sở Nội vụ", _HOME),
    ("Bộ Tài chính", (*_MONEY, "buôn lậu", "bảo hiểm xã hội", "dự thảo Nghị định")),
    ("Sở Tài chính", _MONEY),
    ("Kho bạc", ("ngân sách", "vốn đầu tư công")),
    ("Bộ Tư pháp", ("dự thảo Nghị định",)),
    ("Bộ Xây dựng", (*_BUILDING, "dự thảo Nghị định")),
    ("Sở Xây dựng", _BUILDING),
    ("Bộ Y tế", (*_HEALTH, "dự thảo Nghị định")),
    ("Sở Y tế", _HEALTH),
    ("Bộ Nông nghiệp", (*_LAND, "dự thảo Nghị định")),
    ("Bảo hiểm xã hội", ("bảo hiểm",)),
    ("Tập đoàn Điện lực", ("thiên tai", "thu hồi đất", "vốn đầu tư công", "hạn hán")),
)


def writes_about(organisation: str, topic: str) -> bool:
    """Whether ``organisation`` would write about ``topic``: the Ministry of Health about
    vaccination, not about land; a people's committee about anything."""
    field = next((f for start, f in FIELDS if organisation.startswith(start)), None)
    topic = topic.casefold()
    return field is None or any(w.casefold() in topic for w in (*field, *EVERY_OFFICE))


# topics that are no target to hand out: a draft decree is commented on, a steering
# committee set up, a congress held, citizens received, corruption fought, merit rewarded
NO_TARGET = (
    "dự thảo Nghị định",
    "kiện toàn Ban Chỉ đạo",
    "tổ chức Đại hội",
    "tiếp công dân",
    "tham nhũng",
    "thi đua, khen thưởng",
)
NO_PLAN = ("Quy chế", "giai đoạn", "Kết quả")
ONLY_ASKED = ("V/v ", "Giấy mời", "Họp về", "Thông báo kết luận", "Kết luận")


def reads_well(subject: str) -> bool:
    """Whether a subject made of a shape and a topic reads as an office would write it: no
    "giao chỉ tiêu kiện toàn Ban Chỉ đạo", no draft decree "trên địa bàn tỉnh Gia Lai"."""
    if "dự thảo Nghị định" in subject and not subject.startswith(ONLY_ASKED):
        return False
    if "kiện toàn ban chỉ đạo" in subject.casefold() and any(w in subject for w in NO_PLAN):
        return False  # a committee is set up by a decision, not ruled or planned for years
    return not ("chỉ tiêu" in subject and any(t in subject for t in NO_TARGET))


PERIODS = ("quý I", "quý II", "quý III", "quý IV", "6 tháng đầu", "9 tháng", "tháng 10")
BODY_LINES = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
    "Theo đề nghị của Chánh Văn phòng và Giám đốc các sở, ban, ngành liên quan;",
    "Các cơ quan, đơn vị khẩn trương triển khai thực hiện, báo cáo kết quả trước ngày 25 hằng tháng.",
    "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị phản ánh kịp thời để xem xét.",
    "Giao Sở Tài chính chủ trì, phối hợp với các đơn vị liên quan tổng hợp, tham mưu.",
    "Ủy ban nhân dân các xã, phường chỉ đạo các thôn, tổ dân phố thực hiện nghiêm.",
)
# rare words: programme names, project codes, people and villages that appear in few documents
RARE = (
    "Krông Pắc",
    "Ea Súp",
    "Buôn Đôn",
    "Lắk",
    "Cư M'gar",
    "Ea H'leo",
    "M'Đrắk",
    "Buôn Ma Thuột",
    "Yok Đôn",
    "Chư Yang Sin",
    "Hồ Lắk",
    "Dray Sáp",
    "Ea Kar",
    "Krông Năng",
    "Krông Bông",
)


@dataclass(frozen=True)
class SampleDocument:
    from_org_id: str
    from_org_name: str
    issuer_abbr: str
    code_number: str
    code_notation: str
    issued_date: dt.date
    doc_type: str
    subject: str
    signer: str
    position: str
    urgency: int
    confidentiality: int
    body: tuple[str, ...]
    topic: str = ""


TYPE_WEIGHTS = (
    ("CV", 40),
    ("QĐ", 14),
    ("TB", 8),
    ("KH", 7),
    ("BC", 8),
    ("GM", 7),
    ("HD", 3),
    ("TTr", 3),
    ("CT", 1),
    ("NQ", 1),
    ("CĐ", 1),
    ("BB", 2),
    ("CTr", 1),
    ("QyĐ", 1),
)


class SampleGenerator:
    def __init__(self, seed: int = 2020, year: int = 2026) -> None:
        self.rng = random.Random(seed)
        self.year = year
        self._types = [t for t, w in TYPE_WEIGHTS for _ in range(w)]
        self._numbers: dict[str, int] = {}

    def subject(self) -> str:
        return self.subject_topic()[0]

    def subject_topic(self) -> tuple[str, str]:
        """A subject and the topic it is about (one of TOPICS)."""
        r = self.rng
        year = r.randint(self.year - 2, self.year + 1)
        district = r.choice(DISTRICTS)
        shape = r.choice(SHAPES)
        topic = r.choice(TOPICS)
        subject = shape.format(
            topic=topic,
            place=place_name(r.choice(PROVINCES + DISTRICTS)),
            year=year,
            year2=year + r.choice((1, 2, 4)),
            period=r.choice(PERIODS),
            district=district_name(district),
            province=province_name(DISTRICT_PROVINCE[district]),
            position=head_of(r.choice(ISSUERS)[1]),
        )
        if r.random() < 0.04:
            subject += f" (dự án {r.choice(RARE)} mã số {r.randint(100, 99999)})"
        return subject, topic

    def document(self, day: dt.date | None = None) -> SampleDocument:
        r = self.rng
        organ_id, organ_name, abbr = r.choice(ISSUERS)
        kind = r.choice(self._types)
        n = self._numbers[organ_id] = self._numbers.get(organ_id, 0) + 1
        notation = f"{abbr}-{r.choice(UNITS)}" if kind == "CV" else f"{kind}-{abbr}"
        day = day or dt.date(self.year, 1, 1) + dt.timedelta(days=r.randint(0, 300))
        signer, position = r.choice(SIGNERS)
        urgency = r.choices((0, 1, 2, 3), weights=(85, 10, 4, 1))[0]
        subject, topic = self.subject_topic()
        return SampleDocument(
            from_org_id=organ_id,
            from_org_name=organ_name,
            issuer_abbr=abbr,
            code_number=f"{n:02d}",
            code_notation=notation,
            issued_date=day,
            doc_type=kind,
            subject=subject,
            signer=signer,
            position=position,
            urgency=urgency,
            confidentiality=0,
            body=tuple(r.sample(BODY_LINES, 4)),
            topic=topic,
        )

    def documents(self, count: int) -> Iterator[SampleDocument]:
        for _ in range(count):
            yield self.document()


__all__ = [
    "CITIES",
    "DISTRICT_PROVINCE",
    "ISSUERS",
    "PROVINCES",
    "SampleDocument",
    "SampleGenerator",
    "district_name",
    "head_of",
    "place_name",
    "province_name",
    "provinces_in",
    "reads_well",
    "writes_about",
]
