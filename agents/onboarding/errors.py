"""Errors of document reading, each with a one-line message a person can act on."""

from __future__ import annotations

from policies.errors import InvalidInput


class UnreadableDocument(InvalidInput):
    """The file is not a PNG, JPEG or PDF we can open (or it is empty, damaged or encrypted)."""

    code = "unreadable_document"
