"""Refuse, before any route runs, a URL carrying a NUL character (`%00`): no identifier, filter or search
term holds one, Postgres text cannot store one, and letting it reach a query would turn bad input into a
database error. The answer is the documented 422 of invalid input."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

BODY = json.dumps(
    {
        "error": "invalid_input",
        "message": "a NUL character (%00) is not accepted in a URL",
        "fields": [{"field": "url", "message": "contains a NUL character"}],
    }
).encode()


def _has_nul(raw: bytes) -> bool:
    return b"\x00" in raw or b"%00" in raw.lower()


class RefuseNulInUrl:
    """ASGI middleware: 422 for a path or query string holding a NUL, else the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogateescape")
            if _has_nul(path) or _has_nul(scope.get("query_string", b"")):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 422,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(BODY)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": BODY})
                return
        await self.app(scope, receive, send)
