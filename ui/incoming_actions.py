"""The clerk's work on an incoming document, from the detail pane, the Incoming view's context
menu and the keyboard: accept (03), reject with a reason (02), assign to a unit or person
with a deadline (04), in progress (05), done (06); and the answer to a take-back, update or
replacement the sender made (15 agree, 16 disagree).

``IncomingWork`` holds the actions for the document the detail pane shows (read in the
background: its status, who sent it over the axis, the sender's request); the core
(``sync.IncomingActions``) does each in one write with its status package queued.
``IncomingActionBar`` is its face in the detail pane; ``IncomingMenu`` wires the actions into
the main window (shortcuts, the table's context menu, the "Sắp đến hạn" section)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.model import Direction
from ui.session import DeskSession

SHORTCUTS = {
    "accept": "Ctrl+Shift+T",  # Tiếp nhận
    "reject": "Ctrl+Shift+R",  # tRả lại
    "assign": "Ctrl+Shift+G",  # Giao (phân công)
    "start": "Ctrl+Shift+D",  # Đang xử lý
    "finish": "Ctrl+Shift+H",  # Hoàn thành
}
OPEN_STATUSES = ("registered", "assigned", "in_progress")


class IncomingWork(QObject):
    """The incoming actions for one document at a time (the one the detail pane shows)."""

    current_changed = Signal()  # the document, its sender or its request was read
    done = Signal(int, str)  # a document changed, and what was done in words

    def __init__(self, session: DeskSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.document_id: int | None = None
        self.document: Any = None
        self.sender: str | None = None
        self.request: Any = None  # sync.SenderRequest
        self.answered: tuple[str, ...] = ()  # the axis codes already answered
        self.dialog: QDialog | None = None  # the dialog open (tests fill it in)
        self.dialog_parent: QWidget | None = None  # the widget dialogs open over
        self._generation = 0
        self.busy = False  # a change is being written: one at a time
        self._service: Any = None
        self.actions: dict[str, QAction] = {}
        for key, text, tip in (
            ("accept", self.tr("&Tiếp nhận"), self.tr("Tiếp nhận văn bản và báo nơi gửi (03)")),
            ("reject", self.tr("T&rả lại…"), self.tr("Trả lại văn bản, nêu lý do (02)")),
            ("assign", self.tr("&Phân công…"), self.tr("Giao đơn vị, người xử lý và hạn xử lý (04)")),
            ("start", self.tr("Đang &xử lý"), self.tr("Ghi văn bản đang được xử lý (05)")),
            ("finish", self.tr("&Hoàn thành"), self.tr("Ghi văn bản đã xử lý xong (06)")),
        ):  # fmt: skip
            action = QAction(text, self)
            action.setShortcut(QKeySequence(SHORTCUTS[key]))
            action.setStatusTip(tip)
            action.setToolTip(
                f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
            )
            action.setEnabled(False)
            self.actions[key] = action
        self.actions["accept"].triggered.connect(self.accept)
        self.actions["reject"].triggered.connect(lambda: self.ask_reject())
        self.actions["assign"].triggered.connect(lambda: self.ask_assign())
        self.actions["start"].triggered.connect(lambda: self._run("start"))
        self.actions["finish"].triggered.connect(lambda: self._run("finish"))

    # -- the document ------------------------------------------------------------------------

    def set_document(self, document_id: int | None) -> None:
        """Show ``document_id``'s actions once read. The same document read again (a letter
        arrived, a change was written) keeps what is shown usable until the read returns: a
        click on "Đồng ý (15)" meanwhile was dropped while the buttons stayed on screen."""
        self._generation += 1
        if document_id is None or document_id != self.document_id:
            self.document_id = document_id
            self.document, self.sender, self.request, self.answered = None, None, None, ()
            self._enable()
            self.current_changed.emit()
        if document_id is None or not self.session.is_open:
            return
        generation = self._generation
        self.session.tasks.run(
            self._read, document_id,
            on_done=lambda result: self._read_done(generation, result),
            label=self.tr("Đọc văn bản"),
        )  # fmt: skip

    def service(self) -> Any:
        """The core's incoming actions (made on first use, in the background)."""
        if self._service is None:
            from sync import IncomingActions

            self._service = IncomingActions(self.session.desk.ws)
        return self._service

    def _read(self, document_id: int) -> tuple[Any, str | None, Any, tuple[str, ...]]:
        doc = self.session.desk.document(document_id)
        if doc.direction is not Direction.INCOMING:
            return doc, None, None, ()
        service = self.service()
        history = service.docs.history(document_id)
        answered = tuple(
            str(e.details.get("axis_status"))
            for e in history
            if e.action == "status" and (e.details or {}).get("axis_status")
        )
        return doc, service.sender_of(document_id), service.request(document_id), answered

    def _read_done(self, generation: int, result: tuple[Any, Any, Any, tuple[str, ...]]) -> None:
        if generation != self._generation:
            return  # another document was chosen meanwhile
        self.document, self.sender, self.request, self.answered = result
        self._enable()
        self.current_changed.emit()

    def is_incoming(self) -> bool:
        return self.document is not None and self.document.direction is Direction.INCOMING

    def _enable(self) -> None:
        doc = self.document
        open_ = self.is_incoming() and not doc.cancelled and not self.busy
        status = doc.status if doc is not None else ""
        self.actions["accept"].setEnabled(
            open_ and self.sender is not None and status == "registered"
            and "03" not in self.answered
        )  # fmt: skip
        self.actions["reject"].setEnabled(open_ and status in OPEN_STATUSES)
        self.actions["assign"].setEnabled(open_ and status in OPEN_STATUSES)
        self.actions["start"].setEnabled(open_ and status in ("registered", "assigned"))
        self.actions["finish"].setEnabled(open_ and status in OPEN_STATUSES)

    # -- doing -------------------------------------------------------------------------------

    def accept(self) -> None:
        self._run("accept")

    def _run(self, key: str, *args: Any, **kwargs: Any) -> None:
        document_id = self.document_id
        if self.busy or document_id is None:
            return
        if key in self.actions and not self.actions[key].isEnabled():
            return
        words = {
            "accept": self.tr("Đã tiếp nhận văn bản"),
            "reject": self.tr("Đã trả lại văn bản"),
            "assign": self.tr("Đã phân công xử lý"),
            "start": self.tr("Đã ghi: đang xử lý"),
            "finish": self.tr("Đã ghi: hoàn thành"),
            "answer": self.tr("Đã trả lời nơi gửi"),
        }[key]
        if self.sender is not None:
            words += self.tr("; trạng thái sẽ được gửi qua Trục")
        for action in self.actions.values():  # one change at a time
            action.setEnabled(False)
        self.busy = True
        self.current_changed.emit()

        def call() -> Any:
            service = self.service()
            method = service.answer_request if key == "answer" else getattr(service, key)
            return method(document_id, *args, **kwargs)

        self.session.tasks.run(
            call, on_done=lambda _r: self._changed(document_id, words),
            on_error=lambda e: self._failed(document_id, e), label=words,
        )  # fmt: skip

    def _changed(self, document_id: int, words: str) -> None:
        self.done.emit(document_id, words)
        self._written(document_id)

    def _failed(self, document_id: int, error: BaseException) -> None:
        self.session.errors.report(error, self.tr("Xử lý văn bản đến"))
        self._written(document_id)

    def _written(self, document_id: int) -> None:
        """The change is over: the document is read again (its actions return with the read),
        or, another one being shown now, its buttons are usable at once."""
        self.busy = False
        if self.document_id == document_id:
            self.set_document(document_id)
        else:
            self._enable()
            self.current_changed.emit()

    def ask_reject(self, parent: QWidget | None = None) -> None:
        if not self.actions["reject"].isEnabled():
            return
        dialog = ReasonDialog(
            self.tr("Trả lại văn bản"),
            self.tr("Lý do trả lại (nơi gửi sẽ đọc được):"), self.tr("&Trả lại"),
            self._parent(parent),
        )  # fmt: skip
        dialog.accepted.connect(lambda: self._run("reject", dialog.reason()))
        self._open(dialog)

    def ask_assign(self, parent: QWidget | None = None) -> None:
        if not self.actions["assign"].isEnabled():
            return
        dialog = AssignDialog(self.document, self._parent(parent))
        dialog.accepted.connect(
            lambda: self._run("assign", dialog.assignee(), due_date=dialog.due_date())
        )
        self._open(dialog)

    def answer(self, agree: bool, parent: QWidget | None = None) -> None:
        if self.busy or self.request is None or not self.request.waiting:
            return
        if agree:
            self._run_answer(True, "")
            return
        dialog = ReasonDialog(
            self.tr("Không đồng ý với nơi gửi"),
            self.tr("Lý do không đồng ý (nơi gửi sẽ đọc được):"), self.tr("&Gửi trả lời"),
            self._parent(parent),
        )  # fmt: skip
        dialog.accepted.connect(lambda: self._run_answer(False, dialog.reason()))
        self._open(dialog)

    def _run_answer(self, agree: bool, reason: str) -> None:
        self._run("answer", agree, reason)

    def _parent(self, parent: QWidget | None) -> QWidget | None:
        if parent is not None:
            return parent
        return self.dialog_parent.window() if self.dialog_parent is not None else None

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()


