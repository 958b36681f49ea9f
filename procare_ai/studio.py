"""Entry point for LangGraph's own server: `langgraph dev`, LangGraph Studio and langgraph-sdk clients.

`langgraph.json` names two objects of this module. `graph` is the compiled graph, with no checkpointer of
its own (the server brings one and builds each run's context, graph.context.GraphContext, from the
request). `app` is a Starlette app with no routes, there for its lifespan, which the server runs around
its own: on start it registers the project's state types with the server's checkpoint serializer and
opens this process's one dependency provider from settings (procare_ai.wiring.open_server_dependencies:
Procare client, drafter, rollout source, clock, notifier), and on shutdown closes it.

Rollout phases come from the project's rollout store when `PROCARE_AI_DATABASE_URL` is set, else every
center and workflow is in the documented default phase, read_only: a client's input never chooses one
(the graph's input is the event only).
"""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from starlette.applications import Starlette

from graph.builder import build_graph
from graph.deps import install, uninstall
from graph.serde import PROJECT_TYPES
from procare_ai.cli.app import load_settings
from procare_ai.wiring import open_server_dependencies
from tools.errors import ConfigError

log = logging.getLogger("procare_ai.studio")

graph = build_graph()


def register_state_types(saver: Any) -> bool:
    """Put the project's state types on `saver`'s msgpack allow-list; False when it cannot take one.

    The server's serializer reads no allow-list from langgraph.json in this version (langgraph issue
    #7695), so without this it warns on every project type it loads ("Deserializing unregistered type").
    Only a strict serializer (LANGGRAPH_STRICT_MSGPACK=true, which langgraph.json sets) takes an
    allow-list; a permissive one allows everything, with that warning.
    """
    serde = getattr(saver, "serde", None)
    if not isinstance(serde, JsonPlusSerializer):
        return False
    registered = serde.with_msgpack_allowlist(PROJECT_TYPES)
    if registered is serde:
        return False
    saver.serde = registered
    return True


def server_checkpointer() -> Any:
    """The checkpointer of the LangGraph server this process is, or None when it is not one."""
    if "langgraph_runtime" not in sys.modules:  # the server imports its runtime before it loads this module
        return None
    from langgraph_runtime.checkpoint import Checkpointer  # in-memory for `langgraph dev`

    try:
        return Checkpointer()
    except TypeError:  # a runtime whose checkpointer is per connection: nothing process-wide to register on
        return None


@asynccontextmanager
async def lifespan(_app: Starlette) -> AsyncIterator[None]:
    """Register the state types and open the dependencies before the server serves; close on shutdown."""
    saver = server_checkpointer()
    if saver is not None and not register_state_types(saver):
        log.warning(
            "procare-ai: the server's checkpoint serializer takes no allow-list; set "
            "LANGGRAPH_STRICT_MSGPACK=true (langgraph.json does) to register the project's state types"
        )
    async with AsyncExitStack() as stack:
        try:
            settings = await asyncio.to_thread(load_settings)  # reads .env: not on the event loop
            deps = await stack.enter_async_context(open_server_dependencies(settings))
        except ConfigError as exc:
            message = f"procare-ai cannot start: {exc.message}"
            log.error(message)  # one line; the server then prints its own startup-failure trace
            raise RuntimeError(message) from None
        install(lambda: deps)
        log.info(
            "procare-ai: dependencies open (Procare at %s, rollout %s)",
            settings.procare_url,
            "from the rollout store" if settings.database_url else "read_only for every center",
        )
        try:
            yield
        finally:
            uninstall()
    log.info("procare-ai: dependencies closed")


app = Starlette(lifespan=lifespan)
