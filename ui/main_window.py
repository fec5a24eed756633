"""The main window: navigation on the left (Incoming, Drafts & To sign, Outgoing, Sending,
Registers, Directory), the view in the middle, the status bar below. Thin: every action asks
the session's services through the task bridge."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from ui.session import DeskSession

VIEW_KEYS = ("incoming", "drafts", "outgoing", "sending", "registers", "directory")


class MainWindow(QMainWindow):
    ready = Signal()  # the first page of rows and the selected document's preview are shown

    def __init__(self, session: DeskSession, start_view: str = "incoming") -> None:
        super().__init__()
        self.session = session
        session.errors.parent_widget = self
        self.setWindowTitle("VanThu Desk")
        self.navigation = QListWidget()
        self.navigation.setAccessibleName(self.tr("Danh mục"))
        self.navigation.setMaximumWidth(230)
        self.views = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        for key, title in self._view_titles().items():
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.navigation.addItem(item)
            page = QLabel(self.tr("Đang mở kho dữ liệu…"))
            page.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._pages[key] = page
            self.views.addWidget(page)
        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.views)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.navigation.currentRowChanged.connect(self.views.setCurrentIndex)
        self.navigation.setCurrentRow(VIEW_KEYS.index(start_view) if start_view in VIEW_KEYS else 0)
        for number, _key in enumerate(VIEW_KEYS, start=1):
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.activated.connect(lambda n=number: self.navigation.setCurrentRow(n - 1))
        self.statusBar().showMessage(self.tr("Đang mở kho dữ liệu…"))
        session.ready.connect(self._on_ready)
        session.failed.connect(self._on_failed)

    def _view_titles(self) -> dict[str, str]:
        return {
            "incoming": self.tr("Văn bản đến"),
            "drafts": self.tr("Dự thảo và chờ ký"),
            "outgoing": self.tr("Văn bản đi"),
            "sending": self.tr("Gửi nhận"),
            "registers": self.tr("Sổ đăng ký"),
            "directory": self.tr("Danh bạ cơ quan"),
        }

    def _on_ready(self) -> None:
        org = self.session.desk.ws.organisation
        self.setWindowTitle(f"VanThu Desk — {org.name}")
        self.statusBar().showMessage(self.tr("Sẵn sàng"))
        self.ready.emit()

    def _on_failed(self, error: BaseException) -> None:
        self.session.errors.report(error, self.tr("Mở kho dữ liệu"))
        self.statusBar().showMessage(self.tr("Không mở được kho dữ liệu"))


__all__ = ["VIEW_KEYS", "MainWindow"]
