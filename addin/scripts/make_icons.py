"""Draws the add-in's icons (assets/icon-{16,32,64,80,128}.png): a report page with a check mark
on the Word blue. Drawn once at 512 px and scaled down, so every size is the same picture.

Run: ../.venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

SIZES = (16, 32, 64, 80, 128)
BLUE = (24, 90, 189, 255)
WHITE = (255, 255, 255, 255)
LINE = (160, 178, 205, 255)
GREEN = (16, 124, 16, 255)
BIG = 512


def master() -> Image.Image:
    img = Image.new("RGBA", (BIG, BIG), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, BIG - 1, BIG - 1), radius=96, fill=BLUE)
    # the page, with a folded corner
    left, top, right, bottom, fold = 120, 72, 392, 440, 80
    d.polygon(
        [(left, top), (right - fold, top), (right, top + fold), (right, bottom), (left, bottom)],
        fill=WHITE,
    )
    d.polygon([(right - fold, top), (right - fold, top + fold), (right, top + fold)], fill=LINE)
    for y in (170, 230, 290):
        d.rounded_rectangle((left + 40, y, right - 40, y + 26), radius=13, fill=LINE)
    # the check mark over the lower right corner
    d.line([(250, 360), (310, 420), (430, 280)], fill=GREEN, width=56, joint="curve")
    return img


def main() -> None:
    out = Path(__file__).resolve().parent.parent / "assets"
    out.mkdir(exist_ok=True)
    big = master()
    for size in SIZES:
        big.resize((size, size), Image.Resampling.LANCZOS).save(out / f"icon-{size}.png", optimize=True)
        print(out / f"icon-{size}.png")


if __name__ == "__main__":
    main()
