"""Recipients picked from the agency directory: searched as the clerk types (with or without
diacritics, in the background, the newest answer wins), added to the list with Enter or a
double click, removed with Delete; groups of frequent recipients saved under a name and
picked again in one step (app/recipient_groups.py keeps them in the workspace's settings)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from ui.session import DeskSession

SEARCH_DELAY_MS = 150
RESULTS = 30


class RecipientPicker(QWidget):
    changed = Signal()  # the chosen list changed
    searched = Signal(int)  # an answer to the search was shown (how many organisations)
    groups_loaded = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._generation = 0
        self.groups: list[Any] = []

        self.search = _SearchField()
        self.search.setPlaceholderText(
            self.tr("Tìm cơ quan: tên (có dấu hoặc không) hoặc mã định danh")
        )
        self.search.setAccessibleName(self.tr("Tìm cơ quan nhận"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._typed)
        self.search.entered.connect(self._add_current)
        self.search.down.connect(self._to_results)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._run_search)

        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Cơ quan tìm thấy"))
        self.results.itemActivated.connect(
            lambda item: self.add(*item.data(Qt.ItemDataRole.UserRole))
        )
        pick = QShortcut(QKeySequence(Qt.Key.Key_Space), self.results)  # Space picks, as Enter
        pick.setContext(Qt.ShortcutContext.WidgetShortcut)
        pick.activated.connect(self._add_current)
        self.chosen = QListWidget()
        self.chosen.setAccessibleName(self.tr("Nơi nhận đã chọn"))
        self.chosen.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.chosen)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)

        self.add_button = QPushButton(self.tr("&Thêm →"))
        self.add_button.setAccessibleName(self.tr("Thêm cơ quan vào nơi nhận"))
        self.add_button.clicked.connect(self._add_current)
        self.remove_button = QPushButton(self.tr("&Bỏ"))
        self.remove_button.setAccessibleName(self.tr("Bỏ nơi nhận đã chọn"))
        self.remove_button.clicked.connect(self.remove_selected)

        self.group_combo = QComboBox()
        self.group_combo.setAccessibleName(self.tr("Nhóm nơi nhận"))
        self.group_combo.setMinimumContentsLength(16)
        self.use_group = QPushButton(self.tr("&Dùng nhóm"))
        self.use_group.setAccessibleName(self.tr("Thêm các cơ quan của nhóm"))
        self.use_group.clicked.connect(self.apply_group)
        self.save_group = QPushButton(self.tr("&Lưu thành nhóm…"))
        self.save_group.setAccessibleName(self.tr("Lưu nơi nhận đã chọn thành nhóm"))
        self.save_group.clicked.connect(self.ask_group_name)
        self.note = QLabel()
        self.note.setWordWrap(True)

        find_label = QLabel(self.tr("Tìm &cơ quan:"))
        find_label.setBuddy(self.search)
        group_label = QLabel(self.tr("&Nhóm:"))
        group_label.setBuddy(self.group_combo)
        groups = QHBoxLayout()
        groups.addWidget(group_label)
        groups.addWidget(self.group_combo, 1)
        groups.addWidget(self.use_group)
        groups.addWidget(self.save_group)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(find_label, 0, 0)
        grid.addWidget(self.search, 0, 1, 1, 3)
        grid.addWidget(QLabel(self.tr("Trong danh bạ:")), 1, 1)
        grid.addWidget(QLabel(self.tr("Nơi nhận:")), 1, 3)
        grid.addWidget(self.results, 2, 1)
        buttons = QWidget()
        column = QGridLayout(buttons)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.add_button, 0, 0)
        column.addWidget(self.remove_button, 1, 0)
        column.setRowStretch(2, 1)
        grid.addWidget(buttons, 2, 2)
        grid.addWidget(self.chosen, 2, 3)
        grid.addLayout(groups, 3, 1, 1, 3)
        grid.addWidget(self.note, 4, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._update()

    # -- searching -----------------------------------------------------------------------------

    def start(self) -> None:
        self.load_groups()
        self.session.tasks.run(
            self.session.exchange.directory_size, on_done=self._sized,
            label=self.tr("Đọc danh bạ cơ quan"),
        )  # fmt: skip
        self._run_search()  # nothing typed yet: the organisations most sent to

    def _sized(self, count: int) -> None:
        if not count:
            self.note.setText(
                self.tr(
                    "Danh bạ cơ quan đang trống: hãy cập nhật danh bạ từ Trục (Danh bạ cơ quan)."
                )
            )

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def _run_search(self) -> None:
        self._generation += 1
        generation, text = self._generation, self.search.text()
        self.session.tasks.run(
            self.session.exchange.search_directory, text, RESULTS,
            on_done=lambda found: self._show_results(generation, found),
            label=self.tr("Tìm trong danh bạ"),
        )  # fmt: skip

    def _show_results(self, generation: int, found: list[Any]) -> None:
        if generation != self._generation:
            return  # the clerk typed more meanwhile
        self.results.clear()
        for agency in found:
            item = QListWidgetItem(f"{agency.name} ({agency.organ_id})")
            item.setData(Qt.ItemDataRole.UserRole, (agency.organ_id, agency.name))
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self._update()
        self.searched.emit(len(found))

    def _to_results(self) -> None:
        if self.results.count():
            self.results.setFocus()

    # -- the chosen list -----------------------------------------------------------------------

    def _add_current(self) -> None:
        for item in self.results.selectedItems() or filter(None, [self.results.currentItem()]):
            self.add(*item.data(Qt.ItemDataRole.UserRole))

    def add(self, organ_id: str, name: str = "") -> None:
        if organ_id in self.organ_ids():
            return
        item = QListWidgetItem(f"{name} ({organ_id})" if name else organ_id)
        item.setData(Qt.ItemDataRole.UserRole, (organ_id, name))
        self.chosen.addItem(item)
        self._update()
        self.changed.emit()

    def remove_selected(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self._update()
        self.changed.emit()

    def members(self) -> list[tuple[str, str]]:
        return [
            self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())
        ]

    def organ_ids(self) -> list[str]:
        return [organ_id for organ_id, _ in self.members()]

    # -- groups --------------------------------------------------------------------------------

    def load_groups(self, select: str = "") -> None:
        from app.recipient_groups import groups

        self.session.tasks.run(
            groups, self.session.desk.ws, on_done=lambda found: self._groups(found, select),
            label=self.tr("Đọc nhóm nơi nhận"),
        )  # fmt: skip

    def _groups(self, found: list[Any], select: str) -> None:
        self.groups = found
        self.group_combo.clear()
        for group in found:
            self.group_combo.addItem(
                self.tr("%1 (%2 cơ quan)")
                .replace("%1", group.name)
                .replace("%2", str(len(group.members)))
            )
        if not found:
            self.group_combo.addItem(self.tr("Chưa có nhóm nào"))
        names = [g.name for g in found]
        if select in names:
            self.group_combo.setCurrentIndex(names.index(select))
        self._update()
        self.groups_loaded.emit()

    def apply_group(self) -> None:
        index = self.group_combo.currentIndex()
        if 0 <= index < len(self.groups):
            for member in self.groups[index].members:
                self.add(member.organ_id, member.name)

    def ask_group_name(self) -> None:
        name, ok = QInputDialog.getText(
            self, self.tr("Lưu nhóm nơi nhận"), self.tr("Tên nhóm (ví dụ: Các sở, ban, ngành):")
        )
        if ok:
            self.save_as_group(name)

    def save_as_group(self, name: str) -> None:
        from app.recipient_groups import save_group

        self.session.tasks.run(
            save_group, self.session.desk.ws, name, self.members(),
            on_done=lambda group: self._saved(group.name),
            label=self.tr("Lưu nhóm nơi nhận"),
        )  # fmt: skip

    def _saved(self, name: str) -> None:
        self.note.setText(self.tr("Đã lưu nhóm «%1».").replace("%1", name))
        self.load_groups(select=name)

    def _update(self) -> None:
        self.add_button.setEnabled(self.results.count() > 0)
        self.remove_button.setEnabled(self.chosen.count() > 0)
        self.save_group.setEnabled(self.chosen.count() > 0)
        self.use_group.setEnabled(bool(self.groups))


class _SearchField(QLineEdit):
    """Enter adds the organisation found (and is not passed on: the dialog's default button
    must not send while the clerk is still choosing); Down goes to the list found."""

    entered = Signal()
    down = Signal()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entered.emit()
            event.accept()
            return
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            event.accept()
            return
        super().keyPressEvent(event)


__all__ = ["RecipientPicker"]
