"""Issue and send from the window, offscreen, on real SoftHSM tokens (tests/signing fixtures)
and the local axis as its own process on 127.0.0.1 (tests/sync/axis_server.py): a document
the official signed issued through the dialog (its number, the organisation's signature that
pdfsig and our validator accept, the number in the list), a wrong PIN said in words,
recipients found without diacritics, a group saved and used again, the package sent to a
second office that answers, the statuses in the detail pane, a take-back from the pane, and a
state-secret document that refuses to be sent and says why; another issue date picked (the one
the register refuses said in words), and a two-page document's seal shown on its last page."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.clock import vn_today
from app.desk import Desk
from app.drafts import OutgoingDraft
from app.workspace import Workspace
from signing.desk import SigningDesk
from signing.trust import TrustStore
from sync.store import directory
from tests.signing.conftest import ORG, PERSONAL, SoftHsm
from tests.signing.drafts import SEAL, SIGNATURE, draft_lines, new_draft, signer
from tests.signing.validators import pdfsig_verdicts
from tests.sync.axis_server import SYSTEM_A, SYSTEM_B, running_axis
from tests.ui.test_english import compiled, english  # noqa: F401  (fixtures for English)

pytestmark = [pytest.mark.gui, pytest.mark.token]

ORG_NAME = "Ủy ban nhân dân tỉnh Đắk Lắk"  # the organisation certificate's name (ORG token)
AGENCIES = [
    {"organ_id": "000.00.00.G22", "name": "Văn phòng Chính phủ"},
    {"organ_id": "000.00.00.G18", "name": "Bộ Y tế"},
    {"organ_id": "000.00.31.H29", "name": "Sở Giáo dục và Đào tạo tỉnh Đắk Lắk"},
    {"organ_id": "000.00.32.H29", "name": "Sở Y tế tỉnh Đắk Lắk"},
    {"organ_id": "000.00.40.H29", "name": "Sở Tài chính tỉnh Đắk Lắk"},
]


LAST_YEAR_END = dt.date(vn_today().year - 1, 12, 31)  # an issue date the register has seen


def shots() -> Path | None:
    folder = os.environ.get("VANTHU_UI_SHOTS")
    if not folder:
        return None
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def office(softhsm: SoftHsm, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One organisation's workspace: the test PKI trusted, the directory cached, documents the
    official approved (one with an attachment, two secret), two of them issued already."""
    base = tmp_path_factory.mktemp("office")
    ws = Workspace.create(base / "ws", SYSTEM_A[2], ORG_NAME, "UBND")
    TrustStore.load(ws.paths.home).add(softhsm.ca_cert_der, anchor=True, source="test PKI")
    ws.write(lambda c: directory.replace_all(c, AGENCIES))
    desk = Desk(ws)
    drafts = {
        "to_issue": new_draft(desk, base, 1, attach=1),
        "sent": new_draft(desk, base, 2),
        "spare": new_draft(desk, base, 3),
        "secret": new_draft(desk, base, 4, secret=True),
        "secret_draft": new_draft(desk, base, 5, secret=True),
        "shots": new_draft(desk, base, 6, attach=2),
        "last_year": new_draft(desk, base, 7),
        "dated": new_draft(desk, base, 8),
        "two_pages": two_page_draft(desk, base),
    }
    signing = SigningDesk(ws)
    outcomes = signing.approve([d.id for d in drafts.values()], signer(softhsm, PERSONAL),
                               PERSONAL.pin, image=SIGNATURE)  # fmt: skip
    assert [o.status for o in outcomes] == ["signed"] * len(drafts)
    for key in ("sent", "spare", "secret"):
        signing.issue(drafts[key].id, signer(softhsm, ORG), ORG.pin, seal=SEAL)
    signing.issue(drafts["last_year"].id, signer(softhsm, ORG), ORG.pin, seal=SEAL,
                  date=LAST_YEAR_END)  # number 01 of last year  # fmt: skip
    ids = {key: d.id for key, d in drafts.items()}
    desk.close()
    return {"home": base / "ws", **ids}


