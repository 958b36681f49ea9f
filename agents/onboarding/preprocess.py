"""Clean a scanned page before OCR: greyscale, even out the background, stretch the contrast, straighten.

Why: the detector misses faded text (a washed-out copy loses almost every line) and reads tilted lines as
broken fragments. A page is flattened by dividing by its estimated background (uneven lighting, yellowed
paper), stretched between its 1st and 99th percentile, and rotated by the angle whose horizontal
projection profile is sharpest (text lines give tall, narrow peaks only when they are level).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

Gray = NDArray[np.uint8]

MAX_SKEW_DEGREES = 8.0
"""Scans tilted more than this are rare; a wider search mostly finds false peaks on ruled forms."""


@dataclass(frozen=True)
class Prepared:
    """A page ready for OCR, and what was done to it (for the confidence and the logs)."""

    image: Gray
    skew_degrees: float
    contrast_before: float
    """Spread between ink and paper (0-255) before stretching."""


def _gray(image: Any) -> Gray:
    """OpenCV's results typed as the greyscale pages they are."""
    return np.asarray(image, dtype=np.uint8)


def to_gray(image: NDArray[np.uint8]) -> Gray:
    if image.ndim == 2:
        return image
    if image.shape[2] == 4:
        return _gray(cv2.cvtColor(image, cv2.COLOR_RGBA2GRAY))
    return _gray(cv2.cvtColor(image, cv2.COLOR_RGB2GRAY))


def normalise_contrast(gray: Gray) -> tuple[Gray, float]:
    """Flatten the background, then map the typical ink level to black and the paper level to white.

    Returns the cleaned page and the ink-to-paper spread it had (0-255) after flattening.
    """
    # Background: a closing removes ink strokes thinner than the kernel, leaving the paper's light level.
    size = max(15, (min(gray.shape) // 40) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (size, size))
    background = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, kernel)
    flat = _gray(cv2.divide(gray, np.maximum(background, 1), scale=255))
    threshold, _ = cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink_pixels = flat[flat <= threshold]
    paper_pixels = flat[flat > threshold]
    if ink_pixels.size == 0 or paper_pixels.size == 0:
        return flat, 0.0
    ink = float(np.percentile(ink_pixels, 25))
    paper = float(np.median(paper_pixels))
    spread = paper - ink
    if spread < 4:  # a blank page: nothing to stretch
        return flat, spread
    stretched = np.clip((flat.astype(np.float32) - ink) * (255.0 / spread), 0, 255).astype(np.uint8)
    return stretched, spread


def _profile_score(ink: NDArray[np.float32], angle: float) -> float:
    h, w = ink.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rotated.sum(axis=1)
    return float(np.square(np.diff(rows)).sum())


def estimate_skew(gray: Gray) -> float:
    """Degrees to rotate the page (counter-clockwise) so its text lines are level."""
    scale = 800.0 / max(gray.shape)
    small = cv2.resize(gray, None, fx=min(1.0, scale), fy=min(1.0, scale), interpolation=cv2.INTER_AREA)
    _, binary = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    ink = binary.astype(np.float32)
    if ink.sum() < 50:  # a blank page has no lines to level
        return 0.0
    coarse = max(
        np.arange(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES + 0.01, 0.5), key=lambda a: _profile_score(ink, a)
    )
    fine = np.arange(coarse - 0.5, coarse + 0.51, 0.1)
    return round(float(max(fine, key=lambda a: _profile_score(ink, a))), 2)


def rotate(gray: Gray, angle: float) -> Gray:
    """Rotate about the centre, growing the canvas so no corner is cut, filling with white."""
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(h * sin + w * cos), int(h * cos + w * sin)
    matrix[0, 2] += new_w / 2 - w / 2
    matrix[1, 2] += new_h / 2 - h / 2
    return _gray(cv2.warpAffine(gray, matrix, (new_w, new_h), flags=cv2.INTER_CUBIC, borderValue=255))


def prepare(image: NDArray[np.uint8], *, deskew: bool = True, contrast: bool = True) -> Prepared:
    """The page cleaned for OCR (either step can be turned off, for the benchmark's baseline)."""
    gray = to_gray(image)
    spread = float(np.percentile(gray, 99.5) - np.percentile(gray, 1))
    if contrast:
        gray, spread = normalise_contrast(gray)
    angle = estimate_skew(gray) if deskew else 0.0
    if abs(angle) >= 0.2:
        gray = rotate(gray, angle)
    return Prepared(gray, angle, spread)
