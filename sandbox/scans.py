"""Make a clean rendered page look like what a copier or a phone sends: tilted, grainy, faded, JPEG'd.

Deterministic for a given seed, so tests and the OCR benchmark see the same scans every run.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

from PIL import Image, ImageEnhance, ImageFilter


@dataclass(frozen=True)
class ScanStyle:
    """How a page was scanned. The defaults are a clean flatbed scan."""

    angle: float = 0.0
    """Degrees counter-clockwise the page sat crooked on the glass."""
    noise: float = 0.0
    """Standard deviation of grain, in grey levels (0-255)."""
    contrast: float = 1.0
    """1.0 as printed; 0.3 is a faded, washed-out copy."""
    brightness: float = 1.0
    blur: float = 0.0
    """Gaussian blur radius in pixels (an out-of-focus phone picture)."""


CLEAN = ScanStyle()
TILTED_NOISY = ScanStyle(angle=3.0, noise=18.0, blur=0.6)
LOW_CONTRAST = ScanStyle(contrast=0.35, brightness=1.15)


def scan(image: Image.Image, style: ScanStyle, *, seed: int = 0) -> Image.Image:
    """The page as scanned in `style` (greyscale, like most office scans)."""
    page = image.convert("L")
    if style.angle:
        page = page.rotate(style.angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if style.blur:
        page = page.filter(ImageFilter.GaussianBlur(style.blur))
    if style.contrast != 1.0:
        page = ImageEnhance.Contrast(page).enhance(style.contrast)
    if style.brightness != 1.0:
        page = ImageEnhance.Brightness(page).enhance(style.brightness)
    if style.noise:
        rng = random.Random(seed)
        grain = Image.effect_noise(page.size, style.noise)
        # effect_noise is centred on 128; shift it per seed so two scans differ.
        offset = rng.randint(-4, 4)
        page = Image.blend(page, grain.point(lambda v: min(255, max(0, v + offset))), 0.22)
    return page


def to_jpeg(image: Image.Image, *, quality: int = 70) -> bytes:
    buffer = io.BytesIO()
    image.convert("L").save(buffer, format="JPEG", quality=quality)
    return buffer.getvalue()