def two_page_draft(desk: Desk, base: Path) -> Any:
    """A decision whose number and date are on page 1 and whose signer signs on page 2."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from app.fonts import register_fonts

    lines = draft_lines("Về việc ban hành quy chế làm việc")
    signature_block = lines.index("TM. ỦY BAN NHÂN DÂN")
    body = [f"Điều {i}. Quy định chung." for i in range(1, 12)]
    pages = [[(60, line) for line in lines[:signature_block] + body],
             [(60, "Điều 12. Hiệu lực thi hành."), *[(60, "")] * 3,
              *[(330, line) for line in lines[signature_block:]]]]  # fmt: skip
    path = base / "du-thao-hai-trang.pdf"
    family = register_fonts()
    c = canvas.Canvas(str(path), pagesize=A4)
    for number, page in enumerate(pages, start=1):
        c.setFont(family, 13)
        for i, (x, line) in enumerate(page):  # the signature block on the right, as in ND30
            c.drawString(x, 800 - 20 * i, line)
        c.drawString(290, 40, f"{number}")
        c.showPage()
    c.save()
    draft = OutgoingDraft.build(
        doc_type_value="QĐ", subject="Về việc ban hành quy chế làm việc", signer="Nguyễn Văn A",
        position="CHỦ TỊCH", file=path,
    )  # fmt: skip
    return desk.draft(draft)


@pytest.fixture
def open_window(qtbot, office) -> Iterator[Any]:
    from ui.main_window import MainWindow
    from ui.session import DeskSession

    made = []

    def make(view: str = "drafts") -> Any:
        session = DeskSession(office["home"])
        session.errors.dialogs = False
        win = MainWindow(session, start_view=view)
        qtbot.addWidget(win)
        win.resize(1440, 900)
        win.show()
        with qtbot.waitSignal(win.ready, timeout=30_000):
            session.open()
        made.append((win, session))
        return win

    yield make
    for win, session in made:
        win.close()
        session.close()


def actions(win: Any) -> Any:
    from ui.outgoing_panel import OutgoingActions

    return win.detail.findChild(OutgoingActions)


def show(qtbot, win: Any, view: str, document_id: int) -> Any:
    """Select the document in ``view`` and wait for the pane and its actions."""
    from ui.main_window import VIEW_KEYS

    win.navigation.setCurrentRow(VIEW_KEYS.index(view))
    shown = win.view_widgets[view]
    qtbot.waitUntil(lambda: any(r.id == document_id for r in shown.model.rows), timeout=15_000)
    assert shown.select_document(document_id)
    panel = actions(win)
    qtbot.waitUntil(
        lambda: (
            win.detail.detail is not None
            and win.detail.detail.document.id == document_id
            and panel.document is not None
            and panel.document.id == document_id
        ),
        timeout=15_000,
    )
    return panel


def wait_dialog_ready(qtbot, dialog: Any) -> None:
    qtbot.waitUntil(lambda: dialog.plan is not None and dialog.page.image is not None,
                    timeout=30_000)  # fmt: skip
    qtbot.waitUntil(
        lambda: not dialog.tokens.loading and bool(dialog.tokens.choices), timeout=30_000
    )


# -- issue ------------------------------------------------------------------------------------


def test_issue_an_approved_document_through_the_dialog(qtbot, open_window, office, softhsm,
                                                       tmp_path):  # fmt: skip
    win = open_window("drafts")
    document_id = office["to_issue"]
    panel = show(qtbot, win, "drafts", document_id)
    assert panel.issue_button.isVisible() and not panel.send_button.isVisible()
    panel.issue_button.click()
    dialog = panel.dialog
    wait_dialog_ready(qtbot, dialog)

    # the number of the normal series (two were issued before) and today's date, drawn
    # where the draft has its "Số: …" and "ngày … tháng … năm …"
    assert "03/QĐ-UBND" in dialog.number.text()
    assert dialog.plan.register.series == "normal"
    marks = dialog.marks
    assert marks.problem is None and marks.number_text == "Số: 03/QĐ-UBND"
    assert marks.number_page == marks.date_page == 0
    _width, height = marks.page_sizes[0]
    assert marks.number_box[1] > height * 0.7  # the top of the page, where the draft has it
    assert 0 < marks.number_box[1] - marks.date_box[1] <= 25  # the date on the next line
    assert marks.date_box[0] > marks.number_box[0]  # after "Đắk Lắk, "
    assert marks.seal_box is not None and marks.seal_box[1] < height / 2  # by the signature
    rect = dialog.page.box_rect(marks.number_page, marks.number_box)
    assert rect is not None and dialog.page.page_rect().contains(rect)
    assert (
        dialog.attachments.count() == 1 and "phu-luc-1-1.pdf" in dialog.attachments.item(0).text()
    )
    assert dialog.tokens.current().token == ORG.label  # the organisation's own certificate
    assert not dialog.issue_button.isEnabled()  # no PIN yet
    assert dialog.focusWidget() is dialog.pin  # the certificates found: the PIN is next
    assert not dialog.pin_hint.isVisibleTo(dialog)  # not a demo workspace: no PIN offered

    # a wrong PIN, sent with Enter: said in words, nothing issued, the number still free
    qtbot.keyClicks(dialog.pin, "000000")
    assert dialog.issue_button.isEnabled()
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    assert dialog.pin.text() == ""  # the PIN left the field with the job
    qtbot.waitUntil(lambda: not dialog.running, timeout=60_000)
    assert "PIN" in dialog.status.text() and dialog.result is None
    qtbot.waitUntil(
        lambda: not dialog.tokens.loading and bool(dialog.tokens.choices), timeout=30_000
    )
    assert win.session.desk.document(document_id).status == "approved"

    qtbot.keyClicks(dialog.pin, ORG.pin)
    with qtbot.waitSignal(dialog.issued, timeout=90_000):
        dialog.issue_button.click()
    assert "03/QĐ-UBND" in dialog.status.text()
    assert dialog.send_button.isVisible() and not dialog.issue_button.isVisible()

    doc = win.session.desk.document(document_id)
    assert (doc.number, doc.notation, doc.status) == (3, "03/QĐ-UBND", "issued")
    issued = win.session.desk.ws.blobs.path_for(doc.file_sha256)
    assert pdfsig_verdicts(issued, softhsm.ca_cert_der, tmp_path) == ["Signature is Valid."] * 2
    report = win.session.signing.verify_file(issued, online=False)
    assert len(report.signatures) == 2 and report.ok, report.overall
    roles = [v.role for v in win.session.desk.documents.versions(document_id)]
    assert roles.count("attachment") == 1 and "issue" in roles

    # "Gửi đi…" sends the document just issued, though it left the Drafts list and the
    # selection there moved on to another draft (seen on a real display)
    qtbot.waitUntil(
        lambda: panel.document is None or panel.document.id != document_id, timeout=15_000
    )
    dialog.send_button.click()
    send = panel.dialog
    assert send is not dialog and send.document_id == document_id
    qtbot.waitUntil(lambda: "03/QĐ-UBND" in send.heading.text(), timeout=15_000)
    send.close()

    # the register shows it with its number
    outgoing = win.view_widgets["outgoing"]
    from ui.main_window import VIEW_KEYS

    win.navigation.setCurrentRow(VIEW_KEYS.index("outgoing"))
    qtbot.waitUntil(lambda: any(r.id == document_id for r in outgoing.model.rows), timeout=15_000)
    row = next(r for r in outgoing.model.rows if r.id == document_id)
    assert row.number == 3


# -- the issue date -----------------------------------------------------------------------------


def test_another_issue_date_numbers_and_stamps_the_document_with_it(qtbot, open_window, office):
    from PySide6.QtCore import QDate, Qt
    from PySide6.QtWidgets import QDateEdit, QLabel

    from tests.signing.test_lifecycle import pdftext

    win = open_window("drafts")
    document_id = office["dated"]
    panel = show(qtbot, win, "drafts", document_id)
    panel.issue_button.click()
    dialog = panel.dialog
    wait_dialog_ready(qtbot, dialog)

    # today by default, in a calendar picker the keyboard reaches (Tab, and Alt+B from its label)
    picker = dialog.date
    today = vn_today()
    assert isinstance(picker, QDateEdit) and picker.calendarPopup()
    assert picker.displayFormat() == "dd/MM/yyyy" and dialog.chosen_date() == today
    assert picker.isEnabled() and picker.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert picker.maximumDate() == QDate(today.year, today.month, today.day)  # no future
    [label] = [w for w in dialog.findChildren(QLabel) if w.buddy() is picker]
    assert "&b" in label.text().lower()
    qtbot.keyClicks(dialog.pin, ORG.pin)
    assert dialog.issue_button.isEnabled()
    today_notation = dialog.plan.notation

    # a day before the register's latest issued document of that year: refused, in words
    def planned() -> bool:
        return not dialog.replanning

    picker.setDate(QDate(LAST_YEAR_END.year, 12, 30))
    qtbot.waitUntil(planned, timeout=15_000)
    assert dialog.date_refused and dialog.plan is None
    words = dialog.date_problem.text()
    assert dialog.date_problem.isVisible() and "30/12" in words and "31/12" in words
    assert "01/QĐ-UBND" in words and "thứ tự thời gian" in words
    assert not dialog.issue_button.isEnabled()
    dialog.issue()  # even asked directly: nothing happens
    assert not dialog.running and win.session.desk.document(document_id).status == "approved"
    save_shot(dialog, "issue-dialog-date-refused.png")

    # the last day of last year: allowed, numbered in last year's register (after its 01)
    picker.setDate(QDate(LAST_YEAR_END.year, 12, 31))
    qtbot.waitUntil(planned, timeout=15_000)
    assert not dialog.date_refused and not dialog.date_problem.isVisible()
    assert (dialog.plan.year, dialog.plan.notation) == (LAST_YEAR_END.year, "02/QĐ-UBND")
    assert dialog.plan.notation != today_notation and "02/QĐ-UBND" in dialog.number.text()
    year = LAST_YEAR_END.year
    assert dialog.marks.date_text == f"ngày 31 tháng 12 năm {year}"
    assert dialog.marks.number_text == "Số: 02/QĐ-UBND"
    assert dialog.issue_button.isEnabled()
    with qtbot.waitSignal(dialog.issued, timeout=90_000):
        dialog.issue_button.click()
    assert f"ngày 31/12/{year}" in dialog.status.text()
    assert not picker.isEnabled()  # issued: nothing to change any more

    doc = win.session.desk.document(document_id)
    assert (doc.year, doc.number, doc.notation) == (year, 2, "02/QĐ-UBND")
    [row] = win.session.desk.ws.conn.execute(
        "SELECT issued_date FROM documents WHERE id = ?", (document_id,)
    ).fetchall()
    assert row[0] == doc.issued_date == f"{year}-12-31"
    text = pdftext(win.session.desk.ws.blobs.path_for(doc.file_sha256))
    assert "Số: 02/QĐ-UBND" in text and f"ngày 31 tháng 12 năm {year}" in text
    dialog.close()


# -- the seal's page --------------------------------------------------------------------------


def red_pixels(image: Any, rect: Any) -> int:
    """Pixels of the seal's red in ``rect`` of ``image``."""
    count = 0
    r = rect.toAlignedRect()
    for x in range(max(0, r.left()), min(image.width(), r.right()), 2):
        for y in range(max(0, r.top()), min(image.height(), r.bottom()), 2):
            c = image.pixelColor(x, y)
            count += c.red() > 150 and c.green() < 110 and c.blue() < 110
    return count


