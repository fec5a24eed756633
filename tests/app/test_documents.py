from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest

from app.clock import VN_TZ, fixed_clock
from app.documents import DocumentService
from app.drafts import IncomingDraft, OutgoingDraft
from app.errors import DuplicateDocument, InvalidInput, StateError
from app.search import SearchFilters
from app.store.history import events_for, verify_chain
from app.workspace import Workspace

TODAY = dt.date(2026, 11, 26)


def incoming(n: int | str = 1, **over) -> IncomingDraft:
    data = {
        "from_org_id": "000.00.00.G22",
        "from_org_name": "Văn phòng Chính phủ",
        "code_number": str(n),
        "code_notation": "QĐ-TTg",
        "issued_date": "2026-11-20",
        "doc_type": "QĐ",
        "subject": f"Quyết định số {n} về việc phê duyệt Đề án chuyển đổi số",
    } | over
    return IncomingDraft.from_mapping(data, today=TODAY)


def test_incoming_numbers_are_consecutive_and_dates_vietnam_time(documents: DocumentService):
    docs = [documents.register_incoming(incoming(n)) for n in (1, 2, 3)]
    assert [d.number for d in docs] == [1, 2, 3]
    assert {d.year for d in docs} == {2026}
    assert docs[0].arrival_date == "2026-11-26"
    assert docs[0].notation == "01/QĐ-TTg"
    assert docs[0].document_key == "000.00.00.G22,2026/11/20,01/QĐ-TTg"


def test_numbers_reset_on_first_of_january_in_vietnam_time(workspace: Workspace):
    # 31 Dec 2026 16:59 UTC is 23:59 in Hà Nội; 17:00 UTC is already 1 Jan 2027 there.
    before = DocumentService(
        Workspace(
            workspace.paths.home,
            clock=fixed_clock(dt.datetime(2026, 12, 31, 16, 59, tzinfo=dt.UTC)),
        )
    )
    after = DocumentService(
        Workspace(
            workspace.paths.home, clock=fixed_clock(dt.datetime(2026, 12, 31, 17, 0, tzinfo=dt.UTC))
        )
    )
    first = before.register_incoming(incoming(1))
    second = before.register_incoming(incoming(2))
    new_year = after.register_incoming(incoming(3))
    assert (first.year, first.number, second.number) == (2026, 1, 2)
    assert (new_year.year, new_year.number, new_year.arrival_date) == (2027, 1, "2027-01-01")
    out = after.register_outgoing(OutgoingDraft.build(doc_type_value="QĐ", subject="Khen thưởng"))
    assert (out.year, out.notation, out.issued_date) == (2027, "01/QĐ-UBND", "2027-01-01")


def test_outgoing_symbols_and_separate_series(documents: DocumentService):
    q = documents.register_outgoing(OutgoingDraft.build(doc_type_value="QĐ", subject="Khen thưởng"))
    cv = documents.register_outgoing(
        OutgoingDraft.build(doc_type_value="CV", subject="V/v báo cáo", unit="VP")
    )
    secret = documents.register_outgoing(
        OutgoingDraft.build(doc_type_value="CV", subject="V/v tài liệu mật", unit="VP", secret=True)
    )
    copy = documents.register_outgoing(OutgoingDraft.build(doc_type_value="SY", subject="Sao y"))
    third = documents.register_outgoing(
        OutgoingDraft.build(doc_type_value="TB", subject="Lịch họp")
    )
    assert (q.notation, q.register_code) == ("01/QĐ-UBND", "di")
    assert (cv.notation, cv.register_code) == ("02/UBND-VP", "di")
    assert (secret.notation, secret.register_code, secret.confidentiality) == (
        "01/UBND-VP",
        "di-mat",
        1,
    )
    assert (copy.notation, copy.register_code) == ("01/SY-UBND", "sao")
    assert third.notation == "03/TB-UBND"


