"""FastAPI dependencies: the services, the configuration, the metrics, the caller behind the bearer
token, and permission checks.

Role checks are dependencies (`require("approvals.decide")`), so a route states what it needs in its
signature and never checks roles by hand. Center scoping is done by the use cases (services/), which
answer 404 (not 403) for threads of centers the caller cannot see.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.config import ApiConfig
from api.metrics import ServiceMetrics
from policies.rbac import Permission, Principal, action_words
from services.context import Services
from services.errors import Forbidden
from services.tokens import authenticate

bearer_scheme = HTTPBearer(
    auto_error=False, description="A procare-ai API token (`procare-ai tokens create`)."
)


# Async on purpose: FastAPI runs a plain `def` dependency in its thread pool, a thread hop per request
# for what is an attribute read.
async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


async def get_config(request: Request) -> ApiConfig:
    config: ApiConfig = request.app.state.config
    return config


async def get_metrics(request: Request) -> ServiceMetrics:
    metrics: ServiceMetrics = request.app.state.metrics
    return metrics


ServicesDep = Annotated[Services, Depends(get_services)]
ConfigDep = Annotated[ApiConfig, Depends(get_config)]
MetricsDep = Annotated[ServiceMetrics, Depends(get_metrics)]
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


async def get_principal(services: ServicesDep, credentials: BearerDep) -> Principal:
    """The principal of the bearer token, or 401."""
    return await authenticate(
        services.pool, credentials.credentials if credentials else None, now=services.now()
    )


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require(permission: Permission) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets through only principals whose role holds `permission` (else 403)."""

    async def check(principal: CurrentPrincipal) -> Principal:
        if not principal.can(permission):
            raise Forbidden(f"role {principal.role} may not {action_words(permission)}")
        return principal

    check.__name__ = f"require_{permission.replace('.', '_')}"
    return check


ApprovalsReader = Annotated[Principal, Depends(require("approvals.read"))]
Decider = Annotated[Principal, Depends(require("approvals.decide"))]
AuditReader = Annotated[Principal, Depends(require("audit.read"))]
HistoryReader = Annotated[Principal, Depends(require("history.read"))]
RolloutReader = Annotated[Principal, Depends(require("rollout.read"))]
RolloutWriter = Annotated[Principal, Depends(require("rollout.write"))]
MetricsReader = Annotated[Principal, Depends(require("metrics.read"))]
ReportsReader = Annotated[Principal, Depends(require("reports.read"))]
ReportFiler = Annotated[Principal, Depends(require("reports.file"))]
EventsReader = Annotated[Principal, Depends(require("events.read"))]
EventRetrier = Annotated[Principal, Depends(require("events.retry"))]
SkillsReader = Annotated[Principal, Depends(require("skills.read"))]
SkillsAssigner = Annotated[Principal, Depends(require("skills.assign"))]
