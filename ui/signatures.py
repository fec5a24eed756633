"""The signature panel of the detail pane: one coloured badge per signature (with a glyph and
the verdict in words, never colour alone), the signer, when and how the time is known, the
PAdES level, the reasons in plain words, and a details dialog per signature
(ui/signature_details.py).

It only shows: the main window loads the stored report (app/signature_checks.StoredReport) or
runs a check through the task bridge and calls ``set_report``; "Kiểm tra lại" emits
``recheck_requested`` and shows "Đang kiểm tra…" until the next ``set_report`` (or
``show_check_failed``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.signature_details import SignatureDetailsDialog
from ui.signature_words import (
    GLYPHS,
    INDETERMINATE,
    PALETTE_EVENTS,
    UNSIGNED,
    SignatureWords,
    colours,
    finding_sentence,
    is_dark_palette,
    is_unsigned,
    reasons,
    verdict_words,
    when,
)

# what the panel is showing
NO_FILE, NOT_CHECKED, CHECKING, REPORT = "no_file", "not_checked", "checking", "report"
SEVERITY_GLYPHS = {"invalid": "✗", "indeterminate": "?", "warning": "!", "info": "·"}


class SignatureBadge(QLabel):
    """A verdict: glyph and words on a tinted, bordered chip that reads on light and dark
    palettes."""

    def __init__(self, verdict: str, parent: QWidget | None = None, *, large: bool = False):
        super().__init__(parent)
        self.verdict = verdict
        self.large = large
        self.setText(f"{GLYPHS.get(verdict, '?')}  {verdict_words(verdict)}")
        self.setAccessibleName(verdict_words(verdict))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.restyle()

    def is_stale(self) -> bool:
        return is_dark_palette() != self._dark

    def restyle(self) -> None:
        self._dark = is_dark_palette()
        c = colours(self.verdict, self._dark)
        size = "padding: 4px 10px;" if self.large else "padding: 2px 8px;"
        self.setStyleSheet(
            f"QLabel {{ color: {c.text}; background: {c.background}; border: 1px solid "
            f"{c.border}; border-radius: 4px; font-weight: bold; {size} }}"
        )

    def event(self, event: QEvent) -> bool:
        if event.type() in PALETTE_EVENTS and is_dark_palette() != self._dark:
            self.restyle()
        return super().event(event)


def follow_palette(widget: QWidget) -> None:
    """Restyle the badges inside ``widget`` for the palette now in use. A style sheet gives a
    badge its own palette, so a child badge hears of a new application palette only
    through its container."""
    for badge in widget.findChildren(SignatureBadge):
        if badge.is_stale():
            badge.restyle()


def _label(text: str = "", *, selectable: bool = True, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class SignatureRow(QFrame):
    """One signature or document timestamp of the report."""

    details_requested = Signal(int)  # the signature's index (1-based, file order)

    def __init__(self, signature: dict[str, Any], total: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.signature = signature
        words = SignatureWords(self)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        index = int(signature.get("index") or 0)
        verdict = str(signature.get("verdict") or INDETERMINATE)
        kind = words.kind(signature)
        who = signature.get("signer") or "—"

        self.badge = SignatureBadge(verdict, self)
        self.title = _label(f"{kind} {index}/{total}: {who}", bold=True)
        if signature.get("field"):
            self.title.setToolTip(self.tr("Ô chữ ký «{field}»").format(field=signature["field"]))
        lines: list[str] = []
        org = words.organisation(signature)
        # (each label its own tr() call: lupdate does not read calls inside f-strings)
        if org:
            lines.append(self.tr("Cơ quan, tổ chức") + f": {org}")
        if signature.get("kind") == "timestamp":
            lines.append(self.tr("Thời điểm xác nhận") + f": {words.signing_time(signature)}")
        else:
            lines.append(self.tr("Thời điểm ký") + f": {words.signing_time(signature)}")
            lines.append(self.tr("Mức chữ ký") + f": {words.level(signature.get('level'))}")
        self.facts = _label("\n".join(lines))
        self.reason_labels: list[QLabel] = []
        reasons_box = QVBoxLayout()
        reasons_box.setSpacing(2)
        for severity, sentence in reasons(signature):
            glyph = SEVERITY_GLYPHS.get(severity, "•")
            label = _label(f"{glyph} {sentence}")
            label.setAccessibleName(sentence)
            self.reason_labels.append(label)
            reasons_box.addWidget(label)
        self.details_button = QPushButton(self.tr("Chi tiết…"))
        self.details_button.setAccessibleName(self.tr("Chi tiết {kind} {index}").format(
            kind=kind.lower(), index=index))  # fmt: skip
        self.details_button.clicked.connect(lambda: self.details_requested.emit(index))

        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setHorizontalSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        grid.addLayout(top, 0, 0, 1, 2)
        grid.addWidget(self.facts, 1, 0, 1, 2)
        grid.addLayout(reasons_box, 2, 0, 1, 2)
        grid.addWidget(self.details_button, 3, 1, Qt.AlignmentFlag.AlignRight)
        self.setAccessibleName(f"{kind} {index}: {verdict_words(verdict)}, {who}")

    def reason_texts(self) -> list[str]:
        return [label.accessibleName() for label in self.reason_labels]


class SignaturePanel(QWidget):
    """The signatures of the selected document, as the last check found them."""

    recheck_requested = Signal()  # run the check again (the main window does, in the background)
    details_opened = Signal(object)  # the SignatureDetailsDialog just shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = SignatureWords(self)
        self.setAccessibleName(self.tr("Chữ ký số"))
        self.state = NO_FILE
        self._dark = is_dark_palette()
        self._notice_verdict = ""
        self.report: dict[str, Any] | None = None
        self.checked_at = ""
        self.file_sha256 = ""  # the file the report is of
        self.current_sha256: str | None = None  # the document's file now (None: no file)
        self.rows: list[SignatureRow] = []
        self.details_dialog: SignatureDetailsDialog | None = None

        self.overall_badge: SignatureBadge | None = None
        self.badge_slot = QHBoxLayout()
        self.summary = _label(bold=True)
        self.summary.setAccessibleName(self.tr("Kết luận chung"))
        self.recheck_action = QAction(self.tr("Kiểm tra lại"), self)
        self.recheck_action.setShortcut(QKeySequence("Ctrl+Shift+K"))
        self.recheck_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.recheck_action.triggered.connect(self.request_recheck)
        self.addAction(self.recheck_action)
        self.recheck_button = QPushButton(self.tr("Kiểm tra &lại"))
        self.recheck_button.setAccessibleName(self.tr("Kiểm tra lại chữ ký số"))
        self.recheck_button.setToolTip(self.tr("Kiểm tra lại chữ ký số của tệp (Ctrl+Shift+K)"))
        self.recheck_button.clicked.connect(self.request_recheck)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # a spinner: how long a check takes is not known
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setAccessibleName(self.tr("Đang kiểm tra…"))
        self.notice = _label()  # older version, check failed
        self.notice.setAccessibleName(self.tr("Lưu ý"))
        self.status = _label()
        self.status.setAccessibleName(self.tr("Thời điểm kiểm tra"))

        header = QHBoxLayout()
        header.addLayout(self.badge_slot)
        header.addStretch(1)
        header.addWidget(self.recheck_button)
        self.rows_host = QWidget()
        self.rows_layout = QVBoxLayout(self.rows_host)
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(6)
        self.rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.rows_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.notice)  # first: an older version's result is read as such
        layout.addLayout(header)
        layout.addWidget(self.summary)
        layout.addWidget(self.busy)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        self._render()

    # -- what the main window calls ----------------------------------------------------------

    def set_current_file(self, file_sha256: str | None) -> None:
        """The selected document's file now (None or "": it has none). A report of another
        file is then shown as the result of an earlier version."""
        self.current_sha256 = file_sha256 or None
        if self.current_sha256 is None:
            self.report, self.state = None, NO_FILE
        elif self.state == NO_FILE:
            self.state = NOT_CHECKED
        self._render()

    def set_report(
        self, report: dict[str, Any] | None, *, checked_at: str = "", file_sha256: str = ""
    ) -> None:
        """Show a validation report (its JSON form); None: the file was not checked yet."""
        self.report = report if isinstance(report, dict) else None
        self.checked_at = checked_at
        self.file_sha256 = file_sha256
        if self.report is not None:
            self.state = REPORT
            if self.current_sha256 is None and file_sha256:
                self.current_sha256 = file_sha256
        else:
            self.state = NOT_CHECKED if self.current_sha256 else NO_FILE
        self._render()

    def show_document(self, file_sha256: str | None, stored: Any = None) -> None:
        """What the main window calls when a document is selected: its current file (None:
        it has none) and its last stored report (None: never checked), in one step."""
        self.current_sha256 = file_sha256 or None
        self.state = NO_FILE
        self.set_stored_report(stored)

    def set_stored_report(self, stored: Any) -> None:
        """An ``app.signature_checks.StoredReport`` (or None: never checked)."""
        if stored is None:
            self.set_report(None)
            return
        self.set_report(stored.report, checked_at=stored.checked_at, file_sha256=stored.file_sha256)

    def show_checking(self) -> None:
        self.state = CHECKING
        self._render()

    def show_check_failed(self, text: str = "") -> None:
        """The check asked for did not finish: back to what was shown, and say so."""
        self.state = REPORT if self.report is not None else (
            NOT_CHECKED if self.current_sha256 else NO_FILE
        )  # fmt: skip
        self._render()
        message = self.tr("Không kiểm tra được chữ ký số.")
        self._set_notice(f"{message} {text}".strip(), INDETERMINATE)

    def request_recheck(self) -> None:
        if self.state in (NO_FILE, CHECKING):
            return
        self.show_checking()
        self.recheck_requested.emit()

    # -- what tests and the details read -----------------------------------------------------

    @property
    def is_older_version(self) -> bool:
        return bool(
            self.report is not None
            and self.file_sha256
            and self.current_sha256
            and self.file_sha256 != self.current_sha256
        )

    def overall_verdict(self) -> str | None:
        if self.report is None:
            return None
        return UNSIGNED if is_unsigned(self.report) else str(self.report.get("overall") or "")

    def open_details(self, index: int) -> SignatureDetailsDialog | None:
        """Show the details dialog of the signature with this index (non-modal)."""
        signature = next(
            (s for s in (self.report or {}).get("signatures") or [] if s.get("index") == index),
            None,
        )
        if signature is None:
            return None
        if self.details_dialog is not None:
            self.details_dialog.close()
        self.details_dialog = SignatureDetailsDialog(signature, self.report, self)
        self.details_dialog.show()
        self.details_opened.emit(self.details_dialog)
        return self.details_dialog

    # -- drawing -------------------------------------------------------------------------------

    def _set_badge(self, verdict: str | None) -> None:
        if self.overall_badge is not None:
            self.badge_slot.removeWidget(self.overall_badge)
            self.overall_badge.deleteLater()
            self.overall_badge = None
        if verdict:
            self.overall_badge = SignatureBadge(verdict, self, large=True)
            self.badge_slot.addWidget(self.overall_badge)

    def _set_notice(self, text: str, verdict: str = "") -> None:
        self._notice_verdict = verdict
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        if text and verdict:
            c = colours(verdict, self._dark)
            self.notice.setStyleSheet(
                f"QLabel {{ color: {c.text}; background: {c.background}; border: 1px solid "
                f"{c.border}; border-radius: 4px; padding: 4px 8px; }}"
            )
        else:
            self.notice.setStyleSheet("")

    def _clear_rows(self) -> None:
        for row in self.rows:
            self.rows_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []

    def _render(self) -> None:
        self._dark = is_dark_palette()
        self._clear_rows()
        self._set_notice("")
        self.busy.setVisible(self.state == CHECKING)
        self.recheck_button.setEnabled(self.state not in (NO_FILE, CHECKING))
        self.recheck_action.setEnabled(self.recheck_button.isEnabled())
        self.status.setText("")
        if self.state == NO_FILE:
            self._set_badge(None)
            self.summary.setText(self.tr("Văn bản chưa có tệp để kiểm tra chữ ký số."))
            return
        if self.state == NOT_CHECKED:
            self._set_badge(None)
            self.summary.setText(self.tr("Chưa kiểm tra chữ ký số của tệp này."))
            return
        if self.state == CHECKING:
            self.summary.setText(self.tr("Đang kiểm tra…"))
            if self.report is None:
                self._set_badge(None)
                return
        report = self.report or {}
        verdict = self.overall_verdict() or INDETERMINATE
        if self.state != CHECKING:
            self._set_badge(verdict)
            self.summary.setText(self._summary_text(report))
        if self.is_older_version:
            self._set_notice(
                self.tr(
                    "Kết quả kiểm tra của phiên bản trước: tệp hiện tại chưa được kiểm tra "
                    "(bấm «Kiểm tra lại»)."
                ),
                "valid_with_warnings",
            )
        at = self.checked_at or report.get("validated_at") or ""
        mode = self.tr("trực tuyến") if report.get("online") else self.tr("ngoại tuyến")
        self.status.setText(
            self.tr("Kiểm tra lúc {time} ({mode})").format(time=when(at), mode=mode)
        )
        signatures = [s for s in report.get("signatures") or [] if isinstance(s, dict)]
        for signature in signatures:
            row = SignatureRow(signature, len(signatures), self.rows_host)
            row.details_requested.connect(self.open_details)
            self.rows_layout.insertWidget(self.rows_layout.count() - 1, row)
            self.rows.append(row)

    def _summary_text(self, report: dict[str, Any]) -> str:
        problems = [p for p in report.get("problems") or [] if isinstance(p, dict)]
        if not report.get("signatures"):
            if problems:  # no signature, a damaged file…: the words of `vanthu verify`
                return " ".join(finding_sentence(p) for p in problems)
            return self.tr("Văn bản không có chữ ký số.")
        return self.words.summary(report)

    def event(self, event: QEvent) -> bool:
        if event.type() in PALETTE_EVENTS:
            follow_palette(self)
            if is_dark_palette() != self._dark:
                self._dark = is_dark_palette()
                self._set_notice(self.notice.text(), self._notice_verdict)
        return super().event(event)


__all__ = ["CHECKING", "NOT_CHECKED", "NO_FILE", "REPORT", "SignatureBadge", "SignaturePanel",
           "SignatureRow", "follow_palette"]  # fmt: skip
