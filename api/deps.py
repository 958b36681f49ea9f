"""FastAPI dependencies: the services, the caller behind the bearer token, and permission checks.

Role checks are dependencies (`require("approvals.decide")`), so a route states what it needs in its
signature and never checks roles by hand. Center scoping is done by the service functions, which answer
404 (not 403) for threads of centers the caller cannot see.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.services import Services
from checkpoints.tokens import principal_for_token
from policies.rbac import Permission, Principal
from procare_ai.errors import Forbidden, Unauthorized

bearer_scheme = HTTPBearer(
    auto_error=False, description="A procare-ai API token (`procare-ai tokens create`)."
)


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
BearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


async def authenticate(services: Services, credentials: HTTPAuthorizationCredentials | None) -> Principal:
    """The principal of a bearer token, or 401."""
    if credentials is None or not credentials.credentials:
        raise Unauthorized("missing bearer token: send 'Authorization: Bearer <token>'")
    principal = await principal_for_token(services.pool, credentials.credentials)
    if principal is None:
        raise Unauthorized("unknown or revoked token")
    return principal


async def get_principal(services: ServicesDep, credentials: BearerDep) -> Principal:
    return await authenticate(services, credentials)


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def require(permission: Permission) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets through only principals whose role holds `permission` (else 403)."""

    async def check(principal: CurrentPrincipal) -> Principal:
        if not principal.can(permission):
            raise Forbidden(f"role {principal.role} may not {permission.replace('.', ' ')}")
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
