"""`POST /skills/assignments`: a need becomes a run paused at human review with one assignment task; scoped
by role and center. And a hire's webhook queues the mandated-training check of the same person."""

from __future__ import annotations

from checkpoints.rollout_store import set_phase
from services.runs import run_stored_event
from tests.clock import during
from tests.fakes import NOW
from tests.integration.api.harness import TODAY, Harness, event_body


async def test_a_director_request_pauses_for_review_with_one_task(harness: Harness) -> None:
    harness.services.deps.clock = lambda: during(TODAY)
    await set_phase(harness.services.pool, "S1", "skills", "assistive", updated_by="tests", at=NOW)
    body = {"need": "CPR certified lead for the infant room", "center_id": "S1"}
    answer = await harness.client.post("/skills/assignments", json=body, headers=harness.auth("director"))
    assert answer.status_code == 202, answer.text
    made = answer.json()
    assert made["thread_id"].startswith("S1:skills-assign-") and made["candidates"][0]["staff_id"] == "E1"
    assert any(r.startswith("credential: pediatric_cpr_aha") for r in made["candidates"][0]["reasons"])
    (outcome,) = await harness.run_jobs()
    assert outcome.thread_id == made["thread_id"] and outcome.status == "awaiting_review"

    review = await harness.client.get(f"/approvals/{made['thread_id']}", headers=harness.auth("director"))
    assert review.status_code == 200, review.text
    [action] = review.json()["request"]["action_requests"]
    assert action["name"] == "create_task" and action["args"]["related_employee_id"] == "E1"
    assert action["args"]["school_id"] == "S1"

    again = await harness.client.post("/skills/assignments", json=body, headers=harness.auth("director"))
    assert again.status_code == 200 and again.json()["thread_id"] == made["thread_id"]
    assert again.json()["duplicate"] is True


async def test_scope_roles_and_bad_input(harness: Harness) -> None:
    harness.services.deps.clock = lambda: during(TODAY)
    post = harness.client.post
    body = {"need": "Spanish", "center_id": "S1"}
    assert (await post("/skills/assignments", json=body)).status_code == 401
    assert (await post("/skills/assignments", json=body, headers=harness.auth("auditor"))).status_code == 403
    other = await post("/skills/assignments", json=body, headers=harness.auth("director_b"))
    assert other.status_code == 404 and other.json()["error"] == "not_found"
    elsewhere = await post(
        "/skills/assignments", json={**body, "staff_id": "E2"}, headers=harness.auth("director")
    )
    assert elsewhere.status_code == 404 and "no active staff member E2" in elsewhere.json()["message"]
    blank = await post("/skills/assignments", json={**body, "need": "   "}, headers=harness.auth("director"))
    assert blank.status_code == 422 and "need must be a non-empty text" in blank.json()["message"]
    extra = await post(
        "/skills/assignments", json={**body, "action": "patch_payroll"}, headers=harness.auth("hr_admin")
    )
    assert extra.status_code == 422
    assert harness.enqueuer.jobs == []


async def test_a_hire_webhook_queues_the_mandated_training_check(harness: Harness) -> None:
    harness.services.deps.clock = lambda: during(TODAY)
    hired = event_body(type_="staff.hired")
    signed_at = int(during(TODAY).timestamp())
    assert (await harness.deliver(hired, timestamp=signed_at)).status_code == 202
    [job] = harness.enqueuer.jobs
    await run_stored_event(harness.services, job.event_id)
    follow = [j for j in harness.enqueuer.jobs if j.event_id == f"{hired['id']}~mandated_training"]
    assert [j.lock for j in follow] == ["staff:S1:E1"]
    outcome = await run_stored_event(harness.services, follow[0].event_id)
    assert outcome.state.workflow == "skills"
    assert any(f.kind == "mandated_training_status" for f in outcome.state.findings)
    await run_stored_event(harness.services, job.event_id)  # a retried hire run queues nothing new
    assert len([j for j in harness.enqueuer.jobs if j.event_id == follow[0].event_id]) == 1


async def test_a_development_plan_is_for_the_callers_centers_only(harness: Harness) -> None:
    harness.services.deps.clock = lambda: during(TODAY)
    mine = await harness.client.get("/skills/plans/E1", headers=harness.auth("director"))
    assert mine.status_code == 200, mine.text
    plan = mine.json()
    assert plan["center_id"] == "S1" and plan["role"] == "lead_teacher" and plan["state"] == "TX"
    gaps = {g["key"]: g for g in plan["gaps"]}
    assert gaps["pediatric_cpr"]["status"] == "expiring"  # the card runs to 2026-11-30
    assert gaps["annual_hours"]["status"] == "short" and "746.1309" in gaps["annual_hours"]["citation"]
    other = await harness.client.get("/skills/plans/E2", headers=harness.auth("director"))
    missing = await harness.client.get("/skills/plans/E404", headers=harness.auth("director"))
    assert other.status_code == missing.status_code == 404
    assert other.json()["message"].replace("E2", "X") == missing.json()["message"].replace("E404", "X")
    assert (await harness.client.get("/skills/plans/E1", headers=harness.auth("auditor"))).status_code == 403


async def test_a_director_declares_a_center_need_that_the_plan_then_checks(harness: Harness) -> None:
    harness.services.deps.clock = lambda: during(TODAY)
    body = {"center_id": "S1", "need": "bilingual Spanish for family communications"}
    made = await harness.client.post("/skills/needs", json=body, headers=harness.auth("director"))
    assert made.status_code == 201, made.text
    need = made.json()
    assert need["center_id"] == "S1" and need["declared_by"] and need["declared_at"].startswith(str(TODAY))
    again = await harness.client.post("/skills/needs", json=body, headers=harness.auth("hr_admin"))
    assert again.status_code == 409 and "already declares" in again.json()["message"]
    nul = await harness.client.post(
        "/skills/needs", json={"center_id": "S1", "need": "art\u0000"}, headers=harness.auth("director")
    )
    assert nul.status_code == 422 and "control character" in nul.json()["message"]
    listed = await harness.client.get("/skills/needs", headers=harness.auth("director"))
    assert [n["need_id"] for n in listed.json()["items"]] == [need["need_id"]]
    plan = (await harness.client.get("/skills/plans/E1", headers=harness.auth("director"))).json()
    [check] = plan["center_needs"]
    assert check["need_id"] == need["need_id"] and not check["shown"]
    assert f"center_need:{need['need_id']}" in {g["key"] for g in plan["gaps"]}
    assert (await harness.client.get("/skills/plans/E2", headers=harness.auth("hr_admin"))).json()[
        "center_needs"
    ] == []  # another center's needs are not this one's
