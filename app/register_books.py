"""Printed registers: the outgoing and incoming books of ND30 appendix IV (sections I and VI),
as a PDF to print and bind (cover, then the ten columns with their header on every page) or as a
CSV (docs/domain.md §4). Entries are read with ``fetchmany`` and laid out a chunk at a time, so a
year of 100,000 entries never sits in memory whole. The file goes to a temporary file beside the
target and is renamed into place: a failed export leaves nothing half-written behind.

``year`` selects the register year (numbers restart on 1 January); a date range selects on the
arrival date (incoming) or the issue date (outgoing); with neither, the current year. Cancelled
entries are printed like the others, marked "Đã hủy" in the Ghi chú column."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import IO, Any, NamedTuple
from xml.sax.saxutils import escape

from app.clock import vn_today
from app.errors import Cancelled, InvalidInput
from app.fileio import write_atomically
from app.model import Direction, Register, doc_type, format_number
from app.store import register_books as books_sql
from app.textfold import fold
from app.workspace import Workspace

CHUNK_ROWS = 50  # rows per laid-out piece of table
CANCELLED_MARK = "Đã hủy"
NO_ENTRIES = "Không có văn bản nào được đăng ký trong thời gian này."
TITLES = {Direction.OUTGOING: "SỔ ĐĂNG KÝ VĂN BẢN ĐI", Direction.INCOMING: "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"}
HEADINGS = {
    Direction.OUTGOING: (
        "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung",
        "Người ký", "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản",
        "Ngày chuyển", "Ký nhận", "Ghi chú",
    ),
    Direction.INCOMING: (
        "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng",
        "Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận",
        "Ghi chú",
    ),
}  # fmt: skip
# Column widths as shares of the printable width; centred columns; the "Tên loại…" column.
_WIDTHS = {
    Direction.OUTGOING: (10.5, 7.5, 25, 9.5, 13, 9, 6, 7.5, 5.5, 6.5),
    Direction.INCOMING: (7.5, 5.5, 14, 10, 7.5, 24, 11, 7.5, 6, 7),
}
_CENTRED = {Direction.OUTGOING: {1, 6, 7}, Direction.INCOMING: {0, 1, 4, 7}}
_SUMMARY = {Direction.OUTGOING: 2, Direction.INCOMING: 5}


@dataclass(frozen=True)
class RegisterExport:
    """What was written: the file, how many entries, their numbers and the period covered."""

    path: Path
    rows: int
    first_number: int | None
    last_number: int | None
    date_from: dt.date | None
    date_to: dt.date | None


class Entry(NamedTuple):
    number: int
    values: tuple[str, ...]  # the ten columns, as printed
    type_name: str
    cancelled: bool


@dataclass(frozen=True)
class RegisterSelection:
    """The entries an export would write, counted before anything is read: the register,
    how many entries, their first and last numbers and the period the book covers."""

    register: Register
    year: int | None
    rows: int
    first_number: int | None
    last_number: int | None
    date_from: dt.date | None
    date_to: dt.date | None
    query: books_sql.BookQuery  # closed at the newest entry when counted

    @property
    def year_text(self) -> str:
        if self.year:
            return str(self.year)
        return "–".join(sorted({f"{d:%Y}" for d in (self.date_from, self.date_to) if d}))


@dataclass(frozen=True)
class _Book:
    """What the cover and the running footer show."""

    kind: Direction
    register: Register
    organisation: str
    year_text: str
    volume: int
    planned: RegisterExport  # the numbers and dates of the selection, before writing


ProgressFn = Callable[[int, int], None]  # rows written so far, rows in total
PROGRESS_EVERY = 25  # rows between two progress calls (and the last row always)


def select_register(
    workspace: Workspace,
    *,
    kind: Direction,
    year: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    register_code: str | None = None,
) -> RegisterSelection:
    """Which entries a book of ``kind`` (a year and/or a date range; with neither, this
    year) holds: counted and bounded in two short queries, no entry read. The window shows
    it while the clerk chooses; ``export_register`` starts with it."""
    try:
        kind = Direction(kind)
    except ValueError:
        raise InvalidInput("kind", "unknown", value=kind) from None
    if year is not None and not 1945 <= year <= 9999:
        raise InvalidInput("year", "out_of_range", value=year)
    date_from, date_to = (
        d.date() if isinstance(d, dt.datetime) else d for d in (date_from, date_to)
    )
    if date_from and date_to and date_from > date_to:
        raise InvalidInput("date_to", "before_date_from", value=date_to.isoformat())
    if year is None and date_from is None and date_to is None:
        year = vn_today(workspace.clock).year
    register = workspace.register(register_code) if register_code else workspace.register_for(kind)
    if register.direction != kind:
        raise InvalidInput("register", "wrong_direction", value=register.code)

    conn = workspace.conn
    found = books_sql.bounds(
        conn,
        books_sql.book_query(
            register.id, kind.value, year=year,
            date_from=date_from and date_from.isoformat(),
            date_to=date_to and date_to.isoformat(),
        ),
    )  # fmt: skip
    first, last = books_sql.first_and_last_number(conn, found.query)
    shown_from = date_from or _date(found.first_day) or (dt.date(year, 1, 1) if year else None)
    shown_to = date_to or _date(found.last_day) or (dt.date(year, 12, 31) if year else None)
    return RegisterSelection(
        register, year, found.rows, first, last, shown_from, shown_to, found.query
    )


def export_register(
    workspace: Workspace,
    *,
    kind: Direction,
    fmt: str,
    out: Path,
    year: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    register_code: str | None = None,
    volume: int = 1,
    allow_empty: bool = True,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> RegisterExport:
    """Write the register of ``kind`` (a year and/or a date range) to ``out`` as PDF or CSV.

    ``progress(rows written, rows in total)`` is called as the rows go out (the total is
    counted first) and once more when the file is in place. Setting ``cancel`` stops the
    export at the next row: nothing is written (an older file of that name stays as it was)
    and ``Cancelled`` is raised. Without ``allow_empty``, a selection without entries is an
    ``InvalidInput("register", "no_entries")`` instead of a book with an empty table."""
    fmt, out = str(fmt).strip().lower(), Path(out)
    if fmt not in ("pdf", "csv"):
        raise InvalidInput("format", "unknown", value=fmt)
    if not isinstance(volume, int) or volume < 1:
        raise InvalidInput("volume", "out_of_range", value=volume)
    selection = select_register(
        workspace, kind=kind, year=year, date_from=date_from, date_to=date_to,
        register_code=register_code,
    )  # fmt: skip
    kind, total = Direction(kind), selection.rows
    if not total and not allow_empty:
        raise InvalidInput("register", "no_entries", value=selection.register.name)
    planned = RegisterExport(
        out, 0, selection.first_number, selection.last_number, selection.date_from,
        selection.date_to,
    )  # fmt: skip
    book = _Book(
        kind, selection.register, workspace.organisation.name, selection.year_text, volume, planned
    )
    seen: list[Any] = [None, None, 0]  # first and last number written, and how many

    def stop_if_cancelled() -> None:
        if cancel is not None and cancel.is_set():
            raise Cancelled("register_export", rows=seen[2], total=total, path=str(out))

    def entries() -> Iterator[Entry]:
        for row in books_sql.entries(workspace.conn, selection.query):
            stop_if_cancelled()
            entry = _entry(kind, row)
            seen[0] = entry.number if seen[0] is None else seen[0]
            seen[1] = entry.number
            yield entry
            seen[2] += 1  # asked for the next one: this one is written (or laid out)
            if progress is not None and (seen[2] % PROGRESS_EVERY == 0 or seen[2] == total):
                progress(seen[2], total)
        stop_if_cancelled()

    def write(stream: IO[Any]) -> None:
        if fmt == "pdf":
            _write_pdf(stream, book, entries())
        else:
            _write_csv(stream, kind, entries())
        stop_if_cancelled()  # the last moment before the file takes its place

    stop_if_cancelled()
    if progress is not None:
        progress(0, total)
    write_atomically(out, fmt == "pdf", write)
    if progress is not None:
        progress(seen[2], total)
    return RegisterExport(out, seen[2], seen[0], seen[1], selection.date_from, selection.date_to)


# --- entries ---------------------------------------------------------------------------------


@cache
def _type_name(key: str) -> str:
    try:
        return doc_type(key).name
    except InvalidInput:
        return key


def _date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


def _ddmmyyyy(value: str | dt.date | None, missing: str = "") -> str:
    day = _date(value) if isinstance(value, str) else value
    return f"{day:%d/%m/%Y}" if day else (value or missing)


def _entry(kind: Direction, row: tuple[Any, ...]) -> Entry:
    (number, code_number, notation, issued, type_key, subject, issuer, signer, arrival,
     assignee, handed_on, recipients, copies, note, cancelled, cancel_details) = row  # fmt: skip
    code = f"{code_number}/{notation}" if notation else str(code_number)
    type_name = _type_name(type_key)
    # "Kế hoạch" + "Kế hoạch phòng chống…" would say the type twice.
    said = fold(subject).startswith(fold(type_name) + " ")
    summary = subject if said else f"{type_name} {subject}".strip()
    remarks = []
    if cancelled:
        reason = ""
        with contextlib.suppress(ValueError, TypeError, AttributeError):
            reason = str(json.loads(cancel_details or "{}").get("reason") or "")
        remarks.append(f"{CANCELLED_MARK}: {reason}" if reason else CANCELLED_MARK)
    if note:
        remarks.append(note)
    remark = "; ".join(remarks)
    if kind is Direction.OUTGOING:
        values = (code, _ddmmyyyy(issued), summary, signer, recipients, assignee, str(copies),
                  _ddmmyyyy(handed_on), "", remark)  # fmt: skip
    else:
        values = (_ddmmyyyy(arrival), format_number(number), issuer, code, _ddmmyyyy(issued),
                  summary, assignee, _ddmmyyyy(handed_on), "", remark)  # fmt: skip
    return Entry(number, values, type_name, bool(cancelled))


# --- files -----------------------------------------------------------------------------------


def _write_csv(stream: IO[str], kind: Direction, entries: Iterator[Entry]) -> None:
    writer = csv.writer(stream)
    writer.writerow(HEADINGS[kind])
    writer.writerows(entry.values for entry in entries)


# --- PDF -------------------------------------------------------------------------------------


def _write_pdf(stream: IO[bytes], book: _Book, entries: Iterator[Entry]) -> None:
    from reportlab import platypus as rl
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.fonts import register_fonts

    family, kind, title = register_fonts(), book.kind, TITLES[book.kind]
    body = ParagraphStyle("cell", fontName=family, fontSize=9, leading=11)
    centred = ParagraphStyle("centred", body, alignment=TA_CENTER)
    heading = ParagraphStyle("heading", centred, fontName=f"{family}-Bold")
    page_w, page_h = landscape(A4)
    margin = 14 * mm
    width, height = page_w - 2 * margin, page_h - 2 * margin
    widths = [width * share / 100 for share in _WIDTHS[kind]]
    grid = [
        ("FONT", (0, 0), (-1, -1), family, 9, 11), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *(("ALIGN", (c, 0), (c, -1), "CENTER") for c in _CENTRED[kind]),
    ]  # fmt: skip
    header = rl.Table(
        [[rl.Paragraph(escape(h), heading) for h in HEADINGS[kind]],
         [rl.Paragraph(f"({i})", centred) for i in range(1, 11)]],
        colWidths=widths,
        style=[*grid, ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
               ("BACKGROUND", (0, 0), (-1, -1), colors.Color(0.92, 0.92, 0.92))],
    )  # fmt: skip
    header_h = header.wrap(width, height)[1]
    rows_h = height - header_h

    class Cell(rl.Paragraph):
        """A paragraph that breaks its lines once per width: tables wrap each cell again to
        split and to draw."""

        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            if getattr(self, "_wrapped", (None,))[0] != avail_w:
                self._wrapped = (avail_w, super().wrap(avail_w, avail_h))
            return self._wrapped[1]

    def cell(entry: Entry, column: int) -> Any:
        value = entry.values[column]
        bold = entry.type_name if column == _SUMMARY[kind] else ""
        if column == 9 and entry.cancelled:
            bold = CANCELLED_MARK
        if not bold and stringWidth(value, family, 9) <= widths[column] - 6:
            return value  # a plain string needs no line breaking: much faster for 100,000 rows
        text = f"<b>{escape(value[: len(bold)])}</b>{escape(value[len(bold) :])}"
        return Cell(text, centred if column in _CENTRED[kind] else body)

    def too_tall(entry: Entry, row: list[Any]) -> bool:
        if max(map(len, entry.values)) < 200:  # a page holds 40 lines of the narrowest column
            return False
        cells = [(p, w) for p, w in zip(row, widths, strict=True) if not isinstance(p, str)]
        return 5 + max(p.wrap(w - 6, rows_h)[1] for p, w in cells) > rows_h

    def tables(chunk: list[Entry]) -> list[Any]:
        """Rows stay whole across pages, except one taller than a page, which has to be cut."""
        out: list[Any] = []
        rows: list[list[Any]] = []
        for entry in chunk:
            row = [cell(entry, c) for c in range(10)]
            if not too_tall(entry, row):
                rows.append(row)
                continue
            if rows:
                out.append(rl.Table(rows, colWidths=widths, style=grid))
                rows = []
            out.append(rl.Table([row], colWidths=widths, style=grid, splitInRow=1))
        if rows:
            out.append(rl.Table(rows, colWidths=widths, style=grid))
        return out

    class RowFeeder(rl.Flowable):
        """Takes the next chunk of entries when the layout reaches it (as DocWhile does)."""

        _ZEROSIZE = True

        def __init__(self, first: bool = False) -> None:
            super().__init__()
            self.first, self.fed = first, False

        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            if not self.fed:
                self.fed = True
                chunk = list(islice(entries, CHUNK_ROWS))
                if chunk:
                    self._frame.add_generated_content(*tables(chunk), RowFeeder())
                elif self.first:
                    notice = rl.Paragraph(f"<i>{escape(NO_ENTRIES)}</i>", centred)
                    style = [*grid, ("SPAN", (0, 0), (-1, 0))]
                    empty = rl.Table([[notice] + [""] * 9], colWidths=widths, style=style)
                    self._frame.add_generated_content(empty)
            return 0, 0

        def draw(self) -> None:
            pass

    running = f"{title.capitalize()} · {book.organisation} · Năm {book.year_text}"
    running += f" · Quyển số {book.volume}"

    def cover_page(canv: Any, doc: Any) -> None:
        canv.saveState()
        for inset, weight in ((8 * mm, 1.6), (9.5 * mm, 0.5)):
            canv.setLineWidth(weight)
            canv.rect(inset, inset, page_w - 2 * inset, page_h - 2 * inset)
        canv.restoreState()

    def table_page(canv: Any, doc: Any) -> None:
        canv.saveState()
        header.drawOn(canv, margin, page_h - margin - header_h)
        canv.setFont(f"{family}-Italic", 8)
        canv.drawString(margin, margin / 2, running)
        canv.drawRightString(page_w - margin, margin / 2, f"Trang {doc.page}")
        canv.restoreState()

    doc = rl.BaseDocTemplate(
        stream, pagesize=(page_w, page_h), leftMargin=margin, rightMargin=margin,
        topMargin=margin, bottomMargin=margin, pageCompression=1, lang="vi-VN",
        initialFontName=family, initialFontSize=9, creator="VanThu Desk", author=book.organisation,
        title=f"{book.register.name} – {book.organisation} – năm {book.year_text}",
        subject=f"{title} (Nghị định 30/2020/NĐ-CP, Phụ lục IV)",
    )  # fmt: skip
    no_pad = {"leftPadding": 0, "rightPadding": 0, "topPadding": 0, "bottomPadding": 0}
    doc.addPageTemplates([
        rl.PageTemplate("cover", [rl.Frame(margin, margin, width, height)], onPage=cover_page),
        rl.PageTemplate("rows", [rl.Frame(margin, margin, width, rows_h, **no_pad)],
                        onPage=table_page),
    ])  # fmt: skip

    def line(text: str, size: float, bold: bool = False, after: float = 6) -> Any:
        font = f"{family}-Bold" if bold else family
        style = ParagraphStyle(f"cover{size}{bold}", centred, fontName=font, fontSize=size,
                               leading=size * 1.3, spaceAfter=after)  # fmt: skip
        return rl.Paragraph(text, style)

    dots = "……"
    plan = book.planned
    since, until = _ddmmyyyy(plan.date_from, dots), _ddmmyyyy(plan.date_to, dots)
    first = format_number(plan.first_number) if plan.first_number else dots
    last = format_number(plan.last_number) if plan.last_number else dots
    cover = [
        rl.Spacer(1, 16),
        line(escape(book.organisation.upper()), 14, bold=True, after=2),
        rl.HRFlowable(width="22%", thickness=0.7, color=colors.black, spaceAfter=0),
        rl.Spacer(1, 120),
        line(escape(title), 30, bold=True, after=10),
    ]
    if book.register.name.upper() != title:  # the secret or copy series, or an office's own
        cover.append(line(f"<i>({escape(book.register.name)})</i>", 14))
    cover += [
        line(f"Năm: {escape(book.year_text or dots)}", 18, bold=True),
        rl.Spacer(1, 110),
        line(f"Từ ngày {since} đến ngày {until}", 14),
        line(f"Từ số {first} đến số {last}", 14),
        line(f"Quyển số: {book.volume}", 14),
    ]
    doc.build([*cover, rl.NextPageTemplate("rows"), rl.PageBreak(), RowFeeder(first=True)])


__all__ = [
    "CANCELLED_MARK",
    "HEADINGS",
    "TITLES",
    "Entry",
    "ProgressFn",
    "RegisterExport",
    "RegisterSelection",
    "export_register",
    "select_register",
]
