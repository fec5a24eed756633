"""Register pages (app/store/pages.py) against a plain ORDER BY oracle.

The register is made the way issue 8's migration 0004 will leave it: the documents table
rebuilt with ``number`` (a draft has none yet) and the dates nullable, then 0005's indexes.
Rows are few (2,000) but varied on purpose: many ties in every sort column, NULL and empty
values, one register with a handful of rows, cancelled rows, an issuer name used by two
organisation ids. Every sort, both directions, several filters, each way of finding rows
(walk, gathered ids, collected rows: forced by the thresholds) are walked page by page
forward and back and compared with SQLite's own ORDER BY over SearchFilters.sql()."""

from __future__ import annotations

import random
import re
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from app.errors import InvalidInput
from app.messages import describe
from app.search import SearchFilters
from app.store import pages as pages_module
from app.store.db import MIGRATIONS, connect
from app.store.pages import SORTS, Cursor, PageRequest, RegisterPages

ROWS = 2000
# The order each sort promises (app/store/pages.py), written out independently of it.
ORACLE_ORDER = {
    "register": "register_id^, year, number",  # ^: ascending both ways
    "number": "number, register_id, year",
    "arrival_date": "arrival_date, register_id, year",
    "issued_date": "issued_date, register_id, year",
    "due_date": "due_date, register_id, year",
    "doc_type": "doc_type, register_id, year",
    "subject": "subject, register_id, year",
    "urgency": "urgency, register_id, year",
    "status": "status, register_id, year",
    "issuer_name": "issuer_name, issuer_id, register_id, year",
    "id": "",
}
FILTERS = {
    "none": SearchFilters(),
    "register": SearchFilters(register="di"),
    "small register and year": SearchFilters(register="tiny", year=2025),
    "year, type, not cancelled": SearchFilters(year=2025, doc_type="CV", include_cancelled=False),
    "issuer words": SearchFilters(issuer="so y te"),
    "issuer id and dates": SearchFilters(
        issuer="000.00.00.G18", date_from="2025-03-01", date_to="2026-02-28"
    ),
    "incoming urgent": SearchFilters(direction="incoming", urgency=1),
    "status": SearchFilters(status="draft"),
    "statuses": SearchFilters(statuses=("draft", "issued")),
    "statuses and direction": SearchFilters(direction="outgoing", statuses=("draft", "done")),
}
STRATEGIES = {  # (COLLECT_LIMIT, MEMBER_LIMIT) that force each way of finding rows
    "walk": (-1, -1),
    "member": (-1, 10**9),
    "collect": (10**9, 10**9),
}


def _lead_schema(db: Database) -> None:
    """Migration 0004 made ``number`` NULL-able; this test goes further and lets the dates be
    NULL too, so that the pages are checked against NULLs in every sortable column."""
    conn = db.conn
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'documents'").fetchone()[0]
    for column in ("number INTEGER", "issued_date TEXT", "arrival_date TEXT", "due_date TEXT"):
        sql = sql.replace(f"{column} NOT NULL DEFAULT ''", column).replace(
            f"{column} NOT NULL", column
        )
    indexes = [
        r[0]
        for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'documents' AND type = 'index'"
            " AND sql IS NOT NULL"
        )
    ]
    conn.execute("PRAGMA foreign_keys = OFF")
    new_sql = re.sub(r'CREATE TABLE "?documents"?', "CREATE TABLE documents_new", sql, count=1)
    conn.execute(new_sql)
    conn.execute("INSERT INTO documents_new SELECT * FROM documents")
    conn.execute("DROP TABLE documents")
    conn.execute("ALTER TABLE documents_new RENAME TO documents")
    for index in indexes:
        conn.execute(index)
    conn.execute("PRAGMA foreign_keys = ON")


