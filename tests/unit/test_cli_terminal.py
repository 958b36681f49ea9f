"""The terminal, where directors and operators read too (issue 17): thread ids whole at 80 columns and a
next step that can be copied and run without the venv on PATH, Procare text never eaten as Rich markup,
plain words for codes, `--version`, and every command's help naming the environment it needs."""

from __future__ import annotations

import importlib
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
import pytest
import typer.main
from rich.console import Console
from typer.testing import CliRunner

from agents.common.types import Event, Finding, Proposal
from agents.credentials.proposals import director_task
from checkpoints.audit_index import ThreadRow
from graph.state import GraphState, Verdict
from policies.rollout import phase_allowing
from procare_ai.cli import app
from procare_ai.cli.app import cli_path, earlier_run_line, held_back_line, print_outcome
from procare_ai.cli.environment import NEEDS
from procare_ai.demo import ShownDemo, run_progress
from procare_ai.demo_report import print_instructions, print_report
from services.runner import RunOutcome
from tests.fakes import employee, school

WHEN = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
THREAD = "S0001:evt_0a1b2c3d4e5f60718293a4b5c6d7e8f9"
SUMMARY = "Ana's CPR card expires 2026-11-30 [critical] per 22 CCR 101216 [warning]"


def finding(kind: str = "training_hours_short", severity: Any = "warning") -> Finding:
    return Finding(id=f"f-{kind}", workflow="credentials", kind=kind, severity=severity, summary=SUMMARY)


def waiting_state(thread_id: str = THREAD) -> GraphState:
    proposal = Proposal(
        id="p1",
        workflow="credentials",
        action="create_task",
        args={"school_id": "S0001", "title": "x"},
        description="Create an urgent-priority task for the director about Ana Reyes, whose CPR card lapses "
        "at the end of the month and who leads the infant room",
        rationale="r",
    )
    event = Event(id="evt", type="scan.credentials", occurred_at=WHEN, center_id="S0001")
    return GraphState(
        event=event,
        thread_id=thread_id,
        workflow="credentials",
        findings=[finding(), finding("unrouted_event", "info")],
        proposals=[proposal],
        pending=["p1"],
        status="awaiting_review",
    )


def row(thread_id: str = THREAD, workflow: str | None = "credentials") -> ThreadRow:
    return ThreadRow(
        thread_id=thread_id,
        center_id="S0001",
        event_id="evt",
        event_type="scan.credentials",
        workflow=workflow,
        status="awaiting_review",
        created_at=WHEN,
        updated_at=WHEN,
    )


def narrow() -> Console:
    return Console(width=80, record=True, markup=False, highlight=False, color_system=None)


def test_the_demo_table_keeps_thread_ids_whole_at_80_columns_and_the_next_step_runs() -> None:
    console = narrow()
    twin = "S0001:evt_twin"  # a second thread with the same finding: its example is not printed twice
    threads = [(row(), waiting_state()), (row(twin), waiting_state(twin))]
    first = print_report(console, threads, ".venv/bin/procare-ai", keep_running=False)
    text = console.export_text()
    assert text.count("e.g. Ana's CPR card") == 1, text
    assert first == THREAD
    listed = [line for line in text.splitlines() if line.startswith(THREAD)]
    assert listed == [f"{THREAD}  S0001 · Credentials · 1 action"], text  # whole, on a line of its own
    wrapped = [line for line in text.splitlines() if line.startswith("    ")]
    assert wrapped[0].startswith("    first: Create an urgent-priority task") and len(wrapped) > 1
    assert max(len(line) for line in wrapped) <= 80  # the description wraps instead
    assert f"  .venv/bin/procare-ai approvals show {THREAD}" in text.splitlines()
    # a finished demo has stopped its database: the line says how to reach it before the command
    assert "serve this demo again with `.venv/bin/procare-ai demo --keep-running`" in " ".join(text.split())
    console = narrow()
    print_report(console, threads, ".venv/bin/procare-ai", keep_running=True)
    assert "in another shell with the settings printed below" in " ".join(console.export_text().split())
    assert "Training hours short (warning)" in text.replace("training hours short", "Training hours short")
    assert "training_hours_short" not in text and "unrouted_event" not in text
    assert "[critical]" in text and "[warning]" in text  # Procare text printed as text, not as markup


