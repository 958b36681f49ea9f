"""Onboarding document intake: read an I-9, W-4, background-check notice or CPR/first-aid card, and
run the workflow over a new hire's packet (`run`: agent, packet, proposals, report).

`extract_document(bytes) -> Extraction` classifies the document and reads the fields DESIGN.md names
(`procare-ai documents extract`), masked and with a confidence each. Reading: `reading` (PDF text layer or
OCR), `preprocess` (contrast, deskew), `ocr` (the engine); forms: `i9`, `w4`, `background`, `card`;
shared field geometry: `layout`, `fields`; values: `normalise`. Depends on policies/ and third-party
libraries only.
"""

from __future__ import annotations

from agents.onboarding.agent import WORKFLOW, run
from agents.onboarding.errors import UnreadableDocument
from agents.onboarding.extract import REVIEW_THRESHOLD, extract_document
from agents.onboarding.result import Extraction, FieldValue

__all__ = [
    "REVIEW_THRESHOLD",
    "WORKFLOW",
    "Extraction",
    "FieldValue",
    "UnreadableDocument",
    "extract_document",
    "run",
]
