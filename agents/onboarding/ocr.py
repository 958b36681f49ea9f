"""The OCR engine: RapidOCR (PaddleOCR's PP-OCRv4 detection and recognition models run by onnxruntime).

Why this engine: its models ship inside the `rapidocr-onnxruntime` wheel (no download at run time, no
system package), it returns one box per printed run of text (so a form's label and its value come back
apart, which is what `layout` needs), and on the generated scans it read more of the form than Debian's
tesseract 5.3 in less time (figures in README, `bench/ocr.py`). The engine is built once per process and
shared: loading the three models takes about a second.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from agents.onboarding.layout import TextBox

log = logging.getLogger(__name__)


class OcrEngine(Protocol):
    """Anything that turns a greyscale page into text boxes (the benchmark compares engines with it)."""

    name: str

    def read(self, gray: NDArray[np.uint8]) -> list[TextBox]: ...


class RapidOcrEngine:
    """RapidOCR with the text-angle classifier off: pages are deskewed first, and the classifier only
    flips upside-down lines, which a straightened form page does not have."""

    name = "rapidocr-onnxruntime"

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        self._engine: Any = RapidOCR(use_cls=False, print_verbose=False)
        self._lock = threading.Lock()

    def read(self, gray: NDArray[np.uint8]) -> list[TextBox]:
        rgb = np.ascontiguousarray(np.stack([gray] * 3, axis=-1))
        with (
            self._lock
        ):  # onnxruntime sessions are thread-safe, the engine's pre/post-processing state is not
            result, _elapsed = self._engine(rgb, use_cls=False)
        boxes = []
        for quad, text, score in result or []:
            xs, ys = [p[0] for p in quad], [p[1] for p in quad]
            cleaned = str(text).strip()
            if cleaned:
                boxes.append(TextBox(cleaned, float(score), min(xs), min(ys), max(xs), max(ys)))
        return boxes


_shared: RapidOcrEngine | None = None
_shared_lock = threading.Lock()


def default_engine() -> OcrEngine:
    """The process-wide engine (created on first use, never at import)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            log.info("loading the OCR models")
            _shared = RapidOcrEngine()
        return _shared
