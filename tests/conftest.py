"""Shared fixtures: real workspaces in temporary folders, real PDFs made with reportlab."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from app.clock import VN_TZ, fixed_clock
from app.documents import DocumentService
from app.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the repository (CI has it); a test whose sample is missing fails
EDXML_SAMPLES = ROOT.parent / "shared" / "samples" / "edxml"
# Qt widgets in the tests draw offscreen (make test sets it too; this keeps a bare pytest run
# from aborting on a machine without a display)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
NOW = dt.datetime(2026, 11, 26, 9, 30, tzinfo=VN_TZ)


@pytest.fixture(scope="session")
def _cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the session (converted fonts): never the user's ~/.cache."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _no_user_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, _cache_dir: Path) -> None:
    """Tests never touch the real user data folder or cache."""
    monkeypatch.setenv("VANTHU_HOME", str(tmp_path / "default-home"))
    monkeypatch.setenv("VANTHU_CACHE_DIR", str(_cache_dir))
    monkeypatch.setenv("VANTHU_USER", "vanthu-test")
    monkeypatch.setenv("VANTHU_LANG", os.environ.get("VANTHU_TEST_LANG", "vi"))


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory):
    """SoftHSM2 tokens with keys made on them and the certomancer test PKI
    (tests/signing/conftest.py), one set for the whole session: the signing tests and the
    window's tests sign with the same tokens."""
    from tests.signing.conftest import softhsm_tokens

    yield from softhsm_tokens(tmp_path_factory)


@pytest.fixture
def pki_online(softhsm):
    """The test PKI's TSA, OCSP and CRLs served on 127.0.0.1 for the test."""
    softhsm.pki.start()
    return softhsm.pki


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    ws = Workspace.create(
        tmp_path / "ws",
        "000.00.00.H29",
        "Ủy ban nhân dân tỉnh Đắk Lắk",
        "UBND",
        clock=fixed_clock(NOW),
    )
    yield ws
    ws.close()


@pytest.fixture
def tamper(workspace: Workspace) -> sqlite3.Connection:
    """A connection of an outside program editing the database behind the application's
    back (the application's own connections never write outside its store writer)."""
    conn = sqlite3.connect(workspace.paths.db, isolation_level=None)
    yield conn
    conn.close()


@pytest.fixture
def documents(workspace: Workspace) -> DocumentService:
    return DocumentService(workspace)


def make_pdf(path: Path, lines: list[str], pages: int = 1) -> Path:
    """A real PDF with Vietnamese text (Liberation Serif embedded)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from app.fonts import register_fonts

    family = register_fonts()
    c = canvas.Canvas(str(path), pagesize=A4)
    for page in range(pages):
        c.setFont(family, 13)
        y = 800
        for line in lines:
            c.drawString(60, y, line)
            y -= 20
        c.drawString(60, 40, f"Trang {page + 1}")
        c.showPage()
    c.save()
    return path


@pytest.fixture
def pdf_file(tmp_path: Path) -> Path:
    return make_pdf(
        tmp_path / "van-ban.pdf",
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "QUYẾT ĐỊNH",
            "Về việc phê duyệt kế hoạch phòng chống lụt bão huyện Krông Pắc",
        ],
    )


@pytest.fixture
def signature_checker():
    """The signing room's signature checker, installed as `vanthu` and the window install it
    through the plug-in hook (documents get their signatures checked; sending needs it), and
    the one before put back after."""
    from app import signature_checks
    from signing.checker import WorkspaceSignatureChecker

    before = signature_checks._factory
    signature_checks.register_checker(WorkspaceSignatureChecker)
    yield
    signature_checks.register_checker(before)
