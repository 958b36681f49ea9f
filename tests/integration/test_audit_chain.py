"""The tamper-evident audit chain on the real Postgres: decisions and write-back results are chained as
they are stored; `audit verify` passes an untouched chain and names the first broken entry when a stored
decision is altered, an audit row deleted or a write result altered; `audit export` writes CSV and JSON
with the head hash."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from typer.testing import CliRunner

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from checkpoints.db import open_pool
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from policies.rbac import Principal
from procare_ai.cli import app
from services import audit_chain
from services.runner import GraphRunner
from tests.clock import TEST_NOW, TEST_TODAY
from tests.fakes import FakeProcare, credential, employee, school

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
ADMIN = Principal(id="auditor-1", role="hr_admin", centers=frozenset())


def _world() -> FakeProcare:
    """Centers S1 (E1, E3) and S2 (E2): teachers whose CPR card expires within the month."""
    fake = FakeProcare(
        schools=[school(), school(school_id="S2", school_code="S2", name="Maple Grove")],
        employees=[
            employee("E1"),
            employee("E2", school_id="S2", first_name="Jo", last_name="Kim"),
            employee("E3", first_name="Ana", last_name="Diaz"),
        ],
    )
    cpr_issued = (TEST_TODAY - timedelta(days=2 * 365 - 20)).replace(day=1)
    for emp, center in (("E1", "S1"), ("E2", "S2"), ("E3", "S1")):
        fake.credentials += [
            credential(emp, "pediatric_cpr_aha", cpr_issued, school_id=center),
            credential(emp, "first_aid_aha", TEST_TODAY - timedelta(days=200), school_id=center),
            credential(emp, "background_check", TEST_TODAY - timedelta(days=400), school_id=center),
        ]
    return fake


async def _runner(db: str) -> AsyncIterator[GraphRunner]:
    pool = await open_pool(db, max_size=4)
    deps = Dependencies(
        procare=_world(),
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", "credentials"): "automation"}),
        clock=lambda: TEST_NOW,
    )
    try:
        yield GraphRunner(build_graph(make_checkpointer(pool)), GraphContext(), deps, pool=pool)
    finally:
        await pool.close()


async def _decided_threads(db: str) -> list[str]:
    """Three decided threads: S1 twice (approve all, then approve one and reject the rest), S2 once."""
    threads = []
    async for runner in _runner(db):
        for n, (center, emp) in enumerate((("S1", "E1"), ("S2", "E2"), ("S1", "E3"))):
            event = Event(
                id=f"evt-{n}",
                type="staff.updated",
                occurred_at=TEST_NOW,
                center_id=center,
                data={"employee_id": emp},
            )
            started = await runner.start(event)
            assert started.status == "awaiting_review" and started.request is not None
            count = len(started.request["action_requests"])
            decisions = (
                [{"type": "approve"}] * count
                if n < 2
                else [{"type": "approve"}] + [{"type": "reject", "message": "later"}] * (count - 1)
            )
            done = await runner.resume(started.thread_id, {"decisions": decisions}, reviewer=f"maria-{n}")
            assert done.status == "done" and done.state.results
            threads.append(started.thread_id)
    return threads


async def _verify(db: str, **kw: Any) -> audit_chain.Verification:
    pool = await open_pool(db, max_size=2)
    try:
        return await audit_chain.verify(pool, ADMIN, **kw)
    finally:
        await pool.close()


def _sql(db: str, statement: str, *params: Any) -> list[Any]:
    with psycopg.connect(db, autocommit=True) as conn:
        cur = conn.execute(statement, params)  # type: ignore[arg-type]
        return cur.fetchall() if cur.description else []


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def _cli(db: str, *args: str, process: bool = False) -> Ran:
    """`procare-ai audit ARGS`: in this process (Typer's runner), or as a real process."""
    if not process:
        result = CliRunner().invoke(app, ["audit", *args], env={"PROCARE_AI_DATABASE_URL": db})
        return Ran(result.exit_code, result.stdout, result.stderr)
    env = {**os.environ, "PROCARE_AI_DATABASE_URL": db}
    done = subprocess.run(
        [sys.executable, "-m", "procare_ai.cli", "audit", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def chained_db(fresh_db: str) -> str:
    asyncio.run(_decided_threads(fresh_db))
    return fresh_db


@pytest.mark.date_sensitive
def test_every_decision_and_result_is_chained_and_an_untouched_chain_verifies(chained_db: str) -> None:
    rows = _sql(chained_db, "SELECT center_id, seq, kind, principal FROM audit_chain ORDER BY center_id, seq")
    by_center: dict[str, list[Any]] = {}
    for center, seq, kind, principal in rows:
        by_center.setdefault(center, []).append((seq, kind, principal))
    results = _sql(chained_db, "SELECT center_id, count(*) FROM write_results GROUP BY 1 ORDER BY 1")
    decisions = _sql(chained_db, "SELECT center_id, count(*) FROM decision_journal GROUP BY 1 ORDER BY 1")
    assert decisions == [("S1", 2), ("S2", 1)]
    for center, n in results:
        kinds = [k for _, k, _ in by_center[center]]
        assert kinds.count("write_result") == n and kinds.count("decision") == dict(decisions)[center]
        assert [s for s, _, _ in by_center[center]] == list(range(1, len(kinds) + 1))
    # A decision's entry comes before the results it approved, and names the reviewer.
    assert by_center["S2"][0] == (1, "decision", "maria-1")
    assert all(p == "maria-1" for _, _, p in by_center["S2"])

    verification = asyncio.run(_verify(chained_db))
    assert verification.intact and [c.center_id for c in verification.centers] == ["S1", "S2"]

    shown = _cli(chained_db, "verify", process=True)
    assert shown.returncode == 0, shown.stderr
    assert "intact" in shown.stdout and "S1" in shown.stdout and "S2" in shown.stdout


def test_a_tampered_decision_fails_naming_its_entry(chained_db: str) -> None:
    [(thread,)] = _sql(chained_db, "SELECT thread_id FROM decision_journal WHERE reviewer = 'maria-2'")
    _sql(chained_db, "UPDATE decision_journal SET reviewer = 'someone-else' WHERE thread_id = %s", thread)
    [(seq,)] = _sql(
        chained_db, "SELECT seq FROM audit_chain WHERE kind = 'decision' AND record_key = %s", thread
    )

    broken = asyncio.run(_verify(chained_db)).first_break
    assert broken is not None and (broken.center_id, broken.seq, broken.kind) == ("S1", seq, "decision")
    assert "altered" in broken.problem and broken.record_key == thread

    shown = _cli(chained_db, "verify", process=True)
    assert shown.returncode == 1
    assert f"S1 entry #{seq} (decision {thread}" in shown.stderr and "altered" in shown.stderr
    assert "Traceback" not in shown.stderr


def test_a_deleted_audit_row_fails_naming_the_missing_entry(chained_db: str) -> None:
    _sql(chained_db, "DELETE FROM audit_chain WHERE center_id = 'S1' AND seq = 2")
    broken = asyncio.run(_verify(chained_db)).first_break
    assert broken is not None and (broken.center_id, broken.seq) == ("S1", 2)
    assert "missing" in broken.problem
    shown = _cli(chained_db, "verify", "--center", "S1")
    assert shown.returncode == 1 and "S1 entry #2" in shown.stderr and "missing" in shown.stderr


def test_deleting_the_last_entry_leaves_its_record_unchained(chained_db: str) -> None:
    [(last, key)] = _sql(
        chained_db,
        "DELETE FROM audit_chain WHERE center_id = 'S2' AND seq = (SELECT max(seq) FROM audit_chain "
        "WHERE center_id = 'S2') RETURNING seq, record_key",
    )
    broken = asyncio.run(_verify(chained_db)).first_break
    assert broken is not None and (broken.center_id, broken.seq, broken.record_key) == ("S2", last, key)
    assert "not chained" in broken.problem


def test_an_altered_write_result_fails_naming_its_entry(chained_db: str) -> None:
    [(result_id,)] = _sql(
        chained_db, "SELECT id FROM write_results WHERE center_id = 'S2' AND action = 'update_credential'"
    )
    _sql(chained_db, "UPDATE write_results SET ok = false, error = 'never written' WHERE id = %s", result_id)
    [(seq,)] = _sql(
        chained_db,
        "SELECT seq FROM audit_chain WHERE kind = 'write_result' AND record_key = %s",
        str(result_id),
    )
    broken = asyncio.run(_verify(chained_db)).first_break
    assert broken is not None and (broken.center_id, broken.seq, broken.kind) == ("S2", seq, "write_result")
    assert broken.record_key == str(result_id) and "altered" in broken.problem

    shown = _cli(chained_db, "verify")
    assert shown.returncode == 1 and f"S2 entry #{seq} (write_result {result_id}" in shown.stderr


def test_a_rewritten_entry_is_caught_by_its_successor_or_its_own_hash(chained_db: str) -> None:
    _sql(chained_db, "UPDATE audit_chain SET principal = 'nobody' WHERE center_id = 'S1' AND seq = 1")
    broken = asyncio.run(_verify(chained_db)).first_break
    assert broken is not None and (broken.center_id, broken.seq) == ("S1", 1)
    assert "entry was altered" in broken.problem


def test_export_writes_csv_and_json_with_the_head_and_the_head_verifies_later(
    chained_db: str, tmp_path: Path
) -> None:
    day = TEST_NOW.date().isoformat()
    stem = tmp_path / "s1"
    done = _cli(chained_db, "export", "--center", "S1", "--from", day, "--to", day, "--out", str(stem))
    assert done.returncode == 0, done.stderr
    exported = json.loads((tmp_path / "s1.json").read_text())
    rows = list(csv.DictReader(io.StringIO((tmp_path / "s1.csv").read_text())))
    entries = exported["entries"]
    assert exported["intact"] and entries and all(e["center_id"] == "S1" for e in entries)
    assert exported["head"]["entry_hash"] == entries[-1]["entry_hash"]
    assert [r["seq"] for r in rows[:-1]] == [str(e["seq"]) for e in entries]
    assert rows[-1]["kind"] == "head" and rows[-1]["entry_hash"] == exported["head"]["entry_hash"]
    decision = next(e for e in entries if e["kind"] == "decision")
    assert decision["record"]["reviewer"] == decision["principal"]
    result = next(e for e in entries if e["kind"] == "write_result")
    assert result["record"]["idempotency_key"].startswith("pcai-") and "ssn" not in json.dumps(result)

    empty = _cli(
        chained_db,
        "export",
        "--center",
        "S1",
        "--from",
        "2001-01-01",
        "--to",
        "2001-01-31",
        "--out",
        str(tmp_path / "old"),
    )
    assert empty.returncode == 0 and json.loads((tmp_path / "old.json").read_text())["entries"] == []

    head = exported["head"]["entry_hash"]
    assert _cli(chained_db, "verify", "--center", "S1", "--head", head).returncode == 0
    _sql(chained_db, "DELETE FROM audit_chain WHERE center_id = 'S1' AND entry_hash = %s", head)
    again = _cli(chained_db, "verify", "--center", "S1", "--head", head)
    assert again.returncode == 1 and "S1 entry #" in again.stderr


def test_bad_export_window_is_one_line(chained_db: str) -> None:
    bad = _cli(chained_db, "export", "--center", "S1", "--from", "2026-12-05", "--to", "2026-12-01")
    assert bad.returncode == 2 and "earlier than" in bad.stderr and "Traceback" not in bad.stderr
    worse = _cli(chained_db, "export", "--center", "S1", "--from", "yesterday", "--to", "2026-12-01")
    assert worse.returncode == 2 and "not an ISO date" in worse.stderr


async def _crash_at_the_legs_end_then_recover(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, int, int, int]:
    """The resume leg's write-backs are made, then the process 'dies' in the transaction that ends the leg:
    nothing of that transaction stays (no result, no checkpoint past the interrupt), the thread stays
    `running` with its decision journaled, and the recovery finishes it with the same idempotency keys."""
    import checkpoints.write_results as write_results_module

    real = write_results_module.record_results

    async def crash(conn: Any, state: Any) -> int:
        raise RuntimeError("process died")

    async for runner in _runner(db):
        event = Event(
            id="evt-crash",
            type="staff.updated",
            occurred_at=TEST_NOW,
            center_id="S1",
            data={"employee_id": "E1"},
        )
        started = await runner.start(event)
        assert started.request is not None
        decisions = {"decisions": [{"type": "approve"}] * len(started.request["action_requests"])}
        monkeypatch.setattr(write_results_module, "record_results", crash)
        with pytest.raises(RuntimeError):
            await runner.resume(started.thread_id, decisions, reviewer="maria")
        monkeypatch.setattr(write_results_module, "record_results", real)
        stored_before = len(_sql(db, "SELECT 1 FROM write_results"))
        checkpoint_before = (await runner.outcome(started.thread_id)).status
        procare = runner.deps.procare
        assert isinstance(procare, FakeProcare)
        written = len(procare.effects)
        recovered = await runner.recover(started.thread_id)
        assert recovered.status == "done"
        return stored_before, checkpoint_before, written, len(procare.effects), len(recovered.state.results)
    raise AssertionError("unreachable")


def test_results_of_a_leg_that_died_at_its_end_are_chained_by_the_recovery(
    fresh_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, checkpoint, written, written_after, results = asyncio.run(
        _crash_at_the_legs_end_then_recover(fresh_db, monkeypatch)
    )
    assert before == 0 and checkpoint == "awaiting_review"  # the leg's end is one transaction: none of it
    assert written == written_after > 0  # the recovery re-sent the writes with their keys: none twice
    assert results == 3
    assert _sql(fresh_db, "SELECT status FROM audit_threads") == [("done",)]
    # the three write-backs and the note its data write left on the staff record
    assert len(_sql(fresh_db, "SELECT 1 FROM audit_chain WHERE kind = 'write_result'")) == 4
    assert _sql(fresh_db, "SELECT count(*) FROM write_results WHERE action = 'add_staff_note'") == [(1,)]
    assert asyncio.run(_verify(fresh_db)).intact
