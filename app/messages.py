"""The one place where errors become words, in Vietnamese (default) or English.

The CLI and the window both call ``describe(error)``; nothing else formats an error for a
person. Messages are short and say what to do next (docs/glossary.md)."""

from __future__ import annotations

import os
from typing import Any

from app.errors import (
    AppError,
    DuplicateDocument,
    InvalidInput,
    NotFound,
    StateError,
    StorageError,
    WorkspaceError,
)

FIELDS: dict[str, tuple[str, str]] = {
    "from_org_id": ("Mã định danh cơ quan ban hành", "issuing organisation identifier"),
    "from_org_name": ("Tên cơ quan ban hành", "issuing organisation name"),
    "org_id": ("Mã định danh cơ quan", "organisation identifier"),
    "org_name": ("Tên cơ quan", "organisation name"),
    "org_abbr": ("Tên viết tắt của cơ quan", "organisation abbreviation"),
    "organ_id": ("Mã định danh", "organisation identifier"),
    "issuer_id": ("Mã định danh cơ quan ban hành", "issuing organisation identifier"),
    "issuer_name": ("Tên cơ quan ban hành", "issuing organisation name"),
    "code_number": ("Số văn bản", "document number"),
    "code_notation": ("Ký hiệu", "symbol"),
    "code": ("Số, ký hiệu", "number and symbol"),
    "issued_date": ("Ngày ban hành", "issue date"),
    "due_date": ("Hạn xử lý", "due date"),
    "doc_type": ("Loại văn bản", "document type"),
    "subject": ("Trích yếu", "subject"),
    "signer": ("Người ký", "signer"),
    "position": ("Chức vụ", "position"),
    "urgency": ("Độ khẩn", "urgency"),
    "confidentiality": ("Độ mật", "confidentiality"),
    "document_id": ("Mã văn bản (DocumentId)", "document identifier"),
    "to_places": ("Nơi nhận", "receiving units"),
    "recipients": ("Nơi nhận", "recipients"),
    "note": ("Ghi chú", "note"),
    "assignee": ("Đơn vị / người xử lý", "handling unit or person"),
    "reason": ("Lý do", "reason"),
    "status": ("Trạng thái", "status"),
    "copies": ("Số lượng bản", "number of copies"),
    "unit": ("Đơn vị soạn thảo", "drafting unit"),
    "file": ("Tệp văn bản", "document file"),
    "line": ("Dòng", "line"),
    "json": ("Dữ liệu JSON", "JSON data"),
    "register": ("Sổ đăng ký", "register"),
    "series": ("Loại sổ", "register series"),
    "output": ("Tệp xuất", "output file"),
    "format": ("Định dạng", "format"),
    "year": ("Năm", "year"),
    "query": ("Từ khóa tìm kiếm", "search words"),
    "placement": ("Vị trí chữ ký", "signature position"),
    "image": ("Ảnh chữ ký", "signature image"),
    "cert": ("Chứng thư số", "certificate"),
    "pin": ("Mã PIN", "PIN"),
    "role": ("Vai trò ký", "signing role"),
    "limit": ("Số kết quả", "number of results"),
}

