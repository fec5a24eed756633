"""Settings page: the national document axis — address, system id, CA bundle, timeout and
the shared secret (kept in the OS keyring when one is usable, else in the workspace's 0600
file; never shown back), and "Kiểm tra kết nối" run in the background with the values typed."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.errors import words_for
from ui.session import DeskSession
from ui.settings_state import PendingSave, SettingsState, try_connection
from ui.settings_widgets import LockBadge, NoticeLabel, lock, muted, with_lock

DEFAULT_TIMEOUT = 30


class AxisPage(QWidget):
    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = self.tr("Trục liên thông")
        self.state: SettingsState | None = None
        self._test_seq = 0
        self.endpoint = QLineEdit()
        self.endpoint.setPlaceholderText("https://truclienthong.example.gov.vn")
        self.endpoint.setAccessibleName(self.tr("Địa chỉ trục"))
        self.system_id = QLineEdit()
        self.system_id.setAccessibleName(self.tr("Mã hệ thống"))
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText(self.tr("Để trống: dùng chứng thư của hệ điều hành"))
        self.ca_bundle.setAccessibleName(self.tr("Tệp chứng thư CA"))
        self.ca_button = QPushButton(self.tr("&Chọn tệp…"))
        self.ca_button.setAccessibleName(self.tr("Chọn tệp chứng thư CA"))
        self.ca_button.clicked.connect(self.pick_ca_bundle)
        ca_field = QWidget()
        ca_row = QHBoxLayout(ca_field)
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(self.ca_button)
        self.timeout = QSpinBox()
        self.timeout.setRange(1, 600)
        self.timeout.setSuffix(self.tr(" giây"))
        self.timeout.setAccessibleName(self.tr("Thời gian chờ"))
        self.timeout.setMaximumWidth(140)
        timeout_field = QWidget()
        timeout_row = QHBoxLayout(timeout_field)
        timeout_row.setContentsMargins(0, 0, 0, 0)
        timeout_row.addWidget(self.timeout)
        timeout_row.addStretch(1)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(self.tr("Khóa bí mật"))
        self.secret_state = QLabel()
        self.secret_state.setWordWrap(True)
        self.secret_state.setAccessibleName(self.tr("Tình trạng khóa bí mật"))
        self.secret_where = muted(QLabel())
        self.badges: dict[str, LockBadge] = {}
        form = QFormLayout()
        rows = (
            ("axis_endpoint", self.tr("Đị&a chỉ trục:"), self.endpoint, [self.endpoint]),
            ("axis_system_id", self.tr("&Mã hệ thống:"), self.system_id, [self.system_id]),
            ("axis_ca_bundle", self.tr("Tệ&p chứng thư CA:"), ca_field,
             [self.ca_bundle, self.ca_button]),
            ("axis_timeout", self.tr("&Thời gian chờ:"), timeout_field, [self.timeout]),
            ("axis_secret", self.tr("Khóa &bí mật:"), self.secret, [self.secret]),
        )  # fmt: skip
        self._lockable: dict[str, list[QWidget]] = {}
        for key, label, field, widgets in rows:
            row, badge = with_lock(field)
            self.badges[key] = badge
            self._lockable[key] = widgets
            form.addRow(label, row)
            form.labelForField(row).setBuddy(widgets[0])

        self.test_button = QPushButton(self.tr("&Kiểm tra kết nối"))
        self.test_button.setAccessibleName(self.tr("Kiểm tra kết nối tới trục"))
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = NoticeLabel(self.tr("Kết quả kiểm tra kết nối"))
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        note = muted(QLabel(self.tr(
            "Kiểm tra kết nối dùng các giá trị đang nhập (chưa lưu) và không nhận gói tin nào."
        )))  # fmt: skip
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.secret_state)
        layout.addWidget(self.secret_where)
        layout.addSpacing(6)
        layout.addLayout(test_row)
        layout.addWidget(note)
        layout.addStretch(1)

    # -- filling ---------------------------------------------------------------------------

    def load(self, state: SettingsState) -> None:
        self.state = state
        snap = state.snapshot
        self.endpoint.setText(snap.value("axis_endpoint"))
        self.system_id.setText(snap.value("axis_system_id"))
        self.ca_bundle.setText(snap.value("axis_ca_bundle"))
        try:
            seconds = round(float(snap.value("axis_timeout") or DEFAULT_TIMEOUT))
        except ValueError:
            seconds = DEFAULT_TIMEOUT
        self.timeout.setValue(seconds)
        self.secret.clear()
        self._show_secret_state(state.secret_where, state.secret_backend)
        for key, widgets in self._lockable.items():
            lock(widgets, self.badges[key], snap.locked(key))

    def _show_secret_state(self, where: str | None, backend: str) -> None:
        if where == "keyring":
            said = self.tr("Khóa bí mật: đã lưu (trong kho khóa của hệ điều hành).")
        elif where == "file":
            said = self.tr(
                "Khóa bí mật: đã lưu (trong tệp riêng của kho dữ liệu, chỉ người dùng này đọc"
                " được)."
            )
        else:
            said = self.tr("Khóa bí mật: chưa có.")
        self.secret_state.setText(said)
        self.secret.setPlaceholderText(
            self.tr("Để trống để giữ khóa đã lưu") if where else self.tr("Khóa do Trục cấp")
        )
        if backend == "keyring":
            self.secret_where.setText(
                self.tr("Khóa mới sẽ được lưu vào kho khóa của hệ điều hành.")
            )
        else:
            self.secret_where.setText(self.tr(
                "Máy này không có kho khóa dùng được: khóa mới sẽ được lưu vào tệp"
                " secrets/axis.secret của kho dữ liệu, chỉ người dùng này đọc được."
            ))  # fmt: skip

    def pick_ca_bundle(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Chọn tệp chứng thư CA của trục"), self.ca_bundle.text(),
            self.tr("Chứng thư (*.pem *.crt *.cer);;Mọi tệp (*)"),
        )  # fmt: skip
        if path:
            self.ca_bundle.setText(path)

    # -- the connection test -----------------------------------------------------------------

    def test_connection(self) -> None:
        self._test_seq += 1
        seq = self._test_seq
        self.test_button.setEnabled(False)
        self.test_result.say(self.tr("Đang kiểm tra…"))
        self.session.tasks.run(
            try_connection, self.session.desk.ws, self.endpoint.text(), self.system_id.text(),
            self.secret.text() or None, self.ca_bundle.text(), float(self.timeout.value()),
            on_done=lambda n, s=seq: self._tested(s, n, None),
            on_error=lambda e, s=seq: self._tested(s, None, e),
            label=self.tr("Kiểm tra kết nối"),
        )  # fmt: skip

    def _tested(self, seq: int, waiting: int | None, error: BaseException | None) -> None:
        if seq != self._test_seq:
            return
        self.test_button.setEnabled(True)
        if error is not None:
            self.test_result.say(words_for(error).text, ok=False)
            return
        self.test_result.say(
            self.tr("Kết nối được: trục đã xác nhận hệ thống, %n gói tin đang chờ nhận.", "",
                    int(waiting or 0)),
            ok=True,
        )  # fmt: skip

    # -- saving ------------------------------------------------------------------------------

    def collect(self, pending: PendingSave) -> None:
        if self.state is None:
            return
        snap = self.state.snapshot
        typed = {
            "axis_endpoint": self.endpoint.text().strip(),
            "axis_system_id": self.system_id.text().strip(),
            "axis_ca_bundle": self.ca_bundle.text().strip(),
        }
        for key, value in typed.items():
            if not snap.locked(key) and value != snap.value(key):
                pending.changes.values[key] = value
        try:
            stored = float(snap.value("axis_timeout") or DEFAULT_TIMEOUT)
        except ValueError:
            stored = -1.0
        if not snap.locked("axis_timeout") and float(self.timeout.value()) != stored:
            pending.changes.values["axis_timeout"] = str(float(self.timeout.value()))
        if self.secret.text() and not snap.locked("axis_secret"):
            pending.secret = self.secret.text()

    def focus_key(self, key: str) -> bool:
        widgets = self._lockable.get(key) or (
            [self.secret] if key == "secret" else [self.endpoint] if key == "endpoint"
            else [self.system_id] if key == "system_id" else []
        )  # fmt: skip
        if not widgets:
            return False
        widgets[0].setFocus()
        return True


__all__ = ["AxisPage"]
