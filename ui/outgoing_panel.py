"""The outgoing document's actions in the detail pane, under its title: issue a document the
official signed, send an issued one (never a state-secret one: the reason is shown), and for
a document sent over the axis take it back, send an update or a replacement. The pane's
"Recipients" tab lists each recipient with its latest status and history; this panel adds
the organisations' names from the directory. Every read and decision runs in the background;
the pane is read again when an action is done."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.model import Direction
from ui.issue_send import kick_sync, refusal

# unlike the incoming actions' keys (ui/incoming_actions.py): one key, one action
SHORTCUTS = {
    "issue": "Ctrl+Shift+P",  # Phát hành
    "send": "Ctrl+Shift+S",  # Send (gửi)
    "revoke": "Ctrl+Shift+O",  # thu hỒi
    "update": "Ctrl+Shift+U",  # Update (cập nhật)
    "replace": "Ctrl+Shift+A",  # thAy thế
}


def follow_facts(session: Any, document_id: int) -> dict[str, Any]:
    """Where the document went and the names of those organisations (background)."""
    targets = session.exchange.sent_to(document_id)
    return {"document_id": document_id, "targets": targets,
            "names": session.exchange.agency_names(targets)}  # fmt: skip


def replacement_candidates(session: Any, document_id: int) -> list[Any]:
    """Issued outgoing documents not sent yet, other than this one and never a state-secret
    one (background)."""
    from app.search import SearchFilters

    filters = SearchFilters(direction=Direction.OUTGOING, statuses=("issued",),
                            include_cancelled=False)  # fmt: skip
    docs, _ = session.desk.documents.list(filters, limit=200)
    return [d for d in docs if d.id != document_id and not d.confidentiality]  # never secret


class OutgoingActions(QWidget):
    changed = Signal(int)  # an action was done on this document

    def __init__(self, pane: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pane = pane
        self.session = pane.session
        self.document: Any = None
        self.targets: list[str] = []
        self.dialog: Any = None
        self.message: tuple[int, str] | None = None  # what the last action did, for this doc
        self.issue_button = self._button(self.tr("&Phát hành…"), SHORTCUTS["issue"],
                                         self.tr("Cấp số, đóng dấu và ký số của cơ quan"),
                                         self.open_issue)  # fmt: skip
        self.send_button = self._button(
            self.tr("&Gửi…"), SHORTCUTS["send"], self.tr("Gửi qua Trục liên thông"), self.open_send
        )
        self.revoke_button = self._button(self.tr("Thu &hồi…"), SHORTCUTS["revoke"],
                                          self.tr("Thu hồi văn bản đã gửi"),
                                          self.open_revoke)  # fmt: skip
        self.update_button = self._button(self.tr("Cập &nhật…"), SHORTCUTS["update"],
                                          self.tr("Gửi cập nhật văn bản đã gửi"),
                                          self.open_update)  # fmt: skip
        self.replace_button = self._button(self.tr("Th&ay thế…"), SHORTCUTS["replace"],
                                           self.tr("Gửi văn bản thay thế văn bản đã gửi"),
                                           self.open_replace)  # fmt: skip
        self.send_tip = self.send_button.toolTip()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.tr("Ghi chú gửi nhận"))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for b in (self.issue_button, self.send_button, self.revoke_button, self.update_button,
                  self.replace_button):  # fmt: skip
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.note)
        self.setVisible(False)
        pane.loaded.connect(self._loaded)
        pane.requested.connect(self._requested)

    def _button(self, text: str, keys: str, tip: str, slot: Any) -> QPushButton:
        button = QPushButton(text)  # its underlined letter (Alt+…) stays its own shortcut
        shortcut = QShortcut(QKeySequence(keys), button)  # live while the button is shown
        shortcut.activated.connect(button.animateClick)
        shown = QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)
        button.setToolTip(f"{tip} ({shown})")
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(tip)
        button.clicked.connect(slot)
        button.setVisible(False)
        return button

    # -- what the document allows ----------------------------------------------------------------

    def _requested(self, document_id: int | None) -> None:
        """Another document is being read: this one's buttons (and keys) go at once, not
        when the new one is shown — until then they would act on the document left."""
        if self.document is not None and self.document.id != document_id:
            self.document = None
            self.setVisible(False)

    def _loaded(self, document_id: int) -> None:
        detail = self.pane.detail
        doc = detail.document if detail is not None else None
        self.document = doc
        self.targets = []
        if doc is None or doc.direction is not Direction.OUTGOING or self.session.exchange is None:
            self.setVisible(False)
            return
        self._show_buttons()
        self.session.tasks.run(
            follow_facts, self.session, document_id, on_done=self._facts,
            label=self.tr("Đọc nơi nhận"),
        )  # fmt: skip

    def _facts(self, facts: dict[str, Any]) -> None:
        if self.document is None or facts["document_id"] != self.document.id:
            return  # another document is shown now
        self.targets = facts["targets"]
        self._show_buttons()
        names = facts["names"]
        tree = self.pane.recipients
        for i in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(i)
            organ = item.text(0)
            if organ in names:
                item.setText(0, f"{names[organ]} ({organ})")
                item.setToolTip(0, item.text(0))
        for column in range(tree.columnCount()):
            tree.resizeColumnToContents(column)

    def _show_buttons(self) -> None:
        from ui.errors import words_for

        doc = self.document
        issuable = doc.status == "approved" and doc.number is None and not doc.cancelled
        issued = doc.number is not None and not doc.cancelled
        blocked = refusal(doc) if issued or doc.confidentiality else None
        sent = bool(self.targets) and not doc.cancelled
        self.issue_button.setVisible(issuable)
        self.send_button.setVisible(issued)
        self.send_button.setEnabled(issued and blocked is None)
        self.revoke_button.setVisible(sent)
        self.update_button.setVisible(sent)
        self.replace_button.setVisible(sent)
        note = ""
        if blocked is not None and (issued or issuable):
            note = words_for(blocked).text
        self.send_button.setToolTip(note or self.send_tip)
        if not note and self.message is not None and self.message[0] == doc.id:
            note = self.message[1]
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.setVisible(issuable or issued or sent or bool(note))

    # -- the actions -----------------------------------------------------------------------------

    def open_issue(self) -> None:
        from ui.issue_dialog import IssueDialog

        if self.document is None:
            return
        dialog = IssueDialog(self.session, self.document.id, self.window())
        dialog.issued.connect(self._done)
        dialog.send_requested.connect(self._send_document)
        self._open(dialog)

    def open_send(self) -> None:
        if self.document is not None:
            self._send_document(self.document.id)

    def _send_document(self, document_id: int) -> None:
        """The send dialog for ``document_id`` — after issuing, the document just issued,
        which has left the Drafts list (the selection has moved on to another draft)."""
        from ui.issue_send import SendDialog

        dialog = SendDialog(self.session, document_id, self.window())
        dialog.sent.connect(self._done)
        self._open(dialog)

    # the document is taken when the dialog opens: its answer goes to that one, whatever the
    # pane shows by then

    def open_revoke(self) -> None:
        from ui.outgoing_dialogs import RevokeDialog

        if (doc := self.document) is None:
            return
        dialog = RevokeDialog(doc.notation, self.window())
        dialog.accepted.connect(lambda: self._run(
            doc.id, self.session.exchange.revoke, doc.id, dialog.reason_text(),
            done=self.tr("Đã đưa yêu cầu thu hồi vào hàng gửi.")))  # fmt: skip
        self._open(dialog, start=False)

    def open_update(self) -> None:
        from ui.outgoing_dialogs import UpdateDialog

        if (doc := self.document) is None:
            return
        dialog = UpdateDialog(doc.notation, doc.subject, self.window())
        dialog.accepted.connect(lambda: self._run(
            doc.id, self.session.exchange.update, doc.id, dialog.reason_text(),
            dialog.changes(), done=self.tr("Đã đưa bản cập nhật vào hàng gửi.")))  # fmt: skip
        self._open(dialog, start=False)

    def open_replace(self) -> None:
        from ui.outgoing_dialogs import ReplaceDialog

        if (doc := self.document) is None:
            return
        dialog = ReplaceDialog(doc.notation, self.window())
        dialog.accepted.connect(lambda: self._run(
            doc.id, self.session.exchange.replace, doc.id, dialog.replacement_id(),
            dialog.reason_text(), done=self.tr("Đã đưa văn bản thay thế vào hàng gửi.")))  # fmt: skip
        self._open(dialog, start=False)
        self.session.tasks.run(
            replacement_candidates, self.session, doc.id,
            on_done=dialog.set_candidates, label=self.tr("Tìm văn bản thay thế"),
        )  # fmt: skip

    def _open(self, dialog: Any, *, start: bool = True) -> None:
        previous, self.dialog = self.dialog, dialog
        if previous is not None and not previous.isVisible():
            previous.deleteLater()  # one dialog kept at a time
        dialog.open()
        if start:
            dialog.start()

    def _run(self, document_id: int, fn: Any, *args: Any, done: str) -> None:
        def finished(_result: Any) -> None:
            self.message = (document_id, done)
            self.note.setText(done)
            self.note.setVisible(True)
            kick_sync(self.session)
            self._done(document_id)

        self.session.tasks.run(fn, *args, on_done=finished, label=done)

    def _done(self, document_id: int) -> None:
        """Read the pane again (and the list it came from: a number, a status)."""
        self.changed.emit(document_id)
        if self.pane.document_id == document_id:
            self.pane.show_document(document_id)
        window = self.window()
        view = getattr(window, "current_view", lambda: None)()
        if view is not None and hasattr(view, "_wanted"):
            view._wanted = document_id  # the list keeps this document selected
        refresh = getattr(window, "refresh", None)
        if callable(refresh):
            refresh()


__all__ = ["SHORTCUTS", "OutgoingActions", "follow_facts", "replacement_candidates"]
