"""`vanthu` commands of the desk on the axis: ``axis config``, ``sync``, ``send``, ``status``,
``handle``, ``respond``, ``revoke``, ``recipients``, ``outbox``, ``directory refresh|search``.

Exit codes: 0 done; 2 bad input; 4 not found; 8 the axis did not answer (transient: the work
waits in the outbox); 9 the axis refused (permanent)."""

from __future__ import annotations

import sys
import time
from typing import Any

from app.errors import InvalidInput

EXIT_TRANSIENT, EXIT_PERMANENT = 8, 9


def _status_words(code: str | None) -> str:
    from app.messages import axis_status_label

    return axis_status_label(code)


def register_desk_commands(sub: Any, axis_sub: Any) -> None:
    from app.cli import DOC_ID, LIMIT

    p = axis_sub.add_parser("config", help="this desk's axis endpoint, system id and secret")
    p.add_argument("--endpoint", required=True)
    p.add_argument("--system-id", required=True)
    p.add_argument("--secret-stdin", action="store_true", required=True)
    p.add_argument("--ca-bundle", default="", help="CA bundle for TLS (default: the system's)")
    p.add_argument("--timeout", type=float, default=30.0)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_axis_config)

    p = sub.add_parser("sync", help="send the outbox and receive from the axis")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="one round (the default)")
    mode.add_argument("--watch", action="store_true", help="keep going until stopped")
    p.add_argument("--interval", type=float, default=30.0, help="seconds between rounds")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("send", help="send an outgoing document over the axis")
    p.add_argument("id", type=DOC_ID)
    p.add_argument("--to", nargs="+", required=True, metavar="ORG_ID")
    p.add_argument("--allow-unsigned", action="store_true")
    p.add_argument("--update", action="store_true", help="an update of a document sent before")
    p.add_argument("--replaces", type=DOC_ID, metavar="DOC_ID", help="replaces this sent document")
    p.add_argument("--reason", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_send)

    p = sub.add_parser("status", help="answer the sender of an incoming document (02…06, 15, 16)")
    p.add_argument("id", type=DOC_ID)
    p.add_argument("--code", required=True, choices=["02", "03", "04", "05", "06", "15", "16"])
    p.add_argument("--reason", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser(
        "handle", help="accept (03), reject (02), assign (04), start (05) or finish (06) an"
        " incoming document: the register changes and its sender is told",
    )  # fmt: skip
    p.add_argument("id", type=DOC_ID)
    p.add_argument("action", choices=["accept", "reject", "assign", "start", "finish"])
    p.add_argument("--reason", default="", help="reject: why (the sender reads it)")
    p.add_argument("--to", default="", metavar="UNIT_OR_PERSON", help="assign: who handles it")
    p.add_argument("--due", default=None, metavar="YYYY-MM-DD", help="assign: the deadline")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_handle)

    p = sub.add_parser(
        "respond", help="answer the sender's take-back, update or replacement: 15 or 16"
    )
    p.add_argument("id", type=DOC_ID)
    agree = p.add_mutually_exclusive_group(required=True)
    agree.add_argument("--agree", action="store_true", help="15")
    agree.add_argument("--disagree", action="store_true", help="16 (needs --reason)")
    p.add_argument("--reason", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_respond)

    p = sub.add_parser("revoke", help="take back a document sent over the axis")
    p.add_argument("id", type=DOC_ID)
    p.add_argument("--reason", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_revoke)

    p = sub.add_parser("recipients", help="every recipient's latest status of a sent document")
    p.add_argument("id", type=DOC_ID)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_recipients)

    p = sub.add_parser("outbox", help="what waits to be sent, and what failed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_outbox)

    d = sub.add_parser("directory", help="the agency directory of the axis (cached)")
    d_sub = d.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = d_sub.add_parser("refresh", help="download the directory from the axis")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_directory_refresh)
    p = d_sub.add_parser("search", help="find organisations, diacritics optional")
    p.add_argument("text")
    p.add_argument("--limit", type=LIMIT, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_directory_search)


def _vi(a: str, b: str) -> str:
    from app.cli import vi

    return vi(a, b)


