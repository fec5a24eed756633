"""Printed registers (app/register_books.py), checked with tools we did not write: poppler's
pdftotext / pdffonts / pdfinfo read the PDF, the csv module reads the CSV."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import json
import os
import re
import subprocess
import threading
from pathlib import Path

import pytest

from app import register_books
from app.clock import VN_TZ, fixed_clock
from app.desk import Desk
from app.documents import DocumentService
from app.drafts import IncomingDraft, OutgoingDraft
from app.errors import Cancelled, InvalidInput
from app.messages import describe
from app.model import Direction, Document
from app.register_books import RegisterExport, export_register, select_register
from tests.nd30 import INCOMING_HEADINGS, OUTGOING_HEADINGS

JAN, MAR, NOV = dt.date(2026, 1, 5), dt.date(2026, 3, 10), dt.date(2026, 11, 26)


# --- helpers ---------------------------------------------------------------------------------


def run(*args: object) -> str:
    return subprocess.run(
        [str(a) for a in args], check=True, capture_output=True, text=True, encoding="utf-8"
    ).stdout


def pdf_text(path: Path, first: int | None = None, last: int | None = None, layout=True) -> str:
    pages = [*(["-f", first] if first else []), *(["-l", last] if last else [])]
    return run("pdftotext", *(["-layout"] if layout else []), *pages, path, "-")


def squashed(text: str) -> str:
    """Words joined by single spaces: a heading that wraps inside its cell reads whole."""
    return " ".join(text.split())


def pdf_pages(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", path), re.M).group(1))


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def on(documents: DocumentService, day: dt.date) -> None:
    """Later registrations (and assignments) happen on ``day``, Vietnam time."""
    documents.ws.clock = fixed_clock(dt.datetime.combine(day, dt.time(9, 30), tzinfo=VN_TZ))


def receive(documents: DocumentService, day: dt.date, number: str, **fields: str) -> Document:
    on(documents, day)
    data = {
        "from_org_id": "000.00.00.G09",
        "from_org_name": "Bộ Nội vụ",
        "code_number": number,
        "code_notation": "QĐ-BNV",
        "issued_date": (day - dt.timedelta(days=3)).isoformat(),
        "doc_type": "QĐ",
        "subject": "Về việc khen thưởng",
        **fields,
    }
    return documents.register_incoming(IncomingDraft.from_mapping(data, today=day))


def send(documents: DocumentService, day: dt.date, **fields: object) -> Document:
    on(documents, day)
    args = {"doc_type_value": "QĐ", "subject": "Về việc ban hành quy chế", **fields}
    return documents.register_outgoing(OutgoingDraft.build(**args))


@pytest.fixture
def incoming_book(documents: DocumentService) -> list[Document]:
    first = receive(documents, JAN, "12")
    documents.assign(first.id, "Phòng Tổ chức")
    second = receive(
        documents,
        MAR,
        "7",
        from_org_id="000.00.29.H29",
        from_org_name="Sở Nội vụ tỉnh Đắk Lắk",
        code_notation="SNV-TCCB",
        doc_type="CV",
        subject="Về việc tuyển dụng viên chức",
    )
    documents.cancel(second.id, "Vào sổ nhầm")
    third = receive(
        documents, NOV, "30", doc_type="BC", code_notation="BC-BNV", subject="Tình hình lũ lụt"
    )
    documents.edit(third.id, {"note": "Trình lãnh đạo"})
    return [documents.get(d.id) for d in (first, second, third)]


@pytest.fixture
def outgoing_book(documents: DocumentService) -> list[Document]:
    first = send(
        documents,
        JAN,
        signer="Nguyễn Văn Ánh",
        recipients="Các sở, ban, ngành",
        copies=5,
    )
    second = send(documents, MAR, doc_type_value="CV", unit="VP", subject="Về việc báo cáo")
    documents.cancel(second.id, "Ký nhầm")
    third = send(documents, NOV, doc_type_value="TB", subject="Kết luận cuộc họp")
    return [documents.get(d.id) for d in (first, second, third)]


# --- PDF -------------------------------------------------------------------------------------


def test_incoming_pdf_has_cover_headings_and_entries(workspace, incoming_book, tmp_path):
    out = tmp_path / "so-den.pdf"
    result = export_register(workspace, kind=Direction.INCOMING, fmt="pdf", out=out, year=2026)

    assert result == RegisterExport(out, 3, 1, 3, JAN, NOV)
    cover = pdf_text(out, 1, 1)
    for text in (
        "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK",
        "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN",
        "Năm: 2026",
        "Từ ngày 05/01/2026 đến ngày 26/11/2026",
        "Từ số 01 đến số 03",
        "Quyển số: 1",
    ):
        assert text in cover
    table = squashed(pdf_text(out, 2, layout=False))
    for heading in INCOMING_HEADINGS:
        assert heading in table
    assert squashed(" ".join(f"({i})" for i in range(1, 11))) in table

    lines = pdf_text(out, 2).splitlines()
    (first,) = [line for line in lines if "12/QĐ-BNV" in line]
    assert squashed(first).startswith("05/01/2026 01 Bộ Nội vụ 12/QĐ-BNV 02/01/2026")
    assert "Quyết định Về việc khen thưởng" in first
    assert "Phòng Tổ chức" in first
    (cancelled,) = [line for line in lines if "07/SNV-TCCB" in line]
    assert "Công văn Về việc tuyển dụng viên chức" in cancelled
    assert "Đã hủy" in cancelled
    (third,) = [line for line in lines if "30/BC-BNV" in line]
    assert "Báo cáo Tình hình lũ lụt" in third
    assert "Đã hủy" not in first + third
    assert "Trình lãnh" in pdf_text(out, 2)


def test_outgoing_pdf_columns(workspace, outgoing_book, tmp_path):
    out = tmp_path / "so-di.pdf"
    export_register(workspace, kind=Direction.OUTGOING, fmt="pdf", out=out, year=2026, volume=2)

    cover = pdf_text(out, 1, 1)
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in cover
    assert "Quyển số: 2" in cover
    assert "Từ số 01 đến số 03" in cover
    assert "ĐẾN" not in cover
    assert all(h in squashed(pdf_text(out, 2, layout=False)) for h in OUTGOING_HEADINGS)
    lines = pdf_text(out, 2).splitlines()
    (first,) = [line for line in lines if "01/QĐ-UBND" in line]
    assert squashed(first).startswith("01/QĐ-UBND 05/01/2026 Quyết định Về việc ban hành quy chế")
    assert "Nguyễn Văn Ánh" in first
    assert "Các sở, ban, ngành" in first
    assert re.search(r"\s5(\s|$)", first)
    (second,) = [line for line in lines if "02/UBND-VP" in line]
    assert "Công văn Về việc báo cáo" in second
    assert "Đã hủy" in second
    (third,) = [line for line in lines if "03/TB-UBND" in line]
    assert "Thông báo Kết luận cuộc họp" in third


def test_pdf_is_landscape_a4_with_embedded_fonts_and_a_title(workspace, incoming_book, tmp_path):
    out = tmp_path / "so.pdf"
    export_register(workspace, kind=Direction.INCOMING, fmt="pdf", out=out, year=2026)

    info = run("pdfinfo", out)
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert (round(width), round(height)) == (842, 595)  # A4 landscape
    assert re.search(r"^Title:\s+Sổ đăng ký văn bản đến", info, re.M)
    fonts = run("pdffonts", out).splitlines()[2:]
    assert fonts, "no fonts listed"
    for row in fonts:
        assert "LiberationSerif" in row
        assert re.search(r"\byes\s+yes\s+yes\b", row), row  # embedded, subset, unicode map


def test_a_long_register_repeats_its_header_on_every_page(
    workspace, documents, tmp_path, monkeypatch
):
    # Small batches and chunks: the streaming boundaries fall inside the pages.
    from app.store import register_books as books_sql

    monkeypatch.setattr(books_sql, "FETCH_ROWS", 7)
    monkeypatch.setattr(register_books, "CHUNK_ROWS", 5)
    on(documents, MAR)
    subject = "Về việc phê duyệt kế hoạch phòng chống lụt bão năm 2026 trên địa bàn huyện"
    rows = [
        {
            "from_org_id": "000.00.00.G09",
            "from_org_name": "Bộ Nội vụ",
            "code_number": str(n),
            "code_notation": "QĐ-BNV",
            "issued_date": "2026-03-01",
            "doc_type": "QĐ",
            "subject": f"{subject} số {n}",
        }
        for n in range(1, 241)
    ]
    report = documents.import_incoming(enumerate(rows, start=1))
    assert report.imported == 240
    out = tmp_path / "dai.pdf"

    result = export_register(workspace, kind=Direction.INCOMING, fmt="pdf", out=out, year=2026)

    assert (result.rows, result.first_number, result.last_number) == (240, 1, 240)
    pages = pdf_pages(out)
    assert pages > 3
    for page in (2, 3, pages):
        assert all(h in squashed(pdf_text(out, page, page, False)) for h in INCOMING_HEADINGS)
        assert f"Trang {page}" in pdf_text(out, page, page)
    text = pdf_text(out)
    positions = [text.find(f"{n:02d}/QĐ-BNV") for n in range(1, 241)]
    assert -1 not in positions
    assert positions == sorted(positions)  # every entry once, in number order


def test_empty_selection_prints_cover_and_empty_table(workspace, incoming_book, tmp_path):
    out = tmp_path / "2025.pdf"
    result = export_register(workspace, kind=Direction.INCOMING, fmt="pdf", out=out, year=2025)

    assert (result.rows, result.first_number, result.last_number) == (0, None, None)
    assert pdf_pages(out) == 2
    assert "Năm: 2025" in pdf_text(out, 1, 1)
    table = squashed(pdf_text(out, 2, layout=False))
    assert all(h in table for h in INCOMING_HEADINGS)
    assert "Không có văn bản nào" in table


# --- CSV -------------------------------------------------------------------------------------


def test_incoming_csv_has_bom_headings_and_the_pdf_values(workspace, incoming_book, tmp_path):
    out = tmp_path / "so-den.csv"
    result = export_register(workspace, kind=Direction.INCOMING, fmt="csv", out=out, year=2026)

    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = read_csv(out)
    assert rows[0] == INCOMING_HEADINGS
    assert rows[1:] == [
        ["05/01/2026", "01", "Bộ Nội vụ", "12/QĐ-BNV", "02/01/2026",
         "Quyết định Về việc khen thưởng", "Phòng Tổ chức", "05/01/2026", "", ""],
        ["10/03/2026", "02", "Sở Nội vụ tỉnh Đắk Lắk", "07/SNV-TCCB", "07/03/2026",
         "Công văn Về việc tuyển dụng viên chức", "", "", "", "Đã hủy: Vào sổ nhầm"],
        ["26/11/2026", "03", "Bộ Nội vụ", "30/BC-BNV", "23/11/2026",
         "Báo cáo Tình hình lũ lụt", "", "", "", "Trình lãnh đạo"],
    ]  # fmt: skip
    assert result.rows == 3


def test_outgoing_csv(workspace, outgoing_book, tmp_path):
    out = tmp_path / "so-di.csv"
    export_register(workspace, kind=Direction.OUTGOING, fmt="csv", out=out, year=2026)

    rows = read_csv(out)
    assert rows[0] == OUTGOING_HEADINGS
    assert rows[1] == [
        "01/QĐ-UBND", "05/01/2026", "Quyết định Về việc ban hành quy chế", "Nguyễn Văn Ánh",
        "Các sở, ban, ngành", "", "5", "", "", "",
    ]  # fmt: skip
    assert rows[2][0] == "02/UBND-VP"
    assert rows[2][-1] == "Đã hủy: Ký nhầm"
    assert rows[3][:3] == ["03/TB-UBND", "26/11/2026", "Thông báo Kết luận cuộc họp"]


# --- selection -------------------------------------------------------------------------------


def notations(path: Path, column: int) -> list[str]:
    return [row[column] for row in read_csv(path)[1:]]


@pytest.mark.parametrize(
    ("date_from", "date_to", "expected"),
    [
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), ["07/SNV-TCCB"]),
        (MAR, MAR, ["07/SNV-TCCB"]),  # both ends included
        (MAR, None, ["07/SNV-TCCB", "30/BC-BNV"]),
        (None, dt.date(2026, 3, 9), ["12/QĐ-BNV"]),
        (dt.date(2026, 3, 11), dt.date(2026, 11, 25), []),
    ],
)
def test_incoming_date_range_selects_on_arrival(
    workspace, incoming_book, tmp_path, date_from, date_to, expected
):
    out = tmp_path / "range.csv"
    result = export_register(
        workspace,
        kind=Direction.INCOMING,
        fmt="csv",
        out=out,
        date_from=date_from,
        date_to=date_to,
    )
    assert notations(out, 3) == expected
    assert result.rows == len(expected)
    assert result.date_from == (date_from or JAN)
    assert result.date_to == (date_to or NOV)


def test_outgoing_date_range_selects_on_issue_date(workspace, outgoing_book, tmp_path):
    out = tmp_path / "di.pdf"
    result = export_register(
        workspace,
        kind=Direction.OUTGOING,
        fmt="pdf",
        out=out,
        year=2026,
        date_from=dt.date(2026, 2, 1),
        date_to=dt.date(2026, 12, 31),
    )
    assert (result.rows, result.first_number, result.last_number) == (2, 2, 3)
    text = pdf_text(out)
    assert "Từ ngày 01/02/2026 đến ngày 31/12/2026" in text
    assert "Từ số 02 đến số 03" in text
    assert "01/QĐ-UBND" not in text
    assert "02/UBND-VP" in text
    assert "03/TB-UBND" in text


def test_without_year_or_dates_the_current_year(workspace, incoming_book, tmp_path):
    out = tmp_path / "nam-nay.csv"
    result = export_register(workspace, kind=Direction.INCOMING, fmt="csv", out=out)
    assert result.rows == 3


def test_register_code_picks_a_register(workspace, documents, outgoing_book, tmp_path):
    secret = send(documents, NOV, subject="Về việc bảo vệ bí mật", secret=True)
    out = tmp_path / "mat.pdf"
    result = export_register(
        workspace, kind=Direction.OUTGOING, fmt="pdf", out=out, year=2026, register_code="di-mat"
    )
    assert result.rows == 1
    text = pdf_text(out)
    assert secret.notation in text
    assert "Sổ đăng ký văn bản đi (mật)" in pdf_text(out, 1, 1)
    assert "02/UBND-VP" not in text

    with pytest.raises(InvalidInput) as caught:
        export_register(workspace, kind=Direction.OUTGOING, fmt="csv", out=out, register_code="den")
    assert (caught.value.field, caught.value.problem) == ("register", "wrong_direction")


# --- files -----------------------------------------------------------------------------------


def test_unknown_format_is_refused(workspace, tmp_path):
    out = tmp_path / "so.xlsx"
    with pytest.raises(InvalidInput) as caught:
        export_register(workspace, kind=Direction.INCOMING, fmt="xlsx", out=out, year=2026)
    assert (caught.value.field, caught.value.problem, caught.value.value) == (
        "format",
        "unknown",
        "xlsx",
    )
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["pdf", "csv"])
def test_missing_folder_is_unwritable_and_nothing_is_created(workspace, tmp_path, fmt):
    out = tmp_path / "khong-co" / f"so.{fmt}"
    with pytest.raises(InvalidInput) as caught:
        export_register(workspace, kind=Direction.INCOMING, fmt=fmt, out=out, year=2026)
    assert (caught.value.field, caught.value.problem, caught.value.value) == (
        "output",
        "unwritable",
        str(out),
    )
    assert not out.parent.exists()


def test_a_folder_in_the_way_is_unwritable_and_no_temporary_file_stays(workspace, tmp_path):
    target = tmp_path / "out" / "so.pdf"
    target.mkdir(parents=True)
    with pytest.raises(InvalidInput) as caught:
        export_register(workspace, kind=Direction.INCOMING, fmt="pdf", out=target, year=2026)
    assert caught.value.problem == "unwritable"
    assert sorted(p.name for p in target.parent.iterdir()) == ["so.pdf"]
    assert target.is_dir()


@pytest.mark.parametrize("fmt", ["pdf", "csv"])
@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), InvalidInput),
        (RuntimeError(), RuntimeError),
    ],
)
def test_a_failed_export_leaves_the_existing_file_untouched(
    workspace, incoming_book, tmp_path, monkeypatch, fmt, error, expected
):
    out = tmp_path / f"so.{fmt}"
    out.write_bytes(b"the register printed last week")

    def fail(fd: int) -> None:
        raise error

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(expected):
        export_register(workspace, kind=Direction.INCOMING, fmt=fmt, out=out, year=2026)
    assert out.read_bytes() == b"the register printed last week"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [out.name]


def test_export_replaces_an_existing_file(workspace, incoming_book, tmp_path):
    out = tmp_path / "so.csv"
    out.write_text("old")
    export_register(workspace, kind=Direction.INCOMING, fmt="csv", out=out, year=2026)
    assert read_csv(out)[0] == INCOMING_HEADINGS
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["so.csv"]


# --- progress, cancel, selection --------------------------------------------------------------


@pytest.fixture
def long_book(documents: DocumentService) -> int:
    """70 incoming entries (more than two progress steps, not a multiple of one)."""
    on(documents, MAR)
    rows = [
        {"from_org_id": "000.00.00.G09", "from_org_name": "Bộ Nội vụ", "code_number": str(n),
         "code_notation": "CV-BNV", "issued_date": "2026-03-01", "doc_type": "CV",
         "subject": f"Về việc số {n}"}
        for n in range(1, 71)
    ]  # fmt: skip
    assert documents.import_incoming(enumerate(rows, start=1)).imported == 70
    return 70


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """A folder of its own (the workspace lives in tmp_path too)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("fmt", ["pdf", "csv"])
def test_progress_counts_up_to_the_total_counted_first(workspace, long_book, outdir, fmt):
    out = outdir / f"so.{fmt}"
    calls: list[tuple[int, int, bool]] = []
    result = export_register(
        workspace, kind=Direction.INCOMING, fmt=fmt, out=out, year=2026,
        progress=lambda done, total: calls.append((done, total, out.exists())),
    )  # fmt: skip
    assert result.rows == long_book
    assert calls[0] == (0, long_book, False)  # the total is known before any row is written
    assert {total for _, total, _ in calls} == {long_book}
    done = [d for d, _, _ in calls]
    assert done == sorted(done) and len(set(done)) >= 3  # it moves, and never backwards
    assert calls[-1] == (long_book, long_book, True)  # the last call: the file is in place
    assert not any(there for _, _, there in calls[:-1])


