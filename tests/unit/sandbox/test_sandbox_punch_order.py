"""`GET /v1/time-punches` for a school comes in time order (docs/procare-surface.md), across pages and with
injected punches written with other UTC offsets."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from sandbox.config import DEV_API_KEY
from sandbox.runtime import SandboxRuntime

HEADERS = {"X-API-Key": DEV_API_KEY}


def all_pages(client: TestClient, path: str, *, limit: int, **query: str) -> list[dict]:
    rows: list[dict] = []
    params: dict[str, str | int] = {**query, "limit": limit}
    while True:
        answer = client.get(path, params=params, headers=HEADERS)
        assert answer.status_code == 200, answer.text
        rows.extend(answer.json()["data"])
        if not answer.json()["next_cursor"]:
            return rows
        params["cursor"] = answer.json()["next_cursor"]


def _instants(rows: list[dict]) -> list[datetime]:
    return [datetime.fromisoformat(r["punched_at"]).astimezone(UTC) for r in rows]


def test_school_punches_are_in_time_order_across_pages(client: TestClient) -> None:
    rows = all_pages(
        client, "/v1/time-punches", limit=37, school_id="S0002", start="2026-10-26", end="2026-11-03"
    )
    assert len({r["employee_id"] for r in rows}) > 3  # several staff, so order is not by employee
    assert _instants(rows) == sorted(_instants(rows))


def test_injected_punches_with_other_offsets_are_placed_by_instant(
    client: TestClient, runtime: SandboxRuntime
) -> None:
    emp = all_pages(client, "/v1/employees", limit=100, school_id="S0001")[0]["employee_id"]
    runtime.state.add_punches(
        "S0001",
        [
            # 15:00 UTC and 14:00 UTC written with different offsets: string order is the reverse of time
            {"employee_id": emp, "punched_at": "2026-11-02T10:00:00-05:00", "kind": "in"},
            {"employee_id": emp, "punched_at": "2026-11-02T06:00:00-08:00", "kind": "out"},
        ],
    )
    rows = all_pages(
        client, "/v1/time-punches", limit=500, school_id="S0001", start="2026-11-02", end="2026-11-02"
    )
    assert _instants(rows) == sorted(_instants(rows))
    mine = [r["kind"] for r in rows if r["punch_id"].startswith("S0001-XP")]
    assert mine == ["out", "in"]


def test_an_employee_listing_is_in_time_order_too(client: TestClient) -> None:
    emp = all_pages(client, "/v1/employees", limit=100, school_id="S0003")[2]["employee_id"]
    rows = all_pages(
        client, "/v1/time-punches", limit=5, employee_id=emp, start="2026-10-20", end="2026-11-03"
    )
    assert rows and _instants(rows) == sorted(_instants(rows))
    assert {r["employee_id"] for r in rows} == {emp}
