"""LangGraph's Postgres checkpointer with an explicit serializer allow-list for the project's types.

Unknown types in a checkpoint are refused on load instead of silently becoming dicts (a known LangGraph
pitfall), so an audit read always returns the models that were written.
"""

from __future__ import annotations

from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from psycopg_pool import AsyncConnectionPool

from agents.types import Event, Finding, Proposal, SourceRecord
from graph.state import Decision, GraphState, Verdict, WriteResult

PROJECT_TYPES: tuple[type, ...] = (
    GraphState,
    Event,
    SourceRecord,
    Finding,
    Proposal,
    Verdict,
    Decision,
    WriteResult,
)


def make_serializer() -> JsonPlusSerializer:
    """The serializer with the project's own types on its msgpack allow-list (and nothing else of ours)."""
    return JsonPlusSerializer(allowed_msgpack_modules=PROJECT_TYPES)


def make_checkpointer(pool: AsyncConnectionPool) -> AsyncPostgresSaver:
    """An AsyncPostgresSaver over the shared pool (no pipeline: safe with poolers)."""
    return AsyncPostgresSaver(pool, serde=make_serializer())  # type: ignore[arg-type]