PROBLEMS: dict[str, tuple[str, str]] = {
    "missing": ("chưa có, cần nhập", "is missing"),
    "too_long": (
        "quá dài (tối đa {limit} ký tự, đang có {length})",
        "is too long (at most {limit} characters, got {length})",
    ),
    "malformed": (
        "không đúng dạng{expected_vi}: «{value}»",
        "is malformed{expected_en}: «{value}»",
    ),
    "unknown": ("không có trong danh mục: «{value}»", "is not known: «{value}»"),
    "future": ("ở tương lai ({value}), hãy kiểm tra lại", "is in the future ({value})"),
    "out_of_range": ("ngoài phạm vi cho phép: «{value}»", "is out of range: «{value}»"),
    "before_issued_date": ("trước ngày ban hành ({value})", "is before the issue date ({value})"),
    "unknown_field": (
        "không phải trường được hỗ trợ: «{value}»",
        "is not a supported field: «{value}»",
    ),
    "not_editable": ("không được sửa: «{value}»", "cannot be edited: «{value}»"),
    "not_an_object": (
        "dòng phải là một đối tượng JSON {{…}}",
        "the line must be a JSON object {{…}}",
    ),
    "bad_json": ("không đọc được JSON ({reason})", "is not valid JSON ({reason})"),
    "not_found": ("không tìm thấy tệp: {value}", "not found: {value}"),
    "not_a_file": ("không phải là tệp: {value}", "is not a file: {value}"),
    "unreadable": (
        "không đọc được (không có quyền): {value}",
        "cannot be read (permission): {value}",
    ),
    "empty": ("là tệp rỗng: {value}", "is an empty file: {value}"),
    "not_pdf": ("không phải tệp PDF: {value}", "is not a PDF file: {value}"),
    "truncated_pdf": (
        "là tệp PDF bị cắt cụt (thiếu phần cuối): {value}",
        "is a truncated PDF: {value}",
    ),
    "damaged_pdf": ("là tệp PDF bị hỏng, không mở được: {value}", "is a damaged PDF: {value}"),
    "encrypted_pdf": (
        "là tệp PDF có mật khẩu, không đọc được: {value}",
        "is a password-protected PDF: {value}",
    ),
    "exists": ("đã tồn tại: «{value}»", "already exists: «{value}»"),
    "unwritable": ("không ghi được vào: {value}", "cannot be written: {value}"),
    "wrong_direction": (
        "không dùng cho loại văn bản này: «{value}»",
        "does not keep documents of this direction: «{value}»",
    ),
    "ambiguous": (
        "chỉ được chọn một cách: ô ký, dòng chữ neo, hoặc trang và khung",
        "give one of: a field, an anchor text, or a page and box",
    ),
    "no_such_field": (
        "không có ô ký «{value}» trong văn bản",
        "there is no signature field «{value}»",
    ),
    "field_signed": ("ô ký «{value}» đã được ký", "field «{value}» is already signed"),
    "anchor_not_found": (
        "không tìm thấy dòng chữ «{value}» trong văn bản",
        "the text «{value}» is not in the document",
    ),
    "page_out_of_range": (
        "trang {value} không có trong văn bản",
        "page {value} is not in the document",
    ),
    "choose_one": (
        "thiết bị có nhiều chứng thư số, hãy chọn bằng --cert: {value}",
        "the token holds several certificates, choose one with --cert: {value}",
    ),
    "not_yet": (
        "chưa hỗ trợ trong phiên bản này: {value}",
        "not supported by this version yet: {value}",
    ),
    "line_too_long": (
        "dòng quá dài (tối đa {limit} byte), bỏ qua",
        "the line is too long (at most {limit} bytes), skipped",
    ),
    "not_utf8": ("dòng không phải văn bản UTF-8", "the line is not UTF-8 text"),
}


STATUS_LABELS: dict[str, tuple[str, str]] = {
    "registered": ("Đã vào sổ", "Registered"),
    "assigned": ("Đã phân công", "Assigned"),
    "in_progress": ("Đang xử lý", "In progress"),
    "done": ("Hoàn thành", "Done"),
    "returned": ("Trả lại", "Returned"),
    "signed": ("Đã ký số", "Signed"),
    "issued": ("Đã phát hành", "Issued"),
    "sent": ("Đã gửi", "Sent"),
    "cancelled": ("Đã hủy", "Cancelled"),
}


def status_label(status: str, lang: str | None = None) -> str:
    pair = STATUS_LABELS.get(status)
    return _pick(pair, lang or language()) if pair else status


# Errors of the other rooms, by their code (app/ does not import them).
BY_CODE: dict[str, tuple[str, str]] = {
    "module_not_found": (
        "Không tìm thấy trình điều khiển thiết bị ký số: {path}",
        "The token driver was not found: {path}",
    ),
    "module_load_failed": (
        "Không nạp được trình điều khiển thiết bị ký số {path}: {reason}",
        "The token driver {path} could not be loaded: {reason}",
    ),
    "token_not_found": (
        "Không thấy thiết bị ký số «{token}». Hãy cắm thiết bị rồi thử lại.",
        "Token «{token}» is not plugged in. Plug it in and try again.",
    ),
    "token_removed": (
        "Thiết bị ký số «{token}» đã bị rút ra trong khi đang dùng. Không có gì bị ghi; hãy cắm lại và thử lại.",
        "Token «{token}» was removed while in use. Nothing was written; plug it in and try again.",
    ),
    "pin_locked": (
        "Mã PIN của thiết bị «{token}» đã bị khóa. Hãy liên hệ tổ chức cấp chứng thư số để mở khóa.",
        "The PIN of token «{token}» is locked. Contact the certificate authority to unlock it.",
    ),
    "key_not_found": (
        "Thiết bị «{token}» không có khóa bí mật ứng với chứng thư số đã chọn ({cka_id}).",
        "Token «{token}» has no private key for the chosen certificate ({cka_id}).",
    ),
}
PIN_INCORRECT = {
    "last": (
        "Mã PIN không đúng. Chỉ còn 1 lần thử trước khi thiết bị bị khóa.",
        "Wrong PIN. One try left before the token locks.",
    ),
    "few": (
        "Mã PIN không đúng. Thiết bị sẽ bị khóa nếu nhập sai thêm vài lần.",
        "Wrong PIN. The token locks after a few more wrong tries.",
    ),
    "unknown": ("Mã PIN không đúng. Hãy nhập lại.", "Wrong PIN. Type it again."),
}


