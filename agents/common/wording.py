"""Words for people: articles, plurals and plain names for the codes findings and actions carry.

One place, so an agent's description, the CLI and the inbox say "an urgent-priority task", "1 timesheet
exception" and "Training hours short" the same way. Pure functions of their arguments.
"""

from __future__ import annotations

import re

_VOWEL_SOUND_EXCEPTIONS = ("hour", "honest", "honor", "heir")
"""Words spelled with a consonant but said with a vowel ("an hour")."""
_CONSONANT_SOUND_EXCEPTIONS = ("uni", "use", "usu", "one", "eu")
"""Words spelled with a vowel but said with a consonant ("a unit", "a one-off", "a user")."""

CODE_WORDS: dict[str, str] = {
    "unrouted_event": "Event no workflow handles",
    "write_back_failed": "Write to Procare failed",
    "pii": "Personal data",
    "awaiting_review": "Waiting for review",
    "retrying_writes": "Retrying writes",
    "read_only": "Read only",
    "ratio": "Ratio",
    "i9": "Form I-9",
    "w4": "Form W-4",
}
"""Codes whose plain name is not just their words (everything else: `humanize`)."""


def article(phrase: str) -> str:
    """`a` or `an` for the sound `phrase` starts with (a heuristic good for product words)."""
    word = phrase.strip().lower()
    if not word:
        return "a"
    if word.startswith(_VOWEL_SOUND_EXCEPTIONS):
        return "an"
    if word.startswith(_CONSONANT_SOUND_EXCEPTIONS):
        return "a"
    if word[0].isdigit():
        return "an" if word.startswith(("8", "11", "18")) else "a"
    return "an" if word[0] in "aeiou" else "a"


def with_article(phrase: str) -> str:
    """`phrase` after its article: "an urgent-priority task", "a high-priority task"."""
    return f"{article(phrase)} {phrase}"


def plural(noun: str) -> str:
    """The English plural of a countable noun phrase (its last word is inflected)."""
    head, _, last = noun.rpartition(" ")
    lower = last.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        last = last + "es"
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        last = last[:-1] + "ies"
    else:
        last = last + "s"
    return f"{head} {last}" if head else last


def counted(n: int, noun: str, noun_plural: str | None = None) -> str:
    """ "1 timesheet exception", "2 timesheet exceptions", "0 corrections"."""
    return f"{n} {noun if n == 1 else (noun_plural or plural(noun))}"


def humanize(code: str | None) -> str:
    """A plain name for a machine code: "training_hours_short" -> "Training hours short"."""
    if not code:
        return ""
    if code in CODE_WORDS:
        return CODE_WORDS[code]
    words = re.sub(r"[_.\-]+", " ", code).strip()
    return words[:1].upper() + words[1:]
