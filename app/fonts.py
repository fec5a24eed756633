"""Registers the bundled Liberation Serif 2 (Times-metric, full Vietnamese) with reportlab."""

from __future__ import annotations

from functools import cache

from resources import font_path

SERIF = "VTSerif"
SERIF_BOLD = "VTSerif-Bold"
SERIF_ITALIC = "VTSerif-Italic"
SERIF_BOLD_ITALIC = "VTSerif-BoldItalic"


@cache
def register_fonts() -> str:
    """Register once per process; returns the family name to use in styles."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in (
        (SERIF, "LiberationSerif-Regular.ttf"),
        (SERIF_BOLD, "LiberationSerif-Bold.ttf"),
        (SERIF_ITALIC, "LiberationSerif-Italic.ttf"),
        (SERIF_BOLD_ITALIC, "LiberationSerif-BoldItalic.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(font_path(file))))
    addMapping(SERIF, 0, 0, SERIF)
    addMapping(SERIF, 1, 0, SERIF_BOLD)
    addMapping(SERIF, 0, 1, SERIF_ITALIC)
    addMapping(SERIF, 1, 1, SERIF_BOLD_ITALIC)
    return SERIF


__all__ = ["SERIF", "SERIF_BOLD", "SERIF_BOLD_ITALIC", "SERIF_ITALIC", "register_fonts"]
