"""RBAC matrix: every route of the app x every caller x a target in the caller's own center and in another.

The routes come from the app's route table (`app.routes`), so a new route fails
`test_every_route_has_an_expectation` until it gets a row here. Each row says what each caller gets for
the S1 target ("own" for the S1 director and auditor) and for the S2 target ("other"); hr_admin sees both.
A status is the answer's code; SEEN / HIDDEN mean 200 with the target in the answer, or 200 without it
(lists are scoped, never refused). Inbox pages are driven with a real session signed in with the caller's
token (callers that cannot open the inbox have none). Refusals never move a thread.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi.routing import APIRoute
from starlette.routing import Route

from api.webhook_signature import signed_headers
from services.tokens import create_token
from tests.integration.api.harness import SECRET, Harness, event_body

pytestmark = pytest.mark.integration

CALLERS = ("anonymous", "bad_token", "expired", "director", "hr_admin", "auditor", "service")
TARGETS = ("own", "other")
CENTER = {"own": "S1", "other": "S2"}
STAFF = {"own": "E1", "other": "E2"}
SEEN, HIDDEN = "seen", "hidden"
U, F, N, R = 401, 403, 404, 303  # unauthenticated, forbidden by role, not found (other center), to sign-in
Expected = int | str | tuple[int | str, int | str]


@dataclass
class World:
    h: Harness
    threads: dict[str, str]
    reports: dict[str, str]
    events: dict[str, str]

    def bearer(self, who: str) -> dict[str, str]:
        if who == "anonymous":
            return {}
        return {"Authorization": f"Bearer {self.h.tokens.get(who, 'pcai_not-a-real-token')}"}

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=self.h.client._transport, base_url="http://api.test")

    async def inbox(self, who: str) -> tuple[httpx.AsyncClient, str]:
        """A browser for `who`: signed in with its token when it may open the inbox, with the page's CSRF
        token; otherwise without a session (and a CSRF token that belongs to no session)."""
        browser = self.client()
        form = await browser.get("/inbox/login")
        token = self.h.tokens.get(who, "")
        signed = await browser.post("/inbox/login", data={"token": token, "csrf_token": csrf_of(form.text)})
        if signed.status_code != R:
            return browser, "no-session"
        return browser, csrf_of((await browser.get("/inbox")).text)


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


Call = Callable[[World, str, str], Awaitable[tuple[httpx.Response, str | None]]]


def api(method: str, path: str, **kw: Any) -> Call:
    """A bearer-token call; `path`, params and `look_for` may name {thread}, {report}, {event}, {center},
    {staff};
    "@center" in the JSON body is the target's center, "@unique" a new text each call."""

    async def call(w: World, who: str, target: str) -> tuple[httpx.Response, str | None]:
        names = {
            "thread": w.threads[target],
            "report": w.reports[target],
            "event": w.events[target],
            "center": CENTER[target],
            "staff": STAFF[target],
        }
        params = {k: str(v).format(**names) for k, v in kw.get("params", {}).items()}
        body = (
            json.loads(
                json.dumps(kw["json"])
                .replace("@center", names["center"])
                .replace("@unique", uuid.uuid4().hex[:8])
            )
            if "json" in kw
            else None
        )
        answer = await w.h.client.request(
            method, path.format(**names), params=params, json=body, headers=w.bearer(who)
        )
        return answer, str(kw.get("look_for", "{thread}")).format(**names)

    return call


def inbox(method: str, path: str, **form: str) -> Call:
    """An inbox page or form post in the caller's own browser session."""

    async def call(w: World, who: str, target: str) -> tuple[httpx.Response, str | None]:
        names = {"thread": w.threads[target], "staff": STAFF[target]}
        browser, csrf = await w.inbox(who)
        try:
            url = path.format(**names)
            if method == "GET":
                return await browser.get(url), names["thread"]
            data = {"csrf_token": csrf, **{k: v.format(**names) for k, v in form.items()}}
            return await browser.post(url, data=data), names["thread"]
        finally:
            await browser.aclose()

    return call


def public(path: str) -> Call:
    async def call(w: World, who: str, target: str) -> tuple[httpx.Response, str | None]:
        return await w.h.client.get(path, headers=w.bearer(who)), None

    return call


