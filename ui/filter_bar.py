"""The filters of a register view: year, type, issuer, urgency, status and a date range. Any
change waits a moment (typing an issuer's name) and then says so once."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import QDate, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QWidget,
)

from app.messages import STATUS_LABELS, language
from app.model import DOC_TYPES, URGENCY_LABELS
from app.search import SearchFilters
from ui.labels import type_words, urgency_words

DEBOUNCE_MS = 300
NO_DATE = QDate(1945, 1, 1)  # the date edits' "not set" value (shown as "—")


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, statuses: tuple[str, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.changed.emit)

        self.year = QComboBox()
        self.year.setAccessibleName(self.tr("Năm"))
        self.year.addItem(self.tr("Mọi năm"), None)
        this_year = dt.date.today().year
        for year in range(this_year, this_year - 6, -1):
            self.year.addItem(str(year), year)

        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Loại văn bản"))
        self.kind.addItem(self.tr("Mọi loại"), None)
        for kind in DOC_TYPES:
            self.kind.addItem(type_words(kind), kind.key)

        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText(self.tr("Cơ quan ban hành"))
        self.issuer.setAccessibleName(self.tr("Lọc theo cơ quan ban hành"))
        self.issuer.setClearButtonEnabled(True)
        self.issuer.setMinimumWidth(150)

        self.urgency = QComboBox()
        self.urgency.setAccessibleName(self.tr("Độ khẩn"))
        self.urgency.addItem(self.tr("Mọi độ khẩn"), None)
        for level in URGENCY_LABELS:
            self.urgency.addItem(urgency_words(level), int(level))

        lang = language()
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Trạng thái"))
        self.status.addItem(self.tr("Mọi trạng thái"), None)
        for key in statuses or tuple(STATUS_LABELS):
            pair = STATUS_LABELS.get(key, (key, key))
            self.status.addItem(pair[1] if lang == "en" else pair[0], key)

        self.date_from = self._date_edit(self.tr("Từ ngày ban hành"))
        self.date_to = self._date_edit(self.tr("Đến ngày ban hành"))

        self.clear = QToolButton()
        self.clear.setText(self.tr("Xóa lọc"))
        self.clear.setAccessibleName(self.tr("Xóa mọi bộ lọc"))
        self.clear.clicked.connect(self.reset)

        # two rows, so that the table keeps its width beside the detail pane
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(4)
        layout.addWidget(self.year, 0, 0)
        layout.addWidget(self.kind, 0, 1)
        layout.addWidget(self.issuer, 0, 2, 1, 2)
        layout.addWidget(self.urgency, 0, 4)
        layout.addWidget(self.status, 1, 0)
        dates = QHBoxLayout()
        dates.addWidget(QLabel(self.tr("Ban hành từ")))
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(self.tr("đến")))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        layout.addLayout(dates, 1, 1, 1, 3)
        layout.addWidget(self.clear, 1, 4)
        layout.setColumnStretch(2, 1)

        for combo in (self.year, self.kind, self.urgency, self.status):
            combo.currentIndexChanged.connect(self._timer.start)
        self.issuer.textChanged.connect(self._timer.start)
        self.date_from.dateChanged.connect(self._timer.start)
        self.date_to.dateChanged.connect(self._timer.start)

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setAccessibleName(name)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setCalendarPopup(True)
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("—")
        edit.setDate(NO_DATE)
        return edit

    def reset(self) -> None:
        for combo in (self.year, self.kind, self.urgency, self.status):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.issuer.blockSignals(True)
        self.issuer.clear()
        self.issuer.blockSignals(False)
        for edit in (self.date_from, self.date_to):
            edit.blockSignals(True)
            edit.setDate(NO_DATE)
            edit.blockSignals(False)
        self.changed.emit()

    def filters(self, base: SearchFilters) -> SearchFilters:
        """``base`` (the view's own: a direction, statuses) narrowed by what is chosen."""

        def day(edit: QDateEdit) -> str | None:
            date = edit.date()
            return None if date == NO_DATE else date.toString("yyyy-MM-dd")

        status = self.status.currentData()
        return replace(
            base,
            year=self.year.currentData(),
            doc_type=self.kind.currentData(),
            issuer=self.issuer.text().strip() or None,
            urgency=self.urgency.currentData(),
            status=status,
            statuses=() if status else base.statuses,
            date_from=day(self.date_from),
            date_to=day(self.date_to),
        )

    def state(self) -> dict[str, object]:
        """What is chosen, in words of no language (the items' data, the dates): kept when
        the window is made again in another language."""
        combos = {"year": self.year, "kind": self.kind, "urgency": self.urgency,
                  "status": self.status}  # fmt: skip
        chosen: dict[str, object] = {k: c.currentData() for k, c in combos.items()}
        chosen["issuer"] = self.issuer.text()
        chosen["date_from"] = self.date_from.date().toString("yyyy-MM-dd")
        chosen["date_to"] = self.date_to.date().toString("yyyy-MM-dd")
        return chosen

    def set_state(self, chosen: dict[str, object]) -> None:
        """``state()`` again, quietly (the view loads its rows with it afterwards)."""
        combos = {"year": self.year, "kind": self.kind, "urgency": self.urgency,
                  "status": self.status}  # fmt: skip
        widgets: list[QWidget] = [*combos.values(), self.issuer, self.date_from, self.date_to]
        for widget in widgets:
            widget.blockSignals(True)
        for key, combo in combos.items():
            index = combo.findData(chosen.get(key))
            combo.setCurrentIndex(max(index, 0))
        self.issuer.setText(str(chosen.get("issuer") or ""))
        for key, edit in (("date_from", self.date_from), ("date_to", self.date_to)):
            day = QDate.fromString(str(chosen.get(key) or ""), "yyyy-MM-dd")
            edit.setDate(day if day.isValid() else NO_DATE)
        for widget in widgets:
            widget.blockSignals(False)

    def is_filtered(self) -> bool:
        return any(
            (
                self.year.currentIndex(), self.kind.currentIndex(), self.urgency.currentIndex(),
                self.status.currentIndex(), self.issuer.text().strip(),
                self.date_from.date() != NO_DATE, self.date_to.date() != NO_DATE,
            )
        )  # fmt: skip


__all__ = ["FilterBar"]
