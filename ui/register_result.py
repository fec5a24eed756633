"""What the clerk reads once a document is registered: its arrival number, large; the
verdict on its signatures in words (app/messages_verify), or why they were not checked; and
whether its text was extracted for the search."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.desk import Registration
from app.messages import describe
from app.messages_verify import verify_label
from ui.register_widgets import say

TONES = {"valid": "good", "invalid": "bad", "valid_with_warnings": "warn", "indeterminate": "warn"}


class RegistrationResult(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setAccessibleName(self.tr("Kết quả vào sổ"))
        self.signatures = QLabel()
        self.signatures.setWordWrap(True)
        self.signatures.setAccessibleName(self.tr("Kết quả kiểm tra chữ ký số"))
        self.texts = QLabel()
        self.texts.setWordWrap(True)
        self.texts.setAccessibleName(self.tr("Trích xuất nội dung"))
        box = QVBoxLayout(self)
        for label in (self.title, self.signatures, self.texts):
            box.addWidget(label)

    def show_registration(self, registration: Registration) -> None:
        doc = registration.document
        title = self.tr("Đã vào sổ đến: số %1/%2")
        self.title.setText(title.replace("%1", str(doc.number)).replace("%2", str(doc.year)))
        say(self.signatures, *self.signature_words(registration, bool(doc.file_sha256)))

    def signature_words(self, registration: Registration, has_file: bool) -> tuple[str, str]:
        """The verdict in words, or why the signatures were not checked; and its tone."""
        report = registration.signatures
        if report is not None:
            label = verify_label("verdict", report.verdict)
            tone = TONES.get(report.verdict, "")
            if report.signatures:
                count = self.tr("%n chữ ký", "", report.signatures)
                words = self.tr("Chữ ký số: %1 (%2)")
                return words.replace("%1", label).replace("%2", count), tone
            return self.tr("Chữ ký số: %1").replace("%1", label), tone
        if registration.signature_error is not None:
            reason = describe(registration.signature_error)
            return self.tr("Chưa kiểm tra chữ ký: %1").replace("%1", reason), "warn"
        if not has_file:
            return self.tr("Chưa kiểm tra chữ ký: văn bản không có tệp."), ""
        return self.tr("Chưa kiểm tra chữ ký: máy này chưa cài bộ kiểm tra chữ ký số."), "warn"

    def texts_state(self, state: str) -> None:
        """running, done, later (a large file: the window's background queue), failed, or
        "" (no file)."""
        words = {
            "running": self.tr("Đang trích xuất nội dung để tìm kiếm…"),
            "done": self.tr("Đã trích xuất nội dung để tìm kiếm."),
            "later": self.tr("Tệp lớn: nội dung sẽ được trích xuất trong nền để tìm kiếm."),
            "failed": self.tr("Chưa trích xuất được nội dung; sẽ thử lại sau."),
        }
        say(self.texts, words.get(state, ""), "warn" if state == "failed" else "")


__all__ = ["RegistrationResult"]