@pytest.mark.parametrize("fmt", ["pdf", "csv"])
def test_cancel_midway_writes_nothing_and_keeps_the_old_file(workspace, long_book, outdir, fmt):
    out = outdir / f"so.{fmt}"
    out.write_bytes(b"the register printed last week")
    stop, seen = threading.Event(), []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done >= 25:
            stop.set()

    with pytest.raises(Cancelled) as caught:
        export_register(
            workspace, kind=Direction.INCOMING, fmt=fmt, out=out, year=2026,
            progress=progress, cancel=stop,
        )  # fmt: skip
    assert caught.value.operation == "register_export"
    assert 25 <= caught.value.data["rows"] < long_book
    assert max(seen) < long_book
    assert out.read_bytes() == b"the register printed last week"
    assert leftovers(outdir) == [out.name]  # no temporary file beside it
    assert describe(caught.value, "vi") == "Đã dừng xuất sổ; không có tệp nào bị ghi dở."
    assert "stopped" in describe(caught.value, "en")


def test_cancel_before_the_start_creates_no_file(workspace, long_book, outdir):
    stop = threading.Event()
    stop.set()
    out = outdir / "so.pdf"
    with pytest.raises(Cancelled):
        export_register(
            workspace, kind=Direction.INCOMING, fmt="pdf", out=out, year=2026, cancel=stop
        )
    assert leftovers(outdir) == []


