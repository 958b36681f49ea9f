"""`idempotent_write` makes every sandbox write route from a plain function: the route still takes the
Idempotency-Key header (in its OpenAPI too), and a function that could not be one is refused when the
module loads, not at the first request. Replay and refusal by key are tested per route in
test_sandbox_writes.py and its siblings."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.app import create_app
from sandbox.deps import PrincipalDep, RuntimeDep
from sandbox.routes_write import idempotent_write


def test_every_write_route_takes_the_idempotency_key_header() -> None:
    spec = create_app().openapi()
    writes = {
        (method, path): op
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
        if method in ("post", "patch") and path.startswith("/v1/")
    }
    assert len(writes) >= 13
    for (method, path), op in writes.items():
        headers = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
        assert "Idempotency-Key" in headers, (method, path)


def test_a_function_without_runtime_and_principal_is_refused() -> None:
    def no_principal(runtime: RuntimeDep) -> tuple[int, dict[str, Any]]:
        return 200, {}

    with pytest.raises(TypeError, match="takes runtime and principal"):
        idempotent_write(no_principal)


def test_a_function_that_takes_the_key_itself_is_refused() -> None:
    def own_key(
        runtime: RuntimeDep, principal: PrincipalDep, idempotency_key: str | None
    ) -> tuple[int, dict[str, Any]]:
        return 200, {}

    with pytest.raises(TypeError, match="not request or the key"):
        idempotent_write(own_key)
