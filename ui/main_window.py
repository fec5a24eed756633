"""The main window: navigation on the left (Incoming, Drafts & To sign, Outgoing, Sending,
Registers, Directory), the view in the middle, the selected document's detail on the right,
the search box and the frequent actions in the tool bar, the status bar below. Thin: every
action asks the session's services through the task bridge.

``ready`` is emitted once the first page of rows and the selected document's preview are
shown (``vanthu gui --screenshot`` waits for it). A new language chosen in the Settings makes
the window again over the same session (ui/language_switch.py): ``replaced`` names the new
one. Whatever outlives the window (the session, its task bridge, its sync controller) reaches
the window only through bound methods, which Qt disconnects when the window is deleted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from app.model import Direction
from app.search import SearchFilters
from ui.detail_pane import DocumentDetailPane
from ui.other_views import DirectoryView, RegistersView, SendingView
from ui.register_view import RegisterView
from ui.search_box import SearchBox
from ui.session import DeskSession

VIEW_KEYS = ("incoming", "drafts", "outgoing", "sending", "registers", "directory")
NO_DOCUMENT_VIEWS = ("registers", "directory")  # nothing to show on the right: the view widens
DRAFT_STATUSES = ("draft", "approved")
OUTGOING_STATUSES = ("registered", "signed", "issued", "sent", "cancelled", "done")
INCOMING_STATUSES = ("registered", "assigned", "in_progress", "done", "returned", "cancelled")


class MainWindow(QMainWindow):
    ready = Signal()
    opened = Signal()  # the session's workspace is open (now, or already when made)
    replaced = Signal(object)  # the window made again in another language (MainWindow)

    def __init__(
        self, session: DeskSession, start_view: str = "incoming", kept: Any = None
    ) -> None:
        """``kept``: a ``language_switch.WindowState`` of the window this one replaces."""
        super().__init__()
        self.session = session
        self._started: set[int] = set()  # ids of the views whose rows were asked for
        self._language_switch: Any = None
        session.errors.parent_widget = self
        self.setWindowTitle("VanThu Desk")
        self.setAcceptDrops(True)
        self._ready_sent = False
        self._waiting_preview: int | None = None
        self._closing_anyway = False
        self.close_box: Any = None

        self.navigation = QListWidget()
        self.navigation.setAccessibleName(self.tr("Danh mục"))
        self.navigation.setMaximumWidth(220)
        self.views = QStackedWidget()
        self.view_widgets: dict[str, QWidget] = {}
        titles = self._view_titles()
        self.navigation.setSpacing(2)
        for key in VIEW_KEYS:
            item = QListWidgetItem(titles[key])
            item.setSizeHint(QSize(0, 30))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.navigation.addItem(item)
            view = self._make_view(key, titles[key])
            self.view_widgets[key] = view
            self.views.addWidget(view)
            view.document_selected.connect(self._document_selected)
            view.first_rows_shown.connect(lambda key=key: self._first_rows(key))
        self.detail = DocumentDetailPane(session)
        self.detail.preview_ready.connect(self._preview_ready)
        splitter = QSplitter()
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.views)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([180, 720, 540])
        splitter.setCollapsible(1, False)
        self.splitter = splitter
        self.setCentralWidget(splitter)

        self.search = SearchBox(session)
        self.search.open_document.connect(self.open_document)
        self._make_actions()
        self._make_settings_actions(self.findChild(QToolBar, "main-toolbar"))
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setVisible(False)
        self.busy.setAccessibleName(self.tr("Đang làm việc"))
        self.statusBar().addPermanentWidget(self.busy)
        self.org_label = QLabel()
        self.statusBar().addPermanentWidget(self.org_label)
        session.tasks.busy_changed.connect(self._busy_changed)
        session.errors.quiet_error.connect(self._quiet_error)

        if kept is not None:  # the views' filters and selections, before their rows load
            for key, view_state in kept.views.items():
                restore = getattr(self.view_widgets.get(key), "restore_state", None)
                if restore is not None:
                    restore(view_state)
        self.navigation.currentRowChanged.connect(self._view_changed)
        start = VIEW_KEYS.index(start_view) if start_view in VIEW_KEYS else 0
        self.navigation.setCurrentRow(start)
        session.failed.connect(self._on_failed)
        if session.is_open:  # made again over an open session (another language)
            self._on_ready()
        else:
            self.statusBar().showMessage(self.tr("Đang mở kho dữ liệu…"))
            session.ready.connect(self._on_ready)

    # -- building ----------------------------------------------------------------------------

    def _view_titles(self) -> dict[str, str]:
        return {
            "incoming": self.tr("Văn bản đến"),
            "drafts": self.tr("Dự thảo và chờ ký"),
            "outgoing": self.tr("Văn bản đi"),
            "sending": self.tr("Gửi nhận"),
            "registers": self.tr("Sổ đăng ký"),
            "directory": self.tr("Danh bạ cơ quan"),
        }

    def _make_view(self, key: str, title: str) -> QWidget:
        s = self.session
        if key == "incoming":
            base = SearchFilters(direction=Direction.INCOMING)
            return RegisterView(s, key, self.tr("Sổ văn bản đến"), base, INCOMING_STATUSES,
                                frozenset({"issued_date", "urgency"}))  # fmt: skip
        if key == "drafts":
            base = SearchFilters(direction=Direction.OUTGOING, statuses=DRAFT_STATUSES)
            return RegisterView(s, key, self.tr("Dự thảo và văn bản chờ ký, chờ phát hành"),
                                base, DRAFT_STATUSES,
                                frozenset({"number", "arrival_date", "issued_date", "issuer"}))  # fmt: skip
        if key == "outgoing":
            base = SearchFilters(direction=Direction.OUTGOING, statuses=OUTGOING_STATUSES)
            return RegisterView(s, key, self.tr("Sổ văn bản đi"), base, OUTGOING_STATUSES,
                                frozenset({"arrival_date", "issuer", "urgency"}))  # fmt: skip
        if key == "sending":
            return SendingView(s)
        if key == "registers":
            view = RegistersView(s)
            view.export_requested.connect(self.export_register)
            return view
        return DirectoryView(s)

    def _make_actions(self) -> None:
        bar = QToolBar(self.tr("Công cụ"))
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.register_action = self._action(
            self.tr("Vào sổ văn bản đến…"), "Ctrl+N", self.register_incoming,
            self.tr("Vào sổ một văn bản đến từ tệp PDF"),
        )  # fmt: skip
        self.export_action = self._action(
            self.tr("Xuất sổ…"), "Ctrl+E", lambda: self.export_register(None),
            self.tr("In sổ đăng ký ra PDF hoặc CSV"),
        )  # fmt: skip
        self.refresh_action = self._action(
            self.tr("Làm mới"), QKeySequence.StandardKey.Refresh, self.refresh,
            self.tr("Đọc lại danh sách"),
        )  # fmt: skip
        self.find_action = self._action(
            self.tr("Tìm"), QKeySequence.StandardKey.Find, self.search.focus,
            self.tr("Tìm văn bản"),
        )  # fmt: skip
        for action in (self.register_action, self.export_action, self.refresh_action):
            bar.addAction(action)
        self._make_sign_actions(bar)
        bar.addSeparator()
        bar.addWidget(self.search)
        self.addAction(self.find_action)
        for number, _key in enumerate(VIEW_KEYS, start=1):
            go = QAction(self)
            go.setShortcut(QKeySequence(f"Alt+{number}"))
            go.triggered.connect(lambda _=False, n=number: self.navigation.setCurrentRow(n - 1))
            self.addAction(go)
        focus_table = QAction(self)
        focus_table.setShortcut(QKeySequence("Ctrl+L"))
        focus_table.triggered.connect(self._focus_table)
        self.addAction(focus_table)
        self.quit_action = QAction(self.tr("Thoát"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.addAction(self.quit_action)
        self._make_incoming_actions()

    def _make_incoming_actions(self) -> None:
        """Incoming actions (shortcuts, context menu, deadlines), the sync status bar, F9."""
        from ui.incoming_actions import IncomingMenu
        from ui.sync_status import SyncActions

        self.sync_actions = SyncActions(self)
        self.incoming_menu = IncomingMenu(self)

    def _make_sign_actions(self, bar: QToolBar) -> None:
        from ui.sign_actions import SignActions

        self.sign_actions = SignActions(self, bar)  # Ký duyệt (Ctrl+K), Ký các dự thảo

    def _action(self, text: str, shortcut: Any, slot: Any, tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(
            f"{tip} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})"
        )
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    # -- the workspace ---------------------------------------------------------------------

    def _on_ready(self) -> None:
        org = self.session.desk.ws.organisation
        self.setWindowTitle(org.name)  # the platform adds " — VanThu Desk"
        self.org_label.setText(f"{org.name} ({org.organ_id})")
        self.statusBar().showMessage(self.tr("Sẵn sàng"), 5000)
        self.settings_action.setEnabled(True)
        self._restore_layout()
        current = self.current_view()
        if id(current) not in self._started:
            self._started.add(id(current))
            current.start()
        self.opened.emit()

    def _busy_changed(self, running: int) -> None:
        self.busy.setVisible(running > 0)

    def _quiet_error(self, text: str) -> None:
        self.statusBar().showMessage(text, 15000)

    def _on_failed(self, error: BaseException) -> None:
        self.session.errors.report(error, self.tr("Mở kho dữ liệu"))
        self.statusBar().showMessage(self.tr("Không mở được kho dữ liệu"))
        self._send_ready()

    def _view_changed(self, index: int) -> None:
        self.views.setCurrentIndex(index)
        view = self.views.currentWidget()
        if self.session.is_open and id(view) not in self._started:
            self._started.add(id(view))
            view.start()
        selected = getattr(view, "selected_id", lambda: None)()
        self.detail.setVisible(VIEW_KEYS[index] not in NO_DOCUMENT_VIEWS)
        self.detail.show_document(selected)

    def current_view(self) -> Any:
        return self.views.currentWidget()

    def refresh(self) -> None:
        view = self.current_view()
        if hasattr(view, "reload"):
            view.reload()
        elif hasattr(view, "start"):
            view.start()

    def _focus_table(self) -> None:
        view = self.current_view()
        if hasattr(view, "focus_table"):
            view.focus_table()

    # -- documents ---------------------------------------------------------------------------

    def _document_selected(self, document_id: int | None) -> None:
        if self.sender() is not self.current_view():
            return
        self._waiting_preview = document_id
        self.detail.show_document(document_id)

    def open_document(self, document_id: int) -> None:
        """Show a document (from the search): in the view its direction belongs to."""
        self.session.tasks.run(
            self.session.desk.document, document_id,
            on_done=lambda doc: self._go_to(doc), label=self.tr("Mở văn bản"),
        )  # fmt: skip

    def _go_to(self, doc: Any) -> None:
        if doc.direction is Direction.INCOMING:
            key = "incoming"
        elif doc.number is None:
            key = "drafts"
        else:
            key = "outgoing"
        self.navigation.setCurrentRow(VIEW_KEYS.index(key))
        view = self.view_widgets[key]
        if not view.select_document(doc.id):
            self.detail.show_document(doc.id)

    def register_incoming(self, path: Path | None = None) -> None:
        try:
            from ui.register_dialog import RegisterIncomingDialog
        except ImportError:
            self.statusBar().showMessage(self.tr("Chưa có hộp thoại vào sổ."), 5000)
            return
        if getattr(self, "_register_dialog", None) is None:  # one dialog, kept for the day
            self._register_dialog = RegisterIncomingDialog(self.session, self)
            self._register_dialog.registered.connect(self._registered)
        self._register_dialog.open_for(Path(path) if path else None)

    def _registered(self, document_id: int) -> None:
        view = self.view_widgets["incoming"]
        self.navigation.setCurrentRow(VIEW_KEYS.index("incoming"))
        view._wanted = document_id
        view.reload()

    def export_register(self, kind: str | None = None) -> None:
        try:
            from ui.export_dialog import ExportRegisterDialog
        except ImportError:
            self.statusBar().showMessage(self.tr("Chưa có hộp thoại xuất sổ."), 5000)
            return
        direction = Direction(kind) if kind else None
        dialog = ExportRegisterDialog(self.session, self, direction)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # -- settings ------------------------------------------------------------------------------

    def _make_settings_actions(self, bar: QToolBar) -> None:
        """Cài đặt… (Ctrl+,): ui/settings_dialog.py; the administrator's fixed settings are
        written into the workspace once it is open."""
        from ui.settings_dialog import SETTINGS_SHORTCUT

        self.settings_action = self._action(
            self.tr("Cài đặt…"), SETTINGS_SHORTCUT, self.open_settings,
            self.tr("Cơ quan, sổ đăng ký, trục liên thông, thiết bị ký số, chứng thư tin cậy"),
        )  # fmt: skip
        self.settings_action.setEnabled(False)  # until the workspace is open (_on_ready)
        self.session.ready.connect(self._apply_policy)
        bar.addAction(self.settings_action)

    def _apply_policy(self) -> None:
        from ui.settings_state import apply_policy

        self.session.tasks.run(
            apply_policy, self.session.desk.ws,
            on_done=lambda result: result.keys and self._settings_saved(result),
            label=self.tr("Cài đặt"),
        )  # fmt: skip

    def open_settings(self, page: str | None = None) -> Any:
        from ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._settings_saved)
        if page:
            dialog.open_page(page)
        dialog.open()
        return dialog

    def _settings_saved(self, result: Any) -> None:
        """What the window shows of the settings follows them (``result``: SaveResult)."""
        keys = set(result.keys)
        if {"org_id", "org_name", "org_abbr"} & keys and result.organisation is not None:
            org = result.organisation  # read in the save's task: no SQL here
            self.setWindowTitle(org.name)  # the platform adds " — VanThu Desk"
            self.org_label.setText(f"{org.name} ({org.organ_id})")
        if "registers" in keys:
            view = self.view_widgets.get("registers")
            if view is not None and id(view) in self._started:
                view.start()
        self.statusBar().showMessage(self.tr("Đã lưu cài đặt."), 5000)
        if "language" in keys and result.language:
            from ui.language_switch import LanguageSwitch

            LanguageSwitch.request(self, result.language)  # once the dialog has closed

    # -- drag and drop -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _pdfs(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _pdfs(event)
        if paths:
            event.acceptProposedAction()
            self.register_incoming(paths[0])

    # -- ready -------------------------------------------------------------------------------

    def _first_rows(self, key: str) -> None:
        view = self.view_widgets[key]
        if view is not self.current_view():
            return
        if getattr(view, "selected_id", lambda: None)() is None:
            self._send_ready()

    def _preview_ready(self, document_id: int) -> None:
        if document_id == self._waiting_preview or self._waiting_preview is None:
            self._send_ready()

    def _send_ready(self) -> None:
        if not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()

    # -- layout remembered -----------------------------------------------------------------

    def _settings(self) -> QSettings:
        return QSettings(str(self.session.home / "ui.ini"), QSettings.Format.IniFormat)

    def _restore_layout(self) -> None:
        state = self._settings().value("window/splitter")
        if state is not None:
            self.splitter.restoreState(state)

    def closeEvent(self, event: Any) -> None:
        if not self._may_close():
            event.ignore()
            return
        if self.session.is_open:
            settings = self._settings()
            settings.setValue("window/splitter", self.splitter.saveState())
            settings.sync()
        super().closeEvent(event)

    def close_now(self) -> None:
        """Close without asking (Ctrl+C in the terminal, SIGTERM at logout): work under way
        stops as after "Dừng và thoát" — what is finished is kept, the rest is not done."""
        self._closing_anyway = True
        self.close()

    def _may_close(self) -> bool:
        """Closing while signing, issuing, registering or exporting stops that work: the user
        is asked first (what is finished stays finished; the rest is not done)."""
        if self._closing_anyway or not self.session.is_open:
            return True
        guarded = self.session.tasks.guarded()
        if not guarded:
            return True
        from PySide6.QtWidgets import QMessageBox

        names = "\n".join(f"• {t.label}" for t in guarded if t.label)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Đang làm dở"),
                          self.tr("Công việc sau đang chạy:\n%1\n\nThoát bây giờ sẽ dừng nó: "
                                  "phần đã xong vẫn được giữ, phần còn lại chưa được làm.")
                          .replace("%1", names or "…"), parent=self)  # fmt: skip
        wait = box.addButton(self.tr("&Chờ làm xong"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(self.tr("&Dừng và thoát"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(wait)
        box.setEscapeButton(wait)
        box.setAccessibleName(box.windowTitle())

        def answered(_result: int) -> None:
            if box.clickedButton() is not wait and box.clickedButton() is not None:
                self._closing_anyway = True
                self.close()

        box.finished.connect(answered)
        self.close_box = box
        box.open()
        return False


def _pdfs(event: Any) -> list[Path]:
    data = event.mimeData()
    if not data.hasUrls():
        return []
    return [
        Path(url.toLocalFile())
        for url in data.urls()
        if url.isLocalFile() and url.toLocalFile().lower().endswith(".pdf")
    ]


__all__ = ["VIEW_KEYS", "MainWindow"]
