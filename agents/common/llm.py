"""The LLM layer: one `Drafter` interface, a ChatOpenAI implementation and an offline deterministic one.

Agents ask for a structured draft (a pydantic model) from facts. Policies compute every number; the model
only writes prose around them. Facts are redacted before any prompt is built, and the prompt keeps the
instructions apart from the data (`policies.drafts.build_prompt`: the data fenced, as JSON, after them).
A model's output is validated against its schema, the agent's own checks, and then against the facts it
was drafted from (`policies.drafts.check_draft`: no name, date, number or link that is not in them, no
approval claim, no request for secrets, no instruction, no other addressee); a malformed or
out-of-policy output is rejected (`DraftRejected`), never passed on, and `draft_or_fallback` uses the
offline template instead and records why on the draft.

A model that errs or does not answer (an HTTP 500, a timeout, a refused connection) is an outage, not a
bad draft: `ModelUnavailable`, and `draft_or_fallback` drafts from the offline template at once, recording
why (`Draft.model_error`, then `Proposal.model_error`). A circuit breaker (agents/common/breaker.py) in
front of the model opens on the first failure, so while the endpoint is down each process pays at most
one timeout per interval and every other draft falls back without a call; no run fails because the
model did.

The offline drafter renders the same schema from Jinja templates, so everything runs with no network and
replays deterministically; ChatOpenAI is used only when a key or an OpenAI-compatible URL is configured.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Generic, Protocol, TypeVar

import jinja2
from pydantic import BaseModel, ValidationError

from agents.common.breaker import CircuitBreaker
from agents.common.redact import redact
from policies import drafts
from policies.errors import ProcareAIError
from policies.model_data import model_facts

T = TypeVar("T", bound=BaseModel)
log = logging.getLogger(__name__)

_JINJA = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=False)


@lru_cache(maxsize=256)
def _template(source: str) -> jinja2.Template:
    """Compile each offline template once per process."""
    return _JINJA.from_string(source)


class ModelUnavailable(ProcareAIError):
    """The model gave no usable answer (an error, a timeout, or its circuit breaker is open)."""

    code = "model_unavailable"


class DraftRejected(ProcareAIError):
    """The model's output did not parse or broke a rule; it must not reach a director as-is."""

    code = "draft_rejected"

    def __init__(self, message: str, *, raw_output: str, prompt: str) -> None:
        super().__init__(message)
        self.raw_output = raw_output
        self.prompt = prompt


@dataclass(frozen=True)
class DraftSpec(Generic[T]):
    """What to draft: the schema, the instructions for a model, and the offline templates per field."""

    name: str
    schema: type[T]
    instructions: str
    templates: Mapping[str, str]
    check: Callable[[T, Mapping[str, Any]], list[str]] | None = None
    recipient: str | None = None
    """The fact holding the name of the person the text is addressed to (None: it addresses no one)."""
    trusted: tuple[str, ...] = ()
    """Facts the product wrote itself (policy text such as renewal instructions): quoted freely. Procare
    free text (bios, notes, descriptions) is never trusted: a quote of it is checked like a model's words."""


@dataclass(frozen=True)
class Draft(Generic[T]):
    """A validated draft with what produced it, for the audit trail."""

    value: T
    prompt: str
    raw_output: str
    model: str
    rejection: str | None = None
    """Why a model's draft was refused and this template used instead (None: nothing was refused)."""
    rejected_output: str | None = None
    """The refused model output, verbatim, kept for the audit."""
    rejected_model: str | None = None
    model_error: str | None = None
    """Why the configured model could not draft and this template was used (an error, a timeout, or the
    circuit breaker open after one); None when the model answered or none is configured."""


class Drafter(Protocol):
    name: str

    async def draft(self, spec: DraftSpec[T], facts: Mapping[str, Any]) -> Draft[T]: ...


def build_prompt(spec: DraftSpec[Any], facts: Mapping[str, Any]) -> str:
    """The exact text a model sees (stored in the audit trail): the instructions, then the redacted facts
    fenced off as data, minus every identifier beyond a first name (policies.model_data)."""
    return drafts.build_prompt(spec.instructions, model_facts(redact(dict(facts))))


def content_problems(spec: DraftSpec[T], value: T, facts: Mapping[str, Any]) -> list[str]:
    """What is wrong with a model's draft against the facts it was drafted from (empty: nothing); only
    what the model was shown counts as a fact it may repeat."""
    safe = model_facts(redact(dict(facts)))
    texts = {k: v for k, v in value.model_dump().items() if isinstance(v, str)}
    recipient = safe.get(spec.recipient) if spec.recipient else None
    return drafts.check_draft(
        texts,
        safe,
        recipient=str(recipient) if recipient else None,
        template_text=list(spec.templates.values()),
        trusted_keys=spec.trusted,
    )


def _validate(
    spec: DraftSpec[T], raw: str, facts: Mapping[str, Any], prompt: str, *, from_model: bool = False
) -> T:
    try:
        value = spec.schema.model_validate_json(raw)
    except ValidationError as exc:
        raise DraftRejected(
            f"{spec.name}: model output is not a valid {spec.schema.__name__}: {exc.errors()[0]['msg']}",
            raw_output=raw,
            prompt=prompt,
        ) from None
    problems = spec.check(value, facts) if spec.check else []
    if from_model:
        problems += content_problems(spec, value, facts)
    if problems:
        raise DraftRejected(f"{spec.name}: {'; '.join(problems)}", raw_output=raw, prompt=prompt)
    return value


