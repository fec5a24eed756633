"""Issue (phát hành) a document the official signed: the number and date it will get from its
register (the secret series for a secret document), drawn where they will appear on the page,
the organisation's token and certificate, the seal, the attachments (signed as attachments),
then the issue itself on the token's thread with its progress and, if it fails, the reason in
words. The issue date is today unless the clerk picks another: the number and the marks are
planned again for it, and a date the register refuses is said in words and cannot be issued.
Everything that reads the store, a file, PDFium or the token runs in the background."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidInput
from resources import ROOT as RESOURCES
from ui.issue_page import MarkedPage, PageSwitcher, render_marked_pages
from ui.issue_tokens import PinField, TokenPicker
from ui.labels import dmy
from ui.session import DeskSession
from ui.sign_pin import demo_pin

SAMPLE_SEAL = RESOURCES / "seals" / "con-dau-mau.png"
SEAL_SETTING = "seal_image"


def seal_path(ws: Any) -> Path:
    """The workspace's seal image (setting ``seal_image``), else the bundled sample."""
    chosen = ws.setting(SEAL_SETTING) or ""
    return Path(chosen) if chosen and Path(chosen).is_file() else SAMPLE_SEAL


def read_plan(session: DeskSession, document_id: int) -> dict[str, Any]:
    """The document, what issuing today will write, and where (background)."""
    doc = session.desk.document(document_id)
    found = read_marks(session, document_id, None)
    path = session.desk.ws.blobs.path_for(found["plan"].file_sha256)
    seal = seal_path(session.desk.ws)
    return {"document": doc, **found, "pages": render_marked_pages(path, found["marks"]),
            "seal": seal, "seal_image": QImage(str(seal))}  # fmt: skip


def read_marks(session: DeskSession, document_id: int, date: dt.date | None) -> dict[str, Any]:
    """What issuing on ``date`` (None: today) will write, and where (background); the core's
    refusal of the date (InvalidInput on ``issued_date``) is raised as it is."""
    from signing import issue_marks

    plan = session.signing.plan_issue(document_id, date)
    path = session.desk.ws.blobs.path_for(plan.file_sha256)
    return {"date": date, "plan": plan, "marks": issue_marks(path, plan.notation, plan.date)}


