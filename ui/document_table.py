"""The register table: a model over pages of frozen rows (app/store/pages.py), loaded in the
background a page at a time as the view scrolls (``canFetchMore``/``fetchMore``), so that a
register of a million documents opens at once and scrolls without stalls (the shape of Anki's
browser table). Sorting asks the store for the first page of the new order; the column chooser
is remembered per view."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QHeaderView, QMenu, QTableView, QWidget

from app.messages import status_label
from app.search import SearchFilters
from app.store.page_types import Page, PageRequest, RegisterRow
from ui.labels import dmy, urgency_words
from ui.session import DeskSession

PAGE_ROWS = 100
_ROLES = Qt.ItemDataRole
DISPLAY, USER, TOOLTIP = int(_ROLES.DisplayRole), int(_ROLES.UserRole), int(_ROLES.ToolTipRole)
FONT, FOREGROUND = int(_ROLES.FontRole), int(_ROLES.ForegroundRole)
ACCESSIBLE = int(_ROLES.AccessibleTextRole)
ANSWERED = frozenset({DISPLAY, USER, TOOLTIP, FONT, FOREGROUND, ACCESSIBLE})  # others: None
WINDOW = 200  # rows read at a time once the view's ids are known
CACHE_ROWS = 4000  # rows kept (the ids of a million-row view take 8 MB; rows far more)
DONE_STATUSES = {"done", "cancelled", "issued", "sent", "returned"}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    sort: str | None  # the page API's sort, or None when the column cannot sort
    value: Callable[[RegisterRow], str]
    width: int = 100
    visible: bool = True


def columns() -> list[Column]:
    """The columns a register view can show (titles in the user's language)."""
    return [
        Column("number", QCoreApplication.translate("DocumentColumns", "Số"), "register",
               lambda r: f"{r.number}/{r.year}" if r.number is not None else "—", 70),
        Column("notation", QCoreApplication.translate("DocumentColumns", "Số, ký hiệu"), "number", lambda r: r.notation, 120),
        Column("arrival_date", QCoreApplication.translate("DocumentColumns", "Ngày đến"), "arrival_date", lambda r: dmy(r.arrival_date), 82),
        Column("issued_date", QCoreApplication.translate("DocumentColumns", "Ngày ban hành"), "issued_date",
               lambda r: dmy(r.issued_date), 90),
        Column("doc_type", QCoreApplication.translate("DocumentColumns", "Loại"), "doc_type", lambda r: r.doc_type, 46),
        Column("subject", QCoreApplication.translate("DocumentColumns", "Trích yếu"), "subject", lambda r: r.subject, 340),
        Column("issuer", QCoreApplication.translate("DocumentColumns", "Cơ quan ban hành"), "issuer_name", lambda r: r.issuer_name, 180),
        Column("urgency", QCoreApplication.translate("DocumentColumns", "Độ khẩn"), "urgency",
               lambda r: urgency_words(r.urgency) if r.urgency else "", 96),
        Column("status", QCoreApplication.translate("DocumentColumns", "Trạng thái"), "status",
               lambda r: status_label("cancelled" if r.cancelled else r.status), 100),
        Column("assignee", QCoreApplication.translate("DocumentColumns", "Người, đơn vị xử lý"), None, lambda r: r.assignee, 140, False),
        Column("due_date", QCoreApplication.translate("DocumentColumns", "Hạn xử lý"), "due_date", lambda r: dmy(r.due_date), 82),
        Column("register", QCoreApplication.translate("DocumentColumns", "Sổ"), None, lambda r: r.register, 50, False),
        Column("id", QCoreApplication.translate("DocumentColumns", "Mã"), "id", lambda r: str(r.id), 60, False),
    ]  # fmt: skip


def is_overdue(row: RegisterRow, today: dt.date) -> bool:
    return bool(
        row.due_date
        and row.due_date < today.isoformat()
        and not row.cancelled
        and row.status not in DONE_STATUSES
    )


class DocumentTableModel(QAbstractTableModel):
    """Rows of one view: the filters, a sort and its direction.

    First the first page (keyset, a few milliseconds, shown at once); then, in the
    background, every id of the view in its order — after which the table has all its rows
    (the scroll bar is the whole register) and reads the rows that come into sight a window
    at a time, keeping a bounded cache. Until the ids arrive, scrolling past the first page
    asks for the next page (``fetchMore``)."""

    page_loaded = Signal(object)  # Page (the first one after a new query, then each next)
    first_page_loaded = Signal(object)  # Page
    ids_loaded = Signal(int)  # how many rows the view has now
    rows_arrived = Signal(int, int)  # first and last row read in (a window)
    load_failed = Signal(object)  # an error

    def __init__(self, session: DeskSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.columns = columns()
        self.rows: list[RegisterRow] = []  # the pages read so far, in order
        self.ids: Any = None  # array('q') of every id, once read
        self._cache: OrderedDict[int, RegisterRow] = OrderedDict()
        self._windows: set[int] = set()  # windows being read
        self._ids_task: Any = None
        self.filters = SearchFilters()
        self.sort_key = "register"
        self.descending = True
        self.next_cursor: Any = None
        self.total: int | None = None
        self.total_is_estimate = False
        self.loading = False
        self._generation = 0
        self.today = dt.date.today()

    # -- what to show ------------------------------------------------------------------------

    def set_query(
        self,
        filters: SearchFilters | None = None,
        sort: str | None = None,
        descending: bool | None = None,
    ) -> None:
        """Show the first page of another query (the rows shown stay until it arrives)."""
        if filters is not None:
            self.filters = filters
        if sort is not None:
            self.sort_key = sort
        if descending is not None:
            self.descending = descending
        self._generation += 1
        self.next_cursor = None
        if self._ids_task is not None:
            self._ids_task.request_cancel()
            self._ids_task = None
        self._load(first=True)

    def refresh(self) -> None:
        self.set_query()

    def _load(self, *, first: bool) -> None:
        if not self.session.is_open:
            return
        generation = self._generation
        request = PageRequest(
            filters=self.filters,
            sort=self.sort_key,
            descending=self.descending,
            limit=PAGE_ROWS,
            after=None if first else self.next_cursor,
        )
        self.loading = True
        self.session.tasks.run(
            self.session.desk.page, request,
            on_done=lambda page: self._arrived(generation, first, page),
            on_error=lambda error: self._failed(generation, error),
            label=self.tr("Đọc sổ"),
        )  # fmt: skip

    def _arrived(self, generation: int, first: bool, page: Page) -> None:
        if generation != self._generation:
            return  # an older query's answer
        self.loading = False
        self.today = dt.date.today()
        if first:
            self.beginResetModel()
            self.rows = list(page.rows)
            self.ids = None
            self._cache.clear()
            self._windows.clear()
            self.endResetModel()
        elif page.rows and self.ids is None:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()
        self.next_cursor = page.next
        if page.total is not None:
            self.total, self.total_is_estimate = page.total, page.total_is_estimate
        self.page_loaded.emit(page)
        if first:
            self.first_page_loaded.emit(page)
            if page.next is not None:  # more than a page: read every id for the scroll bar
                self._read_ids(generation)

    def _read_ids(self, generation: int) -> None:
        self._ids_task = self.session.tasks.run(
            self.session.desk.ordered_ids, self.filters, self.sort_key, self.descending,
            on_done=lambda ids: self._ids_arrived(generation, ids),
            on_error=lambda error: self._failed(generation, error),
            cancellable=True, label=self.tr("Đọc sổ"),
        )  # fmt: skip

    def _ids_arrived(self, generation: int, ids: Any) -> None:
        if generation != self._generation or not len(ids):
            return
        self._ids_task = None
        shown = [r.id for r in self.rows]
        for row in self.rows:
            self._remember(row)
        if list(ids[: len(shown)]) == shown:
            # the same order as the pages shown: only rows are added, selection and scroll stay
            self.ids = ids
            if len(ids) > len(shown):
                self.beginInsertRows(QModelIndex(), len(shown), len(ids) - 1)
                self.endInsertRows()
        else:  # the register changed meanwhile: start from the ids
            self.beginResetModel()
            self.ids = ids
            self.endResetModel()
        self.total, self.total_is_estimate = len(ids), False
        self.next_cursor = None
        self.ids_loaded.emit(len(ids))

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.load_failed.emit(error)

    # -- rows by their place -------------------------------------------------------------------

    def row_at(self, index: int) -> RegisterRow | None:
        """The row at ``index``, or None while its window is being read (asked for now)."""
        if self.ids is None:
            return self.rows[index] if 0 <= index < len(self.rows) else None
        if not 0 <= index < len(self.ids):
            return None
        row = self._cache.get(self.ids[index])
        if row is not None:
            self._cache.move_to_end(row.id)
            return row
        self._read_window(index // WINDOW)
        return None

    def _read_window(self, window: int) -> None:
        if window in self._windows or self.ids is None:
            return
        self._windows.add(window)
        generation = self._generation
        first = window * WINDOW
        wanted = list(self.ids[first : first + WINDOW])
        self.session.tasks.run(
            self.session.desk.rows, wanted,
            on_done=lambda rows: self._window_arrived(generation, window, rows),
            on_error=lambda error: self._failed(generation, error),
            label=self.tr("Đọc sổ"),
        )  # fmt: skip

    def _window_arrived(self, generation: int, window: int, rows: list[RegisterRow]) -> None:
        self._windows.discard(window)
        if generation != self._generation or self.ids is None:
            return
        for row in rows:
            self._remember(row)
        first = window * WINDOW
        last = min(first + WINDOW, len(self.ids)) - 1
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(self.columns) - 1))
        self.rows_arrived.emit(first, last)

    def _remember(self, row: RegisterRow) -> None:
        self._cache[row.id] = row
        self._cache.move_to_end(row.id)
        while len(self._cache) > CACHE_ROWS:
            self._cache.popitem(last=False)

    # -- Qt's model --------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self.ids) if self.ids is not None else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return (
            not parent.isValid()
            and self.ids is None
            and self.next_cursor is not None
            and not self.loading
        )

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load(first=False)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called thousands of times per repaint (cells × roles): the roles the table never
        # answers (decoration, alignment, size, check state…) leave at once.
        role = int(role)
        if role not in ANSWERED or not index.isValid():
            return None
        row = self.row_at(index.row())
        column = self.columns[index.column()]
        if row is None:  # its window is on its way
            if role == DISPLAY and index.column() == 0:
                return "…"
            return None
        if role == DISPLAY:
            return column.value(row)
        if role == USER:
            return row.id
        if role == TOOLTIP:
            tips = [row.subject]
            if row.urgency >= 2:
                tips.append(self.tr("Văn bản khẩn: %1").replace("%1", column_urgency(row)))
            if is_overdue(row, self.today):
                tips.append(self.tr("Đã quá hạn xử lý (%1)").replace("%1", dmy(row.due_date)))
            if row.unread:
                tips.append(self.tr("Chưa xem"))
            return "\n".join(tips)
        if role == FONT:
            if row.unread or row.cancelled:
                font = QFont()
                font.setBold(row.unread and not row.cancelled)
                font.setStrikeOut(row.cancelled)
                return font
            return None
        if role == FOREGROUND:
            if row.cancelled:
                return QApplication.palette().color(
                    QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
                )
            if column.key in ("urgency", "notation", "subject") and row.urgency >= 2:
                return urgent_color()
            if column.key == "due_date" and is_overdue(row, self.today):
                return urgent_color()
            return None
        if role == ACCESSIBLE:
            return column.value(row)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort
        if key is None:
            return
        self.set_query(sort=key, descending=order == Qt.SortOrder.DescendingOrder)

    def update_rows(self, fresh: list[RegisterRow]) -> None:
        """Rows read again after a change to their documents (signed, say): shown in place,
        the selection and the scroll kept (no new query)."""
        by_id = {r.id: r for r in fresh}
        changed = [i for i, r in enumerate(self.rows) if r.id in by_id]
        for i in changed:
            self.rows[i] = by_id[self.rows[i].id]
        for document_id, row in by_id.items():
            if document_id in self._cache:
                self._cache[document_id] = row
        for document_id in by_id:
            index = self.row_of(document_id)
            if index is not None:
                self.dataChanged.emit(self.index(index, 0),
                                      self.index(index, len(self.columns) - 1))  # fmt: skip

    def id_at(self, row: int) -> int | None:
        if self.ids is not None:
            return int(self.ids[row]) if 0 <= row < len(self.ids) else None
        return self.rows[row].id if 0 <= row < len(self.rows) else None

    def row_of(self, document_id: int) -> int | None:
        if self.ids is not None:
            try:
                return self.ids.index(document_id)
            except ValueError:
                return None
        return next((i for i, r in enumerate(self.rows) if r.id == document_id), None)


