"""Agency reports an incident requires: the open deadlines, and marking one filed.

`GET /licensing-reports?status=open|filed|all` lists the caller's centers' reports (soonest due first);
`POST /licensing-reports/{report_id}/filed` records the filing (a director of the report's center, or
HR). Each route calls one use case of services.licensing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import ReportFiler, ReportsReader, ServicesDep
from api.openapi_links import link
from api.requests import FiledIn
from api.responses import ErrorOut, LicensingReportOut
from services import licensing

router = APIRouter(tags=["incidents"])

ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "Missing, unknown or revoked token."},
    403: {"model": ErrorOut, "description": "The token's role lacks the permission."},
}


def _out(row: Any, now: datetime) -> LicensingReportOut:
    return LicensingReportOut.model_validate(
        {**row.model_dump(), "overdue": row.filed_at is None and row.due_at <= now}
    )


@router.get(
    "/licensing-reports",
    summary="Agency reports incidents require in my centers, soonest due first",
    response_model=list[LicensingReportOut],
    responses={
        200: {
            "description": "The reports, soonest due first.",
            "links": {
                "FileFirst": link(
                    "/licensing-reports/{report_id}/filed",
                    "post",
                    {"report_id": "$response.body#/0/report_id"},
                )
            },
        },
        **ERRORS,
    },
)
async def list_reports(
    principal: ReportsReader,
    services: ServicesDep,
    status: Annotated[str, Query(description="open, filed or all.")] = "open",
    center: Annotated[str | None, Query(description="Only this center.")] = None,
) -> list[LicensingReportOut]:
    rows = await licensing.list_reports(services, principal, status=status, center=center)
    now = services.now()
    return [_out(r, now) for r in rows]


@router.post(
    "/licensing-reports/{report_id}/filed",
    summary="Mark an agency report filed",
    response_model=LicensingReportOut,
    responses={
        **ERRORS,
        404: {"model": ErrorOut, "description": "No such report in the caller's centers."},
        409: {"model": ErrorOut, "description": "The report was already marked filed."},
    },
)
async def mark_filed(
    report_id: str, principal: ReportFiler, services: ServicesDep, body: FiledIn | None = None
) -> LicensingReportOut:
    body = body or FiledIn()
    row = await licensing.mark_filed(
        services, principal, report_id, reference=body.reference, filed_at=body.filed_at
    )
    return _out(row, services.now())
