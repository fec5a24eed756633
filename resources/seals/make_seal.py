"""Draws the SAMPLE organisation seal ``con-dau-mau.png`` (see README.md): a round red seal,
36 mm across at 300 dpi, transparent background, two rings with the organisation's name
around the top, a star and the word "MẪU" (sample) in the middle.

``con-dau-mau-so-y-te.png`` is the same SAMPLE for the demo's second organisation (Sở Y tế).

Run: ``.venv/bin/python -m resources.seals.make_seal`` (writes the PNGs beside this file).
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from resources import font_path

HERE = Path(__file__).resolve().parent
OUT = HERE / "con-dau-mau.png"
NAME = "ỦY BAN NHÂN DÂN TỈNH ĐẮK LẮK"
PEER_OUT = HERE / "con-dau-mau-so-y-te.png"
PEER_NAME = "SỞ Y TẾ TỈNH ĐẮK LẮK"
DIAMETER_MM = 36.0
DPI = 300
SCALE = 4  # drawn four times larger, then reduced: smooth edges
INK = (214, 24, 32, 255)
SWEEP = 300.0  # degrees of the ring the name spans, centred on the top


def make_seal(name: str = NAME, out: Path = OUT) -> Path:
    size = round(DIAMETER_MM / 25.4 * DPI)  # 425 px
    big = size * SCALE
    mm = DPI / 25.4 * SCALE  # pixels per millimetre, while drawing
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    centre = big / 2

    def ring(radius_mm: float, width_mm: float) -> None:
        r = radius_mm * mm
        box = (centre - r, centre - r, centre + r, centre + r)
        draw.ellipse(box, outline=INK, width=round(width_mm * mm))

    ring(17.8, 1.0)  # outer ring: its outer edge 0.2 mm inside the image
    ring(11.2, 0.45)  # inner ring, around the centre
    _name_around(image, name, centre, radius=14.3 * mm, height=3.6 * mm)
    _star(draw, centre, centre - 1.2 * mm, outer=6.0 * mm)
    font = ImageFont.truetype(str(font_path("LiberationSerif-Bold.ttf")), round(3.4 * mm))
    draw.text((centre, centre + 6.9 * mm), "MẪU", font=font, fill=INK, anchor="mm")
    seal = image.resize((size, size), Image.Resampling.LANCZOS)
    seal.save(out, dpi=(DPI, DPI), optimize=True)
    return out


def _name_around(
    image: Image.Image, name: str, centre: float, radius: float, height: float
) -> None:
    """Each letter upright towards the rim, spaced along ``SWEEP`` degrees of the ring."""
    font_file = str(font_path("LiberationSerif-Bold.ttf"))
    size = round(height / 0.66)  # capitals are about two thirds of the em
    font = ImageFont.truetype(font_file, size)
    widths = [font.getlength(ch) for ch in name]
    arc = math.radians(SWEEP) * radius
    while sum(widths) > arc * 0.92 and size > 8:  # too long a name: smaller letters
        size -= 2
        font = ImageFont.truetype(font_file, size)
        widths = [font.getlength(ch) for ch in name]
    gap = (arc - sum(widths)) / max(len(name) - 1, 1)
    along = -arc / 2
    for ch, width in zip(name, widths, strict=True):
        middle = along + width / 2
        along += width + gap
        if ch.isspace():
            continue
        angle = middle / radius  # radians clockwise from the top
        tile = Image.new("RGBA", (size * 2, size * 2), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((size, size), ch, font=font, fill=INK, anchor="mm")
        tile = tile.rotate(-math.degrees(angle), resample=Image.Resampling.BICUBIC)
        x = centre + radius * math.sin(angle) - size
        y = centre - radius * math.cos(angle) - size
        image.alpha_composite(tile, (round(x), round(y)))


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, outer: float) -> None:
    inner = outer * 0.382  # the regular five-pointed star
    points = []
    for k in range(10):
        r = outer if k % 2 == 0 else inner
        a = math.radians(-90 + 36 * k)
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    draw.polygon(points, fill=INK)


if __name__ == "__main__":
    print(make_seal())
    print(make_seal(PEER_NAME, PEER_OUT))
