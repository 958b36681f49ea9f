"""RBAC, table-driven: every role (and no token, and a bad token) against every endpoint.

A director of S1 (`director`) owns the S1 thread; `director_b` owns S2 only and must get 404 (not 403) for
S1's threads; `auditor` reads S1 and never decides; `service` only delivers webhooks; `hr_admin` sees all.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx
import pytest

from tests.integration.api.harness import Harness, event_body

pytestmark = pytest.mark.integration

WHO = ["anonymous", "bad_token", "director", "director_b", "hr_admin", "auditor", "service"]
Call = Callable[[Harness, str, str], Awaitable[httpx.Response]]


def headers(h: Harness, who: str) -> dict[str, str]:
    return {} if who == "anonymous" else h.auth(who)


async def list_approvals(h: Harness, who: str, thread: str) -> httpx.Response:
    return await h.client.get("/approvals", headers=headers(h, who))


async def get_approval(h: Harness, who: str, thread: str) -> httpx.Response:
    return await h.client.get(f"/approvals/{thread}", headers=headers(h, who))


async def post_decisions(h: Harness, who: str, thread: str) -> httpx.Response:
    # an empty decision list gets past auth and is refused by the runner (422), so the thread stays paused
    return await h.client.post(
        f"/approvals/{thread}/decisions", json={"decisions": []}, headers=headers(h, who)
    )


async def audit_by_staff(h: Harness, who: str, thread: str) -> httpx.Response:
    return await h.client.get("/audit", params={"staff_id": "E1"}, headers=headers(h, who))


async def audit_by_center(h: Harness, who: str, thread: str) -> httpx.Response:
    return await h.client.get("/audit", params={"center_id": "S1"}, headers=headers(h, who))


async def history(h: Harness, who: str, thread: str) -> httpx.Response:
    return await h.client.get(f"/threads/{thread}/history", headers=headers(h, who))


async def get_rollout(h: Harness, who: str, thread: str) -> httpx.Response:
    return await h.client.get("/rollout", headers=headers(h, who))


async def put_rollout(h: Harness, who: str, thread: str) -> httpx.Response:
    body = {"center_id": "S9", "workflow": "payroll", "phase": "read_only"}  # no shadow run needed
    return await h.client.put("/rollout", json=body, headers=headers(h, who))


async def metrics(h: Harness, who: str, thread: str) -> httpx.Response:
    return await h.client.get("/metrics", headers=headers(h, who))


async def webhook(h: Harness, who: str, thread: str) -> httpx.Response:
    return await h.deliver(event_body(employee_id=None, type_="document.uploaded"), who=headers_who(who))


def headers_who(who: str) -> str | None:
    return None if who == "anonymous" else who


async def healthz(h: Harness, who: str, thread: str) -> httpx.Response:
    return await h.client.get("/healthz", headers=headers(h, who))


async def inbox(h: Harness, who: str, thread: str) -> httpx.Response:
    return await h.client.get("/inbox", headers=headers(h, who))


U, F, N = 401, 403, 404  # unauthenticated, forbidden by role, not found (other center)
#                         anonymous bad  director dir_b hr_admin auditor service
TABLE: dict[str, tuple[Call, list[int]]] = {
    "GET /approvals": (list_approvals, [U, U, 200, 200, 200, 200, F]),
    "GET /approvals/{id}": (get_approval, [U, U, 200, N, 200, 200, F]),
    "POST /approvals/{id}/decisions": (post_decisions, [U, U, 422, N, 422, F, F]),
    "GET /audit?staff_id": (audit_by_staff, [U, U, 200, 200, 200, 200, F]),
    "GET /audit?center_id": (audit_by_center, [U, U, 200, N, 200, 200, F]),
    "GET /threads/{id}/history": (history, [U, U, 200, N, 200, 200, F]),
    "GET /rollout": (get_rollout, [U, U, 200, 200, 200, 200, F]),
    "PUT /rollout": (put_rollout, [U, U, F, F, 200, F, F]),
    "GET /metrics": (metrics, [U, U, 200, 200, 200, 200, 200]),  # service: a scrape token
    "POST /webhooks/procare": (webhook, [U, U, F, F, F, F, 202]),
    "GET /healthz": (healthz, [200] * 7),
    "GET /inbox": (inbox, [303] * 7),  # a bearer token is no inbox session: to the sign-in form
}


@pytest.mark.parametrize("endpoint", list(TABLE))
async def test_every_role_against_endpoint(harness: Harness, endpoint: str) -> None:
    call, expected = TABLE[endpoint]
    thread = await harness.pending_thread("S1", "E1")
    got = {who: (await call(harness, who, thread)).status_code for who in WHO}
    assert got == dict(zip(WHO, expected, strict=True))
    # refusals never moved the thread
    assert (await harness.services.runner.outcome(thread)).status == "awaiting_review"


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
    missing = await harness.client.get("/approvals/S1--nope", headers=harness.auth("director_b"))
    assert missing.status_code == 404
    assert missing.json()["message"].replace("S1--nope", "X") == cases["director_b"][0].json()[
        "message"
    ].replace(thread, "X")


async def test_lists_are_scoped_to_the_callers_centers(harness: Harness) -> None:
    s1 = await harness.pending_thread("S1", "E1")
    s2 = await harness.pending_thread("S2", "E2")

    async def threads(who: str) -> set[str]:
        answer = await harness.client.get("/approvals", headers=harness.auth(who))
        return {a["thread_id"] for a in answer.json()["items"]}

    assert s1 in await threads("director") and s2 not in await threads("director")
    assert s2 in await threads("director_b") and s1 not in await threads("director_b")
    assert {s1, s2} <= await threads("hr_admin")
    assert s1 in await threads("auditor") and s2 not in await threads("auditor")
    e1 = await harness.client.get("/audit", params={"staff_id": "E1"}, headers=harness.auth("director_b"))
    assert e1.status_code == 200 and e1.json() == []  # S2's director learns nothing of S1's staff


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
