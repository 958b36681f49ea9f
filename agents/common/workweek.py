"""The workweek of a center: one start day that payroll and the ratio agent's overtime check share.

The FLSA lets an employer fix any recurring 7-day period as its workweek (29 CFR 778.105) and Procare's
School record carries none, so it is a center setting: the agent setting `workweek_start_weekday`, either
one weekday number for every center or a mapping `{"S0001": 0, "*": 6}` (Monday 0 ... Sunday 6). With no
setting the week starts on Sunday. Because both workflows read it here, a coverage move judged "no
overtime" and the payroll overtime finding always count the same seven days.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from policies.errors import InvalidInput

WORKWEEK_SETTING = "workweek_start_weekday"
DEFAULT_WORKWEEK_START = 6
"""Sunday."""


def workweek_start(settings: Mapping[str, Any], center_id: str) -> int:
    """The weekday number the center's workweek starts on (Monday 0 ... Sunday 6)."""
    value = settings.get(WORKWEEK_SETTING, DEFAULT_WORKWEEK_START)
    if isinstance(value, Mapping):
        value = value.get(center_id, value.get("*", DEFAULT_WORKWEEK_START))
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise InvalidInput(
            f"setting {WORKWEEK_SETTING} must be a weekday number 0-6 (Monday 0) or a mapping of center "
            f"ids to one, got {value!r}"
        )
    return value


def week_start(day: date, first_weekday: int) -> date:
    """The first day of the workweek containing `day`."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def workweek(day: date, first_weekday: int) -> tuple[date, date]:
    """First and last day of the workweek that holds `day`."""
    first = week_start(day, first_weekday)
    return first, first + timedelta(days=6)
