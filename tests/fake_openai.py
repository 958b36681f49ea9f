"""A fake OpenAI-compatible chat server: a real HTTP server that `ChatOpenAI` talks to via OPENAI_BASE_URL.

It answers `POST /v1/chat/completions` the way the OpenAI API does (one choice, `finish_reason: stop`)
with whatever the test's `responder` returns for the request, and records every request body, so a test
sees the exact messages the product sent and scripts the model's reply, hostile ones included. Only the
model is faked: the product's client, prompt building, parsing and checks all run for real.

An outage is scripted on the running fake: `fail_status = 500` answers every call with that error (as
the OpenAI API shapes it), `hang = True` holds every call without an answer until the fake stops or
`hang` is cleared; each such call is still recorded, so a test counts the calls the product made.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Responder = Callable[[dict[str, Any]], str]
"""The model: the request body in, the assistant message's content out."""


@dataclass
class FakeOpenAI:
    """A running fake server: `base_url` for OPENAI_BASE_URL, `requests` as received."""

    base_url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    fail_status: int | None = None
    hang: bool = False
    released: threading.Event = field(default_factory=threading.Event)

    def prompts(self) -> list[str]:
        """The user message of every request (the prompt the product built), in order."""
        return [m["content"] for r in self.requests for m in r.get("messages", []) if m.get("role") == "user"]


def prompt_of(body: dict[str, Any]) -> str:
    """The user message of one request."""
    return next(m["content"] for m in body["messages"] if m.get("role") == "user")


def facts_of(body: dict[str, Any]) -> dict[str, Any]:
    """The facts fenced in a request's prompt (policies.drafts.build_prompt), as the model would read them."""
    prompt = prompt_of(body)
    start = prompt.index(">\n", prompt.index("\n<DATA-")) + 2
    end = prompt.rindex("\n</DATA-")
    facts: dict[str, Any] = json.loads(prompt[start:end])
    return facts


def schema_of(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON schema the product asked the model to answer in (from its system message)."""
    system = next(m["content"] for m in body["messages"] if m.get("role") == "system")
    schema: dict[str, Any] = json.loads(system[system.index("{") :])
    return schema


@contextmanager
def fake_openai(responder: Responder) -> Iterator[FakeOpenAI]:
    """Serve the fake on a free local port for the duration of the block."""
    server_ref: dict[str, FakeOpenAI] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            return

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if not self.path.endswith("/chat/completions"):
                self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
                return
            fake = server_ref["fake"]
            fake.requests.append(body)
            if fake.hang:
                while fake.hang and not fake.released.wait(0.05):
                    pass
                if fake.released.is_set():
                    return
            if fake.fail_status is not None:
                error = {"message": "The server had an error", "type": "server_error", "code": None}
                self._send(fake.fail_status, {"error": error})
                return
            content = responder(body)
            self._send(
                200,
                {
                    "id": f"chatcmpl-fake-{len(server_ref['fake'].requests)}",
                    "object": "chat.completion",
                    "created": 1_700_000_000,
                    "model": body.get("model", "fake-model"),
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": content},
                            "finish_reason": "stop",
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                },
            )

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            raw = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    host, port = httpd.server_address[:2]
    fake = FakeOpenAI(base_url=f"http://{host!s}:{port}/v1")
    server_ref["fake"] = fake
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.released.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join()