async def webhook(w: World, who: str, target: str) -> tuple[httpx.Response, str | None]:
    body = json.dumps(event_body(center=CENTER[target], employee_id=None, type_="document.uploaded")).encode()
    headers = {
        "content-type": "application/json",
        **signed_headers(SECRET, f"msg_{uuid.uuid4().hex[:12]}", int(time.time()), body),
        **w.bearer(who),
    }
    return await w.h.client.post("/webhooks/procare", content=body, headers=headers), None


async def sign_in(w: World, who: str, target: str) -> tuple[httpx.Response, str | None]:
    async with w.client() as browser:
        form = await browser.get("/inbox/login")
        data = {"token": w.h.tokens.get(who, ""), "csrf_token": csrf_of(form.text)}
        return await browser.post("/inbox/login", data=data), None


def row(
    anon: Expected,
    director: Expected,
    hr_admin: Expected,
    auditor: Expected,
    service: Expected,
    *,
    no_token: Expected | None = None,
) -> dict[str, Expected]:
    """Expectations by caller; a bad token and an expired one share `anon`, as does no token at all unless
    `no_token` says otherwise."""
    return {
        "anonymous": anon if no_token is None else no_token,
        "bad_token": anon,
        "expired": anon,
        "director": director,
        "hr_admin": hr_admin,
        "auditor": auditor,
        "service": service,
    }


