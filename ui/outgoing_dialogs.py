"""The small dialogs of following a sent document: take it back (a reason), send an update
(the corrected subject and a reason), send a replacement (another issued document and a
reason). Each only collects what the clerk decides; the panel runs the service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


class ReasonDialog(QDialog):
    """A reason (required), and what a subclass adds above it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.form = QFormLayout()
        self.reason = QPlainTextEdit()
        self.reason.setAccessibleName(QCoreApplication.translate("ReasonDialog", "Lý do"))
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(90)
        self.reason.textChanged.connect(self._update)
        reason_label = QLabel(QCoreApplication.translate("ReasonDialog", "&Lý do:"))
        reason_label.setBuddy(self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("ReasonDialog", "Hủy bỏ")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addLayout(self.form)
        self.form.addRow(reason_label, self.reason)
        layout.addWidget(self.buttons)
        self.resize(520, 260)

    def words(self, title: str, prompt: str, action: str) -> None:
        """The subclass's own words (translated in its own context)."""
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.prompt.setText(prompt)
        self.ok.setText(action)
        self.ok.setAccessibleName(action.replace("&", ""))
        self._update()

    def reason_text(self) -> str:
        return self.reason.toPlainText().strip()

    def ready(self) -> bool:
        return bool(self.reason_text())

    def _update(self) -> None:
        self.ok.setEnabled(self.ready())


class RevokeDialog(ReasonDialog):
    def __init__(self, notation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words(
            self.tr("Thu hồi văn bản"),
            self.tr("Thu hồi văn bản %1 từ mọi nơi đã nhận; nơi nhận hủy bản của họ.")
            .replace("%1", notation),
            self.tr("&Thu hồi"),
        )  # fmt: skip


class UpdateDialog(ReasonDialog):
    def __init__(self, notation: str, subject: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words(
            self.tr("Gửi cập nhật văn bản"),
            self.tr("Sửa thông tin của văn bản %1 và gửi bản cập nhật tới mọi nơi đã nhận.")
            .replace("%1", notation),
            self.tr("&Gửi cập nhật"),
        )  # fmt: skip
        self.original = subject
        self.subject = QLineEdit(subject)
        self.subject.setAccessibleName(self.tr("Trích yếu"))
        self.subject.textChanged.connect(self._update)
        label = QLabel(self.tr("T&rích yếu:"))
        label.setBuddy(self.subject)
        self.form.insertRow(0, label, self.subject)

    def changes(self) -> dict[str, Any]:
        subject = self.subject.text().strip()
        return {"subject": subject} if subject and subject != self.original else {}

    def ready(self) -> bool:
        return super().ready() and bool(getattr(self, "subject", None) is None
                                        or self.subject.text().strip())  # fmt: skip


class ReplaceDialog(ReasonDialog):
    """The replacement: an issued document not sent yet (listed in the background)."""

    def __init__(self, notation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words(
            self.tr("Thay thế văn bản"),
            self.tr("Gửi một văn bản đã phát hành để thay thế văn bản %1 tại mọi nơi đã nhận.")
            .replace("%1", notation),
            self.tr("Gửi văn bản &thay thế"),
        )  # fmt: skip
        self.candidates: list[Any] = []
        self.choice = QComboBox()
        self.choice.setAccessibleName(self.tr("Văn bản thay thế"))
        self.choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.choice.setMinimumContentsLength(40)
        self.choice.addItem(self.tr("Đang tìm văn bản đã phát hành…"))
        self.choice.setEnabled(False)
        self.choice.currentIndexChanged.connect(self._update)
        label = QLabel(self.tr("&Văn bản thay thế:"))
        label.setBuddy(self.choice)
        self.form.insertRow(0, label, self.choice)

    def set_candidates(self, docs: list[Any]) -> None:
        self.candidates = docs
        self.choice.clear()
        for doc in docs:
            self.choice.addItem(f"{doc.notation} — {doc.subject}", doc.id)
        if not docs:
            self.choice.addItem(self.tr("Chưa có văn bản đã phát hành nào để thay thế"))
        self.choice.setEnabled(bool(docs))
        self._update()

    def replacement_id(self) -> int | None:
        value = self.choice.currentData(Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def ready(self) -> bool:
        return super().ready() and bool(getattr(self, "candidates", None))


__all__ = ["ReasonDialog", "ReplaceDialog", "RevokeDialog", "UpdateDialog"]
