"""What the keyboard tests share: the shortcuts live in a window at this moment (as Qt's
shortcut map decides it: enabled, visible, in context), the chain Tab walks in a dialog,
and a workspace with every kind of document the main window's views show (incoming ones,
a draft with its PDF, issued ones, two sent over a configured axis)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QWidget,
)

PORTABLE = QKeySequence.SequenceFormat.PortableText
AGENCIES = [
    {"organ_id": "000.00.00.G22", "name": "Văn phòng Chính phủ"},
    {"organ_id": "000.00.00.G18", "name": "Bộ Y tế"},
    {"organ_id": "000.00.32.H29", "name": "Sở Y tế tỉnh Đắk Lắk"},
]


@dataclass(frozen=True, order=True)
class Live:
    """One shortcut Qt would consider for a key press now."""

    keys: str  # PortableText, e.g. "Ctrl+Shift+R"
    owner: str  # what it belongs to, in words for a failure message


def _in_context(widget: QWidget, context: Qt.ShortcutContext, window: QWidget) -> bool:
    """Qt's correctWidgetContext: visible, enabled, and the context holds."""
    if not widget.isVisible() or not widget.isEnabled():
        return False
    if context == Qt.ShortcutContext.ApplicationShortcut:
        return True
    if widget.window() is not window:
        return False
    focus = QApplication.focusWidget()
    if context == Qt.ShortcutContext.WidgetShortcut:
        return focus is widget
    if context == Qt.ShortcutContext.WidgetWithChildrenShortcut:
        return focus is not None and (focus is widget or widget.isAncestorOf(focus))
    return True  # WindowShortcut


def _name(obj: object) -> str:
    text = ""
    if isinstance(obj, QAction | QAbstractButton | QLabel):
        text = obj.text().replace("&", "")
    parent = obj.parent() if hasattr(obj, "parent") else None
    where = type(parent).__name__ if parent is not None else "-"
    return f"{type(obj).__name__} «{text}» in {where}"


def live_shortcuts(window: QWidget) -> list[Live]:
    """Every shortcut of ``window`` Qt would match a key press against now: enabled,
    visible QActions whose widgets are in context, enabled QShortcuts whose parent is, and
    the buttons' own shortcuts (an explicit one or the mnemonic of their text)."""
    found: list[Live] = []
    for action in window.findChildren(QAction):
        if not action.isEnabled() or not action.isVisible():
            continue
        widgets = [w for w in action.associatedObjects() if isinstance(w, QWidget)]
        if not any(_in_context(w, action.shortcutContext(), window) for w in widgets):
            continue
        found += [Live(k.toString(PORTABLE), _name(action)) for k in action.shortcuts()]
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if not shortcut.isEnabled() or not isinstance(parent, QWidget):
            continue
        if _in_context(parent, shortcut.context(), window):
            keys = shortcut.keys()  # a QShortcut's key sequences (not a mapping)
            found += [Live(k.toString(PORTABLE), _name(shortcut)) for k in keys]
    for button in window.findChildren(QAbstractButton):
        keys = button.shortcut()
        if not keys.isEmpty() and _in_context(button, Qt.ShortcutContext.WindowShortcut, window):
            found.append(Live(keys.toString(PORTABLE), _name(button)))
    return [f for f in found if f.keys]


def conflicts(window: QWidget) -> dict[str, list[str]]:
    """The key sequences two or more live shortcuts share (Qt fires none of them)."""
    by_keys: dict[str, list[str]] = {}
    for live in live_shortcuts(window):
        by_keys.setdefault(live.keys, []).append(live.owner)
    return {keys: owners for keys, owners in by_keys.items() if len(owners) > 1}


def focus_in(qtbot: Any, widget: QWidget) -> None:
    """The keyboard focus given to ``widget`` in its active window, and waited for: a busy
    machine may activate the window (and so move the focus) an event loop turn later."""
    from tests.ui.axis_desks import wait_for

    window = widget.window()
    window.activateWindow()
    wait_for(qtbot, lambda: QApplication.activeWindow() is window)
    widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def inside() -> bool:
        focus = QApplication.focusWidget()
        return focus is widget or (focus is not None and widget.isAncestorOf(focus))

    wait_for(qtbot, inside)