def test_cancel_after_the_last_row_still_writes_nothing(workspace, long_book, outdir):
    stop = threading.Event()
    out = outdir / "so.csv"

    def progress(done: int, total: int) -> None:
        if done == total:  # every row out; the file not yet in place
            stop.set()

    with pytest.raises(Cancelled):
        export_register(
            workspace, kind=Direction.INCOMING, fmt="csv", out=out, year=2026,
            progress=progress, cancel=stop,
        )  # fmt: skip
    assert leftovers(outdir) == []


def test_an_empty_selection_can_be_refused(workspace, incoming_book, outdir):
    out = outdir / "2025.csv"
    with pytest.raises(InvalidInput) as caught:
        export_register(
            workspace, kind=Direction.INCOMING, fmt="csv", out=out, year=2025, allow_empty=False
        )
    assert (caught.value.field, caught.value.problem) == ("register", "no_entries")
    assert "không có văn bản nào" in describe(caught.value, "vi")
    assert not out.exists()


def test_select_register_counts_without_writing(workspace, incoming_book, outdir):
    whole = select_register(workspace, kind=Direction.INCOMING, year=2026)
    assert (whole.rows, whole.first_number, whole.last_number) == (3, 1, 3)
    assert (whole.date_from, whole.date_to, whole.year_text) == (JAN, NOV, "2026")
    assert whole.register.code == "den"
    spring = select_register(
        workspace, kind="incoming", date_from=dt.date(2026, 2, 1), date_to=dt.date(2026, 6, 30)
    )
    assert (spring.rows, spring.first_number, spring.last_number) == (1, 2, 2)
    assert spring.year_text == "2026"
    assert select_register(workspace, kind=Direction.OUTGOING, register_code="di-mat").rows == 0
    with pytest.raises(InvalidInput):
        select_register(workspace, kind=Direction.INCOMING, register_code="di")


def export_events(workspace) -> list[dict]:
    rows = workspace.conn.execute(
        "SELECT details FROM events WHERE action = 'export' ORDER BY id"
    ).fetchall()
    return [json.loads(r[0]) for r in rows]


def test_the_desk_records_an_export_and_not_a_cancelled_one(workspace, long_book, outdir):
    desk = Desk(workspace)
    out = outdir / "so-den.csv"
    result = desk.export_register(kind=Direction.INCOMING, fmt="CSV", out=out, year=2026)
    assert result.rows == long_book
    (event,) = export_events(workspace)
    assert (event["kind"], event["format"], event["rows"]) == ("incoming", "csv", long_book)
    assert (event["file"], event["year"]) == (str(out), 2026)
    assert (event["date_from"], event["date_to"]) == ("2026-03-10", "2026-03-10")

    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        desk.export_register(kind=Direction.INCOMING, fmt="pdf", out=outdir / "x.pdf",
                             year=2026, cancel=stop)  # fmt: skip
    assert len(export_events(workspace)) == 1
