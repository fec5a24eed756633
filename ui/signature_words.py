"""Words and colours of signature validation reports in the window (the signature panel and
its details dialog). The verdicts, reasons and sources are those of app/messages_verify.py,
the words `vanthu verify` prints; what only the window shows (revision classes, key usages,
levels, roles in a chain) is worded here, through ``tr``.

Reports arrive as JSON (``ValidationReport.as_json`` as kept in ``StoredReport.report`` or
printed by ``vanthu verify --json``): dates are ISO strings, findings are flat dicts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from app.clock import VN_TZ
from app.messages import language
from app.messages_verify import describe_finding, verify_label

VALID, WARNINGS, INVALID, INDETERMINATE, UNSIGNED = (
    "valid",
    "valid_with_warnings",
    "invalid",
    "indeterminate",
    "unsigned",
)
PALETTE_EVENTS = (
    QEvent.Type.PaletteChange,
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.StyleChange,
)
SEVERITY_ORDER = {"invalid": 0, "indeterminate": 1, "warning": 2, "info": 3}
# Not by colour alone: every badge also carries a glyph and the verdict in words.
GLYPHS = {VALID: "✓", WARNINGS: "!", INVALID: "✗", INDETERMINATE: "?", UNSIGNED: "–"}


@dataclass(frozen=True)
class BadgeColours:
    text: str
    background: str
    border: str


# (light palette, dark palette): dark text on a pale tint, light text on a deep one; every
# pair reads at a contrast of at least 7:1.
COLOURS: dict[str, tuple[BadgeColours, BadgeColours]] = {
    VALID: (BadgeColours("#0b4d1f", "#d5f0dc", "#4f9d63"),
            BadgeColours("#d4f5dc", "#1d4a2a", "#4fae6a")),
    WARNINGS: (BadgeColours("#5c3d00", "#fdeec4", "#c79a2b"),
               BadgeColours("#ffe9b0", "#553f06", "#c9a03a")),
    INVALID: (BadgeColours("#7d1309", "#fbdedb", "#d0574a"),
              BadgeColours("#ffd6d1", "#5b1d18", "#d9685b")),
    INDETERMINATE: (BadgeColours("#33373d", "#e4e6e9", "#8b9098"),
                    BadgeColours("#e3e5e9", "#3a3e45", "#8d939c")),
}  # fmt: skip
COLOURS[UNSIGNED] = COLOURS[INDETERMINATE]

DIGESTS = {"sha1": "SHA-1", "sha224": "SHA-224", "sha256": "SHA-256", "sha384": "SHA-384",
           "sha512": "SHA-512", "sha3_256": "SHA3-256", "sha3_512": "SHA3-512", "md5": "MD5"}  # fmt: skip
SIGNATURE_ALGOS = {"rsassa_pkcs1v15": "RSA (PKCS#1 v1.5)", "rsassa_pss": "RSA-PSS",
                   "ecdsa": "ECDSA", "ed25519": "Ed25519", "ed448": "Ed448", "dsa": "DSA"}  # fmt: skip


def is_dark_palette(widget: QWidget | None = None) -> bool:
    """Whether the application's palette is dark (the widget's own palette is not asked:
    a style sheet that colours a badge changes it)."""
    palette = QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def colours(verdict: str, dark: bool) -> BadgeColours:
    pair = COLOURS.get(verdict, COLOURS[INDETERMINATE])
    return pair[1] if dark else pair[0]


def parse_time(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def when(value: Any, seconds: bool = False) -> str:
    """A time as `vanthu verify` prints it: ``04/12/2026 23:07 (+07:00)``; "—" when absent."""
    moment = parse_time(value)
    if moment is None:
        return "—" if not value else str(value)
    fmt = ("%Y-%m-%d %H:%M" if language() == "en" else "%d/%m/%Y %H:%M") + (
        ":%S" if seconds else ""
    )
    return moment.astimezone(VN_TZ).strftime(fmt) + " (+07:00)"


def verdict_words(verdict: str) -> str:
    return verify_label("verdict", verdict)


def finding_sentence(finding: dict[str, Any]) -> str:
    """One reason in plain words (app/messages_verify.describe_finding), from its JSON form:
    the times it names come back as datetimes so that they are worded as the CLI words them."""
    data = {k: v for k, v in finding.items() if k not in ("code", "severity")}
    data = {k: parse_time(v) or v for k, v in data.items()}
    return describe_finding(str(finding.get("code", "")), data)


def reasons(signature: dict[str, Any]) -> list[tuple[str, str]]:
    """(severity, sentence) of a signature's findings, the weightiest first, plain notes
    last (as ``SignatureReport.reasons``)."""
    findings = [f for f in signature.get("findings") or [] if isinstance(f, dict)]
    findings.sort(key=lambda f: SEVERITY_ORDER.get(str(f.get("severity")), 9))
    if findings:
        return [(str(f.get("severity", "")), finding_sentence(f)) for f in findings]
    # a report without findings data (older or foreign): its sentences as they were written
    return [("", str(r)) for r in signature.get("reasons") or []]


def is_unsigned(report: dict[str, Any]) -> bool:
    problems = report.get("problems") or []
    return not report.get("signatures") and not any(
        p.get("severity") == "invalid" for p in problems if isinstance(p, dict)
    )


def hex_groups(value: str | None, size: int = 2) -> str:
    """``AB:CD:…`` for a fingerprint or serial."""
    if not value:
        return "—"
    text = value.upper()
    return ":".join(text[i : i + size] for i in range(0, len(text), size))


class SignatureWords(QObject):
    """What only the window words (its strings go through ``tr``, context SignatureWords)."""

    def kind(self, signature: dict[str, Any]) -> str:
        if signature.get("kind") == "timestamp":
            return self.tr("Dấu thời gian")
        return self.tr("Chữ ký")

    def who_label(self, signature: dict[str, Any]) -> str:
        if signature.get("kind") == "timestamp":
            return self.tr("Đơn vị cấp dấu thời gian")
        return self.tr("Người ký")

    def level(self, level: str | None) -> str:
        meaning = {
            "B-B": self.tr("cơ bản"),
            "B-T": self.tr("có dấu thời gian"),
            "B-LT": self.tr("kèm dữ liệu kiểm tra dài hạn"),
            "B-LTA": self.tr("kèm dấu thời gian lưu trữ"),
        }.get(level or "")
        if not level:
            return "—"
        return f"PAdES {level}" + (f" ({meaning})" if meaning else "")

    def signing_time(self, signature: dict[str, Any]) -> str:
        text = when(signature.get("signing_time"), seconds=True)
        source = signature.get("time_source")
        if source:
            text += " — " + verify_label("time", source)
        return text

    def revocation(self, revocation: dict[str, Any] | None) -> str:
        revocation = revocation or {}
        source = str(revocation.get("source") or "none")
        if source == "none":
            return verify_label("revocation", "none")
        method = str(revocation.get("method") or "").upper()
        text = self.tr("tình trạng tại {time} — {source}").format(
            time=when(revocation.get("checked_at")), source=verify_label("revocation", source)
        )
        return f"{text} ({method})" if method else text

    def organisation(self, signature: dict[str, Any]) -> str:
        org = signature.get("organisation") or ""
        if signature.get("organisation_id"):
            org = f"{org} ({signature['organisation_id']})".strip()
        return org

    def step(self, kinds: list[str], page: int | None) -> str:
        """What one revision after a signature changed (``RevisionChange.changes``), the
        weightiest first: "chỉ thêm chữ ký và dấu", "trang 2 khác sau khi ký"…"""
        found = set(kinds)
        if not found:
            return "—"
        if found == {"validation_data"}:
            return self.tr("chỉ thêm dữ liệu kiểm tra (chứng thư, thu hồi, dấu thời gian)")
        if found == {"signatures"}:
            return self.tr("chỉ thêm chữ ký và dấu")
        if found == {"signatures", "validation_data"}:
            return self.tr("chỉ thêm chữ ký và dấu, kèm dữ liệu kiểm tra")
        order = ["page_content", "freed_in_use", "unknown", "other", "annotations",
                 "form_filling", "signatures", "validation_data"]  # fmt: skip
        ranked = sorted(found, key=lambda k: order.index(k) if k in order else -1)
        return "; ".join(self.change(k, page) for k in ranked)

    def change(self, kind: str, page: int | None) -> str:
        words = {
            "validation_data": self.tr("thêm dữ liệu kiểm tra (chứng thư, thu hồi, dấu thời gian)"),
            "signatures": self.tr("thêm chữ ký và dấu"),
            "form_filling": self.tr("điền thêm ô của biểu mẫu"),
            "annotations": self.tr("thêm hoặc sửa ghi chú trên trang"),
            "other": self.tr("thay đổi khác, nội dung trang không đổi"),
            "unknown": self.tr("không phân tích được"),
        }
        if kind == "page_content":
            return self.tr("trang {page} khác sau khi ký").format(page=page or "?")
        if kind == "freed_in_use":
            return self.tr("trang {page} dùng thành phần đã bị xóa sau khi ký").format(
                page=page or "?"
            )
        return words.get(kind, kind)

    def coverage(self, coverage: str | None) -> str:
        return {
            "entire_file": self.tr("toàn bộ tệp"),
            "entire_revision": self.tr(
                "toàn bộ phiên bản được ký (những gì thêm sau đó kể ở dưới)"
            ),
            "partial": self.tr("chỉ một phần của phiên bản được ký"),
        }.get(coverage or "", coverage or "—")

    def key_usage(self, names: list[str]) -> str:
        words = {
            "digital_signature": self.tr("ký số"),
            "non_repudiation": self.tr("chống chối bỏ"),
            "key_encipherment": self.tr("mã hóa khóa"),
            "data_encipherment": self.tr("mã hóa dữ liệu"),
            "key_agreement": self.tr("thỏa thuận khóa"),
            "key_cert_sign": self.tr("ký chứng thư"),
            "crl_sign": self.tr("ký danh sách thu hồi"),
            "email_protection": self.tr("bảo vệ thư điện tử"),
            "time_stamping": self.tr("cấp dấu thời gian"),
            "client_auth": self.tr("xác thực người dùng"),
            "server_auth": self.tr("xác thực máy chủ"),
            "code_signing": self.tr("ký mã chương trình"),
            "ocsp_signing": self.tr("ký trả lời OCSP"),
            "microsoft_document_signing": self.tr("ký tài liệu"),
            "1.3.6.1.4.1.311.10.3.12": self.tr("ký tài liệu"),
            "adobe_authentic_documents_trust": self.tr("ký tài liệu (Adobe)"),
        }
        return ", ".join(words.get(n, n) for n in names) if names else "—"

    def role(self, role: str | None) -> str:
        return {
            "signer": self.tr("chứng thư của người ký"),
            "intermediate": self.tr("tổ chức cấp trung gian"),
            "anchor": self.tr("gốc được tin cậy trên máy này"),
            "root": self.tr("gốc CHƯA được tin cậy trên máy này"),
            "missing": self.tr("THIẾU: không có chứng thư này trên máy"),
        }.get(role or "", role or "")

    def algorithms(self, algorithms: dict[str, Any] | None) -> tuple[str, str]:
        algorithms = algorithms or {}
        digest = str(algorithms.get("digest") or "")
        signature = str(algorithms.get("signature") or "")
        return (
            DIGESTS.get(digest, digest.upper() or "—"),
            SIGNATURE_ALGOS.get(signature, signature or "—"),
        )

    def summary(self, report: dict[str, Any]) -> str:
        """The overall line: how many signatures, and what is wrong with how many."""
        entries = [s for s in report.get("signatures") or [] if isinstance(s, dict)]
        sigs = [s for s in entries if s.get("kind") != "timestamp"]
        stamps = [s for s in entries if s.get("kind") == "timestamp"]
        overall = str(report.get("overall") or INDETERMINATE)
        n = len(sigs)
        if overall in (VALID, WARNINGS):
            if n:
                text = (
                    self.tr("%n chữ ký — tất cả hợp lệ", "", n)
                    if overall == VALID
                    else self.tr("%n chữ ký — hợp lệ, có lưu ý", "", n)
                )
            else:
                text = self.tr("Dấu thời gian của văn bản hợp lệ")
        else:
            bad = sum(1 for s in sigs if s.get("verdict") == overall)
            if bad and bad == n and overall == INVALID:
                text = self.tr("%n chữ ký không hợp lệ", "", bad)
            elif bad and bad == n:
                text = self.tr("%n chữ ký chưa xác định được", "", bad)
            elif bad and overall == INVALID:
                text = self.tr("{bad} trong {total} chữ ký không hợp lệ").format(bad=bad, total=n)
            elif bad:
                text = self.tr("{bad} trong {total} chữ ký chưa xác định được").format(
                    bad=bad, total=n
                )
            elif overall == INVALID:
                text = self.tr("Dấu thời gian của văn bản không hợp lệ")
            else:
                text = self.tr("Dấu thời gian của văn bản chưa xác định được")
        if stamps and n:
            text += " · " + self.tr("%n dấu thời gian của văn bản", "", len(stamps))
        return text


__all__ = [
    "COLOURS",
    "GLYPHS",
    "PALETTE_EVENTS",
    "BadgeColours",
    "SignatureWords",
    "colours",
    "finding_sentence",
    "hex_groups",
    "is_dark_palette",
    "is_unsigned",
    "parse_time",
    "reasons",
    "verdict_words",
    "when",
]
