"""With the database gone, every route that needs it answers 503 `database_unavailable` (an HTML page of
the same status for the inbox), never a 500 and never after a checkout's timeout: the routes come from the
RBAC matrix (tests/integration/api/test_rbac.py), so a new route is covered by its row there. The pool is
the API's (`API_POOL_WAIT_SECONDS`, `fail_fast`): once it has seen the database refuse, a checkout is
refused at once (checkpoints.db.ReconnectingPool); the time each answer takes is bench/db_outage.py's."""

from __future__ import annotations

import httpx
import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from checkpoints.db import ReconnectingPool
from procare_ai.wiring import API_POOL_WAIT_SECONDS
from tests.integration.api import test_rbac as rbac
from tests.integration.api.harness import Harness
from tests.integration.queue_world import until

pytestmark = pytest.mark.integration

KILL = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"


def _admin(server_url: str, sql: str, *args: object) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql, args)  # type: ignore[arg-type]


NO_DATABASE = {
    "GET /docs",
    "GET /docs/oauth2-redirect",
    "GET /redoc",
    "GET /openapi.json",
    "GET /inbox/login",
}
"""Routes that serve without the database (the API's description, the sign-in form): 200 through an outage."""
INBOX: dict[str, tuple[str, str, dict[str, str]]] = {
    "GET /inbox": ("GET", "/inbox", {}),
    "GET /inbox/approvals/{thread_id}": ("GET", "/inbox/approvals/{thread}", {}),
    "GET /inbox/audit/threads/{thread_id}": ("GET", "/inbox/audit/threads/{thread}", {}),
    "GET /inbox/audit/staff": ("GET", "/inbox/audit/staff?staff_id=E1", {}),
    "POST /inbox/bulk": ("POST", "/inbox/bulk", {"decision": "approve", "thread_id": "{thread}"}),
    "POST /inbox/approvals/{thread_id}": ("POST", "/inbox/approvals/{thread}", {}),
    "POST /inbox/approvals/{thread_id}/retry": ("POST", "/inbox/approvals/{thread}/retry", {}),
    "POST /inbox/logout": ("POST", "/inbox/logout", {}),
}
"""The inbox's pages and forms, in a session signed in before the outage (the matrix signs in per call)."""


def _unavailable(route: str, answer: httpx.Response) -> bool:
    if answer.status_code != 503:
        return False
    if route.split()[1].startswith("/inbox"):
        return answer.headers["content-type"].startswith("text/html")
    if route == "GET /healthz":
        return answer.json()["database"] == "down"
    return answer.json()["error"] == "database_unavailable"


async def test_every_route_answers_503_with_the_database_gone(
    harness: Harness, api_db_url: str, pg_server_url: str
) -> None:
    assert {r for r in rbac.MATRIX if r.split()[1].startswith("/inbox/") or r.endswith(" /inbox")} == set(
        INBOX
    ) | {"GET /inbox/login", "POST /inbox/login"}, "give a new inbox route a row in INBOX"
    pool = harness.services.pool
    assert isinstance(pool, ReconnectingPool)
    pool.timeout, pool.fail_fast = API_POOL_WAIT_SECONDS, True  # the API's pool (procare-ai serve)
    w = await rbac.world(harness)
    browser, csrf = await w.inbox("hr_admin")
    assert csrf != "no-session"
    dbname = str(conninfo_to_dict(api_db_url)["dbname"])
    _admin(pg_server_url, f"ALTER DATABASE {dbname} WITH ALLOW_CONNECTIONS false")
    answers: dict[str, httpx.Response] = {}
    try:
        _admin(pg_server_url, KILL, dbname)
        for route, (call, _) in sorted(rbac.MATRIX.items()):
            if route in INBOX:
                method, path, form = INBOX[route]
                url = path.format(thread=w.threads["own"])
                data = {"csrf_token": csrf, **{k: v.format(thread=w.threads["own"]) for k, v in form.items()}}
                answers[route] = await browser.request(method, url, data=data if method == "POST" else None)
            else:
                answers[route], _ = await call(w, "hr_admin", "own")
    finally:
        _admin(pg_server_url, f"ALTER DATABASE {dbname} WITH ALLOW_CONNECTIONS true")
    wrong = {
        route: (a.status_code, a.text[:120])
        for route, a in answers.items()
        if (a.status_code != 200 if route in NO_DATABASE else not _unavailable(route, a))
    }
    assert not wrong, wrong

    async def approvals_answer() -> bool:
        answer = await harness.client.get("/approvals", headers=harness.auth("hr_admin"))
        return answer.status_code == 200

    await until("the API to answer again once the database is back", approvals_answer)
    await browser.aclose()
