"""A printed form as a list of positioned elements, rendered the same way to a PNG page and to a PDF.

Why one description for both: the onboarding reader must find the same fields on a scan (OCR) and in a
PDF's text layer, so both renderings have to put every label, value, checkbox and signature in the same
place. Coordinates are PDF points (1/72 inch) from the top-left corner of the page.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfgen import canvas

LETTER_POINTS = (612.0, 792.0)
CARD_POINTS = (243.0, 153.0)  # a 3.375 x 2.125 inch wallet card


@dataclass(frozen=True)
class Text:
    """A run of printed text; `y` is the top of the text."""

    x: float
    y: float
    text: str
    size: float = 8.0
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    """A straight line (field borders, section bars)."""

    x0: float
    y0: float
    x1: float
    y1: float
    width: float = 0.8


@dataclass(frozen=True)
class Checkbox:
    """A square box, marked with an X when `checked` (a pen mark on the scan, strokes in the PDF)."""

    x: float
    y: float
    checked: bool
    size: float = 8.0


@dataclass(frozen=True)
class Signature:
    """A handwritten-looking scribble inside a box, drawn as strokes (there is no text to read)."""

    x: float
    y: float
    width: float
    height: float
    seed: str


Element = Text | Rule | Checkbox | Signature


@dataclass
class Page:
    """One page of a form."""

    size: tuple[float, float] = LETTER_POINTS
    elements: list[Element] = field(default_factory=list)

    def add(self, *elements: Element) -> Page:
        self.elements.extend(elements)
        return self


def _scribble(sig: Signature, steps: int = 28) -> list[tuple[float, float]]:
    """Points of a loopy signature stroke, the same for the same seed."""
    digest = hashlib.sha256(sig.seed.encode()).digest()
    points = []
    for k in range(steps + 1):
        t = k / steps
        wobble = digest[k % len(digest)] / 255.0
        x = sig.x + 4 + t * (sig.width - 8)
        y = sig.y + sig.height * (0.55 + 0.3 * math.sin(t * 11 + wobble * 3) * (0.6 + 0.4 * wobble))
        points.append((x, y))
    return points


def _font(size_px: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=max(6, round(size_px)))


def render_png(page: Page, *, dpi: int = 150) -> Image.Image:
    """The page as a white RGB image at `dpi`."""
    scale = dpi / 72.0
    width, height = round(page.size[0] * scale), round(page.size[1] * scale)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for el in page.elements:
        if isinstance(el, Text):
            # Pillow's built-in font has no bold face; a stroked one would close up the word spaces.
            font = _font(el.size * scale * (1.08 if el.bold else 1.0))
            draw.text((el.x * scale, el.y * scale), el.text, fill="black", font=font)
        elif isinstance(el, Rule):
            line = (el.x0 * scale, el.y0 * scale, el.x1 * scale, el.y1 * scale)
            draw.line(line, fill="black", width=max(1, round(el.width * scale)))
        elif isinstance(el, Checkbox):
            x0, y0, s = el.x * scale, el.y * scale, el.size * scale
            draw.rectangle((x0, y0, x0 + s, y0 + s), outline="black", width=max(1, round(scale)))
            if el.checked:
                pad = s * 0.18
                pen = max(2, round(scale * 1.2))
                draw.line((x0 + pad, y0 + pad, x0 + s - pad, y0 + s - pad), fill="black", width=pen)
                draw.line((x0 + s - pad, y0 + pad, x0 + pad, y0 + s - pad), fill="black", width=pen)
        else:
            points = [(px * scale, py * scale) for px, py in _scribble(el)]
            draw.line(points, fill=(20, 30, 110), width=max(2, round(scale * 1.3)), joint="curve")
    return image


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def render_pdf(pages: list[Page], *, title: str) -> bytes:
    """The pages as a PDF with a real text layer (labels and typed values are text; marks are strokes)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=True)
    pdf.setTitle(title)
    for page in pages:
        width, height = page.size
        pdf.setPageSize((width, height))
        for el in page.elements:
            if isinstance(el, Text):
                pdf.setFont("Helvetica-Bold" if el.bold else "Helvetica", el.size)
                pdf.drawString(el.x, height - el.y - el.size * 0.8, el.text)
            elif isinstance(el, Rule):
                pdf.setLineWidth(el.width)
                pdf.line(el.x0, height - el.y0, el.x1, height - el.y1)
            elif isinstance(el, Checkbox):
                pdf.setLineWidth(0.8)
                pdf.rect(el.x, height - el.y - el.size, el.size, el.size)
                if el.checked:
                    pad, top = el.size * 0.18, height - el.y
                    pdf.setLineWidth(1.2)
                    pdf.line(el.x + pad, top - pad, el.x + el.size - pad, top - el.size + pad)
                    pdf.line(el.x + el.size - pad, top - pad, el.x + pad, top - el.size + pad)
            else:
                pdf.setLineWidth(1.1)
                path = pdf.beginPath()
                points = _scribble(el)
                path.moveTo(points[0][0], height - points[0][1])
                for px, py in points[1:]:
                    path.lineTo(px, height - py)
                pdf.drawPath(path, stroke=1, fill=0)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def images_to_pdf(images: list[Image.Image], *, dpi: int = 150, title: str = "Scan") -> bytes:
    """A scanned PDF: each page is only a picture (no text layer), as a copier or phone app makes."""
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="PDF",
        save_all=True,
        append_images=images[1:],
        resolution=float(dpi),
        title=title,
    )
    return buffer.getvalue()
