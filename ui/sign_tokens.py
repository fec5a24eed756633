"""The token and certificate picker of the sign dialog.

Tokens are found without setup (signing's ``discover_tokens``: the module names seen on
Vietnamese offices' tokens in the system folders, ``VANTHU_PKCS11_MODULE``) plus the modules
the workspace lists in its ``pkcs11_modules`` setting (a JSON list of paths); "Thêm thư
viện…" adds one there. The search runs in the background (``session.tasks``); every call into
a module runs on that module's own thread (signing's rule). ``softhsm_conf`` (the demo's
SoftHSM configuration) is given to SoftHSM through ``SOFTHSM2_CONF`` before the module is
first loaded, unless the environment already says where it is."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from app.errors import AppError
from app.settings import MODULES_SETTING, module_paths
from resources import ROOT as RESOURCES
from ui.errors import words_for
from ui.labels import dmy
from ui.session import DeskSession

SOFTHSM_SETTING = "softhsm_conf"
IMAGE_SETTING = "signature_image"  # the official's handwritten-signature image (PNG)
SAMPLE_IMAGE = RESOURCES / "signatures" / "chu-ky-mau.png"


@dataclass(frozen=True)
class TokenChoice:
    """One token of one module, with its signing certificates."""

    module: str
    info: Any  # signing TokenInfo
    certificates: tuple[Any, ...]  # signing CertificateInfo, signing ones only

    @property
    def ref(self) -> str:
        """How the token is named to the module: its serial, else its label."""
        return self.info.serial or self.info.label


@dataclass(frozen=True)
class SignSetup:
    """What the sign dialog needs from the workspace and the machine, read in one go."""

    tokens: tuple[TokenChoice, ...] = ()
    problems: tuple[tuple[str, str], ...] = ()  # (module path, words) of modules that failed
    extra_modules: tuple[str, ...] = ()
    demo: bool = False
    image: Path = SAMPLE_IMAGE
    image_is_sample: bool = True


def is_signing_certificate(cert: Any) -> bool:
    usage = set(cert.key_usage)
    return bool(usage & {"non_repudiation", "digital_signature"}) and "key_cert_sign" not in usage


def read_setup(ws: Any, added: tuple[str, ...] = (), refresh: bool = False) -> SignSetup:
    """On the I/O pool: the workspace's settings, then every token found (``added``: module
    paths the user just added, saved to the workspace first)."""
    from signing import discover_tokens

    extra = module_paths(ws.setting(MODULES_SETTING))
    new = [p for p in added if p not in extra]
    if new:
        extra += new
        ws.set_settings({MODULES_SETTING: json.dumps(extra, ensure_ascii=False)},
                        pkcs11_modules={"added": new})  # fmt: skip
    apply_token_settings(ws)
    image_setting = ws.setting(IMAGE_SETTING)
    image = Path(image_setting) if image_setting else SAMPLE_IMAGE
    if not image.is_file():
        image = SAMPLE_IMAGE
    tokens: list[TokenChoice] = []
    problems: list[tuple[str, str]] = []
    for found in discover_tokens(extra, refresh=refresh):
        if found.error is not None or found.error_text:
            words = words_for(found.error).text if found.error is not None else found.error_text
            problems.append((found.module, words))
            continue
        for info, certs in found.tokens:
            signing = tuple(c for c in certs if is_signing_certificate(c))
            tokens.append(TokenChoice(found.module, info, signing))
    return SignSetup(
        tuple(tokens), tuple(problems), tuple(extra), ws.setting("demo") == "1", image,
        image == SAMPLE_IMAGE,
    )  # fmt: skip


def apply_token_settings(ws: Any) -> None:
    """``softhsm_conf`` given to SoftHSM before it is loaded (signing's
    ``use_workspace_tokens``; the session does it when the workspace opens, this again is
    harmless)."""
    from signing import use_workspace_tokens

    use_workspace_tokens(ws)


def on_token_thread(module_path: str) -> Callable[..., Future[Any]]:
    """A ``submit`` for ``session.tasks.run`` that runs the work on the module's own thread
    (one thread per token module: signing/tokens.py)."""
    from signing import TokenModule

    module = TokenModule.of(module_path)

    def submit(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Future[Any]:
        return module.submit(lambda _lib: fn(*args, **kwargs))

    return submit


def read_pin_state(module_path: str, token: str) -> Any:
    """On the module's thread: the token's PIN flags as they are now."""
    from signing import TokenModule

    return TokenModule.of(module_path).pin_state(token)


@dataclass
class _Shown:
    tokens: list[TokenChoice] = field(default_factory=list)


class TokenPicker(QWidget):
    """Token and certificate combo boxes, a refresh button and "add a module path"."""

    changed = Signal()  # another token or certificate is chosen (or the list changed)
    searched = Signal(object)  # SignSetup: a search ended

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setup: SignSetup | None = None
        self.searching = False
        self._shown = _Shown()

        self.token_box = QComboBox()
        self.token_box.setAccessibleName(self.tr("Thiết bị ký số"))
        self.token_box.setMinimumContentsLength(28)
        self.cert_box = QComboBox()
        self.cert_box.setAccessibleName(self.tr("Chứng thư số"))
        self.cert_box.setMinimumContentsLength(28)
        self.refresh_button = QPushButton(self.tr("Tìm &lại"))
        self.refresh_button.setAccessibleName(self.tr("Tìm lại thiết bị ký số"))
        self.refresh_button.setToolTip(self.tr("Tìm lại các thiết bị ký số đang cắm vào máy"))
        self.add_button = QPushButton(self.tr("Thêm thư &viện…"))
        self.add_button.setAccessibleName(self.tr("Thêm thư viện PKCS#11"))
        self.add_button.setToolTip(
            self.tr("Chọn tệp thư viện PKCS#11 của thiết bị ký số (do nhà cung cấp cài đặt)")
        )
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Tình trạng tìm thiết bị"))

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        token_label = QLabel(self.tr("&Thiết bị ký số:"))
        token_label.setBuddy(self.token_box)
        cert_label = QLabel(self.tr("&Chứng thư số:"))
        cert_label.setBuddy(self.cert_box)
        form.addRow(token_label, self.token_box)
        form.addRow(cert_label, self.cert_box)
        form.addRow("", buttons)
        form.addRow("", self.status)

        self.token_box.currentIndexChanged.connect(self._token_changed)
        self.cert_box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.refresh_button.clicked.connect(lambda: self.search(refresh=True))
        self.add_button.clicked.connect(self.add_module)

    # -- searching -------------------------------------------------------------------------------

    def search(self, *, refresh: bool = False, added: tuple[str, ...] = ()) -> None:
        """Look for tokens in the background (``refresh``: ask the modules to look again)."""
        if self.searching:
            return
        self.searching = True
        self.refresh_button.setEnabled(False)
        self.add_button.setEnabled(False)
        self.status.setText(self.tr("Đang tìm thiết bị ký số…"))
        self.session.tasks.run(
            read_setup, self.session.desk.ws, added, refresh,
            on_done=self._found, on_error=self._failed, label=self.tr("Tìm thiết bị ký số"),
        )  # fmt: skip

    def add_module(self, path: str | None = None) -> None:
        """Add a module path (asked with a file dialog when not given) and search again."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("Chọn thư viện PKCS#11"), "",
                self.tr("Thư viện PKCS#11 (*.so *.so.* *.dll *.dylib);;Mọi tệp (*)"),
            )  # fmt: skip
        if path:
            self.search(refresh=True, added=(str(path),))

    def _found(self, setup: SignSetup) -> None:
        if not shiboken6.isValid(self):
            return  # the dialog was closed (and deleted) while the search ran
        self.searching = False
        self.refresh_button.setEnabled(True)
        self.add_button.setEnabled(True)
        self.setup = setup
        wanted = self.current()
        self._shown.tokens = list(setup.tokens)
        self.token_box.blockSignals(True)
        self.token_box.clear()
        for choice in setup.tokens:
            info = choice.info
            maker = " ".join(x for x in (info.manufacturer, info.model) if x)
            self.token_box.addItem(f"{info.label} — {maker}" if maker else info.label)
            self.token_box.setItemData(
                self.token_box.count() - 1, choice.module, Qt.ItemDataRole.ToolTipRole
            )
        index = 0
        if wanted is not None:
            for i, choice in enumerate(setup.tokens):
                if (choice.module, choice.ref) == (wanted.module, wanted.ref):
                    index = i
        self.token_box.setCurrentIndex(index if setup.tokens else -1)
        self.token_box.blockSignals(False)
        self._fill_certificates()
        lines = []
        if not setup.tokens:
            lines.append(
                self.tr(
                    "Không thấy thiết bị ký số nào. Hãy cắm thiết bị rồi bấm «Tìm lại», "
                    "hoặc thêm thư viện PKCS#11 của thiết bị."
                )
            )
        for module, words in setup.problems:
            lines.append(self.tr("Thư viện %1: %2").replace("%1", Path(module).name)
                         .replace("%2", words))  # fmt: skip
        self.status.setText("\n".join(lines))
        self.status.setVisible(bool(lines))
        self.searched.emit(setup)
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.searching = False
        self.refresh_button.setEnabled(True)
        self.add_button.setEnabled(True)
        self.status.setText(words_for(error).text)
        self.status.setVisible(True)
        self.changed.emit()

    def _token_changed(self, _index: int) -> None:
        self._fill_certificates()
        self.changed.emit()

    def _fill_certificates(self) -> None:
        self.cert_box.blockSignals(True)
        self.cert_box.clear()
        choice = self.current()
        for cert in choice.certificates if choice else ():
            valid_to = dmy(cert.not_after)
            text = cert.common_name or cert.label
            if valid_to:
                text += " " + self.tr("(hết hạn %1)").replace("%1", valid_to)
            self.cert_box.addItem(text)
            tip = cert.subject + "\n" + self.tr("Cấp bởi: %1").replace("%1", cert.issuer)
            self.cert_box.setItemData(self.cert_box.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.cert_box.setEnabled(self.cert_box.count() > 0)
        self.cert_box.blockSignals(False)
        if choice is not None and not choice.certificates:
            self.status.setText(self.tr("Thiết bị này không có chứng thư số dùng để ký."))
            self.status.setVisible(True)

    # -- what the dialog reads -------------------------------------------------------------------

    def current(self) -> TokenChoice | None:
        i = self.token_box.currentIndex()
        return self._shown.tokens[i] if 0 <= i < len(self._shown.tokens) else None

    def certificate(self) -> Any:
        choice = self.current()
        i = self.cert_box.currentIndex()
        if choice is None or not 0 <= i < len(choice.certificates):
            return None
        return choice.certificates[i]

    def select_token(self, label: str) -> bool:
        for i, choice in enumerate(self._shown.tokens):
            if label in (choice.info.label, choice.info.serial):
                self.token_box.setCurrentIndex(i)
                return True
        return False


def error_code(error: BaseException | None) -> str:
    return error.code if isinstance(error, AppError) else ""


__all__ = [
    "IMAGE_SETTING",
    "SAMPLE_IMAGE",
    "SOFTHSM_SETTING",
    "SignSetup",
    "TokenChoice",
    "TokenPicker",
    "is_signing_certificate",
    "on_token_thread",
    "read_pin_state",
    "read_setup",
]