def column_urgency(row: RegisterRow) -> str:
    return urgency_words(row.urgency)


def urgent_color() -> QColor:
    """A red that reads on the palette in use (lighter on dark backgrounds)."""
    dark = QApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128
    return QColor(255, 120, 110) if dark else QColor(180, 20, 20)


class DocumentTableView(QTableView):
    """The table of a view: selection of whole rows, the column chooser on the header's
    context menu (remembered in the workspace's ``ui.ini``)."""

    def __init__(
        self,
        model: DocumentTableModel,
        settings_key: str,
        hidden: set[str] | frozenset[str] = frozenset(),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.settings_key = settings_key
        self.default_hidden = set(hidden)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._choose_columns)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        metrics, titles = self.fontMetrics(), header.fontMetrics()
        sample = {"arrival_date": "00/00/0000", "issued_date": "00/00/0000",
                  "due_date": "00/00/0000", "number": "0000/0000", "doc_type": "QyĐ"}  # fmt: skip
        for i, column in enumerate(model.columns):
            # a title is never cut (in English it is often longer), nor dates and numbers:
            # those are as wide as they print
            title = titles.horizontalAdvance(column.title) + 24  # and the sort arrow
            width = max(column.width, title)
            if column.key in sample:
                width = max(metrics.horizontalAdvance(sample[column.key]) + 24, title)
            self.setColumnWidth(i, width)
            self.setColumnHidden(i, not column.visible or column.key in self.default_hidden)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)

    def settings(self) -> QSettings | None:
        session = self.model().session
        if not session.home:
            return None
        return QSettings(str(session.home / "ui.ini"), QSettings.Format.IniFormat)

    def restore_columns(self) -> None:
        settings = self.settings()
        if settings is None:
            return
        hidden = settings.value(f"{self.settings_key}/hidden_columns")
        if hidden is None:
            return
        hidden_keys = set(hidden if isinstance(hidden, list) else str(hidden).split(",")) - {""}
        for i, column in enumerate(self.model().columns):
            self.setColumnHidden(i, column.key in hidden_keys)

    def save_columns(self) -> None:
        settings = self.settings()
        if settings is None:
            return
        hidden = [c.key for i, c in enumerate(self.model().columns) if self.isColumnHidden(i)]
        settings.setValue(f"{self.settings_key}/hidden_columns", ",".join(hidden))
        settings.sync()

    def _choose_columns(self, position: Any) -> None:
        menu = QMenu(self)
        menu.setAccessibleName(self.tr("Chọn cột hiển thị"))
        for i, column in enumerate(self.model().columns):
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(i))
            action.toggled.connect(lambda shown, i=i: self.set_column_shown(i, shown))
        menu.popup(self.horizontalHeader().mapToGlobal(position))

    def set_column_shown(self, index: int, shown: bool) -> None:
        self.setColumnHidden(index, not shown)
        self.save_columns()

    def selected_id(self) -> int | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return self.model().id_at(rows[0].row()) if rows else None


__all__ = [
    "Column",
    "DocumentTableModel",
    "DocumentTableView",
    "columns",
    "is_overdue",
    "urgent_color",
]
