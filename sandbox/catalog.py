"""The generated training catalog: approved (and a few unapproved) courses by city, with dated sessions.

A pure function of (seed, today), independent of how many centers the sandbox runs: every city a center
can be in (sandbox/pools.py) has its AHA and Red Cross pediatric first aid and CPR classes (in person and
blended, at venues a few kilometres from downtown), and evening classes on the state training topics at a
community college; online courses (self-paced enrolment windows, one live webinar) are listed once, with no
location. Sessions run from two weeks before `today` to four months after, on weekday days, weekday
evenings and Saturdays, so some fit a day shift and some do not; about one in five classes is full. One
online-only CPR course claims to renew CPR cards and is not approved (licensing wants a hands-on skills
check), so a consumer that ignores `approved` picks it.

Records are JSON-ready dicts shaped like `tools.models.TrainingCourse`; seats taken through the API are
added when read (sandbox/store.py).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sandbox import pools
from sandbox.center_data import derive_rng

Record = dict[str, Any]

DAYS_BACK, DAYS_AHEAD = 14, 120
FULL_SHARE = 0.2

TOPIC_SLUGS = {
    "Child Growth and Development": "child_development",
    "Health, Safety and Nutrition": "health_safety_nutrition",
    "Child Maltreatment": "child_maltreatment",
    "Guidance and Discipline": "guidance_discipline",
    "Curriculum Planning": "curriculum",
    "Family Engagement": "family_engagement",
    "Emergency Preparedness": "emergency_preparedness",
    "Special Needs": "special_needs",
}
AHA_KINDS = ["pediatric_cpr_aha", "first_aid_aha"]
RED_CROSS_KINDS = ["pediatric_cpr_red_cross", "first_aid_red_cross"]

# (slot name, weekday rule, start, end): weekday rule "weekday" = Mon-Fri, "saturday" = Sat.
DAY_CLASS = [("weekday", 540, 960), ("saturday", 510, 930)]
SKILLS_SESSION = [("weekday", 1080, 1200), ("weekday", 1110, 1230), ("saturday", 540, 660)]
EVENING = [("weekday", 1080, 1260)]
WEBINAR = [("weekday", 1140, 1230)]


def build_catalog(seed: int, today: date) -> list[Record]:
    """Every course of the catalog, city by city, then the online ones."""
    courses: list[Record] = []
    for state in pools.STATES:
        for n, (city, _prefix, zone) in enumerate(pools.CITIES[state], start=1):
            rng = derive_rng(seed, "catalog", state, n)
            courses += _city_courses(rng, f"TC-{state}{n}", state, city, zone, today)
    courses += _online_courses(derive_rng(seed, "catalog", "online"), today)
    return courses


def _venue(rng: random.Random, name: str, city: str, state: str) -> Record:
    lat, lon = pools.CITY_COORDINATES[city]
    return {
        "venue": name,
        "city": city,
        "state": state,
        "latitude": round(lat + rng.uniform(-0.05, 0.05), 5),
        "longitude": round(lon + rng.uniform(-0.05, 0.05), 5),
        "school_id": None,
    }


def _city_courses(
    rng: random.Random, prefix: str, state: str, city: str, zone: str, today: date
) -> list[Record]:
    training_site = _venue(rng, f"{city} Safety Training Center", city, state)
    chapter = _venue(rng, f"American Red Cross {city} Chapter", city, state)
    college = _venue(rng, f"{city} Community College, Early Childhood Education", city, state)
    courses = [
        _course(
            f"{prefix}-01",
            "American Heart Association",
            "Heartsaver Pediatric First Aid CPR AED",
            "pediatric_first_aid_cpr",
            "Health, Safety and Nutrition",
            AHA_KINDS,
            7.0,
            "in_person",
            training_site,
            _sessions(rng, f"{prefix}-01", DAY_CLASS, zone, today, seats=(8, 10, 12)),
        ),
        _course(
            f"{prefix}-02",
            "American Heart Association",
            "Heartsaver Pediatric First Aid CPR AED (blended: online part + skills session)",
            "pediatric_first_aid_cpr",
            "Health, Safety and Nutrition",
            AHA_KINDS,
            5.0,
            "blended",
            training_site,
            _sessions(rng, f"{prefix}-02", SKILLS_SESSION, zone, today, seats=(6, 8)),
        ),
        _course(
            f"{prefix}-03",
            "American Red Cross",
            "Adult and Pediatric First Aid/CPR/AED",
            "pediatric_first_aid_cpr",
            "Health, Safety and Nutrition",
            RED_CROSS_KINDS,
            5.5,
            "in_person" if rng.random() < 0.5 else "blended",
            chapter,
            _sessions(rng, f"{prefix}-03", [*DAY_CLASS, SKILLS_SESSION[0]], zone, today, seats=(10, 12)),
        ),
    ]
    for k, (category, title) in enumerate(rng.sample(pools.TRAINING_TOPICS, 2), start=4):
        courses.append(
            _course(
                f"{prefix}-{k:02d}",
                f"{city} Community College",
                title,
                TOPIC_SLUGS[category],
                category,
                [],
                3.0,
                "in_person",
                college,
                _sessions(rng, f"{prefix}-{k:02d}", EVENING, zone, today, seats=(16, 20, 24)),
            )
        )
    return courses


def _online_courses(rng: random.Random, today: date) -> list[Record]:
    zone = "America/Chicago"
    return [
        _course(
            "TC-ONL-01",
            "Texas A&M AgriLife Extension",
            "Texas annual child care training (24 clock hours, online)",
            "state_annual_training",
            "Child Growth and Development",
            ["state_training_hours"],
            24.0,
            "online",
            None,
            _windows(rng, "TC-ONL-01", zone, today, seats=500),
        ),
        _course(
            "TC-ONL-02",
            "Child Welfare Training Institute",
            "Recognizing and reporting child abuse (mandated reporter, online)",
            "child_maltreatment",
            "Child Maltreatment",
            [],
            2.0,
            "online",
            None,
            _windows(rng, "TC-ONL-02", zone, today, seats=300),
        ),
        _course(
            "TC-ONL-03",
            "Child Welfare Training Institute",
            "Safe sleep practices for infants (online)",
            "health_safety_nutrition",
            "Health, Safety and Nutrition",
            [],
            1.0,
            "online",
            None,
            _windows(rng, "TC-ONL-03", zone, today, seats=300),
        ),
        _course(
            "TC-ONL-04",
            "Early Learning Webinars",
            "Positive guidance strategies (live webinar)",
            "guidance_discipline",
            "Guidance and Discipline",
            [],
            1.5,
            "online",
            None,
            _sessions(rng, "TC-ONL-04", WEBINAR, zone, today, seats=(50, 100)),
        ),
        _course(
            "TC-ONL-05",
            "QuickCert Online",
            "Pediatric CPR and First Aid online certification (video only, no skills check)",
            "pediatric_first_aid_cpr",
            "Health, Safety and Nutrition",
            [*AHA_KINDS, *RED_CROSS_KINDS],
            2.0,
            "online",
            None,
            _windows(rng, "TC-ONL-05", zone, today, seats=1000),
            approved=False,
        ),
    ]


def _course(
    course_id: str,
    provider: str,
    title: str,
    topic: str,
    category: str,
    renews: list[str],
    hours: float,
    format_: str,
    location: Record | None,
    sessions: list[Record],
    *,
    approved: bool = True,
) -> Record:
    return {
        "course_id": course_id,
        "provider": provider,
        "title": title,
        "topic": topic,
        "category": category,
        "renews": list(renews),
        "hours": hours,
        "format": format_,
        "approved": approved,
        "location": location,
        "sessions": sessions,
    }


def _seats(rng: random.Random, total: int) -> int:
    return total if rng.random() < FULL_SHARE else rng.randint(0, total - 1)


def _sessions(
    rng: random.Random,
    course_id: str,
    slots: list[tuple[str, int, int]],
    zone: str,
    today: date,
    *,
    seats: tuple[int, ...],
) -> list[Record]:
    """Class dates every one to two weeks from two weeks back, each on a slot drawn from `slots`."""
    out: list[Record] = []
    day = today - timedelta(days=DAYS_BACK - rng.randint(0, 6))
    while day <= today + timedelta(days=DAYS_AHEAD):
        rule, start, end = rng.choice(slots)
        on = day
        while (on.weekday() == 5) != (rule == "saturday") or on.weekday() == 6:
            on += timedelta(days=1)
        total = rng.choice(seats)
        out.append(
            {
                "session_id": f"{course_id}-{len(out) + 1:02d}",
                "starts_on": on.isoformat(),
                "ends_on": on.isoformat(),
                "start_minutes": start,
                "end_minutes": end,
                "timezone": zone,
                "self_paced": False,
                "seats_total": total,
                "seats_taken": _seats(rng, total),
            }
        )
        day = on + timedelta(days=rng.choice((7, 10, 14)))
    return out


def _windows(rng: random.Random, course_id: str, zone: str, today: date, *, seats: int) -> list[Record]:
    """Monthly enrolment windows of a self-paced course (30 days each, never full in practice)."""
    first = today.replace(day=1) - timedelta(days=1)
    first = first.replace(day=1)
    out: list[Record] = []
    for k in range(6):
        month = (first.month - 1 + k) % 12 + 1
        starts = date(first.year + (first.month - 1 + k) // 12, month, 1)
        out.append(
            {
                "session_id": f"{course_id}-{k + 1:02d}",
                "starts_on": starts.isoformat(),
                "ends_on": (starts + timedelta(days=29)).isoformat(),
                "start_minutes": None,
                "end_minutes": None,
                "timezone": zone,
                "self_paced": True,
                "seats_total": seats,
                "seats_taken": rng.randint(0, seats // 4),
            }
        )
    return out
