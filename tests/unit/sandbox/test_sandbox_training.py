"""The sandbox's training catalog and training plans: filters, seats, and who may be assigned what.

The typed client reads and writes through the app itself (httpx's ASGI transport), so the surface's models
and the routes are checked together.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from policies.training_courses import NEAR_KM, distance_km
from sandbox.config import DEV_API_KEY
from sandbox.runtime import SandboxRuntime
from tools.client import ProcareClient
from tools.errors import ProcareConflict
from tools.models import TrainingAssignmentCreate, TrainingCourse

from .conftest import HEADERS, SCOPED_KEY, TODAY


def _courses(client: TestClient, **params: Any) -> list[TrainingCourse]:
    body = client.get("/v1/training-courses", params={"limit": 500, **params}, headers=HEADERS)
    assert body.status_code == 200, body.text
    return [TrainingCourse.model_validate(c) for c in body.json()["data"]]


def _assign(
    client: TestClient,
    employee_id: str,
    body: Mapping[str, object],
    key: str = "k1",
    api_key: str = DEV_API_KEY,
) -> Any:
    headers = {"X-API-Key": api_key, "Idempotency-Key": key}
    return client.post(f"/v1/employees/{employee_id}/training-plan", json=body, headers=headers)


def _staff(client: TestClient, school_id: str = "S0001") -> list[dict[str, Any]]:
    rows = client.get("/v1/employees", params={"school_id": school_id}, headers=HEADERS).json()["data"]
    return [e for e in rows if e["employment_status"] == "active"]


def _open_session(client: TestClient, *, full: bool = False, **params: Any) -> tuple[TrainingCourse, Any]:
    """An approved course near S0001 with an upcoming session that has (or has no) seat left."""
    for course in _courses(client, near_school_id="S0001", approved="true", **params):
        for session in course.sessions:
            upcoming = session.starts_on > TODAY and not session.self_paced
            if upcoming and (session.seats_left == 0) == full:
                return course, session
    raise AssertionError("the generated catalog has no such session")


def test_the_catalog_is_the_same_for_the_same_seed_and_day(client: TestClient) -> None:
    first = client.get("/v1/training-courses", params={"limit": 500}, headers=HEADERS).json()
    again = client.get("/v1/training-courses", params={"limit": 500}, headers=HEADERS).json()
    assert first == again and len(first["data"]) > 50
    formats = {c["format"] for c in first["data"]}
    assert formats == {"in_person", "online", "blended"}
    assert any(not c["approved"] for c in first["data"]) and any(c["approved"] for c in first["data"])


def test_filters_by_kind_topic_and_approval(client: TestClient) -> None:
    renew = _courses(client, kind="pediatric_cpr_aha")
    assert renew and all("pediatric_cpr_aha" in c.renews for c in renew)
    assert {c.provider for c in _courses(client, kind="pediatric_cpr_aha", approved="true")} == {
        "American Heart Association"
    }
    topic = _courses(client, topic="child_maltreatment")
    assert topic and all(c.topic == "child_maltreatment" for c in topic)
    assert all(not c.approved for c in _courses(client, approved="false"))


def test_near_a_center_keeps_venues_within_the_limit_and_online_courses(client: TestClient) -> None:
    school = client.get("/v1/schools/S0001", headers=HEADERS).json()
    everything = _courses(client)
    near = _courses(client, near_school_id="S0001")
    assert 0 < len(near) < len(everything)
    for course in near:
        if course.location is None:
            assert course.format == "online"
            continue
        far = distance_km(
            school["latitude"], school["longitude"], course.location.latitude, course.location.longitude
        )
        assert far <= NEAR_KM
    wider = _courses(client, near_school_id="S0001", within_km=5000)
    assert len(wider) == len(everything)


def test_a_date_range_keeps_only_the_sessions_in_it(client: TestClient) -> None:
    start, end = TODAY + timedelta(days=10), TODAY + timedelta(days=24)
    courses = _courses(client, start=start.isoformat(), end=end.isoformat())
    assert courses
    for course in courses:
        assert course.sessions
        assert all(s.ends_on >= start and s.starts_on <= end for s in course.sessions)
    bad = client.get(
        "/v1/training-courses", params={"start": "2026-12-01", "end": "2026-11-01"}, headers=HEADERS
    )
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_request"


def test_the_near_filter_respects_the_keys_scope(client: TestClient) -> None:
    answer = client.get(
        "/v1/training-courses",
        params={"near_school_id": "S0002"},
        headers={"X-API-Key": SCOPED_KEY},
    )
    assert answer.status_code == 403


def test_an_assignment_lands_once_per_key_and_takes_a_seat(
    client: TestClient, runtime: SandboxRuntime
) -> None:
    course, session = _open_session(client)
    person = _staff(client)[3]["employee_id"]
    body = {"school_id": "S0001", "course_id": course.course_id, "session_id": session.session_id}
    first, again = _assign(client, person, body), _assign(client, person, body)
    assert first.status_code == 201 and again.content == first.content
    assert len(runtime.state.effects_for(kind="training_assignments")) == 1
    plan = client.get(f"/v1/employees/{person}/training-plan", headers=HEADERS).json()["data"]
    assert [(a["session_id"], a["status"]) for a in plan] == [(session.session_id, "assigned")]
    after = TrainingCourse.model_validate(
        client.get(f"/v1/training-courses/{course.course_id}", headers=HEADERS).json()
    )
    (now,) = [s for s in after.sessions if s.session_id == session.session_id]
    assert now.seats_taken == session.seats_taken + 1
    twice = _assign(client, person, body, key="k2")
    assert twice.status_code == 409


def test_a_full_session_is_refused_and_the_last_seat_goes_once(
    client: TestClient, runtime: SandboxRuntime
) -> None:
    course, full = _open_session(client, full=True)
    staff = _staff(client)
    refused = _assign(
        client,
        staff[2]["employee_id"],
        {"school_id": "S0001", "course_id": course.course_id, "session_id": full.session_id},
    )
    assert refused.status_code == 409 and "full" in refused.json()["message"]
    course, session = _open_session(client)
    runtime.state.set_seats_taken(session.session_id, session.seats_total - 1)
    body = {"school_id": "S0001", "course_id": course.course_id, "session_id": session.session_id}
    assert _assign(client, staff[2]["employee_id"], body, key="a").status_code == 201
    assert _assign(client, staff[3]["employee_id"], body, key="b").status_code == 409
    assert len(runtime.state.effects_for(kind="training_assignments")) == 1


def test_an_assignment_names_an_employee_of_that_school_and_an_open_approved_session(
    client: TestClient,
) -> None:
    course, session = _open_session(client)
    good = {"school_id": "S0001", "course_id": course.course_id, "session_id": session.session_id}
    other = _staff(client, "S0002")[2]["employee_id"]
    wrong_school = _assign(client, other, good)
    assert (
        wrong_school.status_code == 422 and wrong_school.json()["details"][0]["field"] == "path.employee_id"
    )
    person = _staff(client)[2]["employee_id"]
    out_of_scope = _assign(client, other, {**good, "school_id": "S0002"}, api_key=SCOPED_KEY)
    assert out_of_scope.status_code == 403
    unapproved = next(c for c in _courses(client, approved="false"))
    refused = _assign(
        client,
        person,
        {
            "school_id": "S0001",
            "course_id": unapproved.course_id,
            "session_id": unapproved.sessions[0].session_id,
        },
    )
    assert refused.status_code == 422 and "not approved" in refused.json()["message"]
    not_its_session = _assign(client, person, {**good, "session_id": "TC-XX-01-01"})
    assert not_its_session.status_code == 422
    earlier = _courses(client, approved="true", start=(TODAY - timedelta(days=14)).isoformat())
    past_course, past = next(
        (c, s) for c in earlier for s in c.sessions if s.starts_on < TODAY and not s.self_paced
    )
    started = _assign(
        client, person, {**good, "course_id": past_course.course_id, "session_id": past.session_id}
    )
    assert started.status_code == 409 and "already" in started.json()["message"]
    stranger_card = _assign(client, person, {**good, "credential_id": f"{other}-CR1"})
    assert stranger_card.status_code == 422


@pytest.fixture
def asgi_client(client: TestClient) -> ProcareClient:
    transport = httpx.ASGITransport(app=client.app)
    return ProcareClient(base_url="http://sandbox", api_key=DEV_API_KEY, transport=transport, max_retries=0)


async def test_the_client_reads_the_catalog_and_assigns_through_the_surface(
    client: TestClient, asgi_client: ProcareClient
) -> None:
    course, session = _open_session(client)
    person = _staff(client)[4]["employee_id"]
    async with asgi_client as procare:
        near = [c async for c in procare.iter_training_courses(near_school_id="S0001", kind=course.renews[0])]
        assert course.course_id in {c.course_id for c in near}
        made = await procare.assign_training(
            person,
            TrainingAssignmentCreate(
                school_id="S0001", course_id=course.course_id, session_id=session.session_id
            ),
            idempotency_key="client-1",
        )
        plan = [a async for a in procare.iter_training_plan(person)]
        assert [a.assignment_id for a in plan] == [made.assignment_id]
        fetched = await procare.get_training_course(course.course_id)
        assert fetched.course_id == course.course_id
        full_course, full = _open_session(client, full=True)
        with pytest.raises(ProcareConflict):
            await procare.assign_training(
                person,
                TrainingAssignmentCreate(
                    school_id="S0001", course_id=full_course.course_id, session_id=full.session_id
                ),
                idempotency_key="client-2",
            )