def test_duplicates_are_refused_unless_forced_and_history_says_so(documents: DocumentService):
    first = documents.register_incoming(incoming(5))
    for again in (incoming("05"), incoming(5, code_notation="QD-TTg", subject="khác")):
        with pytest.raises(DuplicateDocument) as err:
            documents.register_incoming(again)
        assert [m.document_id for m in err.value.matches] == [first.id]
    # same DocumentId given by the sender, different number: still a duplicate
    keyed = documents.register_incoming(incoming(6, document_id="000.00.00.G22,2026/11/20,X"))
    with pytest.raises(DuplicateDocument) as err:
        documents.register_incoming(incoming(7, document_id="000.00.00.G22,2026/11/20,X"))
    assert (
        err.value.matches[0].reason == "document_id"
        and err.value.matches[0].document_id == keyed.id
    )
    assert documents.list()[1] == 2
    forced = documents.register_incoming(incoming(5), force=True)
    assert forced.number == 3
    event = events_for(documents.conn, forced.id)[0]
    assert event.details["forced_duplicate_of"] == [first.id]


def test_a_different_issuer_is_not_a_duplicate(documents: DocumentService):
    documents.register_incoming(incoming(5))
    other = documents.register_incoming(
        incoming(5, from_org_id="000.00.00.G01", from_org_name="Bộ Công an")
    )
    assert other.number == 2


def test_cancelled_number_stays_and_is_never_reused(documents: DocumentService):
    a = documents.register_incoming(incoming(1))
    documents.cancel(a.id, "Vào sổ nhầm")
    b = documents.register_incoming(incoming(2))
    assert b.number == 2
    kept = documents.get(a.id)
    assert kept.cancelled and kept.status == "cancelled" and kept.number == 1
    with pytest.raises(StateError):
        documents.edit(a.id, {"subject": "x"})
    docs, total = documents.list(SearchFilters(direction="incoming"))
    assert total == 2 and sorted(d.number for d in docs) == [1, 2]


def test_edit_assign_and_status_change_what_search_finds(documents: DocumentService):
    from app.search import SearchService

    doc = documents.register_incoming(incoming(1))
    documents.edit(doc.id, {"subject": "Kế hoạch phòng chống lụt bão", "urgency": "Hỏa tốc"})
    documents.assign(doc.id, "Phòng Nông nghiệp", due_date="2026-12-05")
    doc = documents.set_status(doc.id, "done")
    assert (doc.subject, doc.urgency, doc.assignee, doc.due_date, doc.status) == (
        "Kế hoạch phòng chống lụt bão", 3, "Phòng Nông nghiệp", "2026-12-05", "done"
    )  # fmt: skip
    search = SearchService(documents.conn)
    assert [h.id for h in search.search("lut bao").hits] == [doc.id]
    assert search.search("chuyen doi so").hits == []
    assert [h.id for h in search.search("phong nong nghiep").hits] == [doc.id]
    with pytest.raises(InvalidInput):
        documents.edit(doc.id, {"number": 9})
    with pytest.raises(InvalidInput):
        documents.set_status(doc.id, "lost")
    assert verify_chain(documents.conn).ok


def test_bad_lines_do_not_stop_an_import(documents: DocumentService):
    good = incoming(1)
    items = [
        (1, {"from_org_id": "000.00.00.G22", "from_org_name": "VPCP", "code_number": "1",
             "code_notation": "QĐ-TTg", "issued_date": "2026-11-20", "doc_type": "QĐ",
             "subject": "Một"}),
        (2, {"from_org_id": "000.00.00.G22"}),
        (3, {"from_org_id": "000.00.00.G22", "from_org_name": "VPCP", "code_number": "2",
             "code_notation": "QĐ-TTg", "issued_date": "2026-11-20", "doc_type": "QĐ",
             "subject": "Hai"}),
        (4, {"from_org_id": "000.00.00.G22", "from_org_name": "VPCP", "code_number": "1",
             "code_notation": "QĐ-TTg", "issued_date": "2026-11-20", "doc_type": "QĐ",
             "subject": "Một lần nữa"}),
    ]  # fmt: skip
    report = documents.import_incoming(items)
    assert (report.imported, report.first_number, report.last_number) == (2, 1, 2)
    assert [e["line"] for e in report.errors] == [2]
    assert report.errors[0]["field"] == "from_org_name"
    assert [d["line"] for d in report.duplicates] == [4]
    assert report.duplicates[0]["earlier_line"] == 1
    assert good.subject  # the draft type is the same one the CLI builds


