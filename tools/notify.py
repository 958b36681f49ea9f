"""Slack incoming-webhook notifier, used for alerts that cannot wait for the director inbox (ratio breaches).

An incoming-webhook URL is itself a credential (anyone holding it can post to the channel), so it is kept
as a `SecretStr` and never appears in a log line or an error message.
"""

from __future__ import annotations

import logging
from types import TracebackType
from typing import Self

import httpx
from pydantic import SecretStr

from tools.errors import ConfigError, NotificationError

__all__ = ["NotificationError", "SlackNotifier"]

log = logging.getLogger(__name__)


class _RedactUrl(logging.Filter):
    """httpx logs every request URL at INFO; for a webhook the URL is the secret, so mask it there."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(self.secret in str(a) for a in record.args):
            record.args = tuple(
                str(a).replace(self.secret, "[slack-webhook]") if self.secret in str(a) else a
                for a in record.args
            )
        return True


class SlackNotifier:
    """Posts `{"text": ...}` to one Slack incoming webhook; use as `async with SlackNotifier(url)`."""

    def __init__(
        self,
        webhook_url: str | SecretStr,
        *,
        timeout: float = 5.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        url = webhook_url.get_secret_value() if isinstance(webhook_url, SecretStr) else webhook_url
        if not url.startswith(("https://", "http://")):
            raise ConfigError("the Slack webhook URL must be an http(s) URL")
        self._url = SecretStr(url)
        self._http = httpx.AsyncClient(timeout=timeout, transport=transport)
        self._log_filter = _RedactUrl(url)
        logging.getLogger("httpx").addFilter(self._log_filter)

    def __repr__(self) -> str:
        return "SlackNotifier(webhook_url='[redacted]')"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool and stop masking this URL in httpx's log."""
        await self._http.aclose()
        logging.getLogger("httpx").removeFilter(self._log_filter)

    async def send(self, text: str) -> None:
        """Post one message; raise NotificationError if Slack does not answer 2xx."""
        if not text.strip():
            raise ValueError("a Slack notification needs some text")
        try:
            response = await self._http.post(self._url.get_secret_value(), json={"text": text})
        except httpx.HTTPError as exc:
            raise NotificationError(f"Slack webhook could not be reached: {type(exc).__name__}") from None
        if not response.is_success:
            raise NotificationError(
                f"Slack webhook answered {response.status_code}: {response.text.strip()[:200] or 'no body'}"
            )
        log.info("slack notification sent (%d characters)", len(text))
