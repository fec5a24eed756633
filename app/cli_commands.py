"""The commands behind ``vanthu`` (app/cli.py builds the parser). Thin: each one calls a
service and prints what came back."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

from app.cli import EXIT_AUDIT, EXIT_INVALID, Context, optional_date, read_jsonl, vi
from app.clock import vn_today
from app.documents import DocumentService
from app.drafts import IncomingDraft, OutgoingDraft
from app.errors import BatchProblem, InvalidInput, WorkspaceError
from app.messages import describe, status_label
from app.model import Direction, Document, doc_type, parse_date, urgency
from app.search import SearchFilters, SearchService
from app.signature_checks import StoredReport
from app.store.history import verify_chain
from app.workspace import Workspace

# ------------------------------------------------------------------------------ tables ---


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cut(text: str, width: int) -> str:
    return text if _width(text) <= width else text[: max(width - 1, 1)] + "…"


def table(
    headers: list[str], rows: list[list[Any]], max_widths: dict[int, int] | None = None
) -> str:
    max_widths = max_widths or {}
    cells = [[str(c) for c in headers]] + [[("" if c is None else str(c)) for c in r] for r in rows]
    cells = [[_cut(c, max_widths.get(i, 60)) for i, c in enumerate(r)] for r in cells]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "  ".join(c + " " * (widths[i] - _width(c)) for i, c in enumerate(row)).rstrip()
        )
        if n == 0:
            lines.append("  ".join("─" * w for w in widths))
    return "\n".join(lines)


def _terminal_marks(snippet: str) -> str:
    bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("[", "]")
    text = snippet.replace("<mark>", bold).replace("</mark>", plain)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _dmy(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}" if iso and len(iso) >= 10 else ""


def _number_cell(d: Document) -> str:
    return f"{d.number}/{d.year}" if d.number is not None else "—"


def document_rows(docs: list[Document]) -> str:
    if not docs:
        return vi("(không có văn bản)", "(no documents)")
    headers = [
        "ID",
        vi("Sổ", "Reg."),
        vi("Số", "No."),
        vi("Số, ký hiệu", "Number/symbol"),
        vi("Ngày", "Date"),
        vi("Cơ quan ban hành", "Issuer"),
        vi("Trích yếu", "Subject"),
        vi("Trạng thái", "Status"),
    ]
    rows = [
        [
            d.id,
            d.register_code,
            _number_cell(d),
            d.notation,
            _dmy(d.issued_date),
            d.issuer_name,
            d.subject,
            status_label("cancelled" if d.cancelled else d.status),
        ]
        for d in docs
    ]
    return table(headers, rows, {5: 28, 6: 60})


def document_detail(d: Document) -> str:
    labels = [
        (
            vi("Văn bản", "Document"),
            f"{d.id} ({vi('đến', 'incoming') if d.direction == Direction.INCOMING else vi('đi', 'outgoing')})",
        ),
        (
            vi("Sổ / số", "Register / no."),
            f"{d.register_code} {d.number}/{d.year}"
            if d.number is not None
            else f"{d.register_code} — " + vi("chưa cấp số", "not numbered yet"),
        ),
        (vi("Số, ký hiệu", "Number and symbol"), d.notation),
        (vi("Loại", "Type"), d.type_name),
        (vi("Ngày ban hành", "Issue date"), _dmy(d.issued_date)),
        (vi("Ngày đến", "Arrival date"), _dmy(d.arrival_date)),
        (vi("Cơ quan ban hành", "Issuer"), f"{d.issuer_name} ({d.issuer_id})"),
        (vi("Trích yếu", "Subject"), d.subject),
        (vi("Người ký", "Signer"), " — ".join(x for x in (d.position, d.signer) if x)),
        (vi("Độ khẩn / độ mật", "Urgency / secrecy"), level_words(d)),
        (vi("Hạn xử lý", "Due date"), _dmy(d.due_date)),
        (vi("Xử lý", "Handling"), " ".join(x for x in (d.assignee, _dmy(d.handed_on)) if x)),
        (vi("Nơi nhận", "Recipients"), d.recipients or d.to_places),
        (vi("Trạng thái", "Status"), status_label("cancelled" if d.cancelled else d.status)),
        (
            vi("Tệp", "File"),
            f"{d.file_name} ({d.file_size:,} B, sha256 {d.file_sha256[:12]}…)"
            if d.file_sha256
            else "",
        ),
    ]
    width = max(_width(k) for k, _ in labels)
    return "\n".join(f"{k}{' ' * (width - _width(k))}  {v}" for k, v in labels if v)


def level_words(d: Document) -> str:
    from app.model import (
        CONFIDENTIALITY_LABELS,
        URGENCY_LABELS,
        Confidentiality,
        Urgency,
    )

    return (
        f"{URGENCY_LABELS.get(Urgency(d.urgency), d.urgency)} / "
        f"{CONFIDENTIALITY_LABELS.get(Confidentiality(d.confidentiality), d.confidentiality)}"
    )


def document_json(d: Document, versions: int | None = None, **extra: Any) -> dict[str, Any]:
    data = d.summary()
    if d.number is None:
        data["notation"] = None  # not numbered yet
    data.update(
        signer=d.signer,
        position=d.position,
        assignee=d.assignee or None,
        recipients=d.recipients or None,
        file={"name": d.file_name, "sha256": d.file_sha256, "size": d.file_size}
        | ({"versions": versions} if versions is not None else {})
        if d.file_sha256
        else None,
    )
    data.update(extra)
    return data


# ------------------------------------------------------------------------------ commands ---


def cmd_init(ctx: Context) -> int:
    a = ctx.args
    ws = Workspace.create(ctx.home, a.org_id, a.org_name, a.org_abbr)
    org = ws.organisation
    ws.close()
    ctx.emit(
        {"home": str(ctx.home), "org_id": org.organ_id, "org_name": org.name, "org_abbr": org.abbr},
        vi(
            f"Đã tạo kho dữ liệu cho {org.name} ({org.organ_id}) tại {ctx.home}",
            f"Workspace for {org.name} ({org.organ_id}) created at {ctx.home}",
        ),
    )
    return 0


def _index_after_register(ctx: Context, ws: Workspace, ids: list[int]) -> None:
    """Small files right away; large ones in a background process, so the number is
    printed without waiting for PDFium."""
    if ctx.desk().extract_texts(ids):
        subprocess.Popen(
            [sys.executable, "-m", "app.cli", "--home", str(ws.paths.home), "index", "--quiet"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )


def cmd_incoming_add(ctx: Context) -> int:
    a = ctx.args
    ws = ctx.workspace()
    draft = IncomingDraft.from_mapping(
        {
            k: v
            for k, v in {
                "from_org_id": a.from_org_id,
                "from_org_name": a.from_org_name,
                "code_number": a.number,
                "code_notation": a.notation,
                "issued_date": a.date,
                "doc_type": a.doc_type,
                "subject": a.subject,
                "signer": a.signer,
                "position": a.position,
                "due_date": a.due,
                "urgency": a.urgency,
                "confidentiality": a.confidentiality,
                "document_id": a.document_id,
                "file": a.file,
            }.items()
            if v is not None
        },
        today=vn_today(ws.clock),
    )
    registered = ctx.desk().register_incoming(draft, force=a.force, register=a.register)
    doc, checked = registered.document, registered.signatures
    if registered.signature_error is not None:
        print(vi("Không kiểm tra được chữ ký số: ", "Signatures not checked: ")
              + describe(registered.signature_error), file=sys.stderr)  # fmt: skip
    line = vi(
        f"Đã vào sổ đến: số đến {doc.number}/{doc.year} — {doc.notation} (mã {doc.id})",
        f"Registered: arrival number {doc.number}/{doc.year} — {doc.notation} (id {doc.id})",
    )
    if checked is not None:
        line += "\n" + _signature_line(checked)
    ctx.emit(document_json(doc, signatures=_signatures_json(checked)), line)
    _index_after_register(ctx, ws, [doc.id])
    return 0


def _problem_text(problem: BatchProblem) -> str:
    if isinstance(problem.error, InvalidInput):  # says its line itself
        return describe(problem.error)
    return f"{vi('Dòng', 'Line')} {problem.line}: {describe(problem.error)}"


def cmd_incoming_import(ctx: Context) -> int:
    ws = ctx.workspace()
    started = time.perf_counter()
    report = ctx.desk().import_incoming(read_jsonl(Path(ctx.args.file)), register=ctx.args.register)
    verdicts = report.signatures
    data = {
        "signatures": verdicts,
        "imported": report.imported,
        "first_number": report.first_number,
        "last_number": report.last_number,
        "duplicates": report.duplicates,
        "errors": [
            {**e, "message": _problem_text(p)}
            for e, p in zip(report.errors, report.problems, strict=True)
        ],
        "seconds": round(time.perf_counter() - started, 3),
    }

    def text() -> str:
        lines = [
            vi(f"Đã vào sổ {report.imported} văn bản", f"Registered {report.imported} documents")
            + (
                f" ({vi('số đến', 'numbers')} {report.first_number}–{report.last_number})"
                if report.imported
                else ""
            )
        ]
        for d in report.duplicates:
            lines.append(
                vi(
                    f"Dòng {d['line']}: trùng văn bản đã có ({d['notation']}), không vào sổ",
                    f"Line {d['line']}: duplicate of a registered document ({d['notation']}), skipped",
                )
            )
        lines.extend(_problem_text(p) for p in report.problems)
        if verdicts:
            from app.messages_verify import verify_label

            lines.append(
                vi("Chữ ký số: ", "Digital signatures: ")
                + ", ".join(
                    f"{verify_label('verdict', k)} {n}" for k, n in sorted(verdicts.items())
                )
            )
        return "\n".join(lines)

    ctx.emit(data, text)
    _index_after_register(ctx, ws, report.documents)
    return 0 if not report.problems else EXIT_INVALID


def cmd_outgoing_add(ctx: Context) -> int:
    a = ctx.args
    ws = ctx.workspace()
    draft = OutgoingDraft.build(
        doc_type_value=a.doc_type,
        subject=a.subject,
        unit=a.unit,
        secret=a.secret,
        confidentiality_value=a.confidentiality,
        urgency_value=a.urgency,
        signer=a.signer,
        position=a.position,
        recipients=a.recipients,
        copies=a.copies,
        due_date=a.due,
        file=a.file,
    )
    doc = DocumentService(ws).register_outgoing(draft, register=a.register)
    ctx.emit(
        document_json(doc),
        vi(
            f"Đã cấp số: {doc.notation} (sổ {doc.register_code}, mã {doc.id})",
            f"Numbered: {doc.notation} (register {doc.register_code}, id {doc.id})",
        ),
    )
    _index_after_register(ctx, ws, [doc.id])
    return 0


def filters_from(args: Any) -> SearchFilters:
    if getattr(args, "doc_type", None):
        doc_type(args.doc_type)  # refuse an unknown type with a clear message
    return SearchFilters(
        direction=Direction(args.direction) if args.direction else None,
        register=args.register,
        year=args.year,
        doc_type=args.doc_type,
        issuer=args.issuer,
        urgency=urgency(args.urgency).value if args.urgency else None,
        status=args.status,
        date_from=optional_date(args.date_from, "issued_date"),
        date_to=optional_date(args.date_to, "issued_date"),
    )


def cmd_list(ctx: Context) -> int:
    """A page in any sort, read through the keyset page API; ``--offset`` (register order
    only) skips rows the slow way round, for scripts that count pages."""
    from contextlib import closing

    from app.store.pages import PageRequest, RegisterPages

    a, filters = ctx.args, filters_from(ctx.args)
    svc = DocumentService(ctx.workspace())
    if a.offset:
        if a.after or a.sort != "register" or not a.descending:
            raise InvalidInput("offset", "with_cursor", value=a.offset)
        started = time.perf_counter()
        docs, total = svc.list(filters, limit=a.limit, offset=a.offset)
        elapsed, token = (time.perf_counter() - started) * 1000, None
    else:
        with closing(ctx.workspace().reader()) as conn:
            pages = RegisterPages(conn)
            page = pages.page(PageRequest(filters, a.sort, a.descending, a.limit, after=a.after))
            total = pages.count(filters)
        docs = [svc.get(row.id) for row in page.rows]
        elapsed, token = page.elapsed_ms, page.next and page.next.token()
    data = {"documents": [document_json(d) for d in docs], "total": total, "next": token}
    data |= {"sort": a.sort, "descending": a.descending, "elapsed_ms": round(elapsed, 3)}
    ctx.emit(
        data,
        lambda: (
            document_rows(docs)
            + "\n"
            + vi(f"{len(docs)} / {total} văn bản", f"{len(docs)} of {total} documents")
            + (
                vi(f"\nTrang sau: --after {token}", f"\nNext page: --after {token}")
                if token
                else ""
            )
        ),
    )
    return 0


def _signature_line(checked: StoredReport) -> str:
    from app.messages_verify import verify_label

    label = verify_label("verdict", checked.verdict)
    if checked.verdict == "unsigned":
        return vi(f"Chữ ký số: {label}", f"Digital signatures: {label}")
    return vi(
        f"Chữ ký số: {label} ({checked.signatures} chữ ký, kiểm tra lúc {checked.checked_at})",
        f"Digital signatures: {label} ({checked.signatures}, checked at {checked.checked_at})",
    )


def _signatures_json(checked: StoredReport | None) -> dict[str, Any] | None:
    if checked is None:
        return None
    return {
        "verdict": checked.verdict,
        "count": checked.signatures,
        "checked_at": checked.checked_at,
        "report": checked.report,
    }


def cmd_show(ctx: Context) -> int:
    from app import signature_checks

    svc = DocumentService(ctx.workspace())
    doc = svc.get(ctx.args.id, record_view=True)
    checked = signature_checks.latest(ctx.workspace(), doc.id)
    events = svc.history(doc.id)
    versions = svc.versions(doc.id)
    mains = [v for v in versions if v.kind == "main"]
    history = [
        {"id": e.id, "at": e.at, "actor": e.actor, "action": e.action, "details": e.details}
        for e in events
    ]

    def text() -> str:
        lines = [document_detail(doc)]
        if checked is not None:
            lines.append(_signature_line(checked))
        if len(versions) > 1:
            lines += ["", vi("Các phiên bản tệp:", "File versions:")]
            for v in versions:
                kind = vi("đính kèm", "attachment") + f" {v.position}" if v.kind != "main" else ""
                lines.append(
                    f"  {v.version:>2}  {v.created_at}  {v.role:<10} {v.sha256[:12]}…  "
                    f"{v.name} {kind}".rstrip()
                )
        lines += ["", vi("Lịch sử xử lý:", "History:")]
        for e in events:
            what = (
                ", ".join(
                    f"{k}: {e.details['before'][k]!r} → {v!r}"
                    for k, v in e.details.get("after", {}).items()
                )
                if e.action != "register"
                else ""
            )
            lines.append(f"  {e.at}  {e.actor:<12} {e.action:<8} {what}".rstrip())
        return "\n".join(lines)

    files = [
        {"kind": v.kind, "position": v.position, "version": v.version, "sha256": v.sha256,
         "name": v.name, "size": v.size, "role": v.role, "at": v.created_at}
        for v in versions
    ]  # fmt: skip
    ctx.emit(
        document_json(
            doc, len(mains), history=history, signatures=_signatures_json(checked), files=files
        ),
        text,
    )
    return 0


def cmd_search(ctx: Context) -> int:
    if not ctx.args.query.strip():
        raise InvalidInput("query", "missing")
    if not 1 <= ctx.args.limit <= 1000:
        raise InvalidInput("limit", "out_of_range", value=ctx.args.limit)
    ws = ctx.workspace()
    result = SearchService(ws.conn).search(ctx.args.query, filters_from(ctx.args), ctx.args.limit)
    data = {
        "query": result.query,
        "hits": [h.as_json() for h in result.hits],
        "total": result.total,
        "total_is_estimate": result.total_is_estimate,
        "elapsed_ms": round(result.elapsed_ms, 3),
    }

    def text() -> str:
        if not result.hits:
            return vi("Không tìm thấy văn bản nào.", "Nothing found.")
        lines = []
        for h in result.hits:
            lines.append(f"{h.id:>6}  {h.notation:<18} {_dmy(h.date)}  {h.issuer}")
            lines.append(f"        {_terminal_marks(h.snippet)}")
        more = "≥ " if result.total_is_estimate else ""
        lines.append(
            vi(
                f"{len(result.hits)} kết quả đầu / {more}{result.total} văn bản khớp ({result.elapsed_ms:.1f} ms)",
                f"first {len(result.hits)} of {more}{result.total} matches ({result.elapsed_ms:.1f} ms)",
            )
        )
        return "\n".join(lines)

    ctx.emit(data, text)
    return 0


def _parse_sets(pairs: list[str]) -> dict[str, str]:
    changes = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidInput("set", "malformed", value=pair, expected="subject=…")
        changes[key.strip().replace("-", "_")] = value
    return changes


def cmd_edit(ctx: Context) -> int:
    doc = DocumentService(ctx.workspace()).edit(
        ctx.args.id, _parse_sets(ctx.args.set), reason=ctx.args.reason
    )
    ctx.emit(document_json(doc), vi(f"Đã sửa văn bản {doc.id}.", f"Document {doc.id} updated."))
    return 0


def cmd_assign(ctx: Context) -> int:
    doc = DocumentService(ctx.workspace()).assign(
        ctx.args.id, ctx.args.assignee, due_date=ctx.args.due
    )
    ctx.emit(
        document_json(doc),
        vi(
            f"Đã chuyển văn bản {doc.id} cho {doc.assignee}.",
            f"Document {doc.id} assigned to {doc.assignee}.",
        ),
    )
    return 0


def cmd_set_status(ctx: Context) -> int:
    doc = DocumentService(ctx.workspace()).set_status(
        ctx.args.id, ctx.args.status, reason=ctx.args.reason
    )
    ctx.emit(
        document_json(doc),
        vi(
            f"Văn bản {doc.id}: {status_label(doc.status)}.",
            f"Document {doc.id}: {status_label(doc.status)}.",
        ),
    )
    return 0


def cmd_cancel(ctx: Context) -> int:
    doc = DocumentService(ctx.workspace()).cancel(ctx.args.id, ctx.args.reason)
    ctx.emit(
        document_json(doc),
        vi(
            f"Đã hủy văn bản {doc.id}; số {doc.number} vẫn giữ trong sổ.",
            f"Document {doc.id} cancelled; number {doc.number} stays in the register.",
        ),
    )
    return 0


def cmd_index(ctx: Context) -> int:
    run = ctx.desk().texts.run()
    if not ctx.args.quiet:
        ctx.emit(
            run.__dict__,
            vi(
                f"Đã trích xuất nội dung {run.done} tệp; lỗi {run.failed}; còn chờ {run.pending}.",
                f"Extracted the text of {run.done} files; {run.failed} failed; {run.pending} waiting.",
            ),
        )
    return 0


def cmd_register_export(ctx: Context) -> int:
    from app.register_books import export_register

    a = ctx.args
    if a.year is None and not (a.date_from or a.date_to):
        raise InvalidInput("year", "missing")
    ws = ctx.workspace()
    result = export_register(
        ws,
        kind=Direction(a.kind),
        fmt=a.fmt,
        out=Path(a.output),
        year=a.year,
        date_from=parse_date(a.date_from, "date_from") if a.date_from else None,
        date_to=parse_date(a.date_to, "date_to") if a.date_to else None,
        register_code=a.register_code,
    )
    DocumentService(ws).record_export(
        {
            "kind": a.kind,
            "format": a.fmt,
            "year": a.year,
            "rows": result.rows,
            "file": str(result.path),
        }
    )
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


def cmd_draft_add(ctx: Context) -> int:
    a = ctx.args
    draft = OutgoingDraft.build(
        doc_type_value=a.doc_type, subject=a.subject, unit=a.unit, secret=a.secret,
        confidentiality_value=a.confidentiality, urgency_value=a.urgency, signer=a.signer,
        position=a.position, recipients=a.recipients, copies=a.copies, due_date=a.due,
        file=a.file,
    )  # fmt: skip
    doc = ctx.desk().outgoing.create_draft(draft, attachments=a.attach, register=a.register)
    attachments = ctx.desk().outgoing.attachments(doc.id)
    ctx.emit(
        document_json(
            doc, 1, attachments=[{"name": x.name, "sha256": x.sha256} for x in attachments]
        ),
        vi(
            f"Đã tạo dự thảo {doc.id}: {doc.type_name} {doc.notation} — chưa cấp số (sổ"
            f" {doc.register_code}); {len(attachments)} tệp đính kèm.",
            f"Draft {doc.id} created: {doc.type_name} {doc.notation} — not numbered yet"
            f" (register {doc.register_code}); {len(attachments)} attachments.",
        ),
    )
    return 0


def cmd_file(ctx: Context) -> int:
    a = ctx.args
    out = ctx.desk().export_file(a.id, Path(a.output), version=a.version)
    size = out.stat().st_size
    ctx.emit(
        {"document": a.id, "path": str(out), "version": a.version, "size": size},
        vi(f"Đã ghi tệp của văn bản {a.id} ra {out} ({size:,} byte).",
           f"Document {a.id}'s file written to {out} ({size:,} bytes)."),
    )  # fmt: skip
    return 0


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
            build_demo(home, incoming=a.incoming, outgoing=a.outgoing, progress=progress)
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
        out.write(f"{h.id:>6}  {h.notation:<18} {_terminal_marks(h.snippet)}\n")
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
