"""Rollout governance on the real Postgres through the API: every change is in `GET /rollout` history
(who, when, from what to what), and a pilot group enables a phase for its centers, where only its
reviewers decide."""

from __future__ import annotations

from typing import Any

from tests.integration.api.harness import Harness, event_body


async def shadowed(harness: Harness, center: str) -> int:
    return await harness.shadow_run(center)


async def put_phase(harness: Harness, center: str, workflow: str, phase: str, who: str = "hr_admin") -> Any:
    return await harness.client.put(
        "/rollout",
        json={"center_id": center, "workflow": workflow, "phase": phase},
        headers=harness.auth(who),
    )


async def rollout(harness: Harness, who: str) -> dict[str, Any]:
    answer = await harness.client.get("/rollout", headers=harness.auth(who))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_a_center_leaves_read_only_only_after_a_shadow_run_which_the_change_names(
    harness: Harness,
) -> None:
    refused = await put_phase(harness, "S2", "payroll", "assistive")
    assert refused.status_code == 409 and "procare-ai shadow --center S2" in refused.json()["message"]
    other = await shadowed(harness, "S1")
    wrong = await harness.client.put(
        "/rollout",
        json={"center_id": "S2", "workflow": "payroll", "phase": "assistive", "shadow_run_id": other},
        headers=harness.auth("hr_admin"),
    )
    assert wrong.status_code == 409 and f"shadow run {other} is not one of S2" in wrong.json()["message"]
    run_id = await shadowed(harness, "S2")
    assert (await put_phase(harness, "S2", "payroll", "assistive")).status_code == 200
    [change] = [
        c
        for c in (await rollout(harness, "hr_admin"))["history"]
        if (c["center_id"], c["workflow"], c["to_phase"]) == ("S2", "payroll", "assistive")
    ]
    assert change["shadow_run_id"] == run_id and change["from_phase"] is None
    assert (await put_phase(harness, "S2", "payroll", "automation")).status_code == 200  # not read_only


async def test_phase_changes_are_kept_with_who_when_and_from_what_to_what(harness: Harness) -> None:
    await shadowed(harness, "S1")
    assert (await put_phase(harness, "S1", "payroll", "assistive")).status_code == 200
    assert (await put_phase(harness, "S1", "payroll", "automation")).status_code == 200
    refused = await put_phase(harness, "S1", "payroll", "read_only", who="director")
    assert refused.status_code == 403

    seen = await rollout(harness, "director")
    mine = [c for c in seen["history"] if (c["center_id"], c["workflow"]) == ("S1", "payroll")]
    assert [(c["kind"], c["from_phase"], c["to_phase"], c["changed_by"]) for c in mine[:2]] == [
        ("phase", "assistive", "automation", harness.label("hr_admin")),
        ("phase", None, "assistive", harness.label("hr_admin")),
    ]
    assert mine[0]["changed_at"] >= mine[1]["changed_at"]
    other = await rollout(harness, "director_b")  # another center's director sees none of S1's changes
    assert all(c["center_id"] in ("S2", "*") for c in other["history"])


async def test_a_pilot_enables_its_phase_for_its_centers_and_only_its_reviewers_decide(
    harness: Harness,
) -> None:
    name = f"cred-pilot-{harness.suffix}"
    assert (await put_phase(harness, "S1", "credentials", "read_only")).status_code == 200
    try:
        await harness.deliver(event_body(center="S1", employee_id="E1"))
        (before,) = await harness.run_jobs()
        assert before.state.phase == "read_only" and before.status == "done"

        pilot = {
            "name": name,
            "workflow": "credentials",
            "phase": "assistive",
            "centers": ["S1"],
            "reviewers": [harness.label("director")],
        }
        by_director = await harness.client.post(
            "/rollout/pilots", json=pilot, headers=harness.auth("director")
        )
        assert by_director.status_code == 403
        started = await harness.client.post("/rollout/pilots", json=pilot, headers=harness.auth("hr_admin"))
        assert started.status_code == 201, started.text
        again = await harness.client.post(
            "/rollout/pilots", json={**pilot, "name": name + "-2"}, headers=harness.auth("hr_admin")
        )
        assert again.status_code == 409 and f"already in pilot {name}" in again.json()["message"]

        thread = await harness.pending_thread("S1", "E1")  # the pilot's phase: proposals reach review
        approve = {"decisions": [{"type": "approve"}] * 2}
        outsider = await harness.client.post(
            f"/approvals/{thread}/decisions", json=approve, headers=harness.auth("hr_admin")
        )
        assert outsider.status_code == 403 and name in outsider.json()["message"]
        decided = await harness.client.post(
            f"/approvals/{thread}/decisions", json=approve, headers=harness.auth("director")
        )
        assert decided.status_code == 200, decided.text

        ended = await harness.client.post(f"/rollout/pilots/{name}/end", headers=harness.auth("hr_admin"))
        assert ended.status_code == 200 and ended.json()["ended_by"] == harness.label("hr_admin")
        await harness.deliver(event_body(center="S1", employee_id="E1"))
        (after,) = await harness.run_jobs()
        assert after.state.phase == "read_only"  # back to the stored phase

        view = await rollout(harness, "director")
        assert [p["name"] for p in view["pilots"] if p["name"] == name] == [name]
        changes = [(c["kind"], c["from_phase"], c["to_phase"]) for c in view["history"] if c["pilot"] == name]
        assert changes == [("pilot_end", "assistive", "read_only"), ("pilot_start", "read_only", "assistive")]
        gone = await harness.client.post(f"/rollout/pilots/{name}/end", headers=harness.auth("hr_admin"))
        assert gone.status_code == 404
    finally:
        await harness.client.post(f"/rollout/pilots/{name}/end", headers=harness.auth("hr_admin"))
        await shadowed(harness, "S1")
        assert (await put_phase(harness, "S1", "credentials", "assistive")).status_code == 200
