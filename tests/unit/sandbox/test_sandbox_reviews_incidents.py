"""The review and incident surface of the sandbox: calendars that never double-book, leave and
observation lists, review forms that close once completed, incident routing and parent messages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

from sandbox.runtime import SandboxRuntime
from tests.unit.sandbox.conftest import HEADERS, TODAY
from tools import models

LA = ZoneInfo("America/Los_Angeles")


def _day(n: int) -> date:
    return TODAY + timedelta(days=n)


def test_generated_calendars_are_deterministic_and_bounded(client: TestClient) -> None:
    start = datetime(2026, 11, 4, 0, 0, tzinfo=LA)
    params = {"start": start.isoformat(), "end": (start + timedelta(days=7)).isoformat()}
    first = client.get("/v1/calendars/S0001-E001/busy", params=params, headers=HEADERS)
    assert first.status_code == 200, first.text
    assert first.json() == client.get("/v1/calendars/S0001-E001/busy", params=params, headers=HEADERS).json()
    events = [models.BusyInterval.model_validate(e) for e in first.json()["data"]]
    assert events and all(
        9 <= e.start.astimezone(LA).hour < 17 and e.start.astimezone(LA).weekday() < 5 for e in events
    )
    too_long = {"start": start.isoformat(), "end": (start + timedelta(days=40)).isoformat()}
    assert client.get("/v1/calendars/S0001-E001/busy", params=too_long, headers=HEADERS).status_code == 422
    naive = {"start": "2026-11-04T09:00:00", "end": "2026-11-05T09:00:00"}
    assert client.get("/v1/calendars/S0001-E001/busy", params=naive, headers=HEADERS).status_code == 422


def test_a_booking_blocks_both_calendars_and_a_second_one_at_that_time_is_refused(
    client: TestClient, runtime: SandboxRuntime
) -> None:
    runtime.state.hide_generated("S0001", "calendar_events")
    start = datetime(2026, 11, 5, 10, 0, tzinfo=LA)
    body = {
        "school_id": "S0001",
        "title": "Performance review",
        "start": start.isoformat(),
        "end": (start + timedelta(hours=1)).isoformat(),
        "attendee_employee_ids": ["S0001-E001", "S0001-E002"],
    }
    made = client.post("/v1/calendar-bookings", json=body, headers={**HEADERS, "Idempotency-Key": "b-1"})
    assert made.status_code == 201, made.text
    replay = client.post("/v1/calendar-bookings", json=body, headers={**HEADERS, "Idempotency-Key": "b-1"})
    assert replay.json() == made.json() and len(runtime.state.effects_for(kind="calendar_bookings")) == 1
    overlapping = {
        **body,
        "start": (start + timedelta(minutes=30)).isoformat(),
        "end": (start + timedelta(minutes=90)).isoformat(),
    }
    clash = client.post(
        "/v1/calendar-bookings", json=overlapping, headers={**HEADERS, "Idempotency-Key": "b-2"}
    )
    assert clash.status_code == 409 and "busy" in clash.json()["message"]
    busy = client.get(
        "/v1/calendars/S0001-E002/busy",
        params={"start": start.isoformat(), "end": (start + timedelta(hours=2)).isoformat()},
        headers=HEADERS,
    ).json()["data"]
    assert [b["source"] for b in busy] == ["booking"]
    stranger = {
        **body,
        "start": (start + timedelta(hours=3)).isoformat(),
        "end": (start + timedelta(hours=4)).isoformat(),
        "attendee_employee_ids": ["S0002-E001"],
    }
    assert client.post("/v1/calendar-bookings", json=stranger, headers=HEADERS).status_code == 422


def test_a_review_form_is_prefilled_and_closed_once_completed(
    client: TestClient, runtime: SandboxRuntime
) -> None:
    reviews = client.get("/v1/performance-reviews", params={"school_id": "S0001"}, headers=HEADERS).json()[
        "data"
    ]
    open_one = next(r for r in reviews if r["status"] != "completed")
    done_one = next((r for r in reviews if r["status"] == "completed"), None)
    path = f"/v1/performance-reviews/{open_one['review_id']}"
    patched = client.patch(
        path, json={"form": {"agenda": "- Training: 2 h [training_record:T1]"}}, headers=HEADERS
    )
    assert patched.status_code == 200, patched.text
    assert client.get(path, headers=HEADERS).json()["form"]["agenda"].startswith("- Training")
    assert client.patch(path, json={"form": {}}, headers=HEADERS).status_code == 422
    assert client.patch(path, json={"status": "completed"}, headers=HEADERS).status_code == 422
    if done_one is not None:
        closed = client.patch(
            f"/v1/performance-reviews/{done_one['review_id']}", json={"form": {"x": "y"}}, headers=HEADERS
        )
        assert closed.status_code == 409


def test_leaves_and_observations_are_listed_per_employee(client: TestClient) -> None:
    leaves = client.get("/v1/leaves", params={"school_id": "S0001"}, headers=HEADERS).json()["data"]
    observations = client.get("/v1/observations", params={"school_id": "S0001"}, headers=HEADERS).json()[
        "data"
    ]
    assert observations and all(models.Observation.model_validate(o) for o in observations)
    assert all(date.fromisoformat(x["start"]) <= date.fromisoformat(x["end"]) for x in leaves)
    someone = observations[0]["employee_id"]
    mine = client.get("/v1/observations", params={"employee_id": someone}, headers=HEADERS).json()["data"]
    assert mine and {o["employee_id"] for o in mine} == {someone}


def test_incident_routing_and_parent_messages_check_their_targets(
    client: TestClient, runtime: SandboxRuntime
) -> None:
    incident = client.get("/v1/incidents", params={"school_id": "S0001"}, headers=HEADERS).json()["data"][0]
    path = f"/v1/incidents/{incident['incident_id']}/routing"
    good = {
        "category": "injury",
        "severity": "low",
        "routed_to": [{"role": "director", "employee_id": "S0001-E001"}, {"role": "hr", "employee_id": None}],
    }
    made = client.post(path, json=good, headers={**HEADERS, "Idempotency-Key": "r-1"})
    assert made.status_code == 201, made.text
    assert made.json()["routing_id"]
    nobody = {**good, "routed_to": [{"role": "room_lead", "employee_id": None}]}
    assert client.post(path, json=nobody, headers=HEADERS).status_code == 422
    elsewhere = {**good, "routed_to": [{"role": "director", "employee_id": "S0002-E001"}]}
    assert client.post(path, json=elsewhere, headers=HEADERS).status_code == 422
    message = {
        "school_id": "S0001",
        "incident_id": incident["incident_id"],
        "subject": "About today",
        "body": "Dear family",
    }
    child = incident["child_ids"][0] if incident["child_ids"] else None
    if child is not None:
        sent = client.post("/v1/parent-messages", json={**message, "child_id": child}, headers=HEADERS)
        assert sent.status_code == 201, sent.text
    other = client.post("/v1/parent-messages", json={**message, "child_id": "not-in-it"}, headers=HEADERS)
    assert other.status_code == 422 and "not involved" in other.json()["message"]