def test_a_two_page_document_shows_its_seal_on_the_signature_page(qtbot, open_window, office):
    win = open_window("drafts")
    panel = show(qtbot, win, "drafts", office["two_pages"])
    panel.issue_button.click()
    dialog = panel.dialog
    wait_dialog_ready(qtbot, dialog)
    marks, page = dialog.marks, dialog.page
    assert marks.problem is None and len(marks.page_sizes) == 2
    assert (marks.number_page, marks.seal_page) == (0, 1)
    assert sorted(page.images) == [0, 1]

    # the number's page first; the switcher names both pages
    switcher = dialog.switcher
    assert switcher.isVisible() and page.shown == 0
    assert switcher.number_button.isChecked()
    assert "Trang 1" in switcher.number_button.text()
    assert "Trang 2" in switcher.seal_button.text() and "con dấu" in switcher.seal_button.text()
    assert page.box_rect(marks.number_page, marks.number_box) is not None
    assert page.box_rect(marks.seal_page, marks.seal_box) is None  # not on this page
    assert "trang 2" in page.accessibleDescription()
    save_shot(dialog, "issue-dialog-two-pages-number.png")

    # the signature page: the seal drawn where it will be stamped
    switcher.seal_button.click()
    assert page.shown == 1 and page.image is not None
    seal = page.box_rect(marks.seal_page, marks.seal_box)
    assert seal is not None and page.page_rect().contains(seal)
    assert page.box_rect(marks.number_page, marks.number_box) is None
    assert red_pixels(page.grab().toImage(), seal) > 50
    save_shot(dialog, "issue-dialog-two-pages-seal.png")
    switcher.number_button.click()
    assert page.shown == 0
    dialog.close()

    # a one-page document needs no switcher: number and seal on the same page
    panel = show(qtbot, win, "drafts", office["shots"])
    panel.issue_button.click()
    one = panel.dialog
    wait_dialog_ready(qtbot, one)
    assert one.marks.seal_page == one.marks.number_page == 0 and not one.switcher.isVisible()
    seal = one.page.box_rect(one.marks.seal_page, one.marks.seal_box)
    assert seal is not None and red_pixels(one.page.grab().toImage(), seal) > 50
    save_shot(one, "issue-dialog-one-page.png")
    one.close()


