"""`vanthu` sub-commands of the signing room (loaded through the ``vanthu.commands`` entry
point): ``tokens``, ``sign``, ``sign-batch``, ``sign-upgrade``, and (signing/cli_verify.py)
``verify``, ``trust``, ``revocation``. Exit codes: 0 done, 2 bad input, 7 a batch or upgrade
not wholly done."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.errors import InvalidInput, StateError
from app.messages import describe
from app.model import DocumentCode, parse_date
from signing.placement import Placement
from signing.sign import (
    GOVERNMENT_TSA,
    BatchOutcome,
    Level,
    Role,
    SigningOptions,
    SignRequest,
    SignResult,
    sign_batch,
    sign_document,
)


def register_commands(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "tokens", help="USB tokens (PKCS#11) and their certificates"
    )
    p.add_argument("--module", action="append", default=[], help="a PKCS#11 module to use too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tokens)

    p = sub.add_parser(
        "sign",
        help="sign a PDF with a USB token (ND30 roles): a file (IN -o OUT), or a document of"
        " the register in place (--document ID, without IN)",
    )
    p.add_argument("input", nargs="?")
    p.add_argument("-o", "--output")
    _sign_options(p)
    p.set_defaults(func=cmd_sign)

    p = sub.add_parser("sign-batch", help="sign many PDFs with one PIN entry")
    p.add_argument("inputs", nargs="+", metavar="FILE")
    p.add_argument("--out-dir", required=True, help="created when missing")
    p.add_argument("--overwrite", action="store_true", help="replace outputs that exist")
    _sign_options(p)
    p.set_defaults(func=cmd_sign_batch)

    p = sub.add_parser(
        "issue",
        help="issue an approved draft: next number, date, seal and organisation signature,"
        " attachments signed, registered (văn thư phát hành)",
    )
    p.add_argument("id", help="the document (from `vanthu draft add`)")
    p.add_argument("--token", required=True, help="the organisation's token, label or serial")
    p.add_argument("--cert", help="the certificate's CKA_ID in hex (when the token has several)")
    p.add_argument("--pin-stdin", action="store_true", required=True)
    p.add_argument("--image", required=True, help="the organisation's seal, PNG")
    p.add_argument("--date", help="issue date YYYY-MM-DD (default today)")
    p.add_argument("--level", default="B-B", choices=[v.value for v in Level])
    p.add_argument("--tsa", help=f"timestamp authority URL (default {GOVERNMENT_TSA})")
    p.add_argument("--reason", default="")
    p.add_argument("--location", default="")
    p.add_argument("--pss", action="store_true")
    p.add_argument("--module", action="append", default=[], help="a PKCS#11 module to use too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_issue)

    p = sub.add_parser(
        "sign-upgrade", help="add long-term data to documents signed offline (needs the network)"
    )
    p.add_argument("--tsa", help="timestamp authority URL")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sign_upgrade)

    from signing.cli_verify import register_verify_commands

    register_verify_commands(sub)

    from signing.desk import install_checks

    install_checks()  # registered documents get their signatures checked


def _sign_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--role", required=True, choices=[r.value for r in Role])
    p.add_argument("--token", required=True, help="token label or serial")
    p.add_argument("--cert", help="the certificate's CKA_ID in hex (when the token has several)")
    p.add_argument(
        "--pin-stdin", action="store_true", required=True, help="read the PIN from stdin"
    )
    p.add_argument("--level", default="B-B", choices=[v.value for v in Level])
    p.add_argument("--tsa", help=f"timestamp authority URL (default {GOVERNMENT_TSA})")
    p.add_argument("--image", help="signature image (approve) or seal image (issue), PNG")
    p.add_argument("--field")
    p.add_argument("--anchor")
    p.add_argument("--page", type=int)
    p.add_argument("--box", help="X1,Y1,X2,Y2 in points from the bottom-left")
    p.add_argument("--number", help="number and symbol, e.g. 05/QĐ-UBND (issue, attachment)")
    p.add_argument("--date", help="issue date YYYY-MM-DD (issue; default today)")
    p.add_argument(
        "--document",
        help="a document of the register: without IN, sign its current file in place (approve);"
        " with IN, take the number and date from it (issue, attachment)",
    )
    p.add_argument("--copy-form", choices=["SAO Y", "SAO LỤC", "TRÍCH SAO"], help="copy role")
    p.add_argument("--org-name", help="the copying organisation (copy; default the workspace's)")
    p.add_argument("--reason", default="")
    p.add_argument("--location", default="")
    p.add_argument("--pss", action="store_true", help="RSASSA-PSS (when the token supports it)")
    p.add_argument("--module", action="append", default=[], help="a PKCS#11 module to use too")
    p.add_argument("--json", action="store_true")


def cmd_tokens(ctx: Any) -> int:
    from app.cli import vi
    from app.messages import describe
    from signing.desk import discover_tokens

    modules = discover_tokens([*ctx.args.module, *workspace_modules(ctx)])
    found = []
    for m in modules:
        entry = m.as_json()
        if m.error is not None:
            entry["error"] = describe(m.error)
        found.append(entry)

    def text() -> str:
        if not found:
            return vi(
                "Không tìm thấy trình điều khiển thiết bị ký số (PKCS#11). Hãy cài đặt phần mềm "
                "của thiết bị, hoặc chỉ đường dẫn bằng --module hay VANTHU_PKCS11_MODULE.",
                "No token driver (PKCS#11 module) found. Install the token's software, or give "
                "its path with --module or VANTHU_PKCS11_MODULE.",
            )
        lines = []
        for entry in found:
            lines.append(entry["module"])
            if entry.get("error"):
                lines.append("  " + vi("Lỗi: ", "Error: ") + entry["error"])
            if not entry["tokens"] and not entry.get("error"):
                lines.append("  " + vi("(không có thiết bị nào được cắm)", "(no token plugged in)"))
            for t in entry["tokens"]:
                pin = t["pin"]
                warn = (
                    vi("  ⚠ MÃ PIN ĐÃ BỊ KHÓA", "  ⚠ PIN LOCKED")
                    if pin["locked"]
                    else vi("  ⚠ còn 1 lần thử", "  ⚠ one try left")
                    if pin["final_try"]
                    else vi("  ⚠ đã nhập sai PIN", "  ⚠ wrong PIN typed before")
                    if pin["count_low"]
                    else ""
                )
                lines.append(f"  {t['label']}  (serial {t['serial']}, {t['manufacturer']}){warn}")
                for c in t["certificates"]:
                    lines.append(
                        f"    [{c['cka_id']}] {c['common_name']} — {c['issuer']}"
                        f" ({c['not_before'][:10]} → {c['not_after'][:10]})"
                    )
        return "\n".join(lines)

    ctx.emit({"modules": found}, text)
    return 0


def workspace_modules(ctx: Any) -> tuple[str, ...]:
    """When ``--home`` holds a workspace: its token settings applied to this process
    (signing/workspace_tokens.py) and its extra modules."""
    if not (ctx.home / "vanthu.db").is_file():
        return ()
    from signing.workspace_tokens import use_workspace_tokens

    return use_workspace_tokens(ctx.workspace()).modules


def _read_pin() -> str:
    import sys

    pin = sys.stdin.readline().rstrip("\r\n")
    if not pin:
        raise InvalidInput("pin", "missing")
    return pin


def _placement(a: Any) -> Placement | None:
    if a.field is None and a.anchor is None and a.page is None and a.box is None:
        return None
    box = None
    if a.box:
        try:
            box = tuple(float(v) for v in a.box.split(","))
        except ValueError:
            raise InvalidInput("placement", "malformed", value=a.box) from None
        if len(box) != 4:
            raise InvalidInput("placement", "malformed", value=a.box)
    return Placement(field=a.field, anchor=a.anchor, page=a.page, box=box)


def _template(ctx: Any) -> SignRequest:
    """The request every file of the command shares (src and dst are filled per file)."""
    a = ctx.args
    role = Role(a.role)
    placement = _placement(a)
    if role is Role.APPROVE and placement is None:
        raise InvalidInput("placement", "missing")
    if role in (Role.APPROVE, Role.ISSUE) and not a.image:
        raise InvalidInput("image", "missing")
    number, date = a.number, parse_date(a.date, "issued_date") if a.date else None
    if a.document is not None and a.input is not None:
        from app.documents import DocumentService

        doc = DocumentService(ctx.workspace()).get(a.document)
        if doc.number is None:
            raise StateError("not_approved" if doc.status != "approved" else "not_issued",
                             document_id=doc.id)  # fmt: skip
        if doc.direction.value != "outgoing":
            raise InvalidInput("document_id", "not_outgoing", value=a.document)
        number = number or str(DocumentCode(doc.code_number, doc.code_notation))
        date = date or dt.date.fromisoformat(doc.issued_date)
    if role is Role.ATTACHMENT and not number:
        raise InvalidInput("code", "missing")
    organisation = a.org_name
    if role is Role.COPY:
        if not a.copy_form:
            raise InvalidInput("copy_form", "missing")
        if not organisation and (Path(ctx.home) / "vanthu.db").is_file():
            organisation = ctx.workspace().setting("org_name")
        if not organisation:
            raise InvalidInput("org_name", "missing")
    return SignRequest(
        src=Path(), dst=Path(), role=role, placement=placement,
        image=Path(a.image) if a.image else None, number=number, date=date,
        copy_form=a.copy_form, organisation=organisation, reason=a.reason, location=a.location,
    )  # fmt: skip


def _options(ctx: Any, level: str) -> SigningOptions:
    from signing.desk import signing_options

    args = ctx.args
    return signing_options(
        ctx.home, level, tsa=getattr(args, "tsa", None), pss=bool(getattr(args, "pss", False))
    )


def options_for(home: Path, level: str, **kwargs: Any) -> Any:
    """The workspace's signing options (signing/desk.py ``signing_options``)."""
    from signing.desk import signing_options

    return signing_options(home, level, **kwargs)


