"""The demo's commands, wired by the window's composition root (no Qt here):

- ``vanthu --home DIR demo`` builds the whole demo (ui/demo_setup.py) instead of the
  registers alone, and prints what it took;
- ``vanthu --home DIR demo --serve`` runs the demo's servers without a window: the local
  axis and the second organisation's robot (sync/demo.py; the robot's process is
  ui/demo_peer.py, which signs its letters with its own token), child processes on 127.0.0.1,
  until SIGTERM or Ctrl+C; the cached revocation data is refreshed first, so signatures
  verify offline (no certomancer server is needed);
- ``vanthu --home DIR gui`` on a demo workspace (setting ``demo`` = "1") starts the same
  servers with the window and stops them when it closes (``--no-demo-serve``: not).

Every command that opens a workspace applies its token settings first (``softhsm_conf``,
``pkcs11_modules``: signing ``use_workspace_tokens``)."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

EXIT_SERVICE_DIED = 1
ROBOT = "ui.demo_peer"  # the second organisation's process (python -m ROBOT --home PEER)


def register_demo(sub: Any) -> None:
    """Extend the core's ``demo`` command and the window's ``gui`` command."""
    demo = sub.choices.get("demo")
    if demo is not None:
        demo.add_argument(
            "--serve",
            action="store_true",
            help="run the demo's local axis and second organisation (127.0.0.1) until stopped",
        )
        demo.set_defaults(func=cmd_demo)
    gui = sub.choices.get("gui")
    if gui is not None:
        gui.add_argument(
            "--no-demo-serve",
            action="store_true",
            help="on the demo workspace, do not start its servers with the window",
        )


def _say(ctx: Any, key: str) -> None:
    from app.cli import vi

    words = {
        "tokens": vi("  thiết bị ký số thử nghiệm (SoftHSM) …", "  test tokens (SoftHSM) …"),
        "drafts": vi("  dự thảo chờ ký …", "  drafts to sign …"),
        "sign": vi("  ký số và phát hành …", "  signing and issuing …"),
        "exchange": vi("  gửi nhận qua trục liên thông …", "  exchange over the axis …"),
    }
    if not ctx.json:  # "\r": over the registers' percentage
        print(f"\r{words.get(key, key):<40}", file=sys.stderr, flush=True)


def cmd_demo(ctx: Any) -> int:
    from app.cli import vi
    from app.cli_admin import cmd_demo as core_demo
    from app.errors import WorkspaceError
    from app.workspace import Workspace
    from ui.demo_setup import build_full_demo

    a, home = ctx.args, ctx.home
    if (home / "vanthu.db").exists() and not (home / ".demo").exists():
        raise WorkspaceError("already_initialised", str(home))  # a real office: never touched
    if (home / "vanthu.db").exists() and not a.rebuild:
        with Workspace(home) as ws:
            a.rebuild = ws.setting("demo") != "1"  # an older demo (registers only): rebuilt
    built = a.rebuild or not (home / "vanthu.db").exists()
    if a.serve and not built:
        return serve(ctx)
    steps: dict[str, float] = {}

    def build(*args: Any, **kwargs: Any) -> Any:
        result = build_full_demo(*args, say=partial(_say, ctx), **kwargs)
        steps.update(result.steps)
        return result

    a.demo_builder = build
    started = time.perf_counter()
    code = core_demo(ctx)
    if built and not ctx.json:
        seconds = time.perf_counter() - started
        parts = ", ".join(f"{k} {v:.1f}" for k, v in steps.items())
        print(
            vi(
                f"Đã tạo bản demo trong {seconds:.1f} giây ({parts}). Mở cửa sổ: vanthu --home"
                f" {home} gui",
                f"Demo built in {seconds:.1f} s ({parts}). Open the window: vanthu --home {home}"
                " gui",
            ),
            file=sys.stderr,
            flush=True,
        )
    if code or not a.serve:
        return code
    ctx.close()  # the workspace the summary opened
    return serve(ctx)


def refresh_revocation(home: Path) -> None:
    """Fresh CRLs of the demo's test CAs in both workspaces' caches (offline, in-process)."""
    from signing import trust_demo_pki
    from sync import peer_home

    config = home / "pki" / "demo-pki.yml"
    homes = [h for h in (home, peer_home(home)) if (h / "vanthu.db").is_file()]
    if config.is_file() and homes:
        trust_demo_pki(homes, config)


def serve(ctx: Any) -> int:
    """The demo's servers until SIGTERM or Ctrl+C; one line (JSON with --json) says where."""
    from app.cli import vi
    from sync import serve_demo

    home = ctx.home
    refresh_revocation(home)
    stop = threading.Event()
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGTERM, signal.SIGINT)}
    died = ""
    try:
        with serve_demo(home, robot=ROBOT) as services:
            data = {"axis": services.axis_url, "pids": services.pids, "ready": True}
            ctx.emit(
                data,
                vi(
                    f"Trục liên thông thử nghiệm: {services.axis_url} · tổ chức thứ hai đang"
                    " chạy (tiến trình " + ", ".join(map(str, services.pids)) + ")."
                    " Dừng: Ctrl+C.",
                    f"Local axis: {services.axis_url} · second organisation running (processes "
                    + ", ".join(map(str, services.pids))
                    + "). Stop: Ctrl+C.",
                ),
            )
            ctx.out.flush()
            while not stop.wait(0.5):
                gone = [c.name for c in services.children if not c.running()]
                if gone:
                    died = ", ".join(gone)
                    break
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if died:
        print(
            vi(f"vanthu: tiến trình {died} đã dừng bất thường (xem {home}/logs).",
               f"vanthu: the {died} process stopped unexpectedly (see {home}/logs)."),
            file=sys.stderr,
        )  # fmt: skip
        return EXIT_SERVICE_DIED
    return 0


@contextlib.contextmanager
def window_services(ctx: Any) -> Iterator[None]:
    """What the window needs around it: the workspace's token settings applied to this
    process, and on the demo workspace its servers (unless --screenshot/--no-demo-serve)."""
    from app.workspace import Workspace

    home = ctx.home
    if not (home / "vanthu.db").is_file():
        yield
        return
    from signing import use_workspace_tokens

    with Workspace(home) as ws:
        use_workspace_tokens(ws)
        demo = ws.setting("demo") == "1"
    a = ctx.args
    if not demo or a.screenshot or getattr(a, "no_demo_serve", False):
        yield
        return
    from sync import serve_demo, servers_running

    if servers_running(home):  # `demo --serve` runs them already: the window uses those
        yield
        return

    refresh_revocation(home)
    with serve_demo(home, robot=ROBOT):
        yield


__all__ = ["cmd_demo", "refresh_revocation", "register_demo", "serve", "window_services"]
