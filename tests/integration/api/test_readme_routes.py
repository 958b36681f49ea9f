"""README lists every route of the API's OpenAPI document, so a new route is documented where a user
looks first (the RBAC matrix holds its roles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.api.harness import Harness

pytestmark = pytest.mark.integration

README = Path(__file__).resolve().parents[3] / "README.md"


async def test_the_readme_names_every_documented_route(harness: Harness) -> None:
    listed = " ".join(README.read_text().split("The API's routes", 1)[1].split("\n\n", 1)[0].split())
    paths = harness.app.openapi()["paths"]
    assert "/skills/match" in paths
    for path, operations in paths.items():
        for method in operations:
            assert f"`{method.upper()} {path}`" in listed, (method, path)
