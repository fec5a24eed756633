"""A register view: the view's filters, the table of its documents (paged in the
background), and how many there are. The main window gives each navigation entry one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.search import SearchFilters
from ui.document_table import DocumentTableModel, DocumentTableView
from ui.filter_bar import FilterBar
from ui.labels import number
from ui.session import DeskSession


class RegisterView(QWidget):
    document_selected = Signal(object)  # a document id, or None
    first_rows_shown = Signal()

    def __init__(
        self,
        session: DeskSession,
        key: str,
        title: str,
        base: SearchFilters,
        statuses: tuple[str, ...] = (),
        hidden: frozenset[str] = frozenset(),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.key = key
        self.base = base
        self.title = QLabel(f"<b>{title}</b>")
        self.count = QLabel()
        self.count.setAccessibleName(self.tr("Số văn bản"))
        self.filters = FilterBar(statuses)
        self.model = DocumentTableModel(session, self)
        self.table = DocumentTableView(self.model, f"views/{key}", hidden)
        self.table.setAccessibleName(title)
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)
        self.filters.changed.connect(self.reload)
        self.model.first_page_loaded.connect(self._first_page)
        self.model.page_loaded.connect(self._counted)
        self.model.ids_loaded.connect(lambda _n: self._counted(None))
        self.model.load_failed.connect(lambda e: session.errors.report(e, title))
        self._loaded_once = False
        self._wanted: int | None = None

    def start(self) -> None:
        """The workspace is open: columns as the clerk left them, then the first page."""
        self.table.restore_columns()
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.reload()

    def reload(self) -> None:
        """The rows read again (a filter changed, documents arrived, a status changed); the
        document the clerk had selected stays selected when it is still there."""
        if self._wanted is None:
            self._wanted = self.selected_id()
        self.model.set_query(filters=self.filters.filters(self.base))

    def select_document(self, document_id: int) -> bool:
        """Select a document if it is among the rows loaded; else remember it for when the
        view is reloaded."""
        row = self.model.row_of(document_id)
        if row is None:
            self._wanted = document_id
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def selected_id(self) -> int | None:
        return self.table.selected_id()

    def keep_state(self) -> dict[str, object]:
        """The filters and the selected document, for the same view made again."""
        return {"filters": self.filters.state(), "selected": self.selected_id() or self._wanted}

    def restore_state(self, kept: dict[str, object]) -> None:
        """Before ``start``: the rows load with these filters and select that document."""
        self.filters.set_state(kept.get("filters") or {})  # type: ignore[arg-type]
        selected = kept.get("selected")
        self._wanted = int(selected) if isinstance(selected, int) else None

    def _first_page(self, page: Any) -> None:
        wanted, self._wanted = self._wanted, None
        if wanted is not None and self.select_document(wanted):
            return self._shown_once()
        self._wanted = None  # not among the first rows any more: not chased later
        if self.model.rows and self.table.selected_id() is None:
            self.table.selectRow(0)
        elif not self.model.rows:
            self.document_selected.emit(None)
        self._shown_once()

    def _shown_once(self) -> None:
        if not self._loaded_once:
            self._loaded_once = True
            self.first_rows_shown.emit()

    def _counted(self, page: Any) -> None:
        if self.model.total_is_estimate and page is not None and self.model.ids is None:
            # an estimate on the first page: count exactly in the background (cached)
            filters = self.model.filters
            self.session.tasks.run(
                self.session.desk.count, filters,
                on_done=lambda n, f=filters: self._exact(f, n), label=self.tr("Đếm văn bản"),
            )  # fmt: skip
        total = self.model.total
        if total is None:
            self.count.setText("")
            return
        shown = self.model.rowCount()
        approx = "≈ " if self.model.total_is_estimate else ""
        # one sentence, its plural chosen by the total (1 document, 2 documents)
        words = self.tr("%1 / %2%3 văn bản", "", total)
        self.count.setText(
            words.replace("%1", number(shown)).replace("%2", approx).replace("%3", number(total))
        )

    def _exact(self, filters: Any, count: int) -> None:
        if filters == self.model.filters:
            self.model.total, self.model.total_is_estimate = count, False
            self._counted(None)

    def _current_changed(self, current: Any, _previous: Any) -> None:
        self.document_selected.emit(self.model.id_at(current.row()) if current.isValid() else None)

    def focus_table(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)


__all__ = ["RegisterView"]
