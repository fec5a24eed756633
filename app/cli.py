"""``vanthu``: the headless face of VanThu Desk. Anything the window does to a document, a
script can do with this command. ``--json`` prints machine output; errors are one line on
stderr in the user's language (app/messages.py) and a non-zero exit code.

Other rooms (signing/, sync/) add their sub-commands through the ``vanthu.commands`` entry
point group, so this module never imports them."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, NoReturn, TextIO

from app.errors import AppError, DuplicateDocument, InvalidInput, NotFound
from app.import_lines import read_jsonl as read_jsonl
from app.messages import describe, language
from app.model import (
    CONFIDENTIALITY_LABELS,
    URGENCY_LABELS,
    Direction,
    document_ref,
    page_offset,
    page_size,
    parse_date,
    year_value,
)
from app.workspace import Workspace, default_home

EXIT_OK, EXIT_ERROR, EXIT_INVALID, EXIT_DUPLICATE, EXIT_NOT_FOUND, EXIT_AUDIT = 0, 1, 2, 3, 4, 5


@dataclass
class Context:
    """What every command gets: the parsed options, the workspace on demand, the output."""

    args: argparse.Namespace
    out: TextIO = field(default_factory=lambda: sys.stdout)
    _ws: Workspace | None = None
    _desk: Any = None

    @property
    def home(self) -> Path:
        return Path(self.args.home) if self.args.home else default_home()

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def workspace(self) -> Workspace:
        if self._ws is None:
            self._ws = Workspace(self.home)
        return self._ws

    def desk(self) -> Any:
        """The core services over the workspace (app/desk.py)."""
        if self._desk is None:
            from app.desk import Desk

            self._desk = Desk(self.workspace())
        return self._desk

    def emit(self, data: Any, text: str | Callable[[], str]) -> None:
        if self.json:
            self.out.write(json.dumps(data, ensure_ascii=False, indent=None) + "\n")
        else:
            self.out.write((text() if callable(text) else text).rstrip("\n") + "\n")

    def close(self) -> None:
        if self._desk is not None:
            self._desk.close()  # closes the workspace too
        elif self._ws is not None:
            self._ws.close()


def vi(text_vi: str, text_en: str) -> str:
    return text_en if language() == "en" else text_vi


# ----------------------------------------------------------------------------- parser ---


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line in the user's language, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(
            EXIT_INVALID,
            vi(
                f"vanthu: tham số không hợp lệ — {message}. Xem: {self.prog} --help\n",
                f"vanthu: invalid arguments — {message}. See: {self.prog} --help\n",
            ),
        )


def checked(convert: Callable[[Any], Any]) -> Callable[[str], Any]:
    """An argparse type from a core converter: its refusal becomes a one-line usage error in
    the user's language (never an OverflowError from the database later)."""

    def parse(text: str) -> Any:
        try:
            return convert(text)
        except InvalidInput as exc:
            raise argparse.ArgumentTypeError(describe(exc)) from None

    parse.__name__ = getattr(convert, "__name__", "value")
    return parse


DOC_ID = checked(document_ref)
YEAR = checked(year_value)
LIMIT = checked(page_size)
OFFSET = checked(page_offset)


def _values(pairs: Any) -> str:
    """'key (words)' for the values of a choice, for --help."""
    return ", ".join(f"{k} ({v[0]})" for k, v in pairs)


def status_help(settable: bool = False) -> str:
    from app.messages import STATUS_LABELS

    keys = ("registered", "assigned", "in_progress", "done", "returned") if settable else None
    pairs = [(k, v) for k, v in STATUS_LABELS.items() if keys is None or k in keys]
    return "one of: " + _values(pairs) + " — the key or the Vietnamese words"


def level_help(labels: dict[Any, str]) -> str:
    return "one of: " + ", ".join(f"{int(k)} ({v})" for k, v in labels.items())


