"""Bundled resources: fonts (with their licences), images, translations, the trust store."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent
FONTS = ROOT / "fonts"


def font_path(name: str) -> Path:
    """A bundled font file, e.g. ``font_path("LiberationSerif-Regular.ttf")``."""
    path = FONTS / name
    if not path.is_file():
        raise FileNotFoundError(path)
    return path


__all__ = ["FONTS", "ROOT", "font_path"]