def _fill(conn: sqlite3.Connection, rng: random.Random) -> None:
    conn.executemany(
        "INSERT INTO registers (id, code, name, direction, series) VALUES (?, ?, ?, ?, ?)",
        [
            (1, "den", "Sổ đến", "incoming", "normal"),
            (2, "di", "Sổ đi", "outgoing", "normal"),
            (3, "tiny", "Sổ nhỏ", "incoming", "normal"),
        ],
    )
    issuers = [
        ("000.00.00.G18", "Bộ Y tế"),
        ("000.00.03.H29", "Sở Y tế tỉnh Đắk Lắk"),
        ("000.00.03.H41", "Sở Y tế tỉnh Nghệ An"),
        ("000.00.09.H41", "Sở Y tế tỉnh Nghệ An"),  # one name, two organisation ids
        ("000.00.00.G01", "Bộ Công an"),
        ("000.00.00.H29", "Ủy ban nhân dân tỉnh Đắk Lắk"),
        ("000.00.00.G22", "Văn phòng Chính phủ"),
    ]
    numbers: dict[tuple[int, int], int] = {}
    rows = []
    for doc_id in range(1, ROWS + 1):
        register = 3 if doc_id % 150 == 0 else rng.choice((1, 1, 2))
        year = rng.choice((2024, 2025, 2025, 2026))
        status = rng.choice(("registered", "assigned", "done", "issued", "draft"))
        number = None
        if status != "draft" or register != 2:
            number = numbers[(register, year)] = numbers.get((register, year), 0) + 1
        organ, name = rng.choice(issuers)
        cancelled = int(rng.random() < 0.05)

        def date(missing: float, year: int = year) -> str | None:
            roll = rng.random()
            if roll < missing / 2:
                return None
            if roll < missing:
                return ""
            return f"{year}-{rng.choice(('01', '03', '07'))}-{rng.choice(('02', '15'))}"

        rows.append(
            (
                doc_id,
                "incoming" if register != 2 else "outgoing",
                register,
                year,
                number,
                f"{number:02d}" if number else "",
                rng.choice(("CV-BYT", "QĐ-UBND", "TB-VP")),
                date(0.1),
                rng.choice(("CV", "QĐ", "TB", "KH")),
                rng.choice(("Về việc A", "Về việc B", "Kế hoạch C", "Ừ", "Đề án")),
                organ,
                name,
                date(0.4),
                date(0.6),
                rng.choice((0, 0, 0, 1, 2)),
                "cancelled" if cancelled else status,
                cancelled,
            )
        )
    conn.executemany(
        "INSERT INTO documents (id, direction, register_id, year, number, code_number,"
        " code_notation, issued_date, doc_type, subject, issuer_id, issuer_name,"
        " arrival_date, due_date, urgency, status, cancelled, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01')",
        rows,
    )
    conn.execute(
        "INSERT INTO events (at, actor, action, document_id, details, hash)"
        " VALUES ('2026-01-01', 'a', 'view', 7, '{}', x'00')"
    )


@pytest.fixture(scope="module")
def register_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pages") / "vanthu.db"
    db = Database(connect(path), execute_plugins=False)
    MIGRATIONS.apply(db, stop_before="0005_register_pages")
    _lead_schema(db)
    MIGRATIONS.apply(db)
    _fill(db.conn, random.Random(8))
    db.close()
    return path


@pytest.fixture(scope="module")
def reader(register_db: Path) -> sqlite3.Connection:
    conn = connect(register_db, readonly=True)
    yield conn
    conn.close()


@pytest.fixture
def pages(reader: sqlite3.Connection) -> RegisterPages:
    return RegisterPages(reader)


def _keys(sort: str) -> list[str]:
    return [k.strip() for k in ORACLE_ORDER[sort].split(",") if k.strip()] + ["id"]


def oracle(conn: sqlite3.Connection, filters: SearchFilters, sort: str, desc: bool) -> list[int]:
    where, args = filters.sql("d")
    direction = " DESC" if desc else ""
    order = ", ".join(
        f"d.{k[:-1]}" if k.endswith("^") else f"d.{k}{direction}" for k in _keys(sort)
    )
    sql = f"SELECT d.id FROM documents d WHERE {where} ORDER BY {order}"
    return [r[0] for r in conn.execute(sql, args)]


