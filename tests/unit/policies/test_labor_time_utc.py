"""The convert-once helpers of policies.labor_time (issue 19's payroll speed-up) against the definitions
they replace: a checked segment's UTC twin is `to_utc` of each end, `instant_at_worked_utc` lands where
`instant_at_worked` does, and `rounding_bias` measures what rounding each punch with `round_punch` and
subtracting the results would, on random punches of the spring-forward and fall-back weeks as well as
naive and fixed-offset ones."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

import pytest

from policies.errors import InvalidInput
from policies.labor import round_punch, rounding_bias
from policies.labor_time import (
    elapsed,
    instant_at_worked,
    instant_at_worked_utc,
    is_aware,
    to_utc,
    validate_segments,
    validate_segments_utc,
)

LA = ZoneInfo("America/Los_Angeles")
ZONES: list[tzinfo | None] = [LA, ZoneInfo("America/New_York"), timezone(timedelta(hours=-7)), UTC, None]
DST_DAYS = [datetime(2026, 3, 8), datetime(2026, 11, 1), datetime(2026, 6, 3)]


def day_of_segments(
    rng: random.Random, zone: tzinfo | None, day: datetime
) -> list[tuple[datetime, datetime]]:
    """Two to four shuffled, non-overlapping segments around the small hours and the working day."""
    t = day.replace(tzinfo=zone) + timedelta(minutes=rng.randint(0, 240))
    out = []
    for _ in range(rng.randint(2, 4)):
        end = t + timedelta(minutes=rng.randint(20, 240), seconds=rng.randint(0, 59))
        out.append((t, end))
        t = end + timedelta(minutes=rng.randint(5, 90))
    rng.shuffle(out)
    return out


@pytest.mark.parametrize("zone", ZONES, ids=lambda z: str(z))
@pytest.mark.parametrize("day", DST_DAYS, ids=lambda d: d.date().isoformat())
def test_utc_twins_and_worked_instant_match_the_definitions(zone: tzinfo | None, day: datetime) -> None:
    rng = random.Random(f"{zone}{day}")
    for _ in range(50):
        segments = day_of_segments(rng, zone, day)
        try:
            plain = validate_segments(segments)
        except InvalidInput as exc:  # a wall-clock segment that is not forward in real time
            with pytest.raises(InvalidInput, match=str(exc).split(" ends at")[0]):
                validate_segments_utc(segments)
            continue
        timed = validate_segments_utc(segments)
        assert [s for s, _ in timed] == plain
        assert [u for _, u in timed] == [(to_utc(a), to_utc(b)) for a, b in plain]
        for minutes in (0, 30, 200, 300, 10_000):
            expected = instant_at_worked(plain, timedelta(minutes=minutes))
            got = instant_at_worked_utc(timed, timedelta(minutes=minutes))
            assert got == expected and got.tzinfo is expected.tzinfo
            assert got.isoformat() == expected.isoformat()  # same wall clock and offset, not just instant


@pytest.mark.parametrize("zone", ZONES, ids=lambda z: str(z))
@pytest.mark.parametrize("increment", [5, 6, 15])
def test_rounding_bias_is_the_difference_of_rounded_punches(zone: tzinfo | None, increment: int) -> None:
    rng = random.Random(f"{zone}{increment}")
    drawn = [s for day in DST_DAYS for _ in range(30) for s in day_of_segments(rng, zone, day)[:1]]
    shifts = [(a, b) for a, b in drawn if elapsed(a, b) > timedelta(0)]  # real shifts only
    assert len(shifts) > 80
    bias = rounding_bias(shifts, increment)
    real = [elapsed(a, b) for a, b in shifts]
    paid = [elapsed(round_punch(a, increment), round_punch(b, increment)) for a, b in shifts]
    minute = timedelta(minutes=1)
    assert bias.actual_minutes == sum(real, timedelta(0)) / minute
    assert bias.rounded_minutes == sum(paid, timedelta(0)) / minute
    assert bias.shifts_gained == sum(p > r for p, r in zip(paid, real, strict=True))
    assert bias.shifts_lost == sum(p < r for p, r in zip(paid, real, strict=True))


def test_the_fast_awareness_check_agrees_with_utcoffset() -> None:
    class NoOffset(tzinfo):
        def utcoffset(self, dt: datetime | None) -> timedelta | None:
            return None

        def dst(self, dt: datetime | None) -> timedelta | None:
            return None

        def tzname(self, dt: datetime | None) -> str | None:
            return None

    assert is_aware(datetime(2026, 3, 8, 2, 30, tzinfo=LA))
    assert is_aware(datetime(2026, 3, 8, tzinfo=timezone(timedelta(hours=5))))
    assert not is_aware(datetime(2026, 3, 8))
    assert not is_aware(datetime(2026, 3, 8, tzinfo=NoOffset()))
    naive_like = datetime(2026, 3, 8, 9, tzinfo=NoOffset())
    assert to_utc(naive_like) is naive_like
