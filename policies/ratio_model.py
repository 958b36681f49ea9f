"""The shapes of a state's staff-to-child ratio rules (data only; `policies/ratios.py` applies them).

Every row carries its citation and a `Source`: whether the regulation's own text confirmed it, only a
secondary summary did, or nothing found did (then the stricter reading is encoded and the row says so).
The model has one field per kind of rule the encoded states use: age bands with optional two-staff team
ratios, the state's mixed-age rule, time-of-day exceptions (opening/closing, first/last hour, nap time),
age separations, role-dependent capacity (teachers, aides, assistants) and program variants
(kindergarten classes, California's toddler component).

Conventions
- Ages are whole completed months. A band covers ``min_months <= age < max_months`` (``None``: no upper
  bound). A state's bands are contiguous from 0 months up to ``StateRules.age_limit_months``.
- ``children_per_staff`` is N in "1:N". ``max_group_size`` is the cap on children in one group (room);
  ``None`` where the state sets no numeric cap.
- Minutes are minutes from midnight, as Procare stores opening hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Source(StrEnum):
    """What confirmed a row (searched 2026-11/12 with the project's search tool)."""

    PRIMARY = "primary"
    """The regulation's text itself was read (official publisher, or a verbatim copy such as Cornell LII)."""
    SECONDARY = "secondary"
    """Only a summary confirmed it (state agency page, resource-and-referral agency, third-party guide)."""
    UNVERIFIED = "unverified"
    """No source found confirmed it; the stricter reading is encoded and the note says what was assumed."""


class MixedAgeRule(StrEnum):
    """How a state picks the governing band when a group holds children of several bands."""

    YOUNGEST = "youngest"
    """The youngest child's band sets ratio and group size for the whole group."""
    LARGEST_GROUP_WHEN_ALL_TWO_PLUS = "largest_group_when_all_two_plus"
    """Florida: all children 24+ months -> band with the most children; any child under 24 months ->
    youngest."""
    PREDOMINANT_AGE = "predominant_age"
    """New York City: children 12 months and older in a contiguous age range -> the band with the most
    children (ties: the younger); any younger child or a gap in the range -> youngest."""


@dataclass(frozen=True)
class TeamRatio:
    """Two staff together may have more children than twice 1:N (Ohio infants 12:2, Arizona 2:11)."""

    staff: int
    children: int


@dataclass(frozen=True)
class AgeBand:
    """One row of a state's ratio table."""

    key: str
    label: str
    min_months: int
    max_months: int | None
    children_per_staff: int
    max_group_size: int | None
    citation: str
    source: Source
    note: str = ""
    """What was read or assumed (age edges chosen, numbers a summary gave)."""
    team: TeamRatio | None = None

    def contains(self, age_months: int) -> bool:
        """True when a child of this age falls in the band."""
        return age_months >= self.min_months and (self.max_months is None or age_months < self.max_months)

    @property
    def ratio(self) -> str:
        """The ratio as people write it, e.g. ``"1:4"`` (with a team option: ``"1:5 or 2:12"``)."""
        base = f"1:{self.children_per_staff}"
        return base if self.team is None else f"{base} or {self.team.staff}:{self.team.children}"


@dataclass(frozen=True)
class OpeningClosingAllowance:
    """A looser ratio allowed in the first and last minutes of the day (Texas 746.1615)."""

    window_minutes: int
    min_age_months: int
    children_per_staff: int
    min_children_in_care: int
    citation: str
    source: Source


@dataclass(frozen=True)
class InfantMixLimit:
    """Infants may share a group only with children close in age (Texas 746.1605)."""

    infant_below_months: int
    max_spread_months: int
    min_children_in_care: int
    citation: str
    source: Source


@dataclass(frozen=True)
class EdgeHours:
    """The first and last minutes of a long operating day, when some rules relax."""

    window_minutes: int
    min_open_minutes: int
    """Only for programs open at least this long (0: any program)."""


@dataclass(frozen=True)
class PermittedMixes:
    """Which age spans may share a group, and when any mix is allowed (Illinois 407.190(d))."""

    windows: tuple[tuple[int, int | None], ...]
    """A mixed group is permitted when every child's age fits inside one window (min incl., max excl.)."""
    any_mix: EdgeHours | None
    citation: str
    source: Source


@dataclass(frozen=True)
class Separation:
    """Children of one age span may not share a group with children from ``older_from`` months up."""

    young_min_months: int
    young_max_months: int
    older_from_months: int
    citation: str
    source: Source
    lifted_in: EdgeHours | None = None
    """Allowed anyway in these edge hours (North Carolina's first and last operating hour)."""
    min_children_in_care: int = 0
    """Applies only when at least this many children are present in the center (Arizona: six)."""


@dataclass(frozen=True)
class NapRatio:
    """A looser ratio while the children of an age span are napping."""

    min_months: int
    max_months: int | None
    children_per_staff: int

    def contains(self, age_months: int) -> bool:
        return age_months >= self.min_months and (self.max_months is None or age_months < self.max_months)


@dataclass(frozen=True)
class NapRule:
    """Nap-time ratios and the conditions the regulation puts on them."""

    ratios: tuple[NapRatio, ...]
    condition: str
    """What must hold for the nap ratio (e.g. the remaining staff immediately available in the building)."""
    citation: str
    source: Source
    group_cap_waived: bool = False


@dataclass(frozen=True)
class GroupCapWaiver:
    """Times when the group-size cap does not apply but the ratio still does (Virginia 8VAC20-780-350 D)."""

    edge: EdgeHours
    citation: str
    source: Source


@dataclass(frozen=True)
class AidePairing:
    """An aide counts only paired with a teacher, and a pair covers this many children (California)."""

    band_keys: frozenset[str]
    children_per_pair: int
    qualified_children_per_pair: int | None = None
    """A fully qualified teacher with a qualified aide may have more (22 CCR 101216.3(b)(1))."""


@dataclass(frozen=True)
class AideSubstitution:
    """Aides count like teachers in these bands while enough lead teachers supervise (22 CCR 101416.5)."""

    band_keys: frozenset[str]
    children_per_lead: int
    """Each fully qualified teacher directly supervises at most this many children (12 infants)."""


@dataclass(frozen=True)
class RoleGroupCap:
    """A larger group allowed with a teacher and an assistant when every child is old enough (IL (b))."""

    min_age_months: int
    max_group_size: int


@dataclass(frozen=True)
class RoleRule:
    """Which roles count in ratio and how aides and assistants change what a room may hold."""

    not_counted: frozenset[str] = frozenset()
    """Roles never counted in ratio in this state (on top of `other` and `volunteer`)."""
    aide_pairing: tuple[AidePairing, ...] = ()
    aide_substitution: AideSubstitution | None = None
    group_cap: RoleGroupCap | None = None
    aides_need_teacher: bool = False
    """Aides and assistants count only where a pairing or substitution says so (California)."""
    citation: str = ""
    source: Source = Source.PRIMARY


@dataclass(frozen=True)
class SizeCaveat:
    """A table for small centers that exists in the regulation but is not encoded (said, not guessed)."""

    max_children_in_care: int
    message: str
    citation: str


@dataclass(frozen=True)
class CityOverride:
    """A city with its own code inside a state (New York City inside New York)."""

    code: str
    city_names: frozenset[str]
    zip3: frozenset[str]
    zip5: frozenset[str]
    citation: str


@dataclass(frozen=True)
class StateRules:
    """Everything the ratio check needs for one jurisdiction (a state, a city, or NAEYC)."""

    code: str
    name: str
    base_citation: str
    bands: tuple[AgeBand, ...]
    mixed_rule: MixedAgeRule
    mixed_citation: str
    mixed_source: Source
    age_limit_months: int | None = None
    """Children this old or older are outside the code (NAEYC stops at third grade); None: no limit."""
    age_limit_message: str = ""
    one_younger_child_from_months: int | None = None
    """Ohio 5104.033(B)(1): one younger child, at least this old, in a group of the next older band
    does not pull the group down to the younger ratio."""
    toddler_program_band: AgeBand | None = None
    kindergarten_bands: tuple[AgeBand, ...] = ()
    """Bands used instead of the regular ones when the group is a kindergarten class."""
    opening_closing: OpeningClosingAllowance | None = None
    infant_mix_limit: InfantMixLimit | None = None
    permitted_mixes: PermittedMixes | None = None
    separations: tuple[Separation, ...] = ()
    nap: NapRule | None = None
    group_cap_waivers: tuple[GroupCapWaiver, ...] = ()
    roles: RoleRule | None = None
    size_caveat: SizeCaveat | None = None
    city_overrides: tuple[CityOverride, ...] = ()
    not_modelled: tuple[str, ...] = field(default=())
    """Documented rules of this state that the check does not apply, each with its citation."""
