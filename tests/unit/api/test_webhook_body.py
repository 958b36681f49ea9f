"""Webhook bodies the store cannot keep as signed are refused with a clear 422 (issue 10 item 4)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest

from api.errors import FieldErrors, PayloadTooLarge, UnsupportedMediaType, status_for
from api.webhook_body import MAX_BODY_BYTES, check_content_type, parse_body, read_limited


def refusal(body: bytes) -> str:
    with pytest.raises(FieldErrors) as caught:
        parse_body(body)
    assert status_for(caught.value) == 422
    (field,) = caught.value.fields
    assert field["field"] == "body"
    return field["message"]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"data": {"bio": "a\\u0000b"}}', "NUL"),
        (b'{"data": {"a\\u0000": 1}}', "NUL"),
        (b'{"data": {"bio": "\\ud800"}}', "lone surrogate"),
        (b'{"data": {"x": "\\udfff tail"}}', "lone surrogate"),
        (b'{"data": {"n": NaN}}', "NaN is not JSON"),
        (b'{"data": {"n": -Infinity}}', "-Infinity is not JSON"),
        (b'{"data": {"n": 1e400}}', "out of range"),
        (b'{"data": {"n": 9223372036854775808}}', "past 64 bits"),
        (b'{"data": {"n": -9223372036854775809}}', "past 64 bits"),
        (b'{"data": {"n": ' + b"9" * 401 + b"}}", "401 digits is past 64 bits"),
        (b'{"a": 1, "a": 2}', "'a' appears twice"),
        (b"[1]", "must be a JSON object"),
        (b'{"a": "\xff"}', "not UTF-8"),
        (b'{"a": ', "not valid JSON"),
    ],
)
def test_unstorable_json_is_refused(body: bytes, reason: str) -> None:
    assert reason in refusal(body)


def test_nesting_past_32_levels_is_refused_even_thousands_deep() -> None:
    def nested(levels: int) -> bytes:
        return b'{"d":' * (levels - 1) + b"{}" + b"}" * (levels - 1)

    assert parse_body(nested(32))
    assert "deeper than 32" in refusal(nested(33))
    assert "deeper than 32" in refusal(b"[" * 200_000 + b"]" * 200_000)
    assert "deeper than 32" in refusal(b'{"a":' + b"[" * 40 + b"]" * 40 + b"}")


def test_storable_values_pass_unchanged() -> None:
    body = {
        "id": "e1",
        "n": [2**63 - 1, -(2**63), 0, 1.5, -2.25e10],
        "text": 'caf\u00e9 \U0001f600 \\ quotes " ok',
        "flags": [True, False, None],
    }
    assert parse_body(json.dumps(body).encode()) == body
    literal = {"text": "a backslash then u0000: \\u0000, and a pair: \U0001f600"}
    assert parse_body(json.dumps(literal).encode()) == literal  # escaped, not a NUL
    assert parse_body(json.dumps(body, ensure_ascii=False).encode()) == body


@pytest.mark.parametrize("value", ["application/json", "application/json; charset=utf-8", "Application/JSON"])
def test_json_content_types_pass(value: str) -> None:
    check_content_type({"content-type": value})


@pytest.mark.parametrize("value", ["", "text/plain", "multipart/form-data", "application/xjson"])
def test_other_content_types_are_415(value: str) -> None:
    with pytest.raises(UnsupportedMediaType) as caught:
        check_content_type({"content-type": value} if value else {})
    assert status_for(caught.value) == 415


async def _chunks(size: int, pulled: list[int]) -> AsyncIterator[bytes]:
    for _ in range(size // 1024):
        pulled.append(1)
        yield b"x" * 1024


def test_the_limit_is_enforced_while_reading() -> None:
    pulled: list[int] = []
    with pytest.raises(PayloadTooLarge) as caught:
        asyncio.run(read_limited({}, _chunks(50 * 1024 * 1024, pulled)))
    assert status_for(caught.value) == 413
    assert len(pulled) == MAX_BODY_BYTES // 1024 + 1  # stopped one chunk past the limit, not at 50 MB
    assert asyncio.run(read_limited({}, _chunks(MAX_BODY_BYTES, []))) == b"x" * MAX_BODY_BYTES


def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    pulled: list[int] = []
    with pytest.raises(PayloadTooLarge, match="over the 262144-byte limit"):
        asyncio.run(read_limited({"content-length": str(MAX_BODY_BYTES + 1)}, _chunks(4096, pulled)))
    assert pulled == []
