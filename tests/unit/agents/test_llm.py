"""The LLM layer: redaction before any prompt, schema and policy validation of every output, fallback."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage
from pydantic import SecretStr

from agents.common.llm import (
    ChatOpenAIDrafter,
    DraftRejected,
    OfflineDrafter,
    build_prompt,
    draft_or_fallback,
)
from agents.common.redact import redact, redact_text
from agents.credentials import REMINDER
from procare_ai.settings import Settings
from procare_ai.wiring import drafter as drafter_from_settings

FACTS = {
    "first_name": "Ana",
    "label": "Pediatric CPR (American Heart Association)",
    "expires_on": "2026-11-30",
    "days_left": 28,
    "expired": False,
    "renewal": "Renew at an AHA Training Center.",
    "center_name": "Sunrise",
    "ssn": "123-45-6789",
    "birth_date": "1990-04-01",
    "home_address": {"line1": "12 Oak Street"},
    "note": "SSN 987-65-4321, DOB: 04/01/1990, lives at 4410 Maple Avenue",
}


class FakeChat:
    """Stands in for ChatOpenAI (the outside world): returns a canned reply, records what it was sent."""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.sent: list[Any] = []

    async def ainvoke(self, messages: list[Any], **kwargs: Any) -> AIMessage:
        self.sent.append((messages, kwargs))
        return AIMessage(content=self.reply)


def test_redaction_drops_pii_keys_and_scrubs_text() -> None:
    clean = redact(FACTS)
    assert {"ssn", "birth_date", "home_address"}.isdisjoint(clean)
    assert "987-65-4321" not in clean["note"] and "04/01/1990" not in clean["note"]
    assert "4410 Maple Avenue" not in clean["note"]
    assert redact_text("call 555-1234 at 9") == "call 555-1234 at 9"  # not everything with digits is PII


def test_prompt_never_contains_pii() -> None:
    prompt = build_prompt(REMINDER, FACTS)
    for secret in ("123-45-6789", "1990-04-01", "12 Oak Street", "987-65-4321", "4410 Maple Avenue"):
        assert secret not in prompt
    assert "2026-11-30" in prompt and "Ana" in prompt


async def test_offline_drafter_is_deterministic_and_validated() -> None:
    a = await OfflineDrafter().draft(REMINDER, FACTS)
    b = await OfflineDrafter().draft(REMINDER, FACTS)
    assert a.value == b.value and a.raw_output == b.raw_output
    assert "2026-11-30" in a.value.body and a.model == "offline-template-v1"


async def test_model_output_is_validated_against_schema_and_policy() -> None:
    good = json.dumps(
        {"subject": "CPR renewal due", "body": "Hi Ana, your Pediatric CPR expires on 2026-11-30."}
    )
    chat = FakeChat(good)
    draft = await ChatOpenAIDrafter(chat, "gpt-test").draft(REMINDER, FACTS)
    assert draft.value.subject == "CPR renewal due" and draft.raw_output == good
    sent_text = " ".join(m.content for m in chat.sent[0][0])
    assert "123-45-6789" not in sent_text and chat.sent[0][1]["response_format"] == {"type": "json_object"}

    with pytest.raises(DraftRejected, match="not a valid Reminder"):
        await ChatOpenAIDrafter(FakeChat("Sure! Here is your reminder"), "m").draft(REMINDER, FACTS)
    wrong_date = json.dumps(
        {"subject": "CPR renewal", "body": "Hi Ana, your Pediatric CPR expires on 2027-01-01."}
    )
    with pytest.raises(DraftRejected, match="must state the expiry date 2026-11-30"):
        await ChatOpenAIDrafter(FakeChat(wrong_date), "m").draft(REMINDER, FACTS)


async def test_rejected_output_falls_back_to_the_template_and_says_why() -> None:
    wrong = json.dumps({"subject": "Hello there", "body": "Please renew your card whenever you like."})
    draft, reason = await draft_or_fallback(ChatOpenAIDrafter(FakeChat(wrong), "m"), REMINDER, FACTS)
    assert draft.model == "offline-template-v1" and "2026-11-30" in draft.value.body
    assert reason is not None and "expiry date" in reason and "whenever you like" in reason


def test_make_drafter_uses_chatopenai_only_when_configured() -> None:
    assert isinstance(drafter_from_settings(Settings(_env_file=None)), OfflineDrafter)  # type: ignore[call-arg]
    configured = Settings(_env_file=None, openai_api_key=SecretStr("sk-test-123"), model="gpt-x")  # type: ignore[call-arg]
    drafter = drafter_from_settings(configured)
    assert isinstance(drafter, ChatOpenAIDrafter) and drafter.name == "gpt-x"
