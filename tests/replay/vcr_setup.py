"""The vcrpy configuration shared by the recorder (`tests/record_cassettes.py`) and the replay tests.

Recorded requests lose their `X-API-Key` header and their random loopback port (rewritten to
`RECORD_HOST`), responses lose `date`/`server`, so a cassette holds no secret and replays anywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import vcr
from vcr.request import Request

from tests.replay.client_scenarios import CASSETTES, FILTERED_HEADERS, RECORD_HOST


def cassette_path(name: str) -> Path:
    return CASSETTES / f"client_{name}.yaml"


def build_vcr(*, record_mode: str, live_base_url: str | None = None) -> vcr.VCR:
    """`record_mode="none"` for replay (an unrecorded request fails), `"all"` to re-record."""

    def rewrite_host(request: Request) -> Request:
        if live_base_url is not None and request.uri.startswith(live_base_url):
            request.uri = RECORD_HOST + request.uri[len(live_base_url) :]
        return request

    def drop_volatile_headers(response: dict[str, Any]) -> dict[str, Any]:
        headers = response.get("headers", {})
        for name in [h for h in headers if h.lower() in {"date", "server"}]:
            del headers[name]
        return response

    return vcr.VCR(
        record_mode=record_mode,
        filter_headers=FILTERED_HEADERS,
        before_record_request=rewrite_host,
        before_record_response=drop_volatile_headers,
        match_on=["method", "scheme", "host", "port", "path", "query"],
        decode_compressed_response=True,
    )
