"""The OCR engine: RapidOCR (PaddleOCR's PP-OCRv4 detection and recognition models run by onnxruntime).

Why this engine: its models ship inside the `rapidocr-onnxruntime` wheel (no download at run time, no
system package), it returns one box per printed run of text (so a form's label and its value come back
apart, which is what `layout` needs), and on the generated scans it read more of the form than Debian's
tesseract 5.3 in less time (figures in README, `bench/ocr.py`). The engine is built once per process and
shared: loading the three models takes about a second.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Any, Protocol

import cv2
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
                box = TextBox(cleaned, float(score), min(xs), min(ys), max(xs), max(ys))
                boxes.append(self._respaced(gray, box) if _lost_spaces(cleaned) else box)
        return boxes

    def _respaced(self, gray: NDArray[np.uint8], box: TextBox) -> TextBox:
        """The box read again from a crop scaled to the recogniser's own 48-pixel line height.

        In a full-page pass the recogniser drops word spaces in large or bold lines ('TexasHHSCBackground');
        a second read of just that line at its input height keeps them. Only a reading with exactly the
        same characters is taken: this restores spaces and nothing else.
        """
        pad = 2
        top, left = max(0, int(box.y0) - pad), max(0, int(box.x0) - pad)
        crop = gray[top : int(box.y1) + pad, left : int(box.x1) + pad]
        if crop.size == 0:
            return box
        scale = RECOGNISER_HEIGHT / crop.shape[0]
        resized = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
        with self._lock:
            again, _ = self._engine(
                np.ascontiguousarray(np.stack([resized] * 3, axis=-1)), use_det=False, use_cls=False
            )
        if not again:
            return box
        text = str(again[0][0]).strip()
        if text == box.text or _without_spaces(text) != _without_spaces(box.text):
            return box
        return TextBox(text, box.confidence, box.x0, box.y0, box.x1, box.y1)


RECOGNISER_HEIGHT = 48
"""PP-OCRv4's recogniser reads lines 48 pixels high (rec_img_shape)."""
_GLUED = re.compile(r"[a-z][A-Z]|[A-Za-z]{13,}")


def _without_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _lost_spaces(text: str) -> bool:
    """Whether a reading looks like words run together: a capital straight after a small letter inside a
    word ('LiveScan'), or one unbroken run of 13 or more letters."""
    return _GLUED.search(text) is not None


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
