"""Text normalisation and negation scope for incident descriptions.

"no injury", "did not hit his head", "without bleeding" cancel only the cue they govern: the scope runs at
most ``NEGATION_WINDOW`` words back from the cue and stops at punctuation and at words that start a new
clause ("but", "then", ...). So "no injury, but he broke his arm" still reads as a fracture.
"""

from __future__ import annotations

import re
import unicodedata

NEGATION_WINDOW = 5
"""How many words before a cue a negation may stand and still govern it."""

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
CLAUSE_BREAK = re.compile(
    r"[.;:!?,()\[\]\n\"]|\b(?:but|however|although|though|yet|then|later|after|afterwards|and then|"
    r"which|who|so|because|except|until|while|when)\b"
)
_NEGATION = re.compile(
    r"\b(?:no|not|never|without|denies|denied|nor|neither|none|free of|absence of|"
    r"didn't|did not|doesn't|does not|wasn't|was not|weren't|were not|isn't|is not|hasn't|has not|"
    r"hadn't|had not|won't|will not|no sign of|no signs of|no evidence of)\b"
)
_PSEUDO_NEGATION = re.compile(
    r"\b(?:not sure|not certain|not clear|unsure|unclear|no longer|not only|whether or not|"
    r"cannot rule out|can't rule out|could not rule out|no one|nobody)\b"
)
_POST_NEGATION = re.compile(r"^\W*(?:was |were |is |has been )?(?:ruled out|denied|none)\b")


def normalize(text: str, *, lower: bool = True) -> str:
    """NFKC text without zero-width or soft-hyphen characters, curly quotes made plain, lower-cased.

    Zero-width characters are how "inj\u200bury" would hide a word from a keyword reader; removing them
    restores the word.
    """
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\b(Mrs|Mr|Ms|Dr|MRS|MR|MS|DR|mrs|mr|ms|dr)\.", r"\1", text)
    return text.lower() if lower else text


def clause_before(text: str, start: int) -> str:
    """The text of the current clause up to ``start`` (the negation scope)."""
    prefix = text[:start]
    breaks = list(CLAUSE_BREAK.finditer(prefix))
    return prefix[breaks[-1].end() :] if breaks else prefix


def sentence_before(text: str, start: int) -> str:
    """The text of the current sentence up to ``start`` (where an act's doer is looked for)."""
    prefix = text[:start]
    breaks = list(re.finditer(r"[.;!?\n]", prefix))
    return prefix[breaks[-1].end() :] if breaks else prefix


def is_negated(text: str, start: int, end: int) -> bool:
    """A negation governs the cue: within ``NEGATION_WINDOW`` words before it in its clause, or a
    trailing "ruled out" / "none"."""
    clause = _PSEUDO_NEGATION.sub(" ", clause_before(text, start))
    words = clause.split()
    window = " ".join(words[-NEGATION_WINDOW:])
    if _NEGATION.search(window):
        return True
    return bool(_POST_NEGATION.match(text[end : end + 30]))
