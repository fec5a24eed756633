"""The Settings dialog (issue 11 §5), offscreen over real workspaces: the organisation changed
and seen in the window's status bar, a register added, the axis settings saved with the
secret (never shown back, never in the settings table) and the connection tested against a
local axis process, a PKCS#11 module path added and removed with the SoftHSM tokens listed,
a CA certificate of the test PKI added to the trust store (an end-entity one refused), the
revocation cache refreshed from the test PKI on 127.0.0.1, a setting the administrator fixed
shown locked and refused, the language stored; Cancel keeps nothing; every page drawn in
both languages on both palettes.

The trust store starts empty (VANTHU_TRUST_BUNDLED=0: nothing here can reach the real
Government CA), the secret goes to the workspace's 0600 file (VANTHU_SECRET_STORE=file: the
tests never write to the user's keyring), and the policy file is the test's own."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import pem, x509
from PySide6.QtWidgets import QApplication

from app.clock import VN_TZ
from app.errors import InvalidInput
from app.messages import describe
from app.settings import SettingLocked, SettingsChanges, SettingsService, start_language
from app.workspace import Workspace
from resources import ROOT as RESOURCES
from tests.conftest import NOW
from tests.ui.test_english import (  # noqa: F401 (fixtures: compiled, english)
    clashing_keys,
    compiled,
    cut_off,
    dark,
    english,
)
from ui.settings_dialog import PAGE_KEYS, SettingsDialog

pytestmark = pytest.mark.gui
WAIT = 30_000


@pytest.fixture(autouse=True)
def _settings_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, softhsm) -> Path:
    """The test's own policy file (absent unless written), no bundled trust, the secret in a
    file. ``softhsm``: the dialog lists tokens, and SoftHSM must read the tests' configuration
    before it is first loaded in this process."""
    policy = tmp_path / "policy.toml"
    monkeypatch.setenv("VANTHU_POLICY", str(policy))
    monkeypatch.setenv("VANTHU_TRUST_BUNDLED", "0")
    monkeypatch.setenv("VANTHU_SECRET_STORE", "file")
    return policy


@pytest.fixture
def session(qtbot, tmp_path: Path) -> Iterator[Any]:
    from app.clock import fixed_clock
    from ui.session import DeskSession

    home = tmp_path / "ws"
    Workspace.create(home, "000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND",
                     clock=fixed_clock(NOW)).close()  # fmt: skip
    made = DeskSession(home)
    made.errors.dialogs = False
    with qtbot.waitSignal(made.ready, timeout=WAIT):
        made.open()
    yield made
    made.close()


def open_settings(qtbot, session: Any, parent: Any = None) -> SettingsDialog:
    dialog = SettingsDialog(session, parent)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT):
        dialog.show()
    return dialog


def save(qtbot, dialog: SettingsDialog) -> Any:
    with qtbot.waitSignal(dialog.saved, timeout=WAIT) as saved:
        dialog.save_button.click()
    return saved.args[0]


def settings_table(home: Path) -> dict[str, str]:
    conn = sqlite3.connect(home / "vanthu.db")
    try:
        return dict(conn.execute("SELECT key, value FROM settings").fetchall())
    finally:
        conn.close()


def test_the_organisation_changed_shows_in_the_status_bar_and_a_register_is_added(qtbot, window):
    session = window.session
    assert window.settings_action.isEnabled()
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    dialog = window.open_settings()
    qtbot.waitUntil(lambda: dialog.state is not None, timeout=WAIT)
    org = dialog.page("organisation")
    assert org.edits["org_name"].text() == "Ủy ban nhân dân tỉnh Đắk Lắk"
    org.edits["org_name"].setText("Ủy ban nhân dân tỉnh Lâm Đồng")
    org.edits["org_place"].setText("Lâm Đồng")
    org.new_code.setText("di-mat")  # taken: said at once, nothing added
    org.new_name.setText("Sổ trùng mã")
    org.add_button.click()
    assert org.register_notice.text() == "Sổ đăng ký: đã tồn tại: «di-mat»"
    org.new_code.setText("den-mat")
    org.new_name.setText("Sổ đăng ký văn bản đến (mật)")
    org.new_series.setCurrentIndex(org.new_series.findData("secret"))
    org.add_button.click()
    assert "den-mat" in org.register_codes()
    with qtbot.waitSignal(dialog.saved, timeout=WAIT):
        dialog.save_button.click()
    qtbot.waitUntil(lambda: "Lâm Đồng" in window.org_label.text(), timeout=WAIT)
    assert window.org_label.text() == "Ủy ban nhân dân tỉnh Lâm Đồng (000.00.00.H29)"
    assert window.windowTitle() == "Ủy ban nhân dân tỉnh Lâm Đồng"  # Qt adds " — VanThu Desk"
    ws = session.desk.ws
    assert ws.setting("org_place") == "Lâm Đồng"
    registered = {r.code: r for r in ws.registers()}
    assert registered["den-mat"].series == "secret"
    assert registered["den-mat"].direction.value == "incoming"


def test_cancel_keeps_nothing(qtbot, session):
    dialog = open_settings(qtbot, session)
    dialog.page("organisation").edits["org_name"].setText("Tên khác")
    dialog.page("language").english.setChecked(True)
    dialog.cancel_button.click()
    assert not dialog.isVisible()
    again = open_settings(qtbot, session)
    assert again.page("organisation").edits["org_name"].text() == "Ủy ban nhân dân tỉnh Đắk Lắk"
    assert session.desk.ws.setting("language") is None


def test_a_bad_value_is_said_on_its_page_and_nothing_is_saved(qtbot, session):
    dialog = open_settings(qtbot, session)
    dialog.page("organisation").edits["org_place"].setText("Đà Lạt")
    dialog.page("signing").tsa.setText("tsa khong hop le")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: "dấu thời gian" in dialog.notice.text(), timeout=WAIT)
    assert dialog.notice.text() == (
        "Địa chỉ máy chủ cấp dấu thời gian: không đúng dạng (ví dụ https://…): «tsa khong hop le»"
    )
    assert dialog.stack.currentWidget() is dialog.page("signing")
    assert dialog.isVisible() and session.desk.ws.setting("org_place") is None


def test_the_axis_settings_are_saved_with_a_secret_that_is_never_shown_back(
    qtbot, session, tmp_path: Path
):
    from tests.sync.axis_server import SYSTEM_A, running_axis

    with running_axis(tmp_path) as axis:
        dialog = open_settings(qtbot, session)
        page = dialog.page("axis")
        assert page.secret_state.text() == "Khóa bí mật: chưa có."
        assert "secrets/axis.secret" in page.secret_where.text()  # no usable keyring here
        page.endpoint.setText(axis.url)
        page.system_id.setText(SYSTEM_A[0])
        page.secret.setText("sai-khoa-bi-mat-0123456789")
        page.test_button.click()
        qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=WAIT)
        assert page.test_result.text().startswith("Trục liên thông không chấp nhận xác thực")
        page.secret.setText(SYSTEM_A[1])
        page.test_button.click()
        qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=WAIT)
        assert page.test_result.text() == (
            "Kết nối được: trục đã xác nhận hệ thống, 0 gói tin đang chờ nhận."
        )
        result = save(qtbot, dialog)
    assert result.secret_where == "file"
    assert set(result.keys) >= {"axis_endpoint", "axis_system_id", "axis_secret"}
    home = session.home
    stored = settings_table(home)
    assert stored["axis_endpoint"] == axis.url and stored["axis_system_id"] == SYSTEM_A[0]
    everything = json.dumps(stored, ensure_ascii=False)
    assert SYSTEM_A[1] not in everything  # not in the settings table
    conn = sqlite3.connect(home / "vanthu.db")
    history = " ".join(r[0] for r in conn.execute("SELECT details FROM events"))
    conn.close()
    assert SYSTEM_A[1] not in history and "(đã lưu)" in history
    assert (home / "secrets" / "axis.secret").stat().st_mode & 0o777 == 0o600
    again = open_settings(qtbot, session)
    page = again.page("axis")
    assert page.secret.text() == ""  # never shown back
    assert page.secret_state.text().startswith("Khóa bí mật: đã lưu (trong tệp riêng")
    assert page.secret.placeholderText() == "Để trống để giữ khóa đã lưu"
    # a new system id needs its own secret
    page.system_id.setText("he-thong-moi")
    again.save_button.click()
    qtbot.waitUntil(lambda: "Khóa bí mật" in again.notice.text(), timeout=WAIT)
    assert again.notice.text() == "Khóa bí mật của hệ thống: chưa có, cần nhập"
    assert again.stack.currentWidget() is page


def test_a_pkcs11_module_added_lists_its_tokens_and_can_be_removed(qtbot, session, softhsm):
    dialog = open_settings(qtbot, session)
    page = dialog.page("signing")
    qtbot.waitUntil(lambda: not page.scan_notice.text().startswith("Đang"), timeout=WAIT)
    assert not page.add_module(str(softhsm.module.parent / "khong-co.so"))
    assert page.scan_notice.text().startswith("Thư viện PKCS#11: không tìm thấy tệp:")
    assert page.add_module(str(softhsm.module))
    added = f"{softhsm.module} (đã thêm)"
    qtbot.waitUntil(lambda: page.tokens.topLevelItem(0).text(0) == added, timeout=WAIT)
    assert set(page.token_labels()) >= {"VT-CANHAN", "VT-COQUAN"}
    top = page.tokens.topLevelItem(0)
    children = {top.child(i).text(0): top.child(i).text(1) for i in range(top.childCount())}
    assert children["VT-CANHAN"].endswith("; 3 chứng thư")
    save(qtbot, dialog)
    assert json.loads(session.desk.ws.setting("pkcs11_modules")) == [str(softhsm.module)]
    again = open_settings(qtbot, session)
    page = again.page("signing")
    assert [page.modules.item(i).text() for i in range(page.modules.count())] == [
        str(softhsm.module)
    ]
    page.remove_module(str(softhsm.module))
    save(qtbot, again)
    assert json.loads(session.desk.ws.setting("pkcs11_modules")) == []


def test_a_ca_certificate_is_added_to_the_trust_store_and_the_revocation_cache_refreshed(
    qtbot, session, softhsm, pki_online, tmp_path: Path
):
    root = tmp_path / "root.pem"
    root.write_bytes(pem.armor("CERTIFICATE", softhsm.pki.root_der))
    interm = tmp_path / "interm.cer"
    interm.write_bytes(softhsm.pki.interm_der)
    signer = tmp_path / "nguyen-van-a.cer"
    signer.write_bytes(softhsm.pki.cert_der("canhan"))
    dialog = open_settings(qtbot, session)
    page = dialog.page("trust")
    assert page.fingerprints() == []
    assert page.last_refresh.text() == "Chưa cập nhật lần nào."
    page.add_certificate(str(signer))
    qtbot.waitUntil(lambda: "CA" in page.notice.text(), timeout=WAIT)
    assert page.notice.text() == (
        f"Chứng thư số: không phải chứng thư của tổ chức cung cấp dịch vụ chứng thực (CA): {signer}"
    )
    for path in (root, interm):
        page.add_certificate(str(path))
    qtbot.waitUntil(lambda: len(page.fingerprints()) == 2, timeout=WAIT)
    root_name = "RootCA thử nghiệm chuyên dùng Chính phủ G2"
    assert page.row_named(root_name)[1] == "sẽ thêm khi bấm Lưu"
    result = save(qtbot, dialog)
    assert "trust" in result.keys
    again = open_settings(qtbot, session)
    page = again.page("trust")
    row, state = page.row_named(root_name)
    assert (row.anchor, row.origin, state) == (True, "user", "đang dùng")
    expires = x509.Certificate.load(softhsm.pki.root_der).not_valid_after
    cells = [
        [page.table.item(r, c).text() for c in range(page.table.columnCount())]
        for r in range(page.table.rowCount())
    ]
    assert [root_name, "gốc", "đã thêm", "đang dùng", f"{expires:%d/%m/%Y}"] in cells
    interm_row, _ = page.row_named("CA thử nghiệm phục vụ các cơ quan Nhà nước G2")
    assert not interm_row.anchor
    page.refresh_button.click()
    qtbot.waitUntil(lambda: page.refresh_button.isEnabled(), timeout=WAIT)
    assert page.refresh_notice.text() == "Đã lấy 1/1 nguồn dữ liệu thu hồi."
    now = dt.datetime.now(VN_TZ)
    shown = {f"Cập nhật gần nhất: {t:%H:%M %d/%m/%Y}" for t in (now, now - dt.timedelta(minutes=1))}
    assert page.last_refresh.text() in shown
    # remove the added intermediate: listed until saved, gone after
    assert page.select_fingerprint(interm_row.fingerprint)
    page.remove_button.click()
    assert page.row_named(interm_row.common_name)[1] == "sẽ xóa khi bấm Lưu"
    save(qtbot, again)
    third = open_settings(qtbot, session)
    assert third.page("trust").fingerprints() == [row.fingerprint]


def test_a_setting_the_administrator_fixed_is_shown_locked_and_refused(
    qtbot, session, _settings_env: Path
):
    _settings_env.write_text(
        'locked = ["org_id", "trust"]\n[settings]\ntsa_url = "http://127.0.0.1:9/tsa"\n',
        encoding="utf-8",
    )
    dialog = open_settings(qtbot, session)
    org = dialog.page("organisation")
    assert not org.edits["org_id"].isEnabled() and org.edits["org_name"].isEnabled()
    assert org.badges["org_id"].isVisibleTo(dialog)
    assert org.badges["org_id"].text.text() == "do quản trị viên đặt"
    assert not org.badges["org_name"].isVisibleTo(dialog)
    signing = dialog.page("signing")
    assert not signing.tsa.isEnabled() and signing.tsa.text() == "http://127.0.0.1:9/tsa"
    assert not dialog.page("trust").add_button.isEnabled()
    assert dialog.policy_box.isVisibleTo(dialog)
    assert "do quản trị viên đặt" in dialog.policy_notice.text()
    # the service refuses what the dialog does not offer
    with pytest.raises(SettingLocked) as caught:
        SettingsService(session.desk.ws).save(SettingsChanges(values={"tsa_url": ""}))
    assert describe(caught.value) == (
        "«Máy chủ cấp dấu thời gian» do quản trị viên đặt; không thay đổi được ở đây."
    )
    # what is not locked still saves
    org.edits["org_name"].setText("Văn phòng UBND tỉnh Đắk Lắk")
    result = save(qtbot, dialog)
    assert list(result.keys) == ["org_name"]


def test_the_language_switch_is_stored_for_the_next_start(
    qtbot, session, monkeypatch: pytest.MonkeyPatch
):
    from ui.settings_state import apply_start_language

    dialog = open_settings(qtbot, session)
    page = dialog.page("language")
    assert page.vietnamese.isChecked()
    page.english.setChecked(True)
    assert list(save(qtbot, dialog).keys) == ["language"]
    assert session.desk.ws.setting("language") == "en"
    assert start_language(session.home) == "en"
    monkeypatch.delenv("VANTHU_LANG")
    assert apply_start_language(session.home) == "en"
    assert os.environ["VANTHU_LANG"] == "en"


def test_the_signature_image_and_the_seal_are_previewed_and_kept(qtbot, session, tmp_path):
    seal = tmp_path / "dau.png"
    seal.write_bytes((RESOURCES / "seals" / "con-dau-mau.png").read_bytes())
    not_png = tmp_path / "chu-ky.png"
    not_png.write_text("không phải ảnh")
    dialog = open_settings(qtbot, session)
    page = dialog.page("images")
    assert page.seal.preview.text() == "(chưa có ảnh)"
    page.signature.choose(str(not_png))
    qtbot.waitUntil(lambda: bool(page.signature.notice.text()), timeout=WAIT)
    assert page.signature.notice.text() == f"Ảnh chữ ký: không phải ảnh PNG: {not_png}"
    page.seal.choose(str(seal))
    qtbot.waitUntil(lambda: page.seal.picked is not None, timeout=WAIT)
    assert not page.seal.preview.pixmap().isNull()
    assert list(save(qtbot, dialog).keys) == ["seal_image"]
    kept = Path(session.desk.ws.setting("seal_image"))
    assert kept.parent == session.home / "images" and kept.read_bytes() == seal.read_bytes()


def test_invalid_input_names_its_field():
    assert describe(InvalidInput("module", "not_found", value="/x.so")) == (
        "Thư viện PKCS#11: không tìm thấy tệp: /x.so"
    )


# -- every page drawn: Vietnamese and English, light and dark ------------------------------------
# Screenshots go to $VANTHU_UI_SHOTS when it is set (/work/notes/ui/settings for the lead), else
# to the test's temporary folder; no word cut off, no Alt+letter shared on a page.


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("VANTHU_UI_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def fill_settings(session, softhsm, home: Path) -> None:
    from signing import TrustStore
    from sync import store_secret

    ws = session.desk.ws
    SettingsService(ws).save(SettingsChanges(
        values={"org_place": "Đắk Lắk", "axis_endpoint": "http://127.0.0.1:8731",
                "axis_system_id": "ubnd.daklak", "pkcs11_modules": f'["{softhsm.module}"]',
                "tsa_url": softhsm.pki.tsa_url},
        images={"signature_image": RESOURCES / "signatures" / "chu-ky-mau.png",
                "seal_image": RESOURCES / "seals" / "con-dau-mau.png"},
    ))  # fmt: skip
    store_secret(home, "ubnd.daklak", "khoa-bi-mat-thu-nghiem-0123456789")
    store = TrustStore.load(home)
    store.add(softhsm.pki.root_der, require_ca=True)
    store.add(softhsm.pki.interm_der, require_ca=True)


def draw_pages(qtbot, qapp, session, folder: Path, tag: str) -> list[str]:
    dialog = open_settings(qtbot, session)
    dialog.resize(940, 640)
    signing = dialog.page("signing")
    qtbot.waitUntil(lambda: len(signing.token_labels()) >= 2, timeout=WAIT)
    images = dialog.page("images")
    qtbot.waitUntil(lambda: not images.seal.preview.pixmap().isNull(), timeout=WAIT)
    problems = []
    for key in PAGE_KEYS:
        dialog.open_page(key)
        QApplication.processEvents()
        path = folder / f"settings-{key}-{tag}.png"
        assert dialog.grab().save(str(path)), path
        assert path.stat().st_size > 5000
        problems += [f"{key}: {p}" for p in cut_off(dialog.stack.currentWidget())]
        problems += [f"{key}: {p}" for p in clashing_keys(dialog)]
    dialog.reject()
    return problems


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_in_both_languages_and_palettes(
    qtbot, qapp, request, session, softhsm, tmp_path, lang
):
    if lang == "en":
        request.getfixturevalue("english")
    fill_settings(session, softhsm, session.home)
    folder = shots(tmp_path)
    problems = draw_pages(qtbot, qapp, session, folder, f"{lang}-light")
    with dark(qapp):
        problems += draw_pages(qtbot, qapp, session, folder, f"{lang}-dark")
    assert problems == []


def test_the_locked_settings_drawn(qtbot, qapp, session, softhsm, tmp_path, _settings_env):
    fill_settings(session, softhsm, session.home)
    _settings_env.write_text(
        'locked = ["org_id", "org_name", "registers", "axis_secret", "trust"]\n[settings]\n'
        'axis_endpoint = "https://truc.example.gov.vn"\nlanguage = "vi"\n',
        encoding="utf-8",
    )
    folder = shots(tmp_path)
    dialog = open_settings(qtbot, session)
    for key in ("organisation", "axis", "trust", "language"):
        dialog.open_page(key)
        QApplication.processEvents()
        path = folder / f"settings-locked-{key}.png"
        assert dialog.grab().save(str(path))
    assert not dialog.page("axis").endpoint.isEnabled()
    assert dialog.page("axis").endpoint.text() == "https://truc.example.gov.vn"
    assert cut_off(dialog) == []
