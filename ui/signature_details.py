"""The details of one signature: the certificate, the chain up to the anchor (or the missing
issuer, as the report names it), the timestamp, where and as of when revocation was checked,
what changed after signing, what the signature covers, and the algorithms. Everything is
selectable text, and "Sao chép" copies the whole of it."""

from __future__ import annotations

import html
import re
from typing import Any, NamedTuple

from PySide6.QtCore import QEvent
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.messages_verify import verify_label
from ui.signature_words import (
    INDETERMINATE,
    PALETTE_EVENTS,
    SignatureWords,
    hex_groups,
    reasons,
    verdict_words,
    when,
)

HEX_GROUPS = re.compile(r"^[0-9A-F]{2}(:[0-9A-F]{2})+$")


class Line(NamedTuple):
    """``field``: label and value; ``note``: a sentence; ``item``: a numbered heading (a
    certificate of the chain) whose ``sub`` fields follow."""

    label: str
    value: str
    style: str = "field"


Section = tuple[str, list[Line | tuple[str, str]]]  # tuples: plain fields


class SignatureDetailsDialog(QDialog):
    """Non-modal: the clerk can keep it open beside the preview."""

    def __init__(
        self,
        signature: dict[str, Any],
        report: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.signature = signature
        self.report = report or {}
        self.words = SignatureWords(self)
        index = signature.get("index") or "?"
        who = signature.get("signer") or "—"
        self.setWindowTitle(
            self.tr("Chi tiết {kind} {index} — {who}").format(
                kind=self.words.kind(signature).lower(), index=index, who=who
            )
        )
        self.sections = self.build_sections()
        from ui.signatures import SignatureBadge  # the same badge as the panel's

        verdict = str(signature.get("verdict") or INDETERMINATE)
        self.badge = SignatureBadge(verdict, self, large=True)
        heading = QLabel(f"{self.words.kind(signature)} {index}: {who}")
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        heading.setWordWrap(True)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.setAccessibleName(self.tr("Chi tiết chữ ký số"))
        self.view.setHtml(self.html())
        self.copy_button = QPushButton(self.tr("&Sao chép"))
        self.copy_button.setAccessibleName(self.tr("Sao chép toàn bộ chi tiết"))
        self.copy_button.setToolTip(self.tr("Sao chép toàn bộ chi tiết (Ctrl+Shift+C)"))
        self.copy_button.clicked.connect(self.copy)
        QShortcut(QKeySequence("Ctrl+Shift+C"), self, activated=self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addWidget(heading, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.resize(720, 640)

    # -- content ---------------------------------------------------------------------------------

    def build_sections(self) -> list[Section]:
        sig, w = self.signature, self.words
        timestamp_kind = sig.get("kind") == "timestamp"
        summary: list[Line | tuple[str, str]] = [
            (self.tr("Kết luận"), verdict_words(str(sig.get("verdict") or INDETERMINATE))),
            (w.who_label(sig), sig.get("signer") or "—"),
        ]
        if w.organisation(sig):
            summary.append((self.tr("Cơ quan, tổ chức"), w.organisation(sig)))
        if sig.get("issuer"):
            summary.append((self.tr("Tổ chức cấp chứng thư"), sig["issuer"]))
        summary.append(
            (self.tr("Thời điểm xác nhận") if timestamp_kind else self.tr("Thời điểm ký"),
             w.signing_time(sig))
        )  # fmt: skip
        if not timestamp_kind:
            summary.append((self.tr("Mức chữ ký"), w.level(sig.get("level"))))
        if sig.get("field"):
            summary.append((self.tr("Ô chữ ký"), str(sig["field"])))
        if sig.get("subfilter"):
            summary.append((self.tr("Kiểu chữ ký"), str(sig["subfilter"])))
        yes, no = self.tr("có"), self.tr("không")
        for key, label in (("intact", self.tr("Nguyên vẹn")), ("trusted", self.tr("Tin cậy"))):
            if sig.get(key) is not None:
                summary.append((label, yes if sig[key] else no))
        sections: list[Section] = [(self.tr("Tổng quan"), summary)]
        found = reasons(sig)
        if found:
            sections.append((self.tr("Lý do, lưu ý"), [("", text) for _s, text in found]))
        sections.append(self._certificate())
        sections.append(self._chain())
        sections.append(self._timestamp())
        sections.append(self._revocation())
        sections.append(self._changes())
        sections.append(self._algorithms())
        checked = [(self.tr("Kiểm tra lúc"), when(self.report.get("validated_at"), seconds=True))]
        if self.report:
            mode = self.tr("trực tuyến") if self.report.get("online") else self.tr("ngoại tuyến")
            checked.append((self.tr("Cách kiểm tra"), mode))
        sections.append((self.tr("Lần kiểm tra"), checked))
        return sections

    def _cert_lines(self, cert: dict[str, Any]) -> list[Line | tuple[str, str]]:
        w = self.words
        lines = [
            (self.tr("Chủ thể"), cert.get("subject") or cert.get("common_name") or "—"),
            (self.tr("Tổ chức cấp"), cert.get("issuer") or "—"),
            (self.tr("Số hiệu"), hex_groups(cert.get("serial"))),
            (self.tr("Hiệu lực"), self.tr("từ {start} đến {end}").format(
                start=when(cert.get("not_before")), end=when(cert.get("not_after")))),
            (self.tr("Mục đích của khóa"), w.key_usage(list(cert.get("key_usage") or []))),
        ]  # fmt: skip
        if cert.get("extended_key_usage"):
            lines.append(
                (self.tr("Mục đích mở rộng"), w.key_usage(list(cert["extended_key_usage"])))
            )
        lines += [
            (self.tr("Khóa công khai"), cert.get("public_key") or "—"),
            (self.tr("Mã khóa"), cert.get("key_id") or "—"),
            (self.tr("Dấu vân tay SHA-256"), hex_groups(cert.get("sha256"))),
        ]
        return lines

    def _certificate(self) -> Section:
        title = (
            self.tr("Chứng thư số của đơn vị cấp dấu thời gian")
            if self.signature.get("kind") == "timestamp"
            else self.tr("Chứng thư số của người ký")
        )
        cert = self.signature.get("certificate")
        if not isinstance(cert, dict):
            return (title, [("", self.tr("Báo cáo kiểm tra này không ghi chi tiết chứng thư."))])
        return (title, self._cert_lines(cert))

    def _chain(self) -> Section:
        title = self.tr("Chuỗi chứng thư (từ người ký lên gốc)")
        chain = [c for c in self.signature.get("chain") or [] if isinstance(c, dict)]
        if not chain:
            return (title, [("", self.tr("Báo cáo kiểm tra này không ghi chuỗi chứng thư."))])
        lines: list[Line] = []
        for number, cert in enumerate(chain, start=1):
            name = cert.get("common_name") or cert.get("subject") or "?"
            role = self.words.role(cert.get("role"))
            lines.append(Line(f"{number}.", f"{name} — {role}", "item"))
            if cert.get("role") == "missing":
                lines.append(Line(self.tr("Tên đầy đủ"), cert.get("subject") or "—", "sub"))
                lines.append(Line(self.tr("Mã khóa"), cert.get("key_id") or "—", "sub"))
                continue
            lines.append(Line(self.tr("Chủ thể"), cert.get("subject") or "—", "sub"))
            lines.append(Line(self.tr("Số hiệu"), hex_groups(cert.get("serial")), "sub"))
            validity = self.tr("từ {start} đến {end}").format(
                start=when(cert.get("not_before")), end=when(cert.get("not_after"))
            )
            lines.append(Line(self.tr("Hiệu lực"), validity, "sub"))
            lines.append(Line(self.tr("Mã khóa"), cert.get("key_id") or "—", "sub"))
            lines.append(
                Line(self.tr("Dấu vân tay SHA-256"), hex_groups(cert.get("sha256")), "sub")
            )
        return (title, lines)

    def _timestamp(self) -> Section:
        title = self.tr("Dấu thời gian")
        stamp = self.signature.get("timestamp")
        if "timestamp" not in self.signature:  # a report stored before this detail was kept
            lines = [("", self.tr("Báo cáo kiểm tra này không ghi chi tiết dấu thời gian."))]
            if self.signature.get("time_source") == "timestamp":
                lines.append((self.tr("Thời điểm"), when(self.signature.get("signing_time"), True)))
            return (title, lines)
        if not isinstance(stamp, dict):
            return (title, [("", self.tr(
                "Chữ ký không có dấu thời gian: thời điểm ký do phần mềm ký tự ghi, "
                "chưa được chứng minh."))])  # fmt: skip
        yes, no = self.tr("có"), self.tr("không")
        authority = stamp.get("authority") or "—"
        if stamp.get("organisation"):
            authority = f"{authority} ({stamp['organisation']})"
        lines = [
            (self.tr("Đơn vị cấp"), authority),
            (self.tr("Thời điểm"), when(stamp.get("time"), seconds=True)),
        ]
        if stamp.get("valid") is not None:
            lines.append((self.tr("Hợp lệ"), yes if stamp["valid"] else no))
        if stamp.get("trusted") is not None:
            lines.append((self.tr("Đơn vị cấp được tin cậy"), yes if stamp["trusted"] else no))
        return (title, lines)

    def _revocation(self) -> Section:
        rev = self.signature.get("revocation") or {}
        source = str(rev.get("source") or "none")
        lines = [(self.tr("Nguồn"), verify_label("revocation", source))]
        if source != "none":
            lines.append((self.tr("Tình trạng tại"), when(rev.get("checked_at"), seconds=True)))
            if rev.get("method"):
                lines.append((self.tr("Phương thức"), str(rev["method"]).upper()))
        return (self.tr("Kiểm tra thu hồi"), lines)

    def _changes(self) -> Section:
        w = self.words
        revision = self.signature.get("revision")
        steps = [
            r
            for r in self.report.get("revisions") or []
            if isinstance(r, dict) and isinstance(revision, int) and r.get("revision", 0) > revision
        ]
        lines: list[Line | tuple[str, str]] = []
        if isinstance(revision, int):
            lines.append((self.tr("Phiên bản được ký"), str(revision)))
        lines.append((self.tr("Phạm vi ký"), w.coverage(self.signature.get("coverage"))))
        if steps:
            for step in steps:
                text = w.step([str(k) for k in step.get("changes") or []], step.get("page"))
                lines.append((self.tr("Phiên bản {n}").format(n=step.get("revision")), text))
        elif self.signature.get("changes") in (None, "none"):
            lines.append(("", self.tr("Không có thay đổi nào sau khi ký.")))
        else:
            lines.append(("", w.change(str(self.signature["changes"]), None)))
        return (self.tr("Thay đổi sau khi ký"), lines)

    def _algorithms(self) -> Section:
        digest, signature = self.words.algorithms(self.signature.get("algorithms"))
        cert = self.signature.get("certificate") or {}
        lines = [(self.tr("Hàm băm"), digest), (self.tr("Thuật toán ký"), signature)]
        if isinstance(cert, dict) and cert.get("public_key"):
            lines.append((self.tr("Khóa"), str(cert["public_key"])))
        value = (self.signature.get("algorithms") or {}).get("message_digest")
        if value:
            lines.append((self.tr("Giá trị băm đã ký"), hex_groups(str(value))))
        return (self.tr("Thuật toán"), lines)

    # -- forms -----------------------------------------------------------------------------------

    def text(self) -> str:
        """The whole details as plain text (what "Sao chép" copies)."""
        head = self.windowTitle()
        out = [head, "=" * len(head)]
        for title, lines in self.sections:
            out += ["", title]
            for line in (Line(*item) for item in lines):
                if line.style == "item":
                    out.append(f"  {line.label} {line.value}")
                elif line.style == "sub":
                    out.append(f"      {line.label}: {line.value}")
                elif line.label:
                    out.append(f"  {line.label}: {line.value}")
                else:
                    out.append(f"  - {line.value}")
        return "\n".join(out) + "\n"

    def html(self) -> str:
        """One table for every section, so that the values line up; long hexadecimal
        values may wrap between their bytes only."""

        def cell(value: str) -> str:
            text = html.escape(value)
            return text.replace(":", ":&#8203;") if HEX_GROUPS.match(value) else text

        rows = []
        for number, (title, lines) in enumerate(self.sections):
            top = "14" if number else "0"
            rows.append(
                f"<tr><td colspan='2' style='padding-top:{top}px'><span style='font-size:large'>"
                f"<b>{html.escape(title)}</b></span></td></tr>"
            )
            for line in (Line(*item) for item in lines):
                if line.style == "item":
                    rows.append(
                        f"<tr><td colspan='2' style='padding-top:4px'><b>{html.escape(line.label)}"
                        f" {html.escape(line.value)}</b></td></tr>"
                    )
                elif line.label:
                    indent = "16" if line.style == "sub" else "0"
                    rows.append(
                        f"<tr><td width='30%' valign='top' style='padding-left:{indent}px;"
                        f"padding-right:12px'>{html.escape(line.label)}</td>"
                        f"<td width='70%'>{cell(line.value)}</td></tr>"
                    )
                else:
                    rows.append(f"<tr><td colspan='2'>• {html.escape(line.value)}</td></tr>")
        return "<table width='100%' cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>"

    def event(self, event: QEvent) -> bool:
        if event.type() in PALETTE_EVENTS:
            from ui.signatures import follow_palette

            follow_palette(self)
        return super().event(event)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())


__all__ = ["SignatureDetailsDialog"]
