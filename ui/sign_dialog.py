"""The official's sign dialog ("Ký duyệt"): one draft, or a batch of the "To sign" list with
one PIN.

- Token and certificate (ui/sign_tokens.py), found in the background; the certificate whose
  holder is the draft's signer is chosen first, else the token used last time.
- The PIN (ui/sign_pin.py), after the token's PIN state is read on the token's own thread.
- One draft: its page with the signature's box, suggested below the signer's title and
  movable (ui/sign_placement.py). A batch: each draft is signed below its own signer's title.
- "Ký" runs ``SigningDesk.approve`` on the token's thread through ``session.tasks`` (one
  login for the whole batch), with a progress bar, "Dừng" (cancel: the documents not reached
  stay unsigned) and a result per document in words. A token pulled out midway stops the job:
  what was signed stays signed, the rest is untouched, and the dialog says so.

``signed(list)`` is emitted with the ids stored as new versions (the main window refreshes
the list and the detail pane); one draft signed closes the dialog."""

from __future__ import annotations

import gc
import threading
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError
from ui.errors import words_for
from ui.session import DeskSession
from ui.sign_pin import PinBox, demo_pin
from ui.sign_placement import PlacementView, draw_for_placement
from ui.sign_tokens import SignSetup, TokenPicker, on_token_thread, read_pin_state
from ui.tasks import Task

SIGNED, FAILED, NOT_STARTED = "signed", "failed", "not_started"


@dataclass
class ApproveJob:
    """One approval job, run on the token's thread: the PIN is handed over once and dropped
    when the job ends; each outcome is appended to ``live`` as it comes (the dialog reads
    them on the progress signals)."""

    desk: Any  # signing SigningDesk
    ids: list[int]
    signer: Any  # signing Signer
    pin: str
    image: Path
    placement: Any = None
    live: list[Any] = field(default_factory=list)

    def __call__(self, *, progress: Any, cancel: Any) -> list[Any]:
        pin, self.pin = self.pin, ""

        def step(done: int, total: int, outcome: Any) -> None:
            self.live.append(outcome)
            progress(done, total, "")

        try:
            return self.desk.approve(
                self.ids, self.signer, pin, image=self.image, placement=self.placement,
                progress=step, cancel=cancel,
            )  # fmt: skip
        finally:
            del pin


_FROZEN = threading.Event()  # the window's long-lived objects are frozen (once a process)


def warm_up() -> None:
    """On the I/O pool, when the dialog opens: the signing stack imported; then, once per
    process, what the window holds collected and moved out of the garbage collector's sight
    (``gc.collect`` then ``gc.freeze``: nothing unreachable is frozen). Without it a full
    collection during a batch walks every object of Qt, pyHanko and the register while the
    GUI thread waits (120–240 ms measured in bench_sign_window.py; 20–40 ms with it). Only
    once: objects frozen are never collected, so freezing again and again would keep what a
    day of work leaves behind."""
    from signing import warm_up_signing

    warm_up_signing()
    if not _FROZEN.is_set():
        _FROZEN.set()
        gc.collect()
        gc.freeze()


def read_documents(desk: Any, ids: list[int]) -> tuple[list[Any], dict[int, AppError]]:
    """On the I/O pool: the documents and, for those that cannot be read, why."""
    docs, errors = [], {}
    for document_id in ids:
        try:
            docs.append(desk.document(document_id))
        except AppError as exc:
            errors[document_id] = exc
    return docs, errors


