"""A validated profile cut into the records a reason can point at.

One record per bio sentence, training, credential valid at `as_of`, language entry and room. A
credential's validity comes from `policies.credentials` (its own `expires_on`, else the issuer's rule
from `issued_on`); one that has expired, or was not yet issued at `as_of`, is no evidence and is kept
aside in `ignored` with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from agents.skills.languages import LanguageEntry, read_language
from agents.skills.model import Record
from agents.skills.text import content_stems, fold, spans
from agents.skills.validate import Credential, Profile
from policies.credentials import VALIDITY_RULES, classify_expiry, expiry, label_of

# A sentence ends at . ! ? before anything but a lower-case letter (not in "B.S. in"), at ; or a newline.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[^a-z])|;\s*|\n+")
SNIPPET_CHARS = 90


@dataclass(frozen=True)
class BioSentence:
    text: str
    words: tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class ProfileRecords:
    bio: tuple[tuple[Record, BioSentence], ...]
    trainings: tuple[Record, ...]
    credentials: tuple[tuple[Record, Credential], ...]
    languages: tuple[tuple[Record, LanguageEntry], ...]
    rooms: tuple[Record, ...]
    ignored: tuple[str, ...]

    def all(self) -> tuple[Record, ...]:
        return (
            *(r for r, _ in self.bio),
            *self.trainings,
            *(r for r, _ in self.credentials),
            *(r for r, _ in self.languages),
            *self.rooms,
        )


def read_records(profile: Profile, as_of: date) -> ProfileRecords:
    """Cut `profile` into records, credentials judged at `as_of`."""
    credentials: list[tuple[Record, Credential]] = []
    ignored: list[str] = []
    for cred in profile.credentials:
        record, why_not = credential_record(cred, as_of)
        if record is None:
            ignored.append(why_not)
        else:
            credentials.append((record, cred))
    return ProfileRecords(
        bio=tuple(bio_records(profile.bio)),
        trainings=tuple(
            Record("training", f"training: '{t}'", t, tuple(content_stems(t))) for t in profile.trainings
        ),
        credentials=tuple(credentials),
        languages=tuple(language_record(raw) for raw in profile.languages),
        rooms=tuple(
            Record("room", f"room: {room}", room, tuple(content_stems(room))) for room in profile.rooms
        ),
        ignored=tuple(ignored),
    )


def bio_records(bio: str) -> list[tuple[Record, BioSentence]]:
    found = []
    for part in _SENTENCE_END.split(bio):
        text = part.strip()
        if not text:
            continue
        sentence = BioSentence(text, tuple(spans(text)))
        if sentence.words:
            record = Record("bio", f"bio: '{snippet(text, 0, 0)}'", text, tuple(content_stems(text)))
            found.append((record, sentence))
    return found


def snippet(text: str, start: int, end: int) -> str:
    """About SNIPPET_CHARS of `text` around the characters start:end, cut at spaces, "..." where cut."""
    text = text.rstrip(".")
    if len(text) <= SNIPPET_CHARS:
        return text
    left = max(0, min(start - SNIPPET_CHARS // 3, len(text) - SNIPPET_CHARS))
    if left > 0 and (space := text.find(" ", left, start)) >= 0:
        left = space + 1
    right = min(len(text), left + SNIPPET_CHARS)
    if right < len(text) and (space := text.rfind(" ", end, right)) > 0:
        right = space
    head = "..." if left > 0 else ""
    tail = " ..." if right < len(text) else ""
    return f"{head}{text[left:right].strip()}{tail}"


def credential_record(cred: Credential, as_of: date) -> tuple[Record | None, str]:
    """The record of a credential valid at `as_of`, or None and why it does not count."""
    expires, by_rule = cred.expires_on, False
    if expires is None and cred.issued_on is not None and cred.kind in VALIDITY_RULES:
        expires, by_rule = expiry(cred.kind, cred.issued_on), True
    if cred.issued_on is not None and cred.issued_on > as_of:
        return None, f"credential: {cred.kind} not yet issued on {as_of.isoformat()}"
    if expires is not None and classify_expiry(expires, as_of).bucket == "expired":
        return None, f"credential: {cred.kind} expired {expires.isoformat()}"
    if expires is None:
        reason = f"credential: {cred.kind} (no expiry date on record)"
    else:
        reason = f"credential: {cred.kind} valid to {expires.isoformat()}"
        if by_rule:
            reason += " (by the issuer's rule)"
    label = label_of(cred.kind)
    text = f"{label} ({cred.issuer})" if cred.issuer else label
    terms = content_stems(f"{cred.kind.replace('_', ' ')} {label} {cred.issuer}")
    return Record("credential", reason, text, tuple(dict.fromkeys(terms))), ""


def language_record(raw: str) -> tuple[Record, LanguageEntry]:
    entry = read_language(raw)
    reason = f"language: {raw}" if fold(raw) == fold(entry.name) else f"language: {raw} ({entry.name})"
    terms = content_stems(f"{entry.name} {raw}")
    return Record("language", reason, f"speaks {entry.name}", tuple(dict.fromkeys(terms))), entry
