"""Settings read from the environment (`PROCARE_AI_*`) and an optional `.env` file.

One class, built at each entry point (CLI, demo); nothing else reads os.environ. Validators refuse
secrets that are empty or left at a known placeholder, so a misconfigured deployment fails at start.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = {"", "changeme", "secret", "whsec_", "whsec_changeme"}


class Settings(BaseSettings):
    """Runtime configuration of procare-ai. Every field maps to `PROCARE_AI_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="PROCARE_AI_", env_file=".env", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="Postgres URL for checkpoints, events, jobs and tokens. Unset: the demo starts an "
        "embedded Postgres.",
    )
    procare_url: str = Field(default="http://127.0.0.1:8700", description="Base URL of the Procare API.")
    procare_api_key: SecretStr | None = Field(default=None, description="API key sent as X-API-Key.")
    webhook_secret: SecretStr | None = Field(
        default=None, description="Standard Webhooks secret, `whsec_<base64>`, shared with Procare."
    )
    token: SecretStr | None = Field(
        default=None,
        description="Your API token, for CLI commands that act as a person (`approvals decide`): its "
        "holder is recorded as the decider. `--token` overrides it.",
    )
    webhook_tolerance_seconds: int = Field(default=300, ge=1, description="Accepted webhook clock skew.")
    openai_api_key: SecretStr | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_API_KEY", "PROCARE_AI_OPENAI_API_KEY"),
        description="Enables ChatOpenAI; without it the offline deterministic drafter is used.",
    )
    openai_base_url: str | None = Field(
        default=None,
        validation_alias=AliasChoices("OPENAI_BASE_URL", "PROCARE_AI_OPENAI_BASE_URL"),
        description="An OpenAI-compatible endpoint (also enables ChatOpenAI).",
    )
    model: str = Field(default="gpt-4o-mini", description="Chat model name for ChatOpenAI.")
    model_timeout_seconds: float = Field(
        default=10.0,
        gt=0,
        description="How long one model call may take before the draft falls back to the offline template.",
    )
    model_breaker_seconds: float = Field(
        default=30.0,
        gt=0,
        description="After a model error or timeout, how long every draft uses the offline template before "
        "one trial call to the model (so an outage costs at most one timeout per interval).",
    )
    model_off_centers: list[str] = Field(
        default_factory=list,
        description='Centers whose data never goes to the model, as JSON, e.g. ["S0002"]: their runs draft '
        "with the offline templates only (the model data policy, docs/governance.md).",
    )
    checkpoint_retention_days: float = Field(
        default=30.0,
        ge=0,
        description="Age after which a finished (done) thread keeps only its latest checkpoint; every audit "
        "fact is in it, so GET /audit answers the same (docs/governance.md). Pruned hourly by the worker.",
    )
    http_timeout_seconds: float = Field(default=10.0, gt=0, description="Procare client timeout.")
    http_max_retries: int = Field(default=5, ge=0, description="Retries on 5xx, 429 and timeouts.")
    write_attempts: int = Field(
        default=6,
        ge=1,
        description="Tries of an approved write that Procare answers 5xx, 429 or not at all, by the job "
        "queue with the same idempotency key, before a director has to retry it.",
    )
    write_retry_backoff_seconds: int = Field(
        default=3,
        ge=0,
        description="Base of the write retries' exponential backoff (3: waits of 3, 9, 27, 81 s...).",
    )
    credential_windows_days: list[int] = Field(
        default=[90, 60, 30], description="Days before expiry at which a credential is flagged."
    )
    scan_local_time: str = Field(default="06:00", description="Local time of the daily scans, HH:MM.")
    worker_concurrency: int = Field(default=4, ge=1, description="Jobs one worker process runs at once.")
    live_concurrency: int = Field(
        default=2,
        ge=0,
        description="Job slots each worker process keeps for live events (attendance.changed ratio checks) "
        "on top of worker_concurrency; batch work (scans, payroll) never takes them.",
    )
    agent_settings: dict[str, Any] = Field(
        default_factory=dict,
        description='Per-agent knobs as JSON, e.g. {"payroll_tolerance_minutes": 10, '
        '"ratio_max_proposal_windows": 5}; keys are documented in each agent.',
    )
    slack_webhook_url: SecretStr | None = Field(default=None, description="Slack incoming webhook.")
    approval_sla: dict[str, timedelta] = Field(
        default_factory=dict,
        description="How long an approval of a workflow may wait before it is escalated to HR, as JSON of "
        'ISO 8601 durations, e.g. {"ratios": "PT15M", "payroll": "P2D"}; unset workflows keep the '
        "defaults of policies/sla.py.",
    )
    inbox_session_hours: float = Field(
        default=8.0, gt=0, le=24 * 7, description="How long an inbox sign-in lasts."
    )
    inbox_secure_cookie: bool = Field(
        default=False,
        description="Mark the inbox session cookie Secure even on plain HTTP (behind a TLS proxy); it is "
        "always Secure when the request came over HTTPS.",
    )

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret_is_real(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        raw = value.get_secret_value().strip()
        if raw in PLACEHOLDER_SECRETS or not raw.startswith("whsec_"):
            raise ValueError("webhook secret must look like whsec_<base64> and not be a placeholder")
        try:
            if len(base64.b64decode(raw.removeprefix("whsec_"), validate=True)) < 16:
                raise ValueError("webhook secret must hold at least 16 random bytes")
        except (ValueError, TypeError) as exc:
            raise ValueError(f"webhook secret is not valid base64 after whsec_: {exc}") from None
        return value

    @field_validator("procare_api_key", "openai_api_key", "token")
    @classmethod
    def _no_placeholder(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().strip() in PLACEHOLDER_SECRETS:
            raise ValueError("secret is empty or a placeholder")
        return value

    @property
    def llm_configured(self) -> bool:
        """A real model is used only when a key or an OpenAI-compatible URL is configured."""
        return self.openai_api_key is not None or self.openai_base_url is not None
