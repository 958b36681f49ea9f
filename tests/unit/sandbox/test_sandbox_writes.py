"""Writes: validation, scope, idempotency (one effect per key, 409 on a reused key) and scenario injection."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from sandbox.config import DEV_API_KEY
from sandbox.runtime import SandboxRuntime
from tools import models

HEADERS = {"X-API-Key": DEV_API_KEY}
SCOPED = {"X-API-Key": "scoped-key"}  # conftest scopes it to S0001

WRITES: list[tuple[str, str, dict[str, Any], dict[str, Any], int, type[models.BaseModel], str]] = [
    (
        "PATCH",
        "/v1/employees/S0001-E004",
        {"bio": "Loves art."},
        {"bio": "Loves music."},
        200,
        models.Employee,
        "employees",
    ),
    (
        "PATCH",
        "/v1/credentials/S0001-E004-CR1",
        {"status": "renewal_initiated"},
        {"status": "pending_review"},
        200,
        models.Credential,
        "credentials",
    ),
    (
        "PATCH",
        "/v1/employees/S0001-E004/payroll",
        {
            "pay_period_start": "2026-10-26",
            "adjustments": [
                {"date": "2026-10-27", "pay_code": "MEAL_PREMIUM", "hours": 1.0, "reason": "missed meal"}
            ],
        },
        {
            "pay_period_start": "2026-10-26",
            "adjustments": [{"date": "2026-10-28", "pay_code": "OT", "hours": 0.5, "reason": "overtime"}],
        },
        200,
        models.PayrollRecord,
        "payroll",
    ),
    (
        "POST",
        "/v1/tasks",
        {"school_id": "S0001", "title": "Renew CPR", "assignee_employee_id": "S0001-E001"},
        {"school_id": "S0001", "title": "Renew First Aid"},
        201,
        models.Task,
        "tasks",
    ),
    (
        "POST",
        "/v1/messages",
        {"school_id": "S0001", "to_employee_id": "S0001-E004", "subject": "CPR", "body": "Renew"},
        {"school_id": "S0001", "to_employee_id": "S0001-E005", "subject": "CPR", "body": "Renew"},
        201,
        models.Message,
        "messages",
    ),
    (
        "POST",
        "/v1/classrooms/S0001-R01/staff-moves",
        {"employee_id": "S0001-E004", "date": "2026-11-04", "start_minutes": 600, "end_minutes": 660},
        {"employee_id": "S0001-E004", "date": "2026-11-04", "start_minutes": 600, "end_minutes": 690},
        201,
        models.StaffMoveRecord,
        "staff_moves",
    ),
    (
        "POST",
        "/v1/employees/S0001-E004/notes",
        {"text": "Credential status updated via AI audit on 2026-11-04 (approved by maria, thread t1)"},
        {"text": "Payroll hours corrected via AI payroll validation on 2026-11-04 (approved by maria)"},
        201,
        models.StaffNote,
        "staff_notes",
    ),
]


def write(client: TestClient, method: str, path: str, body: dict[str, Any], key: str | None = None) -> Any:
    headers = dict(HEADERS, **({"Idempotency-Key": key} if key else {}))
    return client.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize(("method", "path", "body", "other", "status", "model", "kind"), WRITES)
def test_idempotent_write_replays_and_has_one_effect(
    client: TestClient,
    runtime: SandboxRuntime,
    method: str,
    path: str,
    body: dict[str, Any],
    other: dict[str, Any],
    status: int,
    model: type[models.BaseModel],
    kind: str,
) -> None:
    first = write(client, method, path, body, key="k-1")
    assert first.status_code == status, first.text
    model.model_validate(first.json())
    again = write(client, method, path, body, key="k-1")
    assert (again.status_code, again.content) == (first.status_code, first.content)
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert len(runtime.state.effects_for(kind=kind)) == 1

    clash = write(client, method, path, other, key="k-1")
    assert clash.status_code == 409
    assert models.ErrorBody.model_validate(clash.json()).error == "conflict"
    assert len(runtime.state.effects_for(kind=kind)) == 1

    write(client, method, path, other, key="k-2")
    write(client, method, path, other)
    assert len(runtime.state.effects_for(kind=kind)) == 3
    effects = client.get("/_sandbox/effects", params={"kind": kind}, headers=HEADERS).json()
    assert effects["count"] == 3


def test_notes_are_listed_on_their_staff_record_only_and_in_scope(client: TestClient) -> None:
    note = {"text": "Room coverage assigned via AI ratio check on 2026-11-04 (approved by maria, thread t)"}
    assert write(client, "POST", "/v1/employees/S0001-E004/notes", note, key="n-1").status_code == 201
    listed = client.get("/v1/employees/S0001-E004/notes", headers=HEADERS).json()["data"]
    assert [(n["text"], n["author"], n["school_id"]) for n in listed] == [
        (note["text"], "procare-ai", "S0001")
    ]
    assert client.get("/v1/employees/S0001-E005/notes", headers=HEADERS).json()["data"] == []
    other_center = client.post("/v1/employees/S0002-E004/notes", json=note, headers=SCOPED)
    assert other_center.status_code == 403
    blank = client.post("/v1/employees/S0001-E004/notes", json={"text": "   "}, headers=HEADERS)
    assert blank.status_code == 422
    unknown = client.post("/v1/employees/S0001-E999/notes", json=note, headers=HEADERS)
    assert unknown.status_code == 404


def test_same_body_reordered_keys_is_the_same_request(client: TestClient, runtime: SandboxRuntime) -> None:
    a = client.post(
        "/v1/tasks",
        content=b'{"school_id":"S0001","title":"A"}',
        headers=dict(HEADERS, **{"Idempotency-Key": "x", "content-type": "application/json"}),
    )
    b = client.post(
        "/v1/tasks",
        content=b'{"title": "A", "school_id": "S0001"}',
        headers=dict(HEADERS, **{"Idempotency-Key": "x", "content-type": "application/json"}),
    )
    assert a.status_code == 201 and b.content == a.content
    assert len(runtime.state.effects_for(kind="tasks")) == 1


def test_patches_are_visible_in_reads(client: TestClient) -> None:
    before = client.get("/v1/employees/S0001-E004", headers=HEADERS).json()["custom_fields"]
    assert before and "cda" not in before
    write(
        client, "PATCH", "/v1/employees/S0001-E004", {"skills": ["Spanish"], "custom_fields": {"cda": "yes"}}
    )
    employee = client.get("/v1/employees/S0001-E004", headers=HEADERS).json()
    # custom_fields is a merge patch (RFC 7396): the fields not named keep their values
    assert employee["skills"] == ["Spanish"] and employee["custom_fields"] == {**before, "cda": "yes"}
    listed = client.get("/v1/employees", params={"school_id": "S0001"}, headers=HEADERS).json()["data"]
    assert next(e for e in listed if e["employee_id"] == "S0001-E004")["skills"] == ["Spanish"]
    write(client, "PATCH", "/v1/credentials/S0001-E004-CR2", {"status": "renewal_initiated"})
    creds = client.get("/v1/credentials", params={"employee_id": "S0001-E004"}, headers=HEADERS).json()[
        "data"
    ]
    assert next(c for c in creds if c["credential_id"] == "S0001-E004-CR2")["status"] == "renewal_initiated"


def test_payroll_corrections_merge_by_date_and_pay_code(client: TestClient) -> None:
    path = "/v1/employees/S0001-E004/payroll"
    adj = {"date": "2026-10-27", "pay_code": "OT", "hours": 1.0, "reason": "late pickup"}
    write(client, "PATCH", path, {"pay_period_start": "2026-10-26", "adjustments": [adj]})
    write(client, "PATCH", path, {"pay_period_start": "2026-10-26", "adjustments": [dict(adj, hours=1.5)]})
    write(
        client, "PATCH", path, {"pay_period_start": "2026-10-26", "adjustments": [dict(adj, pay_code="MEAL")]}
    )
    page = client.get(path, params={"pay_period_start": "2026-10-26"}, headers=HEADERS).json()
    record = models.Page[models.PayrollRecord].model_validate(page).data[0]
    assert [(a.pay_code, a.hours) for a in record.adjustments] == [("MEAL", 1.0), ("OT", 1.5)]


def test_created_records_are_listed(client: TestClient) -> None:
    write(client, "POST", "/v1/tasks", {"school_id": "S0002", "title": "Schedule review", "priority": "high"})
    tasks = client.get("/v1/tasks", params={"school_id": "S0002"}, headers=HEADERS).json()["data"]
    assert [t["title"] for t in tasks] == ["Schedule review"] and tasks[0]["status"] == "open"
    write(
        client,
        "POST",
        "/v1/messages",
        {"school_id": "S0002", "to_employee_id": "S0002-E003", "subject": "Hi", "body": "Welcome"},
    )
    mine = client.get("/v1/messages", params={"to_employee_id": "S0002-E003"}, headers=HEADERS).json()["data"]
    assert len(mine) == 1 and mine[0]["to_employee_id"] == "S0002-E003"
    assert (
        client.get("/v1/messages", params={"to_employee_id": "S0002-E004"}, headers=HEADERS).json()["data"]
        == []
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [
        ("PATCH", "/v1/employees/S0001-E004", {"ssn": "000-00-0000"}, "body.ssn"),
        ("PATCH", "/v1/employees/S0001-E004", {"position": None}, "body.position"),
        ("PATCH", "/v1/employees/S0001-E004", {}, "body"),
        ("PATCH", "/v1/employees/S0001-E004", {"classroom_ids": ["S0002-R01"]}, "body.classroom_ids"),
        ("PATCH", "/v1/credentials/S0001-E004-CR1", {"status": "lost"}, "body.status"),
        ("PATCH", "/v1/credentials/S0001-E004-CR1", {"expires_on": "1999-01-01"}, "body.expires_on"),
        (
            "PATCH",
            "/v1/employees/S0001-E004/payroll",
            {
                "pay_period_start": "2026-10-26",
                "adjustments": [{"date": "2026-12-30", "pay_code": "OT", "hours": 1, "reason": "x"}],
            },
            "body.adjustments.0.date",
        ),
        ("POST", "/v1/tasks", {"school_id": "S0001"}, "body.title"),
        (
            "POST",
            "/v1/tasks",
            {"school_id": "S0001", "title": "x", "assignee_employee_id": "S0002-E001"},
            "body.assignee_employee_id",
        ),
        (
            "POST",
            "/v1/messages",
            {"school_id": "S0001", "to_employee_id": "S0001-E999", "subject": "s", "body": "b"},
            "body.to_employee_id",
        ),
        (
            "POST",
            "/v1/classrooms/S0001-R01/staff-moves",
            {"employee_id": "S0001-E004", "date": "2026-11-04", "start_minutes": 700, "end_minutes": 600},
            "body.end_minutes",
        ),
    ],
)
def test_invalid_writes_are_422_with_the_field(
    client: TestClient, runtime: SandboxRuntime, method: str, path: str, body: dict[str, Any], field: str
) -> None:
    answer = write(client, method, path, body, key="bad")
    assert answer.status_code == 422, answer.text
    error = models.ErrorBody.model_validate(answer.json())
    assert error.error == "invalid_request"
    assert error.details and any(d["field"] == field for d in error.details), error.details
    assert runtime.state.effects == []


def test_writes_check_scope_and_existence(client: TestClient, runtime: SandboxRuntime) -> None:
    assert client.patch("/v1/employees/S0002-E001", json={"bio": "x"}, headers=SCOPED).status_code == 403
    assert (
        client.post("/v1/tasks", json={"school_id": "S0002", "title": "x"}, headers=SCOPED).status_code == 403
    )
    assert client.patch("/v1/employees/S0001-E999", json={"bio": "x"}, headers=HEADERS).status_code == 404
    assert client.patch("/v1/employees/S0001-E001", json={"bio": "x"}).status_code == 401
    assert runtime.state.effects == []


def test_injected_scenario_is_served(client: TestClient, runtime: SandboxRuntime) -> None:
    state = runtime.state
    state.hide_generated("S0001", "punches", "attendance")
    state.add_punches(
        "S0001",
        [
            {
                "employee_id": "S0001-E004",
                "punched_at": "2026-11-03T07:00:00-08:00",
                "kind": "in",
                "work_area": "S0001-R01",
                "device_id": "kiosk",
            },
            models.TimePunch.model_validate(
                {
                    "punch_id": "p-2",
                    "employee_id": "S0001-E004",
                    "school_id": "S0001",
                    "punched_at": "2026-11-03T19:30:00-08:00",
                    "kind": "out",
                }
            ),
        ],
    )
    state.add_attendance(
        "S0001",
        [
            {
                "child_id": f"c{n}",
                "classroom_id": "S0001-R01",
                "date": "2026-11-03",
                "age_months": 9,
                "check_in_minutes": 420,
            }
            for n in range(5)
        ],
    )
    state.add_credentials(
        "S0001",
        [
            {
                "credential_id": "S0001-E004-CR1",
                "employee_id": "S0001-E004",
                "kind": "pediatric_cpr_aha",
                "issuer": "AHA",
                "issued_on": "2024-11-01",
                "expires_on": "2026-11-30",
                "status": "valid",
            }
        ],
    )
    punches = client.get(
        "/v1/time-punches", params={"school_id": "S0001", "start": "2026-11-01"}, headers=HEADERS
    ).json()["data"]
    assert [p["kind"] for p in punches] == ["in", "out"]
    assert punches[0]["punch_id"].startswith("S0001-XP")
    rows = client.get(
        "/v1/classrooms/S0001-R01/attendance", params={"date": "2026-11-03"}, headers=HEADERS
    ).json()
    assert [r["child_id"] for r in rows["data"]] == [f"c{n}" for n in range(5)]
    cred = client.get("/v1/credentials/S0001-E004-CR1", headers=HEADERS).json()
    assert cred["issuer"] == "AHA"
    listed = client.get("/v1/credentials", params={"employee_id": "S0001-E004"}, headers=HEADERS).json()[
        "data"
    ]
    assert [c["issuer"] for c in listed].count("AHA") == 1
    assert state.effects == []


def test_inject_over_http_validates(client: TestClient) -> None:
    ok = client.post(
        "/_sandbox/inject/shifts",
        headers=HEADERS,
        json={
            "school_id": "S0002",
            "records": [
                {"employee_id": "S0002-E003", "date": "2026-11-05", "start_minutes": 420, "end_minutes": 1080}
            ],
        },
    )
    assert ok.status_code == 201, ok.text
    shifts = client.get(
        "/v1/shifts",
        params={"employee_id": "S0002-E003", "start": "2026-11-05", "end": "2026-11-05"},
        headers=HEADERS,
    ).json()["data"]
    assert any(s["end_minutes"] == 1080 for s in shifts)
    bad = client.post(
        "/_sandbox/inject/shifts",
        headers=HEADERS,
        json={"school_id": "S0002", "records": [{"employee_id": "x"}]},
    )
    assert bad.status_code == 422 and bad.json()["details"]
    assert (
        client.post(
            "/_sandbox/inject/shifts", headers=SCOPED, json={"school_id": "S0002", "records": []}
        ).status_code
        == 403
    )


def test_reset_forgets_writes(client: TestClient, runtime: SandboxRuntime) -> None:
    write(client, "POST", "/v1/tasks", {"school_id": "S0001", "title": "x"}, key="r")
    assert client.post("/_sandbox/reset", headers=SCOPED).status_code == 403
    assert client.post("/_sandbox/reset", headers=HEADERS).status_code == 200
    assert runtime.state.effects == [] and client.get("/v1/tasks", headers=HEADERS).json()["data"] == []
