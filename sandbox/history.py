"""Lazy stages of a generated center's history: training records, performance reviews and incidents."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sandbox import pools
from sandbox.center_data import CenterData, Record, add_years, local_iso


def training(center: CenterData, rng: random.Random, today: date) -> None:
    """Two to seven completed trainings per employee over the last 400 days (or since hire)."""
    for emp in center.employees:
        _training(center, rng, emp, today)


def reviews(center: CenterData, rng: random.Random, today: date) -> None:
    """Each current employee's review of the first work anniversary not more than 90 days past."""
    for emp in center.employees:
        _reviews(center, rng, emp, today)


def _training(center: CenterData, rng: random.Random, emp: Record, today: date) -> None:
    hired = date.fromisoformat(emp["hire_date"])
    span = max(1, min(400, (today - hired).days))
    for n in range(1, rng.randint(2, 7) + 1):
        category, title = rng.choice(pools.TRAINING_TOPICS)
        center.rows_of["training_records"].append(
            {
                "training_id": f"{emp['employee_id']}-TR{n}",
                "employee_id": emp["employee_id"],
                "school_id": emp["school_id"],
                "title": title,
                "category": category,
                "delivery": "instructor_led" if rng.random() < 0.6 else "self_study",
                "hours": rng.choice((0.5, 1.0, 1.5, 2.0, 2.0, 3.0, 4.0, 6.0)),
                "completed_on": (today - timedelta(days=rng.randint(0, span))).isoformat(),
            }
        )


def _reviews(center: CenterData, rng: random.Random, emp: Record, today: date) -> None:
    if emp["employment_status"] == "terminated":
        return
    hired = date.fromisoformat(emp["hire_date"])
    director = center.employees[0]["employee_id"]
    reviewer = None if emp["employee_id"] == director else director
    years = 1
    while add_years(hired, years) < today - timedelta(days=90):
        years += 1
    due = add_years(hired, years)  # the first anniversary not more than 90 days past
    if due < today:
        status = "completed" if rng.random() < 0.45 else "overdue"
    elif (due - today).days <= 30 and rng.random() < 0.35:
        status = "in_progress"
    else:
        status = "scheduled"
    form = (
        {
            "overall": rng.choice(pools.REVIEW_RATINGS),
            "goals": "Complete 10 hours of curriculum training.",
        }
        if status == "completed"
        else {}
    )
    center.rows_of["performance_reviews"].append(
        {
            "review_id": f"{emp['employee_id']}-RV{due.year}",
            "employee_id": emp["employee_id"],
            "school_id": emp["school_id"],
            "due_on": due.isoformat(),
            "status": status,
            "reviewer_employee_id": reviewer,
            "form": form,
        }
    )


def incidents(center: CenterData, rng: random.Random, today: date) -> None:
    """One to four incidents of the last 30 weekdays, in rooms and with staff and children of the center."""
    sid = center.school["school_id"]
    for n in range(1, rng.randint(1, 4) + 1):
        day = today - timedelta(days=rng.randint(1, 30))
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        room = rng.choice(center.classrooms)
        kind, severity, text = rng.choice(pools.INCIDENT_KINDS)
        staff = [e["employee_id"] for e in center.employees if room["classroom_id"] in e["classroom_ids"]]
        kids = [c[0] for c in center.children[room["classroom_id"]]]
        minutes = rng.randint(center.school["open_minutes"] + 60, center.school["close_minutes"] - 60)
        center.rows_of["incidents"].append(
            {
                "incident_id": f"{sid}-I{n:03d}",
                "school_id": sid,
                "classroom_id": room["classroom_id"],
                "occurred_at": local_iso(day, minutes, center.zone),
                "kind": kind,
                "severity": severity,
                "description": text,
                "staff_ids": rng.sample(staff, min(len(staff), 2)),
                "child_ids": [] if kind == "property" else rng.sample(kids, 1),
            }
        )