# -- recipients and groups --------------------------------------------------------------------


def test_recipients_found_without_diacritics_and_a_group_used_again(qtbot, open_window, office):
    from app.recipient_groups import groups

    win = open_window("outgoing")
    panel = show(qtbot, win, "outgoing", office["spare"])
    assert panel.send_button.isVisible() and panel.send_button.isEnabled()
    panel.send_button.click()
    dialog = panel.dialog
    picker = dialog.picker
    qtbot.waitUntil(lambda: dialog.document is not None, timeout=10_000)
    assert not dialog.send_button.isEnabled()  # nobody chosen yet
    # before anything is typed, the directory is there to pick from
    qtbot.waitUntil(lambda: picker.results.count() > 0, timeout=10_000)

    with qtbot.waitSignal(picker.searched, timeout=10_000):
        qtbot.keyClicks(picker.search, "so y te")
    found = [picker.results.item(i).text() for i in range(picker.results.count())]
    assert found == ["Sở Y tế tỉnh Đắk Lắk (000.00.32.H29)"]
    qtbot.keyClick(picker.search, "\r")  # Enter adds the first found
    assert dialog.isVisible()  # Enter chose an organisation; it did not send
    assert not win.session.desk.ws.conn.execute(
        "SELECT 1 FROM outbox WHERE document_id = ?", (office["spare"],)
    ).fetchone()
    picker.search.clear()
    with qtbot.waitSignal(picker.searched, timeout=10_000):
        qtbot.keyClicks(picker.search, "giao duc dak lak")
    assert picker.results.count() == 1
    picker.add_button.click()
    assert picker.organ_ids() == ["000.00.32.H29", "000.00.31.H29"]
    assert dialog.send_button.isEnabled()

    with qtbot.waitSignal(picker.groups_loaded, timeout=10_000):
        picker.save_as_group("Các sở")
    assert "Các sở" in picker.group_combo.currentText()
    assert [g.organ_ids for g in groups(win.session.desk.ws)] == [
        ["000.00.32.H29", "000.00.31.H29"]
    ]
    dialog.reject()

    # another day, another document: the group in one step
    panel.send_button.click()
    again = panel.dialog
    assert again is not dialog
    qtbot.waitUntil(lambda: bool(again.picker.groups), timeout=10_000)
    assert again.picker.organ_ids() == []
    again.picker.use_group.click()
    assert again.picker.organ_ids() == ["000.00.32.H29", "000.00.31.H29"]
    assert again.picker.chosen.item(0).text() == "Sở Y tế tỉnh Đắk Lắk (000.00.32.H29)"
    again.reject()


