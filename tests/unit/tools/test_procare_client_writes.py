"""Writes: each one requires an idempotency key, sends it as Idempotency-Key, and sends only what was set."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import httpx
import pytest

from tests.unit.tools.procare_fakes import FakeProcare, employee_payload
from tools.client import ProcareClient
from tools.models import (
    CredentialPatch,
    EmployeePatch,
    MessageCreate,
    PayrollAdjustment,
    PayrollPatch,
    StaffMove,
    TaskCreate,
)

MakeClient = Callable[..., ProcareClient]

CREATED = "2026-11-02T08:00:00Z"
ANSWERS: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/v1/tasks"): {"task_id": "t1", "school_id": "s1", "title": "Renew CPR", "created_at": CREATED},
    ("POST", "/v1/messages"): {
        "message_id": "m1",
        "school_id": "s1",
        "to_employee_id": "e1",
        "subject": "CPR",
        "body": "Please renew",
        "sent_at": CREATED,
    },
    ("PATCH", "/v1/employees/e1"): employee_payload(employee_id="e1", phone="555-0100"),
    ("PATCH", "/v1/credentials/c1"): {
        "credential_id": "c1",
        "employee_id": "e1",
        "school_id": "s1",
        "kind": "first_aid_aha",
        "issuer": "AHA",
        "issued_on": "2026-10-01",
        "status": "renewal_initiated",
        "updated_at": CREATED,
    },
    ("PATCH", "/v1/employees/e1/payroll"): {
        "employee_id": "e1",
        "school_id": "s1",
        "pay_period_start": "2026-10-26",
        "adjustments": [{"date": "2026-10-27", "pay_code": "OT", "hours": 1.5, "reason": "late pickup"}],
        "updated_at": CREATED,
    },
    ("POST", "/v1/classrooms/r1/staff-moves"): {
        "move_id": "mv1",
        "classroom_id": "r1",
        "school_id": "s1",
        "employee_id": "e1",
        "date": "2026-11-02",
        "start_minutes": 540,
        "end_minutes": 600,
        "created_at": CREATED,
    },
}

PAYROLL = PayrollPatch(
    pay_period_start=date(2026, 10, 26),
    adjustments=[PayrollAdjustment(date=date(2026, 10, 27), pay_code="OT", hours=1.5, reason="late pickup")],
)
WRITES: list[tuple[str, str, Callable[[ProcareClient, str], Awaitable[Any]], dict[str, Any]]] = [
    (
        "POST",
        "/v1/tasks",
        lambda c, k: c.create_task(TaskCreate(school_id="s1", title="Renew CPR"), idempotency_key=k),
        {"school_id": "s1", "title": "Renew CPR"},
    ),
    (
        "POST",
        "/v1/messages",
        lambda c, k: c.send_message(
            MessageCreate(school_id="s1", to_employee_id="e1", subject="CPR", body="Please renew"),
            idempotency_key=k,
        ),
        {"school_id": "s1", "to_employee_id": "e1", "subject": "CPR", "body": "Please renew"},
    ),
    (
        "PATCH",
        "/v1/employees/e1",
        lambda c, k: c.patch_employee("e1", EmployeePatch(phone="555-0100"), idempotency_key=k),
        {"phone": "555-0100"},
    ),
    (
        "PATCH",
        "/v1/credentials/c1",
        lambda c, k: c.patch_credential("c1", CredentialPatch(status="renewal_initiated"), idempotency_key=k),
        {"status": "renewal_initiated"},
    ),
    (
        "PATCH",
        "/v1/employees/e1/payroll",
        lambda c, k: c.patch_payroll("e1", PAYROLL, idempotency_key=k),
        {
            "pay_period_start": "2026-10-26",
            "adjustments": [{"date": "2026-10-27", "pay_code": "OT", "hours": 1.5, "reason": "late pickup"}],
        },
    ),
    (
        "POST",
        "/v1/classrooms/r1/staff-moves",
        lambda c, k: c.create_staff_move(
            "r1",
            StaffMove(employee_id="e1", date=date(2026, 11, 2), start_minutes=540, end_minutes=600),
            idempotency_key=k,
        ),
        {"employee_id": "e1", "date": "2026-11-02", "start_minutes": 540, "end_minutes": 600, "reason": ""},
    ),
]


def route(request: httpx.Request) -> httpx.Response:
    status = 201 if request.method == "POST" else 200
    return httpx.Response(status, json=ANSWERS[(request.method, request.url.path)])


@pytest.mark.parametrize(("method", "path", "call", "expected_body"), WRITES, ids=[w[1] for w in WRITES])
async def test_write_sends_idempotency_key_and_body(
    make_client: MakeClient,
    method: str,
    path: str,
    call: Callable[[ProcareClient, str], Awaitable[Any]],
    expected_body: dict[str, Any],
) -> None:
    fake = FakeProcare(default=route)
    result = await call(make_client(fake), f"idem-{path}")
    request = fake.requests[0]
    assert len(fake.requests) == 1
    assert (request.method, request.url.path) == (method, path)
    assert request.headers["Idempotency-Key"] == f"idem-{path}"
    assert request.headers["Content-Type"] == "application/json"
    body = json.loads(request.content)
    for key, value in expected_body.items():
        assert body[key] == value
    # The answer is parsed into the write's model, not handed back as a dict.
    assert not isinstance(result, dict)
    assert type(result).__module__ == "tools.models"


async def test_patch_sends_only_the_fields_that_were_set(make_client: MakeClient) -> None:
    fake = FakeProcare(default=route)
    await make_client(fake).patch_employee(
        "e1", EmployeePatch(phone=None, bio="Loves art"), idempotency_key="k"
    )
    assert json.loads(fake.requests[0].content) == {"phone": None, "bio": "Loves art"}


@pytest.mark.parametrize("key", ["", "   "])
async def test_a_blank_idempotency_key_is_refused_before_any_request(
    make_client: MakeClient, key: str
) -> None:
    fake = FakeProcare(default=route)
    with pytest.raises(ValueError, match="idempotency_key"):
        await make_client(fake).create_task(TaskCreate(school_id="s1", title="x"), idempotency_key=key)
    assert fake.requests == []


async def test_reads_send_no_idempotency_key(make_client: MakeClient) -> None:
    fake = FakeProcare(default=lambda _r: httpx.Response(200, json=employee_payload()))
    await make_client(fake).get_employee("e1")
    assert "Idempotency-Key" not in fake.requests[0].headers
