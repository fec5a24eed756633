"""``vanthu list`` over the page API: any sort, both directions, the next cursor, elapsed_ms,
and --offset in register order; bad positions are one-line errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.clock import fixed_clock
from app.documents import DocumentService
from app.search import SearchFilters
from app.workspace import Workspace
from tests.app.test_cli import ORG, ok, one_line_error, vanthu
from tests.conftest import NOW

COUNT = 45


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("list") / "ws"
    ws = Workspace.create(path, ORG[0], ORG[1], ORG[2], clock=fixed_clock(NOW))
    svc = DocumentService(ws)
    lines = [
        (
            n,
            {
                "from_org_id": "000.00.00.G22",
                "from_org_name": "Văn phòng Chính phủ",
                "code_number": str(n),
                "code_notation": "CV-VPCP",
                "issued_date": f"2026-{1 + n % 9:02d}-{1 + n % 5:02d}",
                "doc_type": ("CV", "QĐ", "TB")[n % 3],
                "subject": f"Về việc số {n % 7}",  # ties on purpose
            },
        )
        for n in range(1, COUNT + 1)
    ]
    assert svc.import_incoming(iter(lines)).imported == COUNT
    ws.close()
    return path


def _ids(home: Path, sql: str) -> list[int]:
    conn = sqlite3.connect(home / "vanthu.db")
    try:
        return [r[0] for r in conn.execute(sql)]
    finally:
        conn.close()


def test_list_pages_through_any_sort_with_the_next_cursor(home: Path) -> None:
    expected = _ids(
        home,
        "SELECT id FROM documents ORDER BY issued_date, register_id, year, id",
    )
    seen, after = [], []
    while True:
        data = ok(
            vanthu(home, "list", "--sort", "issued_date", "--asc", "--limit", 10, *after, "--json")
        ).json()
        assert data["total"] == COUNT and data["sort"] == "issued_date"
        assert isinstance(data["elapsed_ms"], float) and data["elapsed_ms"] >= 0
        seen += [d["id"] for d in data["documents"]]
        if data["next"] is None:
            break
        after = ["--after", data["next"]]
    assert seen == expected
    human = ok(vanthu(home, "list", "--sort", "subject", "--limit", 5)).out
    assert "--after p1." in human and "5 / 45" in human


def test_offset_pages_follow_the_default_order(home: Path) -> None:
    first = ok(vanthu(home, "list", "--limit", 20, "--json")).json()
    later = ok(vanthu(home, "list", "--limit", 5, "--offset", 7, "--json")).json()
    assert [d["id"] for d in later["documents"]] == [d["id"] for d in first["documents"]][7:12]
    assert later["total"] == first["total"] == COUNT
    assert [d["number"] for d in first["documents"]] == list(range(COUNT, COUNT - 20, -1))


def test_bad_positions_are_one_line_errors(home: Path) -> None:
    one_line_error(vanthu(home, "list", "--after", "p1.xyz"), 2, "cursor")
    token = ok(vanthu(home, "list", "--sort", "subject", "--limit", 2, "--json")).json()["next"]
    one_line_error(vanthu(home, "list", "--after", token), 2, "subject")
    one_line_error(vanthu(home, "list", "--sort", "colour"), 2, "colour")
    one_line_error(vanthu(home, "list", "--offset", 3, "--asc"), 2, "Vị trí bắt đầu")
    one_line_error(vanthu(home, "list", "--offset", 10**30), 2)
    one_line_error(vanthu(home, "list", "--limit", 0), 2)


def test_document_service_list_matches_the_cli_order(home: Path) -> None:
    with Workspace(home) as ws:
        docs, total = DocumentService(ws).list(SearchFilters(doc_type="QĐ"), limit=4, offset=2)
    assert total == 15
    assert [d.number for d in docs] == [n for n in range(COUNT, 0, -1) if n % 3 == 1][2:6]