def walk_forward(pages: RegisterPages, filters, sort, desc, limit) -> list[int]:
    seen, after = [], None
    for _ in range(ROWS):
        page = pages.page(PageRequest(filters, sort, desc, limit, after=after))
        assert len(page.rows) <= limit
        seen += [r.id for r in page.rows]
        if page.next is None:
            return seen
        after = Cursor.parse(page.next.token())  # the token goes through a string
    raise AssertionError("paging never ended")


def walk_back(pages: RegisterPages, filters, sort, desc, limit, last: Cursor) -> list[int]:
    """From the last row, page backwards until the start of the order."""
    seen, before = [], last
    for _ in range(ROWS):
        page = pages.page(PageRequest(filters, sort, desc, limit, before=before))
        seen = [r.id for r in page.rows] + seen
        if page.previous is None:
            return [*seen, last.id]
        before = page.previous
    raise AssertionError("paging back never ended")


CASES = [
    (name, strategy)
    for name, filters in FILTERS.items()
    for strategy in STRATEGIES
    # registers and years alone never gather ids: nothing to force there
    if strategy != "member"
    or filters.doc_type
    or filters.issuer
    or filters.urgency is not None
    or filters.status
    or filters.date_from
]


@pytest.mark.parametrize(("name", "strategy"), CASES)
def test_every_sort_pages_like_order_by(
    pages: RegisterPages, reader, monkeypatch: pytest.MonkeyPatch, name: str, strategy: str
) -> None:
    collect, member = STRATEGIES[strategy]
    monkeypatch.setattr(pages_module, "COLLECT_LIMIT", collect)
    monkeypatch.setattr(pages_module, "MEMBER_LIMIT", member)
    filters = FILTERS[name]
    used = set()
    for sort in SORTS:
        for desc in (False, True):
            expected = oracle(reader, filters, sort, desc)
            limit = 131 if len(expected) > 400 else 7
            got = walk_forward(pages, filters, sort, desc, limit)
            assert got == expected, (sort, desc)
            used.add(pages.page(PageRequest(filters, sort, desc, limit)).strategy)
            if len(expected) > 1:
                tail = Cursor(sort, _key_of(reader, sort, expected[-1]))
                assert walk_back(pages, filters, sort, desc, limit, tail) == expected, (sort, desc)
    if filters.doc_type or filters.issuer or filters.urgency is not None or filters.status:
        assert strategy in used  # the thresholds chose the way asked for


@pytest.mark.parametrize("name", sorted(FILTERS))
def test_every_id_in_a_sorts_order_is_the_pages_order(pages: RegisterPages, reader, name: str):
    """The window's table holds the ids of a whole view (to scroll end to end): they are the
    pages' rows, in the pages' order, for every sort both ways."""
    filters = FILTERS[name]
    for sort in SORTS:
        for desc in (False, True):
            assert list(pages.ordered_ids(filters, sort, desc)) == oracle(
                reader, filters, sort, desc
            ), (sort, desc)
    some = list(pages.ordered_ids(filters, "subject", False))[:40]
    assert [r.id for r in pages.rows(some)] == some
    assert pages.rows([*some[:3], 10**9]) == pages.rows(some[:3])  # a missing id is left out


def _key_of(conn: sqlite3.Connection, sort: str, doc_id: int) -> tuple:
    keys = ", ".join(k.rstrip("^") for k in _keys(sort))
    return tuple(conn.execute(f"SELECT {keys} FROM documents WHERE id = ?", (doc_id,)).fetchone())