def test_a_state_secret_document_is_never_sent(qtbot, open_window, office):
    from ui.issue_dialog import IssueDialog
    from ui.issue_send import SendDialog

    win = open_window("outgoing")
    panel = show(qtbot, win, "outgoing", office["secret"])
    assert panel.send_button.isVisible() and not panel.send_button.isEnabled()
    assert "mật" in panel.note.text() and panel.note.isVisible()
    assert panel.send_button.toolTip() == panel.note.text()

    dialog = SendDialog(win.session, office["secret"], win)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.document is not None, timeout=10_000)
    dialog.picker.add("000.00.00.G22", "Văn phòng Chính phủ")
    assert dialog.reason.isVisible() and "Văn bản mật không được gửi" in dialog.reason.text()
    assert not dialog.send_button.isEnabled()
    dialog.send()  # even asked directly: nothing is queued
    assert not win.session.desk.ws.conn.execute(
        "SELECT 1 FROM outbox WHERE document_id = ?", (office["secret"],)
    ).fetchone()

    # a secret draft is numbered in the secret series (its own numbers)
    issue = IssueDialog(win.session, office["secret_draft"], win)
    qtbot.addWidget(issue)
    issue.open()
    issue.start()
    wait_dialog_ready(qtbot, issue)
    assert issue.plan.register.series == "secret"
    assert issue.plan.number == 2  # the secret series: one secret document issued before
    assert "mật" in issue.register.text()
    issue.close()
    dialog.close()