FUTURE = "2099-01-01T00:00:00+00:00"
# past auth and scope, refused by the runner: the thread stays paused
NO_DECISIONS: dict[str, list[object]] = {"decisions": []}
MATRIX: dict[str, tuple[Call, dict[str, Expected]]] = {
    "GET /approvals": (api("GET", "/approvals"), row(U, (SEEN, HIDDEN), SEEN, (SEEN, HIDDEN), F)),
    "GET /approvals/{thread_id}": (
        api("GET", "/approvals/{thread}"),
        row(U, (200, N), 200, (200, N), F),
    ),
    "POST /approvals/{thread_id}/decisions": (
        api("POST", "/approvals/{thread}/decisions", json=NO_DECISIONS),
        row(U, (422, N), 422, F, F),
    ),
    "POST /approvals/{thread_id}/retry": (  # a paused thread has no failed write: 409 in scope
        api("POST", "/approvals/{thread}/retry"),
        row(U, (409, N), 409, F, F),
    ),
    "GET /audit": (
        api("GET", "/audit", params={"staff_id": "{staff}"}),
        row(U, (SEEN, HIDDEN), SEEN, (SEEN, HIDDEN), F),
    ),
    "GET /threads/{thread_id}/history": (
        api("GET", "/threads/{thread}/history"),
        row(U, (200, N), 200, (200, N), F),
    ),
    "GET /rollout": (
        api("GET", "/rollout", look_for='"{center}"'),
        row(U, (SEEN, HIDDEN), SEEN, (SEEN, HIDDEN), F),
    ),
    "PUT /rollout": (
        api("PUT", "/rollout", json={"center_id": "@center", "workflow": "ratios", "phase": "read_only"}),
        row(U, F, 200, F, F),
    ),
    "POST /rollout/pilots": (  # an empty name: past auth, refused as invalid, so no pilot starts
        api("POST", "/rollout/pilots", json={"name": "", "workflow": "ratios", "phase": "assistive"}),
        row(U, F, 422, F, F),
    ),
    "POST /rollout/pilots/{name}/end": (
        api("POST", "/rollout/pilots/no-such-pilot/end"),
        row(U, F, N, F, F),
    ),
    "GET /licensing-reports": (
        api("GET", "/licensing-reports", look_for="{report}"),
        row(U, (SEEN, HIDDEN), SEEN, (SEEN, HIDDEN), F),
    ),
    "POST /licensing-reports/{report_id}/filed": (
        api("POST", "/licensing-reports/{report}/filed", json={"filed_at": FUTURE}),
        row(U, (422, N), 422, F, F),
    ),
    "GET /events": (
        api("GET", "/events", look_for="{event}"),
        row(U, (SEEN, HIDDEN), SEEN, (SEEN, HIDDEN), F),
    ),
    "POST /events/{event_id}/retry": (  # the events ran to their interrupt: not parked, so 409 in scope
        api("POST", "/events/{event}/retry"),
        row(U, (409, N), 409, F, F),
    ),
    "GET /skills/match": (
        api("GET", "/skills/match", params={"need": "CPR", "center": "{center}"}),
        row(U, (200, N), 200, F, F),
    ),
    "GET /skills/plans/{staff_id}": (api("GET", "/skills/plans/{staff}"), row(U, (200, N), 200, F, F)),
    "GET /skills/needs": (
        api("GET", "/skills/needs", params={"center": "{center}"}),
        row(U, (200, N), 200, F, F),
    ),
    "POST /skills/needs": (  # a new text each call: the same need twice is 409
        api("POST", "/skills/needs", json={"need": "STEM support @unique", "center_id": "@center"}),
        row(U, (201, N), 201, F, F),
    ),
    "POST /skills/assignments": (
        api("POST", "/skills/assignments", json={"need": "CPR", "center_id": "@center"}),
        row(U, (202, N), 202, F, F),
    ),
    "GET /metrics": (api("GET", "/metrics"), row(U, 200, 200, 200, 200)),
    "GET /healthz": (public("/healthz"), row(200, 200, 200, 200, 200)),
    # the signature suffices; a token sent must be a live service token
    "POST /webhooks/procare": (webhook, row(U, F, F, F, 202, no_token=202)),
    "GET /openapi.json": (public("/openapi.json"), row(200, 200, 200, 200, 200)),
    "GET /docs": (public("/docs"), row(200, 200, 200, 200, 200)),
    "GET /docs/oauth2-redirect": (public("/docs/oauth2-redirect"), row(200, 200, 200, 200, 200)),
    "GET /redoc": (public("/redoc"), row(200, 200, 200, 200, 200)),
    "GET /inbox/login": (public("/inbox/login"), row(200, 200, 200, 200, 200)),
    "POST /inbox/login": (sign_in, row(U, R, R, R, U)),
    "POST /inbox/logout": (inbox("POST", "/inbox/logout"), row(R, R, R, R, R)),
    "GET /inbox": (inbox("GET", "/inbox"), row(R, (SEEN, HIDDEN), SEEN, (SEEN, HIDDEN), R)),
    "POST /inbox/bulk": (
        inbox("POST", "/inbox/bulk", decision="", thread_id="{thread}"),
        row(R, 422, 422, F, R),
    ),
    "GET /inbox/approvals/{thread_id}": (
        inbox("GET", "/inbox/approvals/{thread}"),
        row(R, (200, N), 200, (200, N), R),
    ),
    "POST /inbox/approvals/{thread_id}": (
        inbox("POST", "/inbox/approvals/{thread}"),
        row(R, (422, N), 422, F, R),
    ),
    "POST /inbox/approvals/{thread_id}/retry": (
        inbox("POST", "/inbox/approvals/{thread}/retry"),
        row(R, (409, N), 409, F, R),
    ),
    "GET /inbox/audit/threads/{thread_id}": (
        inbox("GET", "/inbox/audit/threads/{thread}"),
        row(R, (200, N), 200, (200, N), R),
    ),
    "GET /inbox/audit/staff": (
        inbox("GET", "/inbox/audit/staff?staff_id={staff}"),
        row(R, (SEEN, HIDDEN), SEEN, (SEEN, HIDDEN), R),
    ),
}


def route_keys(routes: list[Any]) -> set[str]:
    """`METHOD /path` of every route the app serves (mounted static files aside), through included
    routers (FastAPI >= 0.165 keeps them as lazily resolved `_IncludedRouter` entries)."""
    keys = set()
    for route in routes:
        if hasattr(route, "effective_route_contexts"):
            for context in route.effective_route_contexts():
                methods = getattr(context.original_route, "methods", None) or set()
                keys |= {f"{method} {context.path}" for method in methods - {"HEAD"}}
        elif isinstance(route, APIRoute | Route):
            keys |= {f"{method} {route.path}" for method in (route.methods or set()) - {"HEAD"}}
    return keys


async def test_every_route_has_an_expectation(harness: Harness) -> None:
    assert route_keys(harness.app.routes) == set(MATRIX), "give each new route a row in MATRIX"


