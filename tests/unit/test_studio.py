"""procare_ai.studio, the LangGraph server entry: the langgraph.json that names it, the graph and app it
exports, the state types it registers with the server's serializer, and the lifespan that opens the
process's dependencies and closes them (the server process itself is tests/acceptance/test_langgraph_server).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.graph.state import CompiledStateGraph
from langgraph_cli.config import validate_config_file
from starlette.applications import Starlette

from graph import deps as provider
from graph.deps import StaticRollout
from graph.serde import PROJECT_TYPES
from graph.state import Verdict
from procare_ai import studio
from tools.client import ProcareClient

ROOT = Path(__file__).resolve().parents[2]


def load(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def test_langgraph_json_is_valid_and_names_the_graph_and_the_lifespan_app() -> None:
    config = validate_config_file(ROOT / "langgraph.json")  # the CLI's own validation
    spec = config["graphs"]["procare"]
    compiled = load(spec["path"] if isinstance(spec, dict) else spec)
    assert isinstance(compiled, CompiledStateGraph)
    assert compiled.checkpointer is None  # the server brings its own
    assert {"human_review", "execute", "credentials"} <= set(compiled.get_graph().nodes)
    assert list(compiled.get_input_jsonschema()["properties"]) == ["event"]
    http = config["http"]
    assert http is not None and isinstance(load(http["app"]), Starlette)
    env = config["env"]
    assert isinstance(env, dict) and env["LANGGRAPH_STRICT_MSGPACK"] == "true"


def test_state_types_are_registered_with_a_strict_serializer() -> None:
    saver = InMemorySaver(serde=JsonPlusSerializer(allowed_msgpack_modules=None))  # strict, as the server's
    verdict = Verdict(proposal_id="p1", allowed=False, stage="edit", reasons=["PII"])
    blob = saver.serde.dumps_typed(verdict)
    assert isinstance(saver.serde.loads_typed(blob), dict)  # blocked: the model would come back a dict
    assert studio.register_state_types(saver)
    assert saver.serde.loads_typed(blob) == verdict
    for kind in PROJECT_TYPES:
        assert (kind.__module__, kind.__name__) in saver.serde._allowed_msgpack_modules  # type: ignore[attr-defined]


def test_a_serializer_that_takes_no_allow_list_is_reported() -> None:
    permissive = InMemorySaver(serde=JsonPlusSerializer(allowed_msgpack_modules=True))
    assert not studio.register_state_types(permissive)
    assert not studio.register_state_types(object())
    assert studio.server_checkpointer() is None  # this test process is no LangGraph server


@pytest.fixture
def server_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Settings from the environment only (no .env), no database: the documented default phase."""
    for name in (
        "PROCARE_AI_DATABASE_URL",
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "PROCARE_AI_SLACK_WEBHOOK_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PROCARE_AI_PROCARE_API_KEY", "sandbox-dev-key")
    monkeypatch.setenv("PROCARE_AI_PROCARE_URL", "http://127.0.0.1:9")
    monkeypatch.chdir(tmp_path)


async def test_the_lifespan_opens_one_provider_and_closes_it(
    server_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    saver = InMemorySaver(serde=JsonPlusSerializer(allowed_msgpack_modules=None))
    monkeypatch.setattr(studio, "server_checkpointer", lambda: saver)
    async with studio.lifespan(studio.app):
        deps = provider.current()
        assert provider.current() is deps  # one provider for every run of the process
        assert isinstance(deps.procare, ProcareClient)
        assert isinstance(deps.rollout, StaticRollout)
        assert await deps.rollout.phase("S0001", "credentials") == "read_only"
        verdict = Verdict(proposal_id="p1", allowed=True, stage="proposal")
        assert saver.serde.loads_typed(saver.serde.dumps_typed(verdict)) == verdict  # registered at start
    assert deps.procare._http.is_closed  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="no graph dependencies"):
        provider.current()


async def test_a_missing_setting_stops_the_server_with_one_line(
    server_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(studio, "server_checkpointer", lambda: None)
    monkeypatch.delenv("PROCARE_AI_PROCARE_API_KEY")
    with pytest.raises(
        RuntimeError, match=r"^procare-ai cannot start: PROCARE_AI_PROCARE_API_KEY is not set"
    ):
        async with studio.lifespan(studio.app):
            pass
    monkeypatch.setenv("PROCARE_AI_PROCARE_API_KEY", "changeme")
    with pytest.raises(RuntimeError, match="PROCARE_AI_PROCARE_API_KEY: Value error, secret is empty"):
        async with studio.lifespan(studio.app):
            pass
