"""The director API on the real Postgres: review, decide (once), refusals keep the thread paused, audit,
history, rollout, health, metrics, the inbox page and the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.integration.api.harness import Harness, event_body

pytestmark = pytest.mark.integration


async def detail(h: Harness, thread: str, who: str = "director") -> dict[str, Any]:
    answer = await h.client.get(f"/approvals/{thread}", headers=h.auth(who))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def decide(h: Harness, thread: str, decisions: list[dict[str, Any]], who: str = "director") -> Any:
    return await h.client.post(
        f"/approvals/{thread}/decisions", json={"decisions": decisions}, headers=h.auth(who)
    )


async def scrape(h: Harness) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    answer = await h.client.get("/metrics", headers=h.auth("hr_admin"))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(answer.text)
        for s in family.samples
    }


async def test_detail_holds_the_hitl_request_data_read_rationale_and_findings(harness: Harness) -> None:
    thread = await harness.pending_thread()
    body = await detail(harness, thread)
    assert body["status"] == "awaiting_review" and body["center_id"] == "S1"
    request = body["request"]
    assert [a["name"] for a in request["action_requests"]] == ["send_message", "create_task"]
    assert [c["allowed_decisions"] for c in request["review_configs"]] == [["approve", "edit", "reject"]] * 2
    assert request["thread_id"] == thread and request["staff_ids"] == ["E1"]
    assert all(p["rationale"] for p in body["proposals"])
    assert {r["kind"] for r in body["reads"]} >= {"school"} and any(
        r["staff_id"] == "E1" for r in body["reads"]
    )
    assert any(f["kind"] == "credential_expiring" for f in body["findings"])
    listing = await harness.client.get("/approvals", headers=harness.auth("director"))
    mine = next(a for a in listing.json()["items"] if a["thread_id"] == thread)
    assert [a["name"] for a in mine["actions"]] == ["send_message", "create_task"] and mine["staff_ids"] == [
        "E1"
    ]


async def test_approve_writes_once_answers_the_outcome_and_a_second_decision_is_409(harness: Harness) -> None:
    thread = await harness.pending_thread()
    answer = await decide(
        harness, thread, [{"type": "approve"}, {"type": "reject", "message": "booked already"}]
    )
    assert answer.status_code == 200, answer.text
    outcome = answer.json()
    assert outcome["status"] == "done"
    assert [(r["action"], r["ok"]) for r in outcome["results"]] == [("send_message", True)]
    assert [(d["type"], d["reviewer"]) for d in outcome["decisions"]] == [
        ("approve", harness.label("director")),
        ("reject", harness.label("director")),
    ]
    assert [name for name, _ in harness.fake.effects] == ["send_message"]
    again = await decide(harness, thread, [{"type": "approve"}, {"type": "approve"}])
    assert again.status_code == 409 and again.json()["error"] == "conflict"
    assert [name for name, _ in harness.fake.effects] == ["send_message"]  # nothing written twice
    after = await detail(harness, thread)
    assert after["status"] == "done" and after["request"] is None
    listing = await harness.client.get("/approvals", headers=harness.auth("director"))
    assert thread not in {a["thread_id"] for a in listing.json()["items"]}


@pytest.mark.parametrize(
    ("decisions", "code", "message"),
    [
        ([{"type": "approve"}], "invalid_input", "expected 2 decision"),
        ([{"type": "maybe"}, {"type": "approve"}], "invalid_input", "body.decisions.0"),
        ([{"type": "edit"}, {"type": "approve"}], "invalid_input", "edited_action"),
        ("not-a-list", "invalid_input", "body.decisions"),
    ],
)
async def test_bad_decisions_are_422_and_the_thread_stays_paused(
    harness: Harness, decisions: Any, code: str, message: str
) -> None:
    thread = await harness.pending_thread()
    answer = await decide(harness, thread, decisions)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == code and message in answer.json()["message"]
    assert (await detail(harness, thread))["status"] == "awaiting_review"
    assert harness.fake.effects == []


async def test_an_edit_writing_a_field_outside_the_allow_list_is_refused_at_decision_time(
    harness: Harness,
) -> None:
    thread = await harness.pending_thread()
    request = (await detail(harness, thread))["request"]
    args = {**request["action_requests"][0]["args"], "cc_all_staff": True}
    widen = {"type": "edit", "edited_action": {"name": "send_message", "args": args}}
    answer = await decide(harness, thread, [widen, {"type": "approve"}])
    assert answer.status_code == 422
    assert answer.json()["error"] == "policy_violation"
    assert "may not write field(s) cc_all_staff" in answer.json()["message"]
    renamed = {
        "type": "edit",
        "edited_action": {"name": "patch_payroll", "args": request["action_requests"][0]["args"]},
    }
    assert (await decide(harness, thread, [renamed, {"type": "approve"}])).status_code == 422
    assert (await detail(harness, thread))["status"] == "awaiting_review" and harness.fake.effects == []
    body = "Please renew your Pediatric CPR card before it expires."
    ok = {
        "type": "edit",
        "edited_action": {
            "name": "send_message",
            "args": {**request["action_requests"][0]["args"], "body": body},
        },
    }
    done = await decide(harness, thread, [ok, {"type": "reject"}])
    assert done.status_code == 200 and harness.fake.effects[0][1]["body"] == body


async def test_audit_by_staff_and_center_and_history(harness: Harness) -> None:
    thread = await harness.pending_thread()
    await decide(harness, thread, [{"type": "approve"}, {"type": "approve"}])
    by_staff = await harness.client.get("/audit", params={"staff_id": "E1"}, headers=harness.auth("auditor"))
    entry = next(e for e in by_staff.json() if e["thread_id"] == thread)
    assert (
        entry["status"] == "done" and len(entry["decisions"]) == 2 and all(r["ok"] for r in entry["results"])
    )
    assert entry["reads"] and entry["proposals"][0]["prompt"] is not None
    by_center = await harness.client.get(
        "/audit", params={"center_id": "S1", "since": "2000-01-01T00:00:00Z"}, headers=harness.auth("auditor")
    )
    assert thread in {e["thread_id"] for e in by_center.json()}
    neither = await harness.client.get("/audit", headers=harness.auth("auditor"))
    assert neither.status_code == 422 and "staff_id" in neither.json()["message"]
    bad_time = await harness.client.get(
        "/audit", params={"center_id": "S1", "since": "soon"}, headers=harness.auth("auditor")
    )
    assert bad_time.status_code == 422 and "query.since" in bad_time.json()["message"]

    history = await harness.client.get(f"/threads/{thread}/history", headers=harness.auth("auditor"))
    items = history.json()
    assert history.status_code == 200 and len(items) >= 2
    assert items[0]["values"]["status"] == "done" and items[0]["next"] == []
    paused = next(i for i in items if i["next"] == ["human_review"])
    assert paused["interrupted"] and paused["values"]["pending_count"] == 2
    assert items[0]["node"] is not None
    assert "E1" not in str([i["values"] for i in items])  # a summary, not the data read


async def test_rollout_get_and_put(harness: Harness) -> None:
    await harness.shadow_run("S1")  # S1's payroll is read_only until now
    put = await harness.client.put(
        "/rollout",
        json={"center_id": "S1", "workflow": "payroll", "phase": "automation"},
        headers=harness.auth("hr_admin"),
    )
    assert put.status_code == 200 and put.json()["updated_by"] == harness.label("hr_admin")
    view = (await harness.client.get("/rollout", headers=harness.auth("director"))).json()
    phases = {(p["center_id"], p["workflow"]): p["phase"] for p in view["phases"]}
    assert phases[("S1", "payroll")] == "automation" and phases[("*", "credentials")] == "assistive"
    assert view["default_phase"] == "read_only"
    await harness.shadow_run("S2")
    other = await harness.client.put(
        "/rollout",
        json={"center_id": "S2", "workflow": "payroll", "phase": "assistive"},
        headers=harness.auth("hr_admin"),
    )
    assert other.status_code == 200
    mine = (await harness.client.get("/rollout", headers=harness.auth("director"))).json()
    assert ("S2", "payroll") not in {(p["center_id"], p["workflow"]) for p in mine["phases"]}
    bad = await harness.client.put(
        "/rollout",
        json={"center_id": "S1", "workflow": "payroll", "phase": "yolo"},
        headers=harness.auth("hr_admin"),
    )
    assert bad.status_code == 422 and "body.phase" in bad.json()["message"]


async def test_rollout_store_drives_the_next_run(harness: Harness) -> None:
    await harness.client.put(
        "/rollout",
        json={"center_id": "S2", "workflow": "credentials", "phase": "read_only"},
        headers=harness.auth("hr_admin"),
    )
    try:
        await harness.deliver(event_body(center="S2", employee_id="E2"))
        (outcome,) = await harness.run_jobs()
        assert outcome.status == "done" and outcome.state.phase == "read_only" and outcome.state.pending == []
    finally:
        await harness.shadow_run("S2")  # S2 leaves read_only again: with a shadow run, as any center must
        restored = await harness.client.put(
            "/rollout",
            json={"center_id": "S2", "workflow": "credentials", "phase": "assistive"},
            headers=harness.auth("hr_admin"),
        )
        assert restored.status_code == 200, restored.text


async def test_healthz_up_and_down(harness: Harness) -> None:
    up = await harness.client.get("/healthz")
    assert up.status_code == 200 and up.json() == {"status": "ok", "database": "up", "message": None}
    await harness.services.pool.close()
    down = await harness.client.get("/healthz")
    assert down.status_code == 503 and down.json()["database"] == "down"
    approvals = await harness.client.get("/approvals", headers=harness.auth("director"))
    assert approvals.status_code == 503 and approvals.json()["error"] == "database_unavailable"


async def test_metrics_counters_move(harness: Harness) -> None:
    before = await scrape(harness)

    def moved(after: dict[Any, float], name: str, **labels: str) -> float:
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0.0) - before.get(key, 0.0)

    body = event_body()
    await harness.deliver(body)
    await harness.deliver(body)
    await harness.deliver(event_body(), secret="whsec_" + "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB")
    (outcome,) = await harness.run_jobs()
    mid = await scrape(harness)
    assert moved(mid, "procare_ai_webhook_events_received_total", outcome="accepted") == 1
    assert moved(mid, "procare_ai_webhook_events_received_total", outcome="duplicate") == 1
    assert moved(mid, "procare_ai_webhook_events_received_total", outcome="bad_signature") == 1
    assert mid[("procare_ai_pending_approvals", ())] >= 1
    assert mid[("procare_ai_database_up", ())] == 1
    harness.fake.fail_writes = True
    answer = await decide(harness, outcome.thread_id, [{"type": "approve"}, {"type": "approve"}])
    assert answer.status_code == 200 and [r["ok"] for r in answer.json()["results"]] == [False, False]
    after = await scrape(harness)
    assert moved(after, "procare_ai_writeback_failures_total") == 2
    assert moved(after, "procare_ai_decision_latency_seconds_count") == 1
    assert moved(after, "procare_ai_runs_started_total", kind="resume") == 1
    assert moved(after, "procare_ai_runs_finished_total", status="retrying_writes") == 1  # 503: retried
    assert moved(after, "procare_ai_decisions_total", type="approve") == 2
    assert after[("procare_ai_pending_approvals", ())] == mid[("procare_ai_pending_approvals", ())] - 1


async def test_openapi_documents_every_route_and_errors_are_json(harness: Harness) -> None:
    spec = (await harness.client.get("/openapi.json")).json()
    paths = spec["paths"]
    for path, method in [
        ("/webhooks/procare", "post"),
        ("/approvals", "get"),
        ("/approvals/{thread_id}", "get"),
        ("/approvals/{thread_id}/decisions", "post"),
        ("/audit", "get"),
        ("/threads/{thread_id}/history", "get"),
        ("/rollout", "get"),
        ("/rollout", "put"),
        ("/healthz", "get"),
        ("/metrics", "get"),
        ("/events", "get"),
        ("/events/{event_id}/retry", "post"),
    ]:
        assert paths[path][method]["summary"], (path, method)
    assert "application/json" in paths["/webhooks/procare"]["post"]["requestBody"]["content"]
    assert {"200", "202", "401", "422"} <= set(paths["/webhooks/procare"]["post"]["responses"])
    unknown = await harness.client.get("/nowhere")
    assert unknown.status_code == 404 and unknown.json()["error"] == "not_found"
