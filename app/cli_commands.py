"""The commands behind ``vanthu`` (app/cli.py builds the parser). Thin: each one calls a
service and prints what came back."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from app.cli import EXIT_INVALID, Context, optional_date, vi
from app.cli_format import (
    dmy,
    document_detail,
    document_json,
    document_rows,
    signature_line,
    signatures_json,
    terminal_marks,
)
from app.clock import vn_today
from app.documents import DocumentService
from app.drafts import IncomingDraft, OutgoingDraft
from app.errors import BatchProblem, InvalidInput
from app.messages import describe, status_label
from app.model import Direction, doc_type, urgency
from app.search import SearchFilters, SearchService
from app.workspace import Workspace

# ------------------------------------------------------------------------------ tables ---


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
        line += "\n" + signature_line(checked)
    ctx.emit(document_json(doc, signatures=signatures_json(checked)), line)
    _index_after_register(ctx, ws, [doc.id])
    return 0


def _problem_text(problem: BatchProblem) -> str:
    if isinstance(problem.error, InvalidInput):  # says its line itself
        return describe(problem.error)
    return f"{vi('Dòng', 'Line')} {problem.line}: {describe(problem.error)}"


def cmd_incoming_import(ctx: Context) -> int:
    ws = ctx.workspace()
    started = time.perf_counter()
    report = ctx.desk().import_incoming_file(Path(ctx.args.file), register=ctx.args.register)
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
            lines.append(signature_line(checked))
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
            before = e.details.get("before") or {}
            what = (
                ", ".join(
                    f"{k}: {before[k]!r} → {v!r}" if k in before else f"{k}: {v!r}"
                    for k, v in (e.details.get("after") or {}).items()
                )
                if e.action not in ("register", "draft")  # creation: the fields are above
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
            doc, len(mains), history=history, signatures=signatures_json(checked), files=files
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
            lines.append(f"{h.id:>6}  {h.notation:<18} {dmy(h.date)}  {h.issuer}")
            lines.append(f"        {terminal_marks(h.snippet)}")
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