def _signer(ctx: Any) -> Any:
    from signing.desk import Signer, choose_certificate, module_with

    a = ctx.args
    module = module_with(a.token, [*a.module, *workspace_modules(ctx)])
    return Signer(module, a.token, choose_certificate(module, a.token, a.cert))


def cmd_sign(ctx: Any) -> int:
    from app.cli import vi

    a = ctx.args
    if a.input is None:
        return _sign_in_register(ctx)
    if not a.output:
        raise InvalidInput("output", "missing")
    request = replace(_template(ctx), src=Path(a.input), dst=Path(a.output))
    options = _options(ctx, a.level)
    signer = _signer(ctx)
    pin = _read_pin()
    try:
        result = sign_document(signer.module, signer.token, pin, signer.cka_id, request, options)
    finally:
        del pin  # the PIN lived for this one job
    later = _after_signing(ctx, [result], options)
    ctx.emit(
        result.as_json() | {"upgrades": later},
        lambda: _result_line(result, vi) + _upgrade_lines(later, vi),
    )
    return 0


def _sign_in_register(ctx: Any) -> int:
    """``sign --document ID --role approve``: the document's current file, signed in place
    (a new version; the old ones stay)."""
    from app.cli import vi
    from app.documents import document_ref
    from signing.desk import SigningDesk

    a = ctx.args
    if a.document is None:
        raise InvalidInput("file", "missing")
    if Role(a.role) is not Role.APPROVE:
        raise InvalidInput("role", "not_in_place", value=a.role)
    if not a.image:
        raise InvalidInput("image", "missing")
    desk = SigningDesk(ctx.workspace())
    document_id = document_ref(a.document)
    desk.outgoing.docs.get(document_id)  # not found before asking for the PIN
    options = _options(ctx, a.level)
    signer = _signer(ctx)
    pin = _read_pin()
    try:
        [outcome] = desk.approve(
            [document_id], signer, pin, image=Path(a.image), placement=_placement(a),
            options=options, reason=a.reason, location=a.location,
        )  # fmt: skip
    finally:
        del pin
    if outcome.status != "signed" or outcome.result is None:
        raise outcome.error or StateError("not_signed", document_id=document_id)
    doc = desk.outgoing.docs.get(document_id)
    result = outcome.result
    ctx.emit(
        result.as_json() | {"document": doc.id, "status": doc.status, "version": outcome.version,
                            "sha256": doc.file_sha256},
        lambda: vi(
            f"Đã ký duyệt văn bản {doc.id} ({result.signer_common_name}, {result.level}); tệp"
            f" phiên bản {outcome.version}, sha256 {doc.file_sha256[:12]}…",
            f"Document {doc.id} approved ({result.signer_common_name}, {result.level}); file"
            f" version {outcome.version}, sha256 {doc.file_sha256[:12]}…",
        ) + (_pending_line(result, vi) if result.pending else ""),
    )  # fmt: skip
    return 0