def pressed_tab_chain(qtbot: Any, start: QWidget, stop: QWidget, limit: int = 60) -> list:
    """The widgets the focus really moves to as Tab is pressed, from ``start`` until
    ``stop`` (or ``limit`` presses)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    chain = [QApplication.focusWidget()]
    for _ in range(limit):
        if chain[-1] is stop:
            break
        qtbot.keyClick(chain[-1], Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is not chain[-1]:  # a date's day, month, year: one field Tab walks through
            chain.append(now)
    return chain


def labelled(widget: QWidget) -> bool:
    """A label points at it (its buddy) or it has an accessible name: a screen reader
    says what the field is."""
    if widget.accessibleName():
        return True
    if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
        return True
    return any(label.buddy() is widget for label in widget.window().findChildren(QLabel))


def keyboard_workspace(home: Path) -> dict[str, int]:
    """Incoming documents, a draft with its PDF, issued outgoing documents and two of them
    sent (queued) over an axis the workspace is configured for (nobody listens there: the
    sync worker stays offline). The ids by what they are."""
    from app.desk import Desk
    from app.documents import DocumentService
    from app.drafts import OutgoingDraft
    from app.model import Direction
    from app.search import SearchFilters
    from app.workspace import Workspace
    from sync.desk import ExchangeDesk
    from sync.store import directory
    from tests.conftest import make_pdf
    from tests.ui.conftest import fill_workspace

    fill_workspace(home, incoming=6, outgoing=0)
    ws = Workspace(home)
    desk = Desk(ws)
    try:
        ws.set_settings({"axis_sync_seconds": "3600"}, test="keyboard")
        ExchangeDesk(ws).configure("http://127.0.0.1:9/", "000.00.00.H29", "secret")
        ws.write(lambda c: directory.replace_all(c, AGENCIES))
        service = DocumentService(ws)
        issued = []
        for n in range(1, 4):
            subject = f"V/v báo cáo số {n}"
            pdf = make_pdf(home.parent / f"cv-{n}.pdf", ["CÔNG VĂN", subject])
            draft = OutgoingDraft.build(doc_type_value="CV", unit="VP", subject=subject,
                                        file=pdf, signer="Nguyễn Văn An")  # fmt: skip
            issued.append(service.register_outgoing(draft).id)
        for doc_id in issued[:2]:
            ExchangeDesk(ws).send(doc_id, ["000.00.00.G22"], allow_unsigned=True)
        pdf = make_pdf(home.parent / "du-thao.pdf", ["QUYẾT ĐỊNH", "Về việc phê duyệt đề án"])
        draft = desk.draft(
            OutgoingDraft.build(
                doc_type_value="QĐ", subject="Về việc phê duyệt đề án", signer="Nguyễn Văn A",
                position="CHỦ TỊCH", file=pdf,
            )
        )  # fmt: skip
        incoming, _ = service.list(SearchFilters(direction=Direction.INCOMING), limit=1)
        return {"draft": draft.id, "sent": issued[0], "issued": issued[2],
                "incoming": incoming[0].id}  # fmt: skip
    finally:
        desk.close()


# -- the main window driven by keys --------------------------------------------------------------

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def keyboard_window(qtbot: Any, home: Path) -> Iterator[tuple[Any, dict[str, int]]]:
    """For a fixture: the main window on ``keyboard_workspace(home)``, and its ids."""
    from tests.ui.axis_desks import close_window, open_window

    ids = keyboard_workspace(home)
    window = open_window(qtbot, home)
    window.activateWindow()
    try:
        yield window, ids
    finally:
        for dialog in window.findChildren(QDialog):
            dialog.close()
        close_window(window)


def panel(window: Any) -> Any:
    """The detail pane's outgoing actions (issue, send, take back, update, replace)."""
    from ui.outgoing_panel import OutgoingActions

    return window.detail.findChild(OutgoingActions)


def show(qtbot: Any, window: Any, view: str, document_id: int) -> None:
    """``document_id`` selected in ``view``, the detail pane's actions read for it, and the
    keyboard in the view's table."""
    from tests.ui.axis_desks import wait_for
    from ui.main_window import VIEW_KEYS

    window.navigation.setCurrentRow(VIEW_KEYS.index(view))
    shown = window.view_widgets[view]
    wait_for(qtbot, lambda: any(r.id == document_id for r in shown.model.rows))
    assert shown.select_document(document_id)
    work = window.detail.incoming.work
    wait_for(
        qtbot,
        lambda: (
            window.detail.detail is not None
            and window.detail.detail.document.id == document_id
            and (work.document is not None and work.document.id == document_id)
            and (view == "incoming" or panel(window).document is not None)
        ),
    )
    shown.focus_table()


def press(qtbot: Any, window: Any, key: Qt.Key, modifiers: Any = CTRL_SHIFT) -> None:
    """A key pressed in the main window once it is the active one again (offscreen, no
    window manager gives it back when a dialog closes)."""
    from tests.ui.axis_desks import wait_for

    window.activateWindow()
    wait_for(qtbot, lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifiers)


def active(qtbot: Any, dialog: Any) -> Any:
    """Wait until ``dialog`` is the active window; the widget with the keyboard focus."""
    from tests.ui.axis_desks import wait_for

    wait_for(qtbot, lambda: QApplication.activeWindow() is dialog)
    return QApplication.focusWidget()
