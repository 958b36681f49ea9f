"""The `procare-ai` Typer app, its sub-apps, and how a command fails: one line and an exit code.

`EXIT_CODES` is the one table from error classes to exit codes (the most specific class wins), so every
command maps user errors the same way and never prints a stack trace. Commands live in the sibling
modules by what they touch: servers, approvals, admin (tokens, rollout), threads (scan, audit, report,
replay), documents (onboarding document extraction).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
import re
import shutil
import socket
import sys
from collections.abc import Callable, Coroutine
from importlib.metadata import version as package_version
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from pydantic_settings import SettingsError
from rich.console import Console
from rich.text import Text

from agents.common.types import Event
from agents.common.wording import counted, humanize
from policies.errors import InvalidInput, ProcareAIError
from policies.rbac import Permission, Principal, action_words
from policies.rollout import phase_allowing
from procare_ai.cli.documents import documents_app
from procare_ai.settings import Settings
from services import tokens
from services.context import Services
from services.errors import Conflict, Forbidden, NotFound, Unauthorized
from services.runner import RunOutcome
from tools.errors import (
    ConfigError,
    NotificationError,
    ProcareConflict,
    ProcareForbidden,
    ProcareInvalidRequest,
    ProcareNotFound,
    ProcareRateLimited,
    ProcareUnauthorized,
    ProcareUnavailable,
)

app = typer.Typer(
    help="procare-ai: AI workflows for Procare staff management. Agents propose; a director approves "
    "every write-back.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database set-up.", no_args_is_help=True)
approvals_app = typer.Typer(help="Pending approvals: list, show and decide.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for the director API.", no_args_is_help=True)
rollout_app = typer.Typer(help="Rollout phase per center and workflow.", no_args_is_help=True)
skills_app = typer.Typer(help="Staff skills: rank staff for a need, rebuild profiles.", no_args_is_help=True)
pilot_app = typer.Typer(
    help="Pilot groups: a phase for named centers and reviewers first.", no_args_is_help=True
)
rollout_app.add_typer(pilot_app, name="pilot")
webhooks_app = typer.Typer(
    help="Webhook sources: each sender's secret and the centers it may speak for.", no_args_is_help=True
)
licensing_app = typer.Typer(help="Agency reports incidents require: list, mark filed.", no_args_is_help=True)
events_app = typer.Typer(
    help="Received events and their jobs: list (parked ones with --status failed), retry a parked one.",
    no_args_is_help=True,
)


def _print_version(value: bool) -> None:
    if value:
        console.print(f"procare-ai {package_version('procare-ai')}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """procare-ai: AI workflows for Procare staff management. Agents propose; a director approves every
    write-back."""


app.add_typer(db_app, name="db")
app.add_typer(approvals_app, name="approvals")
app.add_typer(tokens_app, name="tokens")
app.add_typer(rollout_app, name="rollout")
app.add_typer(webhooks_app, name="webhooks")
app.add_typer(documents_app, name="documents")
skills_app = typer.Typer(
    help="Staff skills: rank staff for a need, rebuild stored profiles, propose an assignment to a need, "
    "development plans.",
    no_args_is_help=True,
)
needs_app = typer.Typer(
    help="A center's own needs (e.g. 'bilingual Spanish for family communications'), which development "
    "plans check staff against: add, list, remove.",
    no_args_is_help=True,
)
skills_app.add_typer(needs_app, name="needs")
app.add_typer(licensing_app, name="licensing")
app.add_typer(events_app, name="events")
app.add_typer(skills_app, name="skills")

# Markup off: what the CLI prints holds data (a finding's "[warning]", a name in brackets) that Rich
# would read as its own markup and swallow; styles are given as `Text` parts instead.
console = Console(markup=False, highlight=False)
err = Console(stderr=True, soft_wrap=True, markup=False, highlight=False)  # an error is one line

T = TypeVar("T")

EX_CONFIG, EX_TEMPFAIL = 78, 75
EXIT_CODES: dict[type[Exception], int] = {
    ProcareAIError: 1,
    InvalidInput: 2,
    Forbidden: 3,
    Unauthorized: 3,
    NotFound: 4,
    Conflict: 5,
    ConfigError: EX_CONFIG,
    ProcareUnauthorized: EX_CONFIG,
    ProcareForbidden: 3,
    ProcareNotFound: 4,
    ProcareConflict: 5,
    ProcareInvalidRequest: 2,
    ProcareRateLimited: EX_TEMPFAIL,
    ProcareUnavailable: EX_TEMPFAIL,
    NotificationError: EX_TEMPFAIL,
}
"""Exit code by error class: 2 bad input, 3 not allowed, 4 not found, 5 conflict, 75 try again later,
78 configuration (EX_CONFIG); any other error raised on purpose is 1."""


def exit_code_for(exc: Exception) -> int:
    """The exit code of the most specific class of `exc` that the table names."""
    for cls in type(exc).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return 1


def load_settings() -> Settings:
    """Settings from the environment, with a readable message on a bad value (a wrong type, or JSON that
    does not parse in a setting that takes JSON, such as PROCARE_AI_AGENT_SETTINGS)."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"setting PROCARE_AI_{field.upper()}: {first['msg']}") from None
    except SettingsError as exc:  # pydantic-settings could not decode a JSON value
        named = re.search(r'field "(\w+)"', str(exc))
        field = named.group(1).upper() if named else "?"
        where = " (in .env)" if "DotEnv" in str(exc) else ""
        reason = f": {exc.__cause__}" if exc.__cause__ is not None else ""
        raise ConfigError(f"setting PROCARE_AI_{field}{where} is not valid JSON{reason}") from None


