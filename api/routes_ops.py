"""Operator routes: health and Prometheus metrics (the director inbox is api/routes_inbox.py)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST

from api.deps import MetricsDep, MetricsReader, ServicesDep
from api.responses import ErrorOut, HealthOut
from services import operations

router = APIRouter(tags=["operations"])


@router.get(
    "/healthz",
    summary="Liveness and database check",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "Postgres is unreachable."}},
)
async def healthz(services: ServicesDep) -> JSONResponse:
    health = await operations.health(services)
    result = (
        HealthOut(status="ok", database="up")
        if health.up
        else HealthOut(status="unavailable", database="down", message=health.problem)
    )
    return JSONResponse(result.model_dump(), status_code=200 if health.up else 503)


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    description="For a scrape (service) token or an hr_admin: every figure of the service. A director or "
    "auditor gets only the gauges of their own centers (threads by status, pending approvals, event jobs); "
    "this process's counters span every center and are left out.",
    response_class=Response,
    responses={
        200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format."},
        401: {"model": ErrorOut},
        403: {"model": ErrorOut},
    },
)
async def metrics(principal: MetricsReader, services: ServicesDep, service_metrics: MetricsDep) -> Response:
    counts = await operations.counts(services, principal)
    if operations.sees_whole_service(principal):
        body = service_metrics.render(counts)
    else:
        body = service_metrics.render_for_centers(counts)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
