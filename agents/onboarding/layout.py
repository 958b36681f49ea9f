"""Text boxes on a page and the geometry that ties a form's label to its value.

Both readers (OCR and a PDF's text layer) produce the same thing: boxes of text in page pixels, each with a
confidence, plus the page picture for marks that are not text (checkboxes, signatures). Forms put a value
under its label (I-9, W-4 cells) or after it on the same line ("Date of Determination: 03/02/2025"); the
functions here find either, so the per-form extractors only name labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from rapidfuzz import fuzz

LABEL_MATCH = 82.0
"""Minimum fuzzy score (0-100) for a box to count as a label: OCR drops spaces and mixes up l/1, i/(."""


def squash(text: str) -> str:
    """Lower-case letters and digits only: how labels are compared (OCR often loses spaces)."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@dataclass(frozen=True)
class TextBox:
    """A run of text on one line, in page pixels (origin top-left)."""

    text: str
    confidence: float
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return max(1.0, self.y1 - self.y0)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def __repr__(self) -> str:  # never print what a box says: it may be an SSN
        return f"TextBox(<{len(self.text)} chars>, {self.confidence:.2f}, {self.x0:.0f},{self.y0:.0f})"


@dataclass
class PageText:
    """One page as read: its boxes in reading order, and the cleaned picture (greyscale, ink dark)."""

    boxes: list[TextBox]
    image: NDArray[np.uint8] | None
    source: str
    """`text_layer` or `ocr`."""
    skew_degrees: float = 0.0
    _squashed: list[str] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.boxes.sort(key=lambda b: (b.y0, b.x0))
        self._squashed = [squash(b.text) for b in self.boxes]

    def text(self) -> str:
        return "\n".join(b.text for b in self.boxes)


@dataclass(frozen=True)
class Match:
    box: TextBox
    score: float
    rest: str
    """Text in the same box after the label (an inline value), or ''."""


def label_score(label: str, text: str) -> tuple[float, str]:
    """How well `text` is `label`, or starts with it; and what follows the label in `text`."""
    want, got = squash(label), squash(text)
    if not want or not got:
        return 0.0, ""
    whole = fuzz.ratio(want, got)
    if len(got) <= len(want) + 2:
        return whole, ""
    head = fuzz.ratio(want, got[: len(want)])
    if head < LABEL_MATCH:
        return whole, ""
    rest = _after_label(text, len(want))
    return head, rest


def _after_label(text: str, wanted_chars: int) -> str:
    """The part of `text` after its first `wanted_chars` letters and digits (and a colon, if any)."""
    seen = 0
    for i, ch in enumerate(text):
        if ch.isalnum():
            seen += 1
            if seen == wanted_chars:
                return text[i + 1 :].lstrip(" :.-\t)").strip()
    return ""


def find_labels(
    page: PageText, label: str, *, above: float | None = None, below: float | None = None
) -> list[Match]:
    """Boxes that read as `label`, best first (optionally only between two y positions)."""
    found = []
    for box in page.boxes:
        if (above is not None and box.cy >= above) or (below is not None and box.cy <= below):
            continue
        score, rest = label_score(label, box.text)
        if score >= LABEL_MATCH:
            found.append(Match(box, score, rest))
    return sorted(found, key=lambda m: (-m.score, m.box.y0, m.box.x0))


def value_below(page: PageText, label: TextBox, *, exclude: set[int] | None = None) -> TextBox | None:
    """The nearest box under a label and overlapping it horizontally (a form cell's typed value)."""
    best: tuple[float, TextBox] | None = None
    for k, box in enumerate(page.boxes):
        if exclude and k in exclude:
            continue
        gap = box.y0 - label.y1
        if gap < -0.35 * label.height or gap > 2.2 * label.height:
            continue
        if box.x1 < label.x0 - label.height or box.x0 > label.x0 + max(label.x1 - label.x0, 8 * label.height):
            continue
        if box.x0 < label.x0 - 2.5 * label.height:
            continue
        rank = gap + 0.05 * abs(box.x0 - label.x0)
        if best is None or rank < best[0]:
            best = (rank, box)
    return None if best is None else best[1]


def value_right(page: PageText, label: TextBox) -> TextBox | None:
    """The next box to the right of a label on the same line ("Name of Individual:  Maria Lopez")."""
    candidates = [
        b
        for b in page.boxes
        if b.x0 > label.x1 - 2
        and b.x0 - label.x1 < 6 * label.height
        and abs(b.cy - label.cy) < 0.5 * max(label.height, b.height)
    ]
    return min(candidates, key=lambda b: b.x0, default=None)


def ink_fraction(
    page: PageText, x0: float, y0: float, x1: float, y1: float, *, ignore_rules: bool = False
) -> float | None:
    """Share of dark pixels in a rectangle of the page picture (None without a picture).

    With `ignore_rules`, rows and columns that are mostly ink (a cell's border running through the
    rectangle) are not counted, so only marks inside the cell are.
    """
    if page.image is None:
        return None
    h, w = page.image.shape[:2]
    left, right = max(0, int(x0)), min(w, int(x1))
    top, bottom = max(0, int(y0)), min(h, int(y1))
    if right - left < 2 or bottom - top < 2:
        return 0.0
    dark = page.image[top:bottom, left:right] < 128
    if ignore_rules:
        dark = dark.copy()
        dark[dark.mean(axis=1) > 0.5, :] = False
        dark[:, dark.mean(axis=0) > 0.5] = False
    return float(dark.mean())


def value_above(page: PageText, label: TextBox) -> TextBox | None:
    """The nearest box just over a line of text, overlapping it (a name printed over 'has completed')."""
    best: tuple[float, TextBox] | None = None
    for box in page.boxes:
        gap = label.y0 - box.y1
        if gap < -0.35 * label.height or gap > 2.5 * label.height or box is label:
            continue
        if box.x1 < label.x0 or box.x0 > label.x1:
            continue
        if best is None or gap < best[0]:
            best = (gap, box)
    return None if best is None else best[1]
