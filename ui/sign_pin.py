"""The PIN entry of the sign dialogs: it reads the token's PIN state before the user types
and warns first — a wrong PIN was entered before; the next wrong PIN locks the token; the PIN
is locked (no field then: only the certificate authority can unblock it). A reader with its
own PIN pad (protected authentication path) gets a message instead of a field.

The PIN lives only in memory, for one job: ``take_pin`` hands it over and clears the field;
the caller passes it to the job as an argument and keeps no reference. It is never logged or
written anywhere. A demo workspace (setting ``demo`` = "1") shows its test tokens' PINs as a
hint (app/demo_tokens.py ``DEMO_PINS``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.register_widgets import error_color

# what the box shows
READING, READY, PIN_PAD, LOCKED, UNKNOWN = "reading", "ready", "pin_pad", "locked", "unknown"


def demo_pin(label: str, demo: bool) -> str | None:
    """The test PIN of a demo token, shown only in a demo workspace."""
    if not demo:
        return None
    from app.demo_tokens import DEMO_PINS

    return DEMO_PINS.get(label)


class PinBox(QWidget):
    """The PIN field and the token's warnings, above it."""

    changed = Signal()  # typed, or the token's state arrived
    submitted = Signal()  # Enter in the field

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = UNKNOWN
        self.state: Any = None  # signing PinState
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName(self.tr("Cảnh báo về mã PIN"))
        self.warning.setTextFormat(Qt.TextFormat.PlainText)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName(self.tr("Lỗi mã PIN"))
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(self.tr("Mã PIN"))
        self.field.setPlaceholderText(self.tr("Nhập mã PIN của thiết bị ký số"))
        self.field.setMaxLength(64)
        self.field.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )  # fmt: skip
        self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.label = QLabel(self.tr("Mã &PIN:"))
        self.label.setBuddy(self.field)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName(self.tr("Gợi ý mã PIN thử nghiệm"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Hướng dẫn nhập mã PIN"))
        row = QHBoxLayout()  # (hidden widgets of a box layout take no room: no gaps)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.field, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        self._strong = False
        self.hint.hide()
        self.error.hide()
        self.field.textChanged.connect(lambda _t: self._typed())
        self.field.returnPressed.connect(self.submitted.emit)
        self.show_reading()

    # -- what the dialog tells it ----------------------------------------------------------------

    def show_reading(self) -> None:
        """The token's state is being read: nothing to type yet."""
        self.mode = READING
        self.state = None
        self._layout_for(field=True, enabled=False)
        self.message.setText(self.tr("Đang đọc trạng thái thiết bị ký số…"))
        self.message.setVisible(True)
        self.warning.setVisible(False)
        self.changed.emit()

    def show_none(self) -> None:
        self.mode = UNKNOWN
        self.state = None
        self._layout_for(field=True, enabled=False)
        self.message.setVisible(False)
        self.warning.setVisible(False)
        self.hint.setVisible(False)
        self.changed.emit()

    def set_state(self, state: Any, *, demo_hint: str | None = None) -> None:
        """Show what the token says (a signing ``PinState``) before the user types."""
        self.state = state
        warning, strong = "", False
        if state.locked:
            self.mode = LOCKED
            warning, strong = (
                self.tr(
                    "Mã PIN của thiết bị đã bị khóa do nhập sai quá số lần cho phép. Không "
                    "thể ký bằng thiết bị này: hãy liên hệ tổ chức cấp chứng thư số (CA) "
                    "để mở khóa."
                ),
                True,
            )
        elif state.final_try:
            warning, strong = (
                self.tr(
                    "Chú ý: chỉ còn một lần thử. Nếu nhập sai mã PIN lần nữa, thiết bị sẽ bị khóa."
                ),
                True,
            )
        elif state.count_low:
            warning = self.tr("Trước đó đã có lần nhập sai mã PIN. Hãy nhập cẩn thận: thiết "
                              "bị sẽ bị khóa nếu nhập sai nhiều lần.")  # fmt: skip
        if not state.locked:
            self.mode = PIN_PAD if state.protected_auth_path else READY
        self.warning.setText(warning)
        self.warning.setVisible(bool(warning))
        self._paint_warning(strong)
        if self.mode == LOCKED:
            self._layout_for(field=False)
            self.message.setVisible(False)
        elif self.mode == PIN_PAD:
            self._layout_for(field=False)
            self.message.setText(
                self.tr(
                    "Thiết bị này có bàn phím riêng: khi bấm «Ký», hãy nhập mã PIN trên "
                    "bàn phím của thiết bị."
                )
            )
            self.message.setVisible(True)
        else:
            self._layout_for(field=True, enabled=True)
            self.message.setVisible(False)
        if demo_hint and self.mode == READY:
            self.hint.setText(
                self.tr("Thiết bị ký số thử nghiệm của bản demo — mã PIN: %1").replace(
                    "%1", demo_hint
                )
            )
            self.hint.setVisible(True)
        else:
            self.hint.setVisible(False)
        self.changed.emit()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        self._paint()

    # -- what the dialog reads -------------------------------------------------------------------

    def can_sign(self) -> bool:
        if self.mode == PIN_PAD:
            return True
        return self.mode == READY and bool(self.field.text())

    def take_pin(self) -> str | None:
        """The PIN for one job, and the field cleared (None when there is nothing to sign
        with). A PIN pad reader gets signing's protected-authentication marker."""
        if self.mode == PIN_PAD:
            from signing import PROTECTED_AUTH

            return PROTECTED_AUTH
        if self.mode != READY or not self.field.text():
            return None
        pin = self.field.text()
        self.clear()
        return pin

    def clear(self) -> None:
        self.field.clear()
        self.field.setModified(False)

    # -- drawing ---------------------------------------------------------------------------------

    def _typed(self) -> None:
        if self.error.isVisible():
            self.show_error("")
        self.changed.emit()

    def _layout_for(self, *, field: bool, enabled: bool = True) -> None:
        self.field.setVisible(field)
        self.label.setVisible(field)
        self.field.setEnabled(field and enabled)
        if not field:
            self.clear()

    def _paint_warning(self, strong: bool) -> None:
        self._strong = strong
        font = self.warning.font()
        font.setBold(True)
        self.warning.setFont(font)
        self._paint()

    def _paint(self) -> None:
        """The warning (in red when the next wrong PIN locks, or locked) and the error in a
        red that reads on the palette in use (painted again when the palette changes)."""
        app = QApplication.instance()
        source = app.palette() if isinstance(app, QApplication) else self.palette()
        red = error_color(source)
        text = source.color(QPalette.ColorRole.WindowText)
        for label, colour in ((self.warning, red if self._strong else text), (self.error, red)):
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            label.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._paint()
        super().changeEvent(event)

    def focus_field(self) -> None:
        if self.field.isVisible() and self.field.isEnabled():
            self.field.setFocus(Qt.FocusReason.OtherFocusReason)


class PinDialog(QDialog):
    """A PIN asked on its own (the issue dialog may use it): the token's state is given by
    the caller (read on the token's thread first); ``pin()`` after ``exec()`` accepted."""

    def __init__(
        self, token_label: str, state: Any, *, demo: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Nhập mã PIN"))
        self.setAccessibleName(self.windowTitle())
        self.box = PinBox()
        self.box.set_state(state, demo_hint=demo_pin(token_label, demo))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Thiết bị ký số: %1").replace("%1", token_label))
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self.box)
        layout.addWidget(buttons)
        self.box.changed.connect(lambda: self.ok.setEnabled(self.box.can_sign()))
        self.ok.setEnabled(self.box.can_sign())
        self._pin: str | None = None

    def accept(self) -> None:
        if self._pin is None:  # Enter reaches the field and the default button: once
            self._pin = self.box.take_pin()
        if self._pin is not None:
            super().accept()

    def pin(self) -> str | None:
        """The PIN typed, handed over once (the dialog keeps no copy afterwards)."""
        pin, self._pin = self._pin, None
        return pin


__all__ = ["LOCKED", "PIN_PAD", "READING", "READY", "PinBox", "PinDialog", "demo_pin"]
