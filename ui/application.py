"""The QApplication of VanThu Desk: its name, the translation in the user's language (the
sources are in Vietnamese; English comes from ``resources/translations/vanthu_en.qm``,
compiled by ``make translations``), and a palette that follows the system's light or dark
scheme (``VANTHU_THEME=dark|light`` forces one)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from resources import ROOT as RESOURCES

log = logging.getLogger("vanthu.ui")
TRANSLATIONS = RESOURCES / "translations"
APP_NAME = "VanThu Desk"


def language() -> str:
    from app.messages import language as core_language

    return core_language()


def make_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (made once; later calls return it)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("VanThu")
    app.setApplicationDisplayName(APP_NAME)
    install_translation(app, language())
    apply_theme(app, os.environ.get("VANTHU_THEME", "").strip().lower())
    return app


def install_translation(app: QApplication, lang: str, folder: Path | None = None) -> bool:
    """English (or another language) from its compiled file in ``folder`` (the project's
    translations by default); Vietnamese is the source. A translation installed earlier is
    taken away first, so that the language can be switched (widgets made afterwards speak
    the new one)."""
    QLocale.setDefault(
        QLocale(QLocale.Language.English if lang == "en" else QLocale.Language.Vietnamese)
    )
    earlier = _installed.pop(app, None)
    if earlier is not None:
        app.removeTranslator(earlier)
    if lang == "vi":
        return True
    path = (folder or TRANSLATIONS) / f"vanthu_{lang}.qm"
    translator = QTranslator(app)
    if not path.is_file() or not translator.load(str(path)):
        log.warning("no compiled translation at %s (make translations): Vietnamese shown", path)
        return False
    app.installTranslator(translator)
    _installed[app] = translator
    return True


_installed: dict[QApplication, QTranslator] = {}  # the translator each application has


def apply_theme(app: QApplication, theme: str = "") -> str:
    """Fusion with a dark palette when asked or when the system is dark; the platform's own
    otherwise. Returns the theme applied."""
    from PySide6.QtCore import Qt

    hints = app.styleHints()
    system_dark = getattr(hints, "colorScheme", lambda: None)() == Qt.ColorScheme.Dark
    dark = theme == "dark" or (theme != "light" and system_dark)
    if not dark:
        return "light"
    app.setStyle(QStyleFactory.create("Fusion"))
    palette = QPalette()
    # inputs a shade lighter than the window: Fusion outlines check boxes and radio buttons
    # darker than the window, and fills them with Base (darker too, they vanished)
    base, window, text = QColor(55, 58, 64), QColor(42, 45, 50), QColor(230, 232, 235)
    for role, color in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor(61, 64, 71)),
        (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor(255, 120, 120)),
        (QPalette.ColorRole.Highlight, QColor(52, 120, 198)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.Link, QColor(120, 170, 240)),
        (QPalette.ColorRole.PlaceholderText, QColor(150, 152, 158)),
    ):
        palette.setColor(role, color)
    for role in (  # labels (WindowText) too: a disabled form must look disabled
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 122, 128))
    app.setPalette(palette)
    return "dark"


def is_dark(app: QApplication | None = None) -> bool:
    app = app or QApplication.instance()  # type: ignore[assignment]
    if app is None:
        return False
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def has_display() -> bool:
    """Whether a window can be shown here (an X11 or Wayland session, or a platform set)."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def missing_platform_library(plugin: Path | None = None) -> str | None:
    """The system library the X11 platform plugin cannot find (``libxcb-cursor.so.0`` on a
    Debian desktop without libxcb-cursor0), or None. Qt would abort with a message about
    "xcb" that a clerk cannot act on; the window says which package to install instead.
    Only asked where the X11 plugin will be used."""
    import ctypes
    import re

    if plugin is None:
        if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM", "xcb") != "xcb":
            return None
        if not os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
            return None
        import PySide6

        plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if not plugin.is_file():
            return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        found = re.search(r"(lib[\w.+-]+\.so[\d.]*)", str(exc))
        return found.group(1) if found else str(exc)
    return None


def translations_dir() -> Path:
    return TRANSLATIONS


__all__ = [
    "APP_NAME",
    "apply_theme",
    "has_display",
    "install_translation",
    "is_dark",
    "make_application",
    "missing_platform_library",
    "translations_dir",
]
