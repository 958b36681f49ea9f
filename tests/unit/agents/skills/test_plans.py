"""Development plans without I/O: gaps against the role's requirements, and the catalog sessions that close
them (approved only, the right topic, seats left, far enough ahead, by the due date first)."""

from __future__ import annotations

from datetime import date
from typing import Any

from agents.skills.courses import options_for
from agents.skills.plans import gaps_for
from tests.fakes import employee, school, training
from tools.models import TrainingCourse

TODAY = date(2026, 11, 2)
TX = school()  # Texas: 24 annual hours, orientation topics within 90 days


def _course(course_id: str, title: str, topic: str, category: str, **over: Any) -> TrainingCourse:
    sessions = over.pop("sessions", None) or [
        {
            "session_id": f"{course_id}-S1",
            "starts_on": "2026-11-14",
            "ends_on": "2026-11-14",
            "start_minutes": 540,
            "end_minutes": 960,
            "timezone": "America/Chicago",
            "seats_total": 10,
            "seats_taken": 2,
        }
    ]
    base = {
        "course_id": course_id,
        "provider": "Provider",
        "title": title,
        "topic": topic,
        "category": category,
        "hours": 3.0,
        "format": "in_person",
        "approved": True,
        "location": None,
        "sessions": sessions,
    }
    return TrainingCourse.model_validate(base | over)


PROFILE = {
    "staff_id": "E1",
    "credentials": [
        {"kind": "pediatric_cpr_aha", "issuer": "AHA", "issued_on": "2026-06-20", "expires_on": "2028-06-30"},
        {"kind": "background_check", "issuer": "DPS", "issued_on": "2026-06-01", "expires_on": "2031-06-01"},
    ],
}


def _gaps(hired: date, records: list[Any], profile: dict[str, Any] = PROFILE) -> dict[str, Any]:
    person = employee("E1", hire_date=hired)
    return {g.key: g for g in gaps_for(TX, person, profile, records, TODAY, cares_for_under_24_months=False)}


def test_a_new_hire_owes_orientation_topics_and_first_aid() -> None:
    records = [
        training(
            "E1",
            2,
            "Health, Safety and Nutrition",
            title="Safe sleep practices",
            completed_on=date(2026, 8, 1),
        )
    ]
    gaps = _gaps(date(2026, 10, 1), records)
    assert gaps["first_aid"].status == "missing" and gaps["first_aid"].topic == "pediatric_first_aid"
    assert "pediatric_cpr" not in gaps and "background_check" not in gaps
    medication = gaps["ccdbg_medication"]
    assert medication.status == "due" and medication.due_on == date(2026, 12, 30)
    assert "98.44(b)(1)" in medication.citation
    assert "ccdbg_safe_sleep" not in gaps
    hours = gaps["annual_hours"]
    assert hours.status == "short" and hours.hours_needed == 22 and "746.1309" in hours.citation
    assert gaps["annual_hours:child_maltreatment"].counted_categories == frozenset({"child_maltreatment"})


def test_an_expiring_card_and_overdue_topics_come_first() -> None:
    profile = {
        "staff_id": "E1",
        "credentials": [
            {
                "kind": "pediatric_cpr_aha",
                "issuer": "AHA",
                "issued_on": "2024-12-01",
                "expires_on": "2026-12-31",
            },
            {"kind": "first_aid_aha", "issuer": "AHA", "issued_on": "2023-01-01", "expires_on": "2025-01-31"},
        ],
    }
    ordered = list(_gaps(date(2026, 6, 1), [], profile).values())
    assert ordered[0].status in ("overdue", "expired")
    by_key = {g.key: g for g in ordered}
    assert by_key["pediatric_cpr"].status == "expiring" and by_key["first_aid"].status == "expired"
    assert by_key["background_check"].status == "missing"
    assert by_key["ccdbg_medication"].status == "overdue"


def test_courses_close_the_gap_they_name_and_nothing_else() -> None:
    gaps = _gaps(date(2026, 10, 1), [])
    cpr = _course(
        "C-CPR",
        "Heartsaver Pediatric First Aid CPR AED",
        "pediatric_first_aid_cpr",
        "Health, Safety and Nutrition",
        renews=["pediatric_cpr_aha", "first_aid_aha"],
    )
    red_cross = _course(
        "C-RC",
        "Adult and Pediatric First Aid/CPR/AED",
        "pediatric_first_aid_cpr",
        "Health, Safety and Nutrition",
        renews=["first_aid_red_cross"],
    )
    online_only = _course(
        "C-Q",
        "CPR online, no skills check",
        "pediatric_first_aid_cpr",
        "Health",
        renews=["first_aid_aha"],
        approved=False,
    )
    abuse = _course(
        "C-AB", "Recognizing and reporting child abuse", "child_maltreatment", "Child Maltreatment"
    )
    annual = _course(
        "C-TX",
        "Texas annual child care training",
        "state_annual_training",
        "Child Growth and Development",
        hours=24.0,
    )
    full = _course(
        "C-AB2",
        "Mandated reporter refresher",
        "child_maltreatment",
        "Child Maltreatment",
        sessions=[
            {
                "session_id": "F",
                "starts_on": "2026-11-10",
                "ends_on": "2026-11-10",
                "timezone": "America/Chicago",
                "seats_total": 5,
                "seats_taken": 5,
            }
        ],
    )
    soon = _course(
        "C-AB3",
        "Child abuse reporting today",
        "child_maltreatment",
        "Child Maltreatment",
        sessions=[
            {
                "session_id": "T",
                "starts_on": "2026-11-03",
                "ends_on": "2026-11-03",
                "timezone": "America/Chicago",
                "seats_total": 5,
                "seats_taken": 0,
            }
        ],
    )
    catalog = [cpr, red_cross, online_only, abuse, annual, full, soon]

    first_aid = options_for(gaps["first_aid"], "TX", catalog, TODAY)
    assert [o.course_id for o in first_aid] == ["C-CPR", "C-RC"]  # equivalent card counts; unapproved never
    reporting = options_for(gaps["ccdbg_child_abuse_reporting"], "TX", catalog, TODAY)
    assert [o.course_id for o in reporting] == ["C-AB"]  # full, and starting tomorrow, are out
    assert reporting[0].by_due_date and reporting[0].seats_left == 8
    development = options_for(gaps["ccdbg_child_development"], "TX", catalog, TODAY)
    assert development == []  # the 24-hour course's category alone does not make it the topic
    hours = [o.course_id for o in options_for(gaps["annual_hours"], "TX", catalog, TODAY)]
    assert "C-CPR" not in hours and "C-TX" in hours  # Texas does not count CPR and first aid hours
    maltreatment = options_for(gaps["annual_hours:child_maltreatment"], "TX", catalog, TODAY)
    assert [o.course_id for o in maltreatment] == ["C-AB"]


def test_a_state_rule_with_no_excluded_topics_counts_the_hours() -> None:
    """New York's rule excludes no topic: the plan used to raise NameError (`procare-ai skills plan` printed
    a traceback) for anyone short of hours there who had a training record in the period."""
    ny = school(state="NY", timezone="America/New_York")
    person = employee("E1", hire_date=date(2020, 1, 1))
    records = [training("E1", 4, "Child Growth and Development", completed_on=date(2026, 3, 1))]
    gaps = {g.key: g for g in gaps_for(ny, person, PROFILE, records, TODAY, cares_for_under_24_months=False)}
    hours = gaps["annual_hours"]
    assert hours.status == "short" and hours.hours_needed == 26 and "418-1.14" in hours.citation
