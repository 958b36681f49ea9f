"""Cursor pagination across schools: the cursor is an opaque (school position, offset) pair.

Walking schools in order lets a page build only the centers it touches, which is what keeps streaming a
5,000-center sandbox cheap.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any

from sandbox.errors import SandboxError

Record = dict[str, Any]


def encode_cursor(position: int, offset: int) -> str:
    return base64.urlsafe_b64encode(f"v1.{position}.{offset}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> tuple[int, int]:
    """(school position, offset) from a cursor; a malformed one is a 422 naming the `cursor` field."""
    if not cursor:
        return 0, 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, position, offset = raw.split(".")
        if version != "v1" or int(position) < 0 or int(offset) < 0:
            raise ValueError(raw)
        return int(position), int(offset)
    except (ValueError, UnicodeDecodeError):
        raise SandboxError.invalid("cursor is not one this server issued", field="query.cursor") from None


def paginate(
    school_ids: Sequence[str],
    items_for: Callable[[str], Sequence[Record]],
    *,
    limit: int,
    cursor: str | None,
) -> tuple[list[Record], str | None]:
    """One page of the concatenation of `items_for(school)` over `school_ids`, and the next cursor."""
    position, offset = decode_cursor(cursor)
    page: list[Record] = []
    while position < len(school_ids) and len(page) < limit:
        items = items_for(school_ids[position])
        taken = items[offset : offset + (limit - len(page))]
        page.extend(taken)
        offset += len(taken)
        if offset >= len(items):
            position, offset = position + 1, 0
    return page, (encode_cursor(position, offset) if position < len(school_ids) else None)
