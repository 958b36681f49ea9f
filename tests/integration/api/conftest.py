"""Fixtures of the API integration tests (defined in harness.py so test modules can import its helpers)."""

from __future__ import annotations

from tests.integration.api.harness import api_db_url, harness

__all__ = ["api_db_url", "harness"]
