"""Settings page: the workspace's trust store (the bundled certification authorities and the
ones added, each with its state; a CA certificate file added, an added one removed — both
saved with the other settings) and the revocation cache ("Cập nhật ngay" in the background,
the time of the last refresh shown)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clock import VN_TZ
from ui.errors import words_for
from ui.labels import dmy
from ui.session import DeskSession
from ui.settings_state import (
    PendingSave,
    SettingsState,
    TrustRow,
    inspect_certificate,
    refresh_revocation,
)
from ui.settings_widgets import LockBadge, NoticeLabel, fill, lock, muted

COLUMNS = 5


class TrustPage(QWidget):
    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = self.tr("Chứng thư tin cậy và thu hồi")
        self.state: SettingsState | None = None
        self.rows: list[TrustRow] = []
        self.to_add: list[TrustRow] = []
        self.to_remove: set[str] = set()
        self.table = QTableWidget(0, COLUMNS)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setHorizontalHeaderLabels([
            self.tr("Tổ chức cấp chứng thư"), self.tr("Vai trò"), self.tr("Nguồn"),
            self.tr("Trạng thái"), self.tr("Hiệu lực đến"),
        ])  # fmt: skip
        self.table.setAccessibleName(self.tr("Kho chứng thư tin cậy"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = QPushButton(self.tr("&Thêm chứng thư CA…"))
        self.add_button.setAccessibleName(self.tr("Thêm chứng thư CA từ tệp"))
        self.add_button.clicked.connect(self.pick_certificate)
        self.remove_button = QPushButton(self.tr("&Xóa chứng thư đã thêm"))
        self.remove_button.setAccessibleName(self.tr("Xóa chứng thư đã thêm"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setEnabled(False)
        self.badge = LockBadge()
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.remove_button, self.badge):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        self.notice = NoticeLabel(self.tr("Thông báo về kho tin cậy"))
        trust_group = QGroupBox(self.tr("Kho chứng thư tin cậy"))
        inner = QVBoxLayout(trust_group)
        inner.addWidget(self.table, 1)
        inner.addLayout(buttons)
        inner.addWidget(self.notice)

        self.last_refresh = QLabel()
        self.last_refresh.setAccessibleName(self.tr("Lần cập nhật dữ liệu thu hồi gần nhất"))
        self.refresh_button = QPushButton(self.tr("&Cập nhật ngay"))
        self.refresh_button.setAccessibleName(self.tr("Cập nhật dữ liệu thu hồi ngay"))
        self.refresh_button.clicked.connect(self.refresh_now)
        self.refresh_notice = NoticeLabel(self.tr("Kết quả cập nhật dữ liệu thu hồi"))
        revocation = QGroupBox(self.tr("Dữ liệu thu hồi chứng thư (CRL, OCSP)"))
        rev = QVBoxLayout(revocation)
        row = QHBoxLayout()
        row.addWidget(self.last_refresh, 1)
        row.addWidget(self.refresh_button)
        rev.addLayout(row)
        rev.addWidget(self.refresh_notice)
        rev.addWidget(muted(QLabel(self.tr(
            "Dữ liệu thu hồi được lưu trên máy để kiểm tra chữ ký cả khi không có mạng."
        ))))  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addWidget(trust_group, 1)
        layout.addWidget(revocation)

    # -- filling ---------------------------------------------------------------------------------

    def load(self, state: SettingsState) -> None:
        self.state = state
        self.rows = list(state.trust)
        self.to_add = []
        self.to_remove = set()
        self._show()
        lock([self.add_button], self.badge, state.snapshot.locked("trust"))
        self._show_last_refresh(state.last_refresh)

    def _status_text(self, row: TrustRow) -> str:
        if row.fingerprint in self.to_remove:
            return self.tr("sẽ xóa khi bấm Lưu")
        return {
            "enabled": self.tr("đang dùng"),
            "expired": self.tr("hết hạn (chỉ kiểm tra chữ ký cũ)"),
            "disabled": self.tr("đã tắt"),
            "pending": self.tr("sẽ thêm khi bấm Lưu"),
        }.get(row.status, row.status)

    def _show(self) -> None:
        self.table.setRowCount(0)
        for row in [*self.rows, *self.to_add]:
            index = self.table.rowCount()
            self.table.insertRow(index)
            cells = [
                row.common_name,
                self.tr("gốc") if row.anchor else self.tr("trung gian"),
                self.tr("kèm theo") if row.origin == "bundled" else self.tr("đã thêm"),
                self._status_text(row),
                dmy(row.not_after),
            ]
            changing = row.status == "pending" or row.fingerprint in self.to_remove
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row.fingerprint)
                item.setToolTip(f"{row.subject}\nSHA-256 {row.fingerprint.upper()}")
                if changing:
                    font = QFont(item.font())
                    font.setItalic(True)
                    item.setFont(font)
                self.table.setItem(index, column, item)
        self._selection_changed()

    def _selected(self) -> TrustRow | None:
        items = self.table.selectedItems()
        if not items:
            return None
        fingerprint = items[0].data(Qt.ItemDataRole.UserRole)
        return next((r for r in [*self.rows, *self.to_add] if r.fingerprint == fingerprint), None)

    def _selection_changed(self) -> None:
        row = self._selected()
        locked = self.state is not None and self.state.snapshot.locked("trust")
        self.remove_button.setEnabled(
            not locked and row is not None and row.origin == "user"
            and row.fingerprint not in self.to_remove
        )  # fmt: skip

    def fingerprints(self) -> list[str]:
        return [r.fingerprint for r in [*self.rows, *self.to_add]]

    def row_named(self, common_name: str) -> tuple[TrustRow, str] | None:
        """(row, the state shown) of the certificate of that name, for tests and screenshots."""
        for row in [*self.rows, *self.to_add]:
            if row.common_name == common_name:
                return row, self._status_text(row)
        return None

    # -- adding, removing ------------------------------------------------------------------------

    def pick_certificate(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp chứng thư của tổ chức cấp chứng thư (CA)"), "",
            self.tr("Chứng thư (*.cer *.crt *.der *.pem);;Mọi tệp (*)"),
        )  # fmt: skip
        if path:
            self.add_certificate(path)

    def add_certificate(self, path: str) -> None:
        """Read and check the file in the background; a CA's certificate is listed, to be
        added when the settings are saved."""
        self.notice.say(self.tr("Đang đọc chứng thư…"))
        self.session.tasks.run(
            inspect_certificate, path, on_done=self._inspected,
            on_error=lambda e: self.notice.say(words_for(e).text, ok=False),
            label=self.tr("Đọc chứng thư"),
        )  # fmt: skip

    def _inspected(self, rows: list[TrustRow]) -> None:
        known = set(self.fingerprints())
        fresh = [r for r in rows if r.fingerprint not in known]
        again = [r for r in rows if r.fingerprint in self.to_remove]
        for row in again:
            self.to_remove.discard(row.fingerprint)
        self.to_add.extend(fresh)
        self._show()
        if not fresh and not again:
            self.notice.say(self.tr("Chứng thư này đã có trong kho tin cậy."), ok=True)
            return
        names = ", ".join(r.common_name for r in [*fresh, *again])
        self.notice.say(fill(self.tr("Sẽ thêm khi bấm Lưu: %1"), names), ok=True)

    def remove_selected(self) -> None:
        row = self._selected()
        if row is None or row.origin != "user":
            return
        if row in self.to_add:
            self.to_add.remove(row)
        else:
            self.to_remove.add(row.fingerprint)
        self._show()
        self.notice.say(fill(self.tr("Sẽ xóa khi bấm Lưu: %1"), row.common_name), ok=True)

    def select_fingerprint(self, fingerprint: str) -> bool:
        for index in range(self.table.rowCount()):
            if self.table.item(index, 0).data(Qt.ItemDataRole.UserRole) == fingerprint:
                self.table.selectRow(index)
                return True
        return False

    # -- revocation ------------------------------------------------------------------------------

    def _show_last_refresh(self, when: dt.datetime | None) -> None:
        if when is None:
            self.last_refresh.setText(self.tr("Chưa cập nhật lần nào."))
            return
        text = when.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")
        self.last_refresh.setText(fill(self.tr("Cập nhật gần nhất: %1"), text))

    def refresh_now(self) -> None:
        if self.state is None:
            return
        self.refresh_button.setEnabled(False)
        self.refresh_notice.say(self.tr("Đang lấy dữ liệu thu hồi…"))
        self.session.tasks.run(
            refresh_revocation, self.state.home, on_done=self._refreshed,
            on_error=self._refresh_failed, label=self.tr("Cập nhật dữ liệu thu hồi"),
        )  # fmt: skip

    def _refreshed(self, result: tuple[int, int, Any]) -> None:
        fetched, tried, when = result
        self.refresh_button.setEnabled(True)
        self._show_last_refresh(when)
        if tried == 0:
            self.refresh_notice.say(self.tr(
                "Các chứng thư tin cậy không có địa chỉ kiểm tra thu hồi nào."
            ), ok=False)  # fmt: skip
            return
        self.refresh_notice.say(
            fill(self.tr("Đã lấy %1/%2 nguồn dữ liệu thu hồi."), fetched, tried),
            ok=fetched == tried,
        )

    def _refresh_failed(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.refresh_notice.say(words_for(error).text, ok=False)

    # -- saving ----------------------------------------------------------------------------------

    def collect(self, pending: PendingSave) -> None:
        if self.state is None or self.state.snapshot.locked("trust"):
            return
        files = {r.source: r.data for r in self.to_add}  # a PEM file may hold several
        pending.trust_add.extend((data, source) for source, data in files.items())
        pending.trust_remove.extend(sorted(self.to_remove))

    def focus_key(self, key: str) -> bool:
        return key == "cert"


__all__ = ["TrustPage"]
