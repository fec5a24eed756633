"""`vanthu` commands of the desk on the axis: ``axis config``, ``sync``, ``send``, ``status``,
``revoke``, ``recipients``, ``outbox``, ``directory refresh|search``.

Exit codes: 0 done; 2 bad input; 4 not found; 8 the axis did not answer (transient: the work
waits in the outbox); 9 the axis refused (permanent)."""

from __future__ import annotations

import sys
import time
from typing import Any

from app.errors import InvalidInput

EXIT_TRANSIENT, EXIT_PERMANENT = 8, 9
STATUS_WORDS = {
    "01": ("đã đến", "arrived"),
    "02": ("bị từ chối", "rejected"),
    "03": ("đã tiếp nhận, vào sổ", "accepted and registered"),
    "04": ("đã phân công", "assigned"),
    "05": ("đang xử lý", "in progress"),
    "06": ("đã hoàn thành", "done"),
    "13": ("nơi gửi lấy lại", "taken back by the sender"),
    "15": ("đồng ý cập nhật/thu hồi", "agrees to the update/take-back"),
    "16": ("từ chối cập nhật/thu hồi", "refuses the update/take-back"),
}


def register_desk_commands(sub: Any, axis_sub: Any) -> None:
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
    p.add_argument("id", type=int)
    p.add_argument("--to", nargs="+", required=True, metavar="ORG_ID")
    p.add_argument("--allow-unsigned", action="store_true")
    p.add_argument("--update", action="store_true", help="an update of a document sent before")
    p.add_argument("--replaces", type=int, metavar="DOC_ID", help="replaces this sent document")
    p.add_argument("--reason", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_send)

    p = sub.add_parser("status", help="answer the sender of an incoming document (02…06, 15, 16)")
    p.add_argument("id", type=int)
    p.add_argument("--code", required=True, choices=["02", "03", "04", "05", "06", "15", "16"])
    p.add_argument("--reason", default="")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("revoke", help="take back a document sent over the axis")
    p.add_argument("id", type=int)
    p.add_argument("--reason", required=True)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_revoke)

    p = sub.add_parser("recipients", help="every recipient's latest status of a sent document")
    p.add_argument("id", type=int)
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
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_directory_search)


def _vi(a: str, b: str) -> str:
    from app.cli import vi

    return vi(a, b)


def _client(ctx: Any) -> Any:
    from sync.client import AxisClient
    from sync.config import load_config, load_secret

    ws = ctx.workspace()
    config = load_config(ws)
    secret = load_secret(ws.paths.home, config.system_id)
    return AxisClient(
        config.endpoint, config.system_id, secret, timeout=(10.0, config.timeout),
        verify=config.verify,
    )  # fmt: skip


def _service(ctx: Any, online: bool) -> Any:
    from sync.exchange import ExchangeService

    return ExchangeService(ctx.workspace(), _client(ctx) if online else None)


def cmd_axis_config(ctx: Any) -> int:
    from sync.config import AxisConfig, save_config

    a = ctx.args
    secret = sys.stdin.readline().rstrip("\r\n")
    if not secret:
        raise InvalidInput("secret", "missing")
    config = AxisConfig(a.endpoint.rstrip("/"), a.system_id, a.ca_bundle, a.timeout)
    save_config(ctx.workspace(), config, secret)
    del secret
    ctx.emit(
        {"endpoint": config.endpoint, "system_id": config.system_id},
        _vi(f"Đã lưu cấu hình Trục: {config.endpoint} (hệ thống {config.system_id}).",
            f"Axis settings saved: {config.endpoint} (system {config.system_id})."),
    )  # fmt: skip
    return 0


def cmd_sync(ctx: Any) -> int:
    service = _service(ctx, online=True)
    rounds = 0
    while True:
        rounds += 1
        report = service.run_once()
        upgrades = [] if report.errors else _when_online(ctx)
        ctx.emit(
            report.as_json() | {"upgrades": upgrades},
            lambda r=report, u=upgrades: _report_text(r) + _upgrade_text(u),
        )
        if not ctx.args.watch:
            break
        time.sleep(max(ctx.args.interval, 0.5))
    if report.send_failed:
        return EXIT_PERMANENT
    return EXIT_TRANSIENT if report.errors else 0


def _when_online(ctx: Any) -> list[dict[str, Any]]:
    """The axis answered: the network is back for the other waiting work too (documents
    signed offline get their long-term data)."""
    from app.errors import AppError
    from app.signature_checks import run_when_online

    try:
        return run_when_online(ctx.home)
    except AppError as exc:
        return [{"status": "failed", "detail": exc.code}]


def _upgrade_text(outcomes: list[dict[str, Any]]) -> str:
    done = sum(o.get("status") == "upgraded" for o in outcomes)
    if not outcomes:
        return ""
    return "\n" + _vi(
        f"Bổ sung dữ liệu dài hạn cho văn bản đã ký ngoại tuyến: {done}/{len(outcomes)}.",
        f"Long-term data added to documents signed offline: {done}/{len(outcomes)}.",
    )


