"""Read one onboarding document: file bytes in, the contract's masked fields out.

The one entry point of the package. Fields under the review threshold stay in the answer with their
confidence and are listed in `needs_review` for a person to confirm; a field whose text does not fit its
format is reported missing (and listed for review), never guessed. The unmasked SSN or document number
exists only inside the reader: every value is checked once more for SSN-shaped text before it leaves.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from agents.onboarding import background, card, i9, w4
from agents.onboarding.classify import classify
from agents.onboarding.fields import NA, Outcome, Read, Unreadable
from agents.onboarding.layout import PageText
from agents.onboarding.normalise import SSN_SHAPE, mask_ssn_shapes
from agents.onboarding.ocr import OcrEngine
from agents.onboarding.reading import ReadOptions, read_document
from agents.onboarding.result import FIELDS_OF_KIND, Extraction, FieldValue

log = logging.getLogger(__name__)

REVIEW_THRESHOLD = 0.85
"""Below this a read is shown to a person to confirm. Clean scans read at 0.95 and above, text layers at
0.99; a repaired character (x0.9) on a fair scan lands under it on purpose."""

Extractor = Callable[[list[PageText]], tuple[dict[str, Outcome], bool | None]]
EXTRACTORS: dict[str, Extractor] = {
    "i9": i9.extract,
    "w4": w4.extract,
    "background_check": background.extract,
    "credential_card": card.extract,
}


def extract_document(
    data: bytes,
    *,
    review_threshold: float = REVIEW_THRESHOLD,
    options: ReadOptions | None = None,
    engine: OcrEngine | None = None,
) -> Extraction:
    """Classify a PNG, JPEG or PDF onboarding document and read its fields (raises UnreadableDocument)."""
    started = time.perf_counter()
    pages = read_document(data, options=options, engine=engine)
    return extract_pages(pages, review_threshold=review_threshold, started=started)


def extract_pages(
    pages: list[PageText], *, review_threshold: float = REVIEW_THRESHOLD, started: float | None = None
) -> Extraction:
    """The same, from pages already read (the benchmark reads once and extracts under several settings)."""
    kind, kind_confidence = classify(pages)
    outcomes, signed = EXTRACTORS[kind](pages) if kind in EXTRACTORS else ({}, None)
    fields: dict[str, FieldValue] = {}
    missing: list[str] = []
    review: list[str] = []
    not_applicable: list[str] = []
    for name in FIELDS_OF_KIND[kind]:
        outcome = outcomes.get(name)
        if isinstance(outcome, Read):
            value, confidence = outcome.value, outcome.confidence
            if name != "ssn" and SSN_SHAPE.search(value):  # an SSN read into the wrong field
                value, confidence = mask_ssn_shapes(value), min(confidence, 0.5)
            fields[name] = FieldValue(value, round(confidence, 3))
            if confidence < review_threshold:
                review.append(name)
        elif outcome is NA:
            not_applicable.append(name)
        else:
            missing.append(name)
            if isinstance(outcome, Unreadable):
                review.append(name)
    sources = {page.source for page in pages}
    result = Extraction(
        kind=kind,
        fields=fields,
        missing=missing,
        needs_review=review,
        kind_confidence=kind_confidence,
        source=sources.pop() if len(sources) == 1 else "mixed",
        pages=len(pages),
        signed=signed,
        not_applicable=not_applicable,
        review_threshold=review_threshold,
    )
    log.info(
        "document read: kind=%s fields=%d missing=%d review=%d source=%s pages=%d%s",
        kind,
        len(fields),
        len(missing),
        len(review),
        result.source,
        len(pages),
        "" if started is None else f" in {time.perf_counter() - started:.2f}s",
    )
    return result
