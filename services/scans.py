"""Scheduled scans: the internal event of a scan, and when a center's daily scans are due."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from agents.common.types import Event
from agents.registry import DAILY_SCANS, SCAN_KINDS

__all__ = ["DAILY_SCANS", "SCAN_KINDS", "due_for_scan", "scan_event"]


def scan_event(kind: str, center_id: str, day: str, now: datetime) -> Event:
    """The internal event of a scheduled scan; one per center, kind and local day (so one thread)."""
    return Event(
        id=f"scan-{kind}-{center_id}-{day}", type=f"scan.{kind}", occurred_at=now, center_id=center_id
    )


def due_for_scan(tz_name: str, now_utc: datetime, at: time, every: timedelta) -> str | None:
    """The local date if the center's local scan time falls in the last `every`, else None."""
    local = now_utc.astimezone(ZoneInfo(tz_name))
    start = datetime.combine(local.date(), at, tzinfo=local.tzinfo)
    return local.date().isoformat() if start <= local < start + every else None
