"""Who counts in ratio, and how many children a given set of staff may hold under a state's role rules.

Where a state's ratio depends on role (California's teacher-plus-aide pairs, Illinois's teacher with an
assistant, Arizona's aides who never count), a head count is not enough: a room of one teacher and one
aide may hold 15 preschoolers in California, not the 24 two teachers may. `capacity` answers "how many
children may these staff hold", and `role_for_position` maps Procare's free-text positions to the role
vocabulary below.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import product

from policies.ratio_model import AgeBand, RoleRule, TeamRatio

TEACHER = "teacher"
LEAD_TEACHER = "lead_teacher"
"""A fully qualified teacher (California 101216.1(c); Illinois's early childhood teacher)."""
ASSISTANT = "assistant"
AIDE = "aide"
QUALIFIED_AIDE = "qualified_aide"
"""An aide meeting California 101216.2(d), who may pair with a fully qualified teacher for 18."""
DIRECTOR = "director"
"""Counted when working with the children (e.g. California 101216.3(d))."""
VOLUNTEER = "volunteer"
OTHER = "other"

ROLES = (TEACHER, LEAD_TEACHER, ASSISTANT, AIDE, QUALIFIED_AIDE, DIRECTOR, VOLUNTEER, OTHER)
TEACHER_ROLES = frozenset({TEACHER, LEAD_TEACHER, DIRECTOR})
AIDE_ROLES = frozenset({ASSISTANT, AIDE, QUALIFIED_AIDE})
NEVER_COUNTED = frozenset({VOLUNTEER, OTHER})
"""Not counted anywhere: volunteers count only under conditions no input here carries (the stricter
reading), and `other` is anyone not caring for children (cook, driver)."""

_POSITION_WORDS: tuple[tuple[str, str], ...] = (
    ("director", DIRECTOR),
    ("volunteer", VOLUNTEER),
    ("lead", LEAD_TEACHER),
    ("assistant", ASSISTANT),
    ("aide", AIDE),
    ("teacher", TEACHER),
    ("caregiver", TEACHER),
    ("floater", TEACHER),
)


def role_for_position(position: str) -> str:
    """The ratio role of a Procare position title ("Lead Teacher" -> lead_teacher, "Cook" -> other)."""
    lowered = position.lower()
    return next((role for word, role in _POSITION_WORDS if word in lowered), OTHER)


def counted(roles: Iterable[str], rule: RoleRule | None) -> Counter[str]:
    """The roles that count in ratio in this state, with how many of each."""
    excluded = NEVER_COUNTED | (rule.not_counted if rule is not None else frozenset())
    return Counter(r for r in roles if r not in excluded)


def team_capacity(staff: int, per_staff: int, team: TeamRatio | None) -> int:
    """Children `staff` people may hold at 1:per_staff, or in teams where a team ratio allows more."""
    heads = staff * per_staff
    if team is None:
        return heads
    teams, rest = divmod(staff, team.staff)
    return max(heads, teams * team.children + rest * per_staff)


def capacity(
    roles: Counter[str],
    band: AgeBand,
    per_staff: int,
    team: TeamRatio | None,
    rule: RoleRule | None,
    children: int,
) -> int:
    """Children the counted staff may hold in a group governed by `band` at 1:per_staff."""
    if rule is None or not rule.aides_need_teacher:
        return team_capacity(sum(roles.values()), per_staff, team)
    teachers = sum(n for r, n in roles.items() if r in TEACHER_ROLES)
    aides = sum(n for r, n in roles.items() if r in AIDE_ROLES)
    pairing = next((p for p in rule.aide_pairing if band.key in p.band_keys), None)
    if pairing is not None:
        pairs = min(teachers, aides)
        qualified = 0
        if pairing.qualified_children_per_pair is not None:
            qualified = min(roles[LEAD_TEACHER], roles[QUALIFIED_AIDE], pairs)
            qualified_size = pairing.qualified_children_per_pair
        else:
            qualified_size = 0
        return (
            qualified * qualified_size
            + (pairs - qualified) * pairing.children_per_pair
            + (teachers - pairs) * per_staff
        )
    sub = rule.aide_substitution
    if (
        sub is not None
        and band.key in sub.band_keys
        and children <= roles[LEAD_TEACHER] * sub.children_per_lead
    ):
        return (teachers + aides) * per_staff
    return team_capacity(teachers, per_staff, team)


def fewest_needed(
    roles: Counter[str],
    band: AgeBand,
    per_staff: int,
    team: TeamRatio | None,
    rule: RoleRule | None,
    children: int,
) -> tuple[int, int]:
    """(staff required, more fully qualified teachers needed) for `children` with these staff present.

    When the staff present suffice, the first number is the fewest of them that would still do; when
    they do not, it is everyone counted plus the qualified teachers still needed (the second number): a
    fully qualified teacher is the one role every state counts, and the one California's aides need.
    """
    extra = 0
    while capacity(roles + Counter({LEAD_TEACHER: extra}), band, per_staff, team, rule, children) < children:
        extra += 1
    if extra:
        return sum(roles.values()) + extra, extra
    kinds: Sequence[str] = sorted(roles)
    best = sum(roles.values())
    for picked in product(*(range(roles[k] + 1) for k in kinds)):
        total = sum(picked)
        if total >= best:
            continue
        subset = Counter(dict(zip(kinds, picked, strict=True)))
        if capacity(subset, band, per_staff, team, rule, children) >= children:
            best = total
    return best, 0


def has_teacher_and_assistant(roles: Counter[str]) -> bool:
    """Illinois 407.190(b): an early childhood teacher aided by an early childhood assistant."""
    return any(roles[r] for r in TEACHER_ROLES) and any(roles[r] for r in AIDE_ROLES)
