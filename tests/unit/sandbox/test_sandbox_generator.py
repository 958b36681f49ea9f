"""The generator: deterministic, lazy, realistic (credential windows, punch anomalies, shared people)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter

from sandbox.center_data import credential_expiry
from sandbox.generator import SandboxData
from sandbox.schedule import build_day
from tools import models

TODAY = date(2026, 11, 4)


def data(seed: int = 3, centers: int = 10, staff: int = 20) -> SandboxData:
    return SandboxData(seed=seed, centers=centers, staff_per_center=staff, today=TODAY)


def week_days(d: SandboxData, index: int) -> list:
    monday = TODAY - timedelta(days=TODAY.weekday() + 7)
    return [build_day(d.seed, d.center(index), monday + timedelta(days=n), TODAY) for n in range(5)]


def test_same_seed_same_data_and_other_seed_differs() -> None:
    one, two, other = data(), data(), data(seed=4)
    assert one.center(4).employees == two.center(4).employees
    assert one.center(4).credentials == two.center(4).credentials
    assert week_days(one, 2)[0].punches == week_days(two, 2)[0].punches
    assert one.center(4).employees != other.center(4).employees


def test_building_a_center_does_not_depend_on_others_or_order() -> None:
    fresh, walked = data(), data()
    for index in range(10):
        walked.center(index)
    assert fresh.center(7).employees == walked.center(7).employees


def test_nothing_is_built_up_front_and_the_cache_is_bounded() -> None:
    big = SandboxData(seed=1, centers=5000, staff_per_center=20, today=TODAY, cache_size=8)
    assert big.center.cache_info().currsize == 0
    for index in range(0, 5000, 250):
        big.center(index)
    assert big.center.cache_info().currsize == 8
    assert big.center(4999).school["school_id"] == "S5000"


def test_records_validate_against_the_models() -> None:
    d = data(centers=5)
    for index in range(5):
        c = d.center(index)
        models.School.model_validate(c.school)
        TypeAdapter(list[models.Employee]).validate_python(c.employees)
        TypeAdapter(list[models.Credential]).validate_python(c.credentials)
        TypeAdapter(list[models.TrainingRecord]).validate_python(c.training_records)
        TypeAdapter(list[models.Classroom]).validate_python(c.classrooms)
        TypeAdapter(list[models.PerformanceReview]).validate_python(c.performance_reviews)
        TypeAdapter(list[models.Incident]).validate_python(c.incidents)
        TypeAdapter(list[models.Document]).validate_python(c.documents)
        for day in week_days(d, index):
            TypeAdapter(list[models.Shift]).validate_python(day.shifts)
            TypeAdapter(list[models.TimePunch]).validate_python(day.punches)
            for rows in day.attendance.values():
                TypeAdapter(list[models.ChildAttendance]).validate_python(rows)


def test_schools_cycle_states_with_real_zones_and_opening_hours() -> None:
    d = data()
    schools = [d.center(i).school for i in range(10)]
    assert [s["state"] for s in schools] == ["CA", "TX", "NY", "FL", "IL"] * 2
    for s in schools:
        ZoneInfo(s["timezone"])
        assert 360 <= s["open_minutes"] <= 420 and 1080 <= s["close_minutes"] <= 1140
    assert len({s["school_id"] for s in schools}) == 10


def test_staff_positions_pii_and_ids() -> None:
    c = data().center(0)
    positions = Counter(e["position"] for e in c.employees)
    assert positions["Director"] == 1 and positions["Cook"] == 1
    assert positions["Lead Teacher"] == len(c.classrooms)
    assert positions["Assistant Teacher"] >= 1 and positions["Floater"] >= 1
    assert [e["employee_id"] for e in c.employees][:2] == ["S0001-E001", "S0001-E002"]
    for e in c.employees:
        assert e["ssn"] and e["birth_date"] and e["home_address"]["postal_code"]
    assert any(not e["bio"] for e in c.employees) or len(c.employees) < 8


def test_some_people_work_at_two_locations() -> None:
    d = data(centers=20)
    people: dict[str, set[str]] = {}
    for index in range(20):
        for e in d.center(index).employees:
            people.setdefault(e["person_id"], set()).add(e["school_id"])
    shared = [p for p, schools in people.items() if len(schools) == 2]
    assert shared, "expected a few staff shared by two neighbouring centers"
    assert len(shared) < 20


def test_credentials_cover_expired_and_each_renewal_window() -> None:
    d = data(centers=5)
    left = [
        (date.fromisoformat(c["expires_on"]) - TODAY).days for i in range(5) for c in d.center(i).credentials
    ]
    assert any(n < 0 for n in left)
    assert any(0 <= n <= 30 for n in left)
    assert any(30 < n <= 60 for n in left)
    assert any(60 < n <= 90 for n in left)
    assert sum(n > 90 for n in left) > len(left) / 2
    statuses = Counter(c["status"] for i in range(5) for c in d.center(i).credentials)
    assert statuses["expired"] and statuses["valid"] and statuses["renewal_initiated"]
    for c in d.center(0).credentials:
        assert c["expires_on"] == credential_expiry(c["kind"], date.fromisoformat(c["issued_on"])).isoformat()


def test_aha_cards_run_through_the_end_of_the_month() -> None:
    assert credential_expiry("pediatric_cpr_aha", date(2025, 3, 6)) == date(2027, 3, 31)
    assert credential_expiry("first_aid_red_cross", date(2025, 3, 6)) == date(2027, 3, 6)
    assert credential_expiry("background_check", date(2024, 2, 29)) == date(2029, 2, 28)


def test_training_has_both_delivery_modes_and_categories() -> None:
    rows = [r for i in range(3) for r in data().center(i).training_records]
    assert {r["delivery"] for r in rows} == {"instructor_led", "self_study"}
    assert len({r["category"] for r in rows}) >= 5


def test_classroom_ratios_follow_the_state() -> None:
    d = data()
    ca, tx = d.center(0), d.center(1)
    assert next(r for r in ca.classrooms if r["age_group"] == "infant")["ratio"] == 4
    assert next(r for r in tx.classrooms if r["age_group"] == "toddler")["max_children"] == 18
    for room in ca.classrooms:
        assert 2 <= len(ca.children[room["classroom_id"]]) <= room["max_children"]


def test_punches_carry_realistic_anomalies() -> None:
    d = data(centers=10)
    early = missing_out = no_meal = overtime = same_minute = 0
    for index in range(10):
        for day in week_days(d, index):
            shifts = {s["employee_id"]: s for s in day.shifts}
            by_emp: dict[str, list[dict]] = {}
            for p in day.punches:
                by_emp.setdefault(p["employee_id"], []).append(p)
            for emp, punches in by_emp.items():
                shift = shifts[emp]
                kinds = [p["kind"] for p in punches]
                minutes = [_minutes(p["punched_at"]) for p in punches]
                early += minutes[0] <= shift["start_minutes"] - 10
                missing_out += "out" not in kinds
                no_meal += shift["end_minutes"] - shift["start_minutes"] > 330 and "break_start" not in kinds
                overtime += "out" in kinds and minutes[kinds.index("out")] >= shift["end_minutes"] + 60
            stamps = Counter((p["device_id"], p["punched_at"]) for p in day.punches if p["kind"] == "in")
            same_minute += sum(1 for n in stamps.values() if n > 1)
    assert early and missing_out and no_meal and overtime and same_minute


def test_today_has_clock_ins_only_and_children_still_in() -> None:
    d = data()
    day = build_day(d.seed, d.center(0), TODAY, TODAY)
    assert day.punches and {p["kind"] for p in day.punches} == {"in"}
    rows = [r for rows in day.attendance.values() for r in rows]
    assert any(r["check_in_minutes"] is not None for r in rows)
    assert all(r["check_out_minutes"] is None for r in rows)
    weekend = build_day(d.seed, d.center(0), date(2026, 11, 7), TODAY)
    assert not weekend.shifts and not weekend.punches


def _minutes(stamp: str) -> int:
    moment = datetime.fromisoformat(stamp)
    return moment.hour * 60 + moment.minute


def test_listing_staff_does_not_build_paperwork() -> None:
    d = data()
    center = d.center(3)
    assert center.employees and "credentials" not in center.rows_of
    assert center.credentials and "credentials" in center.rows_of
    assert "training_records" not in center.rows_of
    assert center.lookup("credentials", center.credentials[0]["credential_id"]) == center.credentials[0]
