"""Reads: pagination streams every page once, lazily; queries and paths are built as the surface says."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import httpx
import pytest

from tests.unit.tools.procare_fakes import FakeProcare, employee_payload
from tools.client import ProcareClient
from tools.errors import ProcareProtocolError
from tools.models import Employee

MakeClient = Callable[..., ProcareClient]


def paged(items: list[dict[str, object]], page_size: int) -> Callable[[httpx.Request], httpx.Response]:
    """A list endpoint over `items` with integer-offset cursors, honouring `limit`."""

    def handler(request: httpx.Request) -> httpx.Response:
        limit = int(request.url.params["limit"])
        assert limit == page_size
        start = int(request.url.params.get("cursor") or 0)
        end = start + limit
        nxt = str(end) if end < len(items) else None
        return httpx.Response(200, json={"data": items[start:end], "next_cursor": nxt})

    return handler


async def test_pagination_yields_every_item_once_in_order(make_client: MakeClient) -> None:
    items = [employee_payload(employee_id=f"e{i:03d}") for i in range(23)]
    fake = FakeProcare(default=paged(items, 5))
    got = [e async for e in make_client(fake, page_size=5).iter_employees(school_id="sch_1", status="active")]
    assert [e.employee_id for e in got] == [f"e{i:03d}" for i in range(23)]
    assert all(isinstance(e, Employee) for e in got)
    assert [r.url.params.get("cursor") for r in fake.requests] == [None, "5", "10", "15", "20"]
    assert all(
        r.url.params["school_id"] == "sch_1" and r.url.params["status"] == "active" for r in fake.requests
    )


async def test_pagination_fetches_the_next_page_only_when_needed(make_client: MakeClient) -> None:
    items = [employee_payload() for _ in range(10)]
    fake = FakeProcare(default=paged(items, 4))
    stream = make_client(fake, page_size=4).iter_employees()
    seen = [await anext(stream) for _ in range(4)]
    assert len(seen) == 4 and len(fake.requests) == 1
    await anext(stream)
    assert len(fake.requests) == 2
    await stream.aclose()  # type: ignore[attr-defined]


async def test_empty_listing_makes_one_request(make_client: MakeClient) -> None:
    fake = FakeProcare(default=lambda _r: httpx.Response(200, json={"data": [], "next_cursor": None}))
    assert [c async for c in make_client(fake).iter_credentials(employee_id="e1")] == []
    assert len(fake.requests) == 1
    assert fake.requests[0].url.path == "/v1/credentials"
    assert "school_id" not in fake.requests[0].url.params


async def test_a_server_that_repeats_its_cursor_is_a_protocol_error(make_client: MakeClient) -> None:
    fake = FakeProcare(default=lambda _r: httpx.Response(200, json={"data": [], "next_cursor": "same"}))
    with pytest.raises(ProcareProtocolError, match="same cursor"):
        _ = [c async for c in make_client(fake).iter_tasks(school_id="s")]
    assert len(fake.requests) == 2


async def test_a_malformed_page_is_a_protocol_error(make_client: MakeClient) -> None:
    fake = FakeProcare([httpx.Response(200, json={"data": [{"employee_id": 1}], "next_cursor": None})])
    with pytest.raises(ProcareProtocolError, match=r"Page\[Employee\]"):
        _ = [e async for e in make_client(fake).iter_employees()]


@pytest.mark.parametrize(
    ("call", "path", "params"),
    [
        (
            lambda c: c.iter_shifts(employee_id="e1", start=date(2026, 11, 2), end=date(2026, 11, 8)),
            "/v1/shifts",
            {"employee_id": "e1", "start": "2026-11-02", "end": "2026-11-08"},
        ),
        (
            lambda c: c.iter_punches(school_id="s1", start=date(2026, 11, 2), end=date(2026, 11, 2)),
            "/v1/time-punches",
            {"school_id": "s1", "start": "2026-11-02", "end": "2026-11-02"},
        ),
        (
            lambda c: c.iter_attendance("room 1", date(2026, 11, 2)),
            "/v1/classrooms/room%201/attendance",
            {"date": "2026-11-02"},
        ),
        (lambda c: c.iter_training_records(employee_id="e1"), "/v1/training-records", {"employee_id": "e1"}),
        (lambda c: c.iter_classrooms(school_id="s1"), "/v1/classrooms", {"school_id": "s1"}),
        (lambda c: c.iter_messages(to_employee_id="e1"), "/v1/messages", {"to_employee_id": "e1"}),
        (lambda c: c.iter_reviews(school_id="s1"), "/v1/performance-reviews", {"school_id": "s1"}),
        (lambda c: c.iter_incidents(school_id="s1"), "/v1/incidents", {"school_id": "s1"}),
        (lambda c: c.iter_documents(employee_id="e1"), "/v1/documents", {"employee_id": "e1"}),
        (lambda c: c.iter_schools(), "/v1/schools", {}),
        (lambda c: c.iter_staff_moves(school_id="s1"), "/v1/staff-moves", {"school_id": "s1"}),
        (
            lambda c: c.iter_payroll("e1", pay_period_start=date(2026, 10, 26)),
            "/v1/employees/e1/payroll",
            {"pay_period_start": "2026-10-26"},
        ),
    ],
)
async def test_list_endpoints_build_their_query(
    make_client: MakeClient, call: Callable[[ProcareClient], object], path: str, params: dict[str, str]
) -> None:
    fake = FakeProcare(default=lambda _r: httpx.Response(200, json={"data": [], "next_cursor": None}))
    _ = [x async for x in call(make_client(fake, page_size=250))]  # type: ignore[attr-defined]
    request = fake.requests[0]
    assert request.method == "GET"
    assert request.url.raw_path.split(b"?")[0].decode() == path
    assert dict(request.url.params) == {**params, "limit": "250"}


async def test_ids_are_quoted_as_one_path_segment(make_client: MakeClient) -> None:
    fake = FakeProcare(default=lambda _r: httpx.Response(200, json=employee_payload()))
    await make_client(fake).get_employee("../schools?x=1")
    assert fake.requests[0].url.raw_path == b"/v1/employees/..%2Fschools%3Fx%3D1"


async def test_single_resources_and_document_bytes(make_client: MakeClient) -> None:
    pdf = b"%PDF-1.4 fake"
    school = {
        "school_id": "s1",
        "school_code": "S1",
        "name": "Oak",
        "state": "CA",
        "timezone": "America/Los_Angeles",
        "open_minutes": 420,
        "close_minutes": 1080,
    }
    incident = {
        "incident_id": "i1",
        "school_id": "s1",
        "occurred_at": "2026-11-02T10:00:00-08:00",
        "kind": "injury",
        "severity": "low",
        "description": "scraped knee",
    }
    document = {
        "document_id": "d1",
        "school_id": "s1",
        "kind": "cpr_card",
        "filename": "cpr.pdf",
        "content_type": "application/pdf",
        "uploaded_at": "2026-11-02T10:00:00Z",
    }
    credential = {
        "credential_id": "c1",
        "employee_id": "e1",
        "school_id": "s1",
        "kind": "pediatric_cpr_aha",
        "issuer": "AHA",
        "issued_on": "2025-01-01",
        "updated_at": "2026-11-02T10:00:00Z",
    }
    routes = {
        "/v1/schools/s1": httpx.Response(200, json=school),
        "/v1/incidents/i1": httpx.Response(200, json=incident),
        "/v1/documents/d1": httpx.Response(200, json=document),
        "/v1/documents/d1/content": httpx.Response(
            200, content=pdf, headers={"Content-Type": "application/pdf"}
        ),
        "/v1/credentials/c1": httpx.Response(200, json=credential),
    }
    fake = FakeProcare(default=lambda r: routes[r.url.path])
    client = make_client(fake)
    assert (await client.get_school("s1")).state == "CA"
    assert (await client.get_incident("i1")).severity == "low"
    assert (await client.get_document("d1")).filename == "cpr.pdf"
    assert await client.get_document_content("d1") == pdf
    assert (await client.get_credential("c1")).issued_on == date(2025, 1, 1)


async def test_list_staff_moves_collects_every_page(make_client: MakeClient) -> None:
    moves = [
        {
            "move_id": f"m{i}",
            "classroom_id": "r1",
            "school_id": "s1",
            "employee_id": "e1",
            "date": "2026-11-02",
            "start_minutes": 600,
            "end_minutes": 660,
            "created_at": "2026-11-02T09:00:00Z",
        }
        for i in range(7)
    ]
    fake = FakeProcare(default=paged(moves, 3))
    got = await make_client(fake, page_size=3).list_staff_moves(school_id="s1")
    assert [m.move_id for m in got] == [f"m{i}" for i in range(7)]
    assert len(fake.requests) == 3
    assert json.loads(fake.requests[0].url.params["limit"]) == 3