class OfflineDrafter:
    """Deterministic drafter: renders each field's Jinja template from the redacted facts."""

    name = "offline-template-v1"

    async def draft(self, spec: DraftSpec[T], facts: Mapping[str, Any]) -> Draft[T]:
        prompt = build_prompt(spec, facts)
        safe = redact(dict(facts))
        fields = {key: _template(tpl).render(**safe).strip() for key, tpl in spec.templates.items()}
        raw = json.dumps(fields, sort_keys=True)
        return Draft(_validate(spec, raw, facts, prompt), prompt, raw, self.name)


MODEL_TIMEOUT_SECONDS = 10.0
BREAKER_RESET_SECONDS = 30.0


class ChatOpenAIDrafter:
    """Drafts with ChatOpenAI (langchain-openai) using JSON-mode structured output, behind a circuit
    breaker: any error or a timeout raises `ModelUnavailable` (the breaker counts it); an answer that
    fails its checks raises `DraftRejected` (the model is up, so the breaker does not count it)."""

    def __init__(self, chat_model: Any, model_name: str, *, breaker: CircuitBreaker | None = None) -> None:
        self._chat = chat_model
        self.name = model_name
        self.breaker = breaker or CircuitBreaker(name=f"model {model_name}", timeout=MODEL_TIMEOUT_SECONDS)

    async def draft(self, spec: DraftSpec[T], facts: Mapping[str, Any]) -> Draft[T]:
        from langchain_core.messages import HumanMessage, SystemMessage

        prompt = build_prompt(spec, facts)
        schema = json.dumps(spec.schema.model_json_schema(), sort_keys=True)
        messages = [
            SystemMessage(f"Answer with one JSON object that matches this JSON schema:\n{schema}"),
            HumanMessage(prompt),
        ]
        try:
            reply = await self.breaker.call(
                lambda: self._chat.ainvoke(messages, response_format={"type": "json_object"})
            )
        except Exception as exc:  # the model endpoint is the outside world: any failure is an outage
            raise ModelUnavailable(_one_line(exc)) from exc
        raw = reply.content if isinstance(reply.content, str) else json.dumps(reply.content)
        return Draft(_validate(spec, raw, facts, prompt, from_model=True), prompt, raw, self.name)


def _one_line(exc: BaseException) -> str:
    """An error as one line for the audit: its message (or class name), first line, bounded."""
    text = (getattr(exc, "message", None) or str(exc) or type(exc).__name__).strip().splitlines()[0]
    return text[:300]


def make_drafter(
    *,
    model: str,
    api_key: str | None = None,
    base_url: str | None = None,
    timeout: float = MODEL_TIMEOUT_SECONDS,
    breaker_reset_seconds: float = BREAKER_RESET_SECONDS,
) -> Drafter:
    """ChatOpenAI when a key or an OpenAI-compatible URL is given, else the offline drafter.

    Every request says `store: false` (no retention where the API supports it) and carries only the
    facts policies.model_data lets through. The client itself does not retry (`max_retries=0`): a retry
    would multiply the wait on a model that is down, and the offline template is a complete answer; the
    breaker decides when to try the model again.
    """
    if api_key is None and base_url is None:
        return OfflineDrafter()
    from langchain_openai import ChatOpenAI

    # store=False: ask the provider to keep no copy of requests or answers (the model data policy).
    kwargs: dict[str, Any] = {
        "model": model,
        "temperature": 0,
        "timeout": timeout,
        "max_retries": 0,
        "store": False,
    }
    kwargs["api_key"] = api_key if api_key is not None else "not-needed"
    if base_url:
        kwargs["base_url"] = base_url
    breaker = CircuitBreaker(name=f"model {model}", timeout=timeout, reset_after=breaker_reset_seconds)
    return ChatOpenAIDrafter(ChatOpenAI(**kwargs), model, breaker=breaker)


async def draft_or_fallback(
    drafter: Drafter, spec: DraftSpec[T], facts: Mapping[str, Any]
) -> tuple[Draft[T], str | None]:
    """Draft with the configured drafter; on rejection or an outage use the offline template and say why.

    The returned draft carries the rejection and the refused output (whole) for the audit trail; the
    returned reason repeats it in one line for a rationale. An outage (`ModelUnavailable`) is recorded on
    the draft's `model_error` only: it says nothing about the finding, so no rationale repeats it.
    """
    try:
        return await drafter.draft(spec, facts), None
    except ModelUnavailable as exc:
        fallback = await OfflineDrafter().draft(spec, facts)
        log.info("model %s unavailable, drafted %s offline: %s", drafter.name, spec.name, exc.message)
        return replace(fallback, model_error=f"{drafter.name}: {exc.message}"), None
    except DraftRejected as exc:
        fallback = await OfflineDrafter().draft(spec, facts)
        reason = f"{exc.message} (rejected output: {exc.raw_output[:500]!r})"
        return (
            replace(
                fallback,
                rejection=exc.message,
                rejected_output=exc.raw_output,
                rejected_model=drafter.name,
            ),
            reason,
        )