async def world(h: Harness) -> World:
    threads = {t: await h.pending_thread(CENTER[t], STAFF[t]) for t in TARGETS}
    reports = {t: f"LR-{CENTER[t]}-{uuid.uuid4().hex[:8]}" for t in TARGETS}
    now = h.services.now()
    async with h.services.pool.connection() as conn:
        for t in TARGETS:
            await conn.execute(
                "INSERT INTO licensing_reports (report_id, center_id, incident_id, thread_id, kind, agency, "
                "citation, timing, due_at, found_at) VALUES (%s, %s, 'I-1', %s, 'licensing', 'agency', "
                "'cite', 'within 24 hours', %s, %s)",
                (reports[t], CENTER[t], threads[t], now + timedelta(days=1), now),
            )
            await conn.execute(
                "INSERT INTO rollout_phases (center_id, workflow, phase, updated_by) "
                "VALUES (%s, 'payroll', 'read_only', 'tests') ON CONFLICT DO NOTHING",
                (CENTER[t],),
            )
    h.tokens["expired"] = await create_token(
        h.services.pool, "director", ["S1"], f"expired-{h.suffix}", now=now - timedelta(days=91)
    )
    events = {t: next(j.event_id for j in h.enqueuer.jobs if j.thread_id == threads[t]) for t in TARGETS}
    return World(h, threads, reports, events)


def verdict(answer: httpx.Response, look_for: str | None) -> int | str:
    if answer.status_code == 200 and look_for is not None:
        return SEEN if look_for in answer.text else HIDDEN
    return answer.status_code


@pytest.mark.parametrize("route", sorted(MATRIX))
async def test_every_caller_against_route_for_own_and_other_center(harness: Harness, route: str) -> None:
    call, by_caller = MATRIX[route]
    w = await world(harness)
    got, want = {}, {}
    for who in CALLERS:
        expected = by_caller[who]
        own, other = expected if isinstance(expected, tuple) else (expected, expected)
        for target, exp in zip(TARGETS, (own, other), strict=True):
            answer, look_for = await call(w, who, target)
            got[(who, target)] = verdict(answer, look_for if isinstance(exp, str) else None)
            want[(who, target)] = exp
            assert answer.status_code < 500 and "Traceback" not in answer.text, (who, target, answer.text)
    assert got == want
    for target in TARGETS:  # refusals and refused decisions never moved a thread
        assert (await harness.services.runner.outcome(w.threads[target])).status == "awaiting_review"


async def test_refusals_are_json_with_code_and_message(harness: Harness) -> None:
    thread = await harness.pending_thread("S1", "E1")
    cases = {
        "anonymous": (await harness.client.get("/approvals"), "unauthorized"),
        "auditor": (
            await harness.client.post(
                f"/approvals/{thread}/decisions", json={"decisions": []}, headers=harness.auth("auditor")
            ),
            "forbidden",
        ),
        "director_b": (
            await harness.client.get(f"/approvals/{thread}", headers=harness.auth("director_b")),
            "not_found",
        ),
    }
    for who, (answer, code) in cases.items():
        assert answer.json()["error"] == code, who
        assert answer.json()["message"], who
    assert cases["anonymous"][0].headers["www-authenticate"] == "Bearer"
    # a foreign thread and a missing thread are indistinguishable
    missing = await harness.client.get("/approvals/S1:nope", headers=harness.auth("director_b"))
    assert missing.status_code == 404
    assert missing.json()["message"].replace("S1:nope", "X") == cases["director_b"][0].json()[
        "message"
    ].replace(thread, "X")


async def test_director_b_cannot_decide_s1_but_hr_admin_can_decide_s2(harness: Harness) -> None:
    s1 = await harness.pending_thread("S1", "E1")
    s2 = await harness.pending_thread("S2", "E2")
    decisions = {"decisions": [{"type": "reject", "message": "no"}, {"type": "reject", "message": "no"}]}
    foreign = await harness.client.post(
        f"/approvals/{s1}/decisions", json=decisions, headers=harness.auth("director_b")
    )
    assert foreign.status_code == 404
    assert (await harness.services.runner.outcome(s1)).status == "awaiting_review"
    admin = await harness.client.post(
        f"/approvals/{s2}/decisions", json=decisions, headers=harness.auth("hr_admin")
    )
    assert admin.status_code == 200 and admin.json()["status"] == "done"
    assert {d["reviewer"] for d in admin.json()["decisions"]} == {harness.label("hr_admin")}
    assert all(d["decided_at"].endswith(("Z", "+00:00")) for d in admin.json()["decisions"])