def cmd_issue(ctx: Any) -> int:
    from app.cli import vi
    from app.documents import document_ref
    from signing.desk import SigningDesk

    a = ctx.args
    desk = SigningDesk(ctx.workspace())
    document_id = document_ref(a.id)
    plan = desk.plan_issue(document_id, a.date)  # refused (not approved, issued…) before the PIN
    image = Path(a.image)
    if not image.is_file():
        raise InvalidInput("image", "not_found", value=str(image))
    options = _options(ctx, a.level)
    signer = _signer(ctx)
    pin = _read_pin()
    try:
        issued = desk.issue(
            document_id, signer, pin, seal=image, date=plan.date, options=options,
            reason=a.reason, location=a.location,
        )  # fmt: skip
    finally:
        del pin
    doc = issued.document
    ctx.emit(
        issued.as_json(),
        lambda: vi(
            f"Đã phát hành: {doc.notation} ngày {doc.issued_date} (sổ {doc.register_code}, số"
            f" {doc.number}, mã {doc.id}); {len(issued.attachments)} tệp đính kèm đã ký.",
            f"Issued: {doc.notation} of {doc.issued_date} (register {doc.register_code}, number"
            f" {doc.number}, id {doc.id}); {len(issued.attachments)} attachments signed.",
        ) + (_pending_line(issued.result, vi) if issued.result.pending else ""),
    )  # fmt: skip
    return 0


