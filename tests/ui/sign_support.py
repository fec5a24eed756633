"""What the sign tests share: a workspace with drafts (real PDFs with the signer's title on
them) that trusts the test PKI, the main window opened on "Drafts & To sign", and helpers to
drive the sign dialog as the official does (real SoftHSM tokens from tests/signing; the
drafts themselves are tests/signing/drafts.py's, as the signing tests make them)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from tests.conftest import NOW
from tests.signing.drafts import new_draft

WAIT = 60_000  # ms: generous for a loaded 2-core machine; the waits end as soon as done
SHOTS = Path(os.environ.get("VANTHU_UI_SHOTS", "")) if os.environ.get("VANTHU_UI_SHOTS") else None


@dataclass(frozen=True)
class Drafts:
    home: Path
    ids: list[int]
    originals: dict[int, str]  # document id → SHA-256 of its draft file


def make_drafts(home: Path, count: int, root_der: bytes, *, demo: bool = False) -> Drafts:
    """A workspace with ``count`` drafts to sign, trusting the test PKI's root (``demo``: marked
    as the demo's workspace, as app/demo.py marks it)."""
    from app.clock import fixed_clock
    from app.desk import Desk
    from app.workspace import Workspace
    from signing import TrustStore

    ws = Workspace.create(home, "000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND",
                          clock=fixed_clock(NOW))  # fmt: skip
    TrustStore.load(home).add(root_der, anchor=True)
    if demo:
        ws.set_settings({"demo": "1"})
    desk = Desk(ws)
    ids, originals = [], {}
    try:
        for n in range(1, count + 1):
            doc = new_draft(desk, home.parent, n)
            ids.append(doc.id)
            originals[doc.id] = doc.file_sha256
    finally:
        desk.close()
    return Drafts(home, ids, originals)


@contextmanager
def open_window(
    qtbot: Any, home: Path, monkeypatch: pytest.MonkeyPatch, *, offline: bool = True
) -> Iterator[Any]:
    """The main window on "Drafts & To sign", the workspace open and its first rows shown
    (``offline``: signature checks use the file's own data, no network)."""
    from ui.main_window import MainWindow
    from ui.session import DeskSession

    if offline:
        monkeypatch.setenv("VANTHU_OFFLINE", "1")
    else:
        monkeypatch.delenv("VANTHU_OFFLINE", raising=False)
    session = DeskSession(home)
    session.errors.dialogs = False
    window = MainWindow(session, start_view="drafts")
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=WAIT):
        session.open()
    try:
        yield window
    finally:
        dialog = window.sign_actions.dialog
        if dialog is not None:
            qtbot.waitUntil(lambda: not dialog.running(), timeout=WAIT)
            dialog.close()
        window.close()
        session.close()


def wait_ready_to_type(qtbot: Any, dialog: Any, token: str = "VT-CANHAN") -> None:
    """Documents read, page drawn, tokens found, the official's token chosen and its PIN
    state read."""
    qtbot.waitUntil(lambda: dialog.picker.setup is not None and bool(dialog.docs)
                    and dialog.placement_ready, timeout=WAIT)  # fmt: skip
    if dialog.picker.current() is None or dialog.picker.current().info.label != token:
        assert dialog.picker.select_token(token), [c.info.label for c in dialog.picker.setup.tokens]
    qtbot.waitUntil(lambda: dialog.pin.mode != "reading" and dialog.pin.state is not None,
                    timeout=WAIT)  # fmt: skip


def type_pin_and_sign(qtbot: Any, dialog: Any, pin: str) -> None:
    from PySide6.QtCore import Qt

    dialog.pin.field.clear()
    qtbot.keyClicks(dialog.pin.field, pin)
    assert dialog.sign_button.isEnabled()
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)


def shots_dir(tmp_path: Path) -> Path:
    folder = SHOTS or tmp_path / "shots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(widget: QWidget, path: Path) -> None:
    QApplication.processEvents()
    assert widget.grab().save(str(path)), path
    assert path.stat().st_size > 2000  # something was drawn


def document(home: Path, document_id: int) -> Any:
    """The document as the store holds it now (a reader of its own)."""
    from app.workspace import Workspace

    ws = Workspace(home)
    try:
        from app.documents import DocumentService

        svc = DocumentService(ws)
        return (
            svc.get(document_id),
            list(svc.versions(document_id)),
            ws.blobs.path_for(svc.get(document_id).file_sha256),
        )
    finally:
        ws.close()


def save_light_and_dark(qapp: Any, widget: QWidget, folder: Path, name: str) -> None:
    """``name``-light.png and ``name``-dark.png (the dark palette as VANTHU_THEME=dark sets
    it), the application's palette and style restored after."""
    from ui.application import apply_theme

    save(widget, folder / f"{name}-light.png")
    style, palette = qapp.style().name(), qapp.palette()
    assert apply_theme(qapp, "dark") == "dark"
    QApplication.processEvents()
    try:
        save(widget, folder / f"{name}-dark.png")
    finally:
        qapp.setStyle(style)
        qapp.setPalette(palette)
        QApplication.processEvents()