def _desk(ctx: Any) -> Any:
    from sync.desk import ExchangeDesk

    return ExchangeDesk(ctx.workspace())


def cmd_axis_config(ctx: Any) -> int:
    a = ctx.args
    secret = sys.stdin.readline().rstrip("\r\n")
    if not secret:
        raise InvalidInput("secret", "missing")
    config = _desk(ctx).configure(
        a.endpoint, a.system_id, secret, ca_bundle=a.ca_bundle, timeout=a.timeout
    )
    del secret
    ctx.emit(
        {"endpoint": config.endpoint, "system_id": config.system_id},
        _vi(f"Đã lưu cấu hình Trục: {config.endpoint} (hệ thống {config.system_id}).",
            f"Axis settings saved: {config.endpoint} (system {config.system_id})."),
    )  # fmt: skip
    return 0


def cmd_sync(ctx: Any) -> int:
    desk = _desk(ctx)
    client = desk.client()
    try:
        while True:
            result = desk.sync_once(client)
            report = result.report
            ctx.emit(
                result.as_json(),
                lambda r=result: _report_text(r.report) + _upgrade_text(r.upgrades),
            )
            if not ctx.args.watch:
                break
            time.sleep(max(ctx.args.interval, 0.5))
    finally:
        client.close()
    if report.send_failed:
        return EXIT_PERMANENT
    return EXIT_TRANSIENT if report.errors else 0


def _upgrade_text(outcomes: list[dict[str, Any]]) -> str:
    done = sum(o.get("status") == "upgraded" for o in outcomes)
    if not outcomes:
        return ""
    return "\n" + _vi(
        f"Bổ sung dữ liệu dài hạn cho văn bản đã ký ngoại tuyến: {done}/{len(outcomes)}.",
        f"Long-term data added to documents signed offline: {done}/{len(outcomes)}.",
    )


def _report_text(r: Any) -> str:
    from app.messages import describe

    text = _vi(
        f"Đã gửi {r.sent}; đã nhận {r.received} văn bản, {r.statuses} trạng thái; trùng {r.duplicates};"
        f" cách ly {r.quarantined}; lỗi gửi {r.send_failed}; còn chờ {r.waiting}.",
        f"Sent {r.sent}; received {r.received} documents, {r.statuses} statuses; duplicates"
        f" {r.duplicates}; quarantined {r.quarantined}; refused {r.send_failed}; waiting {r.waiting}.",
    )
    if r.error is not None:  # say what happened: refused, rejected, or not answering
        text += "\n" + describe(r.error)
        if getattr(r.error, "transient", False):
            text += " " + _vi(
                "Các việc còn lại vẫn nằm trong hàng chờ và sẽ được thử lại sau.",
                "The rest stays in the outbox and will be tried again later.",
            )
    return text


def cmd_send(ctx: Any) -> int:
    a = ctx.args
    msg_id = _desk(ctx).send(
        a.id, a.to, allow_unsigned=a.allow_unsigned, update=a.update, replaces=a.replaces,
        reason=a.reason,
    )  # fmt: skip
    ctx.emit(
        {"document": a.id, "to": a.to, "msg_id": msg_id},
        _vi(f"Đã đưa văn bản {a.id} vào hàng gửi tới {', '.join(a.to)} (gửi khi chạy vanthu sync).",
            f"Document {a.id} queued for {', '.join(a.to)} (sent by vanthu sync)."),
    )  # fmt: skip
    return 0


def cmd_status(ctx: Any) -> int:
    a = ctx.args
    msg_id = _desk(ctx).answer(a.id, a.code, a.reason)
    word = _status_words(a.code)
    ctx.emit(
        {"document": a.id, "code": a.code, "msg_id": msg_id},
        _vi(f"Đã đưa trạng thái {a.code} ({word}) của văn bản {a.id} vào hàng gửi.",
            f"Status {a.code} ({word}) of document {a.id} queued."),
    )  # fmt: skip
    return 0


