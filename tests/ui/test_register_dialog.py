"""Registering an incoming document in the window (issue 10, point 4), on a real workspace with
real ND30 letters: the fields read off the PDF, the document stored with the right number, the
duplicate warning that explains itself (and both of its answers), the same file caught twice,
the words beside wrong fields, a damaged PDF refused, the signature verdict, keyboard only.

Screenshots go to $VANTHU_UI_SHOTS when set (the helper's notes), else to the test's folder."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication

from app.clock import fixed_clock
from app.demo_letters import Letter, render_pdf
from app.documents import DocumentService
from app.errors import InvalidInput
from app.messages import describe
from app.messages_verify import verify_label
from app.model import Direction
from app.workspace import Workspace
from tests.conftest import NOW, make_pdf
from ui.application import apply_theme, make_application
from ui.register_dialog import RegisterIncomingDialog
from ui.session import DeskSession

pytestmark = pytest.mark.gui
WAIT = 20_000  # ms: generous for a loaded 2-core machine; the waits end as soon as done


def letter(**changes) -> Letter:
    values = dict(
        parent="",
        issuer=("ỦY BAN NHÂN DÂN", "TỈNH LÂM ĐỒNG"),
        notation="05/QĐ-UBND",
        place_date="Lâm Đồng, ngày 20 tháng 11 năm 2026",
        type_name="QUYẾT ĐỊNH",
        subject="Về việc phê duyệt kế hoạch chuyển đổi số năm 2027 của tỉnh Lâm Đồng",
        paragraphs=(("body", "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;"),),
        recipients=("Như Điều 3;", "Lưu: VT."),
        authority=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        signer="Trần Văn Bình",
    )
    values.update(changes)
    return Letter(**values)


@pytest.fixture(scope="session")
def qapp():
    """The application as the window makes it (pytest-qt's own otherwise)."""
    return make_application([])


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("letters")
    decision = render_pdf(letter(), folder / "qd-05.pdf")
    good = decision.read_bytes()
    (folder / "hong.pdf").write_bytes(good[: len(good) // 2])  # cut in half: no %%EOF
    (folder / "thu.pdf").write_text("Kính gửi: đây là thư, không phải PDF", encoding="utf-8")
    return {
        "decision": decision,
        # the same letter in another file (its bytes differ: another line at the end)
        "decision_again": render_pdf(
            letter(recipients=("Như Điều 3;", "Lưu: VT, TH.")), folder / "qd-05-ban-khac.pdf"
        ),
        "official": render_pdf(
            letter(
                parent="UBND TỈNH LÂM ĐỒNG",
                issuer=("SỞ NỘI VỤ",),
                notation="123/SNV-TCBC",
                place_date="Lâm Đồng, ngày 3 tháng 11 năm 2026",
                type_name="",
                subject="V/v báo cáo tình hình tinh giản biên chế năm 2026",
                paragraphs=(("to", "Ủy ban nhân dân các huyện"), ("body", "Thực hiện Kế hoạch")),
                authority=("GIÁM ĐỐC",),
                signer="Lê Thị Hoa",
            ),
            folder / "cv-123.pdf",
        ),
        "scan": make_pdf(folder / "khong-chu.pdf", []),
        "damaged": folder / "hong.pdf",
        "not_pdf": folder / "thu.pdf",
    }


@pytest.fixture
def checker(monkeypatch: pytest.MonkeyPatch, signature_checker):
    """The signing room's checker (tests/conftest.py), offline, the bundled CAs left out."""
    monkeypatch.setenv("VANTHU_OFFLINE", "1")
    monkeypatch.setenv("VANTHU_TRUST_BUNDLED", "0")


def open_session(qtbot, home: Path, directory: list[tuple[str, str, str]] = ()) -> DeskSession:
    ws = Workspace.create(home, "000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND",
                          clock=fixed_clock(NOW))  # fmt: skip
    if directory:
        from sync.store import directory as agencies

        ws.write(lambda conn: agencies.replace_all(conn, [
            {"organ_id": i, "name": n, "parent_id": p} for i, n, p in directory
        ]))  # fmt: skip
    ws.close()
    session = DeskSession(home)
    session.errors.dialogs = False
    with qtbot.waitSignal(session.ready, timeout=WAIT):
        session.open()
    session.desk.ws.clock = fixed_clock(NOW)  # "today" is 26/11/2026 for every test
    return session


@pytest.fixture
def session(qtbot, tmp_path: Path, checker):
    session = open_session(qtbot, tmp_path / "ws")
    yield session
    session.close()


@pytest.fixture
def dialog(qtbot, session: DeskSession) -> RegisterIncomingDialog:
    made = RegisterIncomingDialog(session)
    qtbot.addWidget(made)
    made.open_for(None)
    qtbot.waitUntil(lambda: made.form.register.count() > 0, timeout=WAIT)
    return made


def read(qtbot, dialog: RegisterIncomingDialog, path: Path) -> None:
    dialog.open_for(path)
    qtbot.waitUntil(lambda: not dialog.inspecting, timeout=WAIT)


def register(qtbot, dialog: RegisterIncomingDialog) -> int:
    with qtbot.waitSignal(dialog.registered, timeout=WAIT) as blocker:
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    return blocker.args[0]


def type_text(widget, text: str) -> None:
    """Typed key by key, as the clerk does (QTest's keyClicks knows only ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def stored(session: DeskSession) -> DocumentService:
    return DocumentService(session.desk.ws)


def incoming_count(session: DeskSession) -> int:
    return stored(session).list()[1]


def shot(widget, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("VANTHU_UI_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    assert widget.grab().save(str(path)), path
    return path


# -- prefill ------------------------------------------------------------------------------------


def test_the_fields_are_read_off_the_letter_and_marked_as_suggestions(qtbot, dialog, letters):
    read(qtbot, dialog, letters["decision"])
    form = dialog.form
    assert form.issuer_name.text() == "Ủy ban nhân dân tỉnh Lâm Đồng"
    assert (form.number.text(), form.notation.text()) == ("05", "QĐ-UBND")
    assert form.issued.text() == "20/11/2026"
    assert form.doc_type.currentText() == "Quyết định (QĐ)"
    assert form.subject.toPlainText() == (
        "Về việc phê duyệt kế hoạch chuyển đổi số năm 2027 của tỉnh Lâm Đồng"
    )
    assert (form.signer.text(), form.position.text()) == ("Trần Văn Bình", "CHỦ TỊCH")
    assert set(form.suggested()) >= {"from_org_name", "code_number", "subject", "signer"}
    assert dialog.legend.isVisible()
    assert not dialog.thumbnail.pixmap().isNull()
    # the directory is empty on a fresh desk: the id is the clerk's to type
    assert form.issuer_id.text() == "" and not dialog.register_button.isEnabled()
    assert "Mã định danh cơ quan ban hành" in dialog.status.text()

    type_text(form.issuer_id, "000.00.00.H36")
    assert dialog.register_button.isEnabled()
    type_text(form.signer, " Jr")  # touched: no longer a suggestion
    assert "signer" not in form.suggested() and "subject" in form.suggested()


def test_what_the_first_page_does_not_say_stays_empty(qtbot, dialog, letters):
    read(qtbot, dialog, letters["scan"])
    form = dialog.form
    assert form.suggested() == []
    assert form.number.text() == form.subject.toPlainText() == form.issuer_name.text() == ""
    assert form.issued.value() is None and form.doc_type.currentIndex() == -1
    assert "không đọc được thông tin nào" in dialog.file_status.text()


def test_the_issuer_is_found_in_the_directory_by_name_or_id(qtbot, tmp_path, letters, checker):
    session = open_session(qtbot, tmp_path / "ws", [
        ("000.00.00.H36", "Ủy ban nhân dân tỉnh Lâm Đồng", ""),
        ("000.00.31.H36", "Sở Nội vụ tỉnh Lâm Đồng", "000.00.00.H36"),
        ("000.00.31.H29", "Sở Nội vụ tỉnh Đắk Lắk", "000.00.00.H29"),
    ])  # fmt: skip
    try:
        dialog = RegisterIncomingDialog(session)
        qtbot.addWidget(dialog)
        read(qtbot, dialog, letters["decision"])
        assert dialog.form.issuer_id.text() == "000.00.00.H36"  # the printed name, exactly

        form = dialog.form

        def shown() -> list[str]:
            return [form.issuer_model.item(i).text() for i in range(form.issuer_model.rowCount())]

        form.issuer_name.clear()
        form.issuer_name.setFocus()
        type_text(form.issuer_name, "so noi vu lam")  # no diacritics
        qtbot.waitUntil(
            lambda: shown() == ["Sở Nội vụ tỉnh Lâm Đồng — 000.00.31.H36"], timeout=WAIT
        )
        popup = form.completer.popup()
        popup.setCurrentIndex(popup.model().index(0, 0))
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        assert (form.issuer_name.text(), form.issuer_id.text()) == (
            "Sở Nội vụ tỉnh Lâm Đồng", "000.00.31.H36",
        )  # fmt: skip

        form.issuer_name.clear()
        type_text(form.issuer_name, "000.00.31")
        qtbot.waitUntil(lambda: len(shown()) == 2, timeout=WAIT)
        assert sorted(shown()) == ["Sở Nội vụ tỉnh Lâm Đồng — 000.00.31.H36",
                                   "Sở Nội vụ tỉnh Đắk Lắk — 000.00.31.H29"]  # fmt: skip
    finally:
        session.close()


# -- registering ----------------------------------------------------------------------------


def test_registering_stores_the_document_and_shows_its_arrival_number(
    qtbot, dialog, session, letters
):
    read(qtbot, dialog, letters["decision"])
    form = dialog.form
    type_text(form.issuer_id, "000.00.00.H36")
    form.urgency.setCurrentIndex(form.urgency.findText("Khẩn"))
    form.has_due.setChecked(True)
    form.due.set_value(dt.date(2026, 12, 15))
    document_id = register(qtbot, dialog)

    doc = stored(session).get(document_id)
    assert (doc.direction, doc.register_code, doc.year, doc.number) == (
        Direction.INCOMING, "den", 2026, 1,
    )  # fmt: skip
    assert (doc.issuer_id, doc.issuer_name) == ("000.00.00.H36", "Ủy ban nhân dân tỉnh Lâm Đồng")
    assert (doc.notation, doc.issued_date, doc.doc_type) == ("05/QĐ-UBND", "2026-11-20", "QĐ")
    assert doc.subject == "Về việc phê duyệt kế hoạch chuyển đổi số năm 2027 của tỉnh Lâm Đồng"
    assert (doc.signer, doc.position, doc.urgency, doc.due_date) == (
        "Trần Văn Bình", "CHỦ TỊCH", 1, "2026-12-15",
    )  # fmt: skip
    assert doc.file_name == "qd-05.pdf" and doc.file_size == letters["decision"].stat().st_size

    assert dialog.result.title.text() == "Đã vào sổ đến: số 1/2026"
    assert dialog.result.signatures.text() == "Chữ ký số: " + verify_label("verdict", "unsigned")
    # the text is extracted in the background, then found by the search
    qtbot.waitUntil(lambda: "Đã trích xuất" in dialog.result.texts.text(), timeout=WAIT)
    assert document_id in [hit.id for hit in session.desk.search("tổ chức chính quyền").hits]

    # the next one keeps the issuer and takes the next number
    dialog.another_button.click()
    assert form.issuer_id.text() == "000.00.00.H36" and form.number.text() == ""
    read(qtbot, dialog, letters["official"])
    assert form.issuer_name.text() == "Sở nội vụ"  # another sender named: its id is not kept
    assert form.issuer_id.text() == ""
    type_text(form.issuer_id, "000.00.31.H36")
    second = register(qtbot, dialog)
    assert stored(session).get(second).number == 2
    assert stored(session).get(second).doc_type == "CV"


def test_a_second_click_while_registering_does_nothing(qtbot, dialog, session, letters):
    read(qtbot, dialog, letters["decision"])
    type_text(dialog.form.issuer_id, "000.00.00.H36")
    with qtbot.waitSignal(dialog.registered, timeout=WAIT):
        dialog.register_document()
        assert not dialog.register_button.isEnabled() and not dialog.form.subject.isEnabled()
        dialog.register_document()
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not session.tasks.running(), timeout=WAIT)
    assert incoming_count(session) == 1


def test_closing_while_registering_is_safe(qtbot, dialog, session, letters):
    read(qtbot, dialog, letters["decision"])
    type_text(dialog.form.issuer_id, "000.00.00.H36")
    with qtbot.waitSignal(dialog.registered, timeout=WAIT) as blocker:
        dialog.register_document()
        dialog.close()
    assert not dialog.isVisible()
    assert stored(session).get(blocker.args[0]).number == 1
    # opened again: a fresh form, not the registered document's
    dialog.open_for(None)
    assert dialog.phase == "edit" and dialog.form.number.text() == ""

    # a dialog deleted while its registration runs: the registration completes, nothing breaks
    doomed = RegisterIncomingDialog(session)
    read(qtbot, doomed, letters["decision_again"])
    doomed.form.issuer_id.setText("000.00.00.H36")
    doomed.form.number.setText("06")
    doomed.form._touched("code_number")
    doomed.register_document()
    qtbot.waitUntil(lambda: doomed.phase != "checking", timeout=WAIT)
    doomed.deleteLater()
    qtbot.waitUntil(lambda: not session.tasks.running(), timeout=WAIT)
    assert incoming_count(session) == 2


# -- duplicates -----------------------------------------------------------------------------


def registered_once(qtbot, dialog, letters) -> int:
    read(qtbot, dialog, letters["decision"])
    type_text(dialog.form.issuer_id, "000.00.00.H36")
    first = register(qtbot, dialog)
    dialog.new_document(keep_issuer=True)
    return first


def duplicate_dialog(qtbot, dialog):
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.duplicate_dialog is not None, timeout=WAIT)
    return dialog.duplicate_dialog


def test_a_duplicate_is_explained_and_not_registered_on_escape(qtbot, dialog, session, letters):
    registered_once(qtbot, dialog, letters)
    read(qtbot, dialog, letters["decision_again"])  # the same letter, another file
    warning = duplicate_dialog(qtbot, dialog)
    assert warning.isVisible()
    [row] = warning.texts()
    assert row[:4] == ["1/2026", "05/QĐ-UBND", "Ủy ban nhân dân tỉnh Lâm Đồng (000.00.00.H36)",
                       "20/11/2026"]  # fmt: skip
    assert row[4] == "trùng số, ký hiệu và cơ quan ban hành; trùng mã định danh văn bản"
    assert "Trùng vì" in warning.cards[0].text()

    qtbot.keyClick(warning, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.phase == "edit", timeout=WAIT)
    assert incoming_count(session) == 1
    assert "Chưa vào sổ" in dialog.status.text()
    assert dialog.register_button.isEnabled()  # the form is kept, to correct or retry


def test_a_duplicate_registered_anyway_is_recorded_in_its_history(qtbot, dialog, session, letters):
    first = registered_once(qtbot, dialog, letters)
    read(qtbot, dialog, letters["decision_again"])
    warning = duplicate_dialog(qtbot, dialog)
    with qtbot.waitSignal(dialog.registered, timeout=WAIT) as blocker:
        qtbot.mouseClick(warning.force_button, Qt.MouseButton.LeftButton)
    second = blocker.args[0]
    assert stored(session).get(second).number == 2
    [event] = [e for e in stored(session).history(second) if e.action == "register"]
    assert event.details["forced_duplicate_of"] == [first]


def test_the_same_file_twice_is_caught(qtbot, dialog, session, letters):
    registered_once(qtbot, dialog, letters)
    read(qtbot, dialog, letters["decision"])
    form = dialog.form
    for edit, text in ((form.number, "07"), (form.issuer_id, "000.00.00.H37")):
        edit.clear()
        type_text(edit, text)  # another number and sender: only the file is the same
    warning = duplicate_dialog(qtbot, dialog)
    [row] = warning.texts()
    assert row[0] == "1/2026" and row[4] == "cùng tệp văn bản"
    qtbot.mouseClick(warning.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.phase == "edit", timeout=WAIT)
    assert incoming_count(session) == 1


def test_each_match_says_its_own_reason(qtbot, dialog, session, letters):
    """A draft that repeats one document by its number and another by its file: two
    matches, each with why."""
    registered_once(qtbot, dialog, letters)  # 05/QĐ-UBND, its file
    read(qtbot, dialog, letters["official"])
    type_text(dialog.form.issuer_id, "000.00.31.H36")
    register(qtbot, dialog)  # 123/SNV-TCBC
    dialog.new_document(keep_issuer=True)
    read(qtbot, dialog, letters["decision"])  # the first one's file...
    form = dialog.form
    for key, edit, text in (("code_number", form.number, "123"),
                            ("code_notation", form.notation, "SNV-TCBC"),
                            ("from_org_id", form.issuer_id, "000.00.31.H36")):  # fmt: skip
        edit.setText(text)
        form._touched(key)
    form.issued.set_value(dt.date(2026, 11, 3))  # ...under the second one's number
    warning = duplicate_dialog(qtbot, dialog)
    reasons = {row[0]: row[4] for row in warning.texts()}
    assert reasons == {"2/2026": "trùng số, ký hiệu và cơ quan ban hành; trùng mã định danh văn bản",
                       "1/2026": "cùng tệp văn bản"}  # fmt: skip
    warning.reject()


# -- refusals -------------------------------------------------------------------------------


def test_wrong_fields_say_what_is_wrong_beside_them(qtbot, dialog, session):
    form = dialog.form
    errors = {key: entry.error for key, entry in form.fields.items()}
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert errors["subject"].text() == describe(InvalidInput("subject", "missing"))
    assert errors["from_org_id"].text() == describe(InvalidInput("from_org_id", "missing"))
    assert errors["signer"].isHidden()  # optional

    type_text(form.number, "năm")
    type_text(form.issuer_id, "ubnd lâm đồng")
    form.issued.setFocus()
    type_text(form.issued, "01122026")  # after "today", 26/11/2026
    assert "Số văn bản: không đúng dạng (ví dụ 05)" in errors["code_number"].text()
    assert errors["from_org_id"].text().startswith("Mã định danh cơ quan ban hành: không đúng")
    assert errors["issued_date"].text() == (
        "Ngày ban hành: ở tương lai (2026-12-01), hãy kiểm tra lại"
    )
    form.has_due.setChecked(True)
    form.due.set_value(dt.date(2026, 11, 1))
    form.issued.set_value(dt.date(2026, 11, 20))
    assert errors["due_date"].text() == "Hạn xử lý: trước ngày ban hành (2026-11-01)"
    assert not dialog.register_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.phase == "edit" and incoming_count(session) == 0


def test_a_number_and_symbol_typed_together_are_split(qtbot, dialog):
    form = dialog.form
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    form.number.setFocus()
    for char in "05/QĐ-UBND":  # where the keyboard goes: "/" moves on to the symbol
        type_text(QApplication.focusWidget(), char)
    assert (form.number.text(), form.notation.text()) == ("05", "QĐ-UBND")
    assert form.fields["code_number"].problem is None
    assert form.fields["code_notation"].problem is None
    form.number.clear()
    form.notation.clear()
    QApplication.clipboard().setText("123/SNV-TCBC")
    form.number.setFocus()
    qtbot.keyClick(form.number, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # pasted
    assert (form.number.text(), form.notation.text()) == ("123", "SNV-TCBC")


@pytest.mark.parametrize(
    ("name", "problem"), [("damaged", "truncated_pdf"), ("not_pdf", "not_pdf")]
)
def test_a_damaged_or_foreign_file_is_refused_with_words(
    qtbot, dialog, session, letters, name, problem
):
    path = letters[name]
    read(qtbot, dialog, path)
    assert dialog.file_status.text() == describe(InvalidInput("file", problem, value=str(path)))
    form = dialog.form
    for edit, text in ((form.issuer_name, "Sở Nội vụ"), (form.issuer_id, "000.00.31.H36"),
                       (form.number, "5"), (form.notation, "SNV")):  # fmt: skip
        type_text(edit, text)
    form.issued.set_value(dt.date(2026, 11, 3))
    form.doc_type.setCurrentIndex(form.doc_type.findData("CV"))
    type_text(form.subject, "V/v báo cáo")
    assert not dialog.register_button.isEnabled()
    assert "Tệp không dùng được" in dialog.status.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert incoming_count(session) == 0
    dialog.clear_file()  # a paper document after all
    assert dialog.register_button.isEnabled()
    assert stored(session).get(register(qtbot, dialog)).file_sha256 == ""
    assert dialog.result.signatures.text() == "Chưa kiểm tra chữ ký: văn bản không có tệp."


# -- dropping, keyboard ---------------------------------------------------------------------


@pytest.mark.filterwarnings(
    "ignore:Function.*QDragEnterEvent:DeprecationWarning"
)  # Qt has no other
def test_a_pdf_dropped_on_a_text_box_becomes_the_file(qtbot, dialog, letters):
    target = dialog.form.subject.viewport()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(letters["decision"]))])
    how = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
           Qt.KeyboardModifier.NoModifier)  # fmt: skip
    enter = QDragEnterEvent(QPoint(5, 5), *how)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()  # the cursor says "this can be dropped here"
    drop = QDropEvent(QPointF(5, 5), *how)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: not dialog.inspecting, timeout=WAIT)
    assert dialog.file == letters["decision"]
    assert dialog.form.subject.toPlainText().startswith("Về việc phê duyệt")  # not the path


def test_keyboard_only(qtbot, dialog, session, letters):
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=WAIT)
    read(qtbot, dialog, letters["official"])
    form = dialog.form
    assert QApplication.focusWidget() is form.issuer_name
    order = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [form.issuer_id, form.number, form.notation, form.issued, form.doc_type,
                     form.subject, form.signer, form.position, form.urgency,
                     form.confidentiality, form.has_due, form.register]  # fmt: skip
    form.issuer_id.setFocus()
    type_text(form.issuer_id, "000.00.31.H36")
    qtbot.keyClick(form.issuer_id, Qt.Key.Key_Return)  # Enter ends a field; it never registers
    qtbot.wait(50)
    assert dialog.phase == "edit" and incoming_count(session) == 0
    register(qtbot, dialog)
    assert incoming_count(session) == 1
    names = [w.accessibleName() for w in (*form.focus_chain(), dialog.pick_button,
             dialog.register_button, dialog.close_button)]  # fmt: skip
    assert all(names), names
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# -- what the clerk sees --------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots(qtbot, qapp, tmp_path, letters, checker, theme):
    style, palette = qapp.style().name(), QPalette(qapp.palette())
    if theme == "dark":
        apply_theme(qapp, "dark")
    session = open_session(qtbot, tmp_path / "ws")
    try:
        dialog = RegisterIncomingDialog(session)
        qtbot.addWidget(dialog)
        dialog.open_for(None)
        qtbot.waitUntil(lambda: dialog.form.register.count() > 0, timeout=WAIT)
        shot(dialog, f"empty-{theme}", tmp_path)
        read(qtbot, dialog, letters["decision"])
        shot(dialog, f"prefilled-{theme}", tmp_path)
        dialog.form.issuer_id.setText("000.00.00.H36")
        dialog.form._touched("from_org_id")
        register(qtbot, dialog)
        qtbot.waitUntil(lambda: "Đã trích xuất" in dialog.result.texts.text(), timeout=WAIT)
        shot(dialog, f"success-{theme}", tmp_path)
        dialog.new_document(keep_issuer=True)
        read(qtbot, dialog, letters["decision"])
        warning = duplicate_dialog(qtbot, dialog)
        image = shot(warning, f"duplicate-{theme}", tmp_path)
        assert image.stat().st_size > 10_000
        warning.reject()
        type_text(dialog.form.number, "x")
        type_text(dialog.form.issuer_id, "-")
        shot(dialog, f"errors-{theme}", tmp_path)
        mid = dialog.form.issuer_id.rect().center()
        assert dialog.form.issuer_id.grab().toImage().pixelColor(QPoint(mid)).isValid()
    finally:
        session.close()
        qapp.setStyle(style)
        qapp.setPalette(palette)


def test_registers_are_offered_by_their_names(dialog: RegisterIncomingDialog, session) -> None:
    # the screenshots showed "Sổ đăng ký văn bản đến (den)": the code is for the command line
    combo = dialog.form.register
    names = {r.code: r.name for r in session.desk.ws.registers()}
    offered = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
    assert offered and all(text == names[code] for text, code in offered)
