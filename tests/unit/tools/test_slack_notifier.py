"""SlackNotifier posts {"text": ...}; failures are typed and never reveal the webhook URL."""

from __future__ import annotations

import json
import logging

import httpx
import pytest
from pydantic import SecretStr

from procare_ai.settings import Settings
from procare_ai.wiring import slack_notifier
from tests.unit.tools.procare_fakes import FakeProcare
from tools.errors import ConfigError
from tools.notify import NotificationError, SlackNotifier

WEBHOOK = "https://hooks.slack.test/services/T000/B000/s3cr3tT0k3n"


async def test_posts_text_to_the_webhook(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake = FakeProcare(default=lambda _r: httpx.Response(200, text="ok"))
    async with SlackNotifier(WEBHOOK, transport=httpx.MockTransport(fake)) as slack:
        await slack.send("Room Bluebirds is out of ratio (1:6, needs 1:4)")
    assert len(fake.requests) == 1
    assert str(fake.requests[0].url) == WEBHOOK and fake.requests[0].method == "POST"
    assert json.loads(fake.requests[0].content) == {"text": "Room Bluebirds is out of ratio (1:6, needs 1:4)"}
    assert any(r.name == "httpx" for r in caplog.records)
    assert "s3cr3tT0k3n" not in caplog.text


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (httpx.Response(404, text="no_service"), "answered 404: no_service"),
        (httpx.Response(500), "answered 500: no body"),
        (httpx.ConnectError("refused"), "could not be reached"),
    ],
)
async def test_failures_raise_without_the_url(answer: httpx.Response | Exception, fragment: str) -> None:
    async with SlackNotifier(WEBHOOK, transport=httpx.MockTransport(FakeProcare([answer]))) as slack:
        with pytest.raises(NotificationError) as info:
            await slack.send("hello")
    assert fragment in str(info.value) and "s3cr3tT0k3n" not in str(info.value)
    assert "s3cr3tT0k3n" not in repr(slack)


async def test_refuses_empty_text_and_bad_urls() -> None:
    with pytest.raises(ConfigError):
        SlackNotifier("hooks.slack.test/services/x")
    async with SlackNotifier(WEBHOOK, transport=httpx.MockTransport(FakeProcare())) as slack:
        with pytest.raises(ValueError):
            await slack.send("  ")


async def test_from_settings_is_optional() -> None:
    assert slack_notifier(Settings(slack_webhook_url=None)) is None
    notifier = slack_notifier(Settings(slack_webhook_url=SecretStr(WEBHOOK)))
    assert isinstance(notifier, SlackNotifier)
    await notifier.aclose()
