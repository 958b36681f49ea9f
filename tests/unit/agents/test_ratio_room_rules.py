"""The ratio agent's room picks the code and program the policies need: NYC from the address, kindergarten
for school-age rooms."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from agents.ratios.data import CenterInfo, DaySchedule, build_room
from tools.models import Classroom, School

DAY = date(2026, 11, 4)


def _room(age_group: str, **address: Any) -> Any:
    school = School.model_validate(
        {
            "school_id": "S1",
            "school_code": "NY-0001",
            "name": "Sunshine",
            "state": "NY",
            "timezone": "America/New_York",
            "open_minutes": 420,
            "close_minutes": 1080,
            **address,
        }
    )
    room = Classroom.model_validate(
        {
            "classroom_id": "R1",
            "school_id": "S1",
            "name": "Room",
            "age_group": age_group,
            "ratio": 10,
            "max_children": 20,
        }
    )
    info = CenterInfo(school, {"R1": room})
    return build_room(info, DaySchedule(DAY, [], []), room, [], [])


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ({"city": "Brooklyn", "postal_code": "11215"}, "NYC"),
        ({"postal_code": "10027"}, "NYC"),
        ({"city": "Albany", "postal_code": "12207"}, "NY"),
        ({}, "NY"),
        ({"city": 7}, "NY"),  # a malformed field is ignored, not a crash
    ],
)
def test_new_york_city_rooms_follow_the_city_code(address: dict[str, Any], code: str) -> None:
    assert _room("preschool", **address).state == code


def test_school_age_rooms_count_their_five_year_olds_as_kindergartners() -> None:
    assert _room("school_age").kindergarten and not _room("preschool").kindergarten
