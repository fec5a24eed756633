"""The duplicate warning (ND30 appendix VI: the system warns on duplicates): before an incoming
document is registered, the registered documents it seems to repeat, each with its arrival
number, number and symbol, issuer, date, and why it matched. The clerk registers anyway
("Vẫn vào sổ": the history records which documents it repeats) or does not ("Không vào sổ",
the default, and what Escape does)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.messages import MATCH_REASONS, language
from ui.register_work import DuplicateRow

FITS = 3  # matches shown without a scroll bar


def reason_words(reason: str) -> str:
    """Why a registered document matched, in the user's language (app/messages)."""
    pair = MATCH_REASONS.get(reason)
    if pair is None:
        return reason
    return pair[1] if language() == "en" else pair[0]


def display_date(iso: str) -> str:
    """2026-11-20 → 20/11/2026 (as dates are written on paper)."""
    if len(iso) == 10 and iso[4] == "-" and iso[7] == "-":
        return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"
    return iso


class DuplicateDialog(QDialog):
    """Explains what matched; ``accepted``: register anyway, ``rejected``: do not."""

    def __init__(self, rows: list[DuplicateRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = rows
        self.setWindowTitle(self.tr("Văn bản có thể đã được vào sổ"))
        self.setAccessibleName(self.windowTitle())
        self.setModal(True)
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("Văn bản này giống %n văn bản đã vào sổ đến:", "", len(rows)))
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)

        self.cards: list[QLabel] = []
        holder = QWidget()
        stack = QVBoxLayout(holder)
        stack.setContentsMargins(0, 0, 0, 0)
        for row in rows:
            card = QLabel(self.card_html(row))
            card.setTextFormat(Qt.TextFormat.RichText)
            card.setWordWrap(True)
            card.setFrameShape(QFrame.Shape.StyledPanel)
            card.setMargin(8)
            card.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            card.setAccessibleName(" ".join(self.cells(row)))
            card.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            stack.addWidget(card)
            self.cards.append(card)
        holder.setAccessibleName(self.tr("Các văn bản đã vào sổ bị trùng"))
        if len(rows) <= FITS:
            layout.addWidget(holder)
        else:  # many: they scroll
            stack.addStretch(1)
            scroll = QScrollArea()
            scroll.setWidget(holder)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setMinimumHeight(380)
            layout.addWidget(scroll, 1)

        explain = QLabel(
            self.tr(
                "Nếu đây đúng là văn bản đã nhận, chọn «Không vào sổ». Nếu vẫn vào sổ, lịch sử"
                " của văn bản mới sẽ ghi lại rằng nó được vào sổ dù trùng với các văn bản trên."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)

        buttons = QDialogButtonBox()
        self.force_button = QPushButton(self.tr("&Vẫn vào sổ"))
        self.force_button.setAccessibleName(self.tr("Vẫn vào sổ"))
        self.force_button.setAutoDefault(False)
        self.cancel_button = QPushButton(self.tr("&Không vào sổ"))
        self.cancel_button.setAccessibleName(self.tr("Không vào sổ"))
        self.cancel_button.setDefault(True)
        buttons.addButton(self.force_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.cancel_button.setFocus()
        self.setMinimumWidth(640)
        self.resize(700, self.heightForWidth(700) if self.hasHeightForWidth() else 10)

    def cells(self, row: DuplicateRow) -> list[str]:
        """Arrival number, number and symbol, issuer, date, why (tests read them)."""
        doc, match = row.document, row.match
        why = "; ".join(reason_words(r) for r in (row.reasons or (match.reason,)))
        if doc is None:
            return [str(match.number or ""), match.notation, "", "", why]
        arrival = f"{doc.number}/{doc.year}" if doc.number is not None else ""
        issuer = f"{doc.issuer_name} ({doc.issuer_id})" if doc.issuer_id else doc.issuer_name
        return [arrival, doc.notation or match.notation, issuer, display_date(doc.issued_date), why]

    def card_html(self, row: DuplicateRow) -> str:
        arrival, notation, issuer, date, why = (html.escape(c) for c in self.cells(row))
        lines = [
            "<b>" + self.tr("Số đến %1").replace("%1", arrival) + f"</b> — {notation}"
            + (", " + self.tr("ngày %1").replace("%1", date) if date else ""),
        ]  # fmt: skip
        if issuer:
            lines.append(self.tr("Cơ quan ban hành: %1").replace("%1", issuer))
        if row.document is not None and row.document.subject:
            subject = html.escape(row.document.subject)
            lines.append(self.tr("Trích yếu: %1").replace("%1", subject))
        lines.append("<b>" + self.tr("Trùng vì: %1").replace("%1", why) + "</b>")
        return "<br>".join(lines)

    def texts(self) -> list[list[str]]:
        return [self.cells(row) for row in self.rows]


__all__ = ["DuplicateDialog", "display_date", "reason_words"]
