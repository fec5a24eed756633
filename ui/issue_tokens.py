"""The organisation's token and certificate for issuing, and the PIN field: a simple combo
filled by the signing room's discovery in the background (the official's richer picker and
PIN dialog are ui/sign_*.py). The PIN is read from the field when the job starts and travels
with that job only; the field is cleared afterwards."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QPushButton, QWidget

from app.settings import MODULES_SETTING, module_paths
from ui.session import DeskSession


@dataclass(frozen=True)
class TokenChoice:
    """One certificate on one token, as the combo offers it."""

    module: str
    token: str  # label (what the signing room looks tokens up by)
    cka_id: str
    common_name: str
    subject: str
    locked: bool = False
    final_try: bool = False
    count_low: bool = False
    handle: Any = None  # signing.TokenModule: its thread runs every call to the token

    def words(self) -> str:
        return f"{self.common_name or self.subject} — {self.token}"


def find_choices(ws: Any, refresh: bool = False) -> tuple[list[TokenChoice], list[str]]:
    """Every signing certificate on every token found, and the modules that failed (words
    are made by the caller). Runs in the background: it loads drivers and asks tokens."""
    from signing import TokenModule, discover_tokens

    choices, broken = [], []
    paths = module_paths(ws.setting(MODULES_SETTING))  # the one reading of the setting
    for found in discover_tokens(paths, refresh=refresh):
        if found.error is not None or found.error_text:
            broken.append(found.module)
            continue
        for token, certs in found.tokens:
            for cert in certs:
                usage = set(cert.key_usage)
                if "key_cert_sign" in usage or not usage & {"digital_signature",
                                                           "non_repudiation"}:  # fmt: skip
                    continue
                choices.append(
                    TokenChoice(
                        found.module,
                        token.label,
                        cert.cka_id,
                        cert.common_name,
                        cert.subject,
                        token.pin.locked,
                        token.pin.final_try,
                        token.pin.count_low,
                        TokenModule.of(found.module),
                    )
                )
    return choices, broken


def find_choices_in_workspace(
    ws: Any, refresh: bool = False
) -> tuple[list[TokenChoice], list[str], bool]:
    """``find_choices``, and whether the workspace is the demo's (its test PINs are hinted)."""
    choices, broken = find_choices(ws, refresh)
    return choices, broken, ws.setting("demo") == "1"


def preferred(choices: list[TokenChoice], organisation: str) -> int:
    """The organisation's own certificate first: its name as the certificate's common name,
    then in the common name, then anywhere in the subject (a person's certificate names
    their organisation too, as O=…: it must not win over the organisation's); else the first."""
    wanted = organisation.casefold().strip()
    if not choices:
        return -1
    if not wanted:
        return 0

    def rank(choice: TokenChoice) -> int:
        common = choice.common_name.casefold().strip()
        if common == wanted:
            return 0
        if wanted in common:
            return 1
        return 2 if wanted in choice.subject.casefold() else 3

    return min(range(len(choices)), key=lambda i: (rank(choices[i]), i))


class TokenPicker(QWidget):
    """The combo of certificates with a "search again" button."""

    changed = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.choices: list[TokenChoice] = []
        self.broken: list[str] = []
        self.demo = False  # a demo workspace: its test tokens' PINs may be hinted
        self.loading = False
        self.combo = QComboBox()
        self.combo.setAccessibleName(self.tr("Chứng thư số của cơ quan"))
        self.combo.setMinimumContentsLength(28)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.again = QPushButton(self.tr("Tìm &lại"))
        self.again.setAccessibleName(self.tr("Tìm lại thiết bị ký số"))
        self.again.clicked.connect(lambda: self.load(refresh=True))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo, 1)
        row.addWidget(self.again)

    def load(self, refresh: bool = False) -> None:
        if self.loading or not self.session.is_open:
            return
        self.loading = True
        self.choices = []
        self.combo.clear()
        self.combo.addItem(self.tr("Đang tìm thiết bị ký số…"))
        self.combo.setEnabled(False)
        self.changed.emit()
        self.session.tasks.run(
            find_choices_in_workspace, self.session.desk.ws, refresh, on_done=self._found,
            on_error=self._failed, label=self.tr("Tìm thiết bị ký số"),
        )  # fmt: skip

    def _found(self, result: tuple[list[TokenChoice], list[str], bool]) -> None:
        self.loading = False
        self.choices, self.broken, self.demo = result
        self.combo.clear()
        for choice in self.choices:
            self.combo.addItem(choice.words())
        if not self.choices:
            self.combo.addItem(self.tr("Không tìm thấy chứng thư số nào — hãy cắm thiết bị ký số"))
        self.combo.setEnabled(bool(self.choices))
        org = self.session.desk.ws.organisation.name
        self.combo.setCurrentIndex(max(preferred(self.choices, org), 0))
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        from ui.errors import words_for

        self.loading = False
        self.choices = []
        self.combo.clear()
        self.combo.addItem(words_for(error).text)
        self.combo.setEnabled(False)
        self.changed.emit()

    def current(self) -> TokenChoice | None:
        index = self.combo.currentIndex()
        return self.choices[index] if 0 <= index < len(self.choices) else None


class PinField(QLineEdit):
    """A PIN typed for one job: never shown, never kept after the job starts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAccessibleName(self.tr("Mã PIN của thiết bị ký số"))
        self.setPlaceholderText(self.tr("Mã PIN"))
        self.setMaxLength(64)

    def take(self) -> str:
        """The PIN, and the field emptied."""
        pin = self.text()
        self.clear()
        return pin


__all__ = [
    "PinField",
    "TokenChoice",
    "TokenPicker",
    "find_choices",
    "find_choices_in_workspace",
    "preferred",
]
