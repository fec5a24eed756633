"""The Settings (issue 11 §5), opened from the main window (Ctrl+,): the organisation and its
registers, the axis, the tokens' modules and the timestamp authority, the trust store and the
revocation cache, the signature image and the seal, the language.

Everything is read in one background task when the dialog opens (ui/settings_state.py) and
saved in one when the clerk presses Lưu (Ctrl+Enter): checked first, then written, one
history event per change; Hủy (Escape) discards. A setting the administrator fixed
(app/settings.py, the policy file) is shown disabled with a padlock and "do quản trị viên
đặt", and the service refuses to change it. Problems are words at the bottom of the dialog,
and the page holding the field comes forward."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import AppError, InvalidInput
from app.settings import SettingLocked
from ui.errors import words_for
from ui.session import DeskSession
from ui.settings_axis import AxisPage
from ui.settings_org import LanguagePage, OrganisationPage
from ui.settings_signing import ImagesPage, SigningPage
from ui.settings_state import PendingSave, SaveResult, SettingsState, load_state, save_all
from ui.settings_trust import TrustPage
from ui.settings_widgets import NoticeLabel, fill, lock_pixmap

SETTINGS_SHORTCUT = "Ctrl+,"
PAGE_KEYS = ("organisation", "axis", "signing", "trust", "images", "language")
# which page holds a field named by an error (InvalidInput.field, SettingLocked.setting)
FIELD_PAGES = {
    "organisation": ("org_id", "org_name", "org_abbr", "org_place", "place", "register",
                     "register_name", "series", "registers"),
    "axis": ("endpoint", "system_id", "secret", "ca_bundle", "timeout", "axis_endpoint",
             "axis_system_id", "axis_ca_bundle", "axis_timeout", "axis_secret"),
    "signing": ("module", "pkcs11_modules", "tsa_url"),
    "trust": ("cert", "trust"),
    "images": ("image", "seal", "signature_image", "seal_image"),
    "language": ("language",),
}  # fmt: skip


class SettingsDialog(QDialog):
    loaded = Signal()  # every page shows the workspace's settings
    saved = Signal(object)  # SaveResult

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.state: SettingsState | None = None
        self.result_saved: SaveResult | None = None
        self._saving = False
        self.setWindowTitle(self.tr("Cài đặt"))
        self.setAccessibleName(self.windowTitle())
        self.resize(940, 640)

        self.pages: dict[str, QWidget] = {
            "organisation": OrganisationPage(),
            "axis": AxisPage(session),
            "signing": SigningPage(session),
            "trust": TrustPage(session),
            "images": ImagesPage(session),
            "language": LanguagePage(),
        }
        self.navigation = QListWidget()
        self.navigation.setAccessibleName(self.tr("Các trang cài đặt"))
        self.navigation.setSpacing(2)
        self.stack = QStackedWidget()
        for key in PAGE_KEYS:
            page = self.pages[key]
            item = QListWidgetItem(page.title)  # type: ignore[attr-defined]
            item.setSizeHint(QSize(0, 30))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.navigation.addItem(item)
            self.stack.addWidget(page)
        metrics = self.navigation.fontMetrics()
        widest = max(metrics.horizontalAdvance(p.title) for p in self.pages.values())  # type: ignore[attr-defined]
        self.navigation.setFixedWidth(widest + 2 * self.navigation.frameWidth() + 28)
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.navigation.setCurrentRow(0)

        self.policy_icon = QLabel()
        self.policy_icon.setPixmap(lock_pixmap(16))
        self.policy_notice = QLabel()
        self.policy_notice.setWordWrap(True)
        self.policy_notice.setAccessibleName(self.tr("Cài đặt do quản trị viên đặt"))
        policy_row = QHBoxLayout()
        policy_row.addWidget(self.policy_icon, 0, Qt.AlignmentFlag.AlignTop)
        policy_row.addWidget(self.policy_notice, 1)
        self.policy_box = QWidget()
        self.policy_box.setLayout(policy_row)
        self.policy_box.hide()

        self.notice = NoticeLabel(self.tr("Thông báo"))
        self.save_button = QPushButton(self.tr("&Lưu"))
        self.save_button.setAccessibleName(self.tr("Lưu cài đặt"))
        self.save_button.setToolTip(self.tr("Lưu mọi thay đổi (Ctrl+Enter)"))
        self.save_button.clicked.connect(self.accept)
        self.cancel_button = QPushButton(self.tr("&Hủy"))
        self.cancel_button.setAccessibleName(self.tr("Hủy thay đổi"))
        self.cancel_button.setToolTip(self.tr("Bỏ mọi thay đổi (Esc)"))
        self.cancel_button.clicked.connect(self.reject)
        for button in (self.save_button, self.cancel_button):
            button.setAutoDefault(False)  # Enter in a field never saves: Ctrl+Enter does
        self.save_button.setEnabled(False)
        save_action = QAction(self)
        save_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        save_action.triggered.connect(self.accept)
        self.addAction(save_action)
        for shortcut, step in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):
            action = QAction(self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _=False, s=step: self._step_page(s))
            self.addAction(action)

        body = QHBoxLayout()
        body.addWidget(self.navigation)
        body.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.policy_box)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)
        self.stack.setEnabled(False)
        self.notice.say(self.tr("Đang đọc cài đặt…"))
        self.reload()

    # -- pages -----------------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        return self.pages[key]

    def open_page(self, key: str) -> None:
        if key in PAGE_KEYS:
            self.navigation.setCurrentRow(PAGE_KEYS.index(key))

    def _step_page(self, step: int) -> None:
        row = (self.navigation.currentRow() + step) % len(PAGE_KEYS)
        self.navigation.setCurrentRow(row)

    # -- reading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        self.session.tasks.run(
            load_state, self.session.desk.ws, on_done=self._loaded, on_error=self._load_failed,
            label=self.tr("Đọc cài đặt"),
        )  # fmt: skip

    def _loaded(self, state: SettingsState) -> None:
        self.state = state
        for page in self.pages.values():
            page.load(state)  # type: ignore[attr-defined]
        self._show_policy(state)
        self.stack.setEnabled(True)
        self.save_button.setEnabled(True)
        self.notice.clear_notice()
        self.loaded.emit()

    def _load_failed(self, error: BaseException) -> None:
        self.notice.say(words_for(error, self.windowTitle()).text, ok=False)

    def _show_policy(self, state: SettingsState) -> None:
        policy = state.snapshot.policy
        if policy.problem:
            self.policy_notice.setText(fill(self.tr(
                "Không đọc được tệp chính sách của quản trị viên (%1): %2. Mọi cài đặt bị"
                " khóa; hãy báo quản trị viên."
            ), policy.source, policy.problem))  # fmt: skip
        elif policy.locked:
            self.policy_notice.setText(fill(self.tr(
                "Một số cài đặt do quản trị viên đặt (%1) và được hiển thị có ổ khóa; không"
                " thay đổi được ở đây."
            ), policy.source))  # fmt: skip
        self.policy_box.setVisible(bool(policy.problem or policy.locked))

    # -- saving ----------------------------------------------------------------------------------

    def pending(self) -> PendingSave:
        pending = PendingSave()
        for page in self.pages.values():
            page.collect(pending)  # type: ignore[attr-defined]
        return pending

    def accept(self) -> None:
        if self.state is None or self._saving:
            return
        pending = self.pending()
        if not pending:
            super().accept()
            return
        self._saving = True
        self.stack.setEnabled(False)
        self.save_button.setEnabled(False)
        self.notice.say(self.tr("Đang lưu…"))
        self.session.tasks.run(
            save_all, self.session.desk.ws, pending, on_done=self._saved,
            on_error=self._save_failed, label=self.tr("Lưu cài đặt"),
        )  # fmt: skip

    def reject(self) -> None:
        if self._saving:
            return  # the save finishes (or fails) first; nothing is left half-done
        super().reject()

    def _saved(self, result: SaveResult) -> None:
        self._saving = False
        self.result_saved = result
        self.saved.emit(result)
        super().accept()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self.stack.setEnabled(True)
        self.save_button.setEnabled(True)
        self.notice.say(words_for(error, self.tr("Lưu cài đặt")).text, ok=False)
        key = self._field_of(error)
        for page_key, fields in FIELD_PAGES.items():
            if key in fields:
                self.open_page(page_key)
                focus = getattr(self.pages[page_key], "focus_key", None)
                if focus is not None:
                    focus(key)
                break

    @staticmethod
    def _field_of(error: BaseException) -> str:
        if isinstance(error, SettingLocked):
            return error.setting
        if isinstance(error, InvalidInput):
            return error.field
        if isinstance(error, AppError):
            return str(error.data.get("field", ""))
        return ""


__all__ = ["PAGE_KEYS", "SETTINGS_SHORTCUT", "SettingsDialog"]
