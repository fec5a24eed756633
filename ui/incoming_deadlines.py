"""The "Sắp đến hạn" section of the Incoming view: incoming documents whose deadline (hạn xử
lý) is within a few days or already past and that nobody has finished, the earliest first;
and the notice the window gives when it opens. Read in the background
(``app.deadlines.due_documents``); the number of days is the workspace setting
``due_reminder_days`` (3 by default)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.messages import status_label
from ui.document_table import urgent_color
from ui.labels import dmy, number
from ui.session import DeskSession


class DueSoonPanel(QWidget):
    open_document = Signal(int)
    notice = Signal(str)  # said once, when the window opens and something is due
    loaded = Signal(object)  # app.deadlines.DueReport

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.report: Any = None
        self._noticed = False
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.toggle.setAccessibleName(self.tr("Sắp đến hạn"))
        self.toggle.toggled.connect(self._toggled)
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Văn bản sắp đến hạn và quá hạn"))
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Văn bản sắp đến hạn và quá hạn xử lý"))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        titles = [self.tr("Hạn xử lý"), self.tr("Còn"), self.tr("Số đến"), self.tr("Số, ký hiệu"),
                  self.tr("Trích yếu"), self.tr("Đơn vị, người xử lý"), self.tr("Trạng thái")]  # fmt: skip
        self.tree.setHeaderLabels(titles)
        metrics = self.tree.header().fontMetrics()
        for column, title in enumerate(titles):
            self.tree.setColumnWidth(column, metrics.horizontalAdvance(title) + 28)
        self.tree.setColumnWidth(4, 260)
        header = self.tree.header()  # the subject takes what is left: the status stays whole
        header.setStretchLastSection(False)
        header.setSectionResizeMode(4, header.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.tree.setVisible(False)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemDoubleClicked.connect(self._activated)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.toggle)
        head.addWidget(self.summary, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.tree)
        self._set_title(None)

    def _toggled(self, shown: bool) -> None:
        self.tree.setVisible(shown)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _set_title(self, report: Any) -> None:
        count = len(report.documents) if report is not None else 0
        self.toggle.setText(
            self.tr("Sắp đến hạn (%1)").replace("%1", number(count)) if report is not None
            else self.tr("Sắp đến hạn")
        )  # fmt: skip

    def reload(self) -> None:
        if not self.session.is_open:
            return
        self.session.tasks.run(self._read, on_done=self._show, label=self.tr("Hạn xử lý"))

    def _read(self) -> Any:
        from app.deadlines import DEFAULT_DAYS, due_documents

        ws = self.session.desk.ws
        try:
            days = int(ws.setting("due_reminder_days") or DEFAULT_DAYS)
        except ValueError:
            days = DEFAULT_DAYS
        return due_documents(ws, days)

    def words(self, report: Any) -> str:
        """One sentence: how many are overdue, how many due within the days."""
        parts = []
        if report.overdue:
            parts.append(
                self.tr("%1 văn bản quá hạn xử lý", "", report.overdue).replace(
                    "%1", number(report.overdue)
                )
            )
        if report.due_soon:
            parts.append(
                self.tr("%1 văn bản đến hạn trong %2 ngày tới", "", report.due_soon)
                .replace("%1", number(report.due_soon))
                .replace("%2", number(report.days))
            )
        return "; ".join(parts) if parts else self.tr("Không có văn bản nào sắp đến hạn")

    def left_words(self, days_left: int) -> str:
        if days_left < 0:
            return self.tr("quá %1 ngày", "", -days_left).replace("%1", number(-days_left))
        if days_left == 0:
            return self.tr("hôm nay")
        return self.tr("còn %1 ngày", "", days_left).replace("%1", number(days_left))

    def _show(self, report: Any) -> None:
        self.report = report
        self._set_title(report)
        self.summary.setText(self.words(report))
        self.tree.clear()
        red = QBrush(urgent_color())
        for d in report.documents:
            item = QTreeWidgetItem(
                [dmy(d.due_date), self.left_words(d.days_left), f"{d.number}/{d.year}",
                 d.notation, d.subject, d.assignee, status_label(d.status)]
            )  # fmt: skip
            item.setData(0, Qt.ItemDataRole.UserRole, d.id)
            item.setToolTip(4, d.subject)
            if d.overdue:
                for column in (0, 1):
                    item.setForeground(column, red)
            self.tree.addTopLevelItem(item)
        for column in (0, 1, 2, 3, 5, 6):  # dates, days and numbers as wide as they print
            self.tree.resizeColumnToContents(column)
        rows = max(1, min(len(report.documents), 5))
        self.tree.setFixedHeight(
            self.tree.header().sizeHint().height()
            + rows * (self.tree.fontMetrics().height() + 8)
            + 2 * self.tree.frameWidth()
            + 4
            + (self.tree.horizontalScrollBar().sizeHint().height()  # a narrow window scrolls
               if self.tree.horizontalScrollBar().maximum() > 0 else 0)
        )  # fmt: skip
        self.loaded.emit(report)
        if not self._noticed:  # once, when the window opens
            self._noticed = True
            if report.documents:
                self.notice.emit(self.words(report))

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        document_id = item.data(0, Qt.ItemDataRole.UserRole)
        if document_id:
            self.open_document.emit(int(document_id))


__all__ = ["DueSoonPanel"]