class ReasonDialog(QDialog):
    """A reason the sender will read; the button waits until there is one."""

    def __init__(self, title: str, prompt: str, ok_text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(prompt.rstrip(":"))
        self.text.setTabChangesFocus(True)
        label = QLabel(prompt)
        label.setBuddy(self.text)
        label.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(ok_text)
        self.ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy bỏ"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.text.textChanged.connect(lambda: self.ok.setEnabled(bool(self.reason())))
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text)
        layout.addWidget(self.buttons)
        self.resize(440, 220)

    def reason(self) -> str:
        return self.text.toPlainText().strip()


class AssignDialog(QDialog):
    """The unit or person who handles the document, and its deadline (hạn xử lý)."""

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Phân công xử lý"))
        self.setAccessibleName(self.windowTitle())
        self.who = QLineEdit(getattr(document, "assignee", "") or "")
        self.who.setAccessibleName(self.tr("Đơn vị, người xử lý"))
        self.who.setPlaceholderText(self.tr("Ví dụ: Phòng Tổng hợp — ông Nguyễn Văn An"))
        self.has_due = QCheckBox(self.tr("Có &hạn xử lý"))
        self.due = QDateEdit()
        self.due.setAccessibleName(self.tr("Hạn xử lý"))
        self.due.setDisplayFormat("dd/MM/yyyy")
        self.due.setCalendarPopup(True)
        self.due.setMinimumDate(QDate.currentDate().addYears(-1))
        current = getattr(document, "due_date", "") or ""
        if current:
            self.due.setDate(QDate.fromString(current[:10], "yyyy-MM-dd"))
            self.has_due.setChecked(True)
        else:
            self.due.setDate(QDate.currentDate().addDays(7))
            self.has_due.setChecked(True)
        self.has_due.toggled.connect(self.due.setEnabled)
        form = QFormLayout()
        who_label = QLabel(self.tr("Đơn vị, &người xử lý:"))
        who_label.setBuddy(self.who)
        form.addRow(who_label, self.who)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due)
        due_row.addStretch(1)
        form.addRow(self.tr("Hạn:"), due_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("&Phân công"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Hủy bỏ"))
        self.ok.setEnabled(bool(self.assignee()))
        self.who.textChanged.connect(lambda: self.ok.setEnabled(bool(self.assignee())))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(460, 150)

    def assignee(self) -> str:
        return self.who.text().strip()

    def due_date(self) -> str | None:
        if not self.has_due.isChecked():
            return None
        return self.due.date().toString("yyyy-MM-dd")


class IncomingActionBar(QWidget):
    """In the detail pane: the sender's request waiting for an answer (15/16), then the
    buttons of the incoming actions. Hidden for other documents."""

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.work = IncomingWork(session, self)
        self.request_box = QFrame()
        self.request_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.request_box.setAccessibleName(self.tr("Yêu cầu của nơi gửi"))
        self.request_text = QLabel()
        self.request_text.setWordWrap(True)
        self.request_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.agree = QPushButton(self.tr("Đồng ý (15)"))
        self.agree.setAccessibleName(self.tr("Đồng ý với yêu cầu của nơi gửi (15)"))
        self.disagree = QPushButton(self.tr("Không đồng ý (16)…"))
        self.disagree.setAccessibleName(self.tr("Không đồng ý với yêu cầu của nơi gửi (16)"))
        self.agree.clicked.connect(lambda: self.work.answer(True))
        self.disagree.clicked.connect(lambda: self.work.answer(False))
        box = QVBoxLayout(self.request_box)
        box.setContentsMargins(8, 6, 8, 6)
        box.addWidget(self.request_text)
        answer_row = QHBoxLayout()
        answer_row.addStretch(1)
        answer_row.addWidget(self.agree)
        answer_row.addWidget(self.disagree)
        box.addLayout(answer_row)

        self.buttons = QWidget()
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        self.tool_buttons: dict[str, QToolButton] = {}
        for key, action in self.work.actions.items():
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAccessibleName(action.statusTip())
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.tool_buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        self.work.dialog_parent = self

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.addWidget(self.request_box)
        layout.addWidget(self.buttons)
        self.work.current_changed.connect(self._refresh)
        self._refresh()

    def show_document(self, document_id: int | None) -> None:
        self.work.set_document(document_id)

    def _refresh(self) -> None:
        work = self.work
        if work.document is None and work.document_id is not None:
            return  # being read: stay as shown until it arrives (no flicker)
        incoming = work.is_incoming()
        self.setVisible(incoming)
        if not incoming:
            return
        self.buttons.setVisible(not work.document.cancelled)
        request = work.request
        self.request_box.setVisible(request is not None)
        if request is None:
            return
        sender = work.document.issuer_name or work.sender or request.from_org
        self.request_text.setText(self.request_words(request, sender))
        self.agree.setVisible(request.waiting)
        self.disagree.setVisible(request.waiting)
        self.agree.setEnabled(not work.busy)
        self.disagree.setEnabled(not work.busy)

    def request_words(self, request: Any, sender: str) -> str:
        reason = request.reason or self.tr("không nêu lý do")
        if request.kind == "revoke":
            text = self.tr("Nơi gửi (%1) đã thu hồi văn bản này: «%2». Văn bản đã được đánh dấu"
                           " hủy trong sổ; nếu không đồng ý, văn bản được giữ lại.")  # fmt: skip
        elif request.kind == "update":
            text = self.tr("Nơi gửi (%1) đã cập nhật văn bản này: «%2». Thông tin và tệp mới"
                           " đã được ghi vào sổ.")  # fmt: skip
        else:
            text = self.tr("Văn bản này thay thế văn bản nơi gửi (%1) đã gửi trước: «%2». Văn"
                           " bản cũ đã được đánh dấu hủy; nếu không đồng ý, văn bản cũ được giữ"
                           " lại.")  # fmt: skip
        text = text.replace("%1", sender).replace("%2", reason)
        if request.waiting:
            return f"<b>{_html(text)}</b><br>" + _html(
                self.tr("Trả lời nơi gửi: đồng ý (15) hay không đồng ý (16)?")
            )
        answer = self.tr("đồng ý (15)") if request.answer == "15" else self.tr("không đồng ý (16)")
        return (
            _html(text) + "<br>" + _html(self.tr("Đã trả lời nơi gửi: %1.").replace("%1", answer))
        )


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class IncomingMenu(QObject):
    """The main window's part: the actions' shortcuts, the Incoming table's context menu,
    the "Sắp đến hạn" section with its notice when the window opens, and every change seen
    at once (the view, the detail pane, the outbox count and a sync round)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        from ui.incoming_deadlines import DueSoonPanel

        self.window = window
        self.work: IncomingWork = window.detail.incoming.work
        actions = list(self.work.actions.values())
        window.addActions(actions)
        incoming = window.view_widgets["incoming"]
        table = incoming.table
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.addActions(actions)
        self.due = DueSoonPanel(window.session, incoming)
        incoming.layout().insertWidget(2, self.due)
        self.due.open_document.connect(window.open_document)
        self.due.notice.connect(self._notice)
        window.opened.connect(self.due.reload)
        self.work.done.connect(self._done)
        window.session.sync.received.connect(self._received)  # bound: gone with the window

    def _received(self, _count: int) -> None:
        self._arrived()

    def _done(self, document_id: int, words: str) -> None:
        window = self.window
        window.statusBar().showMessage(words, 10000)
        if window.detail.document_id == document_id:
            window.detail.show_document(document_id)  # its status and history changed
        view = window.current_view()
        if hasattr(view, "reload"):
            view._wanted = document_id
            view.reload()
        self.due.reload()
        sync = window.session.sync
        sync.refresh_waiting()
        sync.kick()  # an answer queued leaves now, not at the next round

    def _arrived(self) -> None:
        """Documents, take-backs or updates came in: the Incoming view, the document shown
        (a take-back waits on it for an answer) and the deadlines are read again."""
        window = self.window
        view = window.view_widgets["incoming"]
        if view is window.current_view():
            view.reload()
        if self.work.is_incoming() and window.detail.document_id == self.work.document_id:
            window.detail.show_document(self.work.document_id)
        self.due.reload()

    def _notice(self, text: str) -> None:
        self.window.sync_actions.notifier.notify(self.tr("Hạn xử lý"), text, urgent=True)


__all__ = [
    "AssignDialog",
    "IncomingActionBar",
    "IncomingMenu",
    "IncomingWork",
    "ReasonDialog",
]
