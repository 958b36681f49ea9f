"""One running sandbox: config, generated data, overlay state, read model, guards and webhook sender.

`create_app` builds one and hangs it on `app.state.sandbox`; tests and scenarios reach the same instance to
inject records or read the effects log.
"""

from __future__ import annotations

from dataclasses import dataclass

from sandbox.config import SandboxConfig
from sandbox.generator import SandboxData
from sandbox.guards import FaultInjector, RateLimiter
from sandbox.state import SandboxState
from sandbox.store import SandboxStore
from sandbox.webhooks import WebhookSender


@dataclass
class SandboxRuntime:
    """Everything a request handler needs, built once per app."""

    config: SandboxConfig
    data: SandboxData
    state: SandboxState
    store: SandboxStore
    limiter: RateLimiter
    faults: FaultInjector
    sender: WebhookSender | None

    @classmethod
    def build(cls, config: SandboxConfig, *, state: SandboxState | None = None) -> SandboxRuntime:
        config = config.validated()
        data = SandboxData(
            seed=config.seed,
            centers=config.centers,
            staff_per_center=config.staff_per_center,
            today=config.today,
            cache_size=config.center_cache_size,
        )
        state = state or SandboxState(now=config.now)
        sender = None
        if config.webhook_url and config.webhook_secret:
            sender = WebhookSender(
                config.webhook_url,
                config.webhook_secret,
                max_attempts=config.webhook_max_attempts,
                backoff_seconds=config.webhook_backoff_seconds,
                timeout_seconds=config.webhook_timeout_seconds,
                bearer_token=config.webhook_bearer_token,
            )
        return cls(
            config=config,
            data=data,
            state=state,
            store=SandboxStore(data, state, cache_size=config.center_cache_size),
            limiter=RateLimiter(config.rate_limit, config.rate_burst, config.clock),
            faults=FaultInjector(
                config.fault_rate,
                config.slow_rate,
                config.fault_seed if config.fault_seed is not None else config.seed,
            ),
            sender=sender,
        )
