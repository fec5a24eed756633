"""The one place where errors become words, in Vietnamese (default) or English.

The CLI and the window both call ``describe(error)``; nothing else formats an error for a
person. Messages are short and say what to do next (docs/glossary.md)."""

from __future__ import annotations

import os
from typing import Any

from app.errors import (
    AppError,
    Cancelled,
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
    "group": ("Tên nhóm nơi nhận", "recipient group name"),
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
    # the outgoing lifecycle and the desk's values
    "number": ("Số đăng ký", "register number"),
    "register_id": ("Sổ đăng ký", "register"),
    "attach": ("Tệp đính kèm", "attachments"),
    "to": ("Nơi nhận (mã định danh)", "recipient organisation"),
    "version": ("Phiên bản tệp", "file version"),
    # the Settings (app/settings.py)
    "setting": ("Cài đặt", "setting"),
    "register_name": ("Tên sổ", "register name"),
    "tsa_url": ("Địa chỉ máy chủ cấp dấu thời gian", "timestamp authority address"),
    "ca_bundle": ("Tệp chứng thư CA của trục", "axis CA bundle"),
    "timeout": ("Thời gian chờ (giây)", "timeout (seconds)"),
    "module": ("Thư viện PKCS#11", "PKCS#11 module"),
    "language": ("Ngôn ngữ", "language"),
    "seal": ("Ảnh con dấu", "seal image"),
}

