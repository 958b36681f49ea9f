"""The payroll agent's vocabulary: settings, the pay period, an employee's facts, and the result collector.

Kept apart from the checks so the per-employee checks (`checks`), the rule application (`rules`), the
cross-staff patterns (`patterns`) and the report share one set of types.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, tzinfo
from typing import Any

from agents.common.people import display_name
from agents.common.types import Finding, Severity, stable_id
from agents.common.workweek import DEFAULT_WORKWEEK_START
from policies.errors import InvalidInput
from tools.models import Employee, School

WORKFLOW = "payroll"
PUNCH_CITATION = (
    "29 CFR 516.2(a)(7) (records of hours worked each workday); 29 CFR 785.11-785.13 (work suffered or "
    "permitted is hours worked)"
)
SCHEDULE_CITATION = "29 CFR 785.48(a) (early or late punches outside the schedule, when not worked)"
PATTERN_CITATION = "Pattern for director review, not a rule violation; verify before acting"
TRUE_VALUES = {"1", "true", "yes", "y", "signed"}


@dataclass(frozen=True)
class PayrollSettings:
    """Tunable thresholds; read from `AgentContext.settings` keys of the same names (prefix `payroll_`).

    `workweek_start` is the center's, shared with the ratio agent (agents.common.workweek).
    """

    tolerance_minutes: int = 7
    rounding_increment: int = 15
    rounding_window_minutes: float = 2.0
    rounding_min_clock_ins: int = 5
    rounding_min_share: float = 0.5
    workweek_start: int = DEFAULT_WORKWEEK_START
    """Weekday number of the first day of the center's workweek (Monday 0 ... Sunday 6)."""
    edit_threshold: int = 3
    task_score_threshold: float = 0.5
    pay_period_days: int = 14

    @classmethod
    def from_mapping(
        cls, values: Mapping[str, Any], *, workweek_start: int = DEFAULT_WORKWEEK_START
    ) -> PayrollSettings:
        """Pick `payroll_<name>` keys; unknown keys are ignored, bad types refused."""
        kwargs: dict[str, Any] = {"workweek_start": workweek_start}
        for f in fields(cls):
            key = f"payroll_{f.name}"
            if f.name == "workweek_start":
                continue
            if key in values:
                default = getattr(cls, f.name)
                try:
                    kwargs[f.name] = type(default)(values[key])
                except (TypeError, ValueError):
                    raise InvalidInput(f"setting {key} must be a {type(default).__name__}") from None
        return cls(**kwargs)


@dataclass(frozen=True)
class Period:
    """A pay period, both ends inclusive."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True)
class StaffFacts:
    """What the checks need of an employee. The birth date stays out: only a minor's age in years."""

    employee_id: str
    name: str
    state: str
    zone: tzinfo
    minor_age: int | None
    meal_waiver: bool
    second_meal_waiver: bool


def age_on(birth: date, day: date) -> int:
    """Whole years of age on `day`."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def staff_facts(employee: Employee, school: School, zone: tzinfo, on: date) -> StaffFacts:
    """Reduce an employee record to the facts the rules need (age only when under 16)."""
    age = age_on(employee.birth_date, on) if employee.birth_date else None
    custom = {k.lower(): str(v).strip().lower() for k, v in employee.custom_fields.items()}
    return StaffFacts(
        employee_id=employee.employee_id,
        name=display_name(employee),
        state=school.state,
        zone=zone,
        minor_age=age if age is not None and age < 16 else None,
        meal_waiver=custom.get("meal_waiver_signed", "") in TRUE_VALUES,
        second_meal_waiver=custom.get("second_meal_waiver_signed", "") in TRUE_VALUES,
    )


@dataclass(frozen=True)
class Correction:
    """One payroll adjustment a finding justifies (sent only in automation, after approval)."""

    day: date
    pay_code: str
    hours: float
    reason: str
    finding_id: str


@dataclass
class EmployeeResult:
    """What one employee's period produced."""

    findings: list[Finding] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    evidence_days: set[date] = field(default_factory=set)
    punches: int = 0


class Collector:
    """Collects findings for one employee with consistent ids and staff ids."""

    def __init__(self, staff: StaffFacts, period: Period) -> None:
        self.staff, self.period, self.result = staff, period, EmployeeResult()

    def add(
        self,
        kind: str,
        severity: Severity,
        day: date | None,
        summary: str,
        evidence: dict[str, Any],
        citation: str | None,
        *key: object,
    ) -> Finding:
        finding = Finding(
            id=stable_id(WORKFLOW, kind, self.staff.employee_id, str(day), *key),
            workflow=WORKFLOW,
            kind=kind,
            severity=severity,
            summary=f"{self.staff.name}: {summary}",
            staff_ids=[self.staff.employee_id],
            evidence={"employee_id": self.staff.employee_id, "workday": str(day), **evidence},
            citation=citation,
        )
        self.result.findings.append(finding)
        if day is not None:
            self.result.evidence_days.add(day)
        return finding

    def correct(self, day: date, pay_code: str, hours: float, reason: str, finding: Finding) -> None:
        self.result.corrections.append(Correction(day, pay_code, round(hours, 2), reason, finding.id))
