"""The views that are not registers of documents: the outbox (Gửi nhận), the registers
with their counts (Sổ đăng ký) and the agency directory (Danh bạ cơ quan)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.messages import axis_status_label
from ui.labels import number
from ui.session import DeskSession
from ui.sync_status import local_time


class _View(QWidget):
    first_rows_shown = Signal()
    document_selected = Signal(object)

    def __init__(self, session: DeskSession, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = QLabel(f"<b>{title}</b>")
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.title)
        self.buttons.addStretch(1)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(title)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self.buttons)
        layout.addWidget(self.tree, 1)
        self._shown = False

    def _titles(self, titles: list[str]) -> None:
        """The columns' titles, each column at least as wide as its title (English ones are
        longer than the Vietnamese)."""
        self.tree.setHeaderLabels(titles)
        metrics = self.tree.header().fontMetrics()
        for column, title in enumerate(titles):
            wide = metrics.horizontalAdvance(title) + 24
            self.tree.setColumnWidth(column, max(self.tree.columnWidth(column), wide))

    def _done_once(self) -> None:
        if not self._shown:
            self._shown = True
            self.first_rows_shown.emit()

    def selected_id(self) -> int | None:
        return None

    def select_document(self, document_id: int) -> bool:
        return False


class SendingView(_View):
    """Every package in the outbox: what it carries, to whom, its state in words, tries, the
    next try (local time) and the last error in words; "Gửi lại ngay" for one that waits or
    failed, "Đồng bộ ngay" for a round at once. Read again after every round of the worker."""

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, self.tr("Gửi nhận qua Trục liên thông"), parent)
        self._titles(
            [self.tr("Gói"), self.tr("Loại"), self.tr("Văn bản"), self.tr("Gửi đến"),
             self.tr("Tình trạng"), self.tr("Lần thử"), self.tr("Thử lại lúc"), self.tr("Lỗi")]
        )  # fmt: skip
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Tình trạng gửi nhận"))
        self.retry = QPushButton(self.tr("Gửi &lại ngay"))
        self.retry.setAccessibleName(self.tr("Gửi lại gói đã chọn ngay"))
        self.retry.clicked.connect(self._retry)
        self.sync_now = QPushButton(self.tr("Đồng &bộ ngay"))
        self.sync_now.setAccessibleName(self.tr("Gửi và nhận qua Trục ngay bây giờ"))
        self.sync_now.setToolTip(self.tr("Gửi và nhận qua Trục ngay bây giờ (F9)"))
        self.sync_now.clicked.connect(self._sync_now)
        refresh = QPushButton(self.tr("Làm mới"))
        refresh.clicked.connect(self.start)
        self.buttons.insertWidget(1, self.summary)  # beside the title, never squeezed
        self.buttons.addWidget(self.retry)
        self.buttons.addWidget(self.sync_now)
        self.buttons.addWidget(refresh)
        self.tree.currentItemChanged.connect(self._selected)
        self.rows: list[Any] = []
        self._started = False
        session.sync.changed.connect(self._sync_changed)
        self._rounds = 0
        self._filling = False

    def start(self) -> None:
        if self.session.exchange is None:
            return
        self._started = True
        self.session.tasks.run(self._read, on_done=self._show, label=self.tr("Đọc hàng gửi"))

    def _read(self) -> tuple[list[Any], dict[str, str], dict[int, str]]:
        """In the background: the packages, with the names of their recipients and the number
        and symbol of their documents (what the clerk knows them by)."""
        rows = self.session.exchange.outbox(include_sent=True)
        orgs = sorted({org for row in rows for org in row.to_orgs})
        names = self.session.exchange.agency_names(orgs)
        notations: dict[int, str] = {}
        for row in rows:
            if row.document_id and row.document_id not in notations:
                try:
                    doc = self.session.desk.document(row.document_id)
                    code = f"{doc.code_number}/{doc.code_notation}" if doc.code_number else ""
                    notations[row.document_id] = code or f"#{row.document_id}"
                except Exception:  # a document gone since: its id is all there is
                    notations[row.document_id] = f"#{row.document_id}"
        return rows, names, notations

    def _sync_changed(self) -> None:
        sync = self.session.sync
        if self._started and sync.rounds != self._rounds:
            self._rounds = sync.rounds  # a round ended: the rows' states changed
            self.start()

    def state_words(self, row: Any) -> str:
        if row.state == "sent":
            return self.tr("đã gửi lúc %1").replace("%1", local_time(row.sent_at))
        if row.state == "failed":
            return self.tr("lỗi, cần xem lại")
        return self.tr("chờ gửi lại") if row.attempts else self.tr("chờ gửi")

    def error_words(self, code: str) -> str:
        if not code:
            return ""
        head = code.split(":", 1)[0]
        words = {
            "axis_unreachable": self.tr("Không kết nối được Trục; sẽ tự thử lại"),
            "axis_protocol": self.tr("Trục trả lời không đúng giao thức; sẽ thử lại"),
            "axis_auth_failed": self.tr("Trục không chấp nhận mã hệ thống hay khóa bí mật"),
            "axis_clock_skew": self.tr("Đồng hồ máy lệch so với Trục; hãy chỉnh giờ máy"),
            "axis_certificate": self.tr("Chứng thư của Trục không tin cậy được"),
            "axis_rejected": self.tr("Trục từ chối gói tin; gửi lại y nguyên sẽ không được"),
            "invalid_input": self.tr("Không lập được gói tin (%1)"),
        }
        text = words.get(head)
        if text is None:
            return code
        return text.replace("%1", code.split(":", 1)[1] if ":" in code else code)

    def _show(self, read: tuple[list[Any], dict[str, str], dict[int, str]]) -> None:
        rows, names, notations = read
        kinds = {"edoc": self.tr("văn bản"), "status": self.tr("trạng thái")}
        current = self.tree.currentItem()
        keep = current.data(0, Qt.ItemDataRole.UserRole) if current is not None else None
        self.rows = list(rows)
        self._filling = True  # rows put back are not the clerk choosing a document
        self.tree.clear()
        waiting = failed = 0
        for row in reversed(rows):
            kind = kinds.get(row.kind, row.kind)
            if row.kind == "status":  # the answer in words, its code after it
                code = str(row.spec.get("status", ""))
                kind = f"{kind}: {axis_status_label(code)} ({code})"
            what = row.spec.get("code") or (
                notations.get(row.document_id, f"#{row.document_id}") if row.document_id else ""
            )
            to = ", ".join(names.get(org, org) for org in row.to_orgs)
            item = QTreeWidgetItem(
                [str(row.id), kind, what, to, self.state_words(row),
                 str(row.attempts), local_time(row.next_try_at) if row.state == "pending" else "",
                 self.error_words(row.last_error)]
            )  # fmt: skip
            item.setToolTip(3, ", ".join(row.to_orgs))
            item.setToolTip(1, kind)
            words = self.error_words(row.last_error)
            item.setToolTip(7, words if words == row.last_error else f"{words}\n({row.last_error})")
            item.setData(0, Qt.ItemDataRole.UserRole, row.id)
            item.setData(1, Qt.ItemDataRole.UserRole, row.state)
            item.setData(2, Qt.ItemDataRole.UserRole, row.document_id)
            self.tree.addTopLevelItem(item)
            if row.id == keep:
                self.tree.setCurrentItem(item)
            waiting += row.state == "pending"
            failed += row.state == "failed"
        self.summary.setText(
            self.tr("%1 chờ gửi, %2 lỗi")
            .replace("%1", number(waiting))
            .replace("%2", number(failed))
        )
        header = self.tree.header()
        for column in range(self.tree.columnCount() - 1):  # the error takes what is left
            self.tree.resizeColumnToContents(column)
            wide = header.fontMetrics().horizontalAdvance(self.tree.headerItem().text(column)) + 24
            self.tree.setColumnWidth(column, max(self.tree.columnWidth(column), wide))
        self._selected(self.tree.currentItem(), None)
        self._filling = False
        self._done_once()

    def _selected(self, item: QTreeWidgetItem | None, _previous: Any) -> None:
        self.retry.setEnabled(item is not None and item.data(1, Qt.ItemDataRole.UserRole) != "sent")
        if not self._filling and item is not None and item.data(2, Qt.ItemDataRole.UserRole):
            self.document_selected.emit(int(item.data(2, Qt.ItemDataRole.UserRole)))

    def _retry(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        row_id = int(item.data(0, Qt.ItemDataRole.UserRole))

        def retried(_r: Any) -> None:
            self.session.sync.kick()  # the package is due now: a round sends it
            self.session.sync.refresh_waiting()
            self.start()

        self.session.tasks.run(
            self.session.exchange.retry_now, row_id, on_done=retried, label=self.tr("Gửi lại"),
        )  # fmt: skip

    def _sync_now(self) -> None:
        if not self.session.sync.kick():
            self.summary.setText(self.tr("Chưa cài đặt Trục liên thông."))


class RegistersView(_View):
    """The registers (sổ đăng ký) with their documents and last numbers, year by year."""

    export_requested = Signal(str)  # "incoming" or "outgoing"

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, self.tr("Sổ đăng ký văn bản"), parent)
        self._titles(
            [self.tr("Mã sổ"), self.tr("Tên sổ"), self.tr("Năm"), self.tr("Số văn bản"),
             self.tr("Số cuối"), self.tr("Đã hủy")]
        )  # fmt: skip
        self.export = QPushButton(self.tr("Xuất sổ…"))
        self.export.setAccessibleName(self.tr("Xuất sổ đăng ký ra PDF hoặc CSV"))
        self.export.clicked.connect(self._export)
        self.buttons.addWidget(self.export)

    def start(self) -> None:
        if self.session.desk is None:
            return
        self.session.tasks.run(
            self.session.desk.register_summary, on_done=self._show, label=self.tr("Đọc sổ")
        )

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.tree.clear()
        for r in rows:
            item = QTreeWidgetItem(
                [r["code"], r["name"], str(r["year"] or ""), number(r["documents"]),
                 str(r["last_number"] or ""), str(r["cancelled"] or "")]
            )  # fmt: skip
            item.setData(0, Qt.ItemDataRole.UserRole, r["direction"])
            self.tree.addTopLevelItem(item)
        for column in range(self.tree.columnCount()):
            self.tree.resizeColumnToContents(column)
        self._done_once()

    def _export(self) -> None:
        item = self.tree.currentItem()
        direction = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else "incoming"
        self.export_requested.emit(direction)


class DirectoryView(_View):
    """The agency directory of the axis, kept on this desk for working offline: searched
    without diacritics, refreshed from the axis on demand."""

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(session, self.tr("Danh bạ cơ quan trên Trục"), parent)
        self._titles([self.tr("Mã định danh"), self.tr("Tên cơ quan"),
                      self.tr("Cơ quan cấp trên")])  # fmt: skip
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Tìm cơ quan (gõ không dấu cũng được)"))
        self.query.setAccessibleName(self.tr("Tìm trong danh bạ"))
        self.query.setClearButtonEnabled(True)
        self.size = QLabel()
        refresh = QPushButton(self.tr("Cập nhật từ Trục"))
        refresh.setAccessibleName(self.tr("Tải lại danh bạ từ Trục liên thông"))
        refresh.clicked.connect(self._refresh)
        self.buttons.addWidget(self.size)
        self.buttons.addWidget(refresh)
        self.layout().insertWidget(1, self.query)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._search)
        self.query.textChanged.connect(self._timer.start)

    def start(self) -> None:
        if self.session.exchange is None:
            return
        self.session.tasks.run(
            self.session.exchange.directory_size, on_done=self._sized, label=self.tr("Danh bạ")
        )
        self._search()

    def _sized(self, count: int) -> None:
        self.size.setText(self.tr("%1 cơ quan", "", count).replace("%1", number(count)))
        if not count:
            self._hint(self.tr("Danh bạ trống: bấm «Cập nhật từ Trục» khi có mạng."))
            self._done_once()

    def _search(self) -> None:
        text = self.query.text().strip()
        if not text:
            self._hint(self.tr("Gõ tên hay mã định danh của cơ quan để tìm."))
            self._done_once()
            return
        self.session.tasks.run(
            self.session.exchange.search_directory, text, 200, on_done=self._show,
            label=self.tr("Tìm cơ quan"),
        )  # fmt: skip

    def _show(self, agencies: list[Any]) -> None:
        self.tree.clear()
        if not agencies:
            self._hint(self.tr("Không tìm thấy cơ quan nào."))
        for a in agencies:
            self.tree.addTopLevelItem(QTreeWidgetItem([a.organ_id, a.name, a.parent_id]))
        self.tree.resizeColumnToContents(0)
        self._done_once()

    def _hint(self, text: str) -> None:
        """A sentence instead of rows, across the whole width (a column would cut it)."""
        self.tree.clear()
        item = QTreeWidgetItem([text])
        self.tree.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)

    def _refresh(self) -> None:
        self.session.tasks.run(
            self.session.exchange.refresh_directory,
            on_done=lambda _n: self.start(), label=self.tr("Cập nhật danh bạ"),
        )  # fmt: skip


__all__ = ["DirectoryView", "RegistersView", "SendingView"]
