"""The words of signature validation reports (signing/report.py): verdicts, where a fact
comes from, and the reasons, by the code a ``Finding`` carries. Vietnamese first."""

from __future__ import annotations

from typing import Any

from app.messages import _pick, language

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
    "only_signatures_added": (
        "Sau chữ ký này chỉ có thêm chữ ký số và con dấu ({count}); các trang vẫn hiển thị như lúc ký.",
        "Only signatures and stamps were added after this signature ({count}); the pages look as they did when it was made.",
    ),
    "page_looks_different": (
        "Trang {page} hiển thị khác đi sau khi ký: nội dung trang đã bị sửa.",
        "Page {page} looks different after this signature: its content was changed.",
    ),
    "freed_object_in_use": (
        "Trang {page} dùng một thành phần đã bị xóa khỏi tệp sau khi ký: nội dung trang không còn như lúc ký.",
        "Page {page} uses a part of the file that was deleted after signing: the page is no longer what was signed.",
    ),
    "locked_field_changed": (
        "Ô «{field}» mà chữ ký này khóa lại đã bị sửa sau khi ký.",
        "The field «{field}», locked by this signature, was changed after signing.",
    ),
    "certification_forbids_changes": (
        "Chữ ký chứng nhận này không cho phép những thay đổi đã làm sau đó.",
        "This certification signature does not allow the changes made after it.",
    ),
    "certification_removed": (
        "Chữ ký này chứng nhận văn bản; một lần lưu sau đó đã bỏ phần chứng nhận (thường gặp khi cơ quan ký tiếp).",
        "This signature certified the document; a later revision removed the certification (usual when the organisation signs next).",
    ),
    "existed_before": (
        "Dấu thời gian của văn bản chứng minh chữ ký đã có từ trước {date}.",
        "A document timestamp proves the signature existed before {date}.",
    ),
    "issue_fields_filled": (
        "Số, ký hiệu và ngày ban hành được văn thư điền khi phát hành, kèm chữ ký của cơ quan.",
        "The number, symbol and date were filled in at issue, under the organisation's signature.",
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
    "issuer_missing": (
        "Thiếu chứng thư của tổ chức cấp «{issuer}» (mã khóa {key_id}) trong kho tin cậy; có tệp chứng thư này thì thêm trong Cài đặt › Chứng thư tin cậy và thu hồi (hoặc lệnh: vanthu trust add).",
        "The certificate of the issuing authority «{issuer}» (key id {key_id}) is not in the trust store; add it in Settings › Trust and revocation (or with: vanthu trust add).",
    ),
    "issuer_disabled": (
        "Chứng thư của tổ chức cấp «{issuer}» đã bị tắt trong kho tin cậy của máy này (bật lại trong Cài đặt › Chứng thư tin cậy và thu hồi, hoặc lệnh: vanthu trust add).",
        "The certificate of the issuing authority «{issuer}» is disabled in this trust store (enable it again in Settings › Trust and revocation, or with: vanthu trust add).",
    ),
    "untrusted_root": (
        "Chứng thư số thuộc tổ chức chứng thực gốc «{root}», chưa được tin cậy trên máy này (nếu tin cậy, thêm bằng lệnh: vanthu trust add).",
        "The certificate chains to the root «{root}», which is not trusted here (if you trust it, add it with: vanthu trust add).",
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


__all__ = [
    "REVOCATION_SOURCES",
    "SIGNATURE_FINDINGS",
    "TIME_SOURCES",
    "VERDICT_LABELS",
    "describe_finding",
    "verify_label",
]