class SignDialog(QDialog):
    signed = Signal(list)  # ids of the documents signed (new versions stored)
    job_finished = Signal(list)  # every DocumentOutcome of the job

    def __init__(
        self, session: DeskSession, document_ids: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.ids = list(dict.fromkeys(int(i) for i in document_ids))
        self.single = len(self.ids) == 1
        self.docs: dict[int, Any] = {}
        self.outcomes: dict[int, Any] = {}
        self.read_errors: dict[int, AppError] = {}
        self.placement_ready = not self.single
        self._task: Task | None = None
        self._job: ApproveJob | None = None
        self._live_shown = 0
        self._pin_generation = 0
        self._close_when_stopped = False
        self._closed = False
        self.setWindowTitle(self.tr("Ký duyệt văn bản"))
        self.setAccessibleName(self.windowTitle())

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setAccessibleName(self.tr("Văn bản cần ký"))
        self.picker = TokenPicker(session)
        self.pin = PinBox()
        self.image_note = QLabel()
        self.image_note.setWordWrap(True)
        self.image_note.setEnabled(False)  # a quiet note (the palette's disabled text)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Tiến độ ký"))
        self.progress.setFormat(self.tr("%v / %m"))
        self.progress.hide()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Kết quả ký"))
        self.summary.hide()
        self.results = QTreeWidget()
        self.results.setHeaderLabels([self.tr("Văn bản"), self.tr("Trích yếu"), self.tr("Kết quả")])
        self.results.setAccessibleName(self.tr("Các văn bản và kết quả ký"))
        self.results.setRootIsDecorated(False)
        self.results.setWordWrap(True)
        # (sized once when filled: ResizeToContents would measure every row at each change)
        self.results.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.results.header().setStretchLastSection(True)
        self.results.setColumnWidth(1, 300)

        self.sign_button = QPushButton(self.tr("&Ký"))
        self.sign_button.setDefault(True)
        self.sign_button.setAccessibleName(self.tr("Ký"))
        self.stop_button = QPushButton(self.tr("&Dừng"))
        self.stop_button.setAccessibleName(self.tr("Dừng ký"))
        self.stop_button.hide()
        self.close_button = QPushButton(self.tr("Đóng"))
        self.close_button.setAccessibleName(self.tr("Đóng"))
        self.close_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.sign_button, self.stop_button, self.close_button):
            buttons.addWidget(button)

        token_group = QGroupBox(self.tr("Chữ ký số"))
        token_layout = QVBoxLayout(token_group)
        token_layout.addWidget(self.picker)
        token_layout.addWidget(self.pin)
        token_layout.addWidget(self.image_note)

        side = QVBoxLayout()
        side.addWidget(self.heading)
        self.placement_view: PlacementView | None = None
        self.placement_note = QLabel()
        self.placement_note.setWordWrap(True)
        self.placement_note.setAccessibleName(self.tr("Vị trí chữ ký"))
        if self.single:
            self.results.hide()
            self.placement_view = PlacementView()
            self.placement_view.set_notice(self.tr("Đang vẽ trang văn bản…"))
            side.addWidget(self.placement_note)
        else:
            self.placement_note.hide()
            side.addWidget(self.results, 1)
        side.addWidget(token_group)
        side.addWidget(self.progress)
        side.addWidget(self.summary)
        if self.single:
            side.addStretch(1)
        side.addLayout(buttons)
        if self.placement_view is not None:
            outer = QHBoxLayout(self)
            outer.addWidget(self.placement_view, 1)
            outer.addLayout(side, 1)
            self.resize(980, 640)
        else:
            outer_v = QVBoxLayout(self)
            outer_v.addLayout(side)
            self.resize(820, 640)

        self.sign_button.clicked.connect(self.sign)
        self.stop_button.clicked.connect(self.stop)
        self.close_button.clicked.connect(self.reject)
        self.picker.changed.connect(self._token_changed)
        self.picker.searched.connect(self._setup_found)
        self.pin.changed.connect(self._update_buttons)
        self.pin.submitted.connect(self.sign)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.sign)
        self._tab_order()
        self._update_buttons()

    def _tab_order(self) -> None:
        """Tab goes as the official works: token, certificate (and their buttons), PIN, the
        page with the box (one draft) or the list (a batch), Ký, Dừng, Đóng."""
        picker = self.picker
        chain: list[QWidget] = [
            picker.token_box, picker.cert_box, picker.refresh_button, picker.add_button,
            self.pin.field, self.placement_view or self.results, self.sign_button,
            self.stop_button, self.close_button,
        ]  # fmt: skip
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    # -- starting --------------------------------------------------------------------------------

    def start(self) -> None:
        """Read the documents and look for tokens, both in the background."""
        self.heading.setText(self.tr("Đang đọc văn bản…"))
        self.session.tasks.run(
            read_documents, self.session.desk, self.ids, on_done=self._documents_read,
            label=self.tr("Đọc văn bản"),
        )  # fmt: skip
        self.picker.search()
        self.session.tasks.run(warm_up, label=self.tr("Chuẩn bị ký số"))

    def _documents_read(self, result: tuple[list[Any], dict[int, AppError]]) -> None:
        if self._closed:
            return
        docs, self.read_errors = result
        self.docs = {d.id: d for d in docs}
        if self.single and docs:
            doc = docs[0]
            self.heading.setText(
                f"<b>{_html(doc.notation or self.tr('Dự thảo'))}</b> — {_html(doc.subject)}"
                + (f"<br>{_html(' — '.join(x for x in (doc.position, doc.signer) if x))}"
                   if doc.position or doc.signer else "")
            )  # fmt: skip
            self._draw_page(doc)
        elif self.single:
            error = self.read_errors.get(self.ids[0])
            self.heading.setText(_html(words_for(error).text) if error else "")
            self.placement_ready = True
        else:
            self.heading.setText(
                "<b>"
                + self.tr("Ký duyệt %n văn bản bằng một lần nhập mã PIN", "", len(self.ids))
                + "</b>"
            )
        self._fill_results()
        self._choose_token()
        self._update_buttons()

    def _draw_page(self, doc: Any) -> None:
        if not doc.file_sha256:
            self.placement_ready = True
            self.placement_view.set_notice(self.tr("Văn bản chưa có tệp."))
            return
        path = self.session.desk.ws.blobs.path_for(doc.file_sha256)
        self.session.tasks.run(
            draw_for_placement, path, doc.position or "",
            on_done=lambda picture: self._page_drawn(doc, picture),
            on_error=self._page_failed, label=self.tr("Vẽ trang văn bản"),
        )  # fmt: skip

    def _page_drawn(self, doc: Any, picture: Any) -> None:
        if self._closed:
            return
        self.placement_ready = True
        self.placement_view.set_picture(picture)
        if picture.rotated:
            note = self.tr("Trang văn bản bị xoay: chữ ký được đặt dưới chức danh người ký.")
        elif picture.found:
            note = self.tr("Vị trí gợi ý: dưới dòng «%1». Kéo ô chữ ký hoặc dùng phím mũi tên "
                           "để đổi.").replace("%1", doc.position)  # fmt: skip
        elif doc.position:
            note = self.tr("Không thấy chức danh «%1» trên văn bản: hãy kéo ô chữ ký đến chỗ "
                           "cần ký.").replace("%1", doc.position)  # fmt: skip
        else:
            note = self.tr("Hãy kéo ô chữ ký đến chỗ cần ký.")
        self.placement_note.setText(note)
        self._update_buttons()

    def _page_failed(self, error: BaseException) -> None:
        if self._closed:
            return
        self.placement_ready = True
        self.placement_view.set_picture(None, words_for(error).text)
        self._update_buttons()

    # -- the token and its PIN -------------------------------------------------------------------

    def _setup_found(self, setup: SignSetup) -> None:
        if setup.image_is_sample:
            self.image_note.setText(
                self.tr("Ảnh chữ ký: ảnh mẫu (chưa cài ảnh chữ ký riêng trong Cài đặt).")
            )
        else:
            self.image_note.setText(self.tr("Ảnh chữ ký: %1").replace("%1", setup.image.name))
        self._choose_token()

    def _choose_token(self) -> None:
        """The token holding the draft's signer's certificate, else the one used last time."""
        setup = self.picker.setup
        if setup is None or not setup.tokens or self.docs is None:
            return
        signers = {(d.signer or "").casefold() for d in self.docs.values()} - {""}
        for choice in setup.tokens:
            if any((c.common_name or "").casefold() in signers for c in choice.certificates):
                self.picker.select_token(choice.ref)
                return
        last = self._settings().value("sign/token")
        if last:
            self.picker.select_token(str(last))

    def _token_changed(self) -> None:
        """Read the chosen token's PIN state (on its thread) before anything is typed."""
        self._pin_generation += 1
        choice = self.picker.current()
        self.pin.clear()
        if choice is None or self.picker.certificate() is None:
            self.pin.show_none()
            self._update_buttons()
            return
        self.pin.show_reading()
        generation = self._pin_generation
        self.session.tasks.run(
            read_pin_state, choice.module, choice.ref, submit=on_token_thread(choice.module),
            on_done=lambda state: self._pin_state(generation, choice, state),
            on_error=lambda error: self._pin_state_failed(generation, error),
            label=self.tr("Đọc trạng thái thiết bị ký số"),
        )  # fmt: skip

    def _pin_state(self, generation: int, choice: Any, state: Any) -> None:
        if generation != self._pin_generation or self._closed:
            return
        demo = bool(self.picker.setup and self.picker.setup.demo)
        self.pin.set_state(state, demo_hint=demo_pin(choice.info.label, demo))
        self.pin.focus_field()
        self._update_buttons()

    def _pin_state_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._pin_generation or self._closed:
            return
        self.pin.show_none()
        self.pin.show_error(words_for(error).text)
        self._update_buttons()

    # -- signing ---------------------------------------------------------------------------------

    def running(self) -> bool:
        return self._task is not None

    def pending_ids(self) -> list[int]:
        """The documents still to sign (a second "Ký" after a stop signs only these)."""
        return [i for i in self.ids if getattr(self.outcomes.get(i), "status", "") != SIGNED]

    def can_sign(self) -> bool:
        return (
            not self.running()
            and bool(self.docs)
            and bool(self.pending_ids())
            and self.placement_ready
            and self.picker.current() is not None
            and self.picker.certificate() is not None
            and self.pin.can_sign()
        )

    def sign(self) -> None:
        if not self.can_sign():
            return
        from signing import Signer, TokenModule

        choice, cert = self.picker.current(), self.picker.certificate()
        pin = self.pin.take_pin()
        if pin is None or choice is None or cert is None or self.picker.setup is None:
            return
        self.pin.show_error("")
        ids = self.pending_ids()
        placement = self.placement_view.placement() if self.placement_view else None
        self._job = ApproveJob(
            self.session.signing, ids, Signer(TokenModule.of(choice.module), choice.ref,
                                              cert.cka_id),
            pin, self.picker.setup.image, placement,
        )  # fmt: skip
        del pin  # the job holds it until it runs, then drops it
        self._live_shown = 0
        self.summary.hide()
        self.progress.setRange(0, len(ids))
        self.progress.setValue(0)
        self.progress.setVisible(not self.single)
        if self.single:
            self.summary.setText(self.tr("Đang ký…"))
            self.summary.show()
        self._chosen_token = choice.info.label
        self._task = self.session.tasks.run(
            self._job, on_done=self._finished, on_error=self._failed,
            on_progress=self._progressed, progress=True, cancellable=True,
            submit=on_token_thread(choice.module), label=self.tr("Ký duyệt văn bản"), guard=True,
        )  # fmt: skip
        self._update_buttons()

    def stop(self) -> None:
        if self._task is not None:
            self._task.request_cancel()
            self.stop_button.setEnabled(False)
            self.summary.setText(self.tr("Đang dừng sau văn bản đang ký…"))
            self.summary.show()

    def _progressed(self, done: int, total: int, _detail: str = "") -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self._show_live()

    def _show_live(self) -> None:
        live = self._job.live if self._job is not None else []
        for outcome in live[self._live_shown :]:
            self.outcomes[outcome.document_id] = outcome
            self._set_result(outcome.document_id)
        self._live_shown = len(live)

    def _finished(self, outcomes: list[Any]) -> None:
        """The results shown now; what follows (the window refreshed, the dialog closed) on
        the next turn of the event loop: no long stretch of the GUI thread at the end."""
        cancelled = bool(self._task and self._task.cancelled)
        self._task, self._job = None, None
        self.results.setUpdatesEnabled(False)
        for outcome in outcomes:
            self.outcomes[outcome.document_id] = outcome
            self._set_result(outcome.document_id)
        self.results.setUpdatesEnabled(True)
        self.progress.setValue(sum(o.status != NOT_STARTED for o in outcomes))
        signed = [o.document_id for o in outcomes if o.status == SIGNED]
        stop = next((o.error for o in outcomes if o.status == NOT_STARTED and o.error), None)
        self._say(outcomes, stop, cancelled)
        code = stop.code if isinstance(stop, AppError) else ""
        if code in ("pin_incorrect", "pin_locked"):
            self.pin.show_error(words_for(stop).text)
            self._token_changed()  # read the state again: its warning shows before retyping
            self.pin.show_error(words_for(stop).text)
        self._update_buttons()
        QTimer.singleShot(0, self, lambda: self._announce(list(outcomes), signed))

    def _announce(self, outcomes: list[Any], signed: list[int]) -> None:
        if signed:
            self._settings().setValue("sign/token", self._chosen_token)
        self.job_finished.emit(outcomes)
        if signed:
            self.signed.emit(signed)
        if self._close_when_stopped or (self.single and signed and not self.pending_ids()):
            self._closed = True
            self.accept()

    def _failed(self, error: BaseException) -> None:
        self._task, self._job = None, None
        self.summary.setText(words_for(error).text)
        self.summary.show()
        if self._close_when_stopped:
            self._closed = True
            self.reject()
            return
        self._update_buttons()

    def _say(self, outcomes: list[Any], stop: BaseException | None, cancelled: bool) -> None:
        count = {s: sum(o.status == s for o in outcomes) for s in (SIGNED, FAILED, NOT_STARTED)}
        code = stop.code if isinstance(stop, AppError) else ""
        lines = []
        if code == "token_removed":
            lines.append(
                self.tr(
                    "Thiết bị ký số đã bị rút ra giữa chừng. Các văn bản đã ký vẫn được giữ; "
                    "%n văn bản còn lại chưa được ký và không bị thay đổi. Hãy cắm lại thiết "
                    "bị, bấm «Tìm lại» rồi «Ký» để ký tiếp.",
                    "",
                    count[NOT_STARTED],
                )
            )
        elif code in ("pin_incorrect", "pin_locked"):  # said under the PIN field
            if self.single:
                self.summary.hide()
                return
        elif stop is not None:
            lines.append(words_for(stop).text)
        elif cancelled and count[NOT_STARTED]:
            lines.append(self.tr("Đã dừng: %n văn bản chưa được ký.", "", count[NOT_STARTED]))
        if len(outcomes) > 1 or not lines:
            lines.append(
                self.tr("Đã ký %1, lỗi %2, chưa ký %3.")
                .replace("%1", str(count[SIGNED])).replace("%2", str(count[FAILED]))
                .replace("%3", str(count[NOT_STARTED]))
            )  # fmt: skip
        if self.single and count[FAILED]:
            failed = next(o for o in outcomes if o.status == FAILED)
            lines = [words_for(failed.error).text if failed.error else self.tr("Chưa ký được.")]
        self.summary.setText("\n".join(lines))
        self.summary.show()

    # -- the results list ------------------------------------------------------------------------

    def _fill_results(self) -> None:
        self.results.clear()
        self._items: dict[int, QTreeWidgetItem] = {}
        for document_id in self.ids:
            doc = self.docs.get(document_id)
            if doc is not None and doc.number is not None:
                name = doc.notation
            else:  # a draft has no number yet: "/QĐ-UBND" alone tells drafts apart poorly
                name = self.tr("Dự thảo %1").replace("%1", str(document_id))
            item = QTreeWidgetItem([name, doc.subject if doc else "", ""])
            item.setToolTip(1, doc.subject if doc else "")
            self._items[document_id] = item
            self.results.addTopLevelItem(item)
            self._set_result(document_id)
        self.results.resizeColumnToContents(0)

    def _set_result(self, document_id: int) -> None:
        item = getattr(self, "_items", {}).get(document_id)
        if item is None:
            return
        outcome = self.outcomes.get(document_id)
        error = self.read_errors.get(document_id)
        if outcome is None:
            text = ("✗ " + words_for(error).text) if error else ""
        elif outcome.status == SIGNED:
            text = "✓ " + self.tr("Đã ký (phiên bản %1)").replace("%1", str(outcome.version))
        elif outcome.status == FAILED:
            text = "✗ " + (words_for(outcome.error).text if outcome.error else self.tr("Lỗi"))
        else:
            text = "– " + self.tr("Chưa ký")
        item.setText(2, text)
        item.setToolTip(2, text)

    def result_texts(self) -> dict[int, str]:
        """Each document's result as shown (tests read it)."""
        return {i: item.text(2) for i, item in getattr(self, "_items", {}).items()}

    # -- buttons and closing ---------------------------------------------------------------------

    def _update_buttons(self) -> None:
        running = self.running()
        self.sign_button.setEnabled(self.can_sign())
        pending = len(self.pending_ids())
        if self.single or pending <= 1:
            self.sign_button.setText(self.tr("&Ký"))
        else:
            self.sign_button.setText(self.tr("&Ký %n văn bản", "", pending))
        self.stop_button.setVisible(running and not self.single)
        self.stop_button.setEnabled(running)
        self.close_button.setEnabled(not running or not self.single)
        self.picker.setEnabled(not running)
        self.pin.setEnabled(not running)

    def reject(self) -> None:
        if self.running():  # stop first: the job ends after the document it is signing
            self._close_when_stopped = True
            self.stop()
            return
        self._closed = True
        self.pin.clear()
        super().reject()

    def closeEvent(self, event: Any) -> None:
        if self.running():
            event.ignore()
            self.reject()
            return
        self._closed = True
        self.pin.clear()
        super().closeEvent(event)

    def _settings(self) -> QSettings:
        return QSettings(str(self.session.home / "ui.ini"), QSettings.Format.IniFormat)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["ApproveJob", "SignDialog", "read_documents"]
