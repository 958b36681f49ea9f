"""What a ratio check answers: the verdict for one room, and the explanation a director reads.

The numbers come from `policies/ratios.py`; this module holds their shape and turns them into one
paragraph that names the band, the exceptions, the shortfall and the sections applied.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from policies.ratio_model import AgeBand, Source, StateRules


@dataclass(frozen=True)
class RatioCheck:
    """The verdict for one room, with the facts a director needs to act on it."""

    state: str
    """The code applied: the state's, or a city's own ("NYC")."""
    children: int
    staff_present: int
    required_staff: int
    compliant: bool
    citation: str
    explanation: str
    governing_band: AgeBand | None
    children_per_staff: int | None
    """The ratio applied (N in 1:N), after exceptions and the center policy; None for an empty room."""
    max_group_size: int | None
    group_size_exceeded: bool
    mixing_permitted: bool
    exception_applied: str | None
    violations: tuple[str, ...]
    notes: tuple[str, ...]
    staff_short: int = 0
    """How many more (qualified) staff the room needs; 0 when enough are present."""
    counted_staff: int = 0
    """Staff counted in ratio (with `staff_roles`, volunteers, `other` and roles a state excludes are not)."""
    source: Source = Source.PRIMARY
    """The weakest confirmation among the rows applied (a verdict resting on a secondary row says so)."""

    @property
    def ratio(self) -> str | None:
        """The applied ratio as text, e.g. ``"1:4"``."""
        return None if self.children_per_staff is None else f"1:{self.children_per_staff}"


@dataclass(frozen=True)
class StaffNeed:
    """Required staff at one minute of the day (for projecting a schedule)."""

    minute_of_day: int
    children: int
    required_staff: int
    ratio: str | None
    citation: str


def short_message(required: int, short: int, present: int, per_staff: int, roles: Counter[str] | None) -> str:
    """The violation text for too few staff (a head count, or the qualified teachers still needed)."""
    if roles is None:
        return f"{required} staff required at 1:{per_staff}, {present} present"
    return (
        f"with the {present} counted staff present, {short} more qualified teacher{'s' if short > 1 else ''} "
        f"needed ({required} staff at 1:{per_staff} under the state's role rules)"
    )


def with_explanation(check: RatioCheck, rules: StateRules, ages: list[int], mixed: bool) -> RatioCheck:
    """`check` with its one-paragraph explanation filled in."""
    band = check.governing_band
    assert band is not None
    span = f"{min(ages)}" if min(ages) == max(ages) else f"{min(ages)}-{max(ages)}"
    cap = "no group-size cap" if check.max_group_size is None else f"max group {check.max_group_size}"
    parts = [
        f"{rules.code}: {check.children} children aged {span} months.",
        f"Governing band: {band.label} at {band.ratio}" + (" (mixed-age rule applied)." if mixed else "."),
    ]
    if check.exception_applied:
        parts.append(f"Exception: {check.exception_applied}.")
    parts.extend(f"Note: {n}." for n in check.notes)
    parts.append(
        f"Applied {check.ratio}, {cap}: {check.required_staff} staff required, {check.counted_staff} counted "
        f"of {check.staff_present} present."
    )
    parts.append("Compliant." if check.compliant else "Not compliant: " + "; ".join(check.violations) + ".")
    parts.append(f"Source: {check.citation}.")
    if check.source is not Source.PRIMARY:
        parts.append(f"Weakest confirmation of the rules applied: {check.source.value}.")
    return RatioCheck(**{**check.__dict__, "explanation": " ".join(parts)})
