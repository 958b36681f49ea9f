"""Labor rules: overtime, punch rounding, meal and rest periods, and hours limits for minors.

This is the import surface (``from policies.labor import overtime``); the rules live in small modules by
topic: ``labor_overtime``, ``labor_rounding``, ``labor_breaks``, ``labor_minors`` and the shared time
arithmetic in ``labor_time``. Everything is pure: no I/O, no clock, no product imports beyond error classes.
Every result carries the citation of the rule that produced it.
"""

from __future__ import annotations

from policies.labor_breaks import (
    MEAL_RULES,
    PREMIUM_CITATION,
    REST_RULES,
    MealBreakViolation,
    MealRule,
    RestBreakViolation,
    RestRule,
    meal_break_violations,
    rest_break_violations,
    rest_breaks_authorized,
)
from policies.labor_minors import (
    MINOR_RULE,
    MinorHoursRule,
    MinorHourViolation,
    labor_day,
    latest_end,
    minor_hour_violations,
)
from policies.labor_overtime import (
    FEDERAL_RULE,
    NO_PYRAMIDING_CITATION,
    OVERTIME_RULES,
    SEVENTH_DAY_CITATION,
    DayOvertime,
    Overtime,
    OvertimeRule,
    overtime,
)
from policies.labor_rounding import (
    ALLOWED_INCREMENTS,
    BIAS_SIGNIFICANCE,
    BIAS_THRESHOLD,
    RoundingBias,
    round_punch,
    rounding_bias,
)
from policies.labor_time import Segment, workday_of, worked_hours

__all__ = [
    "ALLOWED_INCREMENTS",
    "BIAS_SIGNIFICANCE",
    "BIAS_THRESHOLD",
    "FEDERAL_RULE",
    "MEAL_RULES",
    "MINOR_RULE",
    "NO_PYRAMIDING_CITATION",
    "OVERTIME_RULES",
    "PREMIUM_CITATION",
    "REST_RULES",
    "SEVENTH_DAY_CITATION",
    "DayOvertime",
    "MealBreakViolation",
    "MealRule",
    "MinorHourViolation",
    "MinorHoursRule",
    "Overtime",
    "OvertimeRule",
    "RestBreakViolation",
    "RestRule",
    "RoundingBias",
    "Segment",
    "labor_day",
    "latest_end",
    "meal_break_violations",
    "minor_hour_violations",
    "overtime",
    "rest_break_violations",
    "rest_breaks_authorized",
    "round_punch",
    "rounding_bias",
    "workday_of",
    "worked_hours",
]
