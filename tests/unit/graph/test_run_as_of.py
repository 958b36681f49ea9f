"""Each run records its own `as_of` when it starts and agents judge by the center's local date of it: a
runner (a worker) that lives across days judges each run by that run's instant, a California center after
4 pm Pacific is still on its own date, a scan judges by its scheduled instant, and a replay on a later day
uses the recorded one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from langgraph.checkpoint.memory import InMemorySaver

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from graph.trace import differences, replay, trace_of
from services.runner import GraphRunner, RunOutcome
from tests.fakes import FakeProcare, credential, employee, school

PACIFIC = timezone(timedelta(hours=-8))  # November: PST


@dataclass
class MovingClock:
    """A clock a test moves forward, as days pass for a long-lived worker."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now


def california() -> FakeProcare:
    """A California center whose one teacher's AHA CPR card is valid through 2026-11-30."""
    fake = FakeProcare(
        schools=[school(state="CA", timezone="America/Los_Angeles")],
        employees=[employee("E1")],
    )
    fake.credentials = [
        credential("E1", "pediatric_cpr_aha", date(2024, 11, 3)),  # AHA: through the end of 2026-11
        credential("E1", "first_aid_aha", date(2026, 6, 1)),
        credential("E1", "background_check", date(2025, 1, 5)),
    ]
    return fake


def runner(fake: FakeProcare, clock: MovingClock) -> GraphRunner:
    deps = Dependencies(
        procare=fake,
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", "credentials"): "assistive"}),
        clock=clock,
    )
    return GraphRunner(build_graph(InMemorySaver()), GraphContext(), deps)


def staff_updated(event_id: str, occurred_at: datetime) -> Event:
    return Event(
        id=event_id,
        type="staff.updated",
        occurred_at=occurred_at,
        center_id="S1",
        data={"employee_id": "E1"},
    )


def cpr(outcome: RunOutcome) -> tuple[str, int]:
    (finding,) = [f for f in outcome.state.findings if f.evidence.get("kind") == "pediatric_cpr_aha"]
    return finding.kind, finding.evidence["days_left"]


async def test_a_worker_living_across_days_judges_each_run_by_its_own_as_of() -> None:
    clock = MovingClock(datetime(2026, 11, 23, 17, 0, tzinfo=UTC))  # a Monday, 9 am in Los Angeles
    worker = runner(california(), clock)
    monday = await worker.start(staff_updated("evt-mon", clock.now))
    assert monday.state.as_of == datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    assert cpr(monday) == ("credential_expiring", 7)

    clock.now = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)  # the same process, ten days later
    thursday = await worker.start(staff_updated("evt-thu", clock.now))
    assert thursday.state.as_of == datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
    assert cpr(thursday) == ("credential_expired", -3)
    # The first run keeps the instant it judged by: its checkpoint still says Monday.
    assert (await worker.outcome(monday.thread_id)).state.as_of == monday.state.as_of


async def test_a_california_center_after_4_pm_pacific_judges_by_its_local_date() -> None:
    evening = datetime(2026, 11, 30, 17, 30, tzinfo=PACIFIC)  # 01:30 UTC on December 1st
    assert evening.astimezone(UTC).date() == date(2026, 12, 1)
    outcome = await runner(california(), MovingClock(evening)).start(staff_updated("evt-eve", evening))
    assert outcome.state.as_of == evening
    # Still November 30th in Los Angeles: the card is valid today (0 days left), not expired yesterday.
    assert cpr(outcome) == ("credential_expiring", 0)


async def test_the_same_instant_is_the_next_day_for_an_eastern_center() -> None:
    late = datetime(2026, 11, 30, 21, 30, tzinfo=PACIFIC)  # 00:30 on December 1st in New York
    fake = california()
    fake.schools = [school(state="NY", timezone="America/New_York")]
    outcome = await runner(fake, MovingClock(late)).start(staff_updated("evt-ny", late))
    assert cpr(outcome) == ("credential_expired", -1)


async def test_a_scan_judges_by_its_scheduled_instant_not_when_a_worker_picks_it_up() -> None:
    scheduled = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # 06:00 in Los Angeles, the daily scan
    clock = MovingClock(scheduled + timedelta(days=2))  # a worker that was down for two days
    scan = Event(id="scan-credentials-S1-2026-11-30", type="scan.credentials", occurred_at=scheduled,
                 center_id="S1")  # fmt: skip
    outcome = await runner(california(), clock).start(scan)
    assert outcome.state.as_of == scheduled
    assert cpr(outcome) == ("credential_expiring", 0)


async def test_a_replay_on_a_later_day_uses_the_recorded_as_of() -> None:
    clock = MovingClock(datetime(2026, 11, 23, 17, 0, tzinfo=UTC))
    fake = california()
    first = await runner(fake, clock).start(staff_updated("evt-replay", clock.now))
    trace = trace_of(first.state)
    assert trace["as_of"] == "2026-11-23T17:00:00+00:00"

    later = MovingClock(datetime(2027, 1, 15, 17, 0, tzinfo=UTC))  # the card has long expired by now
    deps = Dependencies(procare=fake, drafter=OfflineDrafter(), rollout=StaticRollout(), clock=later)
    again = await replay(trace, deps)
    assert again.as_of == first.state.as_of and cpr(RunOutcome("t", "done", again)) == (
        "credential_expiring",
        7,
    )
    assert differences(trace["final"], again.model_dump(mode="json")) == []
    fresh = await replay({**trace, "as_of": later.now.isoformat()}, deps)  # what today would say
    assert cpr(RunOutcome("t", "done", fresh)) == ("credential_expired", -46)
