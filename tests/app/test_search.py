from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.documents import DocumentService
from app.drafts import IncomingDraft, OutgoingDraft
from app.errors import InvalidInput
from app.search import SearchFilters, SearchService, parse_query
from app.texts import TextIndexer
from tests.conftest import make_pdf

TODAY = dt.date(2026, 11, 26)


def add(documents: DocumentService, n: int, subject: str, **over) -> int:
    data = {
        "from_org_id": "000.00.00.G22",
        "from_org_name": "Văn phòng Chính phủ",
        "code_number": str(n),
        "code_notation": "CV-VPCP",
        "issued_date": "2026-11-20",
        "doc_type": "CV",
        "subject": subject,
    } | over
    return documents.register_incoming(IncomingDraft.from_mapping(data, today=TODAY)).id


@pytest.fixture
def corpus(documents: DocumentService) -> dict[str, int]:
    return {
        "qd": add(documents, 1, "Quyết định phê duyệt kế hoạch chuyển đổi số", doc_type="QĐ"),
        "dak": add(
            documents, 2, "Về việc hỗ trợ đồng bào",
            from_org_id="000.00.00.H29", from_org_name="Ủy ban nhân dân tỉnh Đắk Lắk",
        ),
        "kh": add(documents, 3, "Kế hoạch tiêm chủng mở rộng", urgency="Hỏa tốc",
                  issued_date="2026-03-02"),
        "split": add(documents, 4, "Định hướng quyết toán ngân sách năm 2026"),
    }  # fmt: skip


def ids(result) -> list[int]:
    return [h.id for h in result.hits]


def test_diacritics_and_case_do_not_matter_either_way(documents, corpus):
    search = SearchService(documents.conn)
    plain = ids(search.search("quyet dinh"))
    assert plain and plain[0] == corpus["qd"]
    assert ids(search.search("Quyết định")) == plain
    assert ids(search.search("QUYẾT ĐỊNH")) == plain
    assert ids(search.search("dak lak")) == [corpus["dak"]]
    assert ids(search.search("Đắk Lắk")) == [corpus["dak"]]
    assert ids(search.search("ĐẮK")) == [corpus["dak"]]


def test_phrase_as_typed_ranks_first(documents, corpus):
    """Both documents hold "quyết" and "định"; the one where they stand together wins."""
    result = SearchService(documents.conn).search("quyet dinh")
    assert ids(result)[:2] == [corpus["qd"], corpus["split"]]
    assert result.hits[0].score > result.hits[1].score


def test_snippets_mark_the_original_words(documents, corpus):
    hit = SearchService(documents.conn).search("ke hoach").hits[0]
    assert "<mark>Kế</mark> <mark>hoạch</mark>" in hit.snippet
    issuer_hit = SearchService(documents.conn).search("dak lak").hits[0]
    assert "<mark>Đắk</mark> <mark>Lắk</mark>" in issuer_hit.snippet


def test_filters(documents, corpus):
    search = SearchService(documents.conn)
    assert ids(search.search("ke hoach", SearchFilters(urgency=3))) == [corpus["kh"]]
    assert ids(search.search("ke hoach", SearchFilters(date_to="2026-06-30"))) == [corpus["kh"]]
    assert ids(search.search("ke hoach", SearchFilters(doc_type="QĐ"))) == [corpus["qd"]]
    assert search.search("ke hoach", SearchFilters(direction="outgoing")).hits == []
    assert ids(search.search("ho tro", SearchFilters(issuer="dak lak"))) == [corpus["dak"]]
    assert ids(search.search("ho tro", SearchFilters(issuer="000.00.00.H29"))) == [corpus["dak"]]
    assert search.search("ho tro", SearchFilters(year=2025)).hits == []
    out = documents.register_outgoing(
        OutgoingDraft.build(doc_type_value="KH", subject="Kế hoạch năm")
    )
    assert ids(search.search("ke hoach", SearchFilters(direction="outgoing"))) == [out.id]
    assert ids(search.search("ke hoach", SearchFilters(register="di"))) == [out.id]


def test_number_and_symbol_are_searchable(documents, corpus):
    search = SearchService(documents.conn)
    assert ids(search.search("01/CV-VPCP")) == [corpus["qd"]]
    assert ids(search.search("1/CV-VPCP")) == [corpus["qd"]]
    assert ids(search.search("cv vpcp 03")) == [corpus["kh"]]


def test_prefix_and_quoted_phrase(documents, corpus):
    search = SearchService(documents.conn)
    assert ids(search.search("tiem chu*")) == [corpus["kh"]]
    assert ids(search.search('"quyet dinh"')) == [corpus["qd"]]
    assert parse_query('"a b" c*').phrases == [["a", "b"]]


