"""Text normalisation shared by extraction, the vocabulary and the rankers.

Profiles and needs are typed by people in a hurry, in English and Spanish: "habla espanol" must meet
"Hablo español", "robotics" must meet "robot". So every piece of text goes through one pipeline: accent
folding and case folding, word tokens, Snowball (Porter 2) stems. Phrase matching keeps stopwords ("first
aid", "a little"); the bag of words that BM25 scores drops them.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import Stemmer
from bm25s.stopwords import STOPWORDS_EN_PLUS

_WORD = re.compile(r"[a-z0-9]+")
_SURFACE = re.compile(r"[^\W_]+")
_STEMMER = Stemmer.Stemmer("english")

#: Words that carry no information in a need or a profile of a childcare center (besides English stopwords).
FILLER = frozenset(
    {
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "staff",
        "person",
        "people",
        "need",
        "needs",
        "needed",
        "looking",
        "want",
        "wanted",
        "who",
        "can",
        "could",
        "would",
        "our",
        "us",
        "also",
        "every",
        "day",
    }
)
STOPWORDS = frozenset(STOPWORDS_EN_PLUS) | FILLER


def fold(text: str) -> str:
    """Lower-case `text` and strip accents ("Español" -> "espanol", "Tiếng Việt" -> "tieng viet")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")


def words(text: str) -> list[str]:
    """Folded word tokens of `text`, stopwords kept (for phrase matching)."""
    return _WORD.findall(fold(text))


def spans(text: str) -> list[tuple[str, int, int]]:
    """Folded word tokens of `text` with the character span each came from in `text` (for snippets)."""
    found: list[tuple[str, int, int]] = []
    for match in _SURFACE.finditer(text):
        for word in _WORD.findall(fold(match.group())):
            found.append((word, match.start(), match.end()))
    return found


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball English stem of one folded word (cached: profiles repeat the same words).

    Words of three letters or fewer are kept whole: they are mostly acronyms ("aed" would stem to "a").
    """
    return word if len(word) <= 3 else str(_STEMMER.stemWord(word))


def stems(text: str) -> list[str]:
    """Stems of every word of `text`, stopwords kept, in order."""
    return [stem(w) for w in words(text)]


def content_stems(text: str) -> list[str]:
    """Stems of the words of `text` that carry meaning (stopwords and filler dropped), for BM25."""
    return [stem(w) for w in words(text) if w not in STOPWORDS and len(w) > 1]
