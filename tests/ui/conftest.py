"""Real Qt widgets offscreen (pytest-qt) over real workspaces."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def fill_workspace(home: Path, incoming: int = 30, outgoing: int = 12) -> Path:
    """A workspace with incoming and outgoing documents (metadata; a few with PDFs)."""
    from app.clock import fixed_clock
    from app.documents import DocumentService
    from app.drafts import OutgoingDraft
    from app.sample_data import SampleGenerator
    from app.workspace import Workspace
    from tests.conftest import NOW, make_pdf

    ws = Workspace.create(home, "000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND",
                          clock=fixed_clock(NOW))  # fmt: skip
    svc = DocumentService(ws)
    gen = SampleGenerator(seed=11)
    lines = []
    for n in range(1, incoming + 1):
        d = gen.document(NOW.date() - dt.timedelta(days=n))
        lines.append(
            (n, {"from_org_id": d.from_org_id, "from_org_name": d.from_org_name,
                 "code_number": d.code_number, "code_notation": d.code_notation,
                 "issued_date": d.issued_date.isoformat(), "doc_type": d.doc_type,
                 "subject": d.subject, "signer": d.signer, "urgency": d.urgency})
        )  # fmt: skip
    lines[0][1]["subject"] = "Kế hoạch phòng, chống lụt bão năm 2027 trên địa bàn tỉnh"
    lines[0][1]["file"] = str(make_pdf(home.parent / "lut-bao.pdf", ["KẾ HOẠCH", "lụt bão"]))
    svc.import_incoming(lines)
    for n in range(1, outgoing + 1):
        svc.register_outgoing(
            OutgoingDraft.build(doc_type_value="CV", unit="VP", subject=f"V/v báo cáo số {n}")
        )
    ws.close()
    return home


@pytest.fixture
def filled_home(tmp_path: Path) -> Path:
    return fill_workspace(tmp_path / "ws")


@pytest.fixture
def window(qtbot, filled_home: Path) -> Iterator[object]:
    from ui.main_window import MainWindow
    from ui.session import DeskSession

    session = DeskSession(filled_home)
    session.errors.dialogs = False
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.resize(1440, 900)
    win.show()
    with qtbot.waitSignal(win.ready, timeout=30_000):
        session.open()
    yield win
    win.close()
    session.close()


@pytest.fixture
def desk(qtbot, tmp_path: Path, softhsm, monkeypatch) -> Iterator[tuple[object, dict[str, int]]]:
    """The window on the keyboard workspace (tests/ui/keyboard.py), the axis secret in a file
    (no OS keyring here); ``softhsm``: the sign dialog and the settings look for tokens, and
    SoftHSM must read the tests' configuration before anything loads it."""
    from tests.ui.keyboard import keyboard_window

    monkeypatch.setenv("VANTHU_SECRET_STORE", "file")
    yield from keyboard_window(qtbot, tmp_path / "ws")
