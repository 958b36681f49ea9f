"""The read model the API serves: generated records with the overlay's patches and injections merged in.

Lists are answered per school (the paginator walks schools in order), so a page only builds the centers it
touches. When a school has no patches or injections the generated list is returned as is, without copying.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from sandbox import documents
from sandbox.center_data import CenterData
from sandbox.generator import SandboxData
from sandbox.schedule import DayData, build_day
from sandbox.state import INJECTABLE, SandboxState

Record = dict[str, Any]

# Kinds whose generated records live on CenterData as a list attribute of the same name.
CENTER_KINDS = (
    "employees",
    "credentials",
    "training_records",
    "classrooms",
    "performance_reviews",
    "incidents",
    "documents",
    "leaves",
    "observations",
)
CREATED_KINDS = (
    "tasks",
    "messages",
    "staff_moves",
    "incident_routings",
    "parent_messages",
    "calendar_events",
    "calendar_bookings",
    "signature_requests",
    "staff_notes",
    "training_assignments",
)


def _instant(punched_at: str | datetime, zone: tzinfo) -> datetime:
    """A punch time as a comparable UTC instant; a time without an offset is read as the school's."""
    at = punched_at if isinstance(punched_at, datetime) else datetime.fromisoformat(punched_at)
    return (at if at.tzinfo is not None else at.replace(tzinfo=zone)).astimezone(UTC)


