"""The sandbox configuration the cassettes are recorded against, and the keys the scenarios use."""

from __future__ import annotations

from typing import Any

from sandbox.config import SandboxConfig
from sandbox.generator import school_id_for
from tests.replay.client_scenarios import CENTERS, FROZEN_NOW, SEED, STAFF_PER_CENTER, TODAY

KEYS = {"main": "live-main-key-0f3c", "scoped": "live-scoped-key-77ab", "bad": "live-unknown-key-9d1e"}


def sandbox_config(**overrides: Any) -> SandboxConfig:
    """A small, reproducible sandbox: fixed seed, `today` and clock; the scoped key sees the first school."""
    options: dict[str, Any] = {
        "seed": SEED,
        "centers": CENTERS,
        "staff_per_center": STAFF_PER_CENTER,
        "today": TODAY,
        "now": lambda: FROZEN_NOW,
        "api_keys": {KEYS["main"]: None, KEYS["scoped"]: frozenset({school_id_for(0)})},
    }
    options.update(overrides)
    return SandboxConfig(**options)
