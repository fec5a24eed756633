"""`vanthu` sub-commands of the signing room (loaded through the ``vanthu.commands`` entry
point): ``vanthu tokens``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.errors import InvalidInput
from signing.errors import KeyNotFound, TokenNotFound
from signing.modules import find_modules
from signing.tokens import TokenModule


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
    p.add_argument("--role", required=True, choices=["approve", "issue", "attachment", "copy"])
    p.add_argument("--token", required=True, help="token label or serial")
    p.add_argument("--cert", help="the certificate's CKA_ID in hex (when the token has several)")
    p.add_argument(
        "--pin-stdin", action="store_true", required=True, help="read the PIN from stdin"
    )
    p.add_argument("--level", default="B-B", choices=["B-B", "B-T", "B-LT", "B-LTA"])
    p.add_argument("--image", help="the handwritten-signature PNG (approve)")
    p.add_argument("--field")
    p.add_argument("--anchor")
    p.add_argument("--page", type=int)
    p.add_argument("--box", help="X1,Y1,X2,Y2 in points from the bottom-left")
    p.add_argument("--module", action="append", default=[], help="a PKCS#11 module to use too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_sign)


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


def cmd_sign(ctx: Any) -> int:
    from app.cli import vi
    from signing.sign import Placement, sign_approve

    a = ctx.args
    if a.role != "approve" or a.level != "B-B":
        raise InvalidInput("role", "not_yet", value=f"{a.role} {a.level}")
    if not a.image:
        raise InvalidInput("image", "missing")
    box = None
    if a.box:
        try:
            box = tuple(float(v) for v in a.box.split(","))
        except ValueError:
            raise InvalidInput("placement", "malformed", value=a.box) from None
        if len(box) != 4:
            raise InvalidInput("placement", "malformed", value=a.box)
    placement = Placement(field=a.field, anchor=a.anchor, page=a.page, box=box)
    module = _module_with(a.token, a.module)
    cka_id = _choose_certificate(module, a.token, a.cert)
    pin = _read_pin()
    try:
        result = sign_approve(
            module, a.token, pin, cka_id, Path(a.input), Path(a.output),
            image=Path(a.image), placement=placement,
        )  # fmt: skip
    finally:
        del pin  # the PIN lived for this one job
    ctx.emit(
        {
            "path": str(result.path),
            "field": result.field_name,
            "signer": result.signer_common_name,
            "signed_at": result.signed_at,
            "sha256": result.sha256,
        },
        vi(
            f"Đã ký phê duyệt: {result.path} (ô ký {result.field_name}, {result.signer_common_name})",
            f"Approval signed: {result.path} (field {result.field_name}, {result.signer_common_name})",
        ),
    )
    return 0


__all__ = ["register_commands"]