class SandboxStore:
    """Merges `SandboxData` (generated, read-only) with `SandboxState` (writes and injections)."""

    def __init__(self, data: SandboxData, state: SandboxState, *, cache_size: int = 128) -> None:
        self.data = data
        self.state = state
        self.day = lru_cache(maxsize=cache_size * 4)(self._build_day)
        self._content = lru_cache(maxsize=64)(self._render)

    def _build_day(self, index: int, day: date) -> DayData:
        return build_day(self.data.seed, self.data.center(index), day, self.data.today)

    # ---- schools ----------------------------------------------------------------------------------------
    def school(self, school_id: str) -> Record | None:
        index = self.data.index_of(school_id)
        return None if index is None else self.data.school(index)[0]

    def school_of(self, kind: str, record_id: str) -> str | None:
        """The school a record id belongs to (injected index first, then the id's `Sxxxx-` prefix)."""
        injected = self.state.by_id.get(kind, {}).get(record_id)
        if injected is not None:
            return str(injected["school_id"])
        prefix = record_id.split("-", 1)[0]
        return prefix if self.data.index_of(prefix) is not None else None

    # ---- per-school lists -------------------------------------------------------------------------------
    def _merge(self, kind: str, school_id: str, generated: Sequence[Record]) -> Sequence[Record]:
        state = self.state
        injected = state.records[kind].get(school_id)
        if school_id in state.hidden[kind]:
            generated = ()
        patches = state.patches.get(kind)
        if patches:
            id_field = INJECTABLE[kind][1]
            generated = [({**r, **patches[r[id_field]]} if r[id_field] in patches else r) for r in generated]
        if not injected:
            return generated
        id_field = INJECTABLE[kind][1]
        if kind == "attendance":
            replaced = {(r["child_id"], r["date"]) for r in injected}
            kept = [r for r in generated if (r["child_id"], r["date"]) not in replaced]
        else:
            replaced = {r[id_field] for r in injected}
            kept = [r for r in generated if r[id_field] not in replaced]
        if patches:
            injected = [({**r, **patches[r[id_field]]} if r[id_field] in patches else r) for r in injected]
        return [*kept, *injected]

    def center(self, school_id: str) -> CenterData | None:
        return self.data.center_for(school_id)

    def rows(self, kind: str, school_id: str) -> Sequence[Record]:
        """All records of a center-level kind (employees, credentials, ...) or a created kind for a school."""
        if kind in CREATED_KINDS:
            return list(self.state.records[kind].get(school_id, ()))
        center = self.center(school_id)
        generated: Sequence[Record] = center.kind(kind) if center is not None else ()
        return self._merge(kind, school_id, generated)

    def list_dated(self, kind: str, school_id: str, start: date, end: date) -> list[Record]:
        """Shifts of a school between two dates (inclusive) in date order; punches in time order.

        Punches are ordered by `punched_at` as an instant (ties in a stable order), the guarantee in
        docs/procare-surface.md that lets a consumer stream a center-day without holding it."""
        index = self.data.index_of(school_id)
        rows: list[Record] = []
        hidden = school_id in self.state.hidden[kind]
        day = start
        while index is not None and not hidden and day <= end:
            built = self.day(index, day)
            rows.extend(built.shifts if kind == "shifts" else built.punches)
            day += timedelta(days=1)
        injected = self.state.records[kind].get(school_id)
        if injected:
            key = "date" if kind == "shifts" else "punched_at"
            id_field = INJECTABLE[kind][1]
            mine = [r for r in injected if start.isoformat() <= str(r[key])[:10] <= end.isoformat()]
            replaced = {r[id_field] for r in mine}
            rows = [r for r in rows if r[id_field] not in replaced] + mine
            if kind == "shifts":
                rows.sort(key=lambda r: str(r[key]))
        if kind == "punches":
            zone = self.data.school(index)[1] if index is not None else UTC
            rows.sort(key=lambda r: _instant(r["punched_at"], zone))
        return rows

    def attendance(self, classroom: Record, day: date) -> Sequence[Record]:
        school_id = classroom["school_id"]
        index = self.data.index_of(school_id)
        generated: Sequence[Record] = ()
        if index is not None:
            generated = self.day(index, day).attendance.get(classroom["classroom_id"], ())
        injected = [
            r
            for r in self.state.records["attendance"].get(school_id, ())
            if r["classroom_id"] == classroom["classroom_id"] and r["date"] == day.isoformat()
        ]
        if school_id in self.state.hidden["attendance"]:
            generated = ()
        if not injected:
            return generated
        replaced = {r["child_id"] for r in injected}
        return [*(r for r in generated if r["child_id"] not in replaced), *injected]

    # ---- training catalog -------------------------------------------------------------------------------
    def assigned_seats(self) -> dict[str, int]:
        """Session id -> seats held by training-plan assignments made through the API (not cancelled)."""
        held: dict[str, int] = {}
        with self.state.lock:
            for rows in self.state.records["training_assignments"].values():
                for row in rows:
                    if row["status"] != "cancelled":
                        held[row["session_id"]] = held.get(row["session_id"], 0) + 1
        return held

    def courses(self) -> list[Record]:
        """The catalog with each session's `seats_taken` as of now: generated, plus seats a scenario set,
        plus the API's assignments (capped at the session's seats)."""
        held = self.assigned_seats()
        overrides = self.state.seats_taken
        out: list[Record] = []
        for course in self.data.catalog():
            sessions = []
            for session in course["sessions"]:
                sid = session["session_id"]
                taken = overrides.get(sid, session["seats_taken"]) + held.get(sid, 0)
                sessions.append({**session, "seats_taken": min(session["seats_total"], taken)})
            out.append({**course, "sessions": sessions})
        return out

    def course(self, course_id: str) -> Record | None:
        return next((c for c in self.courses() if c["course_id"] == course_id), None)

    # ---- single records ---------------------------------------------------------------------------------
    def get(self, kind: str, record_id: str) -> Record | None:
        """One record by id, patched; None when it does not exist."""
        patch = self.state.patches.get(kind, {}).get(record_id)
        found = self.state.by_id[kind].get(record_id)
        if found is None:
            school_id = self.school_of(kind, record_id)
            if school_id is None or school_id in self.state.hidden[kind]:
                return None
            center = self.center(school_id)
            found = center.lookup(kind, record_id) if center is not None else None
        if found is None:
            return None
        return {**found, **patch} if patch else found

    def document_content(self, document: Record) -> bytes:
        """The file's bytes: injected content as given, generated documents rendered (and cached)."""
        injected = self.state.document_content.get(document["document_id"])
        if injected is not None:
            return injected
        return self._content(document["school_id"], document["document_id"], document["content_type"])

    def _render(self, school_id: str, document_id: str, content_type: str) -> bytes:
        center = self.center(school_id)
        lines = center.document_text.get(document_id) if center is not None else None
        packet = center.packet_of_document.get(document_id) if center is not None else None
        if packet is not None:
            return packet.render()
        if not lines:
            raise LookupError(f"document {document_id} has no content")
        return documents.render(content_type, lines, title=lines[0])