# Settings by key, as «… do quản trị viên đặt» names them (app/settings.py).
SETTING_LABELS: dict[str, tuple[str, str]] = {
    "org_id": ("Mã định danh cơ quan", "organisation identifier"),
    "org_name": ("Tên cơ quan", "organisation name"),
    "org_abbr": ("Tên viết tắt của cơ quan", "organisation abbreviation"),
    "org_place": ("Địa danh", "place name"),
    "registers": ("Sổ đăng ký", "registers"),
    "axis_endpoint": ("Địa chỉ trục liên thông", "axis address"),
    "axis_system_id": ("Mã hệ thống kết nối trục", "axis system id"),
    "axis_ca_bundle": ("Tệp chứng thư CA của trục", "axis CA bundle"),
    "axis_timeout": ("Thời gian chờ của trục", "axis timeout"),
    "axis_secret": ("Khóa bí mật của hệ thống", "system secret"),
    "pkcs11_modules": ("Thư viện PKCS#11", "PKCS#11 modules"),
    "tsa_url": ("Máy chủ cấp dấu thời gian", "timestamp authority"),
    "trust": ("Kho chứng thư tin cậy", "trust store"),
    "signature_image": ("Ảnh chữ ký", "signature image"),
    "seal_image": ("Ảnh con dấu", "seal image"),
    "language": ("Ngôn ngữ", "language"),
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
    "before_last_issued": (
        "{value_dmy} sớm hơn ngày của văn bản phát hành sau cùng trong sổ ({notation}, ngày"
        " {last_dmy}); số và ngày ban hành phải theo thứ tự thời gian, hãy chọn từ ngày"
        " {last_dmy} trở đi",
        "{value_dmy} is before the register's latest issued document ({notation}, dated"
        " {last_dmy}); numbers and issue dates follow each other in time, choose {last_dmy}"
        " or later",
    ),
    "unknown_field": (
        "không phải trường được hỗ trợ: «{value}»",
        "is not a supported field: «{value}»",
    ),
    "not_editable": ("không được sửa: «{value}»", "cannot be edited: «{value}»"),
    "register_place": (
        "không sửa được số, ký hiệu hay sổ của văn bản đã vào sổ (văn bản {value}); theo Nghị"
        " định 30/2020, hãy hủy văn bản đó rồi vào sổ lại",
        "the number, symbol or register of a registered document cannot be edited (document"
        " {value}); as Decree 30/2020 requires, cancel it and register it again",
    ),
    "not_settable": (
        "không đặt bằng tay được: «{value}» (chỉ: đã vào sổ, đã phân công, đang xử lý, hoàn"
        " thành, trả lại)",
        "cannot be set by hand: «{value}» (only registered, assigned, in progress, done, returned)",
    ),
    "own_organisation": (
        "là chính cơ quan mình ({value}); văn bản sẽ quay về thành văn bản đến của mình",
        "is this organisation itself ({value}); the document would come back as its own"
        " incoming document",
    ),
    "output_exists": ("đã có tệp: {value}", "already exists: {value}"),
    "not_a_folder": ("không phải thư mục: {value}", "is not a folder: {value}"),
    "same_name_twice": (
        "hai tệp cùng tên sẽ ghi đè nhau trong {value}",
        "two files of the same name would overwrite each other in {value}",
    ),
    "not_in_place": (
        "ký trực tiếp vào văn bản trong sổ chỉ dùng vai trò phê duyệt (approve); phát hành là"
        " một bước riêng của văn thư: «{value}»",
        "signing a register document in place is for the approval role only; issuing is the"
        " clerk's own step: «{value}»",
    ),
    "count_mismatch": ("số tệp không khớp: {value}", "the number of files does not match: {value}"),
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
    "no_entries": (
        "«{value}» không có văn bản nào trong thời gian đã chọn; không có gì để xuất",
        "«{value}» holds no documents in the chosen period; there is nothing to export",
    ),
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
        "thiết bị có nhiều chứng thư số, hãy chọn một: {value}",
        "the token holds several certificates, choose one: {value}",
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
        "«{value}» không phải địa chỉ nội bộ (127.0.0.1)",
        "«{value}» is not a loopback address (127.0.0.1)",
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
    # signing: stamps on free paper, files that cannot be opened
    "no_free_space": (
        "phần trên trang {value} không còn chỗ trống để ghi thông tin chữ ký số mà không đè lên"
        " nội dung; hãy chọn vị trí (trang và khung) cho nó",
        "the top of page {value} has no free room for the signature's text without covering"
        " the content; choose its place (a page and a box)",
    ),
    "not_a_ca": (
        "không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực (CA): {value}",
        "is not a certification authority's certificate: {value}",
    ),
    "not_png": ("không phải ảnh PNG: {value}", "is not a PNG image: {value}"),
    "not_pem": (
        "không phải tệp chứng thư dạng PEM (-----BEGIN CERTIFICATE-----): {value}",
        "is not a PEM certificate file (-----BEGIN CERTIFICATE-----): {value}",
    ),
    "io_error": ("không đọc được ({reason}): {value}", "cannot be read ({reason}): {value}"),
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
        "Văn bản chưa có chữ ký số hợp lệ của cơ quan; hãy ký phát hành trước.",
        "The document has no valid organisation signature; issue-sign it first.",
    ),
    "never_sent": (
        "Văn bản chưa từng được gửi qua Trục nên không có gì để thu hồi.",
        "The document was never sent over the axis: there is nothing to take back.",
    ),
    "not_issued": (
        "Văn bản chưa được phát hành nên chưa có số, ký hiệu.",
        "The document is not issued yet: it has no number.",
    ),
    "already_issued": (
        "Văn bản đã được phát hành ({notation}); không phát hành hay ký duyệt lại được.",
        "The document is issued already ({notation}); it cannot be issued or approved again.",
    ),
    "not_approved": (
        "Văn bản chưa được người có thẩm quyền ký duyệt; hãy ký duyệt trước khi phát hành.",
        "The document has not been signed by the official yet; approve it before issuing.",
    ),
    "changed_meanwhile": (
        "Văn bản vừa được thay đổi ở nơi khác trong lúc ký; chưa có gì được lưu, hãy thử lại.",
        "The document was changed elsewhere while it was being signed; nothing was stored,"
        " try again.",
    ),
    "number_taken": (
        "Số {number} vừa được cấp cho văn bản khác; hãy phát hành lại để lấy số tiếp theo.",
        "Number {number} was just given to another document; issue again to take the next.",
    ),
    "not_received": (
        "Văn bản này không nhận qua Trục liên thông nên không có nơi gửi để báo đã tiếp nhận.",
        "This document did not come over the axis: there is no sender to tell it was accepted.",
    ),
    "no_sender_request": (
        "Nơi gửi không có yêu cầu thu hồi, cập nhật hay thay thế nào đang chờ trả lời.",
        "The sender has no take-back, update or replacement waiting for an answer.",
    ),
    "issue_signed": (
        "Tệp đã có chữ ký phát hành của cơ quan; không ký phát hành lần thứ hai.",
        "The file already carries the organisation's issue signature; it is not issued twice.",
    ),
}

