"""Settings pages: the organisation's identity and its registers; the language."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidInput
from app.model import Direction, text_field
from app.settings import NewRegister
from ui.errors import words_for
from ui.settings_state import PendingSave, SettingsState
from ui.settings_widgets import LockBadge, NoticeLabel, fill, lock, muted, with_lock

ORG_FIELDS = ("org_id", "org_name", "org_abbr", "org_place")


class OrganisationPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Cơ quan và sổ đăng ký")
        self.state: SettingsState | None = None
        self.edits: dict[str, QLineEdit] = {}
        self.badges: dict[str, LockBadge] = {}
        form = QFormLayout()
        labels = {
            "org_id": (self.tr("&Mã định danh:"), "000.00.00.H29"),
            "org_name": (self.tr("&Tên cơ quan:"), self.tr("Ủy ban nhân dân tỉnh …")),
            "org_abbr": (self.tr("Tên &viết tắt:"), "UBND"),
            "org_place": (self.tr("Đị&a danh:"), self.tr("Đắk Lắk")),
        }
        for key, (label, hint) in labels.items():
            edit = QLineEdit()
            edit.setPlaceholderText(hint)
            edit.setAccessibleName(label.replace("&", "").rstrip(":"))
            row, badge = with_lock(edit)
            self.edits[key], self.badges[key] = edit, badge
            form.addRow(label, row)
            form.labelForField(row).setBuddy(edit)
        note = muted(QLabel(self.tr(
            "Tên viết tắt là một phần của ký hiệu mọi văn bản đi (QĐ-UBND); văn bản đã vào sổ"
            " giữ nguyên thông tin cũ. Địa danh đứng trước ngày tháng của văn bản."
        )))  # fmt: skip

        self.table = QTableWidget(0, 4)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setHorizontalHeaderLabels(
            [self.tr("Mã sổ"), self.tr("Tên sổ"), self.tr("Loại"), self.tr("Nhóm")]
        )
        self.table.setAccessibleName(self.tr("Các sổ đăng ký"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.new_code = QLineEdit()
        self.new_code.setPlaceholderText(self.tr("Mã sổ"))
        self.new_code.setAccessibleName(self.tr("Mã sổ mới"))
        self.new_code.setMaximumWidth(110)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("Tên sổ mới"))
        self.new_name.setAccessibleName(self.tr("Tên sổ mới"))
        self.new_direction = QComboBox()
        self.new_direction.setAccessibleName(self.tr("Loại sổ"))
        self.new_direction.addItem(self.tr("Văn bản đến"), Direction.INCOMING.value)
        self.new_direction.addItem(self.tr("Văn bản đi"), Direction.OUTGOING.value)
        self.new_series = QComboBox()
        self.new_series.setAccessibleName(self.tr("Nhóm sổ"))
        for series in ("normal", "secret", "copy"):
            self.new_series.addItem(self.series_label(series), series)
        self.add_button = QPushButton(self.tr("Thêm &sổ"))
        self.add_button.setAccessibleName(self.tr("Thêm sổ đăng ký"))
        self.add_button.clicked.connect(self.add_register)
        self.new_name.returnPressed.connect(self.add_register)
        adder = QHBoxLayout()
        for widget in (self.new_code, self.new_name, self.new_direction, self.new_series):
            adder.addWidget(widget, 1 if widget is self.new_name else 0)
        adder.addWidget(self.add_button)
        self.registers_badge = LockBadge()
        adder.addWidget(self.registers_badge)
        self.register_notice = NoticeLabel(self.tr("Thông báo về sổ đăng ký"))
        group = QGroupBox(self.tr("Sổ đăng ký văn bản"))
        inner = QVBoxLayout(group)
        inner.addWidget(self.table, 1)
        inner.addLayout(adder)
        inner.addWidget(self.register_notice)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(group, 1)
        self.new_registers: list[NewRegister] = []

    def series_label(self, series: str) -> str:
        return {"normal": self.tr("Thường"), "secret": self.tr("Mật"),
                "copy": self.tr("Bản sao")}.get(series, series)  # fmt: skip

    def direction_label(self, direction: Direction) -> str:
        return self.tr("Văn bản đến") if direction is Direction.INCOMING else self.tr("Văn bản đi")

    def load(self, state: SettingsState) -> None:
        self.state = state
        snap = state.snapshot
        for key, edit in self.edits.items():
            edit.setText(snap.value(key))
            lock([edit], self.badges[key], snap.locked(key))
        self.new_registers = []
        self.table.setRowCount(0)
        for reg in snap.registers:
            self._add_row(reg.code, reg.name, reg.direction, reg.series, pending=False)
        locked = snap.locked("registers")
        lock([self.new_code, self.new_name, self.new_direction, self.new_series,
              self.add_button], self.registers_badge, locked)  # fmt: skip

    def _add_row(self, code: str, name: str, direction: Direction, series: str,
                 pending: bool) -> None:  # fmt: skip
        row = self.table.rowCount()
        self.table.insertRow(row)
        cells = [code, name + (self.tr(" (chờ lưu)") if pending else ""),
                 self.direction_label(direction), self.series_label(series)]  # fmt: skip
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if pending:
                font = QFont(item.font())
                font.setItalic(True)
                item.setFont(font)
            self.table.setItem(row, column, item)

    def register_codes(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]

    def add_register(self) -> None:
        try:
            code = text_field("register", self.new_code.text(), limit=20)
            name = text_field("register_name", self.new_name.text(), limit=200)
            if code in self.register_codes():
                raise InvalidInput("register", "exists", value=code)
        except InvalidInput as exc:
            self.register_notice.say(words_for(exc).text, ok=False)
            return
        direction = Direction(self.new_direction.currentData())
        series = str(self.new_series.currentData())
        self.new_registers.append(NewRegister(code, name, direction, series))
        self._add_row(code, name, direction, series, pending=True)
        self.new_code.clear()
        self.new_name.clear()
        self.register_notice.say(fill(self.tr("Sổ «%1» sẽ được thêm khi bấm Lưu."), code), ok=True)
        self.new_code.setFocus()

    def collect(self, pending: PendingSave) -> None:
        if self.state is None:
            return
        for key, edit in self.edits.items():
            if self.state.snapshot.locked(key):
                continue
            text = edit.text().strip()
            if text != self.state.snapshot.value(key):
                pending.changes.values[key] = text
        pending.changes.registers.extend(self.new_registers)

    def focus_key(self, key: str) -> bool:
        edit = self.edits.get(key)
        if edit is None:
            return False
        edit.setFocus()
        edit.selectAll()
        return True


class LanguagePage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Ngôn ngữ")
        self.state: SettingsState | None = None
        self.vietnamese = QRadioButton("Tiếng &Việt")
        self.english = QRadioButton("&English")
        self.vietnamese.setAccessibleName("Tiếng Việt")
        self.english.setAccessibleName("English")
        self.group = QButtonGroup(self)
        self.group.addButton(self.vietnamese)
        self.group.addButton(self.english)
        self.badge = LockBadge()
        self.note = muted(QLabel(self.tr(
            "Ngôn ngữ của cửa sổ và các thông báo, đổi ngay khi lưu (việc đang làm dở, như"
            " ký số, được làm xong trước). Khi mở chương trình, biến môi trường VANTHU_LANG"
            " (nếu có) được ưu tiên."
        )))  # fmt: skip
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.vietnamese)
        row.addWidget(self.english)
        row.addWidget(self.badge)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.setAccessibleName(self.title)

    def current_language(self, state: SettingsState) -> str:
        from app.messages import language

        return state.snapshot.value("language") or language()

    def load(self, state: SettingsState) -> None:
        self.state = state
        lang = self.current_language(state)
        (self.english if lang == "en" else self.vietnamese).setChecked(True)
        lock([self.vietnamese, self.english], self.badge, state.snapshot.locked("language"))

    def chosen(self) -> str:
        return "en" if self.english.isChecked() else "vi"

    def collect(self, pending: PendingSave) -> None:
        if self.state is None or self.state.snapshot.locked("language"):
            return
        if self.chosen() != self.current_language(self.state):
            pending.changes.values["language"] = self.chosen()


__all__ = ["ORG_FIELDS", "LanguagePage", "OrganisationPage"]
