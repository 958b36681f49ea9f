"""Checking what `rank` is given, with one clear line per problem.

Profiles come from Procare through other code, needs from a director's keyboard: a wrong shape is
refused with `InvalidInput` naming the profile and the field, never a stack trace from deep inside.
Keys the contract does not name (name, position, ...) are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from agents.skills.text import words
from policies.errors import InvalidInput

MAX_NEED_CHARS = 500


@dataclass(frozen=True)
class Credential:
    kind: str
    issuer: str
    issued_on: date | None
    expires_on: date | None


@dataclass(frozen=True)
class Profile:
    """A profile as the contract describes it, every key present (empty when missing)."""

    staff_id: str
    bio: str
    trainings: tuple[str, ...]
    credentials: tuple[Credential, ...]
    rooms: tuple[str, ...]
    languages: tuple[str, ...]


def need_text(need: object) -> str:
    if not isinstance(need, str) or not need.strip():
        raise InvalidInput("need must be a non-empty text, e.g. 'bilingual Spanish'")
    if len(need) > MAX_NEED_CHARS:
        raise InvalidInput(f"need is {len(need)} characters long; keep it under {MAX_NEED_CHARS}")
    if not words(need):
        raise InvalidInput(f"need {need.strip()!r} has no words to match")
    return need.strip()


def limit_value(limit: object) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidInput(f"limit must be a whole number of at least 1, not {limit!r}")
    return limit


def as_of_value(as_of: object) -> date | None:
    if as_of is None:
        return None
    if isinstance(as_of, datetime):
        return as_of.date()
    if isinstance(as_of, date):
        return as_of
    raise InvalidInput(f"as_of must be a date, not {type(as_of).__name__}")


def profiles_list(profiles: object) -> list[Profile]:
    """Every profile checked and normalised; staff ids must be unique."""
    if isinstance(profiles, str | bytes | Mapping) or not isinstance(profiles, Sequence):
        raise InvalidInput("profiles must be a list of profile objects")
    checked = [profile(p, i) for i, p in enumerate(profiles)]
    seen: set[str] = set()
    for p in checked:
        if p.staff_id in seen:
            raise InvalidInput(f"staff_id {p.staff_id!r} appears in more than one profile")
        seen.add(p.staff_id)
    return checked


def profile(raw: object, index: int) -> Profile:
    where = f"profile {index}"
    if not isinstance(raw, Mapping):
        raise InvalidInput(f"{where} must be an object with a staff_id, not {type(raw).__name__}")
    staff_id = raw.get("staff_id")
    if not isinstance(staff_id, str) or not staff_id.strip():
        raise InvalidInput(f"{where} has no staff_id (a non-empty text is required)")
    where = f"profile {staff_id!r}"
    bio = raw.get("bio")
    if bio is not None and not isinstance(bio, str):
        raise InvalidInput(f"{where}: bio must be text")
    return Profile(
        staff_id=staff_id.strip(),
        bio=bio or "",
        trainings=_texts(raw.get("trainings"), f"{where}: trainings"),
        credentials=tuple(
            _credential(c, f"{where}: credential {i}")
            for i, c in enumerate(_list(raw.get("credentials"), f"{where}: credentials"))
        ),
        rooms=_texts(raw.get("rooms"), f"{where}: rooms"),
        languages=_texts(raw.get("languages"), f"{where}: languages"),
    )


def _list(value: object, where: str) -> Sequence[Any]:
    if value is None:
        return ()
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        raise InvalidInput(f"{where} must be a list")
    return value


def _texts(value: object, where: str) -> tuple[str, ...]:
    items = _list(value, where)
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput(f"{where} must be a list of texts, found {type(item).__name__}")
    return tuple(item.strip() for item in items if item.strip())


def _credential(raw: object, where: str) -> Credential:
    if not isinstance(raw, Mapping):
        raise InvalidInput(f"{where} must be an object with kind, issuer, issued_on, expires_on")
    kind = raw.get("kind")
    if not isinstance(kind, str) or not kind.strip():
        raise InvalidInput(f"{where} has no kind")
    issuer = raw.get("issuer")
    if issuer is not None and not isinstance(issuer, str):
        raise InvalidInput(f"{where}: issuer must be text")
    return Credential(
        kind=kind.strip(),
        issuer=(issuer or "").strip(),
        issued_on=_date(raw.get("issued_on"), f"{where}: issued_on"),
        expires_on=_date(raw.get("expires_on"), f"{where}: expires_on"),
    )


def _date(value: object, where: str) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise InvalidInput(f"{where} must be a date as YYYY-MM-DD, not {value!r}")
