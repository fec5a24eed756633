"""The office's housekeeping commands behind ``vanthu``: registers and their books, the
history audit, the organisation, the demo workspace."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from app.cli import EXIT_AUDIT, Context, vi
from app.cli_format import document_rows, table, terminal_marks
from app.documents import DocumentService
from app.errors import InvalidInput, WorkspaceError
from app.model import Direction, parse_date
from app.search import SearchFilters, SearchService
from app.store.history import verify_chain


def cmd_register_export(ctx: Context) -> int:
    a = ctx.args
    if a.year is None and not (a.date_from or a.date_to):
        raise InvalidInput("year", "missing")
    terminal = not ctx.json and sys.stderr.isatty()
    shown = [False]  # a progress line is on the terminal

    def progress(done: int, total: int) -> None:
        if terminal and total:
            counted = vi(f"{done:,}/{total:,} dòng".replace(",", "."), f"{done:,}/{total:,} rows")
            print(f"\r  {counted}", end="", file=sys.stderr, flush=True)
            shown[0] = True

    try:
        result = ctx.desk().export_register(
            kind=Direction(a.kind),
            fmt=a.fmt,
            out=Path(a.output),
            year=a.year,
            date_from=parse_date(a.date_from, "date_from") if a.date_from else None,
            date_to=parse_date(a.date_to, "date_to") if a.date_to else None,
            register_code=a.register_code,
            progress=progress,
        )
    finally:
        if shown[0]:
            print(file=sys.stderr, flush=True)
    ctx.emit(
        {
            "path": str(result.path),
            "rows": result.rows,
            "first_number": result.first_number,
            "last_number": result.last_number,
        },
        vi(
            f"Đã xuất sổ ({result.rows} dòng) ra {result.path}",
            f"Register exported ({result.rows} rows) to {result.path}",
        ),
    )
    return 0


def cmd_register_list(ctx: Context) -> int:
    ws = ctx.workspace()
    from app.store.settings import register_summary

    data = register_summary(ws.conn)
    ctx.emit(
        {"registers": data},
        lambda: table(
            [
                vi("Mã", "Code"),
                vi("Sổ", "Register"),
                vi("Năm", "Year"),
                vi("Số văn bản", "Documents"),
                vi("Số cuối", "Last no."),
                vi("Đã hủy", "Cancelled"),
            ],
            [
                [
                    d["code"],
                    d["name"],
                    d["year"] or "",
                    d["documents"],
                    d["last_number"] or "",
                    d["cancelled"],
                ]
                for d in data
            ],
        ),
    )
    return 0


def cmd_register_add(ctx: Context) -> int:
    a = ctx.args
    reg = ctx.workspace().add_register(a.code, a.name, Direction(a.direction), a.series)
    ctx.emit(
        {
            "code": reg.code,
            "name": reg.name,
            "direction": reg.direction.value,
            "series": reg.series,
        },
        vi(f"Đã thêm sổ {reg.code}: {reg.name}", f"Register {reg.code} added: {reg.name}"),
    )
    return 0


def cmd_audit_verify(ctx: Context) -> int:
    ws = ctx.workspace()
    report = verify_chain(ws.conn)
    problems = {
        "hash_mismatch": vi("nội dung đã bị sửa", "its content was altered"),
        "missing_event": vi("thiếu sự kiện", "an event is missing"),
        "unreadable": vi("không đọc được", "it cannot be read"),
    }
    if report.problem == "document_changed":
        broken = vi(
            f"Văn bản {report.changed_document} đã bị sửa trực tiếp trong cơ sở dữ liệu, không"
            " qua chương trình: lịch sử không còn xác nhận nội dung hiện tại của nó.",
            f"Document {report.changed_document} was edited directly in the database, outside"
            " the program: its history no longer vouches for what it holds now.",
        )
    else:
        broken = vi(
            f"Lịch sử bị thay đổi: sự kiện {report.first_broken} — {problems.get(report.problem, report.problem)}.",
            f"History broken at event {report.first_broken}: {problems.get(report.problem, report.problem)}.",
        )
    ctx.emit(
        {
            "ok": report.ok,
            "events": report.events,
            "first_broken": report.first_broken,
            "problem": report.problem or None,
            "documents": report.documents,
            "changed_document": report.changed_document,
        },
        vi(
            f"Lịch sử toàn vẹn: {report.events} sự kiện, chuỗi băm khớp; {report.documents} văn"
            " bản đúng như lịch sử ghi nhận.",
            f"History intact: {report.events} events, hash chain verified; {report.documents}"
            " documents as their history says.",
        )
        if report.ok
        else broken,
    )
    return 0 if report.ok else EXIT_AUDIT


def cmd_org_set(ctx: Context) -> int:
    a = ctx.args
    if a.org_id is None and a.org_name is None and a.org_abbr is None:
        raise InvalidInput("org_id", "missing")
    org = ctx.workspace().set_organisation(org_id=a.org_id, name=a.org_name, abbr=a.org_abbr)
    ctx.emit(
        {"org_id": org.organ_id, "org_name": org.name, "org_abbr": org.abbr},
        vi(f"Cơ quan: {org.name} ({org.organ_id}), viết tắt {org.abbr}.",
           f"Organisation: {org.name} ({org.organ_id}), abbreviation {org.abbr}."),
    )  # fmt: skip
    return 0


def cmd_org_show(ctx: Context) -> int:
    org = ctx.workspace().organisation
    ctx.emit(
        {"org_id": org.organ_id, "org_name": org.name, "org_abbr": org.abbr},
        vi(f"Cơ quan: {org.name} ({org.organ_id}), viết tắt {org.abbr}.",
           f"Organisation: {org.name} ({org.organ_id}), abbreviation {org.abbr}."),
    )  # fmt: skip
    return 0


def cmd_demo(ctx: Context) -> int:
    from app.demo import build_demo

    a = ctx.args
    home = ctx.home
    if (home / "vanthu.db").exists():
        if not _looks_like_demo(home):  # a real office's workspace is never touched
            raise WorkspaceError("already_initialised", str(home))
        if a.rebuild:
            shutil.rmtree(home)
    if not (home / "vanthu.db").exists():
        existed = home.exists()
        if not ctx.json:
            print(
                vi(
                    f"Đang tạo kho dữ liệu mẫu tại {home} …",
                    f"Building the demo workspace at {home} …",
                ),
                flush=True,
            )

        def progress(done: int, total: int) -> None:
            if not ctx.json and sys.stderr.isatty():
                print(
                    f"\r  {done * 100 // max(total, 1):3d} %", end="", file=sys.stderr, flush=True
                )

        try:
            # the window's composition root adds tokens, drafts and the exchange (ui/demo_cli.py)
            build = getattr(a, "demo_builder", None) or build_demo
            build(home, incoming=a.incoming, outgoing=a.outgoing, progress=progress)
        except BaseException:
            if not existed:  # never leave a half-built demo behind
                shutil.rmtree(home, ignore_errors=True)
            raise
        (home / ".demo").touch()
    ws = ctx.workspace()
    svc = DocumentService(ws)
    incoming, n_in = svc.list(SearchFilters(direction=Direction.INCOMING), limit=10)
    outgoing, n_out = svc.list(SearchFilters(direction=Direction.OUTGOING), limit=10)
    query = "ke hoach phong chong"
    result = SearchService(ws.conn).search(query, limit=5)
    if ctx.json:
        ctx.emit(
            {
                "home": str(home),
                "incoming": n_in,
                "outgoing": n_out,
                "search": [h.as_json() for h in result.hits],
            },
            "",
        )
        return 0
    org = ws.organisation
    out = ctx.out
    out.write(f"\nVanThu Desk — {org.name} ({org.organ_id})  [{home}]\n\n")
    out.write(
        vi(
            f"SỔ ĐĂNG KÝ VĂN BẢN ĐẾN — {n_in} văn bản (10 mới nhất)",
            f"INCOMING REGISTER — {n_in} documents (latest 10)",
        )
        + "\n"
    )
    out.write(document_rows(incoming) + "\n\n")
    out.write(
        vi(
            f"SỔ ĐĂNG KÝ VĂN BẢN ĐI — {n_out} văn bản (10 mới nhất)",
            f"OUTGOING REGISTER — {n_out} documents (latest 10)",
        )
        + "\n"
    )
    out.write(document_rows(outgoing) + "\n\n")
    out.write(
        vi(f"TÌM KIẾM «{query}» (gõ không dấu)", f"SEARCH «{query}» (typed without diacritics)")
        + "\n"
    )
    for h in result.hits:
        out.write(f"{h.id:>6}  {h.notation:<18} {terminal_marks(h.snippet)}\n")
    out.write(
        vi(
            f"{result.total} văn bản khớp, {result.elapsed_ms:.1f} ms\n",
            f"{result.total} matches, {result.elapsed_ms:.1f} ms\n",
        )
    )
    out.write(
        "\n"
        + vi(
            f'Thử thêm: vanthu --home {home} search "quyet dinh" · list --direction incoming · show ID · register export --kind incoming --year {incoming[0].year if incoming else 2026} --format pdf -o so-den.pdf',
            f'Try: vanthu --home {home} search "quyet dinh" · list --direction incoming · show ID · register export --kind incoming --year {incoming[0].year if incoming else 2026} --format pdf -o incoming.pdf',
        )
        + "\n"
    )
    return 0


def _looks_like_demo(home: Path) -> bool:
    return (home / ".demo").exists()
