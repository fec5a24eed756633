"""The window in English (issue 10, point 7): every string of ui/ has its English in
resources/translations/vanthu_en.ts (read off a fresh lupdate of the sources, so a string added
without English fails here), placeholders and accelerators kept; the .ts compiled by the
project's own command (``ui.i18n.build``, lrelease) into a temporary folder and installed as
``vanthu gui`` installs it with VANTHU_LANG=en; then the main window, the registration and
export dialogs, the preview tool bar and the signature details speak English, and no word of
theirs is cut off (English is longer than Vietnamese).

Screenshots go to $VANTHU_UI_SHOTS when it is set (/work/notes/ui/english for the lead),
else to the test's temporary folder."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from app.demo_letters import render_pdf
from app.messages import STATUS_LABELS
from app.model import CONFIDENTIALITY_LABELS, DOC_TYPES, URGENCY_LABELS
from tests.ui.conftest import fill_workspace
from tests.ui.test_register_dialog import checker, letter  # noqa: F401 (a fixture)
from ui import i18n, labels
from ui.application import apply_theme, install_translation

pytestmark = pytest.mark.gui
WAIT = 30_000  # ms: generous for a loaded 2-core machine; the waits end as soon as done


# -- the translation file -----------------------------------------------------------------------


def test_every_string_of_the_window_has_its_english():
    """A fresh lupdate of ui/*.py merged into a copy of the .ts: nothing left without English,
    no placeholder (%1, %n, {name}) or accelerator (&) lost. Adding ``self.tr("…")`` without
    its English (``python -m ui.i18n update``, then translate) fails here."""
    assert i18n.check("en") == []


def test_the_translation_file_is_as_lupdate_writes_it(tmp_path: Path):
    """Nobody's hand-formatting in the .ts, and no string of the code missing from it or
    left over: ``python -m ui.i18n update`` would not change it."""
    committed = i18n.ts_file("en")
    fresh = tmp_path / committed.name
    shutil.copyfile(committed, fresh)
    i18n.update(fresh, "en")
    assert fresh.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), (
        "run: python -m ui.i18n update"
    )


def test_the_check_fails_on_a_string_without_english(tmp_path: Path):
    """The check can fail: a message left unfinished, a plural form missing, a placeholder
    dropped and an accelerator lost are each reported."""
    text = i18n.ts_file("en").read_text(encoding="utf-8")
    broken = text.replace(
        "<translation>Incoming documents</translation>",
        '<translation type="unfinished"></translation>', 1,
    ).replace(
        "<numerusform>%n pages</numerusform>", "<numerusform></numerusform>", 1
    ).replace(
        "<translation>Missing: %1.</translation>", "<translation>Missing.</translation>", 1
    ).replace(
        "<translation>Open &amp;file</translation>", "<translation>Open file</translation>", 1
    )  # fmt: skip
    ts = tmp_path / "vanthu_en.ts"
    ts.write_text(broken, encoding="utf-8")
    missing = i18n.untranslated(ts)
    assert ("MainWindow", "Văn bản đến") in missing
    assert ("RegisterIncomingDialog", "%n trang") in missing
    wrong = {(context, source) for context, source, _what in i18n.mismatched(ts)}
    assert wrong == {
        ("RegisterIncomingDialog", "Còn thiếu: %1."),
        ("ExportRegisterDialog", "Mở &tệp"),
    }


def test_the_core_lists_are_translated_word_for_word():
    """ui/labels.py repeats app/model's words for lupdate: they must be the same words."""
    assert tuple(URGENCY_LABELS.values()) == labels.URGENCY_WORDS
    assert tuple(CONFIDENTIALITY_LABELS.values()) == labels.CONFIDENTIALITY_WORDS
    assert tuple(t.name for t in DOC_TYPES) == labels.DOC_TYPE_WORDS


# -- the window in English ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """vanthu_en.qm made by the project's own command, from the .ts in the tree."""
    folder = tmp_path_factory.mktemp("qm")
    qm = i18n.build("en", folder / "vanthu_en.qm")
    assert qm.is_file() and qm.stat().st_size > 10_000
    return folder


@pytest.fixture
def english(qapp: QApplication, compiled: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """VANTHU_LANG=en (the core's words) and the compiled translation installed (the window's);
    Vietnamese again afterwards. Widgets made inside speak English."""
    monkeypatch.setenv("VANTHU_LANG", "en")
    locale = QLocale()
    assert install_translation(qapp, "en", compiled)
    try:
        yield
    finally:
        install_translation(qapp, "vi")
        QLocale.setDefault(locale)


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("VANTHU_UI_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    assert widget.grab().save(str(path)), path
    assert path.stat().st_size > 2000  # something was drawn


def plain(text: str) -> str:
    """A button's words without its accelerator mark."""
    return re.sub(r"&(.)", r"\1", text)


def icon_only(button: QAbstractButton) -> bool:
    return (
        isinstance(button, QToolButton)
        and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
        and not button.icon().isNull()
    )


def plain_label(label: QLabel) -> bool:
    """A one-line label of plain words (wrapped, rich text and pictures lay out otherwise)."""
    return bool(
        label.text()
        and not label.wordWrap()
        and label.pixmap().isNull()
        and label.textFormat() != Qt.TextFormat.RichText
        and "<" not in label.text()
    )


def clashing_keys(root: QWidget) -> list[str]:
    """Alt+letter keys that two visible controls of ``root`` share (Qt would cycle between
    them instead of acting): every accelerator of a dialog has its own letter."""
    keys: dict[str, list[str]] = {}
    for w in root.findChildren(QWidget):
        text = w.text() if isinstance(w, QAbstractButton | QLabel) else ""
        found = re.search(r"&([^&\s])", text or "")
        if found and w.isVisibleTo(root):
            keys.setdefault(found.group(1).lower(), []).append(plain(text))
    return [f"Alt+{k}: {', '.join(names)}" for k, names in keys.items() if len(names) > 1]


def cut_off(root: QWidget) -> list[str]:
    """Words of ``root`` that do not fit where they are shown: labels and buttons narrower
    than their text, a combo box narrower than its current item, column titles wider than
    their columns, tabs narrower than their titles, tool bars that hide actions."""
    found = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        fm = w.fontMetrics()
        if isinstance(w, QLabel) and plain_label(w):
            if w.width() < fm.horizontalAdvance(plain(w.text())):
                found.append(f"label «{w.text()}»: {w.width()} px")
        elif isinstance(w, QAbstractButton) and w.text() and not icon_only(w):
            if w.width() < fm.horizontalAdvance(plain(w.text())) + 8:
                found.append(f"button «{w.text()}»: {w.width()} px")
        elif isinstance(w, QComboBox) and w.currentText():
            if w.width() < fm.horizontalAdvance(w.currentText()) + 24:
                found.append(f"combo «{w.currentText()}»: {w.width()} px")
        elif isinstance(w, QHeaderView) and w.orientation() == Qt.Orientation.Horizontal:
            model = w.model()
            for i in range(w.count()):
                if w.isSectionHidden(i):
                    continue
                title = str(model.headerData(i, Qt.Orientation.Horizontal) or "")
                if w.sectionSize(i) < fm.horizontalAdvance(title) + 8:
                    found.append(f"column «{title}»: {w.sectionSize(i)} px")
        elif isinstance(w, QTabWidget):
            bar = w.tabBar()
            for i in range(bar.count()):
                if bar.isTabVisible(i) and bar.tabRect(i).width() < fm.horizontalAdvance(
                    plain(bar.tabText(i))
                ):
                    found.append(f"tab «{bar.tabText(i)}»")
        elif isinstance(w, QToolBar):
            more = w.findChild(QAbstractButton, "qt_toolbar_ext_button")
            if more is not None and more.isVisible():
                found.append(f"tool bar «{w.windowTitle()}» hides actions")
    return found


@contextmanager
def dark(app: QApplication) -> Iterator[None]:
    palette, style = QPalette(app.palette()), app.style().name()
    assert apply_theme(app, "dark") == "dark"
    QApplication.processEvents()
    try:
        yield
    finally:
        app.setStyle(style)
        app.setPalette(palette)
        QApplication.processEvents()


@pytest.fixture
def window(qtbot, english, tmp_path: Path) -> Iterator[Any]:
    from ui.main_window import MainWindow
    from ui.session import DeskSession

    session = DeskSession(fill_workspace(tmp_path / "ws"))
    session.errors.dialogs = False
    made = MainWindow(session)
    qtbot.addWidget(made)
    made.resize(1440, 900)
    made.show()
    with qtbot.waitSignal(made.ready, timeout=WAIT):
        session.open()
    yield made
    made.close()
    session.close()


def test_the_main_window_in_english(qtbot, qapp, window, tmp_path):
    nav = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert nav == ["Incoming documents", "Drafts and to sign", "Outgoing documents",
                   "Sending (outbox)", "Registers", "Agency directory"]  # fmt: skip
    assert [a.text() for a in (window.register_action, window.export_action,
            window.refresh_action)] == ["Register incoming…", "Export register…", "Refresh"]  # fmt: skip
    assert window.register_action.toolTip() == (
        "Register an incoming document from a PDF file (Ctrl+N)"
    )
    assert window.search.edit.placeholderText().startswith("Find documents (diacritics optional)")

    incoming = window.view_widgets["incoming"]
    bar = incoming.filters
    assert [bar.year.itemText(0), bar.kind.itemText(0), bar.urgency.itemText(0),
            bar.status.itemText(0), bar.clear.text()] == [
        "All years", "All types", "Any urgency", "Any status", "Clear filters"]  # fmt: skip
    assert bar.kind.itemText(bar.kind.findData("QĐ")) == "Decision"
    assert bar.urgency.itemText(bar.urgency.findData(3)) == "Flash"
    assert (
        bar.status.itemText(bar.status.findData("registered")) == STATUS_LABELS["registered"][1]
    )  # the core's English: the CLI says the same
    assert incoming.count.text() == "30 / 30 documents"
    model = incoming.model
    titles = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert titles[:7] == ["No.", "Number and symbol", "Arrival date", "Issue date", "Type",
                          "Subject", "Issuing organisation"]  # fmt: skip

    qtbot.waitUntil(lambda: window.detail.detail is not None, timeout=WAIT)
    tabs = window.detail.tabs
    shown = [tabs.tabText(i) for i in range(tabs.count()) if tabs.isTabVisible(i)]
    assert shown == ["Details", "Signatures", "History", "Files"]
    form = window.detail.info_form
    rows = {
        form.itemAt(i, form.ItemRole.LabelRole).widget().text(): form.itemAt(
            i, form.ItemRole.FieldRole
        )
        .widget()
        .text()
        for i in range(form.rowCount())
    }
    assert rows["Status:"] == "Registered" and "Arrival number:" in rows
    assert "Issuing organisation:" in rows and "Subject:" in rows

    with qtbot.waitSignal(window.search.searched, timeout=WAIT):
        window.search.edit.setText("lut bao")
    assert re.fullmatch(r"first 1 of 1 matching document \(\d+ ms\)",
                        window.search.popup.status.text())  # fmt: skip
    [hit] = window.search.result.hits
    with qtbot.waitSignal(window.detail.preview_ready, timeout=WAIT):
        qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)  # the one with a file
    preview = window.detail.preview
    assert window.detail.detail.document.id == hit.id and preview.page_count == 1
    names = {k: a.text() for k, a in preview.actions_by_name.items()}
    assert names["next"] == "Next page" and names["fit_width"] == "Fit width"
    assert preview.actions_by_name["zoom_in"].toolTip() == "Zoom in (Ctrl++)"
    assert preview.page_total.text() == "/ 1"

    assert cut_off(window) == []
    folder = shots(tmp_path)
    save(window, folder / "main-window-en.png")
    save(preview.findChild(QToolBar), folder / "preview-toolbar-en.png")
    with dark(qapp):
        assert cut_off(window) == []
        save(window, folder / "main-window-en-dark.png")


def test_the_registration_dialog_in_english(qtbot, window, checker, tmp_path):  # noqa: F811
    pdf = render_pdf(letter(), tmp_path / "qd-05.pdf")
    window.register_incoming(pdf)
    dialog = window._register_dialog
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: not dialog.inspecting and dialog.form.register.count(), timeout=WAIT)
    assert dialog.windowTitle() == "Register an incoming document"
    form = dialog.form
    assert form.doc_type.currentText() == "Decision (QĐ)"
    assert form.urgency.currentText() == "Normal"
    assert form.confidentiality.currentText() == "Not confidential"
    assert dialog.file_status.text().startswith("1 page · ")
    assert re.search(r"\d+ fields filled in from the file's text$", dialog.file_status.text())
    assert dialog.status.text() == "Missing: issuing organisation identifier."
    captions = {w.text() for w in form.findChildren(QLabel) if w.buddy() is not None}
    assert {"Issuing &organisation", "&Number and symbol", "&Subject", "Du&e date"} <= captions
    assert [plain(b.text()) for b in (dialog.pick_button, dialog.register_button,
            dialog.close_button)] == ["Choose file…", "Register", "Close"]  # fmt: skip
    assert clashing_keys(dialog) == []
    assert cut_off(dialog) == []
    folder = shots(tmp_path)
    save(dialog, folder / "register-dialog-en.png")

    form.issuer_id.setText("000.00.00.H36")
    form._touched("from_org_id")
    with qtbot.waitSignal(dialog.registered, timeout=WAIT):
        qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result.title.text() == "Registered: arrival number 31/2026"
    assert dialog.result.signatures.text() == "Signatures: NOT SIGNED"
    qtbot.waitUntil(lambda: "extracted" in dialog.result.texts.text(), timeout=WAIT)
    assert cut_off(dialog) == [] and clashing_keys(dialog) == []
    save(dialog, folder / "register-dialog-done-en.png")

    qtbot.mouseClick(dialog.another_button, Qt.MouseButton.LeftButton)
    dialog.set_file(pdf)  # the same letter again: the warning explains what matched
    qtbot.waitUntil(lambda: not dialog.inspecting, timeout=WAIT)
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.duplicate_dialog is not None, timeout=WAIT)
    warning = dialog.duplicate_dialog
    assert warning.windowTitle() == "This document may already be registered"
    [card] = warning.cards
    assert "Arrival number 31/2026</b> — 05/QĐ-UBND, dated 20/11/2026" in card.text()
    assert (
        "Matched because: same number, symbol and issuer; same document id; the very same file"
        in card.text()
    )
    assert [plain(b.text()) for b in (warning.force_button, warning.cancel_button)] == [
        "Register anyway", "Do not register"]  # fmt: skip
    assert cut_off(warning) == [] and clashing_keys(warning) == []
    save(warning, folder / "duplicate-dialog-en.png")
    warning.reject()
    assert dialog.status.text() == "Not registered: the document repeats one already registered."
    dialog.close()


def test_the_export_dialog_in_english(qtbot, window, tmp_path):
    from ui.export_dialog import ExportRegisterDialog

    dialog = ExportRegisterDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.selection is not None, timeout=WAIT)
    form = dialog.form
    assert dialog.windowTitle() == "Export a register"
    assert [plain(b.text()) for b in (form.incoming, form.outgoing, form.whole_year,
            form.date_range, form.pdf, form.csv)] == [
        "Incoming register", "Outgoing register", "Whole year", "Dates: from",
        "PDF — to print and bind", "CSV — to open in Excel"]  # fmt: skip
    assert re.fullmatch(
        r"The register holds 30 documents: numbers 01 to 30, from \d\d/\d\d/\d{4} to "
        r"\d\d/\d\d/\d{4}\.", form.summary.text()
    )  # fmt: skip
    assert plain(dialog.export_button.text()) == "Export"
    assert cut_off(dialog) == [] and clashing_keys(dialog) == []
    save(dialog, shots(tmp_path) / "export-dialog-en.png")

    form.path_edit.setText(str(tmp_path / "incoming.csv"))
    form._follow_extension()
    with qtbot.waitSignal(dialog.exported, timeout=WAIT):
        dialog.start_export()
    assert dialog.notice.text() == (
        f"Exported 30 rows to {dialog.result_export.path.name}\nFolder: {tmp_path}"
    )
    assert dialog.result_export.path.suffix == ".csv"
    assert [plain(b.text()) for b in (dialog.open_file_button, dialog.open_folder_button)] == [
        "Open file", "Open folder"]  # fmt: skip
    assert cut_off(dialog) == [] and clashing_keys(dialog) == []
    save(dialog, shots(tmp_path) / "export-dialog-done-en.png")


def test_the_other_views_in_english(qtbot, qapp, window, tmp_path):
    """Every view of the navigation, its words and nothing cut off."""
    for number, title in ((2, "Drafts and documents waiting to be signed or issued"),
                          (3, "Outgoing register"), (4, "Sending over the national document axis"),
                          (5, "Document registers"), (6, "Agency directory of the axis")):  # fmt: skip
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.AltModifier)
        view = window.current_view()
        assert view.title.text() == f"<b>{title}</b>"
        qtbot.waitUntil(lambda view=view: getattr(view, "_shown", True), timeout=WAIT)
        assert cut_off(window) == [], title
    directory = window.view_widgets["directory"]
    assert directory.query.placeholderText() == "Find an organisation (diacritics optional)"
    qtbot.waitUntil(lambda: directory.size.text() == "0 organisations", timeout=WAIT)
    [hint] = [directory.tree.topLevelItem(i) for i in range(directory.tree.topLevelItemCount())]
    assert hint.text(0) == "The directory is empty: click «Update from the axis» when online."
    save(window, shots(tmp_path) / "directory-view-en.png")

    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    registers = window.view_widgets["registers"]
    qtbot.waitUntil(lambda: registers.tree.topLevelItemCount() > 0, timeout=WAIT)
    header = registers.tree.headerItem()
    assert [header.text(i) for i in range(header.columnCount())] == [
        "Code", "Name", "Year", "Documents", "Last number", "Cancelled"]  # fmt: skip
    assert plain(registers.export.text()) == "Export…"
    assert cut_off(window) == []
    save(window, shots(tmp_path) / "registers-view-en.png")


# -- the signature details ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_signatures(softhsm, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A decision approved by the official (B-LT) and then by the organisation (B-LTA, a
    document timestamp after it), signed on the SoftHSM tokens, the TSA and OCSP of the test
    PKI on 127.0.0.1; validated as the window keeps reports (JSON)."""
    import json

    from asn1crypto import x509

    from signing import Level, Placement, Role, SignRequest, TrustStore, validate_pdf
    from tests.conftest import make_pdf
    from tests.signing.conftest import ORG, PERSONAL
    from tests.ui.test_signatures import DRAFT, SEAL, SIGNATURE, _sign

    base = tmp_path_factory.mktemp("signed-en")
    draft = make_pdf(base / "du-thao.pdf", DRAFT)
    one, two = base / "phe-duyet.pdf", base / "hai-chu-ky.pdf"
    was_running = softhsm.pki.running
    softhsm.pki.start()
    try:
        _sign(softhsm, PERSONAL, SignRequest(
            draft, one, Role.APPROVE, Placement(anchor="CHỦ TỊCH"), SIGNATURE), Level.B_LT)  # fmt: skip
        _sign(softhsm, ORG, SignRequest(
            one, two, Role.APPROVE, Placement(page=1, box=(330, 80, 530, 160)), SEAL),
            Level.B_LTA)  # fmt: skip
    finally:
        if not was_running:
            softhsm.pki.stop()
    trust = TrustStore.from_certs([x509.Certificate.load(softhsm.ca_cert_der)])
    report = validate_pdf(two.read_bytes(), trust=trust, online=False)
    return {"json": json.loads(json.dumps(report.as_json(), ensure_ascii=False)),
            "signer": PERSONAL.subject_cn}  # fmt: skip


@pytest.mark.token
def test_the_signature_panel_and_details_in_english(qtbot, qapp, english, two_signatures, tmp_path):
    from ui.signatures import SignaturePanel

    panel = SignaturePanel()
    qtbot.addWidget(panel)
    panel.resize(480, 720)
    panel.set_report(two_signatures["json"])
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.overall_badge.text() == "✓  VALID"  # the core's word, as `vanthu verify`
    assert panel.summary.text() == "2 signatures — all valid · 1 document timestamp"
    assert plain(panel.recheck_button.text()) == "Check again"
    first = panel.rows[0]
    assert first.title.text() == f"Signature 1/3: {two_signatures['signer']}"
    assert "Organisation: UBND tỉnh Đắk Lắk" in first.facts.text()
    assert "Signature level: PAdES B-LTA (with an archive timestamp)" in first.facts.text()
    assert "— proven by a timestamp" in first.facts.text()
    assert panel.rows[2].title.text().startswith("Timestamp 3/3: ")
    assert cut_off(panel) == [] and clashing_keys(panel) == []
    folder = shots(tmp_path)
    save(panel, folder / "signature-panel-en.png")

    dialog = panel.open_details(1)
    qtbot.addWidget(dialog)
    text = dialog.text()
    assert dialog.windowTitle() == f"Details of signature 1 — {two_signatures['signer']}"
    for line in ("Verdict: VALID", "Key usage: digital signature, non-repudiation",
                 "Source: the validation data inside the file", "Method: OCSP",
                 "Digest: SHA-256", "Coverage: the whole revision signed",
                 "signatures and stamps added only, with validation data",
                 "root trusted on this computer", "Mode: offline"):  # fmt: skip
        assert line in text, line
    for title in ("Summary", "Signer's certificate", "Certificate chain (from the signer up to "
                  "the root)", "Timestamp", "Revocation", "Changes after signing", "Algorithms"):  # fmt: skip
        assert f"\n{title}\n" in text, title
    assert plain(dialog.copy_button.text()) == "Copy"
    assert cut_off(dialog) == [] and clashing_keys(dialog) == []
    dialog.resize(720, 900)
    save(dialog, folder / "signature-details-en.png")
    bar = dialog.view.verticalScrollBar()
    bar.setValue(bar.maximum())
    save(dialog, folder / "signature-details-end-en.png")


def test_every_accelerator_of_the_registration_dialog_has_its_own_letter_in_vietnamese(
    qtbot, tmp_path
):
    """In Vietnamese too (Alt+M was both «Mã định danh» and «Độ mật», Alt+K «Người ký» and
    «Độ khẩn», Alt+H, Alt+T and Alt+N as well: Qt then only cycles between them)."""
    from ui.register_dialog import RegisterIncomingDialog
    from ui.session import DeskSession

    session = DeskSession(fill_workspace(tmp_path / "ws", incoming=1, outgoing=0))
    session.errors.dialogs = False
    with qtbot.waitSignal(session.ready, timeout=WAIT):
        session.open()
    try:
        dialog = RegisterIncomingDialog(session)
        qtbot.addWidget(dialog)
        dialog.open_for(None)
        assert plain(dialog.register_button.text()) == "Vào sổ"  # no English installed
        assert clashing_keys(dialog) == []
        dialog.another_button.show()  # after a registration, in place of «Vào sổ»
        dialog.register_button.hide()
        assert clashing_keys(dialog) == []
        dialog.close()
    finally:
        session.close()
