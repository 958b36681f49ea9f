"""Status codes map to typed errors with the server's message and details; the API key never leaks."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from policies.errors import ProcareAIError
from procare_ai.settings import Settings
from procare_ai.wiring import procare_client
from tests.unit.tools.procare_fakes import API_KEY, FakeProcare, employee_payload, error_body
from tools.client import ProcareClient
from tools.errors import (
    ConfigError,
    ProcareConflict,
    ProcareError,
    ProcareForbidden,
    ProcareInvalidRequest,
    ProcareNotFound,
    ProcareProtocolError,
    ProcareUnauthorized,
    ProcareUnavailable,
)
from tools.models import EmployeePatch

MakeClient = Callable[..., ProcareClient]


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (401, "unauthorized", ProcareUnauthorized),
        (403, "forbidden", ProcareForbidden),
        (404, "not_found", ProcareNotFound),
        (409, "conflict", ProcareConflict),
        (422, "invalid_request", ProcareInvalidRequest),
        (400, "bad_request", ProcareInvalidRequest),
    ],
)
async def test_status_maps_to_typed_error(
    make_client: MakeClient, status: int, code: str, cls: type[ProcareError]
) -> None:
    fake = FakeProcare(default=lambda _req: error_body(status, code, f"server says {code}"))
    with pytest.raises(cls) as info:
        await make_client(fake).get_employee("emp_7")
    err = info.value
    assert isinstance(err, ProcareAIError)
    assert err.status == status and err.server_code == code and err.server_message == f"server says {code}"
    assert err.method == "GET" and err.path == "/v1/employees/emp_7"
    assert str(err) == f"Procare GET /v1/employees/emp_7 answered {status} {code}: server says {code}"


async def test_422_carries_field_details(make_client: MakeClient) -> None:
    details: list[dict[str, Any]] = [
        {"loc": ["body", "phone"], "msg": "not a phone number", "type": "value_error"},
        {"field": "skills", "message": "too many"},
    ]
    fake = FakeProcare([error_body(422, "invalid_request", "bad fields", details)])
    with pytest.raises(ProcareInvalidRequest) as info:
        await make_client(fake).patch_employee("e1", EmployeePatch(phone="x"), idempotency_key="k")
    err = info.value
    assert err.details == details
    assert "body.phone (not a phone number)" in str(err) and "skills (too many)" in str(err)
    assert str(err).startswith("Procare PATCH /v1/employees/e1 answered 422 invalid_request: bad fields")


async def test_non_json_error_body_still_gives_a_readable_error(make_client: MakeClient) -> None:
    fake = FakeProcare([httpx.Response(404, text="<html>nope</html>")])
    with pytest.raises(ProcareNotFound) as info:
        await make_client(fake).get_school("s")
    assert info.value.server_code is None
    assert "answered 404: <html>nope</html>" in str(info.value)


async def test_2xx_with_a_wrong_body_is_a_protocol_error(make_client: MakeClient) -> None:
    fake = FakeProcare([httpx.Response(200, json={"employee_id": "e1"})])
    with pytest.raises(ProcareProtocolError) as info:
        await make_client(fake).get_employee("e1")
    assert "not a valid Employee" in str(info.value) and len(fake.requests) == 1


async def test_api_key_never_in_error_messages_even_if_the_server_echoes_it(make_client: MakeClient) -> None:
    fake = FakeProcare(
        [
            error_body(401, "unauthorized", f"unknown API key {API_KEY}"),
            error_body(422, "invalid_request", "bad", [{"field": API_KEY, "message": API_KEY}]),
            httpx.ConnectError(f"cannot connect with {API_KEY}"),
        ],
        default=lambda _req: error_body(500, "internal_error", f"key {API_KEY} broke us"),
    )
    client = make_client(fake, max_retries=0)
    errors: list[ProcareError] = []
    for _ in range(4):
        with pytest.raises(ProcareError) as info:
            await client.get_school("s")
        errors.append(info.value)
    assert [type(e) for e in errors] == [
        ProcareUnauthorized,
        ProcareInvalidRequest,
        ProcareUnavailable,
        ProcareUnavailable,
    ]
    for err in errors:
        assert API_KEY not in str(err) and API_KEY not in repr(err.__dict__)
    assert "[redacted]" in str(errors[0])
    assert API_KEY not in repr(client)


async def test_api_key_never_logged(make_client: MakeClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeProcare(
        [error_body(500, "internal_error", "x"), httpx.ReadTimeout("slow")],
        default=lambda _req: httpx.Response(200, json=employee_payload()),
    )
    await make_client(fake).get_employee("e1")
    with pytest.raises(ProcareNotFound):
        await make_client(FakeProcare([error_body(404, "not_found", "gone")])).get_school("s")
    # The capture must have seen the traffic (httpx's request lines, our retry warnings) to mean anything.
    assert any(r.name == "httpx" for r in caplog.records)
    assert any("retrying" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        assert API_KEY not in record.getMessage()
        assert API_KEY not in repr(record.args)
    assert API_KEY not in caplog.text


async def test_the_key_is_sent_as_a_header(make_client: MakeClient) -> None:
    fake = FakeProcare(default=lambda _req: httpx.Response(200, json=employee_payload()))
    await make_client(fake).get_employee("e1")
    assert fake.requests[0].headers["X-API-Key"] == API_KEY
    assert API_KEY not in str(fake.requests[0].url)


def test_from_settings_needs_a_key_and_reads_the_rest() -> None:
    with pytest.raises(ConfigError):
        procare_client(Settings(procare_api_key=None))
    settings = Settings(
        procare_url="http://procare.example:9000/",
        procare_api_key=SecretStr("k-live-abc"),
        http_timeout_seconds=3.5,
        http_max_retries=2,
    )
    client = procare_client(settings)
    assert client.base_url == "http://procare.example:9000"
    assert client.max_retries == 2
    assert "k-live-abc" not in repr(client)


def test_empty_key_is_refused() -> None:
    with pytest.raises(ConfigError):
        ProcareClient(base_url="http://x", api_key="  ")
