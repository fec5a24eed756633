"""The fields of an incoming document, as the clerk fills them in: checked as they are typed
with the core's own rules (app/model: pure functions, cheap enough for the GUI thread), the
words of what is wrong beside the field they name (app/messages), and values read off the
file marked as suggestions until the clerk touches them. The form never reaches the store:
the issuer's directory search is asked for by a signal, and the dialog answers it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.errors import InvalidInput
from app.messages import describe, field_label
from app.model import (
    CONFIDENTIALITY_LABELS,
    DOC_TYPES,
    FIELD_LIMITS,
    URGENCY_LABELS,
    code_notation,
    code_number,
    organ_id,
    parse_date,
    text_field,
)
from app.prefill import Prefill
from app.textfold import fold
from ui.labels import confidentiality_words, type_words, urgency_words
from ui.register_widgets import DateEdit, error_color, suggestion_color

SEARCH_DELAY_MS = 250
NAME_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1
# What the first page may suggest, and the draft's keys they fill.
SUGGESTIBLE = (
    "from_org_name",
    "from_org_id",
    "code_number",
    "code_notation",
    "issued_date",
    "doc_type",
    "subject",
    "signer",
    "position",
)


@dataclass
class FormField:
    """One field: its input, where its words go, and what the clerk did with it."""

    key: str
    widget: QWidget
    error: QLabel
    touched: bool = False  # the clerk changed it
    suggested: bool = False  # its value was read off the file and not touched since
    problem: InvalidInput | None = None
    shares_error_with: list[str] = field(default_factory=list)


class IncomingForm(QWidget):
    """The metadata of an incoming document (the file is the dialog's)."""

    changed = Signal()  # a value changed (by the clerk or by a suggestion)
    issuer_search_requested = Signal(str)  # words typed in the issuer box, after a pause

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()
        self._filling = False
        self._show_all = False
        self.fields: dict[str, FormField] = {}
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(
            lambda: self.issuer_search_requested.emit(self.issuer_name.text().strip())
        )
        self._build()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.issuer_name = QLineEdit()
        self.issuer_name.setPlaceholderText(self.tr("Gõ tên hoặc mã cơ quan, có dấu hay không"))
        self.issuer_name.setMaxLength(FIELD_LIMITS["organ_name"] + 20)
        self.issuer_model = QStandardItemModel(self)
        self.completer = QCompleter(self.issuer_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCompletionRole(NAME_ROLE)
        self.completer.setMaxVisibleItems(10)
        self.completer.activated[QModelIndex].connect(self._issuer_picked)
        self.issuer_name.setCompleter(self.completer)
        self.issuer_id = QLineEdit()
        self.issuer_id.setPlaceholderText("000.00.00.G22")
        self.issuer_id.setMaxLength(FIELD_LIMITS["organ_id"] + 5)
        self.number = QLineEdit()
        self.number.setPlaceholderText("05")
        self.number.setMaxLength(FIELD_LIMITS["code_number"] + 40)  # "05/QĐ-UBND" may be pasted
        self.number.setMaximumWidth(90)
        self.notation = QLineEdit()
        self.notation.setPlaceholderText("QĐ-UBND")
        self.notation.setMaxLength(FIELD_LIMITS["code_notation"] + 10)
        self.issued = DateEdit()
        self.doc_type = QComboBox()
        self.doc_type.setPlaceholderText(self.tr("Chọn loại văn bản"))
        for kind in DOC_TYPES:
            self.doc_type.addItem(f"{type_words(kind)} ({kind.key})", kind.key)
        self.doc_type.setCurrentIndex(-1)
        self.doc_type.setMaxVisibleItems(16)
        self.subject = QPlainTextEdit()
        self.subject.setTabChangesFocus(True)
        self.subject.setPlaceholderText(self.tr("Trích yếu nội dung văn bản"))
        self.subject.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.signer = QLineEdit()
        self.signer.setMaxLength(FIELD_LIMITS["signer"] + 10)
        self.position = QLineEdit()
        self.position.setMaxLength(FIELD_LIMITS["position"] + 10)
        self.urgency = QComboBox()
        for level in URGENCY_LABELS:
            self.urgency.addItem(urgency_words(level), int(level))
        self.confidentiality = QComboBox()
        for level in CONFIDENTIALITY_LABELS:
            self.confidentiality.addItem(confidentiality_words(level), int(level))
        self.has_due = QCheckBox(self.tr("Có hạn"))
        self.due = DateEdit()
        self.due.setEnabled(False)
        self.register = QComboBox()

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        grid.setColumnStretch(1, 1)
        self._grid = grid
        self._row = 0
        self._add_row("from_org_name", self.tr("&Cơ quan ban hành"), self.issuer_name)
        self._add_row("from_org_id", self.tr("Mã định &danh"), self.issuer_id)
        self._add_row("code_number", self.tr("&Số, ký hiệu"), self._pair(self.number, "/", self.notation), self.number, also=["code_notation"])  # fmt: skip
        self.fields["code_notation"] = FormField(
            "code_notation", self.notation, self.fields["code_number"].error
        )
        self._add_row("issued_date", self.tr("Ngà&y ban hành"), self._left(self.issued), self.issued)  # fmt: skip
        self._add_row("doc_type", self.tr("&Loại văn bản"), self.doc_type)
        self._add_row("subject", self.tr("T&rích yếu"), self.subject)
        self._add_row("signer", self.tr("Ngườ&i ký"), self.signer)
        self._add_row("position", self.tr("C&hức vụ"), self.position)
        levels = QWidget()
        row = QHBoxLayout(levels)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.urgency, 1)
        conf_label = QLabel(self.tr("Độ &mật"))
        conf_label.setBuddy(self.confidentiality)
        row.addSpacing(12)
        row.addWidget(conf_label)
        row.addWidget(self.confidentiality, 1)
        self._add_row("urgency", self.tr("Độ &khẩn"), levels, self.urgency)
        self.fields["confidentiality"] = FormField(
            "confidentiality", self.confidentiality, self.fields["urgency"].error
        )
        due = QWidget()
        row = QHBoxLayout(due)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.has_due)
        row.addWidget(self.due)
        row.addStretch(1)
        self._add_row("due_date", self.tr("Hạn &xử lý"), due, self.has_due)
        self._add_row("register", self.tr("Sổ đăn&g ký"), self.register)

        names = {
            self.issuer_name: self.tr("Cơ quan ban hành"),
            self.issuer_id: self.tr("Mã định danh cơ quan ban hành"),
            self.number: self.tr("Số văn bản"),
            self.notation: self.tr("Ký hiệu văn bản"),
            self.issued: self.tr("Ngày ban hành"),
            self.doc_type: self.tr("Loại văn bản"),
            self.subject: self.tr("Trích yếu"),
            self.signer: self.tr("Người ký"),
            self.position: self.tr("Chức vụ người ký"),
            self.urgency: self.tr("Độ khẩn"),
            self.confidentiality: self.tr("Độ mật"),
            self.has_due: self.tr("Có hạn xử lý"),
            self.due: self.tr("Hạn xử lý"),
            self.register: self.tr("Sổ đăng ký"),
        }
        for widget, name in names.items():
            widget.setAccessibleName(name)
        self.completer.popup().setAccessibleName(self.tr("Cơ quan trong danh bạ"))

        # the clerk's own changes (suggestions and resets fill with _filling set)
        self.issuer_name.textEdited.connect(self._issuer_typed)
        for key, edit in (("from_org_id", self.issuer_id), ("code_notation", self.notation),
                          ("signer", self.signer), ("position", self.position)):  # fmt: skip
            edit.textEdited.connect(lambda _t, k=key: self._touched(k))
        self.number.textEdited.connect(self._number_typed)
        self.subject.textChanged.connect(lambda: self._touched("subject"))
        self.issued.dateChanged.connect(lambda _d: self._touched("issued_date"))
        self.due.dateChanged.connect(lambda _d: self._touched("due_date"))
        self.has_due.toggled.connect(self._due_toggled)
        for key, combo in (("doc_type", self.doc_type), ("urgency", self.urgency),
                           ("confidentiality", self.confidentiality),
                           ("register", self.register)):  # fmt: skip
            combo.currentIndexChanged.connect(lambda _i, k=key: self._touched(k))

    def _add_row(
        self, key: str, label: str, shown: QWidget, focus: QWidget | None = None,
        also: list[str] | None = None,
    ) -> None:  # fmt: skip
        caption = QLabel(label)
        caption.setBuddy(focus or shown)
        error = QLabel()
        error.setWordWrap(True)
        error.setVisible(False)
        error.setObjectName(f"error_{key}")
        palette = error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, error_color(self.palette()))
        error.setPalette(palette)
        tall = isinstance(shown, QPlainTextEdit)  # its caption beside its first line
        caption.setContentsMargins(0, 4 if tall else 0, 0, 0)
        where = Qt.AlignmentFlag.AlignTop if tall else Qt.AlignmentFlag.AlignVCenter
        self._grid.addWidget(caption, self._row, 0, where | Qt.AlignmentFlag.AlignLeft)
        self._grid.addWidget(shown, self._row, 1)
        self._grid.addWidget(error, self._row + 1, 1)
        self._row += 2
        self.fields[key] = FormField(key, focus or shown, error, shares_error_with=also or [])

    @staticmethod
    def _pair(left: QWidget, between: str, right: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(left)
        row.addWidget(QLabel(between))
        row.addWidget(right, 1)
        return box

    @staticmethod
    def _left(widget: QWidget) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget)
        row.addStretch(1)
        return box

    def focus_chain(self) -> list[QWidget]:
        """The inputs in the order Tab visits them."""
        return [self.issuer_name, self.issuer_id, self.number, self.notation, self.issued,
                self.doc_type, self.subject, self.signer, self.position, self.urgency,
                self.confidentiality, self.has_due, self.due, self.register]  # fmt: skip

    # -- the clerk's changes -------------------------------------------------------------------

    def _touched(self, key: str) -> None:
        if self._filling:
            return
        entry = self.fields[key]
        entry.touched = True
        if entry.suggested:
            self._mark(key, False)
        self.refresh()
        self.changed.emit()

    def _issuer_typed(self, text: str) -> None:
        self._touched("from_org_name")
        self._search_timer.start()

    def _number_typed(self, text: str) -> None:
        """ "05/QĐ-UBND" typed or pasted in the number box: the symbol goes to its own box."""
        if "/" in text:
            number, _, notation = text.partition("/")
            self._filling = True
            try:
                self.number.setText(number.strip())
                if notation.strip():
                    self.notation.setText(notation.strip())
                    self._mark("code_notation", False)
                    self.fields["code_notation"].touched = True
            finally:
                self._filling = False
            self.notation.setFocus()
        self._touched("code_number")

    def _due_toggled(self, on: bool) -> None:
        self.due.setEnabled(on)
        if on and self.due.value() is None:
            self._filling = True
            self.due.set_value(self.today)
            self._filling = False
        self._touched("due_date")

    def _issuer_picked(self, index: QModelIndex) -> None:
        """A directory entry chosen: its name and id, both."""
        name, organ = index.data(NAME_ROLE), index.data(ID_ROLE)
        if not name:
            return
        self._filling = True
        try:
            self.issuer_name.setText(name)
            self.issuer_id.setText(organ or "")
        finally:
            self._filling = False
        for key in ("from_org_name", "from_org_id"):
            self.fields[key].touched = True
            self._mark(key, False)
        self.refresh()
        self.changed.emit()

    def set_issuer_candidates(self, agencies: Iterable[Any], *, popup: bool = True) -> None:
        """Directory entries for the words in the issuer box (the dialog's search)."""
        self.issuer_model.clear()
        for agency in agencies:
            item = QStandardItem(f"{agency.name} — {agency.organ_id}")
            item.setData(agency.name, NAME_ROLE)
            item.setData(agency.organ_id, ID_ROLE)
            item.setToolTip(agency.organ_id)
            self.issuer_model.appendRow(item)
        if popup and self.issuer_model.rowCount() and self.issuer_name.hasFocus():
            self.completer.setCompletionPrefix(self.issuer_name.text())
            self.completer.complete()

    # -- values --------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """The form as IncomingDraft.from_mapping takes it (no file)."""
        issued = self.issued.value()
        due = self.due.value() if self.has_due.isChecked() else None
        data: dict[str, Any] = {
            "from_org_name": self.issuer_name.text(),
            "from_org_id": self.issuer_id.text(),
            "code_number": self.number.text(),
            "code_notation": self.notation.text(),
            "issued_date": issued.isoformat() if issued else "",
            "doc_type": self.doc_type.currentData() or "",
            "subject": self.subject.toPlainText(),
            "signer": self.signer.text(),
            "position": self.position.text(),
            "urgency": self.urgency.currentData() or 0,
            "confidentiality": self.confidentiality.currentData() or 0,
        }
        if due is not None:
            data["due_date"] = due.isoformat()
        return data

    def register_code(self) -> str | None:
        return self.register.currentData()

    def set_registers(self, registers: Iterable[Any]) -> None:
        chosen = self.register.currentData()
        self._filling = True
        try:
            self.register.clear()
            for reg in registers:
                self.register.addItem(reg.name, reg.code)
                self.register.setItemData(
                    self.register.count() - 1, reg.code, Qt.ItemDataRole.ToolTipRole
                )  # the code (for the command line), on hover
            at = self.register.findData(chosen) if chosen else -1
            self.register.setCurrentIndex(max(at, 0) if self.register.count() else -1)
        finally:
            self._filling = False
        self.refresh()

    # -- checking ------------------------------------------------------------------------------

    def check(self) -> dict[str, InvalidInput]:
        """What is wrong with each field, by the core's rules (cheap, pure)."""
        problems: dict[str, InvalidInput] = {}
        v = self.values()
        checks = {
            "from_org_name": lambda: text_field("from_org_name", v["from_org_name"], limit=200),
            "from_org_id": lambda: organ_id(v["from_org_id"], "from_org_id"),
            "code_number": lambda: code_number(v["code_number"]),
            "code_notation": lambda: code_notation(v["code_notation"]),
            "issued_date": lambda: parse_date(v["issued_date"], "issued_date", today=self.today),
            "doc_type": lambda: v["doc_type"] or self._missing("doc_type"),
            "subject": lambda: text_field("subject", v["subject"]),
            "signer": lambda: text_field("signer", v["signer"], required=False),
            "position": lambda: text_field("position", v["position"], required=False),
            "due_date": self._check_due,
            "register": lambda: self.register_code() or self._missing("register"),
        }
        for key, check in checks.items():
            try:
                check()
            except InvalidInput as exc:
                problems[key] = exc
        return problems

    @staticmethod
    def _missing(key: str) -> Any:
        raise InvalidInput(key, "missing")

    def _check_due(self) -> None:
        if not self.has_due.isChecked():
            return
        due, issued = self.due.value(), self.issued.value()
        if due is None:
            raise InvalidInput("due_date", "missing")
        if issued is not None and due < issued:
            raise InvalidInput("due_date", "before_issued_date", value=due.isoformat())

    def refresh(self) -> dict[str, InvalidInput]:
        """Check every field and show the words of what is wrong beside it. A field left
        empty says so once the clerk has changed it, or after ``show_all_problems``."""
        problems = self.check()
        shown: dict[QLabel, list[str]] = {}
        for key, entry in self.fields.items():
            problem = problems.get(key)
            entry.problem = problem
            visible = problem is not None and (
                problem.problem != "missing" or entry.touched or self._show_all
            )
            shown.setdefault(entry.error, [])
            if visible:
                shown[entry.error].append(describe(problem))
            note = self.tr("Gợi ý đọc từ tệp, hãy kiểm tra lại") if entry.suggested else ""
            entry.widget.setAccessibleDescription(describe(problem) if visible else note)
        for label, words in shown.items():
            label.setText("\n".join(words))
            label.setVisible(bool(words))
        return problems

    def show_all_problems(self) -> InvalidInput | None:
        """Show every problem, missing fields too; the first one's field gets the focus."""
        self._show_all = True
        problems = self.refresh()
        for key in self.fields:
            if key in problems:
                self.fields[key].widget.setFocus()
                return problems[key]
        return None

    def show_problem(self, problem: InvalidInput) -> bool:
        """Words the core gave for a field (at registration): beside it, focused. False when
        the field is not one of the form's."""
        entry = self.fields.get(problem.field)
        if entry is None:
            return False
        entry.error.setText(describe(problem))
        entry.error.setVisible(True)
        entry.widget.setFocus()
        return True

    def missing_labels(self, problems: dict[str, InvalidInput]) -> list[str]:
        return [field_label(k) for k, p in problems.items() if p.problem == "missing"]

    # -- suggestions ---------------------------------------------------------------------------

    def apply_prefill(self, prefill: Prefill, issuer: Any = None) -> list[str]:
        """Fill what the first page says into the fields the clerk has not touched (marked as
        suggestions); suggestions of an earlier file that this one lacks are taken back.
        Returns the keys filled."""
        values: dict[str, Any] = {
            "from_org_name": issuer.name if issuer else prefill.issuer_name,
            "from_org_id": issuer.organ_id if issuer else None,
            "code_number": prefill.code_number,
            "code_notation": prefill.code_notation,
            "issued_date": prefill.issued_date,
            "doc_type": prefill.doc_type,
            "subject": prefill.subject,
            "signer": prefill.signer,
            "position": prefill.position,
        }
        skip: set[str] = set()
        if issuer is None and prefill.issuer_name:
            if fold(prefill.issuer_name) == fold(self.issuer_name.text()):
                # the same sender as the one kept from the last document: keep its id too
                values["from_org_name"] = values["from_org_id"] = None
                skip = {"from_org_name", "from_org_id"}
            else:  # another sender: the id of the one before no longer belongs to it
                values["from_org_id"] = ""
        filled = []
        self._filling = True
        try:
            for key in SUGGESTIBLE:
                entry = self.fields[key]
                value = values.get(key)
                if entry.touched or key in skip:
                    continue
                if value in (None, ""):
                    if entry.suggested or value == "":
                        self._set(key, None)
                        self._mark(key, False)
                    continue
                self._set(key, value)
                self._mark(key, True)
                filled.append(key)
        finally:
            self._filling = False
        self.refresh()
        self.changed.emit()
        return filled

    def confirm(self) -> None:
        """The values are the clerk's now (registered): no longer suggestions."""
        for key, entry in self.fields.items():
            if entry.suggested:
                self._mark(key, False)
        self.refresh()

    def suggested(self) -> list[str]:
        return [k for k, f in self.fields.items() if f.suggested]

    def _set(self, key: str, value: Any) -> None:
        if key == "from_org_name":
            self.issuer_name.setText(value or "")
        elif key == "from_org_id":
            self.issuer_id.setText(value or "")
        elif key == "code_number":
            self.number.setText(value or "")
        elif key == "code_notation":
            self.notation.setText(value or "")
        elif key == "issued_date":
            self.issued.set_value(value)
        elif key == "doc_type":
            self.doc_type.setCurrentIndex(self.doc_type.findData(value) if value else -1)
        elif key == "subject":
            self.subject.setPlainText(value or "")
        elif key == "signer":
            self.signer.setText(value or "")
        elif key == "position":
            self.position.setText(value or "")

    def _mark(self, key: str, on: bool) -> None:
        """A suggestion's amber tint (the field's own background, on either palette)."""
        entry = self.fields[key]
        entry.suggested = on
        widget = entry.widget
        widget.setProperty("suggested", on)
        if not on:
            widget.setPalette(QPalette())
            return
        palette = QPalette(QApplication.palette())
        for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Button):
            palette.setColor(role, suggestion_color(palette, role))
        widget.setPalette(palette)

    # -- states --------------------------------------------------------------------------------

    def reset(self, *, keep_issuer: bool = False) -> None:
        """Empty the form for the next document; the issuer stays when asked (a clerk often
        registers several documents of one sender), no longer marked as a suggestion."""
        self._filling = True
        try:
            for key in SUGGESTIBLE:
                if keep_issuer and key in ("from_org_name", "from_org_id"):
                    continue
                self._set(key, None)
            self.urgency.setCurrentIndex(0)
            self.confidentiality.setCurrentIndex(0)
            self.has_due.setChecked(False)
            self.due.set_value(None)
            self.due.setEnabled(False)
        finally:
            self._filling = False
        for key, entry in self.fields.items():
            entry.touched = False
            if entry.suggested:
                self._mark(key, False)
        self._show_all = False
        self.refresh()

    def set_editable(self, on: bool) -> None:
        for widget in self.focus_chain():
            widget.setEnabled(on and (widget is not self.due or self.has_due.isChecked()))

    def set_today(self, today: dt.date) -> None:
        self.today = today
        self.issued.today = today
        self.due.today = today


__all__ = ["SUGGESTIBLE", "FormField", "IncomingForm"]
