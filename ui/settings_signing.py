"""Settings pages for signing: the PKCS#11 modules (the workspace's ``pkcs11_modules``, the
tokens found listed in the background) and the timestamp authority (``tsa_url``); the
official's signature image and the organisation's seal (PNGs kept in the workspace)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import InvalidInput
from ui.errors import words_for
from ui.session import DeskSession
from ui.settings_state import (
    PendingSave,
    SettingsState,
    list_tokens,
    module_paths,
    modules_json,
    read_image,
)
from ui.settings_widgets import LockBadge, NoticeLabel, fill, lock, muted, with_lock

PREVIEW = (260, 130)


class SigningPage(QWidget):
    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = self.tr("Thiết bị ký số và dấu thời gian")
        self.state: SettingsState | None = None
        self._scan_seq = 0
        self.modules = QListWidget()
        self.modules.setAccessibleName(self.tr("Thư viện PKCS#11 đã thêm"))
        self.modules.setMaximumHeight(90)
        self.add_button = QPushButton(self.tr("&Thêm thư viện…"))
        self.add_button.setAccessibleName(self.tr("Thêm thư viện PKCS#11"))
        self.add_button.clicked.connect(self.pick_module)
        self.remove_button = QPushButton(self.tr("&Bỏ"))
        self.remove_button.setAccessibleName(self.tr("Bỏ thư viện đã chọn"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.rescan_button = QPushButton(self.tr("Tìm lạ&i"))
        self.rescan_button.setAccessibleName(self.tr("Tìm lại thiết bị ký số"))
        self.rescan_button.clicked.connect(lambda: self.scan(refresh=True))
        self.modules_badge = LockBadge()
        buttons = QHBoxLayout()
        for widget in (self.add_button, self.remove_button, self.modules_badge):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        buttons.addWidget(self.rescan_button)
        self.tokens = QTreeWidget()
        self.tokens.setAccessibleName(self.tr("Thiết bị ký số tìm thấy"))
        self.tokens.setHeaderLabels([self.tr("Thư viện / thiết bị"), self.tr("Chi tiết")])
        self.tokens.setRootIsDecorated(True)
        self.tokens.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tokens.setColumnWidth(0, 220)  # token labels; a module's path spans both columns
        self.scan_notice = NoticeLabel(self.tr("Tình trạng tìm thiết bị"))
        modules_group = QGroupBox(self.tr("Thư viện thiết bị ký số (PKCS#11)"))
        inner = QVBoxLayout(modules_group)
        inner.addWidget(muted(QLabel(self.tr(
            "Thư viện của các thiết bị thường gặp được tự tìm; chỉ thêm đường dẫn khi thiết bị"
            " không hiện ra dưới đây."
        ))))  # fmt: skip
        inner.addWidget(self.modules)
        inner.addLayout(buttons)
        inner.addWidget(self.tokens, 1)
        inner.addWidget(self.scan_notice)

        self.tsa = QLineEdit()
        self.tsa.setAccessibleName(self.tr("Địa chỉ máy chủ cấp dấu thời gian"))
        tsa_row, self.tsa_badge = with_lock(self.tsa)
        tsa_group = QGroupBox(self.tr("Dấu thời gian"))
        form = QFormLayout(tsa_group)
        form.addRow(self.tr("&Máy chủ cấp dấu thời gian:"), tsa_row)
        form.labelForField(tsa_row).setBuddy(self.tsa)
        form.addRow("", muted(QLabel(self.tr(
            "Dùng khi ký ở mức B-T trở lên. Để trống: máy chủ mặc định."
        ))))  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addWidget(modules_group, 1)
        layout.addWidget(tsa_group)
        self.paths: list[str] = []
        self.found: list[Any] = []

    # -- filling -------------------------------------------------------------------------------

    def load(self, state: SettingsState) -> None:
        self.state = state
        snap = state.snapshot
        self.paths = module_paths(snap.value("pkcs11_modules"))
        self._show_paths()
        lock([self.add_button, self.remove_button, self.modules], self.modules_badge,
             snap.locked("pkcs11_modules"))  # fmt: skip
        self.tsa.setText(snap.value("tsa_url"))
        self.tsa.setPlaceholderText(fill(self.tr("Mặc định: %1"), state.default_tsa))
        lock([self.tsa], self.tsa_badge, snap.locked("tsa_url"))
        self.scan()

    def _show_paths(self) -> None:
        self.modules.clear()
        self.modules.addItems(self.paths)
        self.remove_button.setEnabled(bool(self.paths) and self.add_button.isEnabled())

    # -- modules ---------------------------------------------------------------------------------

    def pick_module(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn thư viện PKCS#11 của thiết bị"), "",
            self.tr("Thư viện (*.so *.so.* *.dll *.dylib);;Mọi tệp (*)"),
        )  # fmt: skip
        if path:
            self.add_module(path)

    def add_module(self, path: str) -> bool:
        """Add a module path (checked: a file), then look for tokens again."""
        path = str(Path(path).expanduser())
        candidate = Path(path)
        if not candidate.is_file():  # one stat: no reading on the GUI thread
            problem = "not_a_file" if candidate.exists() else "not_found"
            self.scan_notice.say(words_for(InvalidInput("module", problem, value=path)).text,
                                 ok=False)  # fmt: skip
            return False
        if path not in self.paths:
            self.paths.append(path)
            self._show_paths()
        self.scan()
        return True

    def remove_selected(self) -> None:
        row = self.modules.currentRow()
        if 0 <= row < len(self.paths):
            del self.paths[row]
            self._show_paths()
            self.scan()

    def remove_module(self, path: str) -> None:
        if path in self.paths:
            self.paths.remove(path)
            self._show_paths()
            self.scan()

    def scan(self, refresh: bool = False) -> None:
        self._scan_seq += 1
        seq = self._scan_seq
        self.scan_notice.say(self.tr("Đang tìm thiết bị ký số…"))
        self.session.tasks.run(
            list_tokens, self.session.desk.ws, list(self.paths), refresh,
            on_done=lambda found, s=seq: self._scanned(s, found, None),
            on_error=lambda e, s=seq: self._scanned(s, None, e),
            label=self.tr("Tìm thiết bị ký số"),
        )  # fmt: skip

    def _scanned(self, seq: int, found: list[Any] | None, error: BaseException | None) -> None:
        if seq != self._scan_seq:
            return  # an older search: the list changed since
        if not shiboken6.isValid(self):
            return  # the dialog was saved or closed before the tokens were listed
        self.tokens.clear()
        if error is not None:
            self.scan_notice.say(words_for(error).text, ok=False)
            return
        self.found = list(found or [])
        added = {str(Path(p)) for p in self.paths}
        count = 0
        for module in self.found:
            mark = self.tr(" (đã thêm)") if module.module in added else ""
            top = QTreeWidgetItem([module.module + mark, ""])
            top.setData(0, Qt.ItemDataRole.UserRole, module.module)
            top.setToolTip(0, module.module)
            self.tokens.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            if module.error is not None or module.error_text:
                text = words_for(module.error).text if module.error else module.error_text
                top.addChild(QTreeWidgetItem([fill(self.tr("Lỗi: %1"), text), ""]))
                top.child(0).setFirstColumnSpanned(True)
            elif not module.tokens:
                top.addChild(QTreeWidgetItem([self.tr("(không có thiết bị nào được cắm)"), ""]))
                top.child(0).setFirstColumnSpanned(True)
            for info, certs in module.tokens:
                count += 1
                detail = fill(self.tr("số sê-ri %1, %2; %n chứng thư", "", len(certs)),
                              info.serial, info.manufacturer)  # fmt: skip
                top.addChild(QTreeWidgetItem([info.label, detail]))
            top.setExpanded(True)
        if not self.found:
            self.scan_notice.say(self.tr(
                "Không tìm thấy thư viện thiết bị ký số nào. Hãy cài phần mềm của thiết bị"
                " hoặc thêm đường dẫn thư viện."
            ), ok=False)  # fmt: skip
        else:
            self.scan_notice.say(self.tr("Tìm thấy %n thiết bị.", "", count), ok=count > 0)

    def token_labels(self) -> list[str]:
        return [info.label for m in self.found for info, _ in m.tokens]

    # -- saving ----------------------------------------------------------------------------------

    def collect(self, pending: PendingSave) -> None:
        if self.state is None:
            return
        snap = self.state.snapshot
        modules = module_paths(snap.value("pkcs11_modules"))
        if not snap.locked("pkcs11_modules") and self.paths != modules:
            pending.changes.values["pkcs11_modules"] = modules_json(self.paths)
        if not snap.locked("tsa_url") and self.tsa.text().strip() != snap.value("tsa_url"):
            pending.changes.values["tsa_url"] = self.tsa.text().strip()

    def focus_key(self, key: str) -> bool:
        if key in ("tsa_url",):
            self.tsa.setFocus()
            return True
        return key in ("module", "pkcs11_modules")


class ImageBox(QGroupBox):
    """One image (signature or seal): its preview, where it is, and "Chọn ảnh PNG…"."""

    def __init__(self, key: str, title: str, button: str, page: ImagesPage) -> None:
        super().__init__(title)
        self.key = key
        self.page = page
        self.picked: str | None = None
        self._seq = 0
        self.preview = QLabel()
        self.preview.setFixedSize(*PREVIEW)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        # on white, as on the paper it is printed on (a blue signature reads on both palettes)
        self.preview.setStyleSheet("QLabel { background: white; color: #555; }")
        self.preview.setAccessibleName(fill(self.tr("Xem trước: %1"), title))
        self.where = muted(QLabel())
        self.where.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(button)
        self.button.setAccessibleName(fill(self.tr("Chọn ảnh: %1"), title))
        self.button.clicked.connect(self.pick)
        self.badge = LockBadge()
        self.notice = NoticeLabel(self.tr("Thông báo về ảnh"))
        side = QVBoxLayout()
        side.addWidget(self.where)
        buttons = QHBoxLayout()
        buttons.addWidget(self.button)
        buttons.addWidget(self.badge)
        buttons.addStretch(1)
        side.addLayout(buttons)
        side.addWidget(self.notice)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.preview)
        layout.addLayout(side, 1)

    def load(self, state: SettingsState) -> None:
        self.picked = None
        self.notice.clear_notice()
        current = state.snapshot.value(self.key)
        lock([self.button], self.badge, state.snapshot.locked(self.key))
        if current:
            self.where.setText(fill(self.tr("Đang dùng: %1"), Path(current).name))
            self.where.setToolTip(current)
            self._read(current, picked=False)
        else:
            self.where.setText(self.tr("Chưa chọn ảnh."))
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self.tr("(chưa có ảnh)"))

    def pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.title(), "", self.tr("Ảnh PNG (*.png)"))
        if path:
            self.choose(path)

    def choose(self, path: str) -> None:
        self._read(path, picked=True)

    def _read(self, path: str, picked: bool) -> None:
        self._seq += 1
        seq = self._seq
        self.page.session.tasks.run(
            read_image, path, self.key,
            on_done=lambda data, s=seq: self._shown(s, path, data, picked),
            on_error=lambda e, s=seq: self._failed(s, e, picked),
            label=self.tr("Đọc ảnh"),
        )  # fmt: skip

    def _shown(self, seq: int, path: str, data: bytes, picked: bool) -> None:
        if seq != self._seq:
            return
        pixmap = QPixmap()
        if not pixmap.loadFromData(data, "PNG"):
            self._failed(seq, InvalidInput("image", "not_png", value=path), picked)
            return
        self.preview.setPixmap(pixmap.scaled(
            PREVIEW[0] - 8, PREVIEW[1] - 8, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        ))  # fmt: skip
        if picked:
            self.picked = path
            self.where.setText(fill(self.tr("Ảnh mới (lưu khi bấm Lưu): %1"), Path(path).name))
            self.where.setToolTip(path)
            self.notice.say(
                fill(self.tr("%1 × %2 điểm ảnh."), pixmap.width(), pixmap.height()), ok=True
            )

    def _failed(self, seq: int, error: BaseException, picked: bool) -> None:
        if seq != self._seq:
            return
        if picked:
            self.notice.say(words_for(error).text, ok=False)
        else:
            self.preview.setText(self.tr("(không đọc được ảnh)"))
            self.notice.say(words_for(error).text, ok=False)


class ImagesPage(QWidget):
    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = self.tr("Chữ ký và con dấu")
        self.state: SettingsState | None = None
        self.signature = ImageBox(
            "signature_image", self.tr("Ảnh chữ ký của người có thẩm quyền"),
            self.tr("Chọn ảnh chữ &ký…"), self,
        )  # fmt: skip
        self.seal = ImageBox(
            "seal_image", self.tr("Ảnh con dấu của cơ quan"), self.tr("Chọn ảnh con &dấu…"), self
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.signature)
        layout.addWidget(self.seal)
        layout.addWidget(muted(QLabel(self.tr(
            "Ảnh PNG nền trong suốt. Ảnh được chép vào kho dữ liệu khi bấm Lưu; chữ ký phê duyệt"
            " dùng ảnh chữ ký, chữ ký phát hành dùng ảnh con dấu."
        ))))  # fmt: skip
        layout.addStretch(1)

    def load(self, state: SettingsState) -> None:
        self.state = state
        self.signature.load(state)
        self.seal.load(state)

    def collect(self, pending: PendingSave) -> None:
        if self.state is None:
            return
        for box in (self.signature, self.seal):
            if box.picked and not self.state.snapshot.locked(box.key):
                pending.changes.images[box.key] = Path(box.picked)

    def focus_key(self, key: str) -> bool:
        return key in ("image", "seal")


__all__ = ["ImageBox", "ImagesPage", "SigningPage"]
