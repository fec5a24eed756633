from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from app.documents import DocumentService
from app.drafts import IncomingDraft
from app.texts import TextIndexer, text_of
from tests.conftest import ROOT, make_pdf


def _draft(file: Path, n: int = 1) -> IncomingDraft:
    return IncomingDraft.from_mapping(
        {
            "from_org_id": "000.00.00.G22",
            "from_org_name": "Văn phòng Chính phủ",
            "code_number": str(n),
            "code_notation": "CV-VPCP",
            "issued_date": "2026-11-20",
            "doc_type": "CV",
            "subject": "Về việc đề nghị hỗ trợ",
            "file": str(file),
        },
        today=dt.date(2026, 11, 26),
    )


def test_text_is_extracted_after_registering(documents: DocumentService, tmp_path: Path):
    pdf = make_pdf(
        tmp_path / "a.pdf", ["Ủy ban nhân dân xã Ea Kao", "Đề nghị cấp kinh phí"], pages=3
    )
    doc = documents.register_incoming(_draft(pdf))
    indexer = TextIndexer(documents.ws)
    assert indexer.pending() == [doc.id]
    assert indexer.run().done == 1
    text = text_of(documents.conn, doc.id)
    assert "Đề nghị cấp kinh phí" in text and "Trang 3" in text
    assert indexer.pending() == [] and indexer.run().done == 0


def test_a_pdf_pdfium_cannot_read_later_stays_registered(
    documents: DocumentService, tmp_path: Path
):
    pdf = make_pdf(tmp_path / "a.pdf", ["Nội dung"])
    doc = documents.register_incoming(_draft(pdf))
    documents.ws.blobs.path_for(doc.file_sha256).write_bytes(b"damaged on disk")
    run = TextIndexer(documents.ws).run()
    assert (run.done, run.failed, run.pending) == (0, 1, 0)
    assert documents.get(doc.id).number == 1


def test_large_files_are_read_in_the_background(tmp_path: Path):
    """The CLI prints the arrival number without waiting; a background process reads the
    file and the word becomes searchable (the size limit is lowered so a small PDF counts
    as large)."""
    env = {**os.environ, "VANTHU_INLINE_TEXT_MAX_BYTES": "100", "PYTHONPATH": str(ROOT)}
    home = tmp_path / "ws"
    cli = [sys.executable, "-m", "app.cli", "--home", str(home)]
    subprocess.run(
        [*cli, "init", "--org-id", "000.00.00.H29", "--org-name", "UBND tỉnh", "--org-abbr", "UBND"],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    pdf = make_pdf(tmp_path / "big.pdf", ["Phương án di dời dân cư vùng sạt lở Krông Bông"])
    added = subprocess.run(
        [*cli, "incoming", "add", str(pdf), "--from-org-id", "000.00.00.G22",
         "--from-org-name", "VPCP", "--number", "9", "--notation", "CV-VPCP",
         "--date", "2026-11-20", "--type", "CV", "--subject", "Về việc di dời", "--json"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    doc_id = json.loads(added.stdout)["id"]
    deadline = time.monotonic() + 60
    found: list[int] = []
    while time.monotonic() < deadline and not found:
        out = subprocess.run(
            [*cli, "search", "di doi dan cu krong bong", "--json"],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        found = [h["id"] for h in json.loads(out.stdout)["hits"]]
        if not found:
            time.sleep(0.3)
    assert found == [doc_id]
