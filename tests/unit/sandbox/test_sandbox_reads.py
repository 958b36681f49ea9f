"""Read endpoints: shapes match tools/models.py, auth and scope, errors as ErrorBody, pagination."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel, TypeAdapter

from sandbox.config import DEV_API_KEY
from sandbox.runtime import SandboxRuntime
from tools import models

TODAY = date(2026, 11, 4)
HEADERS = {"X-API-Key": DEV_API_KEY}
SCOPED_KEY = "scoped-key"  # conftest scopes it to S0001

PAGES: list[tuple[str, type[BaseModel]]] = [
    ("/v1/schools", models.School),
    ("/v1/employees", models.Employee),
    ("/v1/employees?school_id=S0002&status=active", models.Employee),
    ("/v1/credentials", models.Credential),
    ("/v1/credentials?employee_id=S0001-E003", models.Credential),
    ("/v1/training-records?school_id=S0001", models.TrainingRecord),
    ("/v1/classrooms", models.Classroom),
    ("/v1/classrooms/S0001-R01/attendance", models.ChildAttendance),
    ("/v1/classrooms/S0001-R01/attendance?date=2026-11-02", models.ChildAttendance),
    ("/v1/shifts?school_id=S0001", models.Shift),
    ("/v1/shifts?employee_id=S0002-E004&start=2026-10-26&end=2026-11-08", models.Shift),
    ("/v1/time-punches?school_id=S0003", models.TimePunch),
    ("/v1/performance-reviews", models.PerformanceReview),
    ("/v1/incidents", models.Incident),
    ("/v1/documents", models.Document),
    ("/v1/tasks", models.Task),
    ("/v1/messages", models.Message),
    ("/v1/staff-moves", models.StaffMoveRecord),
    ("/v1/employees/S0001-E001/payroll", models.PayrollRecord),
]
SINGLES: list[tuple[str, type[BaseModel]]] = [
    ("/v1/schools/S0002", models.School),
    ("/v1/employees/S0001-E002", models.Employee),
    ("/v1/credentials/S0001-E002-CR1", models.Credential),
    ("/v1/classrooms/S0001-R02", models.Classroom),
    ("/v1/incidents/S0001-I001", models.Incident),
]


def all_pages(client: TestClient, path: str, *, limit: int, headers: dict[str, str] = HEADERS) -> list[dict]:
    rows: list[dict] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        answer = client.get(path, params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        rows.extend(body["data"])
        cursor = body["next_cursor"]
        if cursor is None:
            return rows


@pytest.mark.parametrize(("path", "model"), PAGES)
def test_list_endpoints_answer_pages_of_the_model(
    client: TestClient, path: str, model: type[BaseModel]
) -> None:
    answer = client.get(path, headers=HEADERS)
    assert answer.status_code == 200, answer.text
    page = TypeAdapter(models.Page[model]).validate_python(answer.json())  # type: ignore[valid-type]
    if "tasks" not in path and "messages" not in path and "staff-moves" not in path and "payroll" not in path:
        assert page.data, f"{path} returned nothing"


@pytest.mark.parametrize(("path", "model"), SINGLES)
def test_single_endpoints_answer_the_model(client: TestClient, path: str, model: type[BaseModel]) -> None:
    answer = client.get(path, headers=HEADERS)
    assert answer.status_code == 200, answer.text
    model.model_validate(answer.json())


def test_document_metadata_validates(client: TestClient) -> None:
    first = client.get("/v1/documents", headers=HEADERS).json()["data"][0]
    answer = client.get(f"/v1/documents/{first['document_id']}", headers=HEADERS)
    assert models.Document.model_validate(answer.json()).document_id == first["document_id"]


def test_filters_apply(client: TestClient) -> None:
    creds = client.get("/v1/credentials", params={"employee_id": "S0001-E003"}, headers=HEADERS).json()[
        "data"
    ]
    assert creds and {c["employee_id"] for c in creds} == {"S0001-E003"}
    shifts = client.get(
        "/v1/shifts",
        params={"school_id": "S0002", "start": "2026-11-02", "end": "2026-11-03"},
        headers=HEADERS,
    ).json()["data"]
    assert shifts and {s["date"] for s in shifts} <= {"2026-11-02", "2026-11-03"}
    punches = client.get(
        "/v1/time-punches", params={"school_id": "S0002", "limit": 500}, headers=HEADERS
    ).json()
    assert all(p["punched_at"][:10] <= TODAY.isoformat() for p in punches["data"])


def test_missing_or_unknown_key_is_401(client: TestClient) -> None:
    for headers in ({}, {"X-API-Key": "nope"}):
        answer = client.get("/v1/employees", headers=headers)
        assert answer.status_code == 401
        assert models.ErrorBody.model_validate(answer.json()).error == "unauthorized"


def test_scoped_key_sees_only_its_schools(client: TestClient) -> None:
    scoped = {"X-API-Key": SCOPED_KEY}
    schools = client.get("/v1/schools", headers=scoped).json()["data"]
    assert [s["school_id"] for s in schools] == ["S0001"]
    rows = all_pages(client, "/v1/employees", limit=500, headers=scoped)
    assert rows and {r["school_id"] for r in rows} == {"S0001"}
    for path in (
        "/v1/employees?school_id=S0002",
        "/v1/employees/S0002-E001",
        "/v1/credentials/S0002-E001-CR1",
        "/v1/classrooms/S0002-R01/attendance",
        "/v1/credentials?employee_id=S0002-E001",
    ):
        answer = client.get(path, headers=scoped)
        assert answer.status_code == 403, path
        assert answer.json()["error"] == "forbidden"


def test_not_found_is_error_body(client: TestClient) -> None:
    for path in (
        "/v1/employees/S0001-E999",
        "/v1/schools/S0099",
        "/v1/documents/nope/content",
        "/v1/nothing-here",
    ):
        answer = client.get(path, headers=HEADERS)
        assert answer.status_code == 404, path
        body = models.ErrorBody.model_validate(answer.json())
        assert body.error == "not_found" and body.message


def test_bad_query_is_422_with_field_details(client: TestClient) -> None:
    cases = {
        "/v1/employees?limit=501": "query.limit",
        "/v1/employees?status=retired": "query.status",
        "/v1/shifts?start=2026-13-01": "query.start",
        "/v1/shifts?start=2026-11-10&end=2026-11-01": "query.end",
        "/v1/employees?cursor=garbage!": "query.cursor",
    }
    for path, field in cases.items():
        answer = client.get(path, headers=HEADERS)
        assert answer.status_code == 422, path
        body = models.ErrorBody.model_validate(answer.json())
        assert body.error == "invalid_request"
        assert body.details and body.details[0]["field"] == field, body


@pytest.mark.parametrize("limit", [1, 7, 100, 500])
def test_pagination_covers_everything_exactly_once(
    client: TestClient, runtime: SandboxRuntime, limit: int
) -> None:
    for path, kind, key in (
        ("/v1/employees", "employees", "employee_id"),
        ("/v1/credentials", "credentials", "credential_id"),
    ):
        rows = all_pages(client, path, limit=limit)
        ids = [r[key] for r in rows]
        expected = [r[key] for s in runtime.data.school_ids for r in runtime.store.rows(kind, s)]
        assert ids == expected
        assert len(set(ids)) == len(ids)


def test_pages_respect_the_limit(client: TestClient) -> None:
    body = client.get("/v1/credentials", params={"limit": 5}, headers=HEADERS).json()
    assert len(body["data"]) == 5 and body["next_cursor"]


def test_same_seed_same_answers(make_config: Any) -> None:
    from sandbox.app import create_app

    one = TestClient(create_app(make_config())).get("/v1/time-punches?school_id=S0002", headers=HEADERS)
    two = TestClient(create_app(make_config())).get("/v1/time-punches?school_id=S0002", headers=HEADERS)
    assert one.content == two.content
