"""Performance-review cadence: when a staff member's review is due, and when to start preparing it.

No statute sets a review cadence for childcare staff; this is the center's own HR policy, kept as data so
a center can change it. The defaults follow common practice in accredited programs (an introductory
review after 90 days, then one a year; NAEYC's accreditation standards expect regular staff evaluation,
secondary: not checked against the criterion text). Every result names its rule as its citation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from policies.errors import InvalidInput


@dataclass(frozen=True)
class ReviewPolicy:
    """A center's review cadence (days) and how far ahead preparation starts."""

    introductory_after_days: int = 90
    every_days: int = 365
    prepare_days_before: int = 14
    min_interval_days: int = 90
    """No regular review sooner than this after the last completed one (an early request waits)."""

    def __post_init__(self) -> None:
        periods = (
            self.introductory_after_days,
            self.every_days,
            self.prepare_days_before,
            self.min_interval_days,
        )
        if min(periods) <= 0:
            raise InvalidInput("review policy periods must be positive numbers of days")
        if self.min_interval_days > self.every_days:
            raise InvalidInput("the minimum interval between reviews cannot exceed the review cycle")

    @property
    def citation(self) -> str:
        return (
            f"Center review policy: introductory review {self.introductory_after_days} days after hire, then "
            f"every {self.every_days} days; preparation starts {self.prepare_days_before} days before"
        )


DEFAULT_POLICY = ReviewPolicy()
ReviewStanding = Literal["overdue", "prepare", "upcoming"]


def next_review_due(
    hire_date: date, last_completed: date | None, policy: ReviewPolicy = DEFAULT_POLICY
) -> date:
    """When the next review is due: the introductory one, or a full cycle after the last completed one."""
    if last_completed is None:
        return hire_date + timedelta(days=policy.introductory_after_days)
    return last_completed + timedelta(days=policy.every_days)


def standing(due: date, today: date, policy: ReviewPolicy = DEFAULT_POLICY) -> ReviewStanding:
    """`overdue` after the due date, `prepare` inside the preparation window, else `upcoming`."""
    if due < today:
        return "overdue"
    if (due - today).days <= policy.prepare_days_before:
        return "prepare"
    return "upcoming"