class IssueDialog(QDialog):
    issued = Signal(int)  # the document's id, once issued
    send_requested = Signal(int)  # the clerk asked to send it now

    def __init__(self, session: DeskSession, document_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.document_id = int(document_id)
        self.plan: Any = None
        self.marks: Any = None
        self.seal: Path | None = None
        self.result: Any = None
        self.running = False
        self.planning = 0  # the date asked for last (a newer answer replaces an older one)
        self.replanning = False  # waiting for the plan of the date picked
        self.date_refused = False
        self.date_ready = False  # the picker waits for the plan of today
        self.setWindowTitle(self.tr("Phát hành văn bản"))
        self.setAccessibleName(self.windowTitle())

        self.heading = QLabel(self.tr("Đang đọc văn bản…"))
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName(self.tr("Văn bản phát hành"))
        self.page = MarkedPage()
        self.switcher = PageSwitcher()
        self.switcher.page_chosen.connect(self.page.show_page_number)

        self.register = QLabel()
        self.number = QLabel()
        self.number.setAccessibleName(self.tr("Số, ký hiệu sẽ cấp"))
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setMinimumDate(QDate(1945, 1, 1))
        self.date.setAccessibleName(self.tr("Ngày ban hành"))
        self.date.setToolTip(self.tr("Mặc định là hôm nay; số văn bản theo năm của ngày chọn."))
        self.date.setEnabled(False)  # until the plan for today is known
        self.date.dateChanged.connect(self._date_changed)
        self.date_problem = QLabel()
        self.date_problem.setWordWrap(True)
        self.date_problem.setVisible(False)
        self.date_problem.setAccessibleName(self.tr("Ngày ban hành không dùng được"))
        self.date_problem.setStyleSheet("font-weight: bold;")
        self.tokens = TokenPicker(session)
        self.tokens.changed.connect(self._update_buttons)
        self.tokens.changed.connect(self._tokens_found)
        self.pin = PinField()
        self.pin.textChanged.connect(self._update_buttons)
        self.pin.returnPressed.connect(self.issue)  # Enter issues (when it can)
        self.pin_warning = QLabel()
        self.pin_warning.setWordWrap(True)
        self.pin_warning.setVisible(False)
        self.pin_hint = QLabel()  # a demo workspace's test token: its PIN
        self.pin_hint.setWordWrap(True)
        self.pin_hint.setVisible(False)
        self._pin_focused = False
        self.seal_label = QLabel()
        self.seal_label.setAccessibleName(self.tr("Ảnh con dấu"))
        self.seal_button = QPushButton(self.tr("Chọn ảnh &dấu…"))
        self.seal_button.setAccessibleName(self.tr("Chọn ảnh con dấu khác"))
        self.seal_button.clicked.connect(self._choose_seal)
        seal_row = QHBoxLayout()
        seal_row.addWidget(self.seal_label, 1)
        seal_row.addWidget(self.seal_button)
        self.attachments = QListWidget()
        self.attachments.setAccessibleName(self.tr("Tệp đính kèm được ký kèm"))
        self.attachments.setMaximumHeight(96)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Sổ đăng ký:"), self.register)
        form.addRow(self.tr("Số, ký hiệu:"), self.number)
        date_label = QLabel(self.tr("Ngày &ban hành:"))
        date_label.setBuddy(self.date)
        form.addRow(date_label, self.date)
        form.addRow("", self.date_problem)
        token_label = QLabel(self.tr("&Chứng thư số:"))
        token_label.setBuddy(self.tokens.combo)
        # the certificate and the seal on rows of their own: their names need the width (a
        # form that wrapped them or not by the moment it measured squeezed them)
        form.addRow(token_label)
        form.addRow(self.tokens)
        pin_label = QLabel(self.tr("Mã PI&N:"))
        pin_label.setBuddy(self.pin)
        form.addRow(pin_label, self.pin)
        form.addRow("", self.pin_warning)
        form.addRow("", self.pin_hint)
        form.addRow(QLabel(self.tr("Con dấu:")))
        form.addRow(seal_row)
        form.addRow(self.tr("Tệp đính kèm:"), self.attachments)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Tình trạng phát hành"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.progress.setAccessibleName(self.tr("Đang phát hành"))

        self.buttons = QDialogButtonBox()
        self.issue_button = self.buttons.addButton(
            self.tr("&Phát hành"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.issue_button.setAccessibleName(self.tr("Phát hành văn bản"))
        self.issue_button.clicked.connect(self.issue)
        self.send_button = self.buttons.addButton(
            self.tr("&Gửi đi…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.send_button.setAccessibleName(self.tr("Gửi văn bản đã phát hành"))
        self.send_button.setVisible(False)
        self.send_button.clicked.connect(self._send)
        self.close_button = self.buttons.addButton(
            self.tr("Đóng"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.close_button.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.close_button.clicked.connect(self.reject)

        right = QVBoxLayout()
        right.addLayout(form)
        right.addStretch(1)
        right.addWidget(self.status)
        right.addWidget(self.progress)
        left = QVBoxLayout()
        left.addWidget(self.switcher)
        left.addWidget(self.page, 1)
        body = QHBoxLayout()
        body.addLayout(left, 5)
        body.addLayout(right, 4)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(body, 1)
        layout.addWidget(self.buttons)
        # default once in the dialog: set before, the dialog never learns it, and Enter in
        # the PIN did nothing once Tab had passed over another button
        self.issue_button.setDefault(True)
        self.resize(1000, 680)
        chain: list[QWidget] = [
            self.date, self.tokens.combo, self.tokens.again, self.pin, self.seal_button,
            self.attachments, self.issue_button, self.send_button, self.close_button,
        ]  # fmt: skip
        for before, after in pairwise(chain):  # Tab: as the form reads
            QWidget.setTabOrder(before, after)
        self._update_buttons()

    # -- loading -------------------------------------------------------------------------------

    def start(self) -> None:
        """Read the plan, draw the page and look for tokens (all in the background)."""
        self.session.tasks.run(
            read_plan, self.session, self.document_id, on_done=self._planned,
            on_error=self._plan_failed, label=self.tr("Chuẩn bị phát hành"),
        )  # fmt: skip
        self.tokens.load()

    def _planned(self, found: dict[str, Any]) -> None:
        doc, self.plan, self.marks = found["document"], found["plan"], found["marks"]
        self.heading.setText(f"<b>{_html(doc.subject)}</b>")
        series = {"secret": self.tr(" (sổ văn bản mật)")}.get(self.plan.register.series, "")
        self.register.setText(f"{self.plan.register.name}{series}")
        self.number.setText(f"<b>{_html(self.plan.notation)}</b>")
        today = QDate(self.plan.date.year, self.plan.date.month, self.plan.date.day)
        self.date.blockSignals(True)
        self.date.setMaximumDate(today)  # the core refuses the future: not offered
        self.date.setDate(today)
        self.date.blockSignals(False)
        self.date_ready = True
        self.page.show_pages(found["pages"], self.marks)
        self.switcher.show_marks(self.marks, found["pages"])
        self._set_seal(found["seal"], found["seal_image"])
        self.attachments.clear()
        for a in self.plan.attachments:
            self.attachments.addItem(
                self.tr("%1 — ký với vai trò tệp đính kèm").replace("%1", a.name)
            )
        if not self.plan.attachments:
            self.attachments.addItem(self.tr("Không có tệp đính kèm"))
        if self.marks.problem is not None:
            from ui.errors import words_for

            self._say(words_for(self.marks.problem).text, error=True)
        self._update_buttons()

    # -- another date --------------------------------------------------------------------------

    def chosen_date(self) -> dt.date:
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())

    def _date_changed(self, _date: QDate) -> None:
        """Plan again for the date picked (background); the issue waits for the answer."""
        if self.result is not None or self.running:
            return
        self.planning += 1
        asked, day = self.planning, self.chosen_date()
        self.plan, self.replanning, self.date_refused = None, True, False
        self.date_problem.setVisible(False)
        self.number.setText("…")
        self._update_buttons()
        self.session.tasks.run(
            read_marks, self.session, self.document_id, day,
            on_done=lambda found: self._replanned(asked, found),
            on_error=lambda error: self._replan_failed(asked, error),
            label=self.tr("Chuẩn bị phát hành"),
        )  # fmt: skip

    def _replanned(self, asked: int, found: dict[str, Any]) -> None:
        if asked != self.planning:
            return  # the clerk picked another date meanwhile
        self.plan, self.marks, self.replanning = found["plan"], found["marks"], False
        self.number.setText(f"<b>{_html(self.plan.notation)}</b>")
        self.page.show_marks(self.marks)
        self._update_buttons()

    def _replan_failed(self, asked: int, error: BaseException) -> None:
        from ui.errors import words_for

        if asked != self.planning:
            return
        self.replanning = False
        if not (isinstance(error, InvalidInput) and error.field == "issued_date"):
            self._plan_failed(error)
            return
        self.date_refused = True
        self.number.setText("—")
        self.date_problem.setText(words_for(error).text)
        self.date_problem.setVisible(True)
        self.page.show_marks(self.marks, texts=False)
        self._update_buttons()

    def _plan_failed(self, error: BaseException) -> None:
        from ui.errors import words_for

        self.page.show_message(self.tr("Không phát hành được văn bản này."))
        self._say(words_for(error).text, error=True)
        self._update_buttons()

    # -- the seal ------------------------------------------------------------------------------

    def _set_seal(self, path: Path, image: QImage | None) -> None:
        self.seal = Path(path)
        sample = self.seal == SAMPLE_SEAL
        self.seal_label.setText(
            self.tr("%1 (con dấu mẫu)").replace("%1", self.seal.name)
            if sample else self.seal.name
        )  # fmt: skip
        self.seal_label.setToolTip(str(self.seal))
        self.page.set_seal(image)

    def _choose_seal(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn ảnh con dấu"), str(self.seal or SAMPLE_SEAL.parent),
            self.tr("Ảnh PNG (*.png)"),
        )  # fmt: skip
        if name:
            self.session.tasks.run(
                lambda p=Path(name): (p, QImage(str(p))),
                on_done=lambda r: self._set_seal(*r), label=self.tr("Đọc ảnh con dấu"),
            )  # fmt: skip

    # -- issuing -------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        choice = self.tokens.current()
        warning = ""
        if choice is not None and choice.locked:
            warning = self.tr("Thiết bị ký số đã bị khóa: hãy liên hệ nhà cung cấp để mở khóa.")
        elif choice is not None and choice.final_try:
            warning = self.tr("Chú ý: nhập sai mã PIN lần nữa thiết bị sẽ bị khóa.")
        elif choice is not None and choice.count_low:
            warning = self.tr("Trước đó đã có lần nhập sai mã PIN.")
        self.pin_warning.setText(warning)
        self.pin_warning.setVisible(bool(warning))
        hint = demo_pin(choice.token, self.tokens.demo) if choice is not None else None
        self.pin_hint.setText(
            self.tr("Thiết bị ký số thử nghiệm của bản demo — mã PIN: %1").replace("%1", hint)
            if hint
            else ""
        )
        self.pin_hint.setVisible(bool(hint))
        ready = (
            self.plan is not None and self.marks is not None and self.marks.problem is None
            and not self.date_refused and self.plan.date == self.chosen_date()
            and choice is not None and not choice.locked and bool(self.pin.text())
            and self.result is None and not self.running
        )  # fmt: skip
        self.issue_button.setEnabled(ready)
        for w in (self.tokens, self.pin, self.seal_button):
            w.setEnabled(not self.running and self.result is None)
        self.date.setEnabled(self.date_ready and not self.running and self.result is None)

    def _tokens_found(self) -> None:
        """The certificates are listed: the PIN is what the clerk types next."""
        if not self._pin_focused and self.tokens.current() is not None and self.pin.isEnabled():
            self._pin_focused = True
            self.pin.setFocus()

    def issue(self) -> None:
        choice = self.tokens.current()
        if not self.issue_button.isEnabled() or choice is None or self.seal is None:
            return
        pin = self.pin.take()
        self.running = True
        self.progress.setVisible(True)
        self._say(self.tr("Đang ký phát hành trên thiết bị ký số…"))
        self._update_buttons()
        self.session.tasks.run(
            issue_document, self.session, self.document_id, choice, self.seal, self.plan.date,
            pin, on_done=self._issued, on_error=self._issue_failed,
            label=self.tr("Phát hành văn bản"), submit=_on_token_thread(choice.handle), guard=True,
        )  # fmt: skip

    def _issued(self, result: Any) -> None:
        self.running = False
        self.result = result
        self.progress.setVisible(False)
        doc = result.document
        signed = len(result.attachments)
        text = (
            self.tr("Đã phát hành: số %1, ngày %2.")
            .replace("%1", doc.notation)
            .replace("%2", dmy(dt.date.fromisoformat(doc.issued_date)))
        )
        if signed:
            text += " " + self.tr("%n tệp đính kèm đã được ký.", "", signed)
        self._say(text)
        self.issue_button.setVisible(False)
        self.send_button.setVisible(True)
        self.send_button.setDefault(True)
        self.send_button.setFocus()
        self._update_buttons()
        self.issued.emit(self.document_id)

    def _issue_failed(self, error: BaseException) -> None:
        from ui.errors import words_for

        self.running = False
        self.progress.setVisible(False)
        words = words_for(error)
        self._say(words.text + (f" {words.hint}" if words.hint else ""), error=True)
        self._update_buttons()
        self.tokens.load(refresh=True)  # the token's state (wrong PIN count) may have changed

    def _send(self) -> None:
        self.send_requested.emit(self.document_id)
        self.accept()

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("error", error)
        self.status.setStyleSheet("font-weight: bold;" if error else "")


def issue_document(
    session: DeskSession, document_id: int, choice: Any, seal: Path, date: Any, pin: str
) -> Any:
    """The issue job (on the token's thread): the PIN is this job's argument, never kept."""
    from signing import Signer

    signer = Signer(choice.handle, choice.token, choice.cka_id)
    return session.signing.issue(document_id, signer, pin, seal=seal, date=date)


def _on_token_thread(module: Any) -> Any:
    """A ``submit`` for the task bridge that runs the job on the token module's own thread."""

    def submit(fn: Any, *args: Any, **kwargs: Any) -> Any:
        return module.submit(lambda _lib: fn(*args, **kwargs))

    return submit


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["IssueDialog", "issue_document", "read_marks", "read_plan", "seal_path"]