MATCH_REASONS: dict[str, tuple[str, str]] = {
    "number_symbol_issuer": (
        "trùng số, ký hiệu và cơ quan ban hành",
        "same number, symbol and issuer",
    ),
    "document_id": ("trùng mã định danh văn bản", "same document id"),
    "same_file": ("cùng tệp văn bản", "the very same file"),
}

STATUS_LABELS: dict[str, tuple[str, str]] = {
    "draft": ("Dự thảo", "Draft"),
    "approved": ("Đã ký duyệt", "Approved"),
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


ACTION_LABELS: dict[str, tuple[str, str]] = {
    "init": ("Khởi tạo kho dữ liệu", "Workspace created"),
    "register": ("Vào sổ", "Registered"),
    "draft": ("Tạo dự thảo", "Drafted"),
    "edit": ("Sửa thông tin", "Edited"),
    "assign": ("Phân công xử lý", "Assigned"),
    "status": ("Cập nhật trạng thái", "Status changed"),
    "cancel": ("Hủy", "Cancelled"),
    "sign": ("Ký số", "Signed"),
    "issue": ("Phát hành", "Issued"),
    "send": ("Gửi qua Trục", "Sent over the axis"),
    "receive": ("Nhận qua Trục", "Received over the axis"),
    "view": ("Xem", "Viewed"),
    "export": ("Xuất tệp", "Exported"),
    "attach": ("Đính kèm", "Attached"),
    "text_indexed": ("Trích xuất nội dung", "Text extracted"),
    "signatures_checked": ("Kiểm tra chữ ký số", "Signatures checked"),
    "settings": ("Thay đổi cài đặt", "Settings changed"),
    "baseline": ("Ghi nhận trạng thái", "State recorded"),
}


# The statuses of the national axis (edXML StatusCode), as a recipient reports them.
AXIS_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "01": ("đã đến", "arrived"),
    "02": ("bị từ chối", "rejected"),
    "03": ("đã tiếp nhận, vào sổ", "accepted and registered"),
    "04": ("đã phân công", "assigned"),
    "05": ("đang xử lý", "in progress"),
    "06": ("đã hoàn thành", "done"),
    "13": ("nơi gửi lấy lại", "taken back by the sender"),
    "15": ("đồng ý cập nhật/thu hồi", "agrees to the update/take-back"),
    "16": ("từ chối cập nhật/thu hồi", "refuses the update/take-back"),
}


def axis_status_label(code: str | None, lang: str | None = None) -> str:
    pair = AXIS_STATUS_LABELS.get(code or "")
    if pair is None:
        return "chưa có phản hồi" if (lang or language()) == "vi" else "no answer yet"
    return _pick(pair, lang or language())


def action_label(action: str, lang: str | None = None) -> str:
    pair = ACTION_LABELS.get(action)
    return _pick(pair, lang or language()) if pair else action


def status_label(status: str, lang: str | None = None) -> str:
    pair = STATUS_LABELS.get(status)
    return _pick(pair, lang or language()) if pair else status


