"""The types a checkpoint may hold, for the checkpoint serializer's allow-list.

Unknown types in a checkpoint are refused on load instead of silently becoming dicts (a known LangGraph
pitfall), so an audit read always returns the models that were written. Kept beside the state it lists;
checkpoints/ builds its savers with `make_serializer()`, and replay (graph.trace) uses it in memory.
"""

from __future__ import annotations

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

from agents.common.types import Event, Finding, Proposal, SourceRecord
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
