"""Stored skills profiles on real Postgres, read from the sandbox over HTTP (issue 15, parts 1 and 2).

A center is read whole once; a need search then answers from the stored rows without a single Procare
read; `staff.updated` and `training.completed` rebuild only the person they name (through the worker's
`run_stored_event`); an expired card is no evidence; `procare-ai skills match --json` answers the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from checkpoints import skills_profiles as store
from checkpoints.db import open_pool
from checkpoints.events import store_event
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from policies.rbac import Principal
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.server import RunningSandbox, sandbox_server
from services import skills
from services.context import Services
from services.errors import Forbidden, NotFound
from services.runner import GraphRunner
from services.runs import run_stored_event
from tests.clock import during
from tools.client import ProcareClient

pytestmark = pytest.mark.integration

TODAY = date(2026, 11, 2)
AT = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)
SCHOOL = "S0001"
ANA, BO, CY = f"{SCHOOL}-E801", f"{SCHOOL}-E802", f"{SCHOOL}-E803"
HR = Principal(id="hr", role="hr_admin", centers=frozenset())


def _employee(emp_id: str, first: str, bio: str, **over: Any) -> dict[str, Any]:
    return {
        "employee_id": emp_id,
        "person_id": f"P-{emp_id}",
        "first_name": first,
        "last_name": "Lopez",
        "email": f"{emp_id.lower()}@example.org",
        "position": "Teacher",
        "hire_date": "2022-08-15",
        "bio": bio,
        "ssn": "912-34-5678",
        "updated_at": AT.isoformat(),
        **over,
    }


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    with sandbox_server(SandboxConfig(seed=5, centers=2, staff_per_center=12, today=TODAY)) as running:
        state = running.state
        state.add_employees(
            SCHOOL,
            [
                _employee(
                    ANA,
                    "Ana",
                    "Native Spanish speaker; I translate our parent newsletter. SSN 912-34-5678.",
                    custom_fields={"languages": "English, Spanish"},
                ),
                _employee(BO, "Bo", "Loves story time.", skills=["Music and movement"]),
                _employee(CY, "Cy", "Former paramedic.", employment_status="terminated"),
            ],
        )
        state.add_credentials(
            SCHOOL,
            [
                {
                    "employee_id": BO,
                    "kind": "pediatric_cpr_aha",
                    "issuer": "American Heart Association",
                    "issued_on": "2023-03-01",
                    "expires_on": "2025-03-31",
                    "updated_at": AT.isoformat(),
                }
            ],
        )
        yield running


@pytest.fixture
async def services(fresh_db: str, sandbox: RunningSandbox) -> AsyncIterator[Services]:
    pool = await open_pool(fresh_db, max_size=4)
    try:
        async with ProcareClient(base_url=sandbox.url, api_key=DEV_API_KEY, max_retries=0) as client:
            deps = Dependencies(
                procare=client,
                drafter=OfflineDrafter(),
                rollout=StaticRollout({}),
                clock=lambda: AT,
            )
            saver = make_checkpointer(pool)
            runner = GraphRunner(
                build_graph(saver), GraphContext(as_of=during(TODAY).isoformat()), deps, pool=pool
            )
            yield Services(pool=pool, saver=saver, runner=runner, deps=deps)
    finally:
        await pool.close()


class NoProcare:
    """Stands in for Procare once the profiles are stored: any read fails the test."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"a stored-profile search read Procare ({name})")


async def test_a_search_answers_from_stored_profiles_without_reading_procare(services: Services) -> None:
    first = await skills.match_need(services, HR, "family liaison in Spanish", center_id=SCHOOL)
    assert first.rebuilt == [SCHOOL] and first.matches[0].staff_id == ANA
    assert first.people[ANA] == {"name": "Ana Lopez", "position": "Teacher"}
    assert any(r.startswith("language: Spanish") for r in first.matches[0].reasons)
    rows = {r.staff_id: r for r in await store.load_center(services.pool, SCHOOL)}
    assert CY not in rows, "a terminated employee has no profile"
    assert "912-34-5678" not in json.dumps(rows[ANA].profile) and "[REDACTED-SSN]" in rows[ANA].profile["bio"]
    assert all(r.source == "rebuild" and r.built_for == TODAY for r in rows.values())

    live = services.deps.procare
    services.deps.procare = NoProcare()  # type: ignore[assignment]
    try:
        again = await skills.match_need(services, HR, "habla espanol", center_id=SCHOOL)
    finally:
        services.deps.procare = live
    assert again.rebuilt == [] and again.matches[0].staff_id == ANA
    assert again.staff_searched == len(rows)


