"""Which environment variables each command reads, shown at the end of its `--help`.

One table, so an operator setting up a shell (or a unit file) sees what a command needs before it fails
with one line naming the missing setting; `tests/unit/test_cli_terminal.py` holds it to the commands
registered, so a new command without an entry fails the build.
"""

from __future__ import annotations

import typer

DB = ("PROCARE_AI_DATABASE_URL",)
PROCARE = ("PROCARE_AI_PROCARE_URL", "PROCARE_AI_PROCARE_API_KEY")
MODEL = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "PROCARE_AI_MODEL")
"""Optional everywhere: without a key or URL the offline drafter writes every draft."""

NEEDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "sandbox": ((), ("PROCARE_AI_WEBHOOK_SECRET", "PROCARE_AI_SANDBOX_WEBHOOK_TOKEN")),
    "worker": (DB + PROCARE, (*MODEL, "PROCARE_AI_SLACK_WEBHOOK_URL", "PROCARE_AI_WORKER_CONCURRENCY")),
    "serve": ((*DB, *PROCARE, "PROCARE_AI_WEBHOOK_SECRET"), MODEL),
    "demo": ((), ("PROCARE_AI_DATABASE_URL", *MODEL)),
    "scan": (DB + PROCARE, MODEL),
    "report": (DB, ()),
    "replay": (DB + PROCARE, ()),
    "db setup": (DB, ()),
    "approvals list": (DB, ()),
    "approvals show": (DB, ()),
    "approvals decide": (DB + PROCARE, ("PROCARE_AI_TOKEN",)),
    "approvals retry": (DB + PROCARE, ("PROCARE_AI_TOKEN",)),
    "tokens create": (DB, ()),
    "tokens rotate": (DB, ()),
    "tokens list": (DB, ()),
    "tokens revoke": (DB, ()),
    "rollout set": (DB, ()),
    "rollout show": (DB, ()),
    "documents extract": ((), ()),
    "licensing list": (DB + PROCARE, ()),
    "licensing filed": (DB + PROCARE, ()),
    "events list": (DB, ()),
    "events retry": (DB, ()),
    "audit staff": (DB, ()),
    "audit verify": (DB, ()),
    "audit export": (DB, ()),
    "skills match": (DB + PROCARE, ()),
    "retention": (DB, ("PROCARE_AI_CHECKPOINT_RETENTION_DAYS",)),
    "shadow": (DB + PROCARE, ()),
    "rollout history": (DB, ()),
    "rollout pilot start": (DB, ()),
    "rollout pilot end": (DB, ()),
    "skills rebuild": (DB + PROCARE, ()),
    "skills assign": (DB + PROCARE, MODEL),
    "skills plan": (DB + PROCARE, ()),
    "skills needs add": (DB + PROCARE, ()),
    "skills needs list": (DB, ()),
    "skills needs remove": (DB, ()),
    "webhooks add-source": (DB, ()),
    "webhooks rotate": (DB, ()),
    "webhooks list": (DB, ("PROCARE_AI_WEBHOOK_SECRET",)),
}
"""Command path -> (variables it needs, variables it reads when set). A `.env` file counts too."""


def epilog(command: str) -> str:
    """The help text's last paragraph for `command`: what it needs and what it reads if set."""
    needs, optional = NEEDS[command]
    parts = [f"Environment: needs {', '.join(needs)}." if needs else "Environment: needs no variable."]
    if command == "demo":
        parts.append("Without PROCARE_AI_DATABASE_URL it starts an embedded Postgres.")
    if optional:
        parts.append(f"Reads if set: {', '.join(optional)}.")
    if set(MODEL) & set(optional):
        parts.append("Without OPENAI_API_KEY or OPENAI_BASE_URL the offline drafter writes the drafts.")
    parts.append("A .env file in the working directory is read too.")
    return " ".join(parts)


def name_environment(group: typer.Typer, prefix: str = "") -> list[str]:
    """Give every command of `group` (and of its sub-groups) its environment epilog; the paths done."""
    done = []
    for info in group.registered_commands:
        name = info.name or (info.callback.__name__.replace("_", "-") if info.callback else "")
        path = f"{prefix}{name}"
        if path in NEEDS:  # a command missing from the table still runs; the unit test names it
            info.epilog = epilog(path)
            done.append(path)
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            done += name_environment(sub.typer_instance, f"{prefix}{sub.name} ")
    return done
