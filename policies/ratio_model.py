"""The shapes of a state's staff-to-child ratio rules (data only; `policies/ratios.py` applies them).

Every row carries its citation and a `Source`: whether the regulation's own text confirmed it, only a
secondary summary did, or nothing found did (then the stricter reading is encoded and the row says so).
The model has one field per kind of rule the encoded states use: age bands with optional two-staff team
ratios, the state's mixed-age rule, time-of-day exceptions (opening/closing, first/last hour, nap time),
age separations, role-dependent capacity (teachers, aides, assistants), program variants
(kindergarten classes, half-day programs, California's toddler component) and rules that depend on the
center's licensed capacity.

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
    COMBINED_GROUPS = "combined_groups"
    """Tennessee: the narrowest row of the state's charts (single-age rows at their own, overlapping
    ranges, and the combined-age rows) that holds every child; ties to the stricter ratio; none ->
    youngest."""
    COUNTED_YOUNGER = "counted_younger"
    """Missouri: two-year-olds with older children take one of two rows by how many two-year-olds there
    are; any other mix -> youngest."""


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
    span: tuple[int, int | None] | None = None
    """The row's own age range where the regulation's rows overlap (Tennessee's Chart 1); the band's
    ``min_months``/``max_months`` are then the non-overlapping part a single child falls in."""

    def holds(self, age_months: int) -> bool:
        """True when the row's own range (``span``, else the band) includes this age."""
        low, high = self.span if self.span is not None else (self.min_months, self.max_months)
        return age_months >= low and (high is None or age_months < high)

    @property
    def width(self) -> int:
        """Months the row's own range covers (open-ended rows count up to 18 years)."""
        low, high = self.span if self.span is not None else (self.min_months, self.max_months)
        return (216 if high is None else high) - low

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
class CombinedGroups:
    """Rows for groups of mixed ages (Tennessee Chart 2), and more allowed only at the day's edges
    (Chart 3: the first and last hour and a half)."""

    groups: tuple[AgeBand, ...]
    edge_groups: tuple[AgeBand, ...] = ()
    edge: EdgeHours | None = None


@dataclass(frozen=True)
class CountedMix:
    """Missouri 5 CSR 25-500.112(1)(A): two-year-olds (``young_key``) with older children only take
    ``within`` when at most ``max_young`` of them are present, else ``over``."""

    young_key: str
    older_keys: frozenset[str]
    max_young: int
    within: AgeBand
    over: AgeBand


@dataclass(frozen=True)
class SmallCenterRule:
    """A rule that relaxes for a center licensed for few children (Georgia: no group-size cap at 18 or
    fewer). Decided by the licensed capacity the caller passes, never guessed from a headcount."""

    max_licensed_capacity: int
    group_cap_waived: bool
    citation: str
    source: Source


@dataclass(frozen=True)
class HalfDayProgram:
    """Bands a half-day program may use instead of the regular ones, and the conditions on them
    (Massachusetts 606 CMR 7.10(9)(b)4: preschoolers 1:12 with group 24)."""

    bands: tuple[AgeBand, ...]
    condition: str


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
    half_day: HalfDayProgram | None = None
    """Bands used instead of the regular ones in a half-day program (`half_day=True`)."""
    combined: CombinedGroups | None = None
    """Rows for mixed-age groups (`MixedAgeRule.COMBINED_GROUPS`)."""
    counted_mix: CountedMix | None = None
    """The two mixed rows of `MixedAgeRule.COUNTED_YOUNGER`."""
    opening_closing: OpeningClosingAllowance | None = None
    infant_mix_limit: InfantMixLimit | None = None
    permitted_mixes: PermittedMixes | None = None
    separations: tuple[Separation, ...] = ()
    nap: NapRule | None = None
    group_cap_waivers: tuple[GroupCapWaiver, ...] = ()
    roles: RoleRule | None = None
    size_caveat: SizeCaveat | None = None
    small_center: SmallCenterRule | None = None
    city_overrides: tuple[CityOverride, ...] = ()
    not_modelled: tuple[str, ...] = field(default=())
    """Documented rules of this state that the check does not apply, each with its citation."""