def test_the_next_steps_are_one_copyable_line_each() -> None:
    console = narrow()
    settings = {
        "database_url": "postgresql://postgres@127.0.0.1:5432/procare_ai_demo",
        "procare_url": "http://127.0.0.1:41234",
        "procare_api_key": "sandbox-dev-key",
    }
    print_instructions(
        console, port=8800, token="pcai_" + "x" * 43, keep_running=True, cli="./bin/pa", **settings
    )
    lines = console.export_text().splitlines()
    assert f"  export PROCARE_AI_DATABASE_URL='{settings['database_url']}'" in lines
    assert "  ./bin/pa approvals decide THREAD --approve-all" in lines
    assert any(line.endswith("pcai_" + "x" * 43) for line in lines)
    console = narrow()
    print_instructions(console, port=8800, token="t", keep_running=False, cli="./bin/pa", **settings)
    text = console.export_text()
    assert "./bin/pa demo --keep-running` serves this same demo" in text and "--fresh" in text


def test_cli_lines_keep_bracketed_words_and_name_codes_in_words() -> None:
    state = waiting_state().model_copy(update={"status": "done", "pending": []})
    cli_module = importlib.import_module("procare_ai.cli.app")  # the module, not the Typer app it exports
    with cli_module.console.capture() as captured:
        print_outcome(RunOutcome(THREAD, "done", state))
    out = captured.get()
    assert "[warning] Training hours short: " in out and SUMMARY in out
    assert "[critical]" in out and "training_hours_short" not in out


def test_task_descriptions_take_the_right_article() -> None:
    found = finding("credential_expiring")
    urgent = director_task(school(), employee("E1"), found, "urgent", date(2026, 11, 2))
    high = director_task(school(), employee("E1"), found, "high", date(2026, 11, 2))
    assert urgent.description.startswith("Create an urgent-priority task")
    assert high.description.startswith("Create a high-priority task")


def test_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == "procare-ai 0.1.0"


def _commands() -> list[str]:
    group = typer.main.get_command(app)
    ctx = click.Context(group)  # type: ignore[arg-type]  # typer bundles its own click
    out: list[str] = []

    def walk(command: Any, path: str) -> None:
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), f"{path} {name}".strip())
        else:
            out.append(path)

    walk(group, "")
    return out


def test_every_command_is_in_the_environment_table() -> None:
    assert sorted(_commands()) == sorted(NEEDS)