def test_words_inside_the_pdf_are_found(documents: DocumentService, tmp_path: Path):
    pdf = make_pdf(tmp_path / "a.pdf", ["Công văn", "Đề nghị hỗ trợ kinh phí khắc phục sạt lở đất"])
    doc_id = add(documents, 9, "Về việc đề nghị hỗ trợ", file=str(pdf))
    search = SearchService(documents.conn)
    assert search.search("sat lo dat").hits == []  # not yet extracted
    run = TextIndexer(documents.ws).run()
    assert (run.done, run.pending) == (1, 0)
    hits = search.search("sat lo dat").hits
    assert [h.id for h in hits] == [doc_id]
    assert hits[0].matched_in == "body"
    assert "<mark>sạt</mark> <mark>lở</mark> <mark>đất</mark>" in hits[0].snippet
    # editing the metadata keeps the file's words searchable
    documents.edit(doc_id, {"subject": "Về việc kinh phí"})
    assert [h.id for h in search.search("sat lo").hits] == [doc_id]


def test_empty_or_unknown_queries(documents, corpus):
    search = SearchService(documents.conn)
    assert search.search("   ").hits == []
    assert search.search("!!!").hits == []
    assert search.search("khongcotu").hits == []


def test_many_matches_are_capped_and_newest_first_among_equals(documents: DocumentService):
    from app import search as search_module

    items = [
        (n, {"from_org_id": "000.00.00.G22", "from_org_name": "VPCP", "code_number": str(n),
             "code_notation": "TB-VPCP", "issued_date": "2026-11-20", "doc_type": "TB",
             "subject": "Thông báo lịch họp"})
        for n in range(1, search_module.CANDIDATES + 51)
    ]  # fmt: skip
    documents.import_incoming(items)
    result = SearchService(documents.conn).search("lich hop", limit=10)
    assert result.total_is_estimate and result.total == search_module.CANDIDATES
    assert ids(result) == sorted(ids(result), reverse=True)
    assert ids(result)[0] == len(items)


def test_later_pages_follow_page_one_window_by_window(
    documents: DocumentService, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With windows of 4 candidates (CANDIDATES, 300 in use): page one is what it always
    was, and the pages after it walk every match once, each window ranked best first."""
    import app.search as search_module

    for n in range(1, 12):
        add(documents, n, f"Kế hoạch số {n} về tiêm chủng" + (" tiêm chủng" * (n % 3)))
    add(documents, 50, "Báo cáo không liên quan")
    monkeypatch.setattr(search_module, "CANDIDATES", 4)
    search = SearchService(documents.conn)
    first = search.search("tiem chung", limit=3)
    assert first.offset == 0 and first.next_offset == 3
    assert (first.total, first.total_is_estimate) == (4, True)  # as before: 4 seen, more
    pages, offset = [first], first.next_offset
    while offset is not None:
        page = search.search("tiem chung", limit=3, offset=offset)
        assert page.offset == offset and len(page.hits) <= 3
        pages.append(page)
        offset = page.next_offset
    got = [h.id for p in pages for h in p.hits]
    newest_first = [
        r[0]
        for r in documents.conn.execute(
            "SELECT id FROM documents WHERE subject LIKE '%tiêm chủng%' ORDER BY id DESC"
        )
    ]
    assert sorted(got) == sorted(newest_first) and len(got) == len(set(got)) == 11
    for w in range(0, 11, 4):  # each window holds the next four newest, best first
        window = [h for p in pages for h in p.hits][w : w + 4]
        assert {h.id for h in window} == set(newest_first[w : w + 4])
        assert [h.score for h in window] == sorted((h.score for h in window), reverse=True)
    assert pages[-1].total == 11 and not pages[-1].total_is_estimate
    assert search.search("tiem chung", limit=3, offset=400).hits == []
    with pytest.raises(InvalidInput):
        search.search("tiem chung", offset=-1)


def test_the_index_counts_metadata_words_as_the_ranking_does(documents, corpus):
    """BM25's average metadata length comes from FTS5's own word counts per row: they must
    be the words tokens() finds in meta_text(), or the ranking would drift."""
    from app.search import META_FIELDS, _first_varint, meta_text
    from app.textfold import tokens

    documents.edit(corpus["kh"], {"subject": "Kế hoạch 2/2026: tiêm chủng mở rộng (đợt 3)"})
    columns = ("id", "number", "code_number", "doc_type", *META_FIELDS)
    rows = documents.conn.execute(f"SELECT {', '.join(columns)} FROM documents").fetchall()
    for row in rows:
        record = dict(zip(columns, row, strict=True))
        sz = documents.conn.execute(
            "SELECT sz FROM search_index_docsize WHERE id = ?", (record["id"],)
        ).fetchone()[0]
        assert _first_varint(bytes(sz)) == len(tokens(meta_text(record)))
    assert _first_varint(bytes([0x81, 0x00])) == 128 and _first_varint(bytes([5])) == 5
