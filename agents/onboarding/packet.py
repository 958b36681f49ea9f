"""A new hire's packet as Procare holds it: each uploaded file read once per run, masked, with its hash.

The bytes are read from Procare, hashed and OCR'd in a worker thread (the reader is CPU-bound and must not
stall the event loop), then dropped: only the file's id, its SHA-256 and the masked fields leave this
module (`policies.onboarding_profile.masked`), so a checkpoint holds what the audit may keep and never the
file. A file that cannot be read is reported, not guessed at.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agents.onboarding.errors import UnreadableDocument
from agents.onboarding.extract import REVIEW_THRESHOLD, extract_document
from agents.onboarding.result import Extraction
from policies.onboarding import ReceivedDocument
from policies.onboarding_profile import masked
from tools.models import Document
from tools.protocols import ProcareReader

PACKET_DOCUMENT_KINDS = frozenset({"i9", "w4", "background_check", "credential_card"})
"""Procare document kinds read as part of a packet (the file's own text decides what it is)."""


@dataclass(frozen=True)
class ReadField:
    value: str
    """Masked where the field is sensitive."""
    confidence: float
    needs_review: bool

    def __repr__(self) -> str:  # a value may still be a name or a date: keep it out of tracebacks
        return f"ReadField(<{len(self.value)} chars>, {self.confidence:.2f})"


@dataclass(frozen=True)
class ReadDocument:
    """One packet file as this run read it."""

    document_id: str
    sha256: str
    procare_kind: str
    kind: str
    """What the reader classified it as (`i9`, `w4`, `background_check`, `credential_card`, `unknown`)."""
    fields: dict[str, ReadField] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    signed: bool | None = None
    error: str | None = None
    """Why the file could not be read (then `kind` is `unknown` and there are no fields)."""

    @property
    def confident(self) -> dict[str, str]:
        """Fields read at or above the review threshold."""
        return {k: f.value for k, f in self.fields.items() if not f.needs_review}

    @property
    def to_confirm(self) -> dict[str, ReadField]:
        """Fields read below the review threshold: a person confirms them against the file."""
        return {k: f for k, f in self.fields.items() if f.needs_review}

    def received(self) -> ReceivedDocument:
        """The packet rules' view: only confident fields count as given."""
        return ReceivedDocument(kind=self.kind, fields=self.confident, signed=self.signed)

    def evidence(self) -> dict[str, Any]:
        """What the audit keeps of the file: ids, hash, kinds, which fields were read (masked values)."""
        return {
            "document_id": self.document_id,
            "sha256": self.sha256,
            "procare_kind": self.procare_kind,
            "kind": self.kind,
            "signed": self.signed,
            "fields": {k: {"value": f.value, "confidence": f.confidence} for k, f in self.fields.items()},
            "needs_review": sorted(k for k, f in self.fields.items() if f.needs_review),
            "missing": list(self.missing),
            "error": self.error,
        }


Reader = Callable[[bytes], Extraction]

MEMO_SIZE = 32
_memo: OrderedDict[str, Extraction] = OrderedDict()


def _read_memoised(digest: str, data: bytes) -> Extraction:
    """`extract_document` remembered by the file's SHA-256 for the last few files.

    A reading is a pure function of the bytes (same file, same fields, in any worker), so this memo holds
    no fact across runs: it only spares a second OCR when the hire's `staff.hired` and `document.uploaded`
    runs, or a scan, read the same packet in one worker. Masked values only leave through `from_extraction`.
    """
    hit = _memo.get(digest)
    if hit is not None:
        _memo.move_to_end(digest)
        return hit
    extraction = extract_document(data, review_threshold=REVIEW_THRESHOLD)
    _memo[digest] = extraction
    while len(_memo) > MEMO_SIZE:
        _memo.popitem(last=False)
    return extraction


def from_extraction(doc: Document, digest: str, extraction: Extraction) -> ReadDocument:
    review = set(extraction.needs_review)
    return ReadDocument(
        document_id=doc.document_id,
        sha256=digest,
        procare_kind=doc.kind,
        kind=extraction.kind,
        fields={
            name: ReadField(masked(name, v.value), v.confidence, name in review)
            for name, v in extraction.fields.items()
        },
        missing=tuple(extraction.missing),
        signed=extraction.signed,
    )


async def read_one(client: ProcareReader, doc: Document, *, reader: Reader | None = None) -> ReadDocument:
    """Fetch, hash and read one file (an unreadable one comes back with `error` set)."""
    data = await client.get_document_content(doc.document_id)
    digest = hashlib.sha256(data).hexdigest()
    try:
        if reader is not None:
            extraction = await asyncio.to_thread(reader, data)
        else:
            extraction = await asyncio.to_thread(_read_memoised, digest, data)
    except UnreadableDocument as exc:
        return ReadDocument(doc.document_id, digest, doc.kind, "unknown", error=exc.message)
    return from_extraction(doc, digest, extraction)


async def packet_documents(
    client: ProcareReader, employee_id: str, *, also: str | None = None
) -> list[Document]:
    """The employee's packet files in upload order, plus the event's document `also` whatever its kind."""
    docs = [
        d
        async for d in client.iter_documents(employee_id=employee_id)
        if d.kind in PACKET_DOCUMENT_KINDS or d.document_id == also
    ]
    return sorted(docs, key=lambda d: (d.uploaded_at, d.document_id))
