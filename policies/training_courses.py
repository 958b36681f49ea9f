"""Which training course renews which credential, what counts as near, and when a session fits a schedule.

Pure rules over plain values (kinds as strings, coordinates as floats, intervals as datetimes) so the
credentials workflow, the development plans and the sandbox's `near` filter all apply the same ones:

- `renewal_match(kind, course_renews)`: `same` when the course's card renews that very kind, `equivalent`
  when it renews another kind that satisfies the same licensing requirement (an AHA pediatric CPR card
  renewed by a Red Cross pediatric CPR course), else None. Source: `policies.credentials.REQUIRED_CREDENTIALS`
  (45 CFR 98.41(a)(1)(ii) requires pediatric first aid and CPR training, not one issuer's card; the AHA and
  Red Cross validity rules are in `policies.credentials.VALIDITY_RULES`).
- `distance_km` and `is_near(distance, limit_km=NEAR_KM)`: great-circle distance and the commute limit.
- `fits_schedule(session, busy)`: a timed session fits when it overlaps no scheduled shift (with the
  commute buffer for a class in person); a self-paced online session always fits.
- `renewal_deadline(expires_on, today)`: by when a renewal session must end.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from policies.credentials import REQUIRED_CREDENTIALS

RenewalMatch = Literal["same", "equivalent"]

NEAR_KM = 40.0
"""A course is near a center when its venue is within 40 km (about 25 miles) of it. No regulation sets
this; it is the product's default commute limit for a class a staff member attends on their own time
(the usual radius of a Procare center's hiring area), kept here as data and overridable per call."""

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), for the haversine distance."""

COMMUTE_BUFFER_MINUTES = 30
"""A class in person must start at least 30 minutes after a shift ends (and end 30 minutes before one
starts): the time to get from the center to the venue. A product rule, not a regulation."""

MIN_NOTICE_DAYS = 2
"""A session is proposed only if it starts at least two days after the scan, so the director can approve
it and the staff member can plan for it (a product rule)."""

EXPIRED_RENEWAL_DAYS = 30
"""For a credential already expired, a renewal session within 30 days is sought: a caregiver must hold
current pediatric first aid and CPR (45 CFR 98.41(a)(1)(ii)), so renewal cannot wait for a later cycle."""


def renewal_match(kind: str, course_renews: Sequence[str]) -> RenewalMatch | None:
    """Whether a course whose card renews `course_renews` renews a credential of `kind`."""
    if kind in course_renews:
        return "same"
    for requirement in REQUIRED_CREDENTIALS:
        if kind in requirement.kinds and any(k in requirement.kinds for k in course_renews):
            return "equivalent"
    return None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance between two points in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def is_near(distance: float, limit_km: float = NEAR_KM) -> bool:
    """Whether a venue `distance` km away is within the commute limit."""
    if limit_km <= 0:
        raise ValueError("a distance limit must be positive")
    return distance <= limit_km


@dataclass(frozen=True)
class SessionTimes:
    """When a session takes the staff member's time: instants per day (none when self-paced)."""

    intervals: tuple[tuple[datetime, datetime], ...]
    in_person: bool

    @property
    def self_paced(self) -> bool:
        return not self.intervals


def fits_schedule(session: SessionTimes, busy: Sequence[tuple[datetime, datetime]]) -> bool:
    """A session fits when none of its intervals overlaps a busy interval (scheduled shifts, as aware
    datetimes), widened by the commute buffer for a class in person. Self-paced: always fits."""
    if session.self_paced:
        return True
    pad = timedelta(minutes=COMMUTE_BUFFER_MINUTES if session.in_person else 0)
    for start, end in session.intervals:
        if end <= start:
            raise ValueError("a session interval must end after it starts")
        for busy_start, busy_end in busy:
            if start - pad < busy_end and busy_start < end + pad:
                return False
    return True


def renewal_deadline(expires_on: date, today: date) -> date:
    """The last day a renewal session may end: the expiry itself while the credential is current, else
    `EXPIRED_RENEWAL_DAYS` from today."""
    if expires_on >= today:
        return expires_on
    return today + timedelta(days=EXPIRED_RENEWAL_DAYS)


def earliest_start(today: date) -> date:
    """The first day a proposed session may start (`MIN_NOTICE_DAYS` after the scan)."""
    return today + timedelta(days=MIN_NOTICE_DAYS)
