"""Reading one field of a form: a labelled cell, an inline 'Label: value', a checked box, a signature.

The per-form modules (i9, w4, background, card) only say which label holds which field; everything about
where values sit relative to labels, and how confident a read is, lives here once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
from rapidfuzz import fuzz

from agents.onboarding.layout import (
    PageText,
    TextBox,
    find_labels,
    ink_fraction,
    squash,
    value_below,
    value_right,
)
from agents.onboarding.normalise import Normalised

NOT_APPLICABLE = ("na", "n/a", "none")


@dataclass(frozen=True)
class Read:
    """A field's value and how sure the reader is (OCR score times any repair factor)."""

    value: str
    confidence: float


class Unreadable:
    """A field whose label and value were found but whose value does not fit its format."""


class NotApplicable:
    """A field printed as N/A (a document without an expiry date)."""


UNREADABLE = Unreadable()
NA = NotApplicable()
Outcome = Read | Unreadable | NotApplicable | None

Normaliser = Callable[[str], Normalised]


@dataclass(frozen=True)
class Region:
    """Part of a document to search: pages, and optionally a band of y on them (I-9 Section 1 or 2)."""

    pages: list[PageText]
    above: dict[int, float] | None = None
    below: dict[int, float] | None = None
    labels: tuple[str, ...] = ()
    """Every label of the form: a box that reads as one is never taken for a value."""


def _outcome(text: str, confidence: float, normaliser: Normaliser) -> Outcome:
    if text.strip().lower() in NOT_APPLICABLE:
        return NA
    normalised = normaliser(text)
    if normalised is None:
        return UNREADABLE
    value, factor = normalised
    return Read(value, confidence * factor)


def cell(
    region: Region,
    labels: tuple[str, ...],
    normaliser: Normaliser,
    *,
    inline: bool = False,
    near_x: float | None = None,
) -> tuple[Outcome, TextBox | None]:
    """The value of a form cell under its label, or with `inline` the value after the label on its line
    ("Date of Determination: 03/02/2025", one box or two); and the label's box.

    `near_x` keeps to labels starting at that x (a column of I-9 Section 2). Labels are tried in reading
    order from the left, so of three identical column labels the first filled one wins.
    """
    fallback: tuple[Outcome, TextBox | None] = (None, None)
    for index, page in enumerate(region.pages):
        above = region.above.get(index) if region.above else None
        below = region.below.get(index) if region.below else None
        matches = [m for label in labels for m in find_labels(page, label, above=above, below=below)]
        matches.sort(key=lambda m: (m.box.x0, m.box.y0))
        for match in matches:
            if near_x is not None and abs(match.box.x0 - near_x) > 3 * match.box.height:
                continue
            candidates: list[tuple[str, float]] = []
            if inline and match.rest:
                candidates.append((match.rest, match.box.confidence))
            box = value_right(page, match.box) if inline else value_below(page, match.box)
            if box is not None and not _is_label(box, labels + region.labels):
                candidates.append((box.text, box.confidence))
            for text, confidence in candidates:
                outcome = _outcome(text, confidence, normaliser)
                if isinstance(outcome, Read):
                    return outcome, match.box
                if fallback[0] is None or isinstance(fallback[0], Unreadable):
                    fallback = (outcome, match.box)
    return fallback


def _is_label(box: TextBox, labels: tuple[str, ...]) -> bool:
    return any(fuzz.ratio(squash(label), squash(box.text)) >= 88 for label in labels)


def option_score(label: str, text: str) -> float:
    """How well a box reads as a checkbox option, ignoring a leading number or a mark glyph."""
    want, got = squash(label), squash(text).lstrip("0123456789x")
    if not want or len(got) < 0.8 * len(want):
        return 0.0
    return float(fuzz.ratio(want, got[: len(want)]))


def checked_option(page: PageText, options: tuple[tuple[str, str], ...], *, min_score: float = 85) -> Outcome:
    """Which of a set of checkbox options is marked: exactly one box holding a pen mark.

    Each option's box is found next to its text (`checkbox_ink`); none marked is missing, two marked is
    unreadable (a person decides), one marked is read with a confidence from how clear the mark is.
    """
    found: list[tuple[str, TextBox]] = []
    taken: set[int] = set()
    for code, label in options:
        scored = [(option_score(label, b.text), k, b) for k, b in enumerate(page.boxes) if k not in taken]
        score, k, box = max(scored, key=lambda item: item[0], default=(0.0, -1, None))
        if box is not None and score >= min_score:
            found.append((code, box))
            taken.add(k)
    inks = [(ink, code, box) for code, box in found if (ink := checkbox_ink(page, box)) is not None]
    if len(inks) < 2:
        return None
    marked = sorted((item for item in inks if item[0] >= MARKED_INK), key=lambda item: -item[0])
    if not marked:
        return None
    if len(marked) > 1:
        return UNREADABLE
    ink, code, box = marked[0]
    clearness = min(1.0, 0.75 + ink)  # a light tick (ink 0.15) is read at 0.9, a bold X at 1.0
    return Read(code, round(min(0.99, box.confidence + 0.02) * clearness, 3))


MARKED_INK = 0.1
"""Share of a checkbox's inside that is ink when it carries a mark (an empty box's inside is blank)."""


def checkbox_ink(page: PageText, box: TextBox) -> float | None:
    """Ink inside the checkbox printed just left of (or at the start of) an option's text box.

    The checkbox is the largest roughly square outline in a band from three heights left of the box to
    just inside it (OCR often draws the option's box around the checkbox too); letters such as the "c" of
    a W-4's "(c)" are smaller. None: no box found.
    """
    if page.image is None:
        return None
    h = box.height
    left, top = max(0, int(box.x0 - 3 * h)), max(0, int(box.y0 - 0.2 * h))
    right, bottom = int(box.x0 + 1.2 * h), int(box.y1 + 0.2 * h)
    band = (page.image[top:bottom, left:right] < 128).astype(np.uint8)
    if band.size == 0:
        return None
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=8)
    squares = [
        (x, y, w, hh)
        for x, y, w, hh, _area in stats[1:count]
        if 0.3 * h <= max(w, hh) <= 1.4 * h and abs(w - hh) <= 0.25 * max(w, hh)
    ]
    if not squares:
        return None
    x, y, w, hh = max(squares, key=lambda sq: (max(sq[2], sq[3]), -sq[0]))
    inset_x, inset_y = max(2, round(w * 0.22)), max(2, round(hh * 0.22))
    inside = band[y + inset_y : y + hh - inset_y, x + inset_x : x + w - inset_x]
    return float(inside.mean()) if inside.size else None


def signature_present(region: Region, labels: tuple[str, ...]) -> bool | None:
    """Whether the box under a signature label holds pen strokes (None when the label is not found)."""
    for index, page in enumerate(region.pages):
        above = region.above.get(index) if region.above else None
        for label in labels:
            matches = find_labels(page, label, above=above)
            if not matches:
                continue
            box = matches[0].box
            h = box.height
            right = box.x0 + max(box.x1 - box.x0, 14 * h)
            ink = ink_fraction(page, box.x0, box.y1 + 0.3 * h, right, box.y1 + 2.5 * h, ignore_rules=True)
            if ink is None:
                return None
            return ink > 0.01
    return None
