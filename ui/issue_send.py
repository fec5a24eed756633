"""Send an issued document over the axis: recipients picked from the directory (or a saved
group), then the package is queued (the outbox row in the same transaction as the decision)
and the sync worker is asked to run a round. A state-secret document is never sent: the send
step stays disabled and says why."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import StateError
from ui.issue_recipients import RecipientPicker
from ui.session import DeskSession


def kick_sync(session: DeskSession) -> None:
    """Ask the session's sync worker (if it has one) for a round now."""
    for name in ("sync_worker", "worker", "sync"):
        worker = getattr(session, name, None)
        if worker is not None and callable(getattr(worker, "kick", None)):
            worker.kick()
            return


def refusal(doc: Any) -> BaseException | None:
    """Why this document cannot be sent (as an error to word), or None."""
    if doc.confidentiality and int(doc.confidentiality) > 0:
        return StateError("secret_not_sendable", document_id=doc.id)
    if doc.cancelled:
        return StateError("cancelled", document_id=doc.id)
    if doc.number is None:
        return StateError("not_issued", document_id=doc.id)
    return None


class SendDialog(QDialog):
    sent = Signal(int)  # the document's id, once queued

    def __init__(self, session: DeskSession, document_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.document_id = int(document_id)
        self.document: Any = None
        self.blocked: BaseException | None = None
        self.sending = False
        self.setWindowTitle(self.tr("Gửi văn bản qua Trục liên thông"))
        self.setAccessibleName(self.windowTitle())
        self.heading = QLabel(self.tr("Đang đọc văn bản…"))
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName(self.tr("Văn bản gửi đi"))
        self.picker = RecipientPicker(session)
        self.picker.changed.connect(self._update)
        self.reason = QLabel()
        self.reason.setWordWrap(True)
        self.reason.setAccessibleName(self.tr("Lý do không gửi được"))
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Tình trạng gửi"))
        self.buttons = QDialogButtonBox()
        self.send_button = self.buttons.addButton(
            self.tr("&Gửi"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.send_button.setAccessibleName(self.tr("Gửi tới các nơi nhận đã chọn"))
        self.send_button.clicked.connect(self.send)
        close = self.buttons.addButton(self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.reason)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(860, 560)
        for button in self.findChildren(QPushButton):  # Enter picks organisations, never sends
            button.setAutoDefault(False)
            button.setDefault(False)
        self._update()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        # the button box makes its first accept button the default when it is shown: then
        # Enter in the list found (which Qt passes on after picking) sent the document
        self.send_button.setDefault(False)

    def start(self) -> None:
        self.session.tasks.run(
            self.session.desk.document, self.document_id, on_done=self._read,
            label=self.tr("Đọc văn bản"),
        )  # fmt: skip
        self.picker.start()
        self.picker.search.setFocus()

    def _read(self, doc: Any) -> None:
        from ui.errors import words_for

        self.document = doc
        self.heading.setText(f"<b>{_html(doc.notation or '—')}</b> — {_html(doc.subject)}")
        self.blocked = refusal(doc)
        if self.blocked is not None:
            self.reason.setText(words_for(self.blocked).text)
            self.reason.setStyleSheet("font-weight: bold;")
            self.reason.setVisible(True)
            self.send_button.setToolTip(self.reason.text())
        self._update()

    def _update(self) -> None:
        self.send_button.setEnabled(
            self.document is not None and self.blocked is None and not self.sending
            and bool(self.picker.organ_ids())
        )  # fmt: skip

    def send(self) -> None:
        if not self.send_button.isEnabled():
            return
        self.sending = True
        to = self.picker.organ_ids()
        self.status.setText(self.tr("Đang đưa văn bản vào hàng gửi…"))
        self._update()
        self.session.tasks.run(
            self.session.exchange.send, self.document_id, to,
            on_done=lambda _msg: self._queued(len(to)), on_error=self._failed,
            label=self.tr("Gửi văn bản"), guard=True,
        )  # fmt: skip

    def _queued(self, count: int) -> None:
        self.sending = False
        self.status.setText(
            self.tr(
                "Đã đưa vào hàng gửi tới %n nơi nhận; văn bản đi ở lượt đồng bộ tới.", "", count
            )
        )
        kick_sync(self.session)
        self.sent.emit(self.document_id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        from ui.errors import words_for

        self.sending = False
        words = words_for(error)
        self.status.setText(words.text + (f" {words.hint}" if words.hint else ""))
        self._update()


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["SendDialog", "kick_sync", "refusal"]
