"""The detail pane of the selected document: its metadata, its history with reasons, the
recipients and their statuses (outgoing), its file versions, its signatures, and a preview of
its file. Everything is read in the background as one snapshot (``Desk.detail``) and shown
when it arrives; a newer selection wins over an older answer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.messages import action_label, axis_status_label, field_label, status_label
from app.model import Direction
from ui.incoming_actions import IncomingActionBar
from ui.labels import confidentiality_words, dmy, dmy_time, type_words, urgency_words
from ui.session import DeskSession
from ui.sign_actions import add_sign_bar


class DocumentDetailPane(QWidget):
    loaded = Signal(int)  # the document's detail is shown
    requested = Signal(object)  # another document (or None) is to be shown: being read
    preview_ready = Signal(int)  # its first page is drawn (or it has no file)

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.document_id: int | None = None
        self._generation = 0
        self._register_names: dict[str, str] = {}
        self.detail: Any = None

        self.empty = QLabel(self.tr("Chọn một văn bản để xem chi tiết."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setAccessibleName(self.tr("Văn bản đang xem"))

        self.info = QWidget()
        self.info_form = QFormLayout(self.info)
        self.info_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        info_scroll = QScrollArea()
        info_scroll.setWidgetResizable(True)
        info_scroll.setWidget(self.info)
        self.info_scroll = info_scroll

        self.history = QTreeWidget()
        self.history.setHeaderLabels([self.tr("Thời gian"), self.tr("Người"), self.tr("Việc")])
        self.history.setAccessibleName(self.tr("Lịch sử xử lý"))
        self.history.setRootIsDecorated(True)
        self.history.setWordWrap(True)

        self.recipients = QTreeWidget()
        self.recipients.setHeaderLabels(
            [self.tr("Nơi nhận"), self.tr("Trạng thái"), self.tr("Thời gian")]
        )
        self.recipients.setAccessibleName(self.tr("Nơi nhận và trạng thái"))

        self.files = QTreeWidget()
        self.files.setHeaderLabels(
            [self.tr("Phiên bản"), self.tr("Tệp"), self.tr("Do"), self.tr("Thời gian")]
        )
        self.files.setAccessibleName(self.tr("Các phiên bản tệp"))

        self.signatures = self._signature_widget()
        self.tabs = QTabWidget()
        self.tabs.addTab(info_scroll, self.tr("Thông tin"))
        self.tabs.addTab(self.signatures, self.tr("Chữ ký số"))
        self.tabs.addTab(self.history, self.tr("Lịch sử"))
        self.recipients_tab = self.tabs.addTab(self.recipients, self.tr("Nơi nhận"))
        self.tabs.addTab(self.files, self.tr("Tệp", "tab: the file versions"))
        self.tabs.setMinimumHeight(
            150
        )  # a prompt above (a take-back) squeezes the preview, not these

        self.preview = self._preview_widget()
        split = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.title)
        self.sign_bar = add_sign_bar(self)  # "Ký duyệt…" for a draft (ui/sign_actions.py)
        from ui.outgoing_panel import OutgoingActions  # issue, send, revoke, update, replace

        actions = QHBoxLayout()  # "Ký duyệt…" and "Phát hành…" side by side, not stacked
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(self.sign_bar, 0, Qt.AlignmentFlag.AlignTop)
        actions.addWidget(OutgoingActions(self), 1)
        top_layout.addLayout(actions)
        self.incoming = IncomingActionBar(session)  # accept, reject, assign…; sender's requests
        top_layout.addWidget(self.incoming)
        top_layout.addWidget(self.tabs)
        split.addWidget(top)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([280, 620])

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(split)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # -- the parts other modules provide ---------------------------------------------------------

    def _signature_widget(self) -> QWidget:
        from ui.signatures import SignaturePanel

        panel = SignaturePanel()
        panel.recheck_requested.connect(self._recheck)
        return panel

    def _preview_widget(self) -> QWidget:
        from ui.preview import PdfPreview

        preview = PdfPreview(self.session)
        preview.rendered.connect(lambda _pages: self._preview_shown())
        preview.failed.connect(lambda _words: self._preview_shown())
        return preview

    def _preview_shown(self) -> None:
        if self.detail is not None:
            self.preview_ready.emit(self.detail.document.id)

    # -- showing a document ----------------------------------------------------------------------

    def refresh(self) -> None:
        """The document shown, read again (its recipients answered, its status changed); the
        preview is kept when the file is the same, the tab and scroll stay where they are."""
        if self.document_id is not None:
            self.show_document(self.document_id, keep_preview=True)

    def show_document(self, document_id: int | None, *, keep_preview: bool = False) -> None:
        self._generation += 1
        self.document_id = document_id
        self.requested.emit(document_id)
        self.incoming.show_document(document_id)
        if document_id is None or not self.session.is_open:
            self.stack.setCurrentIndex(0)
            return
        generation = self._generation
        self.session.tasks.run(
            self._read, document_id,
            on_done=lambda detail: self._show(generation, detail, keep_preview),
            label=self.tr("Đọc văn bản"),
        )  # fmt: skip

    def _read(self, document_id: int) -> tuple[Any, list[dict[str, Any]], dict[str, str]]:
        detail = self.session.desk.detail(document_id)
        recipients: list[dict[str, Any]] = []
        if detail.document.direction is Direction.OUTGOING and self.session.exchange is not None:
            recipients = self.session.exchange.recipients(document_id)
        names = {r.code: r.name for r in self.session.desk.ws.registers()}
        return detail, recipients, names

    def _show(
        self,
        generation: int,
        result: tuple[Any, list[dict[str, Any]], dict[str, str]],
        keep_preview: bool = False,
    ) -> None:
        """``keep_preview``: the same document read again (``refresh``): the preview stays
        when its file is the same, the Info tab where the clerk scrolled it."""
        if generation != self._generation:
            return  # the clerk has moved on
        detail, recipients, self._register_names = result
        before = self.detail
        if not keep_preview or before is None or before.document.id != detail.document.id:
            self.info_scroll.verticalScrollBar().setValue(0)  # another document: from the top
        self.detail = detail
        doc = detail.document
        self.stack.setCurrentIndex(1)
        self.title.setText(f"<b>{_html(doc.notation or '—')}</b> — {_html(doc.subject)}")
        self._fill_info(doc)
        self._fill_history(detail.history)
        self._fill_recipients(recipients, doc.direction is Direction.OUTGOING)
        self._fill_files(detail.versions)
        self._fill_signatures(detail)
        same_file = (
            before is not None
            and before.document.id == doc.id
            and before.document.file_sha256 == doc.file_sha256
        )
        if not (keep_preview and same_file):
            self._fill_preview(detail)
        self.loaded.emit(doc.id)

    def _fill_info(self, doc: Any) -> None:
        while self.info_form.rowCount():
            self.info_form.removeRow(0)
        incoming = doc.direction is Direction.INCOMING
        number = f"{doc.number}/{doc.year}" if doc.number is not None else self.tr("chưa cấp số")
        rows = [
            (self.tr("Trạng thái"), status_label("cancelled" if doc.cancelled else doc.status)),
            (self.tr("Số đến") if incoming else self.tr("Số đăng ký"),
             f"{number} — {self._register_names.get(doc.register_code, doc.register_code)}"),
            (self.tr("Số, ký hiệu"), doc.notation),
            (self.tr("Loại văn bản"), type_words(doc.doc_type)),
            (self.tr("Ngày ban hành"), dmy(doc.issued_date)),
            (self.tr("Ngày đến"), dmy(doc.arrival_date)),
            (self.tr("Cơ quan ban hành"), f"{doc.issuer_name} ({doc.issuer_id})"),
            (self.tr("Trích yếu"), doc.subject),
            (self.tr("Người ký"), " — ".join(x for x in (doc.position, doc.signer) if x)),
            (self.tr("Độ khẩn"), urgency_words(doc.urgency)),
            (self.tr("Độ mật"), confidentiality_words(doc.confidentiality)),
            (self.tr("Hạn xử lý"), dmy(doc.due_date)),
            (self.tr("Đơn vị, người xử lý"), " — ".join(x for x in (doc.assignee, dmy(doc.handed_on)) if x)),
            (self.tr("Nơi nhận"), doc.recipients or doc.to_places),
            (self.tr("Ghi chú"), doc.note),
        ]  # fmt: skip
        for label, value in rows:
            if not value:
                continue
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            text.setAccessibleName(label)
            self.info_form.addRow(label + ":", text)

    def _fill_history(self, events: Any) -> None:
        self.history.clear()
        for event in reversed(events):  # newest first
            item = QTreeWidgetItem([dmy_time(event.at), event.actor, action_label(event.action)])
            for line in _event_lines(event):
                child = QTreeWidgetItem(["", "", line])
                child.setToolTip(2, line)
                item.addChild(child)
            self.history.addTopLevelItem(item)
        self.history.resizeColumnToContents(0)

    def _fill_recipients(self, recipients: list[dict[str, Any]], outgoing: bool) -> None:
        self.tabs.setTabVisible(self.recipients_tab, outgoing)
        self.recipients.clear()
        for r in recipients:
            latest = r.get("latest")
            words = axis_status_label(latest)
            item = QTreeWidgetItem([r["organ_id"], f"{latest or '—'} {words}", ""])
            for h in r.get("history", []):
                item.addChild(
                    QTreeWidgetItem(
                        ["", f"{h['code']} {axis_status_label(h['code'])}", dmy_time(h["at"])]
                    )
                )
            self.recipients.addTopLevelItem(item)

    def _fill_files(self, versions: Any) -> None:
        self.files.clear()
        for v in versions:
            kind = self.tr("đính kèm %1").replace("%1", str(v.position)) if v.kind != "main" else ""
            item = QTreeWidgetItem(
                [f"{v.version}", f"{v.name} {kind}".strip(), v.role, dmy_time(v.created_at)]
            )
            item.setToolTip(1, f"SHA-256 {v.sha256}\n{v.size:,} B")
            self.files.addTopLevelItem(item)

    def _fill_signatures(self, detail: Any) -> None:
        self.signatures.show_document(detail.document.file_sha256 or None, detail.signatures)

    def _recheck(self) -> None:
        """Check the document's current file again, in the background; a newer selection
        wins over an older answer."""
        if self.detail is None or self.session.signing is None:
            return
        generation, document_id = self._generation, self.detail.document.id

        def done(stored: Any) -> None:
            if generation == self._generation:
                self.signatures.set_stored_report(stored)

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                from ui.errors import words_for

                self.signatures.show_check_failed(words_for(error).text)

        self.session.tasks.run(
            self.session.signing.verify_document, document_id, on_done=done, on_error=failed,
            label=self.tr("Kiểm tra chữ ký số"),
        )  # fmt: skip

    def _fill_preview(self, detail: Any) -> None:
        self.preview.set_document(detail.file_path, detail.document.file_name)
        if detail.file_path is None:
            self.preview_ready.emit(detail.document.id)


def _event_lines(event: Any) -> list[str]:
    details = event.details or {}
    lines = []
    after = details.get("after") or {}
    before = details.get("before") or {}
    for key, value in after.items():
        if key in before:
            lines.append(f"{_label(key)}: {before[key]!s} → {value!s}")
    if details.get("reason"):
        lines.append(f"{_label('reason')}: {details['reason']}")
    if details.get("signer"):
        lines.append(f"{_label('signer')}: {details['signer']}")
    if isinstance(details.get("file"), dict):
        f = details["file"]
        lines.append(f"v{f.get('version')} · {str(f.get('sha256', ''))[:16]}…")
    if details.get("to"):
        lines.append(
            ", ".join(details["to"]) if isinstance(details["to"], list) else str(details["to"])
        )
    return lines


def _label(key: str) -> str:
    """A field's name as a line starts with it (the core's English ones are lower case)."""
    words = field_label(key)
    return words[:1].upper() + words[1:]


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["DocumentDetailPane"]
