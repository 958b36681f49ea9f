"""LangGraph's Postgres checkpointer (the `checkpoints` tables), and reading a thread's latest state.

The serializer's allow-list of the project's types is the graph's (graph.serde), so an audit read always
returns the models that were written.
"""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from psycopg_pool import AsyncConnectionPool

from graph.serde import make_serializer
from graph.state import GraphState

__all__ = ["load_state", "make_checkpointer", "make_serializer"]


def make_checkpointer(pool: AsyncConnectionPool) -> AsyncPostgresSaver:
    """An AsyncPostgresSaver over the shared pool (no pipeline: safe with poolers)."""
    return AsyncPostgresSaver(pool, serde=make_serializer())  # type: ignore[arg-type]


async def load_state(saver: BaseCheckpointSaver[Any], thread_id: str) -> GraphState | None:
    """The latest state of a thread straight from its checkpoint, or None if there is none."""
    tup = await saver.aget_tuple({"configurable": {"thread_id": thread_id}})
    if tup is None:
        return None
    values = tup.checkpoint["channel_values"]
    if "event" not in values:
        return None
    return GraphState.model_validate({k: v for k, v in values.items() if k in GraphState.model_fields})
