"""Entry point for LangGraph tooling (`langgraph.json`: `langgraph dev`, Studio): the compiled graph, with
its dependencies taken from the environment.

The server brings its own checkpointer and builds each run's context (graph.context.GraphContext, JSON
knobs only) from the request; the live dependencies come from one provider built from settings the first
time a node asks (graph.deps.install). Rollout phases are the documented default, read_only, until a run
is given a store: a client's input never chooses a phase.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from graph.builder import build_graph
from graph.deps import Dependencies, StaticRollout, install
from procare_ai.settings import Settings
from procare_ai.wiring import drafter, procare_client, slack_notifier


@cache
def _dependencies() -> Dependencies:
    """Built once per server process; the client's connections close with the process."""
    settings = Settings()
    slack = slack_notifier(settings)
    return Dependencies(
        procare=procare_client(settings),
        drafter=drafter(settings),
        rollout=StaticRollout(),
        notifier=slack.send if slack else None,
    )


def studio_graph() -> Any:
    """The graph with no checkpointer of its own (the LangGraph server brings one)."""
    install(_dependencies)
    return build_graph()