def _report_text(r: Any) -> str:
    text = _vi(
        f"Đã gửi {r.sent}; đã nhận {r.received} văn bản, {r.statuses} trạng thái; trùng {r.duplicates};"
        f" cách ly {r.quarantined}; lỗi gửi {r.send_failed}; còn chờ {r.waiting}.",
        f"Sent {r.sent}; received {r.received} documents, {r.statuses} statuses; duplicates"
        f" {r.duplicates}; quarantined {r.quarantined}; refused {r.send_failed}; waiting {r.waiting}.",
    )
    if r.errors:
        text += "\n" + _vi(
            "Trục không trả lời; các việc còn lại sẽ được thử lại sau.",
            "The axis did not answer; the rest will be tried again later.",
        )
    return text


def cmd_send(ctx: Any) -> int:
    from sync import edxml

    a = ctx.args
    business = edxml.BusinessKind.UPDATE if a.update else edxml.BusinessKind.NEW
    if a.replaces is not None:
        business = edxml.BusinessKind.REPLACE
    msg_id = _service(ctx, online=False).send(
        a.id, a.to, allow_unsigned=a.allow_unsigned, business=business, reason=a.reason,
        replaces=a.replaces,
    )  # fmt: skip
    ctx.emit(
        {"document": a.id, "to": a.to, "msg_id": msg_id},
        _vi(f"Đã đưa văn bản {a.id} vào hàng gửi tới {', '.join(a.to)} (gửi khi chạy vanthu sync).",
            f"Document {a.id} queued for {', '.join(a.to)} (sent by vanthu sync)."),
    )  # fmt: skip
    return 0


def cmd_status(ctx: Any) -> int:
    a = ctx.args
    msg_id = _service(ctx, online=False).answer(a.id, a.code, a.reason)
    word = STATUS_WORDS.get(a.code, (a.code, a.code))
    ctx.emit(
        {"document": a.id, "code": a.code, "msg_id": msg_id},
        _vi(f"Đã đưa trạng thái {a.code} ({word[0]}) của văn bản {a.id} vào hàng gửi.",
            f"Status {a.code} ({word[1]}) of document {a.id} queued."),
    )  # fmt: skip
    return 0


def cmd_revoke(ctx: Any) -> int:
    a = ctx.args
    msg_id = _service(ctx, online=False).revoke(a.id, a.reason)
    ctx.emit(
        {"document": a.id, "msg_id": msg_id},
        _vi(f"Đã đưa yêu cầu thu hồi văn bản {a.id} vào hàng gửi.",
            f"Take-back of document {a.id} queued."),
    )  # fmt: skip
    return 0


def cmd_recipients(ctx: Any) -> int:
    rows = _service(ctx, online=False).recipients(ctx.args.id)

    def text() -> str:
        if not rows:
            return _vi(
                "Văn bản chưa được gửi qua Trục.", "The document was not sent over the axis."
            )
        lines = []
        for r in rows:
            latest = r["latest"]
            word = STATUS_WORDS.get(latest or "", ("chưa có phản hồi", "no answer yet"))
            lines.append(f"{r['organ_id']}: {latest or '—'} {_vi(word[0], word[1])}")
            for h in r["history"]:
                lines.append(f"    {h['at']}  {h['code']}  {h['description']}".rstrip())
        return "\n".join(lines)

    ctx.emit({"document": ctx.args.id, "recipients": rows}, text)
    return 0


def cmd_outbox(ctx: Any) -> int:
    conn = ctx.workspace().conn
    rows = [
        dict(r)
        for r in conn.execute(
            "SELECT id, kind, document_id, to_orgs, state, attempts, next_try_at, last_error,"
            " axis_doc_id FROM outbox WHERE state != 'sent' ORDER BY id"
        )
    ]

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
    from sync import directory

    client = _client(ctx)
    start = time.perf_counter()
    agencies = client.get_agencies()
    count = directory.replace_all(ctx.workspace().conn, agencies)
    seconds = time.perf_counter() - start
    ctx.emit(
        {"agencies": count, "seconds": round(seconds, 2)},
        _vi(f"Đã cập nhật danh bạ: {count} cơ quan ({seconds:.1f} giây).",
            f"Directory refreshed: {count} organisations ({seconds:.1f} s)."),
    )  # fmt: skip
    return 0


def cmd_directory_search(ctx: Any) -> int:
    from sync import directory

    found = directory.search(ctx.workspace().conn, ctx.args.text, ctx.args.limit)
    ctx.emit(
        {"agencies": [a.as_json() for a in found]},
        lambda: (
            "\n".join(f"{a.organ_id}  {a.name}" for a in found)
            or _vi("Không tìm thấy cơ quan nào.", "No organisation found.")
        ),
    )
    return 0


__all__ = ["EXIT_PERMANENT", "EXIT_TRANSIENT", "register_desk_commands"]