def language() -> str:
    lang = os.environ.get("VANTHU_LANG", "vi").lower()
    return "en" if lang.startswith("en") else "vi"


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def field_label(name: str, lang: str | None = None) -> str:
    lang = lang or language()
    return _pick(FIELDS[name], lang) if name in FIELDS else name


def describe(error: AppError, lang: str | None = None) -> str:
    """One line, in the user's language, naming what is wrong and where."""
    lang = lang or language()
    vi = lang == "vi"
    if isinstance(error, InvalidInput):
        data: dict[str, Any] = {k: ("" if v is None else v) for k, v in error.data.items()}
        expected = data.get("expected")
        data["expected_vi"] = f" (ví dụ {expected})" if expected else ""
        data["expected_en"] = f" (e.g. {expected})" if expected else ""
        data.setdefault("limit", "?")
        data.setdefault("length", "?")
        data.setdefault("reason", "")
        template = _pick(PROBLEMS.get(error.problem, ("không hợp lệ", "is invalid")), lang)
        try:
            problem = template.format(**data)
        except (KeyError, IndexError):
            problem = template
        text = problem if error.field == "line" else f"{field_label(error.field, lang)}: {problem}"
        if error.line is not None:
            text = (f"Dòng {error.line}: " if vi else f"Line {error.line}: ") + text
        return text
    if isinstance(error, DuplicateDocument):
        found = ", ".join(
            f"{m.notation} (số đến {m.number}, mã {m.document_id})"
            if vi
            else f"{m.notation} (arrival number {m.number}, id {m.document_id})"
            for m in error.matches
        )
        return (
            f"Văn bản này có thể đã được vào sổ: {found}. Dùng --force nếu vẫn muốn vào sổ."
            if vi
            else f"This document may already be registered: {found}. Use --force to register it anyway."
        )
    if isinstance(error, NotFound):
        what = {"document": ("văn bản", "document"), "register": ("sổ", "register")}.get(
            error.what, (error.what, error.what)
        )
        return (
            f"Không tìm thấy {what[0]} «{error.key}»."
            if vi
            else f"No {what[1]} «{error.key}» was found."
        )
    if isinstance(error, WorkspaceError):
        if error.problem == "not_initialised":
            return (
                f"Chưa có kho dữ liệu tại {error.path}. Hãy chạy: vanthu init --org-id … --org-name … --org-abbr …"
                if vi
                else f"No workspace at {error.path}. Run: vanthu init --org-id … --org-name … --org-abbr …"
            )
        if error.problem == "already_initialised":
            return (
                f"Kho dữ liệu tại {error.path} đã được khởi tạo; không thay đổi gì."
                if vi
                else f"The workspace at {error.path} already exists; nothing was changed."
            )
        return f"{error.problem}: {error.path}"
    if isinstance(error, StateError):
        if error.problem == "cancelled":
            return (
                "Văn bản đã bị hủy; không thể thay đổi thêm."
                if vi
                else "The document is cancelled; it cannot be changed."
            )
        return error.problem
    if isinstance(error, StorageError):
        reason = error.data.get("reason") or ""
        if error.problem == "database_busy":
            return (
                "Cơ sở dữ liệu đang bận (một chương trình khác đang ghi). Hãy thử lại."
                if vi
                else "The database is busy (another program is writing). Try again."
            )
        return (
            f"Lỗi lưu trữ ({error.problem}): {reason}. Dữ liệu chưa bị thay đổi."
            if vi
            else f"Storage error ({error.problem}): {reason}. Nothing was changed."
        )
    if error.code == "pin_incorrect":
        return _pick(
            PIN_INCORRECT.get(error.data.get("retries", ""), PIN_INCORRECT["unknown"]), lang
        )
    if error.code in BY_CODE:
        data = {k: ("" if v is None else v) for k, v in error.data.items()}
        try:
            return _pick(BY_CODE[error.code], lang).format(**data)
        except (KeyError, IndexError):
            return _pick(BY_CODE[error.code], lang)
    return f"{error.code}: {error.data}"


__all__ = [
    "FIELDS",
    "PROBLEMS",
    "STATUS_LABELS",
    "describe",
    "field_label",
    "language",
    "status_label",
]
