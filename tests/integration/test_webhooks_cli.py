"""`procare-ai webhooks add-source|rotate|list` and `tokens create|rotate|list` on a real database: secrets
and tokens printed once, never listed; bad input is one line and an exit code."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from procare_ai.cli import app

pytestmark = pytest.mark.integration


def cli(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"PROCARE_AI_DATABASE_URL": db}, catch_exceptions=False)
    return result.exit_code, result.output


def test_webhook_sources_from_the_command_line(fresh_db: str) -> None:
    code, first = cli(fresh_db, "webhooks", "add-source", "acme", "--center", "S1", "--center", "S2")
    assert code == 0 and first.strip().startswith("whsec_")
    code, second = cli(fresh_db, "webhooks", "rotate", "acme", "--grace", "2h")
    assert code == 0 and second.strip().startswith("whsec_") and second != first
    code, listing = cli(fresh_db, "webhooks", "list")
    assert code == 0 and "acme" in listing and "S1, S2" in listing and "whsec_" not in listing
    assert cli(fresh_db, "webhooks", "add-source", "acme", "--center", "S1")[0] == 5  # taken
    assert cli(fresh_db, "webhooks", "rotate", "nobody")[0] == 4
    code, bad = cli(fresh_db, "webhooks", "rotate", "acme", "--grace", "soon")
    assert code == 2 and "--grace" in bad and "Traceback" not in bad
    assert "never" not in bad  # the hint offers only what --grace takes


def test_tokens_expire_and_rotate_from_the_command_line(fresh_db: str) -> None:
    code, token = cli(
        fresh_db, "tokens", "create", "--role", "director", "--label", "maria", "--center", "S1"
    )
    assert code == 0 and token.strip().startswith("pcai_")
    code, rotated = cli(fresh_db, "tokens", "rotate", "maria", "--expires-in", "30d")
    assert code == 0 and rotated.strip().startswith("pcai_") and rotated != token
    code, listing = cli(fresh_db, "tokens", "list", "--all")
    assert code == 0 and listing.count("maria") == 2 and "revoked" in listing and "live" in listing
    assert "pcai_" not in listing
    never = cli(
        fresh_db,
        "tokens",
        "create",
        "--role",
        "director",
        "--label",
        "x",
        "--center",
        "S1",
        "--expires-in",
        "never",
    )
    assert never[0] == 2 and "must expire" in never[1]
