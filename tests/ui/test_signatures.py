"""The signature panel and its details dialog, over reports made for real: PDFs signed on the
SoftHSM tokens of the signing tests (keys never leave them; TSA and OCSP served by the
certomancer test PKI on 127.0.0.1), validated by signing.validate_pdf and passed through
JSON exactly as the store keeps them; a copy with one flipped byte, an unsigned file, and a
chain whose root this desk does not trust. What is asserted is what the clerk reads (and that
it is what `vanthu verify` says), and the colours the badges are drawn in.

Screenshots go to $VANTHU_UI_SHOTS when it is set (/work/notes/ui/signatures for the lead),
else to the test's temporary folder."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from app.clock import VN_TZ
from app.messages_verify import describe_finding
from signing import Level, Placement, Role, SigningOptions, SignRequest, sign_document
from signing.tokens import TokenModule
from tests.conftest import make_pdf
from tests.signing.conftest import ORG, PERSONAL, SoftHsm, TokenSpec
from tests.signing.drafts import SEAL, SIGNATURE, draft_lines
from ui.application import apply_theme
from ui.signature_details import SignatureDetailsDialog
from ui.signatures import SignaturePanel

pytestmark = [pytest.mark.gui, pytest.mark.token]

DRAFT = draft_lines("Về việc phê duyệt kế hoạch chuyển đổi số năm 2027", gap=20)
LEFT = Qt.MouseButton.LeftButton
TSA_NAME = "Máy chủ cấp dấu thời gian thử nghiệm 01"  # tests/signing/pki.py


# ------------------------------------------------------------------------------ the files ---


@dataclass(frozen=True)
class Signed:
    one: Path  # the official's approval, B-LT
    two: Path  # the same, then a second approval by the organisation, B-LTA
    basic: Path  # the official's approval, B-B (made with no network)
    tampered: Path  # ``one`` with a byte of its signed part flipped
    unsigned: Path
    root_der: bytes
    personal_cert_der: bytes


def _sign(softhsm: SoftHsm, token: TokenSpec, request: SignRequest, level: Level) -> None:
    options = SigningOptions(
        level=level, tsa_url=softhsm.pki.tsa_url, trust_roots=(softhsm.ca_cert_der,)
    )
    module = TokenModule.of(softhsm.module)
    sign_document(module, token.label, token.pin, token.key_id.hex(), request, options)


@pytest.fixture(scope="module")
def signed(softhsm: SoftHsm, tmp_path_factory: pytest.TempPathFactory) -> Signed:
    base = tmp_path_factory.mktemp("signed")
    draft = make_pdf(base / "du-thao.pdf", DRAFT)
    was_running = softhsm.pki.running
    softhsm.pki.start()
    try:
        one = base / "phe-duyet.pdf"
        _sign(softhsm, PERSONAL, SignRequest(
            draft, one, Role.APPROVE, Placement(anchor="CHỦ TỊCH"), SIGNATURE), Level.B_LT)  # fmt: skip
        two = base / "hai-chu-ky.pdf"
        _sign(softhsm, ORG, SignRequest(
            one, two, Role.APPROVE, Placement(page=1, box=(330, 80, 530, 160)), SEAL),
            Level.B_LTA)  # fmt: skip
    finally:
        if not was_running:
            softhsm.pki.stop()
    basic = base / "ky-co-ban.pdf"
    _sign(softhsm, PERSONAL, SignRequest(
        draft, basic, Role.APPROVE, Placement(anchor="CHỦ TỊCH"), SIGNATURE), Level.B_B)  # fmt: skip
    data = bytearray(one.read_bytes())
    at = data.index(b"ReportLab") + 6  # the producer, in the signed first revision
    data[at] ^= 0x01
    tampered = base / "bi-sua.pdf"
    tampered.write_bytes(bytes(data))
    unsigned = make_pdf(base / "khong-ky.pdf", ["CÔNG VĂN", "Không có chữ ký số"])
    return Signed(one, two, basic, tampered, unsigned, softhsm.ca_cert_der,
                  softhsm.pki.cert_der("canhan"))  # fmt: skip


@dataclass(frozen=True)
class Checked:
    report: Any  # signing.ValidationReport
    json: dict[str, Any]  # as StoredReport.report keeps it
    sha256: str


@pytest.fixture(scope="module")
def reports(signed: Signed) -> dict[str, Checked]:
    from asn1crypto import x509

    from signing import TrustStore, validate_pdf

    trusted = TrustStore.from_certs([x509.Certificate.load(signed.root_der)])
    nobody = TrustStore.from_certs([])  # the test root is not trusted here

    def check(path: Path, trust: Any) -> Checked:
        data = path.read_bytes()
        report = validate_pdf(data, trust=trust, online=False)
        stored = json.loads(json.dumps(report.as_json(), ensure_ascii=False))
        return Checked(report, stored, hashlib.sha256(data).hexdigest())

    return {
        "two": check(signed.two, trusted),
        "one": check(signed.one, trusted),
        "basic": check(signed.basic, trusted),
        "tampered": check(signed.tampered, trusted),
        "unsigned": check(signed.unsigned, trusted),
        "untrusted": check(signed.one, nobody),
    }


# ---------------------------------------------------------------------------- helpers ---


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("VANTHU_UI_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    assert widget.grab().save(str(path)), path
    assert path.stat().st_size > 2000  # something was drawn


@contextmanager
def dark(app: QApplication) -> Iterator[None]:
    palette, style = app.palette(), app.style().name()
    assert apply_theme(app, "dark") == "dark"
    QApplication.processEvents()  # the palette change reaches the widgets as events
    try:
        yield
    finally:
        app.setStyle(style)
        app.setPalette(palette)
        QApplication.processEvents()


def panel_for(qtbot: Any, checked: Checked, checked_at: str = "") -> SignaturePanel:
    panel = SignaturePanel()
    qtbot.addWidget(panel)
    panel.resize(480, 720)
    panel.set_current_file(checked.sha256)
    panel.set_report(checked.json, checked_at=checked_at, file_sha256=checked.sha256)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def badge_colour(widget: QWidget) -> QColor:
    """The colour the badge is filled with, read off its drawn pixels (the padding at its
    right end, clear of the border and the text)."""
    image = widget.grab().toImage()
    return image.pixelColor(image.width() - 5, image.height() // 2)


def hue_family(colour: QColor) -> str:
    r, g, b = colour.red(), colour.green(), colour.blue()
    if max(r, g, b) - min(r, g, b) < 16:
        return "grey"
    if g > r and g > b:
        return "green"
    if r > g and r > b and g > b + 24:
        return "amber"
    return "red" if r > g and r > b else "other"


# ------------------------------------------------------------------------------ tests ---


def test_two_valid_signatures_and_a_document_timestamp(qtbot, qapp, reports, tmp_path):
    checked = reports["two"]
    panel = panel_for(qtbot, checked)
    assert panel.overall_badge.text().endswith("HỢP LỆ")
    assert panel.summary.text() == "2 chữ ký — tất cả hợp lệ · 1 dấu thời gian của văn bản"
    at = checked.report.validated_at.astimezone(VN_TZ)
    assert panel.status.text() == f"Kiểm tra lúc {at:%d/%m/%Y %H:%M} (+07:00) (ngoại tuyến)"
    assert not panel.notice.isVisible() and not panel.busy.isVisible()
    titles = [row.title.text() for row in panel.rows]
    assert titles == [
        f"Chữ ký 1/3: {PERSONAL.subject_cn}",
        f"Chữ ký 2/3: {ORG.subject_cn}",
        f"Dấu thời gian 3/3: {TSA_NAME}",
    ]
    assert [row.badge.text() for row in panel.rows] == ["✓  HỢP LỆ"] * 3
    first, second, stamp = panel.rows
    assert "Cơ quan, tổ chức: UBND tỉnh Đắk Lắk" in first.facts.text()
    assert "Mức chữ ký: PAdES B-LTA" in first.facts.text()  # a document timestamp after it
    assert "Mức chữ ký: PAdES B-LTA" in second.facts.text()
    assert "— theo dấu thời gian" in first.facts.text()
    assert "Thời điểm xác nhận:" in stamp.facts.text() and "Mức chữ ký" not in stamp.facts.text()
    # the reasons are the sentences `vanthu verify` prints, in its order
    for row, sig in zip(panel.rows, checked.report.signatures, strict=True):
        assert row.reason_texts() == sig.reasons()
    assert first.reason_texts() == [describe_finding("only_signatures_added", {"count": 2})]
    # drawn green, on the light palette and on the dark one, with the words readable
    assert hue_family(badge_colour(first.badge)) == "green"
    shots = shots_dir(tmp_path)
    save(panel, shots / "panel-two-valid-light.png")
    with dark(qapp):
        assert hue_family(badge_colour(first.badge)) == "green"
        assert badge_colour(first.badge).lightness() < 100  # a deep tint under light text
        save(panel, shots / "panel-two-valid-dark.png")


def test_a_flipped_byte_makes_the_signature_invalid(qtbot, qapp, reports, tmp_path):
    panel = panel_for(qtbot, reports["tampered"])
    assert panel.overall_verdict() == "invalid"
    assert panel.summary.text() == "1 chữ ký không hợp lệ"
    [row] = panel.rows
    assert row.badge.text() == "✗  KHÔNG HỢP LỆ"
    assert row.title.text() == f"Chữ ký 1/1: {PERSONAL.subject_cn}"
    assert describe_finding("modified") in row.reason_texts()
    assert row.reason_texts() == reports["tampered"].report.signatures[0].reasons()
    assert hue_family(badge_colour(row.badge)) == "red"
    save(panel, shots_dir(tmp_path) / "panel-invalid-light.png")
    with dark(qapp):
        assert hue_family(badge_colour(row.badge)) == "red"
        save(panel, shots_dir(tmp_path) / "panel-invalid-dark.png")
    dialog = panel.open_details(1)
    assert "Nguyên vẹn: không" in dialog.text()


def test_an_untrusted_root_is_indeterminate_and_named(qtbot, qapp, reports, signed, tmp_path):
    from asn1crypto import x509

    root = x509.Certificate.load(signed.root_der).subject.native["common_name"]
    panel = panel_for(qtbot, reports["untrusted"])
    assert panel.summary.text() == "1 chữ ký chưa xác định được"
    [row] = panel.rows
    assert row.badge.text() == "?  CHƯA XÁC ĐỊNH ĐƯỢC"
    assert describe_finding("untrusted_root", {"root": root}) in row.reason_texts()
    assert hue_family(badge_colour(row.badge)) == "grey"
    save(panel, shots_dir(tmp_path) / "panel-indeterminate-light.png")
    with dark(qapp):
        save(panel, shots_dir(tmp_path) / "panel-indeterminate-dark.png")
    text = panel.open_details(1).text()
    assert f"3. {root} — gốc CHƯA được tin cậy trên máy này" in text
    assert "Tin cậy: không" in text


def test_a_signature_made_offline_warns_that_revocation_was_not_checked(qtbot, reports):
    panel = panel_for(qtbot, reports["basic"])
    assert panel.summary.text() == "1 chữ ký — hợp lệ, có lưu ý"
    [row] = panel.rows
    assert row.badge.text() == "!  HỢP LỆ, CÓ LƯU Ý"
    assert "Mức chữ ký: PAdES B-B (cơ bản)" in row.facts.text()
    assert "— do phần mềm ký tự ghi, chưa được chứng minh" in row.facts.text()
    assert describe_finding("revocation_unchecked") in row.reason_texts()
    assert hue_family(badge_colour(row.badge)) == "amber"
    text = panel.open_details(1).text()
    assert "Chữ ký không có dấu thời gian" in text
    assert "Nguồn: chưa kiểm tra" in text


def test_states_without_a_report(qtbot, reports, tmp_path):
    panel = SignaturePanel()
    qtbot.addWidget(panel)
    assert panel.summary.text() == "Văn bản chưa có tệp để kiểm tra chữ ký số."
    assert not panel.recheck_button.isEnabled() and panel.overall_badge is None
    panel.set_current_file(reports["unsigned"].sha256)
    assert panel.summary.text() == "Chưa kiểm tra chữ ký số của tệp này."
    assert panel.recheck_button.isEnabled() and panel.rows == []
    unsigned = reports["unsigned"]
    panel.set_report(unsigned.json, file_sha256=unsigned.sha256)
    assert panel.overall_badge.text() == "–  KHÔNG CÓ CHỮ KÝ SỐ"
    assert panel.summary.text() == describe_finding("no_signatures")
    assert panel.rows == []
    panel.resize(480, 200)
    panel.show()
    save(panel, shots_dir(tmp_path) / "panel-unsigned-light.png")
    panel.set_current_file(None)
    assert panel.summary.text() == "Văn bản chưa có tệp để kiểm tra chữ ký số."
    assert panel.rows == [] and panel.overall_badge is None


def test_details_of_a_signature(qtbot, qapp, reports, signed, tmp_path):
    from asn1crypto import x509

    checked = reports["two"]
    panel = panel_for(qtbot, checked)
    with qtbot.waitSignal(panel.details_opened) as opened:
        qtbot.mouseClick(panel.rows[0].details_button, LEFT)
    dialog: SignatureDetailsDialog = opened.args[0]
    qtbot.addWidget(dialog)
    text = dialog.text()
    cert = x509.Certificate.load(signed.personal_cert_der)
    fingerprint = hashlib.sha256(signed.personal_cert_der).hexdigest().upper()
    serial = format(cert.serial_number, "X")
    serial = ":".join(serial[i : i + 2] for i in range(0, len(serial), 2))
    assert dialog.windowTitle() == f"Chi tiết chữ ký 1 — {PERSONAL.subject_cn}"
    assert f"Chủ thể: CN={PERSONAL.subject_cn}, O=UBND tỉnh Đắk Lắk, L=Đắk Lắk, C=VN" in text
    assert f"Số hiệu: {serial}" in text
    assert "Dấu vân tay SHA-256: " + ":".join(
        fingerprint[i : i + 2] for i in range(0, 64, 2)
    ) in text  # fmt: skip
    assert "Mục đích của khóa: ký số, chống chối bỏ" in text
    # the chain up to the anchor this desk trusts
    assert f"1. {PERSONAL.subject_cn} — chứng thư của người ký" in text
    assert "3. RootCA thử nghiệm chuyên dùng Chính phủ G2 — gốc được tin cậy trên máy này" in text
    # the timestamp, revocation, what changed after signing, the algorithms
    sig = checked.json["signatures"][0]
    assert f"Đơn vị cấp: {TSA_NAME}" in text
    assert "Nguồn: dữ liệu kiểm tra kèm trong tệp" in text and "Phương thức: OCSP" in text
    later = [r for r in checked.json["revisions"] if r["revision"] > sig["revision"]]
    assert later and all(f"Phiên bản {r['revision']}: " in text for r in later)
    assert "chỉ thêm chữ ký và dấu, kèm dữ liệu kiểm tra" in text
    assert "trang" not in text.split("Thay đổi sau khi ký")[1].split("Thuật toán")[0]
    assert "Hàm băm: SHA-256" in text and "Thuật toán ký: RSA (PKCS#1 v1.5)" in text
    # the dialog shows what it copies, and copies all of it
    shown = dialog.view.toPlainText()
    assert PERSONAL.subject_cn in shown and TSA_NAME in shown and "SHA-256" in shown
    qtbot.mouseClick(dialog.copy_button, LEFT)
    assert QGuiApplication.clipboard().text() == text
    dialog.resize(720, 900)
    save(dialog, shots_dir(tmp_path) / "details-light.png")
    with dark(qapp):
        save(dialog, shots_dir(tmp_path) / "details-dark.png")
        bar = dialog.view.verticalScrollBar()
        bar.setValue(bar.maximum())  # the timestamp, revocation, changes, algorithms
        save(dialog, shots_dir(tmp_path) / "details-end-dark.png")


# ------------------------------------------------- with a workspace: recheck, older file ---


def test_recheck_after_a_new_version_of_the_file(
    qtbot, workspace, documents, signed, signature_checker, monkeypatch, tmp_path
):
    from app import signature_checks
    from app.drafts import IncomingDraft
    from signing import SigningDesk, TrustStore
    from ui.tasks import TaskBridge

    monkeypatch.setenv("VANTHU_OFFLINE", "1")  # the file's own data only: no network
    TrustStore.load(workspace.paths.home).add(signed.root_der, anchor=True)
    doc = documents.register_incoming(IncomingDraft(
        "000.00.00.H29", "UBND tỉnh Đắk Lắk", "12", "QĐ-UBND", dt.date(2026, 11, 20),
        "QD", "Phê duyệt kế hoạch chuyển đổi số năm 2027", file=signed.one))  # fmt: skip
    first = signature_checks.latest(workspace, doc.id) or signature_checks.check_document(
        workspace, doc.id
    )
    assert first is not None and first.verdict == "valid"
    # the organisation's signature arrives as a new version of the document's file
    blob = workspace.blobs.put_file(signed.two)
    workspace.write(lambda conn: documents.new_version(
        conn, doc.id, sha256=blob.sha256, name=doc.file_name, size=blob.size, role="upgrade",
        action="sign"))  # fmt: skip
    current = documents.get(doc.id).file_sha256
    assert current == blob.sha256 != first.file_sha256

    panel = SignaturePanel()
    qtbot.addWidget(panel)
    panel.resize(480, 640)
    panel.set_current_file(current)
    panel.set_stored_report(signature_checks.latest(workspace, doc.id))
    assert panel.is_older_version and panel.notice.isVisibleTo(panel)
    assert panel.notice.text().startswith("Kết quả kiểm tra của phiên bản trước")
    assert [row.title.text() for row in panel.rows] == [f"Chữ ký 1/1: {PERSONAL.subject_cn}"]
    panel.show()
    save(panel, shots_dir(tmp_path) / "panel-older-version-light.png")

    # the main window's part: run the check in the background, show what it found
    pool = ThreadPoolExecutor(1)
    bridge = TaskBridge(pool.submit)
    desk = SigningDesk(workspace)
    panel.recheck_requested.connect(
        lambda: bridge.run(desk.verify_document, doc.id, on_done=panel.set_stored_report)
    )
    try:
        with qtbot.waitSignal(panel.recheck_requested):
            qtbot.mouseClick(panel.recheck_button, LEFT)
        assert panel.summary.text() == "Đang kiểm tra…" and panel.busy.isVisibleTo(panel)
        assert not panel.recheck_button.isEnabled()
        save(panel, shots_dir(tmp_path) / "panel-checking-light.png")
        qtbot.waitUntil(lambda: panel.state == "report", timeout=60_000)
    finally:
        pool.shutdown(wait=True)
    assert not panel.is_older_version and not panel.notice.isVisibleTo(panel)
    assert panel.file_sha256 == current
    assert panel.summary.text() == "2 chữ ký — tất cả hợp lệ · 1 dấu thời gian của văn bản"
    assert len(panel.rows) == 3 and panel.recheck_button.isEnabled()
    assert signature_checks.latest(workspace, doc.id).file_sha256 == current  # kept


def test_a_failed_check_goes_back_to_what_was_shown(qtbot, reports):
    panel = panel_for(qtbot, reports["one"])
    with qtbot.waitSignal(panel.recheck_requested):
        panel.recheck_action.trigger()
    assert panel.summary.text() == "Đang kiểm tra…"
    panel.recheck_action.trigger()  # already checking: asked once
    panel.show_check_failed("Không đọc được tệp.")
    assert panel.summary.text() == "1 chữ ký — tất cả hợp lệ"
    assert panel.notice.text() == "Không kiểm tra được chữ ký số. Không đọc được tệp."
    assert len(panel.rows) == 1 and panel.recheck_button.isEnabled()


def test_a_report_stored_before_the_details_existed(qtbot, reports):
    """Reports kept with documents before the certificate, chain, timestamp and algorithms
    were added to the report: the panel shows them, the dialog says what it lacks."""
    old = json.loads(json.dumps(reports["one"].json))
    for sig in old["signatures"]:
        for key in ("certificate", "chain", "timestamp", "algorithms"):
            sig.pop(key)
    panel = SignaturePanel()
    qtbot.addWidget(panel)
    panel.show_document("f" * 64, SimpleNamespace(report=old, checked_at="", file_sha256="f" * 64))
    assert panel.summary.text() == "1 chữ ký — tất cả hợp lệ" and not panel.is_older_version
    text = panel.open_details(1).text()
    assert "Báo cáo kiểm tra này không ghi chi tiết chứng thư." in text
    assert "Báo cáo kiểm tra này không ghi chuỗi chứng thư." in text
    assert "Báo cáo kiểm tra này không ghi chi tiết dấu thời gian." in text
    assert "Chữ ký không có dấu thời gian" not in text  # it had one: only the details lack
    assert "Nguồn: dữ liệu kiểm tra kèm trong tệp" in text  # what it did record
    panel.show_document(None)
    assert panel.rows == [] and panel.state == "no_file"