# Errors of the other rooms, by their code (app/ does not import them).
STOPPED: dict[str, tuple[str, str]] = {  # Cancelled, by operation
    "register_export": (
        "Đã dừng xuất sổ; không có tệp nào bị ghi dở.",
        "The register export was stopped; nothing was half-written.",
    ),
    "": (
        "Đã dừng theo yêu cầu; không có gì bị làm dở.",
        "Stopped as asked; nothing was half-done.",
    ),
}
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
    # signing/errors.py: long-term signing needs the signer's chain in the trust store
    "issuer_not_trusted": (
        "Không ký được ở mức {level}: kho tin cậy chưa có chứng thư số của «{missing}» (mã khóa {key_id}), tổ chức đã cấp chứng thư «{certificate}», nên không kiểm tra được tình trạng thu hồi. Hãy thêm chứng thư đó vào kho tin cậy: Cài đặt › Chứng thư tin cậy và thu hồi (hoặc lệnh: vanthu trust add TỆP-CHỨNG-THƯ)",
        "Cannot sign at {level}: the trust store lacks the certificate of «{missing}» (key id {key_id}), which issued «{certificate}», so revocation cannot be checked. Add that certificate to the trust store: Settings › Trust and revocation (or: vanthu trust add CERTIFICATE-FILE)",
    ),
    "signing_error": (
        "Không ký được: {reason}",
        "Could not sign: {reason}",
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


def _dmy(value: Any) -> str:
    """ "2026-12-05" as "05/12/2026"; anything else as it is."""
    text = str(value)
    if len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit():
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


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
        for key in ("value", "last"):  # ISO dates as written in the office: dd/mm/yyyy
            data[f"{key}_dmy"] = _dmy(data.get(key, ""))
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
        found = "; ".join(
            f"{m.notation} (số đến {m.number}, mã {m.document_id} — {_pick(MATCH_REASONS.get(m.reason, (m.reason, m.reason)), lang)})"
            if vi
            else f"{m.notation} (arrival number {m.number}, id {m.document_id} — {_pick(MATCH_REASONS.get(m.reason, (m.reason, m.reason)), lang)})"
            for m in error.matches
        )
        return (
            f"Văn bản này có thể đã được vào sổ: {found}."
            if vi
            else f"This document may already be registered: {found}."
        )
    if isinstance(error, NotFound):
        what = {
            "document": ("văn bản", "document"),
            "register": ("sổ", "register"),
            "certificate": ("chứng thư số", "certificate"),
            "file": ("tệp của văn bản", "file of document"),
            "file_version": ("phiên bản tệp", "file version"),
        }.get(error.what, (error.what, error.what))
        return (
            f"Không tìm thấy {what[0]} «{error.key}»."
            if vi
            else f"No {what[1]} «{error.key}» was found."
        )
    if isinstance(error, WorkspaceError):
        if error.problem == "not_initialised":
            return (
                f"Chưa có kho dữ liệu tại {error.path}." if vi else f"No workspace at {error.path}."
            )
        if error.problem == "already_initialised":
            return (
                f"Kho dữ liệu tại {error.path} đã được khởi tạo; không thay đổi gì."
                if vi
                else f"The workspace at {error.path} already exists; nothing was changed."
            )
        if error.problem == "axis_not_configured":
            return (
                "Chưa cấu hình kết nối Trục liên thông."
                if vi
                else "The axis connection is not configured."
            )
        if error.problem == "axis_secret_missing":
            return (
                "Không tìm thấy mật khẩu kết nối Trục liên thông của kho này."
                if vi
                else "The axis secret of this workspace is missing."
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
        if not pair:
            return error.problem
        data = {k: ("" if v is None else v) for k, v in error.data.items()}
        try:
            return _pick(pair, lang).format(**data)
        except (KeyError, IndexError):
            return _pick(pair, lang)
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
    if isinstance(error, Cancelled):
        return _pick(STOPPED.get(error.operation, STOPPED[""]), lang)
    if error.code == "setting_locked":
        key = str(error.data.get("setting", ""))
        label = _pick(SETTING_LABELS.get(key, (key, key)), lang)
        return (
            f"«{label}» do quản trị viên đặt; không thay đổi được ở đây."
            if vi
            else f"«{label}» is set by the administrator; it cannot be changed here."
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
    "ACTION_LABELS",
    "AXIS_STATUS_LABELS",
    "FIELDS",
    "PROBLEMS",
    "SETTING_LABELS",
    "STATUS_LABELS",
    "action_label",
    "axis_status_label",
    "describe",
    "field_label",
    "language",
    "status_label",
]
