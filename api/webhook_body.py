"""Webhook bodies the store can keep faithfully, or a clear refusal (DESIGN.md "Webhooks": 413, 415, 422).

The events table is jsonb and the checkpoints msgpack: neither keeps NUL, lone surrogates, NaN or
Infinity, integers past 64 bits, or a duplicated key the way the sender signed them, and parsing a body
nested thousands deep exhausts the stack. So the size is enforced while reading (a liar's Content-Length
never makes us buffer more than the limit), and the JSON is parsed strictly before any use case sees it.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import AsyncIterator, Mapping
from typing import Any

from api.errors import FieldErrors, PayloadTooLarge, UnsupportedMediaType

MAX_BODY_BYTES = 256 * 1024
MAX_DEPTH = 32
"""Objects and arrays nested at most this deep (the body object itself is level 1)."""
INT_RANGE = (-(2**63), 2**63 - 1)
"""Integers a signed 64-bit column or msgpack int keeps exactly."""
_MAX_INT_DIGITS = 20
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_SUSPECT_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")


def check_content_type(headers: Mapping[str, str]) -> None:
    """Only `application/json` (parameters such as charset=utf-8 allowed), else 415."""
    media = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != "application/json":
        raise UnsupportedMediaType(f"content type must be application/json, not {media or 'none'}")


async def read_limited(
    headers: Mapping[str, str], chunks: AsyncIterator[bytes], *, limit: int = MAX_BODY_BYTES
) -> bytes:
    """The body, read chunk by chunk and refused (413) as soon as it passes `limit` bytes."""
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"body of {declared} bytes is over the {limit}-byte limit")
    body = bytearray()
    async for chunk in chunks:
        body += chunk
        if len(body) > limit:
            raise PayloadTooLarge(f"body is over the {limit}-byte limit")
    return bytes(body)


class _Unstorable(ValueError):
    pass


def _int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_INT_DIGITS:
        raise _Unstorable(f"integer of {len(text.lstrip('-'))} digits is past 64 bits")
    value = int(text)
    if not INT_RANGE[0] <= value <= INT_RANGE[1]:
        raise _Unstorable(f"integer {text} is past 64 bits")
    return value


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Unstorable(f"number {text[:40]} is out of range")
    return value


def _constant(text: str) -> float:
    raise _Unstorable(f"{text} is not JSON")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Unstorable(f"key {key[:40]!r} appears twice")
            seen.add(key)
    return obj


def _check_tree(value: Any, *, strings: bool) -> str | None:
    """Why `value` cannot be stored as sent (depth; with `strings`, NUL or a lone surrogate), or None.

    Iterative, so no depth exhausts the stack."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                return "text contains NUL or a lone surrogate"
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                return f"nested deeper than {MAX_DEPTH} levels"
            values = item.values() if isinstance(item, dict) else item
            stack.extend((v, depth + 1) for v in values if strings or isinstance(v, dict | list))
            if strings and isinstance(item, dict):
                stack.extend((k, depth) for k in item)
    return None


def parse_body(body: bytes) -> dict[str, Any]:
    """The body as a JSON object exactly as signed, or 422 saying what the store could not keep."""
    try:
        text = body.decode("utf-8")
        raw: Any = json.loads(
            text, parse_int=_int, parse_float=_float, parse_constant=_constant, object_pairs_hook=_object
        )
    except UnicodeDecodeError:
        raise _refused("not UTF-8") from None
    except RecursionError:
        raise _refused(f"nested deeper than {MAX_DEPTH} levels") from None
    except _Unstorable as exc:
        raise _refused(str(exc)) from None
    except json.JSONDecodeError as exc:
        raise _refused(f"not valid JSON: {exc}") from None
    if not isinstance(raw, dict):
        raise _refused("must be a JSON object")
    # Valid UTF-8 holds no surrogate and JSON text no raw NUL: only a \\u escape can decode to either.
    reason = _check_tree(raw, strings=_SUSPECT_ESCAPE.search(text) is not None)
    if reason is not None:
        raise _refused(reason)
    return raw


def _refused(message: str) -> FieldErrors:
    return FieldErrors([{"field": "body", "message": message}])
