"""`vanthu` sub-commands of the signing room (loaded through the ``vanthu.commands`` entry
point): ``vanthu tokens``."""

from __future__ import annotations

import argparse
from typing import Any

from signing.modules import find_modules
from signing.tokens import TokenModule


def register_commands(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "tokens", help="USB tokens (PKCS#11) and their certificates"
    )
    p.add_argument("--module", action="append", default=[], help="a PKCS#11 module to use too")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_tokens)


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


__all__ = ["register_commands"]
