"""Registering an incoming document (issue 10, point 4): a PDF dropped or picked, the fields
read off its first page as suggestions, checked as the clerk types, the duplicate warning that
explains what matched, the arrival number and the signature verdict on success.

Everything that touches the store, a file or PDFium runs through ``session.tasks``; the dialog
never waits. One registration at a time: a second click while one is under way does nothing,
and closing the dialog meanwhile is safe (the registration completes; ``registered`` still
tells the main window)."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QImage,
    QKeySequence,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.clock import vn_today
from app.desk import Registration
from app.drafts import IncomingDraft
from app.errors import AppError, DuplicateDocument, InvalidInput
from app.messages import describe
from app.prefill import Prefill
from ui.duplicate_dialog import DuplicateDialog
from ui.register_form import IncomingForm
from ui.register_result import RegistrationResult
from ui.register_widgets import FileDrops, Legend, button, say, size_words
from ui.register_work import (
    THUMBNAIL_WIDTH,
    DuplicateRow,
    FileFacts,
    find_duplicates,
    incoming_registers,
    inspect_file,
    search_agencies,
)

THUMBNAIL_HEIGHT = round(THUMBNAIL_WIDTH * 297 / 210)
EDIT = "edit"  # the clerk fills the form in
CHECKING = "checking"  # duplicates are looked for
CONFIRMING = "confirming"  # the duplicate warning waits for an answer
REGISTERING = "registering"  # the core registers and checks the signatures
DONE = "done"  # registered: the arrival number is shown
BUSY = (CHECKING, CONFIRMING, REGISTERING)


def alive_only(method: Callable[..., Any]) -> Callable[..., Any]:
    """A callback from the background that finds its dialog deleted does nothing."""

    @functools.wraps(method)
    def call(self: QObject, *args: Any) -> Any:
        if not shiboken6.isValid(self):
            return None
        return method(self, *args)

    return call


class RegisterIncomingDialog(QDialog):
    registered = Signal(int)  # the id of the document just registered

    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.phase = EDIT
        self.file: Path | None = None
        self.file_facts: FileFacts | None = None
        self.file_error: AppError | None = None
        self.inspecting = False
        self.draft: IncomingDraft | None = None
        self.duplicate_dialog: DuplicateDialog | None = None
        self.last_registration: Registration | None = None
        self.texts_pending: list[int] | None = None
        self.notice: tuple[str, str] | None = None  # the last refusal, until the form changes
        self._file_generation = 0
        self._search_generation = 0
        self._last_dir = str(Path.home())
        self.setWindowTitle(self.tr("Vào sổ văn bản đến"))
        self.setAccessibleName(self.windowTitle())
        self._build()
        self.drops = FileDrops(self, accepting=lambda: self.phase == EDIT)
        self.drops.dropped.connect(self._dropped)
        if session.is_open:
            self._session_ready()
        else:
            session.ready.connect(self._session_ready)
        self._update()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(
            self.tr("Kéo thả tệp PDF vào đây hoặc chọn tệp (văn bản giấy: để trống)")
        )
        self.file_edit.setAccessibleName(self.tr("Tệp văn bản"))
        self.pick_button = button(
            self.tr("Chọn &tệp…"), self.tr("Chọn tệp PDF"), self.pick_file,
            tip=self.tr("Chọn tệp PDF (Ctrl+O)"),
        )  # fmt: skip
        self.clear_file_button = button(
            self.tr("&Bỏ tệp"), self.tr("Bỏ tệp đã chọn"), self.clear_file
        )
        self.file_status = QLabel()
        self.file_status.setWordWrap(True)
        self.file_status.setAccessibleName(self.tr("Tình trạng tệp"))
        self.file_status.setVisible(False)
        file_label = QLabel(self.tr("Tệp văn bản"))
        file_label.setBuddy(self.pick_button)

        self.form = IncomingForm()
        self.form.changed.connect(self._form_changed)
        self.form.issuer_search_requested.connect(self._search_issuer)
        self.legend = Legend(self.tr("gợi ý đọc từ tệp: hãy kiểm tra lại trước khi vào sổ."))
        self.legend.setVisible(False)

        self.thumbnail = QLabel(self.tr("Kéo thả tệp PDF vào đây"))
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setFixedSize(THUMBNAIL_WIDTH + 4, THUMBNAIL_HEIGHT + 4)
        self.thumbnail.setFrameShape(QFrame.Shape.StyledPanel)
        self.thumbnail.setWordWrap(True)
        self.thumbnail.setAccessibleName(self.tr("Trang đầu của tệp"))

        self.result = RegistrationResult()
        self.result.setVisible(False)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Tình trạng"))
        self.register_button = button(
            self.tr("&Vào sổ"), self.tr("Vào sổ"), self.register_document,
            tip=self.tr("Vào sổ văn bản đến (Ctrl+Enter)"),
        )  # fmt: skip
        self.another_button = button(
            self.tr("&Vào sổ văn bản khác"), self.tr("Vào sổ văn bản khác"),
            lambda: self.new_document(keep_issuer=True),
            tip=self.tr("Một văn bản nữa, cùng cơ quan ban hành"),
        )  # fmt: skip
        self.another_button.setVisible(False)
        self.close_button = button(self.tr("Đó&ng"), self.tr("Đóng"), self.close)

        layout = QVBoxLayout(self)
        file_row = QHBoxLayout()
        file_row.addWidget(file_label)
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.pick_button)
        file_row.addWidget(self.clear_file_button)
        layout.addLayout(file_row)
        layout.addWidget(self.file_status)
        layout.addWidget(self.legend)
        middle = QHBoxLayout()
        middle.addWidget(self.form, 1)
        middle.addSpacing(8)
        middle.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(middle)
        layout.addWidget(self.result)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.register_button)
        buttons.addWidget(self.another_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        chain = [self.pick_button, self.clear_file_button, *self.form.focus_chain(),
                 self.register_button, self.another_button, self.close_button]  # fmt: skip
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.register_document)
        QShortcut(QKeySequence("Ctrl+O"), self).activated.connect(self.pick_file)
        self.resize(880, 580)

    def _session_ready(self) -> None:
        self.form.set_today(self._today())
        self.session.tasks.run(
            incoming_registers, self.session.desk.ws, on_done=self._registers_loaded,
            label=self.tr("Đọc danh sách sổ"),
        )  # fmt: skip
        self._update()

    def _form_changed(self) -> None:
        self.notice = None
        self._update()

    @alive_only
    def _registers_loaded(self, registers: list[Any]) -> None:
        self.form.set_registers(registers)
        self._update()

    def _today(self) -> dt.date:
        desk = self.session.desk
        return vn_today(desk.ws.clock) if desk is not None else dt.date.today()

    # -- opening -------------------------------------------------------------------------------

    def open_for(self, path: Path | None = None) -> bool:
        """Show the dialog, with ``path`` as the document's file when given (its fields are
        read off it in the background). After a registration the form starts afresh; a form
        left half-filled is kept. False when a registration is under way (the file is not
        taken: the dialog is shown as it is)."""
        if self.phase in BUSY:
            self._show()
            return False
        if self.phase == DONE:
            self.new_document(keep_issuer=False)
        if self.session.is_open:
            self.form.set_today(self._today())
        if path is not None:
            self.set_file(Path(path))
        self._show()
        (self.form.issuer_name if path is not None else self.pick_button).setFocus()
        return True

    def _show(self) -> None:
        self.show()
        self.raise_()
        self.activateWindow()

    def new_document(self, *, keep_issuer: bool = True) -> None:
        """An empty form for the next document (the issuer kept when asked)."""
        self.phase = EDIT
        self.draft, self.notice = None, None
        self.form.reset(keep_issuer=keep_issuer)
        self.form.set_editable(True)
        self._forget_file()
        self.result.setVisible(False)
        self._update()
        self.pick_button.setFocus()

    # -- the file ------------------------------------------------------------------------------

    def pick_file(self) -> None:
        if self.phase != EDIT:
            return
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp văn bản đến"), self._last_dir, self.tr("Tệp PDF (*.pdf *.PDF)")
        )
        if name:
            self.set_file(Path(name))

    def set_file(self, path: Path) -> None:
        """Take ``path`` as the document's file: check it, read its suggestions and draw its
        first page, in the background."""
        if self.phase != EDIT:
            return
        path = Path(path)
        self._file_generation += 1
        generation = self._file_generation
        self.file, self.file_facts, self.file_error, self.inspecting = path, None, None, True
        self._last_dir = str(path.parent)
        self.file_edit.setText(path.name)
        self.file_edit.setToolTip(str(path))
        self._set_thumbnail(None, self.tr("Đang đọc tệp…"))
        self._say(self.file_status, self.tr("Đang đọc tệp…"))
        self.session.tasks.run(
            inspect_file, path, self.session.exchange,
            on_done=lambda facts, g=generation: self._file_read(g, facts),
            on_error=lambda exc, g=generation: self._file_failed(g, exc),
            label=self.tr("Đọc tệp"),
        )  # fmt: skip
        self._update()

    def clear_file(self) -> None:
        """No file (a paper document); suggestions read off the file are taken back."""
        if self.phase != EDIT:
            return
        self._forget_file()
        self.form.apply_prefill(Prefill())
        self._update()

    def _forget_file(self) -> None:
        self._file_generation += 1
        self.file, self.file_facts, self.file_error, self.inspecting = None, None, None, False
        self.file_edit.clear()
        self.file_edit.setToolTip("")
        self._say(self.file_status, "")
        self._set_thumbnail(None, self.tr("Kéo thả tệp PDF vào đây"))

    @alive_only
    def _file_read(self, generation: int, facts: FileFacts) -> None:
        if generation != self._file_generation:
            return  # another file was chosen meanwhile
        self.inspecting = False
        self.file_facts = facts
        if facts.error is not None:
            self.file_error = facts.error
            self._say(self.file_status, describe(facts.error), "bad")
            self._set_thumbnail(None, self.tr("Không đọc được tệp"))
            self._update()
            return
        info = facts.info
        pages = self.tr("%n trang", "", info.pages) if info else ""
        found = self.form.apply_prefill(facts.prefill, facts.issuer)
        self.form.set_issuer_candidates(facts.candidates, popup=False)
        if found:
            note = self.tr("%n ô được điền sẵn từ nội dung tệp", "", len(found))
        else:
            note = self.tr("không đọc được thông tin nào từ nội dung tệp (có thể là bản quét)")
        self._say(self.file_status, f"{pages} · {size_words(info.size if info else 0)} · {note}")
        if facts.thumbnail is not None:
            t = facts.thumbnail
            image = QImage(t.pixels, t.width, t.height, t.stride, QImage.Format.Format_RGBX8888)
            self._set_thumbnail(QPixmap.fromImage(image.copy()), "")
        else:
            self._set_thumbnail(None, self.tr("Không vẽ được trang đầu"))
        self._update()

    @alive_only
    def _file_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._file_generation:
            return
        self.inspecting = False
        if not isinstance(error, AppError):
            self.session.errors.report(error, self.tr("Đọc tệp"))
            error = InvalidInput("file", "unreadable", value=str(self.file))
        self.file_error = error
        self._say(self.file_status, describe(error), "bad")
        self._set_thumbnail(None, self.tr("Không đọc được tệp"))
        self._update()

    def _set_thumbnail(self, pixmap: QPixmap | None, text: str) -> None:
        if pixmap is None:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(text)
        else:
            self.thumbnail.setText("")
            self.thumbnail.setPixmap(pixmap)

    # -- the issuer's directory search ----------------------------------------------------------

    def _search_issuer(self, text: str) -> None:
        if not self.session.is_open or self.session.exchange is None or not text:
            return
        self._search_generation += 1
        generation = self._search_generation
        self.session.tasks.run(
            search_agencies, self.session.exchange, text,
            on_done=lambda found, g=generation: self._issuers_found(g, found),
            label=self.tr("Tìm trong danh bạ"),
        )  # fmt: skip

    @alive_only
    def _issuers_found(self, generation: int, agencies: list[Any]) -> None:
        if generation == self._search_generation and self.phase == EDIT:
            self.form.set_issuer_candidates(agencies)

    # -- registering ---------------------------------------------------------------------------

    def register_document(self) -> None:
        """Check the form, then the duplicates, then register (Ctrl+Enter). Does nothing
        while a registration is under way or done."""
        if self.phase != EDIT or not self.session.is_open:
            return
        problems = {k: f.problem for k, f in self.form.fields.items() if f.problem}
        if problems:
            self.form.show_all_problems()
            self._update()
            return
        if self.inspecting:
            return
        if self.file_error is not None:
            self.pick_button.setFocus()
            return
        mapping = self.form.values()
        if self.file is not None:
            mapping["file"] = str(self.file)
        try:
            draft = IncomingDraft.from_mapping(mapping, today=self._today())
        except InvalidInput as exc:
            self._show_invalid(exc)
            return
        self.draft = draft
        self._set_phase(CHECKING)
        self.session.tasks.run(
            find_duplicates, self.session.desk.documents, draft,
            on_done=self._duplicates_found, on_error=self._failed,
            label=self.tr("Kiểm tra trùng lặp"),
        )  # fmt: skip

    @alive_only
    def _duplicates_found(self, rows: list[DuplicateRow]) -> None:
        if self.phase != CHECKING:
            return
        if not rows:
            self._register(force=False)
            return
        if not self.isVisible():  # closed meanwhile: nobody to ask, so the safe answer
            self._refused(self.tr("Chưa vào sổ: văn bản trùng với văn bản đã có."))
            return
        self._set_phase(CONFIRMING)
        dialog = DuplicateDialog(rows, self)
        dialog.finished.connect(self._duplicate_answered)
        self.duplicate_dialog = dialog
        dialog.open()

    def _duplicate_answered(self, result: int) -> None:
        dialog, self.duplicate_dialog = self.duplicate_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        if self.phase != CONFIRMING:
            return
        if result == QDialog.DialogCode.Accepted:
            self._register(force=True)
        else:
            self._refused(self.tr("Chưa vào sổ: văn bản trùng với văn bản đã có."))

    def _refused(self, words: str, tone: str = "warn") -> None:
        self.notice = (words, tone)
        self._set_phase(EDIT)

    def _register(self, *, force: bool) -> None:
        assert self.draft is not None
        self._set_phase(REGISTERING)
        self.session.tasks.run(
            self.session.desk.register_incoming, self.draft, force=force,
            register=self.form.register_code(),
            on_done=self._registered, on_error=self._failed, label=self.tr("Vào sổ"), guard=True,
        )  # fmt: skip

    @alive_only
    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DuplicateDocument) and self.draft is not None:
            # registered meanwhile (another window, an import): explain it like the others
            self._set_phase(CHECKING)
            self.session.tasks.run(
                find_duplicates, self.session.desk.documents, self.draft, error.matches,
                on_done=self._duplicates_found, on_error=self._failed,
                label=self.tr("Kiểm tra trùng lặp"),
            )  # fmt: skip
            return
        if isinstance(error, InvalidInput):
            self._set_phase(EDIT)
            self._show_invalid(error)
        elif isinstance(error, AppError):
            self._refused(describe(error), "bad")
        else:
            self._refused(self.tr("Chưa vào sổ: có lỗi không lường trước."), "bad")
            self.session.errors.report(error, self.tr("Vào sổ văn bản đến"))

    def _show_invalid(self, error: InvalidInput) -> None:
        if error.field == "file":
            self.file_error = error
            self._say(self.file_status, describe(error), "bad")
            self.pick_button.setFocus()
        elif not self.form.show_problem(error):
            self.notice = (describe(error), "bad")
        self._update()

    @alive_only
    def _registered(self, registration: Registration) -> None:
        self.last_registration = registration
        doc = registration.document
        self.form.confirm()
        self._set_phase(DONE)
        self.result.show_registration(registration)
        self.result.setVisible(True)
        if doc.file_sha256:
            self.result.texts_state("running")
            self.session.tasks.run(
                self.session.desk.extract_texts, [doc.id],
                on_done=self._texts_extracted, on_error=self._texts_failed,
                label=self.tr("Trích xuất nội dung"),
            )  # fmt: skip
        else:
            self.result.texts_state("")
        self.another_button.setFocus()
        self.registered.emit(doc.id)

    @alive_only
    def _texts_extracted(self, left: list[int]) -> None:
        self.texts_pending = list(left)
        self.result.texts_state("later" if left else "done")

    @alive_only
    def _texts_failed(self, error: BaseException) -> None:
        self.session.errors.report(error, self.tr("Trích xuất nội dung"), quiet=True)
        self.result.texts_state("failed")

    # -- states --------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self.phase in BUSY

    def _set_phase(self, phase: str) -> None:
        self.phase = phase
        self.form.set_editable(phase == EDIT)
        for widget in (self.pick_button, self.clear_file_button):
            widget.setEnabled(phase == EDIT)
        self._update()

    def _update(self) -> None:
        """The buttons and the status line, from the phase and the form."""
        if not shiboken6.isValid(self):
            return
        problems = {k: f.problem for k, f in self.form.fields.items() if f.problem}
        self.legend.setVisible(self.phase == EDIT and bool(self.form.suggested()))
        self.clear_file_button.setEnabled(self.phase == EDIT and self.file is not None)
        done = self.phase == DONE
        self.register_button.setVisible(not done)
        self.another_button.setVisible(done)
        self.another_button.setDefault(done)
        self.register_button.setEnabled(
            self.phase == EDIT and self.session.is_open and not problems
            and not self.inspecting and self.file_error is None
        )  # fmt: skip
        if self.phase == CHECKING:
            self._say(self.status, self.tr("Đang kiểm tra văn bản trùng…"))
        elif self.phase == CONFIRMING:
            self._say(self.status, self.tr("Văn bản có thể đã được vào sổ: hãy chọn."), "warn")
        elif self.phase == REGISTERING:
            self._say(self.status, self.tr("Đang vào sổ và kiểm tra chữ ký số…"))
        elif done:
            self._say(self.status, "")
        elif not self.session.is_open:
            self._say(self.status, self.tr("Đang mở kho dữ liệu…"))
        elif self.inspecting:
            self._say(self.status, self.tr("Đang đọc tệp…"))
        elif self.file_error is not None:
            words = self.tr("Tệp không dùng được: hãy chọn tệp khác hoặc bỏ tệp.")
            self._say(self.status, words, "bad")
        elif self.file is None and not any(f.touched for f in self.form.fields.values()):
            self._say(
                self.status, self.tr("Chọn hoặc kéo thả tệp PDF, hoặc nhập thông tin văn bản.")
            )
        elif problems:
            missing = self.form.missing_labels(problems)
            wrong = len(problems) - len(missing)
            parts = []
            if missing:
                parts.append(self.tr("Còn thiếu: %1.").replace("%1", ", ".join(missing)))
            if wrong:
                parts.append(self.tr("%n ô chưa đúng.", "", wrong))
            self._say(self.status, " ".join(parts))
        elif self.notice is not None:
            self._say(self.status, *self.notice)
        else:
            self._say(self.status, self.tr("Sẵn sàng vào sổ (Ctrl+Enter)."))

    def _say(self, label: QLabel, text: str, tone: str = "") -> None:
        say(label, text, tone, keep_visible=label is self.status)

    # -- a file dropped -----------------------------------------------------------------------

    def _dropped(self, path: Path) -> None:
        if self.phase == EDIT:
            self.set_file(path)
            self.form.issuer_name.setFocus()

    # -- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing never stops a registration under way: it completes in the background and
        ``registered`` still tells the main window."""
        if self.duplicate_dialog is not None:
            self.duplicate_dialog.reject()
        super().closeEvent(event)


__all__ = ["RegisterIncomingDialog"]
