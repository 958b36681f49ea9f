"""The director inbox over the real app and Postgres (httpx ASGI): sign-in, session cookie, CSRF, CSP,
scoping, decisions with validated edits, expiry and sign-out. The browser tests (tests/browser) drive the
same pages in Chromium against real processes.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from api.security_headers import CONTENT_SECURITY_POLICY
from tests.integration.api.harness import Harness

pytestmark = pytest.mark.integration


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


async def sign_in(h: Harness, who: str) -> httpx.Response:
    form = await h.client.get("/inbox/login")
    answer = await h.client.post(
        "/inbox/login", data={"token": h.tokens[who], "csrf_token": csrf_of(form.text), "next": "/inbox"}
    )
    assert answer.status_code == 303, answer.text
    return answer


async def test_pages_need_a_session_and_sign_in_sets_a_strict_http_only_cookie(harness: Harness) -> None:
    first = await harness.client.get("/inbox")
    assert first.status_code == 303 and first.headers["location"].startswith("/inbox/login")
    form = await harness.client.get("/inbox/login")
    assert form.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "<script>" not in form.text and "http://" not in form.text and "https://" not in form.text
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY

    signed = await sign_in(harness, "director")
    cookie = next(v for k, v in signed.headers.multi_items() if k == "set-cookie" and "pcai_session" in v)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    queue = await harness.client.get("/inbox")
    assert queue.status_code == 200 and "Waiting for your decision" in queue.text
    assert harness.label("director") in queue.text
    assert harness.tokens["director"] not in queue.text  # the token never comes back to the browser


async def test_a_wrong_token_or_a_forged_sign_in_is_refused(harness: Harness) -> None:
    form = await harness.client.get("/inbox/login")
    wrong = await harness.client.post(
        "/inbox/login", data={"token": "pcai_nope", "csrf_token": csrf_of(form.text)}
    )
    assert wrong.status_code == 401 and "unknown or revoked token" in wrong.text
    forged = await harness.client.post("/inbox/login", data={"token": harness.tokens["director"]})
    assert forged.status_code == 403 and "pcai_session" not in forged.headers.get("set-cookie", "")
    service = await harness.client.get("/inbox/login")
    refused = await harness.client.post(
        "/inbox/login", data={"token": harness.tokens["service"], "csrf_token": csrf_of(service.text)}
    )
    assert refused.status_code == 401 and "cannot open the inbox" in refused.text


async def test_queue_shows_only_own_centers_and_a_post_without_csrf_is_refused(harness: Harness) -> None:
    mine = await harness.pending_thread("S1", "E1")
    other = await harness.pending_thread("S2", "E2")
    await sign_in(harness, "director")
    queue = (await harness.client.get("/inbox")).text
    assert mine in queue and other not in queue
    assert "checked" not in re.sub(r'id="f-escalated"[^>]*>', "", queue)  # nothing preselected
    assert (await harness.client.get(f"/inbox/approvals/{other}")).status_code == 404

    detail = await harness.client.get(f"/inbox/approvals/{mine}")
    assert detail.status_code == 200
    count = detail.text.count('value="approve"')
    forged = await harness.client.post(
        f"/inbox/approvals/{mine}", data={f"decision{i}": "approve" for i in range(count)}
    )
    assert forged.status_code == 403
    assert (await harness.services.runner.outcome(mine)).status == "awaiting_review"


async def test_a_decision_form_needs_a_choice_per_action_and_validates_edits(harness: Harness) -> None:
    thread = await harness.pending_thread("S1", "E1")
    await sign_in(harness, "director")
    page = (await harness.client.get(f"/inbox/approvals/{thread}")).text
    csrf = csrf_of(page)
    outcome = await harness.services.runner.outcome(thread)
    pending = [p for p in outcome.state.proposals if p.id in outcome.state.pending]
    task = next(i for i, p in enumerate(pending) if p.action == "create_task")

    empty = await harness.client.post(f"/inbox/approvals/{thread}", data={"csrf_token": csrf})
    assert empty.status_code == 422 and "Choose approve, edit or reject." in empty.text

    data = {"csrf_token": csrf} | {f"decision{i}": "approve" for i in range(len(pending))}
    data |= {f"decision{task}": "edit", f"a{task}.priority": "whenever", f"a{task}.due_on": "soon"}
    bad = await harness.client.post(f"/inbox/approvals/{thread}", data=data)
    assert bad.status_code == 422
    assert f'id="f-a{task}-due_on-error"' in bad.text and f'id="f-a{task}-priority-error"' in bad.text
    assert (await harness.services.runner.outcome(thread)).status == "awaiting_review"

    data |= {f"a{task}.priority": "high", f"a{task}.due_on": "2026-11-20", f"a{task}.title": "Renew CPR"}
    data |= {"decision0": "reject", "reason0": "not needed"} if task != 0 else {}
    done = await harness.client.post(f"/inbox/approvals/{thread}", data=data)
    assert done.status_code == 303
    result = (await harness.client.get(done.headers["location"])).text
    assert "Edited and approved by " + harness.label("director") in result
    decided = await harness.services.runner.outcome(thread)
    edit = next(d for d in decided.state.decisions if d.type == "edit")
    assert edit.edited_args is not None and edit.edited_args["priority"] == "high"
    assert edit.edited_args["due_on"] == "2026-11-20" and edit.edited_args["title"] == "Renew CPR"
    assert edit.edited_args["school_id"] == "S1"  # the target is the proposal's, whatever was posted


async def test_an_auditor_reads_but_cannot_decide(harness: Harness) -> None:
    thread = await harness.pending_thread("S1", "E1")
    await sign_in(harness, "auditor")
    page = await harness.client.get(f"/inbox/approvals/{thread}")
    assert page.status_code == 200 and "can read approvals but not decide" in page.text
    answer = await harness.client.post(
        f"/inbox/approvals/{thread}", data={"csrf_token": csrf_of(page.text), "decision0": "approve"}
    )
    assert answer.status_code == 403


async def test_sessions_end_at_sign_out_at_expiry_and_with_their_token(harness: Harness) -> None:
    await sign_in(harness, "director")
    queue = await harness.client.get("/inbox")
    out = await harness.client.post("/inbox/logout", data={"csrf_token": csrf_of(queue.text)})
    assert out.status_code == 303
    assert (await harness.client.get("/inbox")).status_code == 303

    await sign_in(harness, "hr_admin")
    assert (await harness.client.get("/inbox")).status_code == 200
    later = datetime.now(UTC) + timedelta(hours=9)  # past the 8-hour default
    harness.services.deps.clock = lambda: later
    try:
        assert (await harness.client.get("/inbox")).status_code == 303
    finally:
        harness.services.deps.clock = lambda: datetime.now(UTC)

    await sign_in(harness, "director_b")
    from services.tokens import revoke_token

    await revoke_token(harness.services.pool, harness.label("director_b"), now=harness.services.now())
    assert (await harness.client.get("/inbox")).status_code == 303