def test_a_page_from_a_cursor_in_the_middle_both_ways(pages: RegisterPages, reader) -> None:
    filters = SearchFilters(include_cancelled=False)
    expected = oracle(reader, filters, "number", True)
    middle = Cursor("number", _key_of(reader, "number", expected[500]))
    after = pages.page(PageRequest(filters, "number", True, 50, after=middle))
    before = pages.page(PageRequest(filters, "number", True, 50, before=middle))
    assert [r.id for r in after.rows] == expected[501:551]
    assert [r.id for r in before.rows] == expected[450:500]
    assert after.previous is not None and after.next is not None
    assert before.next is not None and before.previous is not None


def test_rows_hold_what_the_table_shows(pages: RegisterPages, reader) -> None:
    page = pages.page(PageRequest(SearchFilters(register="di"), "register", False, 1000))
    drafts = [r for r in page.rows if r.number is None]
    assert drafts and all(
        r.code_number == "" and r.status in ("draft", "cancelled") for r in drafts
    )
    first_year = [r for r in page.rows if r.year == page.rows[0].year]
    year_drafts = sorted(r.id for r in first_year if r.number is None)
    # drafts first in their year when ascending: NULL is the smallest number
    assert year_drafts and [r.id for r in first_year[: len(year_drafts)]] == year_drafts
    row = pages.page(PageRequest(SearchFilters(), "id", False, 10)).rows[6]
    stored = reader.execute("SELECT * FROM documents WHERE id = ?", (row.id,)).fetchone()
    assert row.id == 7 and not row.unread  # it has a "view" event
    assert pages.page(PageRequest(SearchFilters(), "id", False, 10)).rows[0].unread
    for field in ("year", "number", "subject", "issuer_name", "status", "urgency"):
        assert getattr(row, field) == stored[field]
    assert row.register == {1: "den", 2: "di", 3: "tiny"}[stored["register_id"]]
    assert row.cancelled == bool(stored["cancelled"]) and row.has_file is False


@pytest.mark.parametrize("name", FILTERS)
def test_count_is_exact_and_the_page_total_is_exact_or_says_so(
    pages: RegisterPages, reader, name: str
) -> None:
    filters = FILTERS[name]
    truth = len(oracle(reader, filters, "id", False))
    page = pages.page(PageRequest(filters, "subject", False, 5))
    assert page.total is not None
    if not page.total_is_estimate:
        assert page.total == truth
    assert pages.count(filters) == truth
    again = pages.page(PageRequest(filters, "subject", False, 5))
    assert (again.total, again.total_is_estimate) == (truth, False)  # counted: cached


def test_the_count_follows_writes_of_another_connection(register_db: Path) -> None:
    conn = connect(register_db, readonly=True)
    pages = RegisterPages(conn)
    filters = SearchFilters(register="tiny")
    before = pages.count(filters)
    writer = connect(register_db)
    writer.execute(
        "INSERT INTO documents (direction, register_id, year, number, code_number,"
        " code_notation, issued_date, doc_type, subject, issuer_id, issuer_name, created_at)"
        " VALUES ('incoming', 3, 2025, 999, '999', 'CV-X', '2025-05-05', 'CV', 'Mới',"
        " '000.00.00.G01', 'Bộ Công an', '2026')"
    )
    try:
        assert pages.count(filters) == before + 1
        page = pages.page(PageRequest(filters, "number", True, 1))
        assert page.rows[0].number == 999
    finally:
        writer.execute("DELETE FROM documents WHERE number = 999 AND register_id = 3")
        writer.close()
        conn.close()


