"""Search as you type: diacritics optional, over every metadata field and the text of the
files (app/search.py). The query waits for a pause in typing, runs in the background, and
only the answer to the latest query is shown — each hit with its matched words highlighted.

Keyboard first: Ctrl+F focuses the box (the main window's shortcut), Enter opens the hit
under the cursor (the first one when none is chosen), Up/Down move through the hits, Escape
closes the list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.labels import dmy, number
from ui.session import DeskSession

DEBOUNCE_MS = 220
HITS = 20


def snippet_html(snippet: str, color: str) -> str:
    """The core marks matches with <mark>…</mark> (the rest already escaped)."""
    return snippet.replace("<mark>", f'<b style="background:{color};">').replace("</mark>", "</b>")


class SearchResults(QFrame):
    """The list under the box: one hit per row (number, issuer, date; the snippet)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Kết quả tìm kiếm"))
        self.list.setWordWrap(True)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.list)
        layout.addWidget(self.status)


class SearchBox(QWidget):
    open_document = Signal(int)
    searched = Signal(object)  # SearchResult (tests, the status bar)

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Tìm văn bản (gõ không dấu cũng được) — Ctrl+F"))
        self.edit.setAccessibleName(self.tr("Tìm kiếm văn bản"))
        self.edit.setClearButtonEnabled(True)
        self.edit.setMinimumWidth(360)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.popup = SearchResults(self.window())
        self.popup.hide()
        self.popup.list.itemActivated.connect(self._activated)
        self.popup.list.itemClicked.connect(self._activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search)
        self.edit.textChanged.connect(self._typed)
        self.edit.returnPressed.connect(self._enter)
        self.edit.installEventFilter(self)
        self._generation = 0
        self.result: Any = None

    # -- typing --------------------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self._generation += 1
        if not text.strip():
            self._timer.stop()
            self.popup.hide()
            self.result = None
            return
        self._timer.start()

    def _search(self) -> None:
        query = self.edit.text().strip()
        if not query or not self.session.is_open:
            return
        generation = self._generation
        self.session.tasks.run(
            self.session.desk.search, query, None, HITS,
            on_done=lambda result: self._show(generation, result),
            label=self.tr("Tìm kiếm"),
        )  # fmt: skip

    def _show(self, generation: int, result: Any) -> None:
        if generation != self._generation:
            return  # the clerk typed on meanwhile
        self.result = result
        self.searched.emit(result)
        hits = self.popup.list
        hits.clear()
        mark = self.palette().highlight().color()
        mark.setAlpha(90)
        color = f"rgba({mark.red()},{mark.green()},{mark.blue()},0.35)"
        for hit in result.hits:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, hit.id)
            label = QLabel(
                f"<b>{_escape(hit.notation)}</b> · {_escape(hit.issuer)} · {dmy(hit.date)}"
                f"<br>{snippet_html(hit.snippet, color)}"
            )
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setContentsMargins(4, 3, 4, 3)
            item.setSizeHint(label.sizeHint().grownBy(self.contentsMargins()))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{hit.notation} {hit.subject}")
            hits.addItem(item)
            hits.setItemWidget(item, label)
        more = "≥ " if result.total_is_estimate else ""
        if result.hits:
            words = self.tr("%1 kết quả đầu / %2%3 văn bản khớp (%4 ms)", "", result.total)
            self.popup.status.setText(
                words.replace("%1", number(len(result.hits)))
                .replace("%2", more)
                .replace("%3", number(result.total))
                .replace("%4", f"{result.elapsed_ms:.0f}")
            )
            hits.setCurrentRow(0)
        else:
            self.popup.status.setText(self.tr("Không tìm thấy văn bản nào."))
        self._place_popup()

    def _place_popup(self) -> None:
        width = max(self.edit.width(), 520)
        height = min(60 + 56 * max(self.popup.list.count(), 1), 480)
        self.popup.resize(width, height)
        self.popup.move(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        self.popup.show()

    # -- keys ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            hits = self.popup.list
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and hits.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = min(max(hits.currentRow() + step, 0), hits.count() - 1)
                hits.setCurrentRow(row)
                if not self.popup.isVisible():
                    self._place_popup()
                return True
            if key == Qt.Key.Key_Escape and self.popup.isVisible():
                self.popup.hide()
                return True
        return super().eventFilter(watched, event)

    def _enter(self) -> None:
        hits = self.popup.list
        if not hits.count():
            self._timer.stop()
            self._search()  # Enter before the pause: search now; opening waits for the hits
            return
        item = hits.currentItem() or hits.item(0)
        self._activated(item)

    def _activated(self, item: QListWidgetItem) -> None:
        document_id = item.data(Qt.ItemDataRole.UserRole)
        self.popup.hide()
        if document_id is not None:
            self.open_document.emit(int(document_id))

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["SearchBox", "snippet_html"]
