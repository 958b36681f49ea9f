"""Retry policy of ProcareClient: what is retried, how many times, how long it waits, and the final error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime

import httpx
import pytest

from tests.unit.tools.procare_fakes import FakeProcare, SleepRecorder, employee_payload, error_body
from tools.client import ProcareClient
from tools.errors import ProcareNotFound, ProcareRateLimited, ProcareUnavailable
from tools.models import TaskCreate
from tools.retry import parse_retry_after

MakeClient = Callable[..., ProcareClient]


async def test_500_503_429_then_success_is_retried(make_client: MakeClient, sleeps: SleepRecorder) -> None:
    body = employee_payload(employee_id="emp_1")
    fake = FakeProcare(
        [
            error_body(500, "internal_error", "boom"),
            error_body(503, "internal_error", "down"),
            error_body(429, "rate_limited", "slow down"),
            httpx.Response(200, json=body),
        ]
    )
    employee = await make_client(fake).get_employee("emp_1")
    assert employee.employee_id == "emp_1"
    assert len(fake.requests) == 4
    assert len(sleeps.waits) == 3


async def test_timeouts_and_connection_errors_are_retried(
    make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    fake = FakeProcare(
        [
            httpx.ReadTimeout("slow"),
            httpx.ConnectError("refused"),
            httpx.RemoteProtocolError("server disconnected"),
            httpx.Response(200, json=employee_payload(employee_id="emp_2")),
        ]
    )
    assert (await make_client(fake).get_employee("emp_2")).employee_id == "emp_2"
    assert len(fake.requests) == 4
    assert len(sleeps.waits) == 3


async def test_gives_up_after_the_limit_with_a_clear_error(
    make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    fake = FakeProcare(default=lambda _req: error_body(503, "internal_error", "database is down"))
    with pytest.raises(ProcareUnavailable) as info:
        await make_client(fake, max_retries=2).get_employee("emp_1")
    err = info.value
    assert len(fake.requests) == 3
    assert len(sleeps.waits) == 2
    assert err.status == 503 and err.attempts == 3
    assert "GET /v1/employees/emp_1" in str(err)
    assert "503" in str(err) and "database is down" in str(err) and "3 attempts" in str(err)


async def test_persistent_429_raises_rate_limited(make_client: MakeClient) -> None:
    fake = FakeProcare(default=lambda _req: error_body(429, "rate_limited", "too many requests"))
    with pytest.raises(ProcareRateLimited) as info:
        await make_client(fake, max_retries=1).get_school("sch_1")
    assert info.value.status == 429 and info.value.attempts == 2
    assert len(fake.requests) == 2


async def test_persistent_timeouts_raise_unavailable_without_status(make_client: MakeClient) -> None:
    fake = FakeProcare(
        default=lambda req: (_ for _ in ()).throw(httpx.ConnectTimeout("no route", request=req))
    )
    with pytest.raises(ProcareUnavailable) as info:
        await make_client(fake, max_retries=3).get_school("sch_1")
    assert info.value.status is None and info.value.attempts == 4
    assert "timed out on all 4 attempt(s)" in str(info.value)


async def test_zero_retries_means_one_attempt(make_client: MakeClient, sleeps: SleepRecorder) -> None:
    fake = FakeProcare(default=lambda _req: error_body(500, "internal_error", "boom"))
    with pytest.raises(ProcareUnavailable):
        await make_client(fake, max_retries=0).get_school("sch_1")
    assert len(fake.requests) == 1 and sleeps.waits == []


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
async def test_4xx_other_than_429_is_never_retried(
    make_client: MakeClient, sleeps: SleepRecorder, status: int
) -> None:
    fake = FakeProcare(default=lambda _req: error_body(status, "x", "no"))
    with pytest.raises(Exception):  # noqa: B017 - the class per status is tested in test_procare_client_errors
        await make_client(fake).get_school("sch_1")
    assert len(fake.requests) == 1 and sleeps.waits == []


async def test_retry_after_seconds_is_honoured(make_client: MakeClient, sleeps: SleepRecorder) -> None:
    fake = FakeProcare(
        [
            httpx.Response(429, headers={"Retry-After": "3"}, json={"error": "rate_limited", "message": "x"}),
            httpx.Response(
                503, headers={"Retry-After": "1.5"}, json={"error": "internal_error", "message": "x"}
            ),
            httpx.Response(200, json=employee_payload()),
        ]
    )
    await make_client(fake, backoff_base=0.001).get_employee("emp_1")
    assert sleeps.waits == [3.0, 1.5]


async def test_retry_after_is_capped_by_backoff_max(make_client: MakeClient, sleeps: SleepRecorder) -> None:
    fake = FakeProcare(
        [
            httpx.Response(
                429, headers={"Retry-After": "3600"}, json={"error": "rate_limited", "message": "x"}
            ),
            httpx.Response(200, json=employee_payload()),
        ]
    )
    await make_client(fake, backoff_max=7).get_employee("emp_1")
    assert sleeps.waits == [7]


async def test_backoff_is_full_jitter_within_the_exponential_window(
    make_client: MakeClient, sleeps: SleepRecorder
) -> None:
    fake = FakeProcare(default=lambda _req: error_body(500, "internal_error", "boom"))
    with pytest.raises(ProcareUnavailable):
        await make_client(fake, max_retries=8, backoff_base=1.0, backoff_max=6.0).get_school("s")
    assert len(sleeps.waits) == 8
    for attempt, wait in enumerate(sleeps.waits, start=1):
        assert 0.0 <= wait <= min(6.0, 2 ** (attempt - 1))
    # Full jitter draws uniformly: eight draws that all equal the window's top would mean no jitter at all.
    assert sleeps.waits != [min(6.0, 2**i) for i in range(8)]


async def test_retried_write_resends_the_same_key_and_body(make_client: MakeClient) -> None:
    task = {
        "task_id": "t1",
        "school_id": "sch_1",
        "title": "Renew CPR",
        "created_at": "2026-11-02T08:00:00Z",
    }
    fake = FakeProcare([httpx.ReadTimeout("lost"), httpx.Response(201, json=task)])
    created = await make_client(fake).create_task(
        TaskCreate(school_id="sch_1", title="Renew CPR"), idempotency_key="k-123"
    )
    assert created.task_id == "t1"
    assert [r.headers["Idempotency-Key"] for r in fake.requests] == ["k-123", "k-123"]
    assert fake.requests[0].content == fake.requests[1].content


async def test_a_404_after_a_retried_500_is_not_found(make_client: MakeClient) -> None:
    fake = FakeProcare(
        [error_body(500, "internal_error", "x"), error_body(404, "not_found", "no such school")]
    )
    with pytest.raises(ProcareNotFound) as info:
        await make_client(fake).get_school("sch_9")
    assert info.value.attempts == 2


def test_parse_retry_after_forms() -> None:
    now = datetime(2026, 11, 2, 12, 0, 0, tzinfo=UTC)
    later = format_datetime(datetime(2026, 11, 2, 12, 0, 30, tzinfo=UTC), usegmt=True)
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after(" 0.5 ") == 0.5
    assert parse_retry_after(later, now=now.timestamp()) == 30.0
    assert parse_retry_after("-4") == 0.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
    assert parse_retry_after(None) is None
