"""The second read that restores word spaces may change spaces only, never a character."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import pytest

from agents.onboarding.layout import TextBox
from agents.onboarding.ocr import RapidOcrEngine, _lost_spaces


def engine_answering(text: str) -> RapidOcrEngine:
    engine = RapidOcrEngine.__new__(RapidOcrEngine)  # no models: the recogniser is the fake below

    def recognise(image: Any, **_: Any) -> tuple[list[list[Any]], None]:
        assert image.shape[0] == 48  # the crop is scaled to the recogniser's line height
        return [[text, 0.97]], None

    engine._engine = recognise
    engine._lock = threading.Lock()
    return engine


BOX = TextBox("TexasHHSCBackground CheckUnit", 0.96, 10, 10, 300, 40)
PAGE = np.full((60, 320), 255, dtype=np.uint8)


@pytest.mark.parametrize(
    ("text", "glued"),
    [("CaliforniaDOJ LiveScan", True), ("Administrationservices", True), ("Maria Lopez-Garcia", False)],
)
def test_glued_words_are_detected(text: str, glued: bool) -> None:
    assert _lost_spaces(text) is glued


def test_spaces_are_restored() -> None:
    fixed = engine_answering("Texas HHSC Background Check Unit")._respaced(PAGE, BOX)
    assert fixed.text == "Texas HHSC Background Check Unit" and fixed.confidence == BOX.confidence


@pytest.mark.parametrize("other", ["Texas HHSC Background Check Unlt", "texas hhsc background check unit"])
def test_a_second_read_with_other_characters_is_ignored(other: str) -> None:
    assert engine_answering(other)._respaced(PAGE, BOX) == BOX
