"""`vanthu edxml`: read and write edXML packages without a workspace.

``vanthu edxml parse FILE [--json]`` prints what a package holds; its attachments are decoded
into a temporary blob folder, measured and hashed, and deleted afterwards (the command only
reports). ``vanthu edxml build --json-in MESSAGE.json -o OUT.edxml`` writes a package from the
JSON that ``parse --json`` prints (attachments given as ``{"name", "content_type", "path"}``,
paths relative to the JSON file). Exit codes: 0 done, 2 invalid input."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from app.errors import InvalidInput
from app.messages_edxml import describe_repair, edxml_label
from app.store.blobs import BlobStore


def register_edxml_commands(sub: Any) -> None:
    edxml = sub.add_parser("edxml", help="edXML packages (QCVN 102:2016): read and write")
    actions = edxml.add_subparsers(dest="action", metavar="ACTION", required=True)
    p: argparse.ArgumentParser = actions.add_parser(
        "parse", help="show what an .edxml package holds (attachments measured, not kept)"
    )
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_edxml_parse)
    p = actions.add_parser("build", help="write an .edxml package from a JSON message")
    p.add_argument("--json-in", required=True, dest="json_in", metavar="FILE.json")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_edxml_build)


def cmd_edxml_parse(ctx: Any) -> int:
    from sync.edxml import package_to_json, parse_package

    scratch = Path(tempfile.mkdtemp(prefix="vanthu-edxml-cli-"))
    try:
        package = parse_package(ctx.args.file, BlobStore(scratch / "blobs"), temp_dir=scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    ctx.emit(package_to_json(package), lambda: summary(package))
    return 0


def cmd_edxml_build(ctx: Any) -> int:
    from sync.edxml import StatusMessage, build_edoc, build_status, message_from_json
    from sync.edxml.jsonform import attachments_from_json

    source = Path(ctx.args.json_in)
    try:
        data = json.loads(source.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InvalidInput("file", "not_found", value=str(source)) from None
    except (OSError, UnicodeDecodeError):
        raise InvalidInput("file", "unreadable", value=str(source)) from None
    except json.JSONDecodeError as exc:
        raise InvalidInput("json", "bad_json", reason=exc.msg, line=exc.lineno) from None
    message = message_from_json(data)
    target = Path(ctx.args.output)
    if target.exists() and target.is_dir():
        raise InvalidInput("output", "not_a_file", value=str(target))
    partial = target.with_name(f".{target.name}.part")
    try:
        with partial.open("wb") as out:
            if isinstance(message, StatusMessage):
                out.write(build_status(message))
                result: dict[str, Any] = {"output": str(target), "kind": "status"}
            else:
                files = attachments_from_json(data.get("attachments"), source.parent)
                built = build_edoc(message, files, out)
                result = {
                    "output": str(target),
                    "kind": "edoc",
                    "sha256": built.sha256,
                    "size": built.size,
                    "attachments": [asdict(a) for a in built.attachments],
                }
        os.replace(partial, target)
    except OSError as exc:
        raise InvalidInput("output", "unwritable", value=str(target)) from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    ctx.emit(result, f"{edxml_label('written')}: {target}")
    return 0


# ---------------------------------------------------------------------------- summary ---


def summary(package: Any) -> str:
    """A readable summary in the user's language (words from app/messages.py)."""
    from sync.edxml import EdocMessage, StatusMessage

    m = package.message
    lines: list[str] = []

    def line(label: str, value: Any) -> None:
        if value not in (None, "", []):
            lines.append(f"{edxml_label(label)}: {value}")

    def organ(o: Any) -> str:
        return f"{o.organ_name} ({o.organ_id})" if o.organ_name else o.organ_id

    if isinstance(m, StatusMessage):
        lines.append(edxml_label("status_message"))
        line("from", organ(m.sender))
        meaning = edxml_label(f"status_{m.status_code}", default="")
        line("status", f"{m.status_code} — {meaning}" if meaning else m.status_code)
        line("description", m.description)
        line("timestamp", m.timestamp.strftime("%d/%m/%Y %H:%M:%S") if m.timestamp else "")
        for item in m.response_for:
            line("response_for", f"{item.code} ({item.document_id})")
        line("staff", ", ".join(x for x in (m.staff.staff, m.staff.department) if x))
    else:
        assert isinstance(m, EdocMessage)
        lines.append(edxml_label(f"business_{m.business.doc_type}", default=edxml_label("edoc")))
        line("code", str(m.code))
        line("document_id", m.document_id)
        line("subject", m.subject)
        line("from", organ(m.sender))
        for o in m.to:
            line("to", organ(o))
        date = m.promulgation.date.strftime("%d/%m/%Y") if m.promulgation.date else ""
        line("promulgation", ", ".join(x for x in (m.promulgation.place, date) if x))
        line("doc_type", m.document_type.type_name)
        line("signer", ", ".join(x for x in (m.signer.position, m.signer.full_name) if x))
        line("due_date", m.due_date.strftime("%d/%m/%Y") if m.due_date else "")
        line("reason", m.business.reason)
        for item in m.response_for:
            line("response_for", f"{item.code} ({item.document_id})")
        for item in m.business.replacements:
            line("replaces", item.document_id)
    for a in package.attachments:
        lines.append(
            f"{edxml_label('attachment')}: {a.name} — {a.content_type}, {a.size:,} byte, "
            f"SHA-256 {a.sha256}"
        )
    if package.signed:
        lines.append(edxml_label("signed"))
    if package.repairs:
        lines.append(f"{edxml_label('repairs')} ({len(package.repairs)}):")
        lines.extend(f"  - {describe_repair(r.code, r.where, r.value)}" for r in package.repairs)
    return "\n".join(lines)


__all__ = ["register_edxml_commands", "summary"]
