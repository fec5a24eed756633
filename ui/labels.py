"""The core's fixed lists as the window shows them, in the user's language.

Urgency and confidentiality levels and the document types of Nghị định 30 are written in
Vietnamese in app/model.py: they are the law's words, stored and printed in the register
books. The window shows them through Qt's translation like its own strings (contexts
``Urgency``, ``Confidentiality``, ``DocumentType`` of resources/translations/vanthu_en.ts);
the literals below are what lupdate reads, and tests/ui/test_english.py checks that they are
exactly app/model's words. Numbers are grouped as the language writes them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.errors import InvalidInput
from app.messages import language
from app.model import (
    CONFIDENTIALITY_LABELS,
    URGENCY_LABELS,
    Confidentiality,
    DocType,
    Urgency,
    doc_type,
)

URGENCY_WORDS = (
    QT_TRANSLATE_NOOP("Urgency", "Thường"),
    QT_TRANSLATE_NOOP("Urgency", "Khẩn"),
    QT_TRANSLATE_NOOP("Urgency", "Thượng khẩn"),
    QT_TRANSLATE_NOOP("Urgency", "Hỏa tốc"),
    QT_TRANSLATE_NOOP("Urgency", "Hỏa tốc hẹn giờ"),
)
CONFIDENTIALITY_WORDS = (
    QT_TRANSLATE_NOOP("Confidentiality", "Thường"),
    QT_TRANSLATE_NOOP("Confidentiality", "Mật"),
    QT_TRANSLATE_NOOP("Confidentiality", "Tối mật"),
    QT_TRANSLATE_NOOP("Confidentiality", "Tuyệt mật"),
)
DOC_TYPE_WORDS = (
    QT_TRANSLATE_NOOP("DocumentType", "Nghị quyết"),
    QT_TRANSLATE_NOOP("DocumentType", "Quyết định"),
    QT_TRANSLATE_NOOP("DocumentType", "Chỉ thị"),
    QT_TRANSLATE_NOOP("DocumentType", "Quy chế"),
    QT_TRANSLATE_NOOP("DocumentType", "Quy định"),
    QT_TRANSLATE_NOOP("DocumentType", "Thông cáo"),
    QT_TRANSLATE_NOOP("DocumentType", "Thông báo"),
    QT_TRANSLATE_NOOP("DocumentType", "Hướng dẫn"),
    QT_TRANSLATE_NOOP("DocumentType", "Chương trình"),
    QT_TRANSLATE_NOOP("DocumentType", "Kế hoạch"),
    QT_TRANSLATE_NOOP("DocumentType", "Phương án"),
    QT_TRANSLATE_NOOP("DocumentType", "Đề án"),
    QT_TRANSLATE_NOOP("DocumentType", "Dự án"),
    QT_TRANSLATE_NOOP("DocumentType", "Báo cáo"),
    QT_TRANSLATE_NOOP("DocumentType", "Biên bản"),
    QT_TRANSLATE_NOOP("DocumentType", "Tờ trình"),
    QT_TRANSLATE_NOOP("DocumentType", "Hợp đồng"),
    QT_TRANSLATE_NOOP("DocumentType", "Công điện"),
    QT_TRANSLATE_NOOP("DocumentType", "Bản ghi nhớ"),
    QT_TRANSLATE_NOOP("DocumentType", "Bản thỏa thuận"),
    QT_TRANSLATE_NOOP("DocumentType", "Giấy ủy quyền"),
    QT_TRANSLATE_NOOP("DocumentType", "Giấy mời"),
    QT_TRANSLATE_NOOP("DocumentType", "Giấy giới thiệu"),
    QT_TRANSLATE_NOOP("DocumentType", "Giấy nghỉ phép"),
    QT_TRANSLATE_NOOP("DocumentType", "Phiếu gửi"),
    QT_TRANSLATE_NOOP("DocumentType", "Phiếu chuyển"),
    QT_TRANSLATE_NOOP("DocumentType", "Phiếu báo"),
    QT_TRANSLATE_NOOP("DocumentType", "Thư công"),
    QT_TRANSLATE_NOOP("DocumentType", "Công văn"),
    QT_TRANSLATE_NOOP("DocumentType", "Bản sao y"),
    QT_TRANSLATE_NOOP("DocumentType", "Bản trích sao"),
    QT_TRANSLATE_NOOP("DocumentType", "Bản sao lục"),
)


def dmy(value: str | dt.date | None) -> str:
    """A date as the office writes it, 05/12/2026, from a date or an ISO text; "" when absent."""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    iso = value or ""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}" if len(iso) >= 10 else ""


def dmy_time(iso: str | None) -> str:
    """05/12/2026 09:30 from an ISO time; the date alone when the text has no time."""
    return f"{dmy(iso)} {iso[11:16]}" if iso and len(iso) >= 16 else dmy(iso)


def urgency_words(level: Any) -> str:
    """``Hỏa tốc`` / ``Flash``; "" for a value the core does not know."""
    try:
        words = URGENCY_LABELS[Urgency(int(level))]
    except (TypeError, ValueError, KeyError):
        return ""
    return QCoreApplication.translate("Urgency", words)


def confidentiality_words(level: Any) -> str:
    try:
        words = CONFIDENTIALITY_LABELS[Confidentiality(int(level))]
    except (TypeError, ValueError, KeyError):
        return ""
    return QCoreApplication.translate("Confidentiality", words)


def type_words(kind: DocType | str) -> str:
    """A document type's name (``Quyết định`` / ``Decision``) from the type or its key; an
    unknown key is shown as it is."""
    if isinstance(kind, str):
        try:
            kind = doc_type(kind)
        except InvalidInput:  # a key the core does not know
            return kind
    return QCoreApplication.translate("DocumentType", kind.name)


def number(value: int) -> str:
    """1.234 in Vietnamese, 1,234 in English."""
    text = f"{int(value):,}"
    return text if language() == "en" else text.replace(",", ".")


def decimal(value: float, digits: int = 1) -> str:
    """1,5 in Vietnamese, 1.5 in English."""
    text = f"{value:.{digits}f}"
    return text if language() == "en" else text.replace(".", ",")


__all__ = [
    "CONFIDENTIALITY_WORDS",
    "DOC_TYPE_WORDS",
    "URGENCY_WORDS",
    "confidentiality_words",
    "decimal",
    "number",
    "type_words",
    "urgency_words",
]