def cmd_handle(ctx: Any) -> int:
    from sync.incoming import ACTIONS, IncomingActions

    a = ctx.args
    actions = IncomingActions(ctx.workspace())
    if a.action == "reject":
        doc = actions.reject(a.id, a.reason)
    elif a.action == "assign":
        doc = actions.assign(a.id, a.to, due_date=a.due)
    else:
        doc = getattr(actions, a.action)(a.id)
    sender = actions.sender_of(doc.id)
    code = ACTIONS[a.action][1]
    told = (
        _vi(f" Trạng thái {code} được đưa vào hàng gửi tới {sender}.",
            f" Status {code} queued for {sender}.")
        if sender else ""
    )  # fmt: skip
    ctx.emit(
        {"document": doc.id, "status": doc.status, "due_date": doc.due_date or None,
         "assignee": doc.assignee or None, "sender": sender, "code": code if sender else None},
        _vi(f"Văn bản {doc.id}: {doc.status}.", f"Document {doc.id}: {doc.status}.") + told,
    )  # fmt: skip
    return 0


def cmd_respond(ctx: Any) -> int:
    from sync.incoming import IncomingActions

    a = ctx.args
    request = IncomingActions(ctx.workspace()).answer_request(a.id, bool(a.agree), a.reason)
    ctx.emit(
        {"document": a.id, "request": request.kind, "answer": request.answer},
        _vi(f"Đã trả lời nơi gửi ({request.answer}) về văn bản {a.id}.",
            f"Answer {request.answer} to the sender about document {a.id} queued."),
    )  # fmt: skip
    return 0


def cmd_revoke(ctx: Any) -> int:
    a = ctx.args
    msg_id = _desk(ctx).revoke(a.id, a.reason)
    ctx.emit(
        {"document": a.id, "msg_id": msg_id},
        _vi(f"Đã đưa yêu cầu thu hồi văn bản {a.id} vào hàng gửi.",
            f"Take-back of document {a.id} queued."),
    )  # fmt: skip
    return 0


def cmd_recipients(ctx: Any) -> int:
    rows = _desk(ctx).recipients(ctx.args.id)

    def text() -> str:
        if not rows:
            return _vi(
                "Văn bản chưa được gửi qua Trục.", "The document was not sent over the axis."
            )
        lines = []
        for r in rows:
            latest = r["latest"]
            lines.append(f"{r['organ_id']}: {latest or '—'} {_status_words(latest)}")
            for h in r["history"]:
                lines.append(f"    {h['at']}  {h['code']}  {h['description']}".rstrip())
        return "\n".join(lines)

    ctx.emit({"document": ctx.args.id, "recipients": rows}, text)
    return 0


def cmd_outbox(ctx: Any) -> int:
    rows = [r.as_json() for r in _desk(ctx).outbox()]

    def text() -> str:
        if not rows:
            return _vi("Không có gì chờ gửi.", "Nothing waits to be sent.")
        return "\n".join(
            f"#{r['id']} {r['kind']} {_vi('văn bản', 'document')} {r['document_id']} → "
            f"{r['to_orgs']}: {r['state']}, {r['attempts']} "
            f"{_vi('lần thử', 'tries')}, {r['last_error'] or ''}".rstrip(", ")
            for r in rows
        )

    ctx.emit({"outbox": rows}, text)
    return 0


def cmd_directory_refresh(ctx: Any) -> int:
    start = time.perf_counter()
    count = _desk(ctx).refresh_directory()
    seconds = time.perf_counter() - start
    ctx.emit(
        {"agencies": count, "seconds": round(seconds, 2)},
        _vi(f"Đã cập nhật danh bạ: {count} cơ quan ({seconds:.1f} giây).",
            f"Directory refreshed: {count} organisations ({seconds:.1f} s)."),
    )  # fmt: skip
    return 0


def cmd_directory_search(ctx: Any) -> int:
    found = _desk(ctx).search_directory(ctx.args.text, ctx.args.limit)
    ctx.emit(
        {"agencies": [a.as_json() for a in found]},
        lambda: (
            "\n".join(f"{a.organ_id}  {a.name}" for a in found)
            or _vi("Không tìm thấy cơ quan nào.", "No organisation found.")
        ),
    )
    return 0


__all__ = ["EXIT_PERMANENT", "EXIT_TRANSIENT", "register_desk_commands"]
