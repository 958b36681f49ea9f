"""Cursor pagination over `Page[T]` answers: one page in memory at a time, parsed straight from bytes.

Each page is validated by a cached `TypeAdapter(Page[Model])` on the raw response bytes (pydantic-core
parses the JSON and builds the models in one pass, without an intermediate dict), then its items are
yielded; the next page is fetched only when the caller has consumed the current one, so memory stays
constant however many records a listing holds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter

from tools.models import Page

M = TypeVar("M", bound=BaseModel)

FetchPage = Callable[[str | None], Awaitable[bytes]]


@cache
def page_adapter(model: type[Any]) -> TypeAdapter[Any]:
    """The (cached) adapter that parses a `Page[model]` body; building one costs a schema compile."""
    return TypeAdapter(Page[model])  # type: ignore[valid-type]


@cache
def item_adapter(model: type[Any]) -> TypeAdapter[Any]:
    """The (cached) adapter for a single resource body."""
    return TypeAdapter(model)


class CursorLoopError(Exception):
    """The server answered the cursor it was sent: following it would never end."""


async def iterate_pages(fetch: FetchPage, model: type[M]) -> AsyncIterator[M]:
    """Yield every item of every page, fetching the next page only after the current one is consumed."""
    adapter = page_adapter(model)
    cursor: str | None = None
    while True:
        page: Page[M] = adapter.validate_json(await fetch(cursor))
        for item in page.data:
            yield item
        if page.next_cursor is None:
            return
        if page.next_cursor == cursor:
            raise CursorLoopError(f"the server answered the same cursor {cursor!r} again")
        cursor = page.next_cursor
