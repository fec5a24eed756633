"""A display but a missing system library (seen on a real X11 display: Debian's desktop lacked
libxcb-cursor0 and Qt aborted with words about "xcb"): ``vanthu gui`` names the library and
the packages instead. The missing library is real: a plugin-like shared object linked to a
library that is then removed (gcc, as on every machine here)."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

import pytest

import ui.application as application
from app.cli import main
from ui.application import missing_platform_library
from ui.cli import EXIT_NO_PLATFORM


@pytest.fixture
def ghost_plugin(tmp_path: Path) -> Path:
    (tmp_path / "ghost.c").write_text("int ghost(void) { return 1; }\n")
    (tmp_path / "plugin.c").write_text("int ghost(void);\nint plugin(void) { return ghost(); }\n")
    lib = tmp_path / "libvanthughost.so.0"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(lib), "-Wl,-soname,libvanthughost.so.0",
                    str(tmp_path / "ghost.c")], check=True)  # fmt: skip
    (tmp_path / "libvanthughost.so").symlink_to(lib.name)
    plugin = tmp_path / "libqfake.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", str(plugin), str(tmp_path / "plugin.c"),
                    f"-L{tmp_path}", "-lvanthughost"], check=True)  # fmt: skip
    lib.unlink()
    return plugin


def test_the_missing_library_is_named(ghost_plugin: Path) -> None:
    assert missing_platform_library(ghost_plugin) == "libvanthughost.so.0"


def test_the_installed_x11_plugin_loads_here() -> None:
    import PySide6

    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    assert plugin.is_file()
    assert missing_platform_library(plugin) is None  # make deps installed what it needs


def test_gui_says_which_packages_to_install(
    ghost_plugin: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    # the only stand-in: the X11 plugin's path, pointed at the plugin above
    monkeypatch.setattr(
        application, "missing_platform_library",
        functools.partial(missing_platform_library, ghost_plugin),
    )  # fmt: skip
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("VANTHU_LANG", "vi")
    code = main(["--home", str(tmp_path / "ws"), "gui"])
    err = capsys.readouterr().err
    assert code == EXIT_NO_PLATFORM
    assert "libvanthughost.so.0" in err and "apt-get install libxcb-cursor0" in err
    assert "Traceback" not in err
    assert not (tmp_path / "ws").exists()  # nothing was created for a window that cannot open
