"""Turn a file's bytes into pages of text boxes: a PDF's own text layer when it has one, else OCR.

PNG and JPEG pages, and PDF pages without text (a scanner's or phone app's PDF is only pictures), are
cleaned (`preprocess`) and OCR'd. A PDF page with a text layer is read directly with pdfplumber, which is
exact and fast; it is also rendered at a low resolution, because checkmarks and signatures are strokes,
not text. Nothing here logs what a page says.
"""

from __future__ import annotations

import io
import logging
import time
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from agents.onboarding.errors import UnreadableDocument
from agents.onboarding.layout import PageText, TextBox
from agents.onboarding.ocr import OcrEngine, default_engine
from agents.onboarding.preprocess import prepare

log = logging.getLogger(__name__)
QUIET_LOGGERS = ("pdfminer", "pdfplumber")
"""pdfminer logs every token of a page at DEBUG: the document's text (an SSN) must not reach a log."""

MAX_PAGES = 20
"""An onboarding document is a few pages; a longer file is read up to here (and says so in the log)."""
OCR_DPI = 150
MARKS_DPI = 100
MIN_TEXT_LAYER_CHARS = 25
"""Fewer characters than this on a PDF page means it is a picture with at most a stray label."""
TEXT_LAYER_CONFIDENCE = 0.99


@dataclass(frozen=True)
class ReadOptions:
    """How to read: the benchmark turns the clean-up steps off for its baseline."""

    deskew: bool = True
    contrast: bool = True
    force_ocr: bool = False
    """OCR PDF pages even when they have a text layer."""


def sniff(data: bytes) -> str | None:
    """The file type from its first bytes (an extension or a content type can lie)."""
    if data.startswith(b"%PDF-") or data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    return None


def read_document(
    data: bytes, *, options: ReadOptions | None = None, engine: OcrEngine | None = None
) -> list[PageText]:
    """The pages of a PNG, JPEG or PDF file as text boxes; raises UnreadableDocument otherwise."""
    options = options or ReadOptions()
    kind = sniff(data)
    if kind is None:
        raise UnreadableDocument("not a PNG, JPEG or PDF file")
    if kind == "pdf":
        return _read_pdf(data, options, engine)
    return [_ocr_page(_open_image(data), options, engine)]


def _open_image(data: bytes) -> np.ndarray:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))
            opened.load()
        image: Image.Image = ImageOps.exif_transpose(opened) or opened
        return np.asarray(image.convert("L"))
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as exc:
        raise UnreadableDocument(f"the image cannot be decoded ({type(exc).__name__})") from None


def _ocr_page(gray: np.ndarray, options: ReadOptions, engine: OcrEngine | None) -> PageText:
    started = time.perf_counter()
    prepared = prepare(gray, deskew=options.deskew, contrast=options.contrast)
    boxes = (engine or default_engine()).read(prepared.image)
    log.info(
        "OCR page: %d boxes, skew %.1f deg, %.2fs",
        len(boxes),
        prepared.skew_degrees,
        time.perf_counter() - started,
    )
    return PageText(boxes, prepared.image, "ocr", prepared.skew_degrees)


def _read_pdf(data: bytes, options: ReadOptions, engine: OcrEngine | None) -> list[PageText]:
    import pdfplumber
    import pypdfium2

    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        rendered = pypdfium2.PdfDocument(data)
        plumbed = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # both libraries raise their own zoo of errors for damaged or locked files
        raise UnreadableDocument(f"the PDF cannot be opened ({type(exc).__name__})") from None
    try:
        count = len(rendered)
        if count == 0:
            raise UnreadableDocument("the PDF has no pages")
        if count > MAX_PAGES:
            log.warning("PDF has %d pages; reading the first %d", count, MAX_PAGES)
        pages = []
        for index in range(min(count, MAX_PAGES)):
            boxes = [] if options.force_ocr else _text_layer(plumbed.pages[index])
            if sum(len(b.text) for b in boxes) >= MIN_TEXT_LAYER_CHARS:
                marks = _render(rendered[index], MARKS_DPI)
                scale = MARKS_DPI / 72.0
                scaled = [
                    TextBox(b.text, b.confidence, b.x0 * scale, b.y0 * scale, b.x1 * scale, b.y1 * scale)
                    for b in boxes
                ]
                pages.append(PageText(scaled, marks, "text_layer"))
            else:
                pages.append(_ocr_page(_render(rendered[index], OCR_DPI), options, engine))
        return pages
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise UnreadableDocument(f"the PDF cannot be read ({type(exc).__name__})") from None
    finally:
        plumbed.close()
        rendered.close()


def _render(page: Any, dpi: int) -> np.ndarray:
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    return np.asarray(bitmap.to_pil().convert("L"))


def _text_layer(page: Any) -> list[TextBox]:
    """Words of a PDF page joined into runs: words on one line closer than about a space apart."""
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False)
    words.sort(key=lambda w: (round(float(w["top"])), float(w["x0"])))
    runs: list[list[dict[str, Any]]] = []
    for word in words:
        if runs:
            last = runs[-1][-1]
            height = float(last["bottom"]) - float(last["top"])
            same_line = abs(float(word["top"]) - float(last["top"])) < 0.35 * height
            if same_line and 0 <= float(word["x0"]) - float(last["x1"]) < 0.6 * height:
                runs[-1].append(word)
                continue
        runs.append([word])
    return [
        TextBox(
            " ".join(str(w["text"]) for w in run),
            TEXT_LAYER_CONFIDENCE,
            float(run[0]["x0"]),
            min(float(w["top"]) for w in run),
            float(run[-1]["x1"]),
            max(float(w["bottom"]) for w in run),
        )
        for run in runs
    ]
