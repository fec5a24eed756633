"""The words of edXML packages (sync/edxml/): what the lenient reader repaired and what
``vanthu edxml parse`` shows. Vietnamese first."""

from __future__ import annotations

from app.messages import _pick, language

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


__all__ = ["EDXML_LABELS", "EDXML_REPAIRS", "describe_repair", "edxml_label"]