# -- send, follow, take back ------------------------------------------------------------------


@pytest.fixture
def file_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANTHU_SECRET_STORE", "file")


def test_send_follow_statuses_and_revoke_from_the_pane(qtbot, open_window, office, tmp_path,
                                                       file_secrets, pki_online):  # fmt: skip
    from PySide6.QtWidgets import QApplication

    from sync.desk import ExchangeDesk
    from tests.ui.test_english import dark

    document_id = office["sent"]
    with running_axis(tmp_path) as axis:
        other = Workspace.create(tmp_path / "b", SYSTEM_B[2], SYSTEM_B[3], "VPCP")
        other_desk = ExchangeDesk(other)
        other_desk.configure(axis.url, SYSTEM_B[0], SYSTEM_B[1])

        win = open_window("outgoing")
        exchange = win.session.exchange
        exchange.configure(axis.url, SYSTEM_A[0], SYSTEM_A[1])

        panel = show(qtbot, win, "outgoing", document_id)
        assert not panel.revoke_button.isVisible()  # never sent: nothing to take back
        panel.send_button.click()
        dialog = panel.dialog
        qtbot.waitUntil(lambda: dialog.document is not None, timeout=10_000)
        qtbot.waitUntil(lambda: dialog.picker.results.count() > 0, timeout=10_000)
        with qtbot.waitSignal(dialog.picker.searched, timeout=10_000):
            qtbot.keyClicks(dialog.picker.search, "van phong chinh phu")
        qtbot.keyClick(dialog.picker.search, "\r")
        assert dialog.picker.organ_ids() == [SYSTEM_B[2]]
        with qtbot.waitSignal(dialog.sent, timeout=10_000):
            dialog.send_button.click()

        # the package reaches the axis and the other office; it answers 01 then 03
        assert exchange.sync_once().report.sent == 1
        assert other_desk.sync_once().report.received == 1
        [incoming] = other.conn.execute(
            "SELECT id, code_notation, code_number FROM documents WHERE direction = 'incoming'"
        ).fetchall()
        sent = win.session.desk.document(document_id)
        assert f"{incoming[2]}/{incoming[1]}" == sent.notation
        other_desk.answer(incoming[0], "03")
        other_desk.sync_once()
        assert exchange.sync_once().report.statuses >= 2

        # the pane shows the recipient by name, its latest status and its history
        win.detail.show_document(document_id)
        tree = win.detail.recipients

        def named() -> bool:
            item = tree.topLevelItem(0)
            return (
                item is not None and item.text(0).startswith("Văn phòng Chính phủ")
                and item.text(1).startswith("03")
            )  # fmt: skip

        qtbot.waitUntil(named, timeout=15_000)
        item = tree.topLevelItem(0)
        assert item.text(0) == f"Văn phòng Chính phủ ({SYSTEM_B[2]})"
        assert item.text(1).startswith("03")
        assert [item.child(i).text(1)[:2] for i in range(item.childCount())] == ["01", "03"]
        assert win.detail.detail.document.status == "sent"
        qtbot.waitUntil(lambda: panel.revoke_button.isVisible(), timeout=10_000)
        assert panel.update_button.isVisible() and panel.replace_button.isVisible()
        win.detail.tabs.setCurrentIndex(win.detail.recipients_tab)
        win.detail.recipients.expandAll()
        save_shot(win.detail, "detail-recipients-vi-light.png")
        with dark(QApplication.instance()):
            save_shot(win.detail, "detail-recipients-vi-dark.png")

        # an update from the pane: the corrected subject reaches the other office
        panel.update_button.click()
        update = panel.dialog
        update.subject.setText("Về việc phê duyệt đề án số 2 (sửa đổi)")
        update.reason.insertPlainText("Sửa trích yếu")
        update.ok.click()
        qtbot.waitUntil(lambda: "cập nhật" in panel.note.text(), timeout=10_000)
        assert win.session.desk.document(document_id).subject.endswith("(sửa đổi)")
        exchange.sync_once()
        other_desk.sync_once()
        subject = other.conn.execute(
            "SELECT subject FROM documents WHERE id = ?", (incoming[0],)
        ).fetchone()[0]
        assert subject == "Về việc phê duyệt đề án số 2 (sửa đổi)"

        # a replacement from the pane: an issued document, never a secret one, offered
        panel.replace_button.click()
        replace = panel.dialog
        qtbot.waitUntil(lambda: bool(replace.candidates), timeout=10_000)
        offered = [replace.choice.itemData(i) for i in range(replace.choice.count())]
        assert office["spare"] in offered and office["secret"] not in offered
        replace.choice.setCurrentIndex(offered.index(office["spare"]))
        replace.reason.insertPlainText("Thay thế do sai sót")
        replace.ok.click()
        qtbot.waitUntil(lambda: "thay thế" in panel.note.text(), timeout=10_000)
        exchange.sync_once()
        assert other_desk.sync_once().report.received == 1
        notations = {
            f"{r[1]}/{r[0]}": r[2]
            for r in other.conn.execute(
                "SELECT code_notation, code_number, cancelled FROM documents"
                " WHERE direction = 'incoming'"
            )
        }
        spare = win.session.desk.document(office["spare"])
        assert notations == {sent.notation: 1, spare.notation: 0}  # the old one cancelled

        # take it back from the pane, with a reason
        panel.revoke_button.click()
        revoke = panel.dialog
        assert not revoke.ok.isEnabled()  # a reason is required
        revoke.reason.insertPlainText("Ban hành nhầm nơi nhận")  # typed (QTest types ASCII only)
        revoke.ok.click()
        qtbot.waitUntil(lambda: "thu hồi" in panel.note.text(), timeout=10_000)
        spec = win.session.desk.ws.conn.execute(
            "SELECT spec FROM outbox WHERE document_id = ? ORDER BY id DESC", (document_id,)
        ).fetchone()[0]
        assert '"business": 1' in spec and "Ban hành nhầm nơi nhận" in spec
        assert exchange.sync_once().report.sent == 1
        other_desk.sync_once()
        events = [
            r[0]
            for r in other.conn.execute(
                "SELECT details FROM events WHERE document_id = ? AND action = 'receive'",
                (incoming[0],),
            )
        ]
        assert any("Ban hành nhầm nơi nhận" in e for e in events)  # the take-back arrived
        other.close()