@pytest.mark.parametrize(
    "token",
    [
        "",
        "nonsense",
        "p1.",
        "p1.!!!!",
        "p1." + "A" * 5000,
        Cursor("number", (1, 2, 3, 4)).token().replace("p1.", "p2."),
        "p1.WyJudW1iZXIiXQ",  # ["number"]: no key
        Cursor("number", ("x", 1, 2025, 4)).token(),  # a text where a number goes
        Cursor("number", (1, 1, 2025, None)).token(),  # no id
        Cursor("number", (1, 1, 2025, 2**70)).token(),  # an id SQLite cannot hold
        Cursor("nope", (1,)).token(),
        Cursor("subject", ("a", 1, 2025, 4)).token(),  # another sort's cursor
    ],
)
def test_a_bad_cursor_is_a_clear_error(pages: RegisterPages, token: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        pages.page(PageRequest(SearchFilters(), "number", True, 10, after=token))
    assert caught.value.field == "cursor"
    words = describe(caught.value, "en")
    assert "cursor" in words.lower() or "position" in words.lower()


def test_bad_requests_are_clear_errors(pages: RegisterPages) -> None:
    cursor = Cursor("id", (5,))
    for request, field in (
        (PageRequest(sort="color"), "sort"),
        (PageRequest(limit=0), "limit"),
        (PageRequest(limit=100_000), "limit"),
        (PageRequest(sort="id", after=cursor, before=cursor), "cursor"),
        (PageRequest(filters=SearchFilters(doc_type="XYZ")), "doc_type"),
        (PageRequest(filters=SearchFilters(year="20x6")), "year"),  # type: ignore[arg-type]
    ):
        with pytest.raises(InvalidInput) as caught:
            pages.page(request)
        assert caught.value.field == field
    with pytest.raises(InvalidInput):
        pages.ids_at_offset(SearchFilters(), 10, -1)


def test_filters_that_match_nothing(pages: RegisterPages) -> None:
    for filters in (
        SearchFilters(register="no-such"),
        SearchFilters(issuer="000.99.99.X99"),
        SearchFilters(issuer="không có cơ quan này"),
        SearchFilters(year=1999),
    ):
        page = pages.page(PageRequest(filters, "subject", True, 10))
        assert page.rows == () and page.next is None and page.total == 0
        assert pages.count(filters) == 0


def test_ids_at_offset_follow_the_list_order(pages: RegisterPages, reader) -> None:
    filters = SearchFilters(include_cancelled=False)
    where, args = filters.sql("d")
    expected = [
        r[0]
        for r in reader.execute(
            f"SELECT d.id FROM documents d WHERE {where}"
            " ORDER BY d.register_id, d.year DESC, d.number DESC, d.id DESC",
            args,
        )
    ]
    for offset in (0, 1, 333, len(expected) - 3, len(expected) + 10):
        ids, total = pages.ids_at_offset(filters, 40, offset)
        assert ids == expected[offset : offset + 40]
        assert total == len(expected)


def test_first_pages_walk_an_index_without_sorting(
    register_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan regression (a full scan and a temporary sort for the first page) fails here:
    every statement of a first page, unfiltered or filtered by register and year, reads an
    index in order (as at scale: this register is small enough to be read whole)."""
    monkeypatch.setattr(pages_module, "COLLECT_LIMIT", -1)
    conn = connect(register_db, readonly=True)
    pages = RegisterPages(conn)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    for filters in (SearchFilters(), SearchFilters(register="den", year=2025)):
        for sort in SORTS:
            for desc in (False, True):
                statements.clear()
                pages.page(PageRequest(filters, sort, desc, 50))
                walks = [s for s in statements if s.startswith("SELECT") and "ORDER BY" in s]
                assert walks, sort
                for sql in walks:
                    plan = [r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
                    assert not any("TEMP B-TREE" in step for step in plan), (sort, sql, plan)
                    if sort != "id":  # the id order may read the table itself, in id order
                        assert all("INDEX" in step for step in plan), (sort, sql, plan)
    conn.set_trace_callback(None)
    conn.close()


def test_migration_0005_makes_the_indexes_the_pages_walk(register_db: Path) -> None:
    from app.store.page_sql import INDEXES
    from app.store.page_sql import SORTS as SPECS

    conn = sqlite3.connect(register_db)
    made = {
        name: tuple(r[2] for r in conn.execute(f"PRAGMA index_info({name})"))
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'pages_%'"
        )
    }
    assert made == INDEXES
    assert {s.index for s in SPECS.values()} - {None} <= set(INDEXES)
    assert (
        conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents_issued'").fetchone()
        is None
    )
    conn.close()
