"""``vanthu gui`` on a real X11 display (Xvfb, started here on a display of its own), the
way ``make run`` opens it on a desktop: Qt's X11 plugin loads (on Debian it needs
libxcb-cursor0, which ``make deps`` installs — without it Qt aborted), the window appears
with its title, answers the keyboard, and Ctrl+Q closes it with exit 0. xdotool plays the
user."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.gui


@pytest.fixture
def display() -> Iterator[str]:
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1440x900x24", "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number.isdigit(), "Xvfb did not start (Debian: xvfb)"
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def xdotool(display: str, *args: str) -> str:
    run = subprocess.run(["xdotool", *args], capture_output=True, text=True, timeout=60,
                         env=os.environ | {"DISPLAY": display})  # fmt: skip
    return run.stdout.strip()


@contextmanager
def gui_on(display: str, home: Path) -> Iterator[tuple[subprocess.Popen, str]]:
    """``vanthu gui`` on ``display``, once its window is mapped: the process and the
    window's X11 id; killed on the way out if it is still running."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env |= {"DISPLAY": display, "PYTHONPATH": str(ROOT), "VANTHU_LANG": "vi"}
    gui = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--home", str(home), "gui"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        window = ""
        deadline = time.monotonic() + 60
        while not window and time.monotonic() < deadline and gui.poll() is None:
            window = xdotool(display, "search", "--name", "Đắk Lắk").split("\n")[0]
            time.sleep(0.3)
        assert window, f"no window appeared: {gui.poll()} {gui.stderr.read() if gui.poll() else ''}"
        yield gui, window
    finally:
        if gui.poll() is None:
            gui.kill()
            gui.wait()


def test_the_window_opens_on_x11_answers_keys_and_quits(display, filled_home: Path):
    with gui_on(display, filled_home) as (gui, window):
        # X11 adds the application's name to the title once
        assert xdotool(display, "getwindowname", window) == (
            "Ủy ban nhân dân tỉnh Đắk Lắk — VanThu Desk"
        )
        time.sleep(1.0)  # the first rows
        xdotool(display, "windowfocus", "--sync", window)
        xdotool(display, "key", "--window", window, "ctrl+q")
        code = gui.wait(30)
        err = gui.stderr.read()
        assert code == 0, err
        assert "Traceback" not in err


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_in_the_terminal_or_sigterm_closes_the_window_cleanly(
    display, filled_home: Path, signum: int
):
    """Ctrl+C in the terminal that ran ``make run`` (SIGINT) and SIGTERM (logout, ``kill``)
    close the window as Ctrl+Q would: without them Qt ignored Ctrl+C and died on SIGTERM
    without closing the workspace. The exit code says which signal (128 + its number)."""
    with gui_on(display, filled_home) as (gui, _window):
        gui.send_signal(signum)  # the window is mapped: the handlers are in place
        code = gui.wait(30)
        err = gui.stderr.read()
        assert code == 128 + signum, err
        assert "Traceback" not in err and "KeyboardInterrupt" not in err
        assert xdotool(display, "search", "--name", "Đắk Lắk") == ""  # the window is gone
