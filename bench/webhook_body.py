"""Cost of the strict webhook body parse (api/webhook_body.parse_body) against plain `json.loads`.

Same run, same bodies: a typical `staff.updated` (about 200 bytes), a 256 KiB body of many small fields
(the worst the size limit lets through) and one 256 KiB string. Prints microseconds per parse and the
ratio strict / plain; no assertion (a benchmark, not a test).

    .venv/bin/python bench/webhook_body.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any

from api.webhook_body import MAX_BODY_BYTES, parse_body


def bodies() -> dict[str, bytes]:
    event: dict[str, Any] = {
        "id": "evt_0123456789abcdef",
        "type": "staff.updated",
        "occurred_at": "2026-11-02T08:30:00-06:00",
        "center_id": "S0001",
        "data": {"employee_id": "S0001-E001", "changes": ["phone", "bio"], "version": 7},
    }
    many = {**event, "data": {f"field_{i}": {"n": i, "v": f"value {i}"} for i in range(5600)}}
    text = {**event, "data": {"bio": "x" * (MAX_BODY_BYTES - 300)}}
    out = {
        name: json.dumps(b).encode()
        for name, b in (("typical", event), ("many_fields", many), ("long_text", text))
    }
    assert all(len(b) <= MAX_BODY_BYTES for b in out.values()), {k: len(v) for k, v in out.items()}
    return out


def per_call(fn: Callable[[bytes], Any], body: bytes, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn(body)
    return (time.perf_counter() - start) / repeat * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    print(f"{'body':<12} {'bytes':>8} {'json.loads us':>14} {'parse_body us':>14} {'ratio':>6}")
    for name, body in bodies().items():
        plain = per_call(json.loads, body, args.repeat)
        strict = per_call(parse_body, body, args.repeat)
        print(f"{name:<12} {len(body):>8} {plain:>14.1f} {strict:>14.1f} {strict / plain:>6.2f}")


if __name__ == "__main__":
    main()
