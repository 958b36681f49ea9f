"""Who did a harmful act in an incident description: staff, family, a child, or unknown.

The doer of an act is the subject of its clause (the first actor word), or the noun after a passive
"by"; an observer is not an actor ("the teacher saw Liam hit Ava": the clause restarts after "saw").
Who is suspected decides routing (HR for staff) and whether parents may be told before child protection.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from policies.incident_negation import CLAUSE_BREAK, clause_before, is_negated, sentence_before
from policies.incident_vocabulary import (
    BODY_WORDS,
    CHILD_WORDS,
    FAMILY_WORDS,
    HARM_VERBS,
    STAFF_WORDS,
    Actor,
    Fact,
)

_OBJECT_FOLLOWS = re.compile(
    r"^\s*(?:him|them|me|(?:the |a |another |that |this )?"
    + CHILD_WORDS
    + r"s?\b|(?:his|her|their) "
    + BODY_WORDS
    + r"\b|her\b(?=\s*(?:$|[.,;!?]|by|on|in|at|and|so|until|because|hard|repeatedly|twice|"
    r"again|roughly|across|to|when|while|for|with|up|down|off|into|against)))"
)
_PERCEPTION = re.compile(
    r"\b(?:saw|sees|observed|noticed|witnessed|watched|heard|reported|told|says|said|stated|"
    r"explained|found|called|asked|intervened|separated|redirected)\b"
)
_STAFF_WORD = re.compile(r"\b" + STAFF_WORDS + r"\b")
_FAMILY_WORD = re.compile(r"\b" + FAMILY_WORDS + r"\b|\bat home\b|\bover the weekend\b")
_CHILD_WORD = re.compile(r"\b" + CHILD_WORDS + r"\b")
_HARM_WORD = re.compile(r"\b" + HARM_VERBS + r"\b")
_PASSIVE_AUX = re.compile(r"\b(?:was|were|got|been|being|is|are|gets)\s+(?:\w+ly\s+)?$")
_PASSIVE_BY = re.compile(r"\bby (?:a |an |the |another |his |her |their )?(\w+)")


def harm_acts(text: str, cased: str) -> list[tuple[Actor, str]]:
    """Each harmful act done to a person (hit, shook, grabbed... followed by a person or a body part),
    with who did it: the noun after a passive "by", else the last actor word before the verb in its
    clause. An observer is not an actor ("the teacher saw Liam hit Ava": the clause restarts after "saw").
    """
    acts: list[tuple[Actor, str]] = []
    for match in _HARM_WORD.finditer(text):
        after = text[match.end() : match.end() + 40]
        passive = _PASSIVE_BY.match(after.lstrip()) if _PASSIVE_AUX.search(text[: match.start()]) else None
        if not (_OBJECT_FOLLOWS.match(after) or _name_follows(cased, match.end()) or passive):
            continue
        if is_negated(text, match.start(), match.end()):
            continue
        actor = (
            _classify_actor(passive.group(1)) if passive is not None else actor_before(text, match.start())
        )
        lead = " ".join(clause_before(text, match.start()).split()[-3:])
        acts.append((actor, f"{lead} {match.group(0)}{after[:15]}".strip()))
    return acts


def actor_before(text: str, start: int) -> Actor:
    """Who did the act at ``start``: the first actor word of its clause (the subject comes first: "the aide
    yelled at a toddler and grabbed his wrist"), else the first of its sentence; both after any perception
    verb, whose subject is an observer ("the teacher saw Liam hit Ava")."""
    scope = sentence_before(text, start)
    seen = list(_PERCEPTION.finditer(scope))
    if seen:
        scope = scope[seen[-1].end() :]
    breaks = list(CLAUSE_BREAK.finditer(scope))
    clause = scope[breaks[-1].end() :] if breaks else scope
    for part in (clause, scope):
        for word in re.findall(r"[\w.'-]+", part):
            kind = _classify_actor(word)
            if kind != Actor.UNKNOWN:
                return kind
    return Actor.UNKNOWN


def _name_follows(cased: str, end: int) -> bool:
    """A capitalised word (a child's name) right after the verb: "slapped Liam"."""
    return re.match(r"^\s+(?:[A-Z][a-z]+)\b", cased[end : end + 30]) is not None


def _classify_actor(word: str) -> Actor:
    word = word.strip(".,'")
    if _STAFF_WORD.fullmatch(word) or _STAFF_WORD.fullmatch(word + "."):
        return Actor.STAFF
    if _FAMILY_WORD.fullmatch(word):
        return Actor.FAMILY
    if _CHILD_WORD.fullmatch(word):
        return Actor.CHILD
    return Actor.UNKNOWN


def abuser(text: str, facts: Iterable[Fact], harm_actor: Actor) -> Actor:
    """Who is suspected when abuse or neglect is suspected: staff, family, or unknown."""
    facts = set(facts)
    if Fact.SUSPECTED_ABUSE not in facts:
        return Actor.UNKNOWN
    if Fact.STAFF_PHYSICAL in facts or harm_actor == Actor.STAFF:
        return Actor.STAFF
    if harm_actor == Actor.FAMILY or _FAMILY_WORD.search(text):
        return Actor.FAMILY
    if _STAFF_WORD.search(text) and Fact.SEXUAL_CONTACT in facts:
        return Actor.STAFF
    return Actor.UNKNOWN