async def test_an_expired_card_is_no_evidence(services: Services) -> None:
    result = await skills.match_need(services, HR, "CPR certified", center_id=SCHOOL, limit=50)
    assert BO not in {m.staff_id for m in result.matches}
    stored = await store.load_staff(services.pool, SCHOOL, BO)
    assert stored is not None
    assert any("pediatric_cpr_aha expired 2025-03-31" in why for why in stored.skills["ignored"])


async def _run(services: Services, event_type: str, employee_id: str, event_id: str) -> None:
    event = Event(
        id=event_id, type=event_type, occurred_at=AT, center_id=SCHOOL, data={"employee_id": employee_id}
    )
    await store_event(services.pool, event, f"t-{event_id}")
    await run_stored_event(services, event_id)


async def test_staff_updated_and_training_completed_rebuild_only_that_person(
    services: Services, sandbox: RunningSandbox
) -> None:
    await skills.rebuild_center(services, SCHOOL)
    before = {r.staff_id: r for r in await store.load_center(services.pool, SCHOOL)}
    robotics = await skills.match_need(services, HR, "robotics club", center_id=SCHOOL)
    assert BO not in {m.staff_id for m in robotics.matches}

    sandbox.state.patch("employees", BO, SCHOOL, {"bio": "I started our Friday robotics club."})
    await _run(services, "staff.updated", BO, "evt-bo-1")
    sandbox.state.add_training_records(
        SCHOOL,
        [
            {
                "employee_id": ANA,
                "title": "STEM in Early Childhood",
                "category": "Curriculum",
                "delivery": "instructor_led",
                "hours": 3,
                "completed_on": "2026-10-30",
            }
        ],
    )
    await _run(services, "training.completed", ANA, "evt-ana-1")

    after = {r.staff_id: r for r in await store.load_center(services.pool, SCHOOL)}
    assert after[BO].source == "evt-bo-1" and after[ANA].source == "evt-ana-1"
    assert {s for s in after if after[s].source == "rebuild"} == set(before) - {ANA, BO}
    assert "STEM in Early Childhood" in after[ANA].profile["trainings"]
    robotics = await skills.match_need(services, HR, "robotics club", center_id=SCHOOL)
    assert robotics.matches[0].staff_id == BO
    assert "bio: 'I started our Friday robotics club'" in robotics.matches[0].reasons

    sandbox.state.patch("employees", BO, SCHOOL, {"employment_status": "terminated"})
    await _run(services, "staff.updated", BO, "evt-bo-2")
    assert await store.load_staff(services.pool, SCHOOL, BO) is None


async def test_scope_and_bad_input(services: Services) -> None:
    director_b = Principal(id="d", role="director", centers=frozenset({"S0002"}))
    auditor = Principal(id="a", role="auditor", centers=frozenset({SCHOOL}))
    with pytest.raises(NotFound):
        await skills.match_need(services, director_b, "Spanish", center_id=SCHOOL)
    with pytest.raises(Forbidden):
        await skills.match_need(services, auditor, "Spanish", center_id=SCHOOL)
    with pytest.raises(NotFound, match="no center the caller sees"):
        await skills.match_need(services, director_b, "Spanish")
    with pytest.raises(Exception, match="need must be a non-empty text"):
        await skills.match_need(services, HR, "  ", center_id=SCHOOL)
    with pytest.raises(NotFound, match="no center S9999"):
        await skills.match_need(services, HR, "Spanish", center_id="S9999")


def test_cli_skills_match_json(fresh_db: str, sandbox: RunningSandbox) -> None:
    env = {
        **os.environ,
        "PROCARE_AI_DATABASE_URL": fresh_db,
        "PROCARE_AI_PROCARE_URL": sandbox.url,
        "PROCARE_AI_PROCARE_API_KEY": DEV_API_KEY,
    }
    args = [sys.executable, "-m", "procare_ai.cli", "skills", "match", "--need", "bilingual Spanish"]
    done = subprocess.run(
        [*args, "--center", SCHOOL, "--json"], env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["centers"] == [SCHOOL] and answer["matches"][0]["staff_id"] == ANA
    assert answer["matches"][0]["name"] == "Ana Lopez" and answer["matches"][0]["reasons"]
    bad = subprocess.run([*args[:-2], "--need", ""], env=env, capture_output=True, text=True, timeout=180)
    assert bad.returncode != 0 and len(bad.stderr.strip().splitlines()) == 1
    assert "need must be a non-empty text" in bad.stderr
