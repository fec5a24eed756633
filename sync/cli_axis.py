"""`vanthu axis …`: the local axis server.

``vanthu axis serve --data DIR [--host 127.0.0.1] [--port N] [--fail-rate P] [--delay MS]
[--drop-after-receive P] [--seed N] [--agencies FILE.json] [--allow-remote] [--quiet]``
prints its URL (one line) and serves until SIGTERM or Ctrl-C; ``--port 0`` (the default)
takes a free port. A host that is not a loopback address is refused unless
``--allow-remote`` is given.

``vanthu axis add-system --data DIR --system-id ID --secret-stdin --org-id ID --org-name N``
registers (or updates) a system; the secret is read from stdin only and never shown.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.errors import AppError, InvalidInput

MIN_SECRET = 16
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$")


def register_axis_commands(sub: Any) -> Any:
    """Add ``vanthu axis serve`` and ``vanthu axis add-system``; returns the ``axis``
    sub-parsers so that other files can add their own actions."""
    axis = sub.add_parser("axis", help="the local axis server (trục liên thông thử nghiệm)")
    axis_sub = axis.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = axis_sub.add_parser("serve", help="run the local axis on 127.0.0.1 until stopped")
    add_serve_arguments(p)
    p.set_defaults(func=cmd_axis_serve)

    p = axis_sub.add_parser("add-system", help="register a system and its shared secret")
    p.add_argument("--data", required=True, help="the axis's data folder")
    p.add_argument("--system-id", required=True)
    p.add_argument(
        "--secret-stdin", action="store_true", required=True, help="read the secret from stdin"
    )
    p.add_argument("--org-id", required=True, help="the organisation's organ id")
    p.add_argument("--org-name", required=True)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_axis_add_system)
    return axis_sub


def add_serve_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", required=True, help="folder for the database and packages")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0: a free port (printed)")
    p.add_argument("--fail-rate", type=float, default=0.0, help="answer 503 with probability P")
    p.add_argument("--delay", type=int, default=0, metavar="MS", help="delay every request")
    p.add_argument(
        "--drop-after-receive",
        type=float,
        default=0.0,
        metavar="P",
        help="store a sent package, then cut the answer short (probability P)",
    )
    p.add_argument("--seed", type=int, help="seed of the fault injection's random numbers")
    p.add_argument("--agencies", help="load a directory (JSON array of {code, name, pcode})")
    p.add_argument("--window", type=float, default=300.0, help="timestamp freshness, seconds")
    p.add_argument("--allow-remote", action="store_true", help="allow a non-loopback host")
    p.add_argument("--quiet", action="store_true", help="log warnings only")
    p.add_argument("--json", action="store_true", help='print {"url": …} on start')


def _config(args: argparse.Namespace) -> Any:
    from sync.server.app import Faults
    from sync.server.run import ServerConfig, check_config

    config = ServerConfig(
        data=Path(args.data),
        host=args.host,
        port=args.port,
        faults=Faults(
            fail_rate=args.fail_rate,
            delay_ms=args.delay,
            drop_after_receive=args.drop_after_receive,
            seed=args.seed,
        ),
        agencies=Path(args.agencies) if args.agencies else None,
        allow_remote=args.allow_remote,
        window=args.window,
    )
    check_config(config)  # before touching the data folder
    return config


def cmd_axis_serve(ctx: Any) -> int:
    from sync.server.run import configure_logging, serve

    config = _config(ctx.args)
    configure_logging(quiet=ctx.args.quiet)

    def ready(url: str) -> None:
        ctx.emit({"url": url}, url)
        ctx.out.flush()

    serve(config, ready=ready)
    return 0


def _read_secret() -> str:
    if sys.stdin is None:
        raise InvalidInput("secret", "missing")
    if sys.stdin.isatty():
        return getpass.getpass("Secret: ")
    return sys.stdin.readline().rstrip("\r\n")


def cmd_axis_add_system(ctx: Any) -> int:
    from app.cli import vi
    from sync.server.store import AxisStore

    args = ctx.args
    for name, value in (("system_id", args.system_id), ("org_id", args.org_id)):
        if not _ID.match(value):
            raise InvalidInput(name, "malformed", value=value)
    org_name = args.org_name.strip()
    if not org_name:
        raise InvalidInput("org_name", "missing")
    secret = _read_secret()
    if not secret:
        raise InvalidInput("secret", "missing")
    if len(secret) < MIN_SECRET:
        raise InvalidInput("secret", "too_short", limit=MIN_SECRET)
    store = AxisStore(Path(args.data))
    try:
        created = store.upsert_system(args.system_id, secret, args.org_id, org_name)
    finally:
        store.close()
    data = {
        "system_id": args.system_id,
        "org_id": args.org_id,
        "org_name": org_name,
        "created": created,
    }
    ctx.emit(
        data,
        lambda: vi(
            f"Đã {'đăng ký' if created else 'cập nhật'} hệ thống «{args.system_id}» cho "
            f"{org_name} ({args.org_id}).",
            f"System «{args.system_id}» {'registered' if created else 'updated'} for "
            f"{org_name} ({args.org_id}).",
        ),
    )
    return 0


def main_serve(argv: Sequence[str]) -> int:
    """``python -m sync.server``: the serve command without the rest of ``vanthu``."""
    from app.cli import EXIT_INVALID, Context, Parser, error_line, exit_code_for

    parser = Parser(prog="python -m sync.server", description="the local axis server")
    add_serve_arguments(parser)
    args = parser.parse_args(argv)
    args.home = None
    try:
        return cmd_axis_serve(Context(args))
    except InvalidInput as exc:
        print(f"vanthu: {error_line(exc)}", file=sys.stderr)
        return EXIT_INVALID
    except AppError as exc:
        print(f"vanthu: {error_line(exc)}", file=sys.stderr)
        return exit_code_for(exc)
    except KeyboardInterrupt:
        return 130


__all__ = ["add_serve_arguments", "main_serve", "register_axis_commands"]
