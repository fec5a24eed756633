"""What a clerk would type, read off the first page of an incoming document laid out as ND30
wants it (appendix I): the issuer at the top left, "Số: 05/QĐ-UBND", the place and date, the
type in capitals and its subject (or "V/v …" under the number of a Công văn), and the
signer's title and name at the end. Every field is a suggestion the clerk confirms; what is
not found stays empty (``found`` says which were)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.model import DOC_TYPES, DocumentCode
from app.textfold import fold, normalize_text

MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc")
_NUMBER = re.compile(
    r"\bS[ốô]\s*[:.]?\s*(\d{1,6})\s*/\s*((?:\d{4}/)?[0-9A-Za-zÀ-ỹĐđ]+(?:-[0-9A-Za-zÀ-ỹĐđ]+)*)"
)
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_SUBJECT_STOPS = (
    "can cu",
    "kinh gui",
    "thuc hien",
    "xet de nghi",
    "noi nhan",
    "dieu 1",
    "quyet dinh:",
    "de nghi",
)
_PLACE_WORDS = ("tinh", "thanh pho", "huyen", "quan", "xa", "phuong", "thi xa", "thi tran")
_ACRONYMS = {"ubnd", "hdnd", "mttq", "tw", "vp"}
_TYPES_BY_FOLDED = {fold(t.name): t for t in DOC_TYPES if t.abbr}


@dataclass(frozen=True)
class Prefill:
    code_number: str | None = None
    code_notation: str | None = None
    issued_date: dt.date | None = None
    issuer_name: str | None = None  # as words are written ("Ủy ban nhân dân tỉnh Đắk Lắk")
    issuer_printed: str | None = None  # as printed (capitals), for matching the directory
    parent_name: str | None = None
    doc_type: str | None = None  # the type's key: QĐ, CV, TB…
    subject: str | None = None
    signer: str | None = None
    position: str | None = None
    found: tuple[str, ...] = field(default=())


def prefill_from_pdf(path: Path) -> Prefill:
    """Suggestions from the first page's text (PDFium); nothing found in a scan."""
    from app.pdf import first_page_text

    return prefill_from_text(first_page_text(Path(path)))


def prefill_from_text(text: str) -> Prefill:
    lines = [normalize_text(line) for line in text.replace("\r", "\n").split("\n")]
    lines = [_without_motto(line) for line in lines]
    lines = [line for line in lines if line]
    values: dict[str, object] = {}

    number_at = None
    for i, line in enumerate(lines[:25]):
        match = _NUMBER.search(line)
        if match:
            values["code_number"] = f"{int(match.group(1)):02d}"
            values["code_notation"] = match.group(2)
            number_at = i
            break

    for line in lines[:30]:
        match = _DATE.search(line)
        if match:
            with contextlib.suppress(ValueError):
                values["issued_date"] = dt.date(
                    int(match.group(3)), int(match.group(2)), int(match.group(1))
                )
            break

    header = lines[:number_at] if number_at is not None else lines[:4]
    header = [h for h in header if _is_capitals(h) and not _DATE.search(h)]
    if header:
        issuer, parent = header[-1], header[-2] if len(header) > 1 else None
        if parent and fold(issuer).startswith(_PLACE_WORDS):
            # "ỦY BAN NHÂN DÂN" / "TỈNH ĐẮK LẮK": one name on two lines
            issuer, parent = f"{parent} {issuer}", header[-3] if len(header) > 2 else None
        values["issuer_printed"] = issuer
        values["issuer_name"] = _as_written(issuer)
        if parent:
            values["parent_name"] = _as_written(parent)

    kind, subject = _type_and_subject(lines, number_at)
    if kind is not None:
        values["doc_type"] = kind
    elif values.get("code_notation"):
        values["doc_type"] = _type_from_notation(str(values["code_notation"]))
    if subject:
        values["subject"] = subject

    signer, position = _signature_block(lines)
    if signer:
        values["signer"] = signer
    if position:
        values["position"] = position
    found = tuple(k for k in Prefill.__dataclass_fields__ if k in values)
    return Prefill(**values, found=found)  # type: ignore[arg-type]


def _without_motto(line: str) -> str:
    """A line with the national motto taken out (it sits beside the issuer's name)."""
    folded = fold(line)
    for motto in MOTTO:
        at = folded.find(motto)
        if at >= 0:
            line = (line[:at] + line[at + len(motto) :]).strip(" -")
            folded = fold(line)
    return line.strip()


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _as_written(printed: str) -> str:
    """An organisation's name as written in running text: "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK"
    → "Ủy ban nhân dân tỉnh Đắk Lắk" (a place's name keeps its capitals)."""
    words = printed.split()
    out: list[str] = []
    place = False
    for i, word in enumerate(words):
        if fold(word) in _ACRONYMS:
            out.append(word)
        elif place or i == 0:
            out.append(word[:1].upper() + word[1:].lower())
        else:
            out.append(word.lower())
        tail = " ".join(fold(w) for w in words[max(0, i - 1) : i + 1])
        if fold(word) in _PLACE_WORDS or tail in _PLACE_WORDS:
            place = True
    return " ".join(out)


def _type_and_subject(lines: list[str], number_at: int | None) -> tuple[str | None, str | None]:
    start = (number_at or 0) + 1
    for i in range(start, min(len(lines), start + 6)):
        kind = _TYPES_BY_FOLDED.get(fold(lines[i]))
        if kind is not None:
            return kind.key, _subject(lines[i + 1 : i + 5])
    for i in range(max(start - 1, 0), min(len(lines), start + 4)):
        at = lines[i].find("V/v")
        if at >= 0:  # a Công văn: "V/v …" under its number
            return "CV", _subject([lines[i][at:], *lines[i + 1 : i + 3]], stop_at_date=True)
    return None, None


def _subject(lines: list[str], *, stop_at_date: bool = False) -> str | None:
    taken: list[str] = []
    for line in lines:
        folded = fold(line)
        if any(folded.startswith(stop) for stop in _SUBJECT_STOPS):
            break
        if stop_at_date and _DATE.search(line):
            break
        if taken and _is_capitals(line):
            break
        # a wrapped subject goes on in lower case, or after a full line; a new paragraph
        # starts with a capital after a short one
        if taken and line[:1].isupper() and len(taken[-1]) < 50:
            break
        taken.append(line)
    text = " ".join(taken).strip()
    return text[:500] or None


def _type_from_notation(notation: str) -> str:
    head = notation.split("/")[-1].split("-")[0]
    for kind in DOC_TYPES:
        if kind.abbr and fold(kind.abbr) == fold(head):
            return kind.key
    return "CV"


def _signature_block(lines: list[str]) -> tuple[str | None, str | None]:
    """The last line when it reads as a person's name, and the title above it."""
    if not lines:
        return None, None
    name = lines[-1]
    words = name.split()
    looks_like_name = 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words)
    if not looks_like_name or _is_capitals(name):
        return None, None
    position = None
    for line in reversed(lines[-4:-1]):
        if _is_capitals(line) and not fold(line).startswith(("tm.", "kt.", "tl.", "tuq.")):
            position = line
            break
    return name, position


def notation_of(prefill: Prefill) -> str | None:
    if prefill.code_number and prefill.code_notation:
        return str(DocumentCode(prefill.code_number, prefill.code_notation))
    return None


__all__ = ["Prefill", "notation_of", "prefill_from_pdf", "prefill_from_text"]