def save_shot(widget: Any, name: str) -> None:
    from PySide6.QtWidgets import QApplication

    folder = shots()
    QApplication.processEvents()
    image = widget.grab()
    assert not image.isNull()
    if folder is not None:
        assert image.save(str(folder / name))


# -- what the clerk sees ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_dialogs_read_well_in_both_languages_and_palettes(qtbot, qapp, request, open_window,
                                                              office, lang):  # fmt: skip
    from tests.ui.test_english import clashing_keys, cut_off, dark

    if lang == "en":
        request.getfixturevalue("english")
    win = open_window("drafts")
    panel = show(qtbot, win, "drafts", office["shots"])
    panel.issue_button.click()
    dialog = panel.dialog
    wait_dialog_ready(qtbot, dialog)
    qtbot.keyClicks(dialog.pin, "1")
    assert dialog.attachments.count() == 2
    assert clashing_keys(dialog) == []
    # the certificate combo grows to the names found once the dialog is laid out again (a
    # posted layout request): measured before that, it was narrower (the failure came and went)
    qtbot.waitUntil(lambda: cut_off(dialog) == [], timeout=10_000)
    if lang == "en":
        assert dialog.windowTitle() == "Issue the document"
    save_shot(dialog, f"issue-dialog-{lang}-light.png")
    with dark(qapp):
        save_shot(dialog, f"issue-dialog-{lang}-dark.png")
    dialog.close()

    # a two-page document: the page switcher's words fit and keep their own keys
    panel = show(qtbot, win, "drafts", office["two_pages"])
    panel.issue_button.click()
    pages = panel.dialog
    wait_dialog_ready(qtbot, pages)
    assert pages.switcher.isVisible()
    pages.switcher.seal_button.click()
    assert clashing_keys(pages) == []
    assert cut_off(pages) == []
    save_shot(pages, f"issue-dialog-two-pages-{lang}-light.png")
    with dark(qapp):
        save_shot(pages, f"issue-dialog-two-pages-{lang}-dark.png")
    pages.close()

    panel = show(qtbot, win, "outgoing", office["secret"])
    save_shot(win.detail, f"detail-secret-{lang}-light.png")
    panel = show(qtbot, win, "outgoing", office["spare"])
    panel.send_button.click()
    send = panel.dialog
    qtbot.waitUntil(lambda: send.document is not None, timeout=10_000)
    qtbot.waitUntil(lambda: send.picker.results.count() > 0, timeout=10_000)
    with qtbot.waitSignal(send.picker.searched, timeout=10_000):
        qtbot.keyClicks(send.picker.search, "so")
    send.picker.add("000.00.00.G22", "Văn phòng Chính phủ")
    assert clashing_keys(send) == []
    assert cut_off(send) == []
    save_shot(send, f"send-dialog-{lang}-light.png")
    with dark(qapp):
        save_shot(send, f"send-dialog-{lang}-dark.png")
    send.reject()


def test_the_demo_offers_its_test_tokens_pin(qtbot, open_window, office, monkeypatch):
    """In the demo's workspace (setting demo = 1; the test token's label is added to the
    demo's labels for the test) the organisation token's PIN is offered under the field."""
    import app.demo_tokens

    monkeypatch.setitem(app.demo_tokens.DEMO_PINS, ORG.label, ORG.pin)
    win = open_window("drafts")
    win.session.desk.ws.set_settings({"demo": "1"}, test="demo hint")
    try:
        panel = show(qtbot, win, "drafts", office["shots"])
        panel.issue_button.click()
        dialog = panel.dialog
        wait_dialog_ready(qtbot, dialog)
        assert dialog.pin_hint.isVisibleTo(dialog)
        assert dialog.pin_hint.text() == (
            f"Thiết bị ký số thử nghiệm của bản demo — mã PIN: {ORG.pin}"
        )
        dialog.close()
    finally:
        win.session.desk.ws.set_settings({"demo": ""}, test="demo hint")
