"""Time-punch rounding and a check that it stays neutral over time (29 CFR 785.48(b)).

785.48(b) accepts rounding "to the nearest 5 minutes, or to the nearest one-tenth or quarter of an hour"
only if it "will not result, over a period of time, in failure to compensate the employees properly for
all the time they have actually worked". ``round_punch`` does the rounding the way Procare's time cards do
(nearest 15 minutes: 8:07 -> 8:00, 8:08 -> 8:15); ``rounding_bias`` measures whether, over a set of shifts,
it took time from the employee systematically.

California: meal-period punches must not be rounded at all (Donohue v. AMN Services, LLC (2021) 11 Cal.5th
58); give the meal rules raw punches.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from fractions import Fraction

from policies.errors import InvalidInput
from policies.labor_time import Segment, shift_instant, validate_segments_utc

ROUNDING_CITATION = "29 CFR 785.48(b) (rounding must not, over a period of time, underpay the employee)"

ALLOWED_INCREMENTS = (5, 6, 15)
"""The increments 29 CFR 785.48(b) names: "the nearest 5 minutes, or ... the nearest one-tenth or quarter
of an hour". Others (10, 12 minutes) are not named there, so they are refused rather than presumed
acceptable."""

BIAS_SIGNIFICANCE = 0.05
"""Flag when a one-sided sign test says losses this lopsided would happen by chance at most 5% of the time."""

BIAS_THRESHOLD = (
    "flagged when the net effect over all shifts is a loss to the employee AND, among shifts that rounding "
    f"changed, the share of losing shifts passes a one-sided sign test at p <= {BIAS_SIGNIFICANCE} "
    "(a neutral rule loses and gains with equal odds); needs at least 5 changed shifts to ever flag"
)


def _check_increment(increment_minutes: int) -> timedelta:
    if isinstance(increment_minutes, bool) or increment_minutes not in ALLOWED_INCREMENTS:
        raise InvalidInput(
            f"rounding increment must be 5, 6 or 15 minutes, got {increment_minutes!r}: 29 CFR 785.48(b) "
            "names the nearest 5 minutes, tenth or quarter hour"
        )
    return timedelta(minutes=increment_minutes)


def round_punch(t: datetime, increment_minutes: int = 15) -> datetime:
    """Round a punch to the nearest increment of the local wall clock, keeping its tzinfo.

    Seconds count: 8:07:29 rounds down to 8:00 and 8:07:31 up to 8:15; an exact half (8:07:30) goes to the
    later mark. The adjustment is applied as real elapsed time, so a punch near a daylight-saving change lands
    on a real instant (1:55 PST on spring-forward day rounds to 3:00 PDT, five real minutes later).
    """
    if not isinstance(t, datetime):
        raise InvalidInput(f"a punch must be a datetime, got {t!r}")
    return shift_instant(t, _to_nearest(t, _check_increment(increment_minutes)))


def _to_nearest(t: datetime, step: timedelta) -> timedelta:
    """The real time `round_punch` moves `t` by: to the nearest `step` mark of its wall clock."""
    wall = t.replace(tzinfo=None)
    since_midnight = wall - datetime.combine(wall.date(), time())
    remainder = since_midnight % step
    return -remainder if remainder * 2 < step else step - remainder


@dataclass(frozen=True, slots=True)
class RoundingBias:
    """What rounding did to (in, out) shifts, in minutes; a negative net means the employee lost time."""

    shifts: int
    actual_minutes: float
    rounded_minutes: float
    minutes_gained: float
    minutes_lost: float
    net_minutes: float
    shifts_gained: int
    shifts_lost: int
    shifts_unchanged: int
    p_value: float
    """Chance of at least ``shifts_lost`` losing shifts among changed ones if gains and losses were 50/50."""
    underpays: bool
    threshold: str
    citation: str


def _sign_test_p(losses: int, changed: int) -> float:
    """One-sided binomial tail P(X >= losses) for X ~ Binomial(changed, 1/2)."""
    if changed == 0:
        return 1.0
    tail = sum(math.comb(changed, k) for k in range(losses, changed + 1))
    return float(Fraction(tail, 2**changed))


def rounding_bias(pairs: list[Segment], increment: int = 15) -> RoundingBias:
    """Compare actual and rounded paid time over many shifts and flag systematic underpayment.

    Each pair is one shift's actual (in, out) punches (one employee's or a whole center's); both punches
    are rounded with ``round_punch``. The
    flag rule is ``BIAS_THRESHOLD``: a net loss alone is not enough (a neutral rule can lose a few minutes
    by chance), and neither is a lopsided count without a net loss.
    """
    step = _check_increment(increment)
    checked = validate_segments_utc(pairs, what="shift", overlaps_ok=True)
    one_minute = timedelta(minutes=1)
    actual = rounded = gained = lost = timedelta(0)
    n_gained = n_lost = 0
    for (start, end), (start_utc, end_utc) in checked:
        # round_punch moves each punch by real time, so the rounded shift is the real one moved at both ends
        real = end_utc - start_utc
        paid = (end_utc + _to_nearest(end, step)) - (start_utc + _to_nearest(start, step))
        actual += real
        rounded += paid
        if paid > real:
            gained += paid - real
            n_gained += 1
        elif paid < real:
            lost += real - paid
            n_lost += 1
    net = rounded - actual
    p_value = _sign_test_p(n_lost, n_gained + n_lost)
    return RoundingBias(
        shifts=len(checked),
        actual_minutes=actual / one_minute,
        rounded_minutes=rounded / one_minute,
        minutes_gained=gained / one_minute,
        minutes_lost=lost / one_minute,
        net_minutes=net / one_minute,
        shifts_gained=n_gained,
        shifts_lost=n_lost,
        shifts_unchanged=len(checked) - n_gained - n_lost,
        p_value=p_value,
        underpays=net < timedelta(0) and p_value <= BIAS_SIGNIFICANCE,
        threshold=BIAS_THRESHOLD,
        citation=ROUNDING_CITATION,
    )