def _add_filters(p: argparse.ArgumentParser) -> None:
    from app.model import URGENCY_LABELS

    g = p.add_argument_group("filters")
    g.add_argument("--direction", choices=["incoming", "outgoing"])
    g.add_argument("--register", help="register code: den, di, di-mat, sao…")
    g.add_argument("--year", type=YEAR)
    g.add_argument("--type", dest="doc_type", help="type abbreviation, e.g. QĐ, CV")
    g.add_argument("--issuer", help="issuing organisation id or words of its name")
    g.add_argument("--urgency", help=level_help(URGENCY_LABELS))
    g.add_argument("--status", help=status_help())
    g.add_argument("--from", dest="date_from", help="issue date from YYYY-MM-DD")
    g.add_argument("--to", dest="date_to", help="issue date to YYYY-MM-DD")


def _json_flag(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable output")


def build_parser() -> argparse.ArgumentParser:
    from app import cli_admin as admin
    from app import cli_commands as c

    parser = Parser(
        prog="vanthu", description="VanThu Desk — sổ đăng ký, ký số và liên thông văn bản."
    )
    parser.add_argument("--home", help="workspace folder (default: $VANTHU_HOME or user data)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="create a workspace for an organisation")
    p.add_argument("--org-id", required=True)
    p.add_argument("--org-name", required=True)
    p.add_argument("--org-abbr", required=True)
    _json_flag(p)
    p.set_defaults(func=c.cmd_init)

    inc = sub.add_parser("incoming", help="incoming documents (văn bản đến)")
    inc_sub = inc.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = inc_sub.add_parser("add", help="register one incoming document; prints its arrival number")
    p.add_argument("file", nargs="?", help="the document's PDF (omit for paper-only documents)")
    p.add_argument("--from-org-id", required=True)
    p.add_argument("--from-org-name", required=True)
    p.add_argument("--number", required=True)
    p.add_argument("--notation", required=True)
    p.add_argument("--date", required=True, help="issue date YYYY-MM-DD")
    p.add_argument("--type", required=True, dest="doc_type")
    p.add_argument("--subject", required=True)
    p.add_argument("--signer")
    p.add_argument("--position")
    p.add_argument("--due")
    p.add_argument("--urgency", help=level_help(URGENCY_LABELS))
    p.add_argument("--confidentiality", help=level_help(CONFIDENTIALITY_LABELS))
    p.add_argument("--document-id", help="the sender's DocumentId, when known")
    p.add_argument("--register", help="register code (default: the incoming register)")
    p.add_argument(
        "--force", action="store_true", help="register even if it looks like a duplicate"
    )
    _json_flag(p)
    p.set_defaults(func=c.cmd_incoming_add)
    p = inc_sub.add_parser("import", help="register many documents from a JSONL file")
    p.add_argument("file")
    p.add_argument("--register", help="register code (default: the incoming register)")
    _json_flag(p)
    p.set_defaults(func=c.cmd_incoming_import)

    out = sub.add_parser("outgoing", help="outgoing documents (văn bản đi)")
    out_sub = out.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = out_sub.add_parser("add", help="take the next number and register an outgoing document")
    p.add_argument("file", nargs="?", help="the document's PDF")
    p.add_argument("--type", required=True, dest="doc_type")
    p.add_argument("--subject", required=True)
    p.add_argument("--unit", default="", help="drafting unit abbreviation (Công văn symbols)")
    p.add_argument("--secret", action="store_true", help="state-secret document: own number series")
    p.add_argument("--register", help="register code (default: by series)")
    p.add_argument("--confidentiality", help=level_help(CONFIDENTIALITY_LABELS))
    p.add_argument("--urgency", help=level_help(URGENCY_LABELS))
    p.add_argument("--signer", default="")
    p.add_argument("--position", default="")
    p.add_argument("--recipients", default="")
    p.add_argument("--copies", type=int, default=1)
    p.add_argument("--due")
    _json_flag(p)
    p.set_defaults(func=c.cmd_outgoing_add)

    draft = sub.add_parser("draft", help="outgoing drafts (dự thảo): numbered when issued")
    draft_sub = draft.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = draft_sub.add_parser("add", help="a draft to be signed by the official, then issued")
    p.add_argument("file", help="the draft's PDF")
    p.add_argument("--type", required=True, dest="doc_type")
    p.add_argument("--subject", required=True)
    p.add_argument("--unit", default="", help="drafting unit abbreviation (Công văn symbols)")
    p.add_argument("--signer", default="", help="the official who will sign")
    p.add_argument("--position", default="", help="the signer's title as printed")
    p.add_argument("--attach", action="append", default=[], metavar="FILE", help="attachment")
    p.add_argument("--secret", action="store_true", help="state-secret document: own number series")
    p.add_argument("--confidentiality", help=level_help(CONFIDENTIALITY_LABELS))
    p.add_argument("--urgency", help=level_help(URGENCY_LABELS))
    p.add_argument("--recipients", default="")
    p.add_argument("--copies", type=int, default=1)
    p.add_argument("--due")
    p.add_argument("--register", help="register code (default: by series)")
    _json_flag(p)
    p.set_defaults(func=c.cmd_draft_add)

    p = sub.add_parser("file", help="write a document's file out (current or a version)")
    p.add_argument("id", type=DOC_ID)
    p.add_argument("-o", "--output", required=True, help="a file, or a folder")
    p.add_argument("--version", type=int, help="a version of the main file (see show)")
    _json_flag(p)
    p.set_defaults(func=c.cmd_file)

    org = sub.add_parser("org", help="the organisation's identity")
    org_sub = org.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = org_sub.add_parser("set", help="change the organisation's id, name or abbreviation")
    p.add_argument("--org-id")
    p.add_argument("--org-name")
    p.add_argument("--org-abbr")
    _json_flag(p)
    p.set_defaults(func=admin.cmd_org_set)
    p = org_sub.add_parser("show", help="the organisation's identity")
    _json_flag(p)
    p.set_defaults(func=admin.cmd_org_show)

    p = sub.add_parser("list", help="list registered documents")
    _add_filters(p)
    p.add_argument("--limit", type=LIMIT, default=50)
    p.add_argument("--offset", type=OFFSET, default=0)
    p.add_argument(
        "--sort",
        default="register",
        metavar="COLUMN",
        help="register (default), number, arrival_date, issued_date, due_date,"
        " doc_type, issuer_name, subject, urgency, status, id",
    )
    p.add_argument(
        "--desc",
        dest="descending",
        action="store_true",
        default=True,
        help="newest, highest, Z first (default)",
    )
    p.add_argument("--asc", dest="descending", action="store_false")
    p.add_argument("--after", metavar="CURSOR", help="the page after this one (JSON 'next')")
    _json_flag(p)
    p.set_defaults(func=c.cmd_list)

    p = sub.add_parser("show", help="one document with its history")
    p.add_argument("id", type=DOC_ID)
    _json_flag(p)
    p.set_defaults(func=c.cmd_show)

    p = sub.add_parser("search", help="full-text search, diacritics optional")
    p.add_argument("query")
    _add_filters(p)
    p.add_argument("--limit", type=LIMIT, default=20)
    _json_flag(p)
    p.set_defaults(func=c.cmd_search)

    p = sub.add_parser("edit", help="correct a document's metadata")
    p.add_argument("id", type=DOC_ID)
    p.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE", required=True)
    p.add_argument("--reason", default="")
    _json_flag(p)
    p.set_defaults(func=c.cmd_edit)

    p = sub.add_parser("assign", help="hand a document to a unit or person (phân công)")
    p.add_argument("id", type=DOC_ID)
    p.add_argument("--to", required=True, dest="assignee")
    p.add_argument("--due")
    _json_flag(p)
    p.set_defaults(func=c.cmd_assign)

    p = sub.add_parser("set-status", help="record the handling status")
    p.add_argument("id", type=DOC_ID)
    p.add_argument("status", help=status_help(settable=True))
    p.add_argument("--reason", default="")
    _json_flag(p)
    p.set_defaults(func=c.cmd_set_status)

    p = sub.add_parser("cancel", help="cancel a document; its number stays, marked cancelled")
    p.add_argument("id", type=DOC_ID)
    p.add_argument("--reason", required=True)
    _json_flag(p)
    p.set_defaults(func=c.cmd_cancel)

    p = sub.add_parser("index", help="extract the text of files still waiting (background work)")
    p.add_argument("--quiet", action="store_true")
    _json_flag(p)
    p.set_defaults(func=c.cmd_index)

    reg = sub.add_parser("register", help="registers (sổ đăng ký): list, add, export")
    reg_sub = reg.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = reg_sub.add_parser("export", help="print a register book as PDF or CSV")
    p.add_argument("--kind", required=True, choices=["incoming", "outgoing"])
    p.add_argument("--year", type=YEAR)
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--register", dest="register_code")
    p.add_argument("--format", required=True, choices=["pdf", "csv"], dest="fmt")
    p.add_argument("-o", "--output", required=True)
    _json_flag(p)
    p.set_defaults(func=admin.cmd_register_export)
    p = reg_sub.add_parser("list", help="the registers and their latest numbers")
    _json_flag(p)
    p.set_defaults(func=admin.cmd_register_list)
    p = reg_sub.add_parser("add", help="configure another register")
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--direction", required=True, choices=["incoming", "outgoing"])
    p.add_argument("--series", default="normal", choices=["normal", "secret", "copy"])
    _json_flag(p)
    p.set_defaults(func=admin.cmd_register_add)

    audit = sub.add_parser("audit", help="the history chain")
    audit_sub = audit.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = audit_sub.add_parser("verify", help="check every history event's hash chain")
    _json_flag(p)
    p.set_defaults(func=admin.cmd_audit_verify)

    p = sub.add_parser("demo", help="build a demo workspace and show it")
    p.add_argument("--incoming", type=int, default=240)
    p.add_argument("--outgoing", type=int, default=120)
    p.add_argument("--rebuild", action="store_true", help="delete and rebuild an existing demo")
    _json_flag(p)
    p.set_defaults(func=admin.cmd_demo)

    for ep in entry_points(group="vanthu.commands"):
        try:
            ep.load()(sub)
        except Exception as exc:  # a broken plug-in must not take the core commands down
            print(f"vanthu: could not load commands {ep.name!r}: {exc}", file=sys.stderr)
    return parser


# ------------------------------------------------------------------------------- main ---


def exit_code_for(error: AppError) -> int:
    if isinstance(error, DuplicateDocument):
        return EXIT_DUPLICATE
    if isinstance(error, NotFound):
        return EXIT_NOT_FOUND
    if isinstance(error, InvalidInput):
        return EXIT_INVALID
    return EXIT_ERROR


def error_line(error: AppError) -> str:
    """The error's words, and what the command line offers to do about it."""
    from app.cli_hints import cli_hint

    text, hint = describe(error), cli_hint(error, language())
    if hint and text and text[-1] not in ".!?…":
        text += "."
    return f"{text} {hint}".strip()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_INVALID
    ctx = Context(args)
    from app.logs import configure_logging

    configure_logging(ctx.home)
    try:
        return int(args.func(ctx) or 0)
    except AppError as exc:
        print(f"vanthu: {error_line(exc)}", file=sys.stderr)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        print(vi("vanthu: đã dừng theo yêu cầu.", "vanthu: stopped."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    finally:
        ctx.close()


def optional_date(value: str | None, name: str) -> str | None:
    return parse_date(value, name).isoformat() if value else None


def elapsed_ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


__all__ = ["Context", "Direction", "build_parser", "main", "read_jsonl"]

if __name__ == "__main__":
    sys.exit(main())