def _register_many(home: str, prefix: str, count: int, queue) -> None:
    ws = Workspace(Path(home))
    svc = DocumentService(ws)
    numbers = []
    for i in range(count):
        draft = incoming(i + 1, code_notation=f"{prefix}-VPCP")
        numbers.append(svc.register_incoming(draft).number)
    ws.close()
    queue.put(numbers)


def test_two_processes_never_take_the_same_number(workspace: Workspace):
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [
        ctx.Process(target=_register_many, args=(str(workspace.paths.home), p, 150, queue))
        for p in ("TB", "KH")
    ]
    for p in procs:
        p.start()
    results = [queue.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    numbers = results[0] + results[1]
    assert sorted(numbers) == list(range(1, 301))
    assert all(a < b for a, b in zip(results[0], results[0][1:], strict=False))
    assert verify_chain(workspace.conn).ok


def test_registration_with_a_pdf_stores_it_by_hash(documents: DocumentService, pdf_file: Path):
    import hashlib

    doc = documents.register_incoming(incoming(1, file=str(pdf_file)))
    digest = hashlib.sha256(pdf_file.read_bytes()).hexdigest()
    assert doc.file_sha256 == digest and doc.file_size == pdf_file.stat().st_size
    assert documents.ws.blobs.path_for(digest).read_bytes() == pdf_file.read_bytes()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"PK\x03\x04 this is a zip file", "not_pdf"),
        (b"", "empty"),
        (b"%PDF-1.7\n" + b"\x00garbage" * 200 + b"\n%%EOF\n", "damaged_pdf"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_registered(
    documents: DocumentService, tmp_path: Path, content: bytes, problem: str
):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content)
    with pytest.raises(InvalidInput) as err:
        documents.register_incoming(incoming(1, file=str(bad)))
    assert (err.value.field, err.value.problem) == ("file", problem)
    assert documents.list()[1] == 0
    assert verify_chain(documents.conn).events == 1


def test_a_truncated_pdf_is_refused(documents: DocumentService, pdf_file: Path, tmp_path: Path):
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(pdf_file.read_bytes()[: pdf_file.stat().st_size // 2])
    with pytest.raises(InvalidInput) as err:
        documents.register_incoming(incoming(1, file=str(cut)))
    assert err.value.problem == "truncated_pdf"


def test_clock_fixture_is_vietnam_time():
    assert fixed_clock(dt.datetime(2026, 1, 1, tzinfo=VN_TZ))().utcoffset() == dt.timedelta(hours=7)


def test_a_configured_register_has_its_own_numbers(documents: DocumentService):
    documents.ws.add_register("den-dang", "Sổ văn bản đến của Đảng ủy", "incoming", "normal")
    a = documents.register_incoming(incoming(1))
    b = documents.register_incoming(incoming(2), register="den-dang")
    c = documents.register_incoming(incoming(3), register="den-dang")
    assert (a.number, b.number, c.number) == (1, 1, 2)
    assert (b.register_code, c.register_code) == ("den-dang", "den-dang")
    with pytest.raises(InvalidInput) as err:
        documents.register_incoming(incoming(4), register="di")
    assert err.value.problem == "wrong_direction"
    with pytest.raises(InvalidInput):
        documents.ws.add_register("den-dang", "Trùng mã", "incoming", "normal")
