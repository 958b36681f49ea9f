"""The director inbox, part one: signing in and out, the queue, and bulk decisions.

Server-rendered pages (Jinja2, api/templates/inbox/), one small script file for conveniences only (every
page works without it). Every form carries the session's CSRF token (api/inbox_auth.py); every route calls
the same use cases as the JSON API, with the signed-in principal, so center scoping is the API's.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from agents.common.wording import counted, humanize
from api.deps import ConfigDep, MetricsDep, ServicesDep
from api.inbox_auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    CheckedPost,
    InboxSession,
    SignInRequired,
    new_token,
    require_permission,
    same_token,
    set_login_csrf,
    set_session_cookie,
)
from policies.errors import ProcareAIError
from policies.sla import overdue
from services import approvals
from services.errors import Forbidden, Unauthorized
from services.inbox_sessions import SessionRow, sign_in, sign_out

router = APIRouter(prefix="/inbox", include_in_schema=False)
PAGE_SIZE = 20


def render(request: Request, name: str, context: dict[str, Any], *, status: int = 200) -> HTMLResponse:
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(request, name, context, status_code=status)
    return response


def page_context(session: SessionRow, **extra: Any) -> dict[str, Any]:
    """What every signed-in page shows: who, their centers, the CSRF token of their forms."""
    p = session.principal
    centers = "every center" if p.all_centers else ", ".join(sorted(p.centers))
    return {"principal": p, "centers_text": centers, "csrf_token": session.csrf_token, **extra}


def secure(request: Request, config: Any) -> bool:
    return request.url.scheme == "https" or bool(config.inbox_secure_cookie)


def login_page(request: Request, config: Any, next_path: str, error: str | None) -> HTMLResponse:
    """The sign-in form, with a fresh double-submit CSRF token in the form and in a cookie."""
    token = new_token()
    response = render(
        request,
        "inbox/login.html",
        {"next": _local(next_path), "error": error, "csrf_token": token},
        status=401 if error else 200,
    )
    set_login_csrf(response, token, secure=secure(request, config))
    return response


def error_page(request: Request, status: int, message: str) -> Response | None:
    """Errors of inbox pages as a page (api/errors.py asks); None for every other path (JSON)."""
    path = request.url.path
    if not (path == "/inbox" or path.startswith("/inbox/")):
        return None
    titles = {
        403: "Not allowed",
        404: "Not found",
        409: "Already decided",
        422: "Check what you sent",
        503: "Unavailable for a moment",
    }
    title = titles.get(status, "Something went wrong" if status >= 500 else "Cannot do that")
    context = {"title": title, "message": message, "principal": None, "csrf_token": ""}
    return render(request, "inbox/message.html", context, status=status)


async def sign_in_redirect(request: Request, exc: Exception) -> Response:
    """No live session: to the sign-in form, coming back here after (a post goes back to the queue)."""
    assert isinstance(exc, SignInRequired)
    back = exc.next_path if request.method == "GET" else "/inbox"
    return RedirectResponse("/inbox/login?" + urlencode({"next": back}), status_code=303)


@router.get("/login", response_class=HTMLResponse)
async def login_form(request: Request, config: ConfigDep, next: str = "/inbox") -> HTMLResponse:
    return login_page(request, config, next, None)


def _local(path: str) -> str:
    """Only a path of this inbox may be a redirect target after sign-in (no open redirect)."""
    return path if path.startswith("/inbox") and "//" not in path and "\\" not in path else "/inbox"


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    services: ServicesDep,
    config: ConfigDep,
    token: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/inbox",
) -> Response:
    if not same_token(csrf_token, request.cookies.get(LOGIN_CSRF_COOKIE)):
        raise Forbidden("the sign-in form has expired or did not come from the inbox; reload it and retry")
    try:
        opened = await sign_in(services, token, ttl=config.inbox_session_ttl)
    except (Unauthorized, Forbidden) as exc:
        return login_page(request, config, next, exc.message)
    redirect = RedirectResponse(_local(next), status_code=303)
    ttl = int(config.inbox_session_ttl.total_seconds())
    set_session_cookie(redirect, opened.cookie, max_age=ttl, secure=secure(request, config))
    redirect.delete_cookie(LOGIN_CSRF_COOKIE, path="/inbox")
    return redirect


@router.post("/logout")
async def logout(request: Request, services: ServicesDep, session: CheckedPost) -> Response:
    await sign_out(services, request.cookies.get(SESSION_COOKIE))
    redirect = RedirectResponse("/inbox/login", status_code=303)
    redirect.delete_cookie(SESSION_COOKIE, path="/inbox")
    return redirect


def waited(since: datetime, now: datetime) -> str:
    minutes = max(0, int((now - since).total_seconds() // 60))
    if minutes < 60:
        return counted(minutes, "minute")
    if minutes < 48 * 60:
        return counted(minutes // 60, "hour")
    return counted(minutes // (24 * 60), "day")


@router.get("", response_class=HTMLResponse)
async def queue(
    request: Request,
    services: ServicesDep,
    session: InboxSession,
    center: Annotated[str | None, Query()] = None,
    workflow: Annotated[str | None, Query()] = None,
    staff: Annotated[str | None, Query()] = None,
    escalated: Annotated[bool, Query()] = False,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """Pending approvals of the signed-in principal's centers, most urgent first, filtered and paged."""
    filters = {"center": center or None, "workflow": workflow or None, "staff": staff or None}
    found = await approvals.pending_page(
        services,
        session.principal,
        center=filters["center"],
        workflow=filters["workflow"],
        staff_id=filters["staff"],
        escalated=escalated,
        urgent_first=True,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    counts = await approvals.pending_counts(services, session.principal)
    now = services.now()
    pages = max(1, -(-found.total // PAGE_SIZE))
    query = {k: v for k, v in {**filters, "escalated": "true" if escalated else None}.items() if v}

    def link(to: int) -> str:
        return "/inbox?" + urlencode({**query, "page": to})

    items = [
        {
            "row": r,
            "workflow": humanize(r.workflow or "unrouted_event"),
            "waited": waited(r.updated_at, now),
            "overdue": overdue(r.due_at, now),
        }
        for r in found.items
    ]
    return render(
        request,
        "inbox/queue.html",
        page_context(
            session,
            items=items,
            total=found.total,
            all_waiting=sum(counts.centers.values()),
            counts=counts,
            filters=filters,
            escalated=escalated,
            page=page,
            pages=pages,
            prev_link=link(page - 1) if page > 1 else None,
            next_link=link(page + 1) if page < pages else None,
            humanize=humanize,
            counted=counted,
        ),
    )


@router.post("/bulk", response_class=HTMLResponse)
async def bulk(
    request: Request,
    services: ServicesDep,
    metrics: MetricsDep,
    session: CheckedPost,
    decision: Annotated[str, Form()] = "",
    thread_id: Annotated[list[str] | None, Form()] = None,
    reason: Annotated[str, Form()] = "",
    confirmed: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Approve or reject every action of the selected threads: first a confirmation, then the decisions."""
    require_permission(session, "approvals.decide")
    selected = list(dict.fromkeys(thread_id or []))
    problem = None
    if decision not in ("approve", "reject"):
        problem = "Choose Approve selected or Reject selected."
    elif not selected:
        problem = "Select at least one approval first."
    elif decision == "reject" and not reason.strip():
        problem = "Give a reason for rejecting (it is recorded and shown to whoever proposed it)."
    if problem is not None:
        return render(
            request,
            "inbox/message.html",
            page_context(session, title="Nothing decided", message=problem),
            status=422,
        )
    if confirmed != "yes":
        threads: list[dict[str, Any]] = []
        for tid in selected:
            try:
                outcome = await approvals.review(services, session.principal, tid)
            except ProcareAIError as exc:
                threads.append({"thread_id": tid, "error": exc.message, "actions": []})
                continue
            pending = [p for p in outcome.state.proposals if p.id in outcome.state.pending]
            threads.append({"thread_id": tid, "error": None, "actions": [p.description for p in pending]})
        return render(
            request,
            "inbox/bulk_confirm.html",
            page_context(session, decision=decision, threads=threads, reason=reason.strip()),
        )
    results = []
    for tid in selected:
        try:
            outcome = await approvals.review(services, session.principal, tid)
            count = len(outcome.state.pending)
            item: dict[str, Any] = (
                {"type": "approve"}
                if decision == "approve"
                else {"type": "reject", "message": reason.strip()}
            )
            decided = await approvals.decide(services, session.principal, tid, {"decisions": [item] * count})
            metrics.decided(decided, [decision] * count)
            state = decided.outcome.state
            failed = [r for r in state.results if not r.ok]
            results.append(
                {
                    "thread_id": tid,
                    "ok": not failed,
                    "status": decided.outcome.status,
                    "written": sum(1 for r in state.results if r.ok),
                    "failed": failed,
                    "error": None,
                }
            )
        except ProcareAIError as exc:
            results.append(
                {
                    "thread_id": tid,
                    "ok": False,
                    "status": None,
                    "written": 0,
                    "failed": [],
                    "error": exc.message,
                }
            )
    return render(request, "inbox/bulk_done.html", page_context(session, decision=decision, results=results))
