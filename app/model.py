"""The domain model: directions, the ND30 type catalogue, urgency and confidentiality,
number-and-symbol, organisation identifiers and metadata limits (docs/domain.md §2, §3, §5)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

from app.errors import InvalidInput
from app.textfold import fold, normalize_text


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"


@dataclass(frozen=True)
class DocType:
    name: str  # Vietnamese name, e.g. "Quyết định"
    abbr: str  # abbreviation for the symbol, "" for Công văn and Thư công
    copy: bool = False  # SY / TrS / SL

    @property
    def key(self) -> str:
        """What the CLI and JSON use: the abbreviation, or CV / THC for the two without one."""
        return self.abbr or {"Công văn": "CV", "Thư công": "THC"}[self.name]


DOC_TYPES: tuple[DocType, ...] = (
    DocType("Nghị quyết", "NQ"),
    DocType("Quyết định", "QĐ"),
    DocType("Chỉ thị", "CT"),
    DocType("Quy chế", "QC"),
    DocType("Quy định", "QyĐ"),
    DocType("Thông cáo", "TC"),
    DocType("Thông báo", "TB"),
    DocType("Hướng dẫn", "HD"),
    DocType("Chương trình", "CTr"),
    DocType("Kế hoạch", "KH"),
    DocType("Phương án", "PA"),
    DocType("Đề án", "ĐA"),
    DocType("Dự án", "DA"),
    DocType("Báo cáo", "BC"),
    DocType("Biên bản", "BB"),
    DocType("Tờ trình", "TTr"),
    DocType("Hợp đồng", "HĐ"),
    DocType("Công điện", "CĐ"),
    DocType("Bản ghi nhớ", "BGN"),
    DocType("Bản thỏa thuận", "BTT"),
    DocType("Giấy ủy quyền", "GUQ"),
    DocType("Giấy mời", "GM"),
    DocType("Giấy giới thiệu", "GGT"),
    DocType("Giấy nghỉ phép", "GNP"),
    DocType("Phiếu gửi", "PG"),
    DocType("Phiếu chuyển", "PC"),
    DocType("Phiếu báo", "PB"),
    DocType("Thư công", ""),
    DocType("Công văn", ""),
    DocType("Bản sao y", "SY", copy=True),
    DocType("Bản trích sao", "TrS", copy=True),
    DocType("Bản sao lục", "SL", copy=True),
)

_BY_KEY = {t.key: t for t in DOC_TYPES}
_BY_FOLDED = {fold(t.key): t for t in DOC_TYPES} | {fold(t.name): t for t in DOC_TYPES}


def doc_type(value: str) -> DocType:
    """Find a type by abbreviation (QĐ, QD, qđ), key (CV) or name (Quyết định, quyet dinh).
    Exact abbreviations win: QyĐ and QĐ differ only in case and letters."""
    value = normalize_text(value or "")
    if value in _BY_KEY:
        return _BY_KEY[value]
    folded = fold(value)
    matches = {t for t in DOC_TYPES if fold(t.key) == folded or fold(t.name) == folded}
    if len(matches) == 1:
        return matches.pop()
    raise InvalidInput("doc_type", "unknown", value=value)


class Urgency(int, Enum):
    """Độ khẩn, with the edXML Priority codes (domain.md §9)."""

    NORMAL = 0
    URGENT = 1
    VERY_URGENT = 2
    FLASH = 3
    FLASH_TIMED = 4


URGENCY_LABELS = {
    Urgency.NORMAL: "Thường",
    Urgency.URGENT: "Khẩn",
    Urgency.VERY_URGENT: "Thượng khẩn",
    Urgency.FLASH: "Hỏa tốc",
    Urgency.FLASH_TIMED: "Hỏa tốc hẹn giờ",
}


class Confidentiality(int, Enum):
    """Độ mật. Anything above NONE is a state secret: own number series, never sent."""

    NONE = 0
    CONFIDENTIAL = 1  # Mật
    SECRET = 2  # Tối mật
    TOP_SECRET = 3  # Tuyệt mật


CONFIDENTIALITY_LABELS = {
    Confidentiality.NONE: "Thường",
    Confidentiality.CONFIDENTIAL: "Mật",
    Confidentiality.SECRET: "Tối mật",
    Confidentiality.TOP_SECRET: "Tuyệt mật",
}


def _level(enum: type[Enum], labels: dict, value: Any, field_name: str) -> Any:
    if isinstance(value, enum):
        return value
    if value is None or value == "":
        return enum(0)
    if type(value) is int and value in labels:  # the edXML code itself, e.g. 3
        return enum(value)
    text = str(value).strip()
    if text.isdigit() and int(text) in labels:
        return enum(int(text))
    folded = fold(text).replace("_", " ").replace("-", " ")
    for member, label in labels.items():
        if folded in {fold(label), member.name.lower().replace("_", " ")}:
            return member
    raise InvalidInput(field_name, "unknown", value=value)


def urgency(value: Any) -> Urgency:
    return _level(Urgency, URGENCY_LABELS, value, "urgency")


def confidentiality(value: Any) -> Confidentiality:
    return _level(Confidentiality, CONFIDENTIALITY_LABELS, value, "confidentiality")


# --- metadata limits (domain.md §5) ---------------------------------------------------------

FIELD_LIMITS: dict[str, int] = {
    "code_number": 11,
    "code_notation": 30,
    "organ_id": 35,
    "organ_name": 200,
    "subject": 500,
    "signer": 50,
    "position": 100,
    "to_places": 1000,
    "description": 500,
    "type_name": 100,
    "assignee": 200,
    "note": 500,
    "document_id": 100,
}


def text_field(name: str, value: Any, *, required: bool = True, limit: int | None = None) -> str:
    """A stored text: normalised, refused when missing (if required) or longer than its limit."""
    text = normalize_text(str(value)) if value is not None else ""
    if not text:
        if required:
            raise InvalidInput(name, "missing")
        return ""
    limit = limit or FIELD_LIMITS.get(name)
    if limit and len(text) > limit:
        raise InvalidInput(name, "too_long", value=text[:60], limit=limit, length=len(text))
    return text


# --- organisation identifiers ---------------------------------------------------------------

_ORGAN_ID = re.compile(r"^[A-Z0-9]+(\.[A-Z0-9]+)+$")


def organ_id(value: Any, field_name: str = "organ_id") -> str:
    """Mã định danh such as ``000.00.00.G22`` or ``28.22.H17``: dotted groups of capital letters
    and digits, at most 35 characters."""
    text = normalize_text(str(value or "")).upper()
    if not text:
        raise InvalidInput(field_name, "missing")
    if len(text) > FIELD_LIMITS["organ_id"]:
        raise InvalidInput(field_name, "too_long", value=text[:40], limit=FIELD_LIMITS["organ_id"])
    if not _ORGAN_ID.match(text):
        raise InvalidInput(field_name, "malformed", value=text, expected="000.00.00.G22")
    return text


# --- number and symbol ----------------------------------------------------------------------

_ABBR = re.compile(r"^[0-9A-Za-zÀ-ỹĐđ]+(-[0-9A-Za-zÀ-ỹĐđ]+)*$")


def format_number(number: int) -> str:
    """Numbers below 10 are written 01…09 (ND30 appendix I)."""
    if number < 1:
        raise InvalidInput("code_number", "malformed", value=number)
    return f"{number:02d}"


def code_notation(value: Any, field_name: str = "code_notation") -> str:
    """A symbol such as ``QĐ-UBND`` or ``VPCP-TTĐT``: groups joined by ``-``, no spaces."""
    text = text_field(field_name, value, limit=FIELD_LIMITS["code_notation"])
    if not _ABBR.match(text):
        raise InvalidInput(field_name, "malformed", value=text, expected="QĐ-UBND")
    return text


def code_number(value: Any, field_name: str = "code_number") -> str:
    """A document number: digits, written ``01``…``09`` below 10 (``5`` becomes ``05``)."""
    text = text_field(field_name, value, limit=FIELD_LIMITS["code_number"])
    if not text.isdigit() or int(text) < 1:
        raise InvalidInput(field_name, "malformed", value=text, expected="05")
    return format_number(int(text))


@dataclass(frozen=True)
class DocumentCode:
    """Số, ký hiệu: ``05/QĐ-UBND``."""

    number: str
    notation: str

    def __str__(self) -> str:
        return f"{self.number}/{self.notation}" if self.notation else self.number

    @classmethod
    def parse(cls, text: str) -> DocumentCode:
        text = normalize_text(text or "").replace(" ", "")
        number, sep, notation = text.partition("/")
        if not sep:
            raise InvalidInput("code", "malformed", value=text, expected="05/QĐ-UBND")
        return cls(code_number(number), code_notation(notation))

    @classmethod
    def build(cls, number: int, type_abbr: str, issuer_abbr: str, unit: str = "") -> DocumentCode:
        """``<type>-<issuer>`` or, for Công văn, ``<issuer>-<unit>`` (domain.md §3)."""
        groups = [g for g in (type_abbr, issuer_abbr, unit if not type_abbr else "") if g]
        return cls(format_number(number), code_notation("-".join(groups)))


def document_key(issuer_id: str, issued: dt.date, code: str) -> str:
    """The edXML DocumentId: ``<issuer OrganId>,<yyyy/MM/dd>,<number>/<symbol>``."""
    return f"{issuer_id},{issued.isoformat().replace('-', '/')},{code}"


# --- dates ----------------------------------------------------------------------------------


def parse_date(value: Any, field_name: str, *, today: dt.date | None = None) -> dt.date:
    """YYYY-MM-DD (also dd/MM/yyyy as written on paper). ``today`` refuses future dates."""
    if isinstance(value, dt.date):
        day = value
    else:
        text = normalize_text(str(value or ""))
        if not text:
            raise InvalidInput(field_name, "missing")
        day = None
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                raise InvalidInput(
                    field_name, "malformed", value=text, expected="YYYY-MM-DD"
                ) from None
        for pattern in () if day else ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d"):
            try:
                day = dt.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        if day is None:
            raise InvalidInput(field_name, "malformed", value=text, expected="YYYY-MM-DD")
    if day.year < 1945:
        raise InvalidInput(field_name, "out_of_range", value=day.isoformat())
    if today is not None and day > today:
        raise InvalidInput(field_name, "future", value=day.isoformat())
    return day


# --- statuses --------------------------------------------------------------------------------

STATUSES = (
    "draft",  # dự thảo (outgoing, no number yet)
    "approved",  # đã ký duyệt (the official signed; outgoing, no number yet)
    "registered",  # đã vào sổ
    "assigned",  # đã phân công
    "in_progress",  # đang xử lý
    "done",  # hoàn thành
    "returned",  # từ chối / trả lại
    "signed",  # đã ký số
    "issued",  # đã phát hành
    "sent",  # đã gửi
    "cancelled",  # đã hủy / thu hồi
)


def status_key(value: Any) -> str:
    """A status by its key (``done``) or its words in Vietnamese or English (``Hoàn thành``,
    ``hoan thanh``, ``Done``)."""
    from app.messages import STATUS_LABELS

    text = normalize_text(str(value or ""))
    if text in STATUSES:
        return text
    folded = fold(text).replace("_", " ").replace("-", " ")
    for key in STATUSES:
        words = STATUS_LABELS.get(key, ("", ""))
        if folded in {fold(words[0]), fold(words[1]), key.replace("_", " ")}:
            return key
    raise InvalidInput("status", "unknown", value=text)


# --- values typed by people ------------------------------------------------------------------

MAX_ID = 2**63 - 1  # what SQLite holds
MAX_PAGE = 10_000


def _whole(value: Any, field_name: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidInput(field_name, "malformed", value=str(value)[:40]) from None
    if not low <= number <= high:
        raise InvalidInput(field_name, "out_of_range", value=str(value)[:40])
    return number


def document_ref(value: Any) -> int:
    """A document id as typed: a positive whole number the store can hold."""
    return _whole(value, "document_id", 1, MAX_ID)


def page_size(value: Any) -> int:
    return _whole(value, "limit", 1, MAX_PAGE)


def page_offset(value: Any) -> int:
    return _whole(value, "offset", 0, MAX_ID)


def year_value(value: Any) -> int:
    return _whole(value, "year", 1945, 9999)


# --- records --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    organ_id: str
    name: str
    abbr: str


@dataclass(frozen=True)
class Register:
    id: int
    code: str  # "den", "di", "di-mat", "sao", …
    name: str
    direction: Direction
    series: str  # "normal", "secret", "copy"


@dataclass(frozen=True)
class Document:
    """One row of a register, as the core hands it out (a frozen snapshot)."""

    id: int
    direction: Direction
    register_id: int
    register_code: str
    year: int
    number: int | None  # số đến (incoming) or the register number; None: a draft
    code_number: str
    code_notation: str
    issued_date: str
    doc_type: str
    subject: str
    issuer_id: str
    issuer_name: str
    signer: str = ""
    position: str = ""
    arrival_date: str = ""
    due_date: str = ""
    urgency: int = 0
    confidentiality: int = 0
    status: str = "registered"
    assignee: str = ""
    handed_on: str = ""
    to_places: str = ""
    recipients: str = ""
    copies: int = 1
    note: str = ""
    document_key: str = ""
    file_sha256: str = ""
    file_name: str = ""
    file_size: int = 0
    cancelled: bool = False
    created_at: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def notation(self) -> str:
        """Số, ký hiệu as printed: ``05/QĐ-UBND``; a draft's ``/QĐ-UBND`` (ND30 drafts leave
        the number blank)."""
        if not self.code_number:
            return f"/{self.code_notation}" if self.code_notation else ""
        return str(DocumentCode(self.code_number, self.code_notation))

    @property
    def is_draft(self) -> bool:
        """An outgoing document drafted here and not issued yet (no number)."""
        return self.number is None

    @property
    def type_name(self) -> str:
        return doc_type(self.doc_type).name

    def summary(self) -> dict[str, Any]:
        """The JSON shape of ``vanthu list`` and friends."""
        return {
            "id": self.id,
            "direction": self.direction.value,
            "register": self.register_code,
            "year": self.year,
            "number": self.number,
            "notation": self.notation,
            "doc_type": self.doc_type,
            "subject": self.subject,
            "issuer": self.issuer_name,
            "issuer_id": self.issuer_id,
            "date": self.issued_date,
            "arrival_date": self.arrival_date or None,
            "due_date": self.due_date or None,
            "urgency": self.urgency,
            "confidentiality": self.confidentiality,
            "status": self.status,
            "cancelled": self.cancelled,
        }


__all__ = [
    "CONFIDENTIALITY_LABELS",
    "DOC_TYPES",
    "FIELD_LIMITS",
    "STATUSES",
    "URGENCY_LABELS",
    "Confidentiality",
    "Direction",
    "DocType",
    "Document",
    "DocumentCode",
    "Organisation",
    "Register",
    "Urgency",
    "code_notation",
    "code_number",
    "confidentiality",
    "doc_type",
    "document_key",
    "document_ref",
    "format_number",
    "organ_id",
    "page_offset",
    "page_size",
    "parse_date",
    "status_key",
    "text_field",
    "urgency",
    "year_value",
]
