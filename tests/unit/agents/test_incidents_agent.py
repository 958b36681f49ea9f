"""The incidents specialist on a fake Procare: routing, parents' notice and agency reports by the rules."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from agents import incidents
from agents.common.llm import OfflineDrafter
from agents.common.types import AgentContext, AgentOutput, Event
from policies.rollout import Phase
from tests.clock import during
from tests.fakes import FakeProcare, child, employee, school
from tools.models import Incident

DAY = date(2026, 11, 2)
AT = datetime(2026, 11, 2, 18, 30, tzinfo=UTC)  # 10:30 in Los Angeles
FRACTURE = "Mia fell from the climber and broke her arm; she was taken to the emergency room by her mom."


def incident(description: str = FRACTURE, **over: Any) -> Incident:
    base = dict(
        incident_id="I1",
        school_id="S1",
        classroom_id="R1",
        occurred_at=AT,
        kind="injury",
        severity="high",
        description=description,
        staff_ids=["E-AST"],
        child_ids=["K1"],
    )
    return Incident.model_validate(base | over)


def world(*incidents_: Incident, state: str = "CA") -> FakeProcare:
    return FakeProcare(
        schools=[school(state=state, timezone="America/Los_Angeles")],
        employees=[
            employee("E-DIR", first_name="Dana", position="Director"),
            employee("E-LEAD", first_name="Lee", position="Lead Teacher", classroom_ids=["R1"]),
            employee("E-AST", first_name="Ari", position="Assistant Teacher", classroom_ids=["R1"]),
        ],
        attendance=[child("K1", "R1", 30, date=DAY)],
        incidents=list(incidents_) or [incident()],
    )


async def triage(fake: FakeProcare, phase: Phase = "assistive", center: str = "S1") -> AgentOutput:
    ctx = AgentContext(client=fake, drafter=OfflineDrafter(), as_of=during(DAY), phase=phase)
    event = Event(
        id="evt-1",
        type="incident.reported",
        occurred_at=datetime(2026, 11, 2, 19, 0, tzinfo=UTC),
        center_id=center,
        data={"incident_id": "I1"},
    )
    return await incidents.run(event, ctx)


def by_action(out: AgentOutput, action: str) -> list[dict[str, Any]]:
    return [p.args for p in out.proposals if p.action == action]


async def test_a_fracture_in_california_is_routed_told_to_parents_and_reported_by_the_next_working_day() -> (
    None
):
    out = await triage(world())
    triaged = next(f for f in out.findings if f.kind == "incident_triaged")
    assert triaged.evidence["category"] == "injury" and triaged.evidence["severity"] == "high"
    assert triaged.alert and triaged.severity == "critical"
    due = [f for f in out.findings if f.kind == incidents.REPORT_DUE]
    licensing = next(f for f in due if f.evidence["kind"] == "licensing")
    assert licensing.alert and "22 CCR 101212(d)" in (licensing.citation or "")
    # 24 hours from when the center learned of it (the incident at 10:30 PST), in the center's zone
    assert licensing.evidence["due_at"] == "2026-11-03T10:30:00-08:00"

    [route] = by_action(out, "route_incident")
    assert route["incident_id"] == "I1" and route["severity"] == "high" and route["category"] == "injury"
    assert route["routed_to"] == [
        {"role": "room_lead", "employee_id": "E-LEAD"},
        {"role": "director", "employee_id": "E-DIR"},
    ]
    assert "CDSS Community Care Licensing Division: due 2026-11-03 10:30 PST" in route["note"]
    [parents] = by_action(out, "send_parent_message")
    assert parents["child_id"] == "K1" and parents["incident_id"] == "I1"
    assert "Mia" not in parents["body"]  # the description is not copied to the parents
    tasks = by_action(out, "create_task")
    assert [t["due_on"] for t in tasks] == ["2026-11-03"] * len(due)
    assert all(t["assignee_employee_id"] == "E-DIR" and t["priority"] == "urgent" for t in tasks)
    assert licensing.evidence["report_id"] in tasks[[f.id for f in due].index(licensing.id)]["body"]


async def test_read_only_finds_and_alerts_but_proposes_nothing() -> None:
    out = await triage(world(), phase="read_only")
    assert not out.proposals
    assert any(f.kind == incidents.REPORT_DUE and f.alert for f in out.findings)


async def test_a_scrape_goes_to_the_room_lead_and_the_parents_at_pickup_in_texas() -> None:
    scrape = incident("Liam tripped on the playground and scraped his knee; cleaned and bandaged.")
    out = await triage(world(scrape, state="TX"))
    assert not [f for f in out.findings if f.kind == incidents.REPORT_DUE]
    [route] = by_action(out, "route_incident")
    assert route["severity"] == "low" and route["routed_to"] == [
        {"role": "room_lead", "employee_id": "E-LEAD"}
    ]
    [parents] = by_action(out, "send_parent_message")
    assert "when the parent picks the child up" in parents["body"]
    assert not by_action(out, "create_task")


async def test_a_staff_member_suspected_goes_to_the_director_and_hr_not_the_room() -> None:
    grabbed = incident("The aide grabbed the toddler's arm hard and yanked him off the slide.")
    out = await triage(world(grabbed))
    [route] = by_action(out, "route_incident")
    assert route["category"] == "staff_conduct"
    assert route["routed_to"] == [
        {"role": "director", "employee_id": "E-DIR"},
        {"role": "hr", "employee_id": None},
    ]
    kinds = {f.evidence["kind"] for f in out.findings if f.kind == incidents.REPORT_DUE}
    assert kinds == {"licensing", "child_protection"}


async def test_parents_are_not_told_first_when_a_family_member_is_suspected() -> None:
    disclosure = incident("Noah said his dad hit him with a belt at home; there are belt marks on his back.")
    out = await triage(world(disclosure))
    assert not by_action(out, "send_parent_message")
    triaged = next(f for f in out.findings if f.kind == "incident_triaged")
    assert "family member" in triaged.evidence["parent_notice"]["hold_reason"]
    assert any(
        f.evidence["kind"] == "child_protection" for f in out.findings if f.kind == incidents.REPORT_DUE
    )


async def test_an_incident_of_another_center_or_an_unknown_state_is_refused_with_a_finding() -> None:
    out = await triage(world(), center="S2")
    assert [f.kind for f in out.findings] == ["incident_of_another_center"] and not out.proposals
    out = await triage(world(state="ZZ"))
    assert [f.kind for f in out.findings] == ["incident_rules_missing"] and not out.proposals
    assert out.findings[0].alert
