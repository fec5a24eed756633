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

from app.errors import InvalidInput
from app.messages import describe
from app.model import DocumentCode, parse_date
from signing.errors import KeyNotFound, TokenNotFound
from signing.modules import find_modules
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
from signing.tokens import TokenModule
from signing.upgrade import UpgradeQueue


def register_commands(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "tokens", help="USB tokens (PKCS#11) and their certificates"
    )
    p.add_argument("--module", action="append", default=[], help="a PKCS#11 module to use too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tokens)

    p = sub.add_parser("sign", help="sign a PDF with a USB token (ND30 roles)")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    _sign_options(p)
    p.set_defaults(func=cmd_sign)

    p = sub.add_parser("sign-batch", help="sign many PDFs with one PIN entry")
    p.add_argument("inputs", nargs="+", metavar="FILE")
    p.add_argument("--out-dir", required=True)
    _sign_options(p)
    p.set_defaults(func=cmd_sign_batch)

    p = sub.add_parser(
        "sign-upgrade", help="add long-term data to documents signed offline (needs the network)"
    )
    p.add_argument("--tsa", help="timestamp authority URL")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sign_upgrade)

    from signing.cli_verify import register_verify_commands

    register_verify_commands(sub)

    # registered documents get their signatures checked (app/signature_checks.py)
    from app.signature_checks import register_checker, register_online_task
    from signing.checker import WorkspaceSignatureChecker

    register_checker(WorkspaceSignatureChecker)
    register_online_task(upgrade_signatures)


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
    p.add_argument("--document", type=int, help="take number and date from this outgoing document")
    p.add_argument("--copy-form", choices=["SAO Y", "SAO LỤC", "TRÍCH SAO"], help="copy role")
    p.add_argument("--org-name", help="the copying organisation (copy; default the workspace's)")
    p.add_argument("--reason", default="")
    p.add_argument("--location", default="")
    p.add_argument("--pss", action="store_true", help="RSASSA-PSS (when the token supports it)")
    p.add_argument("--module", action="append", default=[], help="a PKCS#11 module to use too")
    p.add_argument("--json", action="store_true")


def cmd_tokens(ctx: Any) -> int:
    from app.cli import vi

    modules = find_modules(ctx.args.module)
    found = []
    for path in modules:
        module = TokenModule.of(path)
        try:
            tokens = module.tokens()
        except Exception as exc:  # one broken driver must not hide the other tokens
            found.append({"module": str(path), "error": str(exc), "tokens": []})
            continue
        entry: dict[str, Any] = {"module": str(path), "tokens": []}
        for token in tokens:
            certs = module.certificates(token.serial or token.label)
            entry["tokens"].append(token.as_json() | {"certificates": [c.as_json() for c in certs]})
        found.append(entry)

    def text() -> str:
        if not modules:
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


def _module_with(token: str, configured: list[str]) -> TokenModule:
    for path in find_modules(configured):
        module = TokenModule.of(path)
        try:
            if any(token in (t.label, t.serial) for t in module.tokens()):
                return module
        except Exception:  # a broken driver: look at the others
            continue
    raise TokenNotFound(token=token)


def _choose_certificate(module: TokenModule, token: str, wanted: str | None) -> str:
    """The certificate's CKA_ID: the one asked for, or the only signing certificate."""
    certs = module.certificates(token)
    if wanted:
        if any(c.cka_id == wanted.lower() for c in certs):
            return wanted.lower()
        raise KeyNotFound(token=token, cka_id=wanted)
    signing = [
        c for c in certs if "non_repudiation" in c.key_usage or "digital_signature" in c.key_usage
    ]
    signing = [c for c in signing if "key_cert_sign" not in c.key_usage]
    if len(signing) == 1:
        return signing[0].cka_id
    raise InvalidInput("cert", "choose_one", value=", ".join(c.cka_id for c in signing) or "-")


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
    if a.document is not None:
        from app.documents import DocumentService

        doc = DocumentService(ctx.workspace()).get(a.document)
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
    args = ctx.args
    return options_for(
        ctx.home, level, tsa=getattr(args, "tsa", None), pss=bool(getattr(args, "pss", False))
    )