def test_the_readme_lists_every_command() -> None:
    """README's command list ("`procare-ai --help` lists every command: ...") names each command and the
    subcommands of each group, so a new command is documented where a user looks first."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    listed = " ".join(readme.split("lists every command:", 1)[1].split("\n\n", 1)[0].split())
    for command in _commands():
        group, _, sub = command.partition(" ")
        assert f"`{group}" in listed, command
        assert not sub or sub.split()[-1] in listed, command


@pytest.mark.parametrize("command", sorted(NEEDS))
def test_each_commands_help_names_the_environment_it_needs(command: str) -> None:
    result = CliRunner().invoke(app, [*command.split(), "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Environment: needs" in result.output
    needs, optional = NEEDS[command]
    for name in (*needs, *optional):
        assert name in result.output, (command, name)


def test_the_cli_path_runs_without_the_venv_on_path(monkeypatch: pytest.MonkeyPatch) -> None:
    script = Path(sys.executable).parent / "procare-ai"
    if not script.exists():
        pytest.skip("no procare-ai script next to this interpreter (not an installed venv)")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.chdir(script.parents[2])  # the folder that holds .venv
    assert cli_path() == os.path.join(script.parent.parent.name, "bin", "procare-ai")
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}/usr/bin")
    assert cli_path() == "procare-ai"


def test_a_shown_demo_is_recorded_without_secrets(tmp_path: Path) -> None:
    path = tmp_path / ".procare-ai" / "demo.json"
    shown = ShownDemo(centers=3, staff_per_center=12, today=date(2026, 12, 1), configured_server=False)
    shown.save(path)
    assert ShownDemo.load(path) == shown
    assert "postgres" not in path.read_text() and "whsec" not in path.read_text()
    path.write_text("{not json")
    assert ShownDemo.load(path) is None


def test_documents_extract_keeps_bracketed_file_names(tmp_path: Path) -> None:
    """A file name is data: Rich markup in it is shown, never interpreted (nor swallowed)."""
    empty = tmp_path / "[critical]scan.png"
    empty.write_bytes(b"")
    result = CliRunner().invoke(app, ["documents", "extract", str(empty)])
    assert result.exit_code == 2
    assert "[critical]scan.png is empty" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--approve-all", "--reject-all", "no"], "(got --approve-all and --reject-all)"),
        (["--approve-all", "--decisions", "[]"], "(got --approve-all and --decisions)"),
        ([], "say exactly one of --approve-all, --reject-all MESSAGE or --decisions JSON"),
        (["--decisions", '[{"type":"approve"'], "--decisions is not valid JSON"),
    ],
)
def test_approvals_decide_refuses_unclear_decisions_before_anything_opens(
    args: list[str], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both --approve-all and --reject-all used to approve everything; now nothing runs (no database is
    reached: the URL here is refused) and the answer is bad input, exit 2."""
    monkeypatch.setenv("PROCARE_AI_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    result = CliRunner().invoke(app, ["approvals", "decide", THREAD, *args])
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split()) and "Traceback" not in result.output


def test_an_unknown_scan_kind_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCARE_AI_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/none")
    result = CliRunner().invoke(app, ["scan", "--center", "S0001", "--kind", "bogus"])
    assert result.exit_code == 2 and "unknown scan kind 'bogus'" in result.output, result.output
    result = CliRunner().invoke(app, ["worker", "--lanes", "bogus"])  # was 78, a configuration error
    assert result.exit_code == 2 and "--lanes must be all, live or batch" in result.output, result.output


def test_a_run_whose_proposals_the_rollout_held_says_so_and_what_lets_them_through() -> None:
    """A read_only run that drafted a task used to end "done (1 finding)" with no hint of it."""
    held = waiting_state().model_copy(
        update={
            "phase": "read_only",
            "pending": [],
            "status": "done",
            "verdicts": [Verdict(proposal_id="p1", allowed=False, stage="rollout", reasons=["no"])],
        }
    )
    outcome = RunOutcome(thread_id=THREAD, status="done", state=held)
    line = held_back_line(outcome)
    assert line is not None and "1 proposal not offered for approval: credentials was read_only" in line
    assert "rollout set --center S0001 --workflow credentials --phase assistive` lets later runs" in line
    shown = RunOutcome(thread_id=THREAD, status="awaiting_review", state=waiting_state())
    assert held_back_line(shown) is None  # nothing held: nothing said
    assert phase_allowing(["notification", "data_write"]) == "automation"
    assert phase_allowing([]) == "read_only"


def test_an_earlier_run_of_the_same_thread_is_named_as_such() -> None:
    outcome = RunOutcome(thread_id=THREAD, status="done", state=waiting_state())
    same = outcome.state.event
    later = same.model_copy(update={"occurred_at": WHEN.replace(hour=18)})
    assert earlier_run_line(outcome, same, "one a day") is None
    note = earlier_run_line(outcome, later, "one a day")
    assert note is not None and "the run of 2026-11-02 15:00 UTC, shown as it was: one a day" in note


def test_the_demo_progress_total_grows_with_follow_up_runs() -> None:
    """48 events at the start, 6 follow-ups queued by the runs: the bar ends at 54/54, not 54/48."""
    assert run_progress({"queued": 48, "running": 0, "done": 0, "failed": 0}) == (0, 48)
    assert run_progress({"queued": 0, "running": 0, "done": 53, "failed": 1}) == (54, 54)
