"""``vanthu [--home DIR] gui [--screenshot FILE.png] [--view VIEW]`` (added to the ``vanthu``
command through the ``vanthu.commands`` entry point).

Without a display it says so and offers ``--screenshot`` (exit 10, which ``make run`` takes
as "nothing to open here"). With ``--screenshot`` it draws offscreen, waits until the first
page of rows and the selected document's preview are shown, saves the window as PNG and
exits 0."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

EXIT_NO_DISPLAY = 10
EXIT_NO_PLATFORM = 11  # a display, but a system library the window needs is missing
VIEWS = ("incoming", "drafts", "outgoing", "sending", "registers", "directory")


def register_commands(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("gui", help="open the VanThu Desk window")
    p.add_argument("--screenshot", metavar="FILE.png", help="draw offscreen, save, and exit")
    p.add_argument("--view", choices=VIEWS, default="incoming", help="the view to open on")
    p.add_argument("--size", default="1440x900", help="window size WIDTHxHEIGHT")
    p.add_argument("--timeout", type=float, default=60.0, help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_gui)
    from ui.demo_cli import register_demo

    register_demo(sub)  # `demo` builds the whole demo; `gui` starts the demo's servers


def cmd_gui(ctx: Any) -> int:
    from app.cli import vi

    a = ctx.args
    if a.screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    else:
        from ui.application import has_display

        if not has_display():
            print(
                vi(
                    "Máy này không có màn hình (không có DISPLAY hay WAYLAND_DISPLAY) nên không"
                    " mở được cửa sổ. Có thể chụp ảnh cửa sổ thay thế:\n"
                    f"  vanthu --home {ctx.home} gui --screenshot cua-so.png",
                    "This machine has no display (no DISPLAY or WAYLAND_DISPLAY), so the window"
                    " cannot open. A picture of it can be taken instead:\n"
                    f"  vanthu --home {ctx.home} gui --screenshot window.png",
                ),
                file=sys.stderr,
            )
            return EXIT_NO_DISPLAY
        from ui.application import missing_platform_library

        missing = missing_platform_library()
        if missing:
            packages = "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0"
            print(
                vi(
                    f"Máy này thiếu thư viện hệ thống {missing} nên không mở được cửa sổ"
                    " (màn hình X11). Trên Debian/Ubuntu, người quản trị cài bằng:\n"
                    f"  sudo apt-get install {packages}\n(hoặc chạy: make deps)",
                    f"This machine lacks the system library {missing}, so the window cannot"
                    " open (X11 display). On Debian/Ubuntu an administrator installs it with:\n"
                    f"  sudo apt-get install {packages}\n(or run: make deps)",
                ),
                file=sys.stderr,
            )
            return EXIT_NO_PLATFORM
    try:
        width, height = (int(v) for v in a.size.lower().split("x"))
    except ValueError:
        from app.errors import InvalidInput

        raise InvalidInput("size", "malformed", value=a.size, expected="1440x900") from None
    from ui.demo_cli import window_services
    from ui.main import run_window

    with window_services(ctx):  # token settings; on the demo, its servers while it is open
        return run_window(
            ctx.home, view=a.view, screenshot=a.screenshot, size=(width, height), timeout=a.timeout
        )


__all__ = ["EXIT_NO_DISPLAY", "EXIT_NO_PLATFORM", "VIEWS", "register_commands"]
