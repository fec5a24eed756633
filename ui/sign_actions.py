"""The official's "Ký duyệt" in the main window: the tool-bar actions (Ctrl+K signs the
document shown, or the rows selected in Drafts & To sign; Ctrl+Alt+K every draft waiting),
the detail pane's button, and what follows a signature: the rows read again in place, the
detail pane showing the new version (its preview with the stamp) and its signatures checked.

Enabled for outgoing documents that are drafts or approved (a second signature), not
cancelled, with a file — the rule of ``app.outgoing.check_signable``; the desk checks it again
for each document, so a stale list fails that document alone, in words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QPushButton, QToolBar, QWidget

from app.model import Direction
from app.search import SearchFilters

SIGN_SHORTCUT = "Ctrl+K"
SIGN_ALL_SHORTCUT = "Ctrl+Alt+K"
SIGNABLE_STATUSES = ("draft", "approved")


def signable(doc: Any) -> bool:
    """Whether the official may sign it (app.outgoing.check_signable, without raising)."""
    return bool(
        doc is not None
        and doc.direction is Direction.OUTGOING
        and not doc.cancelled
        and doc.status in SIGNABLE_STATUSES
        and doc.file_sha256
    )


def waiting_drafts(desk: Any) -> list[int]:
    """On the I/O pool: every draft not yet signed, in register order."""
    filters = SearchFilters(
        direction=Direction.OUTGOING, statuses=("draft",), include_cancelled=False
    )
    return [int(i) for i in desk.ordered_ids(filters, "register", False)]


class SignBar(QWidget):
    """The detail pane's "Ký duyệt…" button, shown for a document the official may sign."""

    sign_requested = Signal(int)

    def __init__(self, pane: Any) -> None:
        super().__init__(pane)
        self.pane = pane
        self.button = QPushButton(self.tr("Ký duyệt…"))
        self.button.setAccessibleName(self.tr("Ký duyệt văn bản này"))
        self.button.setToolTip(self.tr("Ký duyệt văn bản bằng thiết bị ký số (Ctrl+K)"))
        self.button.clicked.connect(self._clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addStretch(1)
        self.setVisible(False)
        pane.loaded.connect(self._loaded)

    def _loaded(self, _document_id: int) -> None:
        detail = self.pane.detail
        self.setVisible(signable(detail.document if detail else None))

    def _clicked(self) -> None:
        if self.pane.detail is not None:
            self.sign_requested.emit(self.pane.detail.document.id)


def add_sign_bar(pane: Any) -> SignBar:
    """What the detail pane calls to get its sign button (one line there)."""
    return SignBar(pane)


class SignActions(QObject):
    """The sign actions of a main window and what happens after a signature."""

    dialog_opened = Signal(object)  # the SignDialog (tests drive it)

    def __init__(self, window: Any, bar: QToolBar) -> None:
        super().__init__(window)
        self.window = window
        self.dialog: Any = None
        self._recheck_for: int | None = None
        self.sign_action = window._action(
            self.tr("Ký duyệt…"), SIGN_SHORTCUT, self.sign_selected,
            self.tr("Ký duyệt văn bản đang xem, hoặc các dự thảo đang chọn, bằng thiết bị ký số"),
        )  # fmt: skip
        self.sign_all_action = window._action(
            self.tr("Ký các dự thảo…"), SIGN_ALL_SHORTCUT, self.sign_all_drafts,
            self.tr("Ký duyệt mọi dự thảo đang chờ ký bằng một lần nhập mã PIN"),
        )  # fmt: skip
        self.sign_action.setEnabled(False)
        self.sign_all_action.setEnabled(False)
        bar.addAction(self.sign_action)
        bar.addAction(self.sign_all_action)
        drafts = window.view_widgets.get("drafts")
        if drafts is not None:  # several drafts may be chosen for one PIN entry
            drafts.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            drafts.model.modelReset.connect(self._update)
        self.sign_bar: SignBar | None = getattr(window.detail, "sign_bar", None)
        if self.sign_bar is not None:
            self.sign_bar.sign_requested.connect(lambda i: self.open_dialog([i]))
        window.detail.loaded.connect(self._detail_loaded)
        window.navigation.currentRowChanged.connect(lambda _r: self._update())
        window.opened.connect(self._update)
        self._watched: set[int] = set()

    # -- which documents ---------------------------------------------------------------------------

    def selected_drafts(self) -> list[int]:
        """The rows selected in Drafts & To sign when that view is shown."""
        drafts = self.window.view_widgets.get("drafts")
        if drafts is None or self.window.current_view() is not drafts:
            return []
        selection = drafts.table.selectionModel()
        if selection is None:
            return []
        rows = sorted(index.row() for index in selection.selectedRows())
        ids = [drafts.model.id_at(r) for r in rows]
        return [i for i in ids if i is not None]

    def shown_document(self) -> int | None:
        detail = self.window.detail.detail
        if detail is None or self.window.detail.document_id != detail.document.id:
            return None
        return detail.document.id if signable(detail.document) else None

    def targets(self) -> list[int]:
        selected = self.selected_drafts()
        if len(selected) > 1:
            return selected
        shown = self.shown_document()
        return [shown] if shown is not None else []

    def _update(self) -> None:
        is_open = self.window.session.is_open
        self._watch_selection()
        self.sign_action.setEnabled(is_open and bool(self.targets()))
        self.sign_all_action.setEnabled(is_open)

    def _watch_selection(self) -> None:
        drafts = self.window.view_widgets.get("drafts")
        selection = drafts.table.selectionModel() if drafts is not None else None
        if selection is not None and id(selection) not in self._watched:
            self._watched.add(id(selection))
            selection.selectionChanged.connect(lambda *_a: self._update())

    # -- signing -----------------------------------------------------------------------------------

    def sign_selected(self) -> None:
        ids = self.targets()
        if ids:
            self.open_dialog(ids)

    def sign_all_drafts(self) -> None:
        session = self.window.session
        if not session.is_open:
            return
        session.tasks.run(
            waiting_drafts, session.desk, on_done=self._drafts_read,
            label=self.tr("Tìm dự thảo chờ ký"),
        )  # fmt: skip

    def _drafts_read(self, ids: list[int]) -> None:
        if not ids:
            self.window.statusBar().showMessage(self.tr("Không có dự thảo nào chờ ký."), 8000)
            return
        self.open_dialog(ids)

    def open_dialog(self, ids: list[int]) -> Any:
        from ui.sign_dialog import SignDialog

        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            self.dialog.activateWindow()
            return self.dialog
        dialog = SignDialog(self.window.session, ids, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signed.connect(self.after_signing)
        dialog.destroyed.connect(lambda *_a: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        dialog.start()
        self.dialog_opened.emit(dialog)
        return dialog

    # -- after a signature -------------------------------------------------------------------------

    def after_signing(self, ids: list[int]) -> None:
        """The rows read again in place; the detail pane shows the new version if it was
        showing one of them, and its signatures are checked."""
        window, session = self.window, self.window.session
        shown = window.detail.document_id
        if shown in ids:
            self._recheck_for = shown
            window.detail.show_document(shown)
        models = [getattr(v, "model", None) for v in window.view_widgets.values()]
        models = [m for m in models if hasattr(m, "update_rows")]
        session.tasks.run(
            session.desk.rows, list(ids),
            on_done=lambda rows: [m.update_rows(rows) for m in models],
            label=self.tr("Đọc sổ"),
        )  # fmt: skip

    def _detail_loaded(self, document_id: int) -> None:
        self._update()
        if document_id != self._recheck_for:
            return
        from ui.signatures import NOT_CHECKED

        panel = self.window.detail.signatures
        if panel.state == NOT_CHECKED:
            panel.request_recheck()
        else:
            self._recheck_for = None


__all__ = ["SIGN_SHORTCUT", "SignActions", "SignBar", "add_sign_bar", "signable", "waiting_drafts"]
