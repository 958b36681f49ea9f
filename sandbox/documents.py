"""Render a document's text lines as a real file: a PNG form (Pillow) or a PDF (reportlab).

The onboarding workflow OCRs these, so the PNG is a plain scan-like page with large dark text on white, and
the PDF carries real text that a PDF parser can extract.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen import canvas


def render_png(lines: list[str], *, title_size: int = 34, body_size: int = 26) -> bytes:
    """A white page with the first line as a heading and the rest as form rows."""
    width, height = 1200, max(400, 140 + 52 * len(lines))
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.load_default(size=title_size)
    body_font = ImageFont.load_default(size=body_size)
    draw.rectangle((20, 20, width - 20, height - 20), outline="black", width=3)
    y = 50
    for n, line in enumerate(lines):
        draw.text((60, y), line, fill="black", font=title_font if n == 0 else body_font)
        y += 70 if n == 0 else 52
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def render_pdf(lines: list[str], *, title: str = "Document") -> bytes:
    """A one-page letter PDF with the lines as text (extractable, not an image)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=LETTER, invariant=True)
    pdf.setTitle(title)
    y = LETTER[1] - 72
    for n, line in enumerate(lines):
        pdf.setFont("Helvetica-Bold" if n == 0 else "Helvetica", 16 if n == 0 else 12)
        pdf.drawString(72, y, line)
        y -= 28 if n == 0 else 20
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def render(content_type: str, lines: list[str], *, title: str = "Document") -> bytes:
    """Bytes of the file for a document of this content type."""
    if content_type == "application/pdf":
        return render_pdf(lines, title=title)
    if content_type == "image/png":
        return render_png(lines)
    raise ValueError(f"cannot render documents of type {content_type!r}")
