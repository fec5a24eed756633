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
    "offset": ("Vị trí bắt đầu", "starting row"),
    "sort": ("Cột sắp xếp", "sort column"),
    "cursor": ("Vị trí trang (cursor)", "page position (cursor)"),
    "direction": ("Chiều văn bản (đến, đi)", "direction (incoming, outgoing)"),
    "copy_form": ("Hình thức sao", "copy form"),
    "stamp_text": ("Nội dung hiển thị của chữ ký số", "text of the signature"),
    "place": ("Địa danh", "place name"),
    # the exchange room (sync/): the axis client and the local axis
    "system_id": ("Mã hệ thống kết nối trục", "axis system id"),
    "secret": ("Khóa bí mật của hệ thống", "system secret"),
    "host": ("Địa chỉ lắng nghe", "listening address"),
    "port": ("Cổng", "port"),
    "endpoint": ("Địa chỉ trục liên thông", "axis address"),
    "agencies": ("Tệp danh mục cơ quan", "agency directory file"),
    "msgid": ("Mã gói tin gửi (msgid)", "message id (msgid)"),
    "message_type": ("Loại gói tin", "message type"),
    "fail_rate": ("Tỉ lệ lỗi giả lập", "injected failure rate"),
    "drop_after_receive": ("Tỉ lệ ngắt kết nối giả lập", "injected drop rate"),
    "delay": ("Độ trễ giả lập", "injected delay"),
    # edXML packages (sync/edxml/)
    "edxml": ("Gói tin edXML", "edXML package"),
    "attachment": ("Tệp đính kèm", "attachment"),
    "business_doc_type": ("Loại nghiệp vụ (mới, thu hồi, cập nhật, thay thế)", "business kind"),
    "replacement": ("Văn bản bị thay thế", "replaced document"),
    "response_for": ("Văn bản được trả lời", "document answered"),
    "trace": ("Vết xử lý (TraceHeader)", "trace header"),
    "timestamp": ("Thời điểm", "time"),
    "description": ("Mô tả", "description"),
    "content": ("Nội dung tóm tắt", "summary"),
    "page_amount": ("Số trang", "number of pages"),
    "staff": ("Cán bộ xử lý", "officer"),
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
    "other_sort": (
        "thuộc cách sắp xếp khác («{value}»): hãy bắt đầu lại từ trang đầu",
        "belongs to another sort («{value}»): start again from the first page",
    ),
    "both_directions": (
        "chỉ được cho trang sau hoặc trang trước, không cả hai",
        "give the page after or the page before, not both",
    ),
    "with_cursor": (
        "chỉ dùng được theo thứ tự sổ, giảm dần, không cùng vị trí trang hay cách sắp xếp khác",
        "works in the register order, descending, only: not with a page position or another sort",
    ),
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
    "too_short": ("quá ngắn (ít nhất {limit} ký tự)", "is too short (at least {limit} characters)"),
    "not_loopback": (
        "«{value}» không phải địa chỉ nội bộ (127.0.0.1); thêm --allow-remote nếu thật sự muốn mở ra mạng",
        "«{value}» is not a loopback address (127.0.0.1); add --allow-remote to really open it to the network",
    ),
    "not_a_certificate": (
        "không phải tệp chứng thư số (X.509, dạng DER hoặc PEM): {value}",
        "is not a certificate file (X.509, DER or PEM): {value}",
    ),
    "ambiguous_fingerprint": (
        "dấu vân tay «{value}» khớp nhiều chứng thư; hãy nhập dài hơn",
        "fingerprint «{value}» matches several certificates; type more of it",
    ),
    "not_approved": (
        "chưa có chữ ký số của người có thẩm quyền: văn thư chỉ ký phát hành sau khi lãnh đạo ký",
        "has no official's signature yet: the clerk issues only after the official has signed",
    ),
    "approval_invalid": (
        "chữ ký số của người có thẩm quyền không còn nguyên vẹn hoặc không hợp lệ",
        "the official's signature is not intact or not valid",
    ),
    "approval_invisible": (
        "chữ ký của người có thẩm quyền không có hình ảnh để đóng dấu lên",
        "the official's signature has no image to put the seal on",
    ),
    "not_outgoing": (
        "không phải văn bản đi (số, ký hiệu chỉ lấy từ sổ văn bản đi)",
        "is not an outgoing document (the number is taken from the outgoing register)",
    ),
    "same_as_input": (
        "trùng với tệp gốc: hãy chọn thư mục khác để không ghi đè văn bản chưa ký",
        "is the input itself: choose another folder so the unsigned file is kept",
    ),
    "number_place_not_found": (
        "không tìm thấy dòng «Số: …/…» trong văn bản để ghi số, ký hiệu",
        "the document has no «Số: …/…» line to write the number on",
    ),
    "date_place_not_found": (
        "không tìm thấy dòng «ngày … tháng … năm …» cạnh dòng số, ký hiệu để ghi ngày ban hành",
        "the document has no «ngày … tháng … năm …» line beside the number to write the date on",
    ),
    "unsupported_character": (
        "có ký tự phông chữ không hiển thị được: «{value}»",
        "has a character the font cannot show: «{value}»",
    ),
    # edXML packages (sync/edxml/)
    "doctype_forbidden": (
        "có khai báo DOCTYPE/ENTITY, bị từ chối vì lý do an toàn",
        "declares a DOCTYPE or entities; refused for safety",
    ),
    "too_large": ("quá lớn (tối đa {limit} byte)", "is too large (at most {limit} bytes)"),
    "text_too_large": (
        "có quá nhiều chữ ngoài tệp đính kèm (tối đa {limit} ký tự)",
        "holds too much text outside its attachments (at most {limit} characters)",
    ),
    "too_many": ("có quá nhiều phần (tối đa {limit})", "has too many parts (at most {limit})"),
    "too_deep": ("lồng nhau quá sâu (tối đa {limit} tầng)", "is nested too deep (at most {limit})"),
    "markup_too_large": (
        "có một thẻ, chú thích hoặc khối CDATA quá dài (tối đa {limit} byte)",
        "holds a tag, comment or CDATA section that is too long (at most {limit} bytes)",
    ),
    "wrong_namespace": (
        "không thuộc không gian tên của QCVN 102:2016: «{value}»",
        "is not in the QCVN 102:2016 namespace: «{value}»",
    ),
    "not_edxml": ("không phải gói tin edXML (gốc «{value}»)", "is not edXML (root «{value}»)"),
    "truncated": ("bị cắt cụt, thiếu phần cuối", "is truncated: its end is missing"),
    "malformed_xml": ("không phải XML hợp lệ ({reason})", "is not well-formed XML ({reason})"),
    "no_message_header": (
        "không có phần MessageHeader: không phải thông điệp edXML",
        "has no MessageHeader: not an edXML message",
    ),
    "base64_invalid": (
        "«{value}»: nội dung mã hóa base64 bị hỏng",
        "«{value}»: the base64 content is damaged",
    ),
    "zip_bomb": (
        "«{value}»: tệp nén giải ra quá lớn so với kích thước nén (nghi là bom nén)",
        "«{value}»: unzips to far more than its size (a zip bomb?)",
    ),
    "zip_entries": (
        "«{value}»: tệp nén chứa {count} mục, chỉ được đúng một tệp",
        "«{value}»: the zip holds {count} entries; exactly one file is allowed",
    ),
    "zip_unsafe_entry": (
        "«{value}»: tệp nén chứa đường dẫn vượt ra ngoài thư mục",
        "«{value}»: the zip holds a path that climbs out of its folder",
    ),
    "zip_damaged": (
        "«{value}»: tệp nén bị hỏng hoặc có mật khẩu",
        "«{value}»: the zip is damaged or password-protected",
    ),
    "unsafe_name": (
        "tên tệp không dùng được: «{value}»",
        "the file name cannot be used: «{value}»",
    ),
}