def options_for(
    home: Path, level: str | Level, *, tsa: str | None = None, pss: bool = False
) -> SigningOptions:
    """Signing options of the workspace at ``home``: its trust store (B-LT validates the
    chain), the TSA asked for, else ``VANTHU_TSA_URL``, else the Government CA's."""
    import os

    from signing.trust import TrustStore

    store = TrustStore.load(home)
    return SigningOptions(
        level=Level(level),
        tsa_url=tsa or os.environ.get("VANTHU_TSA_URL") or GOVERNMENT_TSA,
        trust_roots=tuple(c.dump() for c in store.anchors),
        other_certs=tuple(c.dump() for c in store.intermediates),
        pss=pss,
    )


def _token_and_pin(ctx: Any) -> tuple[TokenModule, str, str]:
    a = ctx.args
    module = _module_with(a.token, a.module)
    cka_id = _choose_certificate(module, a.token, a.cert)
    return module, cka_id, _read_pin()


def cmd_sign(ctx: Any) -> int:
    from app.cli import vi

    a = ctx.args
    request = replace(_template(ctx), src=Path(a.input), dst=Path(a.output))
    options = _options(ctx, a.level)
    module, cka_id, pin = _token_and_pin(ctx)
    try:
        result = sign_document(module, a.token, pin, cka_id, request, options)
    finally:
        del pin  # the PIN lived for this one job
    later = _after_signing(ctx, [result], options)
    ctx.emit(
        result.as_json() | {"upgrades": later},
        lambda: _result_line(result, vi) + _upgrade_lines(later, vi),
    )
    return 0


def cmd_sign_batch(ctx: Any) -> int:
    import sys

    from app.cli import vi

    a = ctx.args
    template = _template(ctx)
    out_dir = Path(a.out_dir)
    if not out_dir.is_dir():
        raise InvalidInput("output", "unwritable", value=str(out_dir))
    requests = []
    for name in a.inputs:
        dst = out_dir / Path(name).name
        if dst.resolve() == Path(name).resolve():
            raise InvalidInput("output", "same_as_input", value=str(dst))
        requests.append(replace(template, src=Path(name), dst=dst))
    options = _options(ctx, a.level)
    module, cka_id, pin = _token_and_pin(ctx)

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

    options = _options(ctx, "B-LT")
    outcomes = [o.as_json() for o in UpgradeQueue(ctx.home).run(options)]
    ctx.emit({"upgrades": outcomes}, lambda: _upgrade_lines(outcomes, vi).strip() or vi(
        "Không có văn bản nào chờ bổ sung dữ liệu dài hạn.",
        "No document is waiting for long-term data.",
    ))  # fmt: skip
    return 0 if all(o["status"] != "failed" for o in outcomes) else EXIT_PARTIAL


def upgrade_signatures(home: Path) -> list[dict[str, Any]]:
    """The upgrade queue of the workspace at ``home``, run once the network is back."""
    queue = UpgradeQueue(home)
    if not queue.pending():
        return []
    return [o.as_json() for o in queue.run(options_for(home, Level.B_LT))]


def _after_signing(ctx: Any, results: list[SignResult], options: SigningOptions) -> list[dict]:
    """Queue what was signed offline; when the network answered, upgrade what waited."""
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
        line += "\n" + vi(
            f"Chưa kết nối được máy chủ dấu thời gian: đã ký ở mức B-B và sẽ tự bổ sung lên "
            f"{result.requested_level} khi có mạng.",
            f"The timestamp server did not answer: signed at B-B; it will be raised to "
            f"{result.requested_level} automatically once the network is back.",
        )
    return line


def _upgrade_lines(outcomes: list[dict], vi: Any) -> str:
    lines = []
    for o in outcomes:
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
