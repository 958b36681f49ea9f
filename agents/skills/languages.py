"""Home languages: the concepts centers ask for, and reading a `languages` entry as a language.

A `languages` entry may be an ISO 639 code or a BCP 47 tag ("es", "spa", "es-MX", "zh-Hant", "ase") or a
name in English or in the language itself ("Spanish", "español", "Tiếng Việt"); langcodes (with its
language_data names) reads both, offline. The concepts below are the languages US centers most often
need for families (the largest non-English home languages of young children, plus ASL); a language not
listed still counts through its name in the text the rankers score.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import langcodes

from agents.skills.concepts import Concept
from agents.skills.text import words


def _lang(
    cid: str, label: str, code: str, *aliases: str, parents: tuple[str, ...] = ("bilingual",)
) -> Concept:
    return Concept(cid, label, (label.casefold(), *aliases), parents=parents, kind="language", code=code)


LANGUAGE_CONCEPTS: tuple[Concept, ...] = (
    _lang(
        "spanish",
        "Spanish",
        "es",
        "espanol",
        "castellano",
        "hispanohablante",
        "habla",
        "hablo",
        "hablar",
        "hable",
        "spanish speaking",
    ),
    _lang("chinese", "Chinese", "zh", "chinese speaking", "zhongwen"),
    _lang("mandarin", "Mandarin", "cmn", "mandarin chinese", "putonghua", parents=("chinese",)),
    _lang("cantonese", "Cantonese", "yue", parents=("chinese",)),
    _lang("vietnamese", "Vietnamese", "vi", "tieng viet"),
    _lang(
        "asl",
        "American Sign Language",
        "ase",
        "asl",
        "sign language",
        "signing",
        "baby signs",
        "basic signs",
        "deaf",
        "hard of hearing",
    ),
    _lang("arabic", "Arabic", "ar"),
    _lang("french", "French", "fr", "francais"),
    _lang("haitian_creole", "Haitian Creole", "ht", "kreyol", "creole"),
    _lang("tagalog", "Tagalog", "fil", "filipino", "pilipino"),
    _lang("korean", "Korean", "ko"),
    _lang("portuguese", "Portuguese", "pt", "portugues"),
    _lang("russian", "Russian", "ru"),
    _lang("ukrainian", "Ukrainian", "uk"),
    _lang("somali", "Somali", "so"),
    _lang("hindi", "Hindi", "hi"),
    _lang("urdu", "Urdu", "ur"),
    _lang("gujarati", "Gujarati", "gu"),
    _lang("bengali", "Bengali", "bn", "bangla"),
    _lang("punjabi", "Punjabi", "pa"),
    _lang("persian", "Persian", "fa", "farsi", "dari"),
    _lang("pashto", "Pashto", "ps"),
    _lang("amharic", "Amharic", "am"),
    _lang("swahili", "Swahili", "sw", "kiswahili"),
    _lang("hmong", "Hmong", "hmn"),
    _lang("japanese", "Japanese", "ja"),
    _lang("german", "German", "de", "deutsch"),
    _lang("polish", "Polish", "pl"),
    _lang("italian", "Italian", "it"),
    _lang("hebrew", "Hebrew", "he"),
    _lang("navajo", "Navajo", "nv", "dine bizaad"),
)

#: Names and aliases of the languages above, read before codes: "ASL" is American Sign Language here, not
#: the ISO 639-3 code of Asilulu; "Farsi" and "Mandarin" are the names staff write.
ALIASES: dict[str, str] = {
    " ".join(words(phrase)): concept.code
    for concept in LANGUAGE_CONCEPTS
    if concept.code
    for phrase in (concept.label, *concept.phrases)
}

_TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class LanguageEntry:
    """A `languages` entry read: the normalised ISO 639 code (None when unreadable) and a display name."""

    raw: str
    code: str | None
    name: str


def _names(value: str, language: langcodes.Language) -> bool:
    said = f" {' '.join(words(value))} "
    names = (language.display_name(), language.autonym(), language.language_name())
    return any(f" {' '.join(words(name))} " in said for name in names if name)


@functools.lru_cache(maxsize=4096)
def read_language(raw: str) -> LanguageEntry:
    """Read one `languages` entry; an unreadable one keeps its own text as its name (nothing is guessed)."""
    value = raw.strip()
    found: langcodes.Language | None = None
    alias = ALIASES.get(" ".join(words(value)))
    if alias:
        found = langcodes.Language.get(alias)
    elif _TAG.match(value) and langcodes.tag_is_valid(value.replace("_", "-")):
        candidate = langcodes.Language.get(value.replace("_", "-"))
        if not candidate.display_name().startswith("Unknown language"):
            found = candidate
    if found is None:
        try:
            found = langcodes.find(value)
        except LookupError:
            found = None
        # find() also matches loosely ("some spanish" -> Fasu): keep it only when the value names it.
        if found is not None and not _names(value, found):
            found = None
    if found is None or found.language is None:
        return LanguageEntry(raw, None, value)
    code = langcodes.Language.get(found.language).language or found.language
    return LanguageEntry(raw, code, langcodes.Language.get(code).display_name())