def cli_path() -> str:
    """How to run `procare-ai` from the current shell: the bare name when PATH finds this one, else the
    path of this install's script (`.venv/bin/procare-ai`, relative to the working directory when it is
    under it), so a printed next step works without an activated venv."""
    script = Path(sys.executable).parent / "procare-ai"
    if not script.exists():
        return "procare-ai"
    found = shutil.which("procare-ai")
    if found is not None and Path(found).resolve() == script.resolve():
        return "procare-ai"
    with contextlib.suppress(ValueError):
        return str(script.absolute().relative_to(Path.cwd()))
    return str(script.absolute())


def require_free_port(host: str, port: int) -> None:
    """Refuse at once, in one line, a port something else listens on (before anything is started)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: only a listener blocks
        try:
            sock.bind((host, port))
        except OverflowError:  # a port past 65535 from a caller that did not check the range
            raise ConfigError(f"cannot listen on {host}:{port}: a port is 1 to 65535") from None
        except OSError as exc:
            reason = "in use" if exc.errno == errno.EADDRINUSE else exc.strerror or str(exc)
            raise ConfigError(
                f"cannot listen on {host}:{port}: {reason} (choose another with --port)"
            ) from None


def fast_loop() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's event loop factory when uvloop is installed (the API server's loop: a request costs
    measurably less CPU on it, bench/ingest.py), else None for asyncio's own."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def run(
    fn: Callable[..., Coroutine[Any, Any, T]] | None = None,
    *,
    loop_factory: Callable[[], Callable[[], asyncio.AbstractEventLoop] | None] | None = None,
) -> Any:
    """Run an async command, mapping project errors to a message and exit code; `@run(loop_factory=
    fast_loop)` runs it on the event loop that factory names (the API server's uvloop)."""
    if fn is None:
        return functools.partial(run, loop_factory=loop_factory)
    command = fn

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            with asyncio.Runner(loop_factory=loop_factory() if loop_factory else None) as runner:
                return runner.run(command(*args, **kwargs))
        except ProcareAIError as exc:
            err.print(Text.assemble(("error:", "red"), f" {exc.message}"))
            raise typer.Exit(exit_code_for(exc)) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None

    return wrapper


def operator(name: str = "cli") -> Principal:
    """Whoever runs the CLI: it holds the database URL, so it sees every center, as hr_admin does; the
    same scoping rules as the API then apply (a `--center` filter narrows them)."""
    return Principal(id=name, role="hr_admin", centers=frozenset())


async def token_principal(services: Services, raw: str | None, permission: Permission) -> Principal:
    """The principal of the API token a person runs a command with, holding `permission`.

    Database access alone says nothing about who decides, so commands that act for a person take a token
    (`--token` or PROCARE_AI_TOKEN) and record its holder; an expired, revoked or unknown token or one
    whose role lacks the permission is refused as the API refuses it.
    """
    if not raw:
        raise Unauthorized(
            "this command acts as a person: give your API token with --token or PROCARE_AI_TOKEN "
            "(procare-ai tokens create)"
        )
    principal = await tokens.authenticate(services.pool, raw.strip(), now=services.now())
    if not principal.can(permission):
        raise Forbidden(f"role {principal.role} may not {action_words(permission)}")
    return principal


def outcome_line(outcome: RunOutcome) -> str:
    """One truthful line for a thread: its status (graph.state.ThreadStatus) and what that status means
    now: actions waiting while paused, decisions and write-backs once decided."""
    state = outcome.state
    parts = [f"{len(state.findings)} finding{'' if len(state.findings) == 1 else 's'}"]
    if outcome.status == "awaiting_review":
        parts.append(f"{len(state.pending)} awaiting approval")
    if state.decisions:
        kinds = [d.type for d in state.decisions]
        parts.append(", ".join(f"{kinds.count(k)} {word}" for k, word in _DECIDED if k in kinds))
    if state.results:
        written, failed = sum(r.ok for r in state.results), sum(not r.ok for r in state.results)
        parts.append(f"{written} written" + (f", {failed} not written" if failed else ""))
    return f"{outcome.thread_id}: {outcome.status} ({'; '.join(parts)})"


_DECIDED = (("approve", "approved"), ("edit", "edited"), ("reject", "rejected"))


def print_outcome(outcome: RunOutcome) -> None:
    state = outcome.state
    console.print(outcome_line(outcome), soft_wrap=True)
    for finding in state.findings[:20]:
        console.print(f"  - [{finding.severity}] {humanize(finding.kind)}: {finding.summary}", soft_wrap=True)
    if len(state.findings) > 20:
        console.print(f"  ... and {len(state.findings) - 20} more")
    held_line = held_back_line(outcome)
    if held_line:
        console.print(held_line, soft_wrap=True)


def earlier_run_line(outcome: RunOutcome, event: Event, once: str) -> str | None:
    """A note when `event`'s thread had already run (the runner starts a known thread only once), so the
    outcome shown is that earlier run, e.g. from before a rollout change: `once` says why it is one run."""
    ran = outcome.state.event.occurred_at
    if ran == event.occurred_at:
        return None
    return (
        f"  (this is the run of {ran:%Y-%m-%d %H:%M} UTC, shown as it was: {once}, so a rollout or data "
        "change shows from the next one)"
    )


def held_back_line(outcome: RunOutcome) -> str | None:
    """Why a run that drafted proposals offers none (or fewer) for approval: the rollout phase held them,
    and the command that lets later runs propose them. Without it a `skills assign` or a scan in a
    read_only center ends "done" with no hint that it drafted anything."""
    state = outcome.state
    held = {v.proposal_id for v in state.verdicts if v.stage == "rollout" and not v.allowed}
    categories = [p.category for p in state.proposals if p.id in held]
    if not categories or state.workflow is None:
        return None
    center, them = state.event.center_id, "it" if len(categories) == 1 else "them"
    return (
        f"  {counted(len(categories), 'proposal')} not offered for approval: {state.workflow} was "
        f"{state.phase} at {center} for this run; `{cli_path()} rollout set --center {center} --workflow "
        f"{state.workflow} --phase {phase_allowing(categories)}` lets later runs propose {them}"
    )
