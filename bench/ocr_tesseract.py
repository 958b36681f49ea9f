"""Debian's tesseract as an `OcrEngine`, for the OCR benchmark's engine comparison only (not a product
dependency: `apt-get install tesseract-ocr` to include it)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from agents.onboarding.layout import TextBox


def available() -> bool:
    return shutil.which("tesseract") is not None


class TesseractEngine:
    """tesseract 5 (LSTM, English) through its TSV output; words joined into runs like the other engine."""

    name = "tesseract"

    def read(self, gray: NDArray[np.uint8]) -> list[TextBox]:
        buffer = io.BytesIO()
        Image.fromarray(gray).save(buffer, format="PNG")
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "--psm", "3", "-l", "eng", "tsv"],
            input=buffer.getvalue(),
            capture_output=True,
            check=True,
            timeout=120,
        )
        rows = csv.DictReader(io.StringIO(done.stdout.decode()), delimiter="\t", quoting=csv.QUOTE_NONE)
        words = [r for r in rows if r["level"] == "5" and r["text"].strip()]
        boxes: list[TextBox] = []
        run: list[dict[str, str]] = []

        def flush() -> None:
            if run:
                x0, y0 = min(int(w["left"]) for w in run), min(int(w["top"]) for w in run)
                x1 = max(int(w["left"]) + int(w["width"]) for w in run)
                y1 = max(int(w["top"]) + int(w["height"]) for w in run)
                conf = sum(max(0.0, float(w["conf"])) for w in run) / len(run) / 100
                boxes.append(TextBox(" ".join(w["text"] for w in run), conf, x0, y0, x1, y1))
                run.clear()

        for word in words:
            if run:
                last = run[-1]
                same_line = (last["block_num"], last["par_num"], last["line_num"]) == (
                    word["block_num"], word["par_num"], word["line_num"],
                )  # fmt: skip
                gap = int(word["left"]) - int(last["left"]) - int(last["width"])
                if not same_line or gap > 1.2 * int(last["height"]):
                    flush()
            run.append(word)
        flush()
        return boxes
