"""The status distribution of a nämndmål as a stacked bar: one segment per status, as wide as its share
of the nämndmål's enhetsmål, labelled with its count. Drawn as inline SVG for the HTML page and as a
PNG (Pillow) for the Word summary, from the same segments and colours."""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING

from vbassist.overview.model import STATUS_KEY_LABELS, STATUS_KEYS, NamndmalGroup, StatusKey
from vbassist.sv import shorten

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont, ImageFont

# colours that stay apart for the common colour-vision deficiencies and in greyscale print, with the
# text colour readable on each
COLOURS: dict[StatusKey, tuple[str, str]] = {
    "helt": ("#2e7d32", "#ffffff"),
    "delvis": ("#f0b400", "#1a1a1a"),
    "inte": ("#c62828", "#ffffff"),
    "inga_data": ("#607d8b", "#ffffff"),
    "saknas": ("#e6e6e6", "#1a1a1a"),
}


@dataclass(frozen=True)
class Segment:
    key: StatusKey
    label: str
    count: int
    start: float  # share of the bar before this segment, 0..1
    width: float  # this segment's share, 0..1


def segments(counts: dict[StatusKey, int]) -> list[Segment]:
    """The non-empty segments in status order (helt, delvis, inte, inga data, saknas)."""
    total = sum(counts.get(k, 0) for k in STATUS_KEYS)
    out: list[Segment] = []
    start = 0.0
    for key in STATUS_KEYS:
        n = counts.get(key, 0)
        if n <= 0 or total == 0:
            continue
        out.append(Segment(key, STATUS_KEY_LABELS[key], n, start, n / total))
        start += n / total
    return out


def describe(counts: dict[StatusKey, int]) -> str:
    """The bar in words (alt text, SVG title): "Uppfylls helt: 2, Uppfylls delvis: 1"."""
    return ", ".join(f"{s.label}: {s.count}" for s in segments(counts))


# --------------------------------------------------------------------------- SVG (HTML page)

_SVG_WIDTH = 960
_LABEL_H = 20
_BAR_H = 22
_ROW_GAP = 12


def svg_chart(groups: list[NamndmalGroup]) -> str:
    """One bar per nämndmål under its title, and a legend: an inline <svg> that scales to the page."""
    height = 34 + len(groups) * (_LABEL_H + _BAR_H + _ROW_GAP)
    parts = [
        f'<svg class="chart" viewBox="0 0 {_SVG_WIDTH} {height}" width="100%" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="Status per nämndmål">'
    ]
    x = 0
    for key in STATUS_KEYS:  # the legend
        fill, _ = COLOURS[key]
        parts.append(
            f'<rect x="{x}" y="4" width="14" height="14" fill="{fill}" stroke="#888" stroke-width=".5"/>'
        )
        parts.append(f'<text x="{x + 20}" y="16" font-size="13">{escape(STATUS_KEY_LABELS[key])}</text>')
        x += 36 + 8 * len(STATUS_KEY_LABELS[key])
    y = 34
    for group in groups:
        title = group.heading
        shown = shorten(title, 110)
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="13" font-weight="600"><title>{escape(title)}</title>'
            f"{escape(shown)} · {group.goals} enhetsmål</text>"
        )
        y += _LABEL_H
        parts.append(f"<g><title>{escape(describe(group.counts))}</title>")
        for seg in segments(group.counts):
            fill, ink = COLOURS[seg.key]
            sx, sw = seg.start * _SVG_WIDTH, seg.width * _SVG_WIDTH
            parts.append(
                f'<rect x="{sx:.1f}" y="{y}" width="{sw:.1f}" height="{_BAR_H}" fill="{fill}" '
                f'stroke="#ffffff" stroke-width="1" data-status="{seg.key}" data-count="{seg.count}"/>'
            )
            if sw >= 18:
                parts.append(
                    f'<text x="{sx + sw / 2:.1f}" y="{y + 16}" font-size="13" text-anchor="middle" '
                    f'fill="{ink}">{seg.count}</text>'
                )
        parts.append("</g>")
        y += _BAR_H + _ROW_GAP
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- PNG (Word summary)

_PNG_W, _PNG_H = 1800, 180  # 16 cm wide in Word: about 285 dpi, sharp in print
_PNG_BAR_Y, _PNG_BAR_H = 10, 84


def png_chart(counts: dict[StatusKey, int]) -> bytes:
    """One nämndmål's bar with its legend as a PNG. Only ASCII labels are drawn (the status words),
    so Pillow's bundled font is enough on a machine without system fonts."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (_PNG_W, _PNG_H), "white")
    draw = ImageDraw.Draw(image)
    font = _font(48)
    small = _font(40)
    for seg in segments(counts):
        fill, ink = COLOURS[seg.key]
        x0, x1 = round(seg.start * _PNG_W), round((seg.start + seg.width) * _PNG_W)
        draw.rectangle((x0, _PNG_BAR_Y, x1 - 3, _PNG_BAR_Y + _PNG_BAR_H), fill=fill)
        text = str(seg.count)
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
        if right - left + 12 < x1 - x0:
            cx = (x0 + x1) / 2 - (right - left) / 2
            cy = _PNG_BAR_Y + _PNG_BAR_H / 2 - (bottom + top) / 2
            draw.text((cx, cy), text, font=font, fill=ink)
    x = 0
    legend_y = _PNG_BAR_Y + _PNG_BAR_H + 24
    for seg in segments(counts):
        fill, _ = COLOURS[seg.key]
        draw.rectangle((x, legend_y, x + 36, legend_y + 36), fill=fill, outline="#888888")
        label = f"{seg.label} ({seg.count})"
        draw.text((x + 44, legend_y - 2), label, font=small, fill="#1a1a1a")
        x += 44 + int(draw.textlength(label, font=small)) + 48
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@lru_cache(maxsize=4)
def _font(size: int) -> FreeTypeFont | ImageFont:
    from PIL import ImageFont

    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)
