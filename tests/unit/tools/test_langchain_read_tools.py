"""The agents' read tools: right endpoints, JSON results without PII, capped lists, fixable errors as text."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from langchain_core.messages import ToolMessage

from tests.unit.tools.procare_fakes import FakeProcare, employee_payload, error_body
from tools.client import ProcareClient
from tools.errors import ProcareUnavailable
from tools.langchain_tools import build_read_tools

MakeClient = Callable[..., ProcareClient]

EXPECTED_TOOLS = {
    "get_center",
    "list_center_staff",
    "get_employee",
    "list_employee_credentials",
    "list_training_records",
    "list_shifts",
    "list_time_punches",
    "list_classrooms",
    "get_classroom_attendance",
    "list_incidents",
    "get_incident",
    "list_documents",
}


def empty_page(_request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"data": [], "next_cursor": None})


async def test_only_read_tools_with_schemas(make_client: MakeClient) -> None:
    tools = build_read_tools(make_client(FakeProcare()))
    assert {t.name for t in tools} == EXPECTED_TOOLS
    for tool in tools:
        assert tool.description and tool.args_schema is not None
        assert not any(verb in tool.name for verb in ("create", "send", "patch", "update", "delete"))


async def test_list_center_staff_strips_pii_and_caps(make_client: MakeClient) -> None:
    staff = [employee_payload(employee_id=f"e{i}") for i in range(5)]
    fake = FakeProcare(default=lambda _r: httpx.Response(200, json={"data": staff, "next_cursor": None}))
    tool = {t.name: t for t in build_read_tools(make_client(fake))}["list_center_staff"]
    result = await tool.ainvoke({"school_id": "sch_1", "limit": 3})
    assert result["count"] == 3 and result["truncated"] is True
    assert [e["employee_id"] for e in result["items"]] == ["e0", "e1", "e2"]
    for item in result["items"]:
        assert not {"ssn", "birth_date", "home_address"} & item.keys()
        assert item["first_name"] == "Ana"
    assert fake.requests[0].url.params["status"] == "active"
    assert fake.requests[0].url.params["school_id"] == "sch_1"


async def test_get_employee_strips_pii(make_client: MakeClient) -> None:
    fake = FakeProcare(default=lambda _r: httpx.Response(200, json=employee_payload(employee_id="e9")))
    tool = {t.name: t for t in build_read_tools(make_client(fake))}["get_employee"]
    result = await tool.ainvoke({"employee_id": "e9"})
    assert result["employee_id"] == "e9" and "ssn" not in result and "123-45-6789" not in str(result)


@pytest.mark.parametrize(
    ("name", "args", "path", "params"),
    [
        ("list_employee_credentials", {"employee_id": "e1"}, "/v1/credentials", {"employee_id": "e1"}),
        ("list_training_records", {"employee_id": "e1"}, "/v1/training-records", {"employee_id": "e1"}),
        (
            "list_shifts",
            {"employee_id": "e1", "start": "2026-11-02", "end": "2026-11-06"},
            "/v1/shifts",
            {"employee_id": "e1", "start": "2026-11-02", "end": "2026-11-06"},
        ),
        (
            "list_time_punches",
            {"school_id": "s1", "start": "2026-11-02", "end": "2026-11-02"},
            "/v1/time-punches",
            {"school_id": "s1", "start": "2026-11-02", "end": "2026-11-02"},
        ),
        ("list_classrooms", {"school_id": "s1"}, "/v1/classrooms", {"school_id": "s1"}),
        (
            "get_classroom_attendance",
            {"classroom_id": "r1", "day": "2026-11-02"},
            "/v1/classrooms/r1/attendance",
            {"date": "2026-11-02"},
        ),
        ("list_incidents", {"school_id": "s1"}, "/v1/incidents", {"school_id": "s1"}),
        ("list_documents", {"employee_id": "e1"}, "/v1/documents", {"employee_id": "e1"}),
    ],
)
async def test_list_tools_call_their_endpoint(
    make_client: MakeClient, name: str, args: dict[str, str], path: str, params: dict[str, str]
) -> None:
    fake = FakeProcare(default=empty_page)
    tool = {t.name: t for t in build_read_tools(make_client(fake))}[name]
    result = await tool.ainvoke(args)
    assert result == {"items": [], "count": 0, "truncated": False}
    assert fake.requests[0].url.path == path
    sent = dict(fake.requests[0].url.params)
    sent.pop("limit")
    assert sent == params


async def test_bad_arguments_are_refused_before_any_request(make_client: MakeClient) -> None:
    fake = FakeProcare(default=empty_page)
    tools = {t.name: t for t in build_read_tools(make_client(fake))}
    with pytest.raises(ValueError, match="school_id or employee_id"):
        await tools["list_shifts"].ainvoke({"start": "2026-11-02", "end": "2026-11-03"})
    with pytest.raises(ValueError, match="end must not be before start"):
        await tools["list_shifts"].ainvoke({"employee_id": "e1", "start": "2026-11-05", "end": "2026-11-03"})
    assert fake.requests == []


async def test_a_missing_id_comes_back_as_a_tool_error_message(make_client: MakeClient) -> None:
    fake = FakeProcare(default=lambda _r: error_body(404, "not_found", "no employee e404"))
    tool = {t.name: t for t in build_read_tools(make_client(fake))}["get_employee"]
    message = await tool.ainvoke(
        {"type": "tool_call", "id": "call_1", "name": "get_employee", "args": {"employee_id": "e404"}}
    )
    assert isinstance(message, ToolMessage)
    assert message.status == "error" and "no employee e404" in str(message.content)


async def test_an_outage_propagates_so_the_job_is_retried(make_client: MakeClient) -> None:
    fake = FakeProcare(default=lambda _r: error_body(503, "internal_error", "down"))
    tool = {t.name: t for t in build_read_tools(make_client(fake, max_retries=1))}["get_incident"]
    with pytest.raises(ProcareUnavailable):
        await tool.ainvoke({"incident_id": "i1"})
