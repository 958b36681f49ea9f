"""Which approved catalog course closes a gap: the topic it covers, where and when it meets, seats left.

A course fits a gap when it is approved and
- for a mandated topic: its title or topic slug names the topic (policies.mandated_training.covers; the
  state category alone is not enough: a 24-hour annual course filed under "Child Growth and Development" is
  not the pre-service child development topic);
- for a credential: its card renews that credential or an equivalent one (policies.training_courses
  .renewal_match: a Red Cross card for an AHA one);
- for a center's own need: the skills ranker finds the need in its title and topic (agents.skills.needs);
- for hours: it counts under the rule (its category is one the topic minimum names; none of the rule's
  excluded words, e.g. CPR and first aid in Texas, in its title, topic or category).
A session is offered when it starts at least `policies.training_courses.earliest_start` days ahead, has a
seat left, meets online or at a venue near the center (the catalog's own `near_school_id` filter), and fits
the person's scheduled shifts (policies.training_courses.fits_schedule, with the commute buffer for a class
in person; agents.common.training builds the instants); sessions that end by the gap's due date come first,
then the soonest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from agents.common.training import Interval, session_times
from agents.skills import needs
from agents.skills.plans import Gap
from policies import mandated_training as mandated
from policies.credentials import REQUIRED_CREDENTIALS
from policies.training import TRAINING_RULES, normalise_category
from policies.training_courses import earliest_start, fits_schedule, renewal_match
from tools.models import TrainingCourse, TrainingSession

OPTIONS_PER_GAP = 3


@dataclass(frozen=True)
class CourseOption:
    """One session of an approved course that closes a gap."""

    course_id: str
    session_id: str
    title: str
    provider: str
    topic: str
    category: str
    hours: float
    format: str
    starts_on: date
    ends_on: date
    start_minutes: int | None
    end_minutes: int | None
    venue: str | None
    seats_left: int
    by_due_date: bool


def _counts_for_hours(gap: Gap, state: str, course: TrainingCourse) -> bool:
    rule = TRAINING_RULES.get(state.strip().upper())
    words = [normalise_category(t) for t in (course.title, course.topic, course.category)]
    if rule is not None and any(w in text for w in rule.excluded_words for text in words):
        return False
    if gap.counted_categories:
        return normalise_category(course.category) in gap.counted_categories
    return True


def course_fits(gap: Gap, state: str, course: TrainingCourse) -> bool:
    """Whether an (approved) course closes `gap` at a center in `state`."""
    if not course.approved:
        return False
    if gap.kind == "credential":
        kinds = next((r.kinds for r in REQUIRED_CREDENTIALS if r.group == gap.key), ())
        return any(renewal_match(kind, course.renews) for kind in kinds)
    if gap.kind == "center_need":
        return gap.topic is not None and needs.course_shows(gap.topic, course)
    if gap.kind == "mandated_topic":
        return gap.topic is not None and mandated.covers(gap.topic, course.title, course.topic)
    return _counts_for_hours(gap, state, course)


def _option(course: TrainingCourse, session: TrainingSession, due_on: date | None) -> CourseOption:
    return CourseOption(
        course_id=course.course_id,
        session_id=session.session_id,
        title=course.title,
        provider=course.provider,
        topic=course.topic,
        category=course.category,
        hours=course.hours,
        format=course.format,
        starts_on=session.starts_on,
        ends_on=session.ends_on,
        start_minutes=session.start_minutes,
        end_minutes=session.end_minutes,
        venue=course.location.venue if course.location is not None else None,
        seats_left=session.seats_left,
        by_due_date=due_on is None or session.ends_on <= due_on,
    )


def options_for(
    gap: Gap,
    state: str,
    courses: Iterable[TrainingCourse],
    today: date,
    *,
    busy: Sequence[Interval] = (),
    limit: int = OPTIONS_PER_GAP,
) -> list[CourseOption]:
    """The best sessions (at most `limit`, one per course) that close `gap` and fit the `busy` intervals
    (the person's scheduled shifts): by the due date first."""
    first_day = earliest_start(today)
    due = gap.due_on if gap.due_on is not None and gap.due_on >= first_day else None
    found = []
    for course in courses:
        if not course_fits(gap, state, course):
            continue
        open_ = [
            s
            for s in course.sessions
            if s.starts_on >= first_day and s.seats_left > 0 and fits_schedule(session_times(course, s), busy)
        ]
        if open_:
            found.append(_option(course, min(open_, key=lambda s: (s.starts_on, s.session_id)), due))
    found.sort(key=lambda o: (not o.by_due_date, o.starts_on, o.course_id))
    return found[:limit]