def _pending_line(result: SignResult, vi: Any) -> str:
    return "\n" + vi(
        f"Chưa kết nối được máy chủ dấu thời gian: đã ký ở mức B-B và sẽ tự bổ sung lên "
        f"{result.requested_level} khi có mạng.",
        f"The timestamp server did not answer: signed at B-B; it will be raised to "
        f"{result.requested_level} automatically once the network is back.",
    )


def cmd_sign_batch(ctx: Any) -> int:
    import sys

    from app.cli import vi

    a = ctx.args
    template = _template(ctx)
    out_dir = Path(a.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInput("output", "not_a_folder", value=str(out_dir))
    requests = []
    for name in a.inputs:
        dst = out_dir / Path(name).name
        if dst.resolve() == Path(name).resolve():
            raise InvalidInput("output", "same_as_input", value=str(dst))
        if dst.exists() and not a.overwrite:
            raise InvalidInput("output", "output_exists", value=str(dst))
        requests.append(replace(template, src=Path(name), dst=dst))
    if len({r.dst for r in requests}) != len(requests):
        raise InvalidInput("output", "same_name_twice", value=str(out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput("output", "unwritable", value=str(out_dir), reason=exc.strerror) from exc
    options = _options(ctx, a.level)
    signer = _signer(ctx)
    module, cka_id, pin = signer.module, signer.cka_id, _read_pin()

    def progress(done: int, total: int, outcome: BatchOutcome) -> None:
        if ctx.json:
            return
        mark = "✓" if outcome.status == "signed" else "✗"
        detail = outcome.result.path if outcome.result else describe(outcome.error)
        print(f"[{done}/{total}] {mark} {outcome.request.src} → {detail}", flush=True)

    try:
        outcomes = sign_batch(
            module, a.token, pin, cka_id, requests, options, progress=progress
        )  # fmt: skip
    finally:
        del pin
    results = [o.result for o in outcomes if o.result is not None]
    later = _after_signing(ctx, results, options)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("signed", "failed", "not_started")}
    stop = next((o.error for o in outcomes if o.status == "not_started" and o.error), None)

    def text() -> str:
        lines = []
        if stop is not None:
            lines.append(vi("Dừng: ", "Stopped: ") + describe(stop))
        lines.append(
            vi(
                f"Đã ký {counts['signed']}/{len(outcomes)} văn bản; lỗi {counts['failed']}; "
                f"chưa ký {counts['not_started']}.",
                f"Signed {counts['signed']}/{len(outcomes)} documents; failed {counts['failed']}; "
                f"not started {counts['not_started']}.",
            )
        )
        return "\n".join(lines) + _upgrade_lines(later, vi)

    ctx.emit(
        {
            "documents": [
                {
                    "input": str(o.request.src),
                    "status": o.status,
                    "result": o.result.as_json() if o.result else None,
                    "error": {"code": o.error.code, "message": describe(o.error)}
                    if o.error
                    else None,
                }
                for o in outcomes
            ],
            "summary": counts,
            "upgrades": later,
        },
        text,
    )
    if counts["signed"] == len(outcomes):
        return 0
    if stop is not None:
        print(describe(stop), file=sys.stderr)
    return EXIT_PARTIAL


def cmd_sign_upgrade(ctx: Any) -> int:
    from app.cli import vi
    from signing.upgrade import UpgradeQueue

    options = _options(ctx, "B-LT")
    outcomes = [o.as_json() for o in UpgradeQueue(ctx.home).run(options)]
    ctx.emit({"upgrades": outcomes}, lambda: _upgrade_lines(outcomes, vi).strip() or vi(
        "Không có văn bản nào chờ bổ sung dữ liệu dài hạn.",
        "No document is waiting for long-term data.",
    ))  # fmt: skip
    return 0 if all(o["status"] != "failed" for o in outcomes) else EXIT_PARTIAL


def _after_signing(ctx: Any, results: list[SignResult], options: SigningOptions) -> list[dict]:
    """Queue what was signed offline; when the network answered, upgrade what waited."""
    from signing.upgrade import UpgradeQueue

    queue = UpgradeQueue(ctx.home)
    for result in results:
        if result.pending:
            queue.add(result.path, result.requested_level)
    if any(r.level != "B-B" for r in results) and queue.pending():
        return [o.as_json() for o in queue.run(options)]
    return []


def _result_line(result: SignResult, vi: Any) -> str:
    role = ROLE_WORDS[result.role]
    line = vi(
        f"Đã ký ({role[0]}, {result.level}): {result.path} — {result.signer_common_name}, "
        f"ô ký {result.field_name}",
        f"Signed ({role[1]}, {result.level}): {result.path} — {result.signer_common_name}, "
        f"field {result.field_name}",
    )
    if result.pending:
        line += _pending_line(result, vi)
    return line


def _upgrade_lines(outcomes: list[dict], vi: Any) -> str:
    lines = []
    for o in outcomes:
        if not o.get("path") and o.get("document") is not None:
            o = o | {"path": vi(f"văn bản {o['document']}", f"document {o['document']}")}
        if o["status"] == "upgraded":
            lines.append(vi(f"Đã bổ sung dữ liệu dài hạn: {o['path']}",
                            f"Long-term data added: {o['path']}"))  # fmt: skip
        elif o["status"] == "waiting":
            lines.append(vi(f"Vẫn chờ mạng: {o['path']}", f"Still waiting for the network: "
                            f"{o['path']}"))  # fmt: skip
        elif o["status"] == "dropped":
            lines.append(vi(f"Bỏ khỏi hàng chờ (tệp đã thay đổi hoặc không còn): {o['path']}",
                            f"Removed from the queue (file changed or gone): {o['path']}"))  # fmt: skip
        else:
            lines.append(vi(f"Không bổ sung được ({o['detail']}): {o['path']}",
                            f"Could not add long-term data ({o['detail']}): {o['path']}"))  # fmt: skip
    return "".join("\n" + line for line in lines)


ROLE_WORDS = {
    "approve": ("phê duyệt", "approval"),
    "issue": ("phát hành", "issue"),
    "attachment": ("tệp đính kèm", "attachment"),
    "copy": ("bản sao", "copy"),
}
EXIT_PARTIAL = 7


__all__ = ["register_commands"]
