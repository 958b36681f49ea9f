"""The model data policy against a fake OpenAI-compatible server: every request asks for no retention
(`store: false`) and carries no surname, record id, email or phone; a center kept off the model never
reaches it at all."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from langgraph.checkpoint.memory import InMemorySaver

from agents import incidents
from agents.common.llm import OfflineDrafter
from agents.common.types import AgentContext, Event
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from policies.model_data import model_facts, scrub_identifiers
from procare_ai.settings import Settings
from procare_ai.wiring import drafter as drafter_from_settings
from services.runner import GraphRunner
from tests.clock import during
from tests.fake_openai import facts_of, fake_openai, prompt_of
from tests.fakes import NOW
from tests.unit.agents import test_model_injection as creds
from tests.unit.agents import test_reviews_injection as reviews
from tests.unit.agents.test_incidents_agent import DAY, incident
from tests.unit.agents.test_incidents_agent import world as incidents_world
from tools.protocols import Procare


def settings_for(base_url: str) -> Settings:
    return Settings(_env_file=None, openai_base_url=base_url, model="fake-gpt")  # type: ignore[call-arg]


def identifiers(fake: Procare) -> set[str]:
    """Every surname, record id, email and phone of the world's staff and credentials."""
    out: set[str] = set()
    for e in getattr(fake, "employees", []):
        out |= {e.last_name, e.employee_id, e.person_id or "", e.email or "", e.phone or ""}
    for c in getattr(fake, "credentials", []):
        out.add(c.credential_id)
    out |= {s.school_id for s in getattr(fake, "schools", [])}
    return {x for x in out if x}


def leaked(bodies: list[dict[str, Any]], secret: set[str]) -> list[str]:
    text = json.dumps(bodies)
    return sorted(s for s in secret if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text))


def answer(_body: dict[str, Any]) -> str:
    return "not json"  # refused and drafted offline: what the product sent is all this test reads


async def test_credential_reminders_ask_for_no_retention_and_carry_first_names_only() -> None:
    with fake_openai(answer) as server:
        await creds.scan_credentials(drafter_from_settings(settings_for(server.base_url)))
    assert len(server.requests) == 2
    assert all(body.get("store") is False for body in server.requests)
    assert leaked(server.requests, identifiers(creds.world())) == []
    assert "Ana" in json.dumps(server.requests) and "Ben" in json.dumps(server.requests)


async def test_review_briefs_send_the_first_name_without_the_surname() -> None:
    with fake_openai(answer) as server:
        await reviews.scan(drafter_from_settings(settings_for(server.base_url)))
    assert server.requests and all(body.get("store") is False for body in server.requests)
    world = reviews.whole.world()
    assert leaked(server.requests, identifiers(world)) == []
    assert any('"name": "Ana",' in prompt_of(body) for body in server.requests)


def test_identifying_keys_and_text_are_cut() -> None:
    facts = {
        "first_name": "Ana",
        "last_name": "Lopez",
        "employee_id": "S0001-E000123",
        "staff_ids": ["E1"],
        "note": "Call Ana Lopez at (512) 555-0199 or ana.lopez@example.org about S0001-E000123.",
        "name": "Ana Lopez",
        "withhold_names": ["Lopez"],
    }
    assert model_facts(facts) == {
        "first_name": "Ana",
        "note": "Call Ana at [phone] or [email] about [id].",
        "name": "Ana",
    }
    assert (
        scrub_identifiers("Renew CPR by 2026-12-17 (22 CCR 101416.5)")
        == "Renew CPR by 2026-12-17 (22 CCR 101416.5)"
    )


async def test_a_center_kept_off_the_model_drafts_offline_and_sends_nothing() -> None:
    with fake_openai(answer) as server:
        model = drafter_from_settings(settings_for(server.base_url))
        for off, expected_calls in ((frozenset({"S1"}), 0), (frozenset(), 2)):
            server.requests.clear()
            deps = Dependencies(
                procare=creds.world(),
                drafter=model,
                rollout=StaticRollout({("*", "credentials"): "assistive"}),
                clock=lambda: datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
                model_off_centers=off,
            )
            graph = build_graph(InMemorySaver())
            run = GraphRunner(graph, GraphContext(as_of=during(creds.TODAY).isoformat()), deps)
            outcome = await run.start(
                creds.Event(
                    id=f"scan-{len(off)}", type="scan.credentials", occurred_at=creds.NOW, center_id="S1"
                )
            )
            assert len(server.requests) == expected_calls
            refused = {
                p.draft_rejection is not None for p in outcome.state.proposals if p.action == "send_message"
            }
            assert refused == {not off}  # the model's reply was read (and refused) only where it was asked


async def test_an_incident_description_reaches_the_model_without_staff_surnames() -> None:
    description = "Ms. Lopez saw K1 fall from the climber in the hall; ice applied, parents called."
    fake = incidents_world(incident(description))  # every staff member is a Lopez (tests/fakes.employee)
    ctx = AgentContext(client=fake, drafter=OfflineDrafter(), as_of=during(DAY), phase="assistive")
    event = Event(
        id="evt-inc", type="incident.reported", occurred_at=NOW, center_id="S1", data={"incident_id": "I1"}
    )
    with fake_openai(answer) as server:
        ctx.drafter = drafter_from_settings(settings_for(server.base_url))
        await incidents.run(event, ctx)
    [seen] = [facts_of(body)["description"] for body in server.requests if "description" in facts_of(body)]
    assert seen == "Ms. saw K1 fall from the climber in the hall; ice applied, parents called."
    assert all(body.get("store") is False for body in server.requests)
