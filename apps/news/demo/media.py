"""Demo media made on the spot: cover graphics (Pillow) and small Chinese PDFs (ReportLab)."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

BRAND = (158, 27, 32)
PALETTES = [
    ((158, 27, 32), (214, 140, 60)),
    ((24, 78, 140), (80, 160, 220)),
    ((30, 110, 90), (140, 200, 150)),
    ((70, 50, 120), (170, 140, 210)),
    ((40, 60, 80), (200, 170, 110)),
]
CID_FONT = "STSong-Light"


def cover_jpeg(
    rng: random.Random,
    *,
    size: tuple[int, int] = (1440, 810),
    colors: tuple[tuple[int, int, int], tuple[int, int, int]] | None = None,
) -> bytes:
    """An abstract cover: a diagonal gradient with a few translucent circles and bands."""
    width, height = size
    start, end = colors or rng.choice(PALETTES)
    base = Image.new("RGB", size)
    draw = ImageDraw.Draw(base)
    for x in range(0, width, 4):
        t = x / width
        color = tuple(round(s + (e - s) * t) for s, e in zip(start, end, strict=True))
        draw.rectangle([x, 0, x + 4, height], fill=color)
    overlay = Image.new("RGBA", size, (0, 0, 0, 0))
    odraw = ImageDraw.Draw(overlay)
    for _ in range(rng.randint(4, 7)):
        r = rng.randint(height // 8, height // 2)
        cx, cy = rng.randint(0, width), rng.randint(0, height)
        odraw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(255, 255, 255, rng.randint(20, 60)))
    band_y = rng.randint(height // 2, height - 80)
    odraw.rectangle([0, band_y, width, band_y + 18], fill=(255, 255, 255, 90))
    image = Image.alpha_composite(base.convert("RGBA"), overlay).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _font() -> str:
    if CID_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
    return CID_FONT


def _wrap(text: str, width_chars: int) -> list[str]:
    return [text[i : i + width_chars] for i in range(0, len(text), width_chars)] or [""]


def chinese_pdf(*, title: str, sections: list[tuple[str, str]], footer: str) -> bytes:
    """A small A5 PDF in Chinese (ReportLab's built-in STSong-Light CID font, no files)."""
    font = _font()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A5)
    pdf.setTitle(title)
    width, height = A5
    margin = 15 * mm
    y = height - margin

    def line(text: str, size: float, gap: float) -> None:
        nonlocal y
        if y < margin + size:
            pdf.showPage()
            y = height - margin
        pdf.setFont(font, size)
        pdf.drawString(margin, y, text)
        y -= size + gap

    pdf.setFillColorRGB(*(c / 255 for c in BRAND))
    pdf.rect(0, height - 8 * mm, width, 8 * mm, stroke=0, fill=1)
    pdf.setFillColorRGB(0, 0, 0)
    y -= 6 * mm
    for chunk in _wrap(title, 16):
        line(chunk, 16, 6)
    y -= 4
    per_line = int((width - 2 * margin) // 10.5)
    for heading, body in sections:
        line(heading, 12.5, 4)
        for chunk in _wrap(body, per_line):
            line(chunk, 10.5, 3)
        y -= 6
    pdf.setFont(font, 8)
    pdf.drawString(margin, margin / 2, footer)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