STATE_PROBLEMS: dict[str, tuple[str, str]] = {
    "not_outgoing": (
        "Chỉ gửi được văn bản đi qua Trục.",
        "Only outgoing documents can be sent over the axis.",
    ),
    "not_incoming": (
        "Chỉ trả lời trạng thái cho văn bản đến.",
        "Statuses answer incoming documents only.",
    ),
    "secret_not_sendable": (
        "Văn bản mật không được gửi qua Trục liên thông.",
        "State-secret documents are never sent over the axis.",
    ),
    "not_signed": (
        "Văn bản chưa có chữ ký số hợp lệ của cơ quan; hãy ký phát hành trước, hoặc dùng"
        " --allow-unsigned nếu thật sự cần gửi.",
        "The document has no valid organisation signature; issue-sign it first, or use"
        " --allow-unsigned if it must go as it is.",
    ),
    "never_sent": (
        "Văn bản chưa từng được gửi qua Trục nên không có gì để thu hồi.",
        "The document was never sent over the axis: there is nothing to take back.",
    ),
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
    # sync/errors.py: the axis (transient ones say they will be retried)
    "sync_error": (
        "Lỗi liên thông ({operation}): {reason}",
        "Exchange error ({operation}): {reason}",
    ),
    "axis_unreachable": (
        "Không kết nối được trục liên thông ({reason}) khi thực hiện {operation}. Không mất dữ liệu; sẽ tự động thử lại.",
        "Could not reach the axis ({reason}) for {operation}. Nothing is lost; it will be retried.",
    ),
    "axis_protocol": (
        "Trục liên thông trả lời không đúng giao thức khi thực hiện {operation} ({reason}). Sẽ tự động thử lại; nếu còn lặp lại, hãy kiểm tra địa chỉ trục.",
        "The axis answered {operation} outside the protocol ({reason}). It will be retried; if this persists, check the axis address.",
    ),
    "axis_auth_failed": (
        "Trục liên thông không chấp nhận xác thực của hệ thống ({reason}). Hãy kiểm tra mã hệ thống và khóa bí mật.",
        "The axis does not accept this system's credentials ({reason}). Check the system id and the secret.",
    ),
    "axis_clock_skew": (
        "Trục liên thông từ chối yêu cầu vì đồng hồ của máy tính này lệch quá nhiều. Hãy chỉnh lại ngày giờ rồi thử lại.",
        "The axis refused the request because this computer's clock is too far off. Set the date and time right, then try again.",
    ),
    "axis_certificate": (
        "Không xác minh được chứng thư TLS của trục liên thông {endpoint}; chưa gửi gì. Hãy kiểm tra địa chỉ trục và tệp chứng thư CA.",
        "The TLS certificate of the axis {endpoint} could not be verified; nothing was sent. Check the axis address and the CA bundle.",
    ),
    "axis_rejected": (
        "Trục liên thông từ chối {operation}: {error_code} {error_desc}. Gửi lại y nguyên sẽ không được; hãy kiểm tra nơi nhận hoặc gói tin.",
        "The axis refused {operation}: {error_code} {error_desc}. Sending it again unchanged will not help; check the recipients or the package.",
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
        what = {
            "document": ("văn bản", "document"),
            "register": ("sổ", "register"),
            "certificate": ("chứng thư số", "certificate"),
        }.get(error.what, (error.what, error.what))
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
        if error.problem == "axis_not_configured":
            return (
                "Chưa cấu hình kết nối Trục liên thông. Hãy chạy: vanthu axis config --endpoint URL"
                " --system-id MÃ --secret-stdin"
                if vi
                else "The axis connection is not configured. Run: vanthu axis config --endpoint"
                " URL --system-id ID --secret-stdin"
            )
        if error.problem == "axis_secret_missing":
            return (
                "Không tìm thấy mật khẩu kết nối Trục liên thông của kho này. Hãy chạy lại: vanthu"
                " axis config … --secret-stdin"
                if vi
                else "The axis secret of this workspace is missing. Run again: vanthu axis config"
                " … --secret-stdin"
            )
        return f"{error.problem}: {error.path}"
    if isinstance(error, StateError):
        if error.problem == "cancelled":
            return (
                "Văn bản đã bị hủy; không thể thay đổi thêm."
                if vi
                else "The document is cancelled; it cannot be changed."
            )
        pair = STATE_PROBLEMS.get(error.problem)
        return _pick(pair, "vi" if vi else "en") if pair else error.problem
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


# Signature validation (signing/report.py): verdicts, where a fact comes from, and the
# reasons, by the code a ``Finding`` carries. ``{date}`` values are datetimes.
VERDICT_LABELS: dict[str, tuple[str, str]] = {
    "valid": ("HỢP LỆ", "VALID"),
    "valid_with_warnings": ("HỢP LỆ, CÓ LƯU Ý", "VALID, WITH WARNINGS"),
    "invalid": ("KHÔNG HỢP LỆ", "INVALID"),
    "indeterminate": ("CHƯA XÁC ĐỊNH ĐƯỢC", "INDETERMINATE"),
    "unsigned": ("KHÔNG CÓ CHỮ KÝ SỐ", "NOT SIGNED"),
}
REVOCATION_SOURCES: dict[str, tuple[str, str]] = {
    "dss": ("dữ liệu kiểm tra kèm trong tệp", "the validation data inside the file"),
    "cache": ("dữ liệu đã lưu trên máy", "data saved on this computer"),
    "network": ("tra cứu trực tuyến", "checked online"),
    "none": ("chưa kiểm tra", "not checked"),
}
TIME_SOURCES: dict[str, tuple[str, str]] = {
    "timestamp": ("theo dấu thời gian", "proven by a timestamp"),
    "claimed": ("do phần mềm ký tự ghi, chưa được chứng minh", "claimed by the signer, not proven"),
}
SIGNATURE_FINDINGS: dict[str, tuple[str, str]] = {
    "empty_file": ("Tệp rỗng, không có gì để kiểm tra.", "The file is empty."),
    "not_pdf": ("Tệp không phải là tệp PDF.", "The file is not a PDF."),
    "damaged_pdf": (
        "Tệp PDF bị hỏng, không đọc được các chữ ký số ({detail}).",
        "The PDF is damaged; its signatures cannot be read ({detail}).",
    ),
    "encrypted_pdf": (
        "Tệp PDF có mật khẩu, không kiểm tra được chữ ký số.",
        "The PDF is password-protected; its signatures cannot be checked.",
    ),
    "no_signatures": ("Tệp không có chữ ký số nào.", "The file has no digital signature."),
    "signature_damaged": (
        "Dữ liệu của chữ ký số bị hỏng, không đọc được ({detail}).",
        "The signature's data is damaged and cannot be read ({detail}).",
    ),
    "obsolete_subfilter": (
        "Chữ ký số kiểu cũ «{subfilter}» (SHA-1), không còn được chấp nhận.",
        "Old signature type «{subfilter}» (SHA-1): no longer acceptable.",
    ),
    "unsupported_subfilter": (
        "Kiểu chữ ký số «{subfilter}» không được hỗ trợ.",
        "Signature type «{subfilter}» is not supported.",
    ),
    "weak_digest": (
        "Chữ ký số dùng thuật toán băm {algorithm}, không còn an toàn.",
        "The signature uses the {algorithm} digest, which is no longer safe.",
    ),
    "weak_key": (
        "Khóa của người ký chỉ dài {bits} bit (cần ít nhất 2048 bit).",
        "The signer's key is only {bits} bits long (at least 2048 are needed).",
    ),
    "weak_algorithm": (
        "Chữ ký số hoặc chứng thư số dùng thuật toán không còn an toàn.",
        "The signature or a certificate uses an algorithm that is no longer safe.",
    ),
    "modified": (
        "Tệp đã bị sửa sau khi ký: phần được ký không còn khớp với chữ ký số.",
        "The file was changed after signing: the signed bytes no longer match.",
    ),
    "bad_signature": (
        "Giá trị chữ ký số không đúng với khóa của chứng thư số.",
        "The signature value does not match the certificate's key.",
    ),
    "coverage_partial": (
        "Chữ ký số không bao trùm toàn bộ phiên bản văn bản được ký.",
        "The signature does not cover the whole revision it signs.",
    ),
    "page_content_changed": (
        "Nội dung trang văn bản đã bị sửa sau khi ký.",
        "The content of the pages was changed after signing.",
    ),
    "later_signatures": (
        "Sau chữ ký này có thêm {count} chữ ký số hoặc dấu thời gian (bình thường).",
        "{count} signature(s) or timestamp(s) were added after this one (normal).",
    ),
    "form_filled": (
        "Sau khi ký, các ô của biểu mẫu đã được điền thêm.",
        "Form fields were filled in after signing.",
    ),
    "annotations_changed": (
        "Sau khi ký, ghi chú trên trang đã được thêm hoặc sửa; nội dung trang không đổi.",
        "Annotations were added or changed after signing; the page content is unchanged.",
    ),
    "other_changes": (
        "Sau khi ký, tệp có thay đổi khác; nội dung trang không đổi.",
        "The file was changed in other ways after signing; the page content is unchanged.",
    ),
    "changes_unchecked": (
        "Không phân tích được các thay đổi sau khi ký.",
        "The changes made after signing could not be analysed.",
    ),
    "revoked": (
        "Chứng thư số đã bị thu hồi từ {date}.",
        "The certificate was revoked on {date}.",
    ),
    "revoked_after_signing": (
        "Chứng thư số đã bị thu hồi ngày {date}, sau thời điểm ký mà dấu thời gian chứng minh.",
        "The certificate was revoked on {date}, after the signing time the timestamp proves.",
    ),
    "untrusted_chain": (
        "Chứng thư số không do tổ chức chứng thực được tin cậy cấp (chuỗi chứng thư không tin cậy).",
        "The certificate does not chain to a trusted certification authority.",
    ),
    "expired_no_timestamp": (
        "Chứng thư số đã hết hạn ngày {date} và không có dấu thời gian chứng minh chữ ký được tạo trước đó.",
        "The certificate expired on {date} and no timestamp proves the signature was made before.",
    ),
    "expired_at_signing": (
        "Chứng thư số đã hết hạn ({date}) tại thời điểm dấu thời gian xác nhận.",
        "The certificate had expired ({date}) at the time the timestamp proves.",
    ),
    "not_yet_valid": (
        "Chứng thư số chưa có hiệu lực (từ {date}) tại thời điểm ký.",
        "The certificate was not yet valid (valid from {date}) at signing time.",
    ),
    "revocation_unavailable": (
        "Thiếu dữ liệu để kiểm tra tình trạng thu hồi của chứng thư số.",
        "Revocation data needed to check the certificate is missing.",
    ),
    "chain_problem": (
        "Không xác thực được chuỗi chứng thư số ({detail}).",
        "The certificate chain could not be validated ({detail}).",
    ),
    "sha1_in_chain": (
        "Chuỗi chứng thư dùng thuật toán SHA-1 (chứng thư «{name}», hệ thống G1 cũ).",
        "The certificate chain uses SHA-1 (certificate «{name}», the old G1 system).",
    ),
    "expired_since": (
        "Chứng thư số đã hết hạn ngày {date}, sau thời điểm ký mà dấu thời gian chứng minh.",
        "The certificate expired on {date}, after the signing time the timestamp proves.",
    ),
    "timestamp_invalid": (
        "Dấu thời gian của chữ ký số không hợp lệ.",
        "The signature's timestamp is not valid.",
    ),
    "timestamp_untrusted": (
        "Dấu thời gian không do đơn vị được tin cậy cấp; thời điểm ký chưa được chứng minh.",
        "The timestamp is not from a trusted authority; the signing time is not proven.",
    ),
    "claimed_time_mismatch": (
        "Thời gian ký do phần mềm ký ghi lệch {hours} giờ so với dấu thời gian.",
        "The signing time written by the signing software is {hours} h off the timestamp.",
    ),
    "revocation_unchecked": (
        "Chưa kiểm tra được chứng thư số có bị thu hồi hay không (không có dữ liệu).",
        "Whether the certificate was revoked could not be checked (no data).",
    ),
    "revocation_stale": (
        "Dữ liệu thu hồi hiện có (ngày {date}) đã hết hạn dùng.",
        "The revocation data at hand (of {date}) is out of date.",
    ),
    "revocation_fetch_failed": (
        "Không kết nối được máy chủ kiểm tra thu hồi: {urls}.",
        "Could not reach the revocation service: {urls}.",
    ),
}


def _finding_value(value: Any, lang: str) -> str:
    import datetime as _dt

    if isinstance(value, _dt.datetime):
        from app.clock import VN_TZ

        local = (value if value.tzinfo else value.replace(tzinfo=_dt.UTC)).astimezone(VN_TZ)
        return local.strftime("%d/%m/%Y %H:%M" if lang == "vi" else "%Y-%m-%d %H:%M")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float) and lang == "vi":
        return f"{value:g}".replace(".", ",")
    return "" if value is None else str(value)


def describe_finding(code: str, data: dict[str, Any] | None = None, lang: str | None = None) -> str:
    """One sentence for a validation finding (signing/report.py ``Finding``)."""
    lang = lang or language()
    pair = SIGNATURE_FINDINGS.get(code)
    if pair is None:
        return code
    values = {k: _finding_value(v, lang) for k, v in (data or {}).items()}
    try:
        return _pick(pair, lang).format(**values)
    except (KeyError, IndexError):
        return _pick(pair, lang).split(" (")[0].rstrip(".") + "."


def verify_label(group: str, key: str | None, lang: str | None = None) -> str:
    """Words for a verdict (``group`` "verdict"), a revocation source ("revocation") or a
    signing time source ("time")."""
    table = {"verdict": VERDICT_LABELS, "revocation": REVOCATION_SOURCES, "time": TIME_SOURCES}
    pair = table[group].get(key or "")
    return _pick(pair, lang or language()) if pair else (key or "")


# edXML (sync/edxml/): what the lenient reader repaired, by ``Repair.code``, and the words of
# ``vanthu edxml parse``.
EDXML_REPAIRS: dict[str, tuple[str, str]] = {
    "date_format": ("{where}: ngày «{value}» được đọc theo dạng chuẩn", "{where}: date «{value}» read in the standard form"),
    "date_unreadable": ("{where}: không đọc được ngày «{value}», để trống", "{where}: unreadable date «{value}», left empty"),
    "number_unreadable": ("{where}: không đọc được «{value}», dùng giá trị mặc định", "{where}: unreadable «{value}», default used"),
    "missing": ("{where}: không có, để trống", "{where}: missing, left empty"),
    "duplicate_element": ("{where}: có {value} lần, dùng lần đầu", "{where}: given {value} times, the first used"),
    "element_ignored": ("{where}: ngoài chuẩn, bỏ qua", "{where}: not in the standard, ignored"),
    "misplaced_element": ("{where}: không đúng vị trí, vẫn đọc", "{where}: out of place, read anyway"),
    "nested_organ": ("{where}: thông tin cơ quan lồng trong «{value}», vẫn đọc", "{where}: organisation nested in «{value}», read anyway"),
    "document_id_derived": ("{where}: trống, lập lại thành «{value}»", "{where}: empty, rebuilt as «{value}»"),
    "status_code_padded": ("{where}: mã «{value}» hiểu là «0{value}»", "{where}: code «{value}» read as «0{value}»"),
    "content_id_prefix": ("«{where}»: ContentId viết khác nhau ({value}), đã đối chiếu", "«{where}»: ContentId written differently ({value}), matched"),
    "attachment_unzipped": ("«{where}»: gửi dạng nén, đã giải nén ({value})", "«{where}»: sent zipped, unzipped ({value})"),
    "zip_declared_not_zip": ("«{where}»: ghi là tệp nén ({value}) nhưng không phải, giữ nguyên", "«{where}»: declared {value} but not a zip, kept as is"),
    "attachment_not_encoded": ("«{where}»: chỉ có chữ mô tả, không có nội dung tệp; bỏ qua", "«{where}»: holds descriptive text, not a file; skipped"),
    "attachment_empty": ("«{where}»: không có nội dung; bỏ qua", "«{where}»: no content; skipped"),
    "attachment_name_sanitised": ("tên tệp «{value}» không an toàn, đổi thành «{where}»", "unsafe file name «{value}» changed to «{where}»"),
    "attachment_unreferenced": ("«{where}»: không có trong danh mục tệp (manifest), vẫn nhận", "«{where}»: not in the manifest, kept"),
    "attachment_missing": ("«{where}»: có trong danh mục nhưng không kèm tệp", "«{where}»: in the manifest but not attached"),
    "base64_padding": ("«{where}»: mã base64 thiếu ký tự đệm cuối, đã bổ sung", "«{where}»: base64 padding was missing, added"),
}  # fmt: skip
EDXML_LABELS: dict[str, tuple[str, str]] = {
    "edoc": ("Văn bản điện tử", "Electronic document"),
    "business_0": ("Văn bản điện tử mới", "New electronic document"),
    "business_1": ("Thu hồi văn bản", "Revocation of a document"),
    "business_2": ("Cập nhật văn bản", "Update of a document"),
    "business_3": ("Thay thế văn bản", "Replacement of a document"),
    "status_message": ("Thông báo trạng thái xử lý văn bản", "Document status notice"),
    "status_01": ("Đã đến", "Arrived"),
    "status_02": ("Từ chối tiếp nhận", "Rejected"),
    "status_03": ("Đã tiếp nhận", "Accepted and registered"),
    "status_04": ("Phân công", "Assigned"),
    "status_05": ("Đang xử lý", "In progress"),
    "status_06": ("Hoàn thành", "Done"),
    "status_13": ("Lấy lại văn bản", "Taken back by the sender"),
    "status_15": ("Đồng ý", "Agreed"),
    "status_16": ("Từ chối", "Refused"),
    "code": ("Số, ký hiệu", "Number and symbol"),
    "document_id": ("Mã văn bản", "Document id"),
    "subject": ("Trích yếu", "Subject"),
    "from": ("Nơi gửi", "From"),
    "to": ("Nơi nhận", "To"),
    "promulgation": ("Nơi, ngày ban hành", "Place and date"),
    "doc_type": ("Loại văn bản", "Type"),
    "signer": ("Người ký", "Signed by"),
    "due_date": ("Hạn xử lý", "Due"),
    "reason": ("Lý do", "Reason"),
    "response_for": ("Trả lời văn bản", "In reply to"),
    "replaces": ("Thay thế văn bản", "Replaces"),
    "status": ("Trạng thái", "Status"),
    "description": ("Nội dung", "Description"),
    "timestamp": ("Thời điểm", "Time"),
    "staff": ("Cán bộ", "Officer"),
    "attachment": ("Tệp đính kèm", "Attachment"),
    "signed": ("Phần đầu gói tin có chữ ký số (chưa kiểm tra)", "The header carries a digital signature (not checked)"),
    "repairs": ("Đã tự sửa khi đọc", "Repaired while reading"),
    "written": ("Đã ghi gói tin edXML", "edXML package written"),
}  # fmt: skip


def describe_repair(code: str, where: str, value: str = "", lang: str | None = None) -> str:
    """One line for a ``sync.edxml.Repair``."""
    pair = EDXML_REPAIRS.get(code)
    if pair is None:
        return f"{where}: {code} {value}".strip()
    return _pick(pair, lang or language()).format(where=where, value=value)


def edxml_label(key: str, lang: str | None = None, default: str | None = None) -> str:
    pair = EDXML_LABELS.get(key)
    return _pick(pair, lang or language()) if pair else (key if default is None else default)


__all__ = [
    "EDXML_LABELS",
    "EDXML_REPAIRS",
    "FIELDS",
    "PROBLEMS",
    "REVOCATION_SOURCES",
    "SIGNATURE_FINDINGS",
    "STATUS_LABELS",
    "TIME_SOURCES",
    "VERDICT_LABELS",
    "describe",
    "describe_finding",
    "describe_repair",
    "edxml_label",
    "field_label",
    "language",
    "status_label",
    "verify_label",
]
