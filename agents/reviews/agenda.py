"""Agenda points from objective data only, each pointing at its records (policies.review_agenda).

Attendance and punctuality (clock-ins against scheduled shifts), observation notes, incidents involving
the person, completed training and credential standing: counted, dated and cited, never judged. Free text
from Procare (an observation's note) is quoted as data, redacted and cut short.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from agents.common.redact import redact_text
from agents.common.types import source_record
from policies import credentials as credential_rules
from policies.review_agenda import (
    ATTENDANCE_LOOKBACK_DAYS,
    LATE_GRACE_MINUTES,
    RECORD_LOOKBACK_DAYS,
    AgendaPoint,
)
from tools.models import Credential, Incident, Observation, Shift, TimePunch, TrainingRecord

NOTE_CHARS = 120


@dataclass(frozen=True)
class Records:
    """What the agenda is computed from: one person's records, read by the agent."""

    shifts: list[Shift]
    punches: list[TimePunch]
    observations: list[Observation]
    incidents: list[Incident]
    training: list[TrainingRecord]
    credentials: list[Credential]


def cite(record: object) -> str:
    """``kind:id`` of a record, as the audit names it."""
    ref = source_record(record)  # type: ignore[arg-type]
    return f"{ref.kind}:{ref.id}"


def agenda(records: Records, *, today: date, zone: ZoneInfo, windows: tuple[int, ...]) -> list[AgendaPoint]:
    """Every point, in a fixed order of topics."""
    return [
        *_attendance(records.shifts, records.punches, today, zone),
        *_observations(records.observations, today),
        *_incidents(records.incidents, today, zone),
        *_training(records.training, today),
        *_credentials(records.credentials, today, windows),
    ]


def _attendance(
    shifts: list[Shift], punches: list[TimePunch], today: date, zone: ZoneInfo
) -> list[AgendaPoint]:
    since = today - timedelta(days=ATTENDANCE_LOOKBACK_DAYS)
    worked = [s for s in shifts if since <= s.date < today]
    if not worked:
        return []
    first_in: dict[date, TimePunch] = {}
    for punch in sorted((p for p in punches if p.kind == "in"), key=lambda p: p.punched_at):
        first_in.setdefault(punch.punched_at.astimezone(zone).date(), punch)
    late: list[TimePunch] = []
    missed: list[Shift] = []
    for shift in sorted(worked, key=lambda s: s.date):
        clock_in = first_in.get(shift.date)
        if clock_in is None:
            missed.append(shift)
            continue
        local = clock_in.punched_at.astimezone(zone)
        if local.hour * 60 + local.minute > shift.start_minutes + LATE_GRACE_MINUTES:
            late.append(clock_in)
    points = []
    if late:
        points.append(
            AgendaPoint(
                "Punctuality",
                f"{len(late)} of {len(worked)} scheduled shifts since {since} began more than "
                f"{LATE_GRACE_MINUTES} minutes late",
                tuple(cite(p) for p in late),
            )
        )
    if missed:
        points.append(
            AgendaPoint(
                "Attendance",
                f"no clock-in on {len(missed)} of {len(worked)} scheduled shifts since {since}",
                tuple(cite(s) for s in missed),
            )
        )
    if not late and not missed:
        points.append(
            AgendaPoint(
                "Attendance and punctuality",
                f"clocked in on time for all {len(worked)} scheduled shifts since {since}",
                tuple(cite(s) for s in reversed(worked)),
            )
        )
    return points


def _observations(observations: Iterable[Observation], today: date) -> list[AgendaPoint]:
    since = today - timedelta(days=RECORD_LOOKBACK_DAYS)
    points = []
    for obs in sorted((o for o in observations if o.observed_on >= since), key=lambda o: o.observed_on)[-5:]:
        rating = f", rated {obs.rating.replace('_', ' ')}" if obs.rating else ""
        note = redact_text(obs.note).strip().replace("\n", " ")
        quoted = f': "{note[:NOTE_CHARS]}{"..." if len(note) > NOTE_CHARS else ""}"' if note else ""
        points.append(
            AgendaPoint("Observation", f"{obs.observed_on}, {obs.area}{rating}{quoted}", (cite(obs),))
        )
    return points


def _incidents(incidents: Iterable[Incident], today: date, zone: ZoneInfo) -> list[AgendaPoint]:
    since = today - timedelta(days=RECORD_LOOKBACK_DAYS)
    found = sorted(
        (i for i in incidents if i.occurred_at.astimezone(zone).date() >= since), key=lambda i: i.occurred_at
    )
    return [
        AgendaPoint(
            "Incident",
            f"{i.occurred_at.astimezone(zone).date()}: {i.kind.replace('_', ' ')} recorded as {i.severity} "
            "severity, with this staff member present",
            (cite(i),),
        )
        for i in found[-5:]
    ]


def _training(training: Iterable[TrainingRecord], today: date) -> list[AgendaPoint]:
    since = today - timedelta(days=RECORD_LOOKBACK_DAYS)
    done = sorted((t for t in training if t.completed_on >= since), key=lambda t: t.completed_on)
    if not done:
        return []
    by_category: dict[str, float] = defaultdict(float)
    for t in done:
        by_category[t.category] += t.hours
    hours = ", ".join(f"{category} {total:g} h" for category, total in sorted(by_category.items()))
    return [
        AgendaPoint(
            "Training",
            f"{sum(by_category.values()):g} hours completed since {since} ({hours})",
            tuple(cite(t) for t in done),
        )
    ]


def _credentials(held: Iterable[Credential], today: date, windows: tuple[int, ...]) -> list[AgendaPoint]:
    points = []
    for cred in sorted(held, key=lambda c: c.kind):
        if cred.kind not in credential_rules.VALIDITY_RULES:
            continue
        expires = credential_rules.expiry(cred.kind, cred.issued_on)
        status = credential_rules.classify_expiry(expires, today, windows)
        label = credential_rules.label_of(cred.kind)
        state = f"expired on {expires}" if status.bucket == "expired" else f"valid through {expires}"
        points.append(AgendaPoint("Credential", f"{label} {state}", (cite(cred),)))
    return points
