"""The demo workspace: a small one is built once and checked the way a clerk would look at it
(registers without gaps, dates that make sense, readable PDFs, search, history)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from app.clock import VN_TZ, fixed_clock
from app.demo import DemoSummary, build_demo, long_date
from app.documents import DocumentService
from app.errors import WorkspaceError
from app.model import Direction, Document
from app.search import SearchService, meta_text
from app.store.history import verify_chain
from app.textfold import fold, tokens
from app.workspace import Workspace
from tests.conftest import NOW

INCOMING, OUTGOING = 30, 15


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoSummary, list[tuple[int, int]]]:
    calls: list[tuple[int, int]] = []
    home = tmp_path_factory.mktemp("demo") / "ws"
    summary = build_demo(
        home,
        incoming=INCOMING,
        outgoing=OUTGOING,
        clock=fixed_clock(NOW),
        progress=lambda done, total: calls.append((done, total)),
    )
    return summary, calls


@pytest.fixture
def ws(demo: tuple[DemoSummary, list]) -> Workspace:
    workspace = Workspace(demo[0].home, clock=fixed_clock(NOW))
    yield workspace
    workspace.close()


@pytest.fixture
def docs(ws: Workspace) -> list[Document]:
    documents, total = DocumentService(ws).list(limit=10_000)
    assert total == len(documents)
    return documents


def pdf_text(ws: Workspace, doc: Document, *layout: str) -> str:
    assert shutil.which("pdftotext"), "pdftotext missing: make test installs poppler-utils"
    path = ws.blobs.path_for(doc.file_sha256)
    return subprocess.run(
        ["pdftotext", *layout, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_counts_per_register(demo: tuple[DemoSummary, list], docs: list[Document]) -> None:
    summary = demo[0]
    assert (summary.incoming, summary.outgoing) == (INCOMING, OUTGOING)
    assert 0 < summary.seconds < 60
    per_register = defaultdict(int)
    for doc in docs:
        per_register[doc.register_code] += 1
    assert per_register["den"] == INCOMING
    assert per_register["di-mat"] == 2  # secret documents: their own series
    assert per_register["sao"] == 2  # copies: their own series
    assert per_register["di"] == OUTGOING - 4
    assert all(d.doc_type == "SY" for d in docs if d.register_code == "sao")
    assert all(d.confidentiality > 0 for d in docs if d.register_code == "di-mat")
    assert any(d.doc_type == "CV" and d.code_notation.startswith("UBND-") for d in docs)


def test_numbers_run_without_gaps(docs: list[Document]) -> None:
    numbers = defaultdict(list)
    for doc in docs:
        numbers[(doc.register_code, doc.year)].append(doc.number)
    for (_register, year), seen in numbers.items():
        assert year == NOW.year
        assert sorted(seen) == list(range(1, len(seen) + 1))
    for doc in docs:
        if doc.direction is Direction.OUTGOING:
            assert int(doc.code_number) == doc.number


def test_dates_follow_the_numbers_and_never_lie_ahead(docs: list[Document]) -> None:
    today = NOW.date().isoformat()
    incoming = sorted((d for d in docs if d.register_code == "den"), key=lambda d: d.number)
    arrivals = [d.arrival_date for d in incoming]
    assert arrivals == sorted(arrivals)
    assert f"{NOW.year}-01-01" <= arrivals[0] and arrivals[-1] <= today
    assert len(set(arrivals)) > 5  # spread over the year, not all on one day
    for doc in incoming:
        assert doc.issued_date <= doc.arrival_date
        assert not doc.due_date or doc.due_date >= doc.issued_date
    for register in ("di", "di-mat", "sao"):
        issued = [
            d.issued_date
            for d in sorted(docs, key=lambda d: d.number)
            if d.register_code == register
        ]
        assert issued == sorted(issued) and issued[-1] <= today
    assert all(d.created_at[:10] <= today for d in docs)


def test_every_file_is_stored(ws: Workspace, docs: list[Document]) -> None:
    for doc in docs:
        assert doc.file_sha256, doc.notation  # every demo document has its PDF
        assert ws.blobs.has(doc.file_sha256)
        assert ws.blobs.verify(doc.file_sha256)
        assert doc.file_name.endswith(".pdf") and doc.file_size > 1000
    states = ws.conn.execute("SELECT state, count(*) FROM document_texts GROUP BY state").fetchall()
    assert [tuple(s) for s in states] == [("done", len(docs))]


def test_pdfs_look_like_administrative_documents(ws: Workspace, docs: list[Document]) -> None:
    for doc in docs:
        text = pdf_text(ws, doc)
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert f"Số: {doc.notation}" in text, doc.notation
        assert "Nơi nhận:" in text and doc.signer in text
        if doc.doc_type == "CV":
            assert "V/v" in text and "Kính gửi" in text
        elif doc.doc_type == "QĐ":
            assert "QUYẾT ĐỊNH" in text and "Điều 1." in text
        elif doc.doc_type == "SY":
            assert "SAO Y" in text and "TL. CHỦ TỊCH" in text
    # number and place-and-date share a line; the date is written as ND30 wants it
    doc = next(d for d in docs if d.direction is Direction.OUTGOING and d.doc_type != "SY")
    line = next(x for x in pdf_text(ws, doc, "-layout").splitlines() if f"Số: {doc.notation}" in x)
    assert long_date("Đắk Lắk", dt.date.fromisoformat(doc.issued_date)) in line


def test_search_finds_words_only_in_the_pdf(ws: Workspace, docs: list[Document]) -> None:
    """Villages, contact persons and amounts are in the PDF's text only: typed without
    diacritics, the rarest of them finds the document, through its text."""
    search = SearchService(ws.conn)
    df = dict(ws.conn.execute("SELECT term, df FROM search_terms").fetchall())
    for doc in docs[::4]:
        meta = set(tokens(meta_text(doc.__dict__)))
        words = {w for w in re.findall(r"\w{3,}", pdf_text(ws, doc)) if fold(w) != w.lower()}
        body_only = [fold(w) for w in words if fold(w) not in meta]
        query = min(body_only, key=lambda w: (df.get(w, 0), w))  # e.g. "dhong", "trap"
        assert query.isascii() and df[query] < len(docs) / 2
        hits = {h.id: h for h in search.search(query, limit=1000).hits}
        assert doc.id in hits, query
        assert hits[doc.id].matched_in == "body"


def test_work_on_the_documents_is_in_the_history(ws: Workspace, docs: list[Document]) -> None:
    report = verify_chain(ws.conn)
    assert report.ok, report
    actions = dict(
        ws.conn.execute("SELECT action, count(*) FROM events GROUP BY action").fetchall()
    )
    assert actions["register"] == len(docs)
    assert actions["assign"] >= 3 and actions["status"] >= 3 and actions["cancel"] == 2
    cancelled = [d for d in docs if d.cancelled]
    assert {d.direction for d in cancelled} == {Direction.INCOMING, Direction.OUTGOING}
    assert all(d.status == "cancelled" for d in cancelled)
    assigned = [d for d in docs if d.assignee]
    assert assigned and all(d.handed_on and d.handed_on >= d.arrival_date for d in assigned)
    assert {"in_progress", "done", "returned"} <= {d.status for d in docs}


def test_the_duplicate_was_refused(demo: tuple[DemoSummary, list], docs: list[Document]) -> None:
    assert demo[0].duplicates_refused == 1
    triples = [
        (d.code_number, d.code_notation, d.issuer_id) for d in docs if d.register_code == "den"
    ]
    assert len(triples) == len(set(triples))


def test_summary_and_progress(demo: tuple[DemoSummary, list], docs: list[Document]) -> None:
    summary, calls = demo
    by_id = {d.id: d for d in docs}
    assert set(summary.sample_ids.values()) <= set(by_id)
    assert by_id[summary.sample_ids["secret"]].register_code == "di-mat"
    assert by_id[summary.sample_ids["copy"]].register_code == "sao"
    assert by_id[summary.sample_ids["cancelled_incoming"]].cancelled
    total = 2 * (INCOMING + OUTGOING)
    assert calls[-1] == (total, total)
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    assert all(t == total for _, t in calls)


def test_an_existing_workspace_is_left_alone(demo: tuple[DemoSummary, list]) -> None:
    before = (demo[0].home / "vanthu.db").stat().st_size
    with pytest.raises(WorkspaceError) as caught:
        build_demo(demo[0].home, incoming=2, outgoing=1, clock=fixed_clock(NOW))
    assert caught.value.problem == "already_initialised"
    assert (demo[0].home / "vanthu.db").stat().st_size == before


def test_on_new_years_day_everything_happens_today(tmp_path: Path) -> None:
    morning = dt.datetime(2027, 1, 1, 8, 15, tzinfo=VN_TZ)
    summary = build_demo(tmp_path / "ws", incoming=4, outgoing=4, clock=fixed_clock(morning))
    assert (summary.incoming, summary.outgoing) == (4, 4)
    with Workspace(summary.home) as ws:
        documents, _ = DocumentService(ws).list(limit=100)
        assert {d.year for d in documents} == {2027}
        assert {d.arrival_date for d in documents if d.arrival_date} == {"2027-01-01"}
        assert all(d.created_at <= morning.isoformat() for d in documents)
        assert verify_chain(ws.conn).ok


def test_the_office_keeps_up_with_its_deadlines(docs: list[Document]) -> None:
    """Every incoming document with a deadline is handed to someone, and of those whose
    deadline passed long ago nearly all are finished: a demo whose register is mostly
    overdue would show an office nobody would believe."""
    incoming = [d for d in docs if d.direction == Direction.INCOMING and not d.cancelled]
    with_deadline = [d for d in incoming if d.due_date and d.status != "returned"]
    assert with_deadline and all(d.assignee for d in with_deadline)
    long_ago = (NOW.date() - dt.timedelta(days=20)).isoformat()
    past = [d for d in with_deadline if d.due_date < long_ago]
    still_open = [d.notation for d in past if d.status not in ("done", "returned")]
    assert past and len(still_open) <= max(1, len(past) // 10), still_open
