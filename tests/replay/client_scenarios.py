"""Client scenarios against the Procare surface, shared by three runners.

`tests/record_cassettes.py` runs each scenario against a live sandbox while vcrpy records it, the replay
tests run it again from the cassette with no server, and the live tests run it against a sandbox started
in the test. Each scenario checks the surface's invariants (filters honoured, pages complete, one effect
per idempotency key, typed errors) on whatever data the sandbox generated, so none depends on seed values.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from tools.client import ProcareClient
from tools.errors import (
    ProcareConflict,
    ProcareForbidden,
    ProcareInvalidRequest,
    ProcareNotFound,
    ProcareUnauthorized,
)
from tools.models import (
    CredentialPatch,
    EmployeePatch,
    MessageCreate,
    PayrollAdjustment,
    PayrollPatch,
    StaffMove,
    TaskCreate,
    TrainingAssignmentCreate,
)

CASSETTES = Path(__file__).resolve().parents[1] / "cassettes"
TODAY = date(2026, 11, 2)
FROZEN_NOW = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
SEED = 7
CENTERS = 2
STAFF_PER_CENTER = 6
PAGED_SIZE = 4  # small on purpose: the pagination scenario must cross several pages
RECORD_HOST = "http://procare.sandbox"  # recorded URLs are rewritten to this host (the port is random)
FILTERED_HEADERS = ["x-api-key", "host"]  # the key is secret; the host header holds the random port


@dataclass
class Clients:
    """The clients a scenario uses: full access, one key scoped to the first school, an unknown key."""

    main: ProcareClient
    paged: ProcareClient
    scoped: ProcareClient
    bad: ProcareClient

    async def aclose(self) -> None:
        for client in (self.main, self.paged, self.scoped, self.bad):
            await client.aclose()


def make_clients(base_url: str, *, keys: dict[str, str], **options: Any) -> Clients:
    """`keys` holds 'main', 'scoped' and 'bad'; `options` go to every ProcareClient."""
    return Clients(
        main=ProcareClient(base_url=base_url, api_key=keys["main"], **options),
        paged=ProcareClient(base_url=base_url, api_key=keys["main"], page_size=PAGED_SIZE, **options),
        scoped=ProcareClient(base_url=base_url, api_key=keys["scoped"], **options),
        bad=ProcareClient(base_url=base_url, api_key=keys["bad"], **options),
    )


async def reads(c: Clients) -> None:
    """Every read endpoint on the first school, each filter checked against what comes back."""
    schools = [s async for s in c.main.iter_schools()]
    assert len(schools) == CENTERS
    school = await c.main.get_school(schools[0].school_id)
    assert school == schools[0]
    sid = school.school_id

    staff = [e async for e in c.main.iter_employees(school_id=sid)]
    assert len(staff) >= STAFF_PER_CENTER and {e.school_id for e in staff} == {sid}
    active = [e async for e in c.main.iter_employees(school_id=sid, status="active")]
    assert active and all(e.employment_status == "active" for e in active)
    assert {e.employee_id for e in active} <= {e.employee_id for e in staff}

    employee = await c.main.get_employee(active[0].employee_id)
    assert employee == active[0]
    credentials = [cr async for cr in c.main.iter_credentials(school_id=sid)]
    assert credentials and {cr.school_id for cr in credentials} == {sid}
    holder = credentials[0].employee_id
    own = [cr async for cr in c.main.iter_credentials(employee_id=holder)]
    assert own and {cr.employee_id for cr in own} == {holder}
    assert await c.main.get_credential(own[0].credential_id) == own[0]
    training = [t async for t in c.main.iter_training_records(school_id=sid)]
    assert all(t.school_id == sid and t.hours > 0 for t in training)

    rooms = [r async for r in c.main.iter_classrooms(school_id=sid)]
    assert rooms and all(r.school_id == sid and r.ratio > 0 for r in rooms)
    attendance = [a async for a in c.main.iter_attendance(rooms[0].classroom_id, TODAY)]
    assert all(a.classroom_id == rooms[0].classroom_id and a.date == TODAY for a in attendance)

    start, end = TODAY - timedelta(days=6), TODAY
    shifts = [s async for s in c.main.iter_shifts(school_id=sid, start=start, end=end)]
    assert shifts and all(start <= s.date <= end and s.school_id == sid for s in shifts)
    worker = shifts[0].employee_id
    mine = [s async for s in c.main.iter_shifts(employee_id=worker, start=start, end=end)]
    assert mine and {s.employee_id for s in mine} == {worker}
    punches = [p async for p in c.main.iter_punches(school_id=sid, start=start, end=end)]
    assert punches and all(start <= p.punched_at.date() <= end for p in punches)

    reviews = [r async for r in c.main.iter_reviews(school_id=sid)]
    assert all(r.school_id == sid for r in reviews)
    incidents = [i async for i in c.main.iter_incidents(school_id=sid)]
    for incident in incidents[:1]:
        assert await c.main.get_incident(incident.incident_id) == incident
    documents = [d async for d in c.main.iter_documents(school_id=sid)]
    assert documents and all(d.school_id == sid for d in documents)
    document = await c.main.get_document(documents[0].document_id)
    content = await c.main.get_document_content(document.document_id)
    magic = {"application/pdf": b"%PDF", "image/png": b"\x89PNG"}[document.content_type]
    assert content.startswith(magic)
    assert [t async for t in c.main.iter_tasks(school_id=sid)] == []

    near = [k async for k in c.main.iter_training_courses(near_school_id=sid, kind="pediatric_cpr_aha")]
    assert near and all("pediatric_cpr_aha" in k.renews for k in near)
    assert all(s.ends_on >= TODAY for k in near for s in k.sessions)
    assert (await c.main.get_training_course(near[0].course_id)).course_id == near[0].course_id
    assert [a async for a in c.main.iter_training_plan(active[0].employee_id)] == []


async def pagination(c: Clients) -> None:
    """A small page size walks every school's staff exactly once, across many pages."""
    by_school: list[str] = []
    async for school in c.main.iter_schools():
        by_school += [e.employee_id async for e in c.main.iter_employees(school_id=school.school_id)]
    streamed = [e.employee_id async for e in c.paged.iter_employees()]
    assert len(streamed) > 2 * PAGED_SIZE
    assert len(set(streamed)) == len(streamed)
    assert sorted(streamed) == sorted(by_school)


async def writes(c: Clients) -> None:
    """Each write once; a repeated idempotency key gives the stored answer and no second effect."""
    school = await anext(aiter(c.main.iter_schools()))
    sid = school.school_id
    employee = await anext(aiter(c.main.iter_employees(school_id=sid, status="active")))
    eid = employee.employee_id

    task = TaskCreate(school_id=sid, title="Renew pediatric CPR", related_employee_id=eid, priority="high")
    first = await c.main.create_task(task, idempotency_key="scenario-task-1")
    again = await c.main.create_task(task, idempotency_key="scenario-task-1")
    assert again == first and first.title == task.title
    tasks = [t async for t in c.main.iter_tasks(school_id=sid)]
    assert [t.task_id for t in tasks].count(first.task_id) == 1 and len(tasks) == 1
    with pytest.raises(ProcareConflict):
        await c.main.create_task(
            task.model_copy(update={"title": "other"}), idempotency_key="scenario-task-1"
        )

    message = MessageCreate(
        school_id=sid, to_employee_id=eid, subject="CPR renewal", body="Please book a class."
    )
    sent = await c.main.send_message(message, idempotency_key="scenario-message-1")
    assert (sent.to_employee_id, sent.subject) == (eid, "CPR renewal")
    inbox = [m async for m in c.main.iter_messages(school_id=sid, to_employee_id=eid)]
    assert [m.message_id for m in inbox] == [sent.message_id]

    patched = await c.main.patch_employee(
        eid, EmployeePatch(bio="Loves outdoor play."), idempotency_key="scenario-employee-1"
    )
    assert patched.bio == "Loves outdoor play." and patched.first_name == employee.first_name
    assert (await c.main.get_employee(eid)).bio == "Loves outdoor play."

    credential = await anext(aiter(c.main.iter_credentials(school_id=sid)))
    updated = await c.main.patch_credential(
        credential.credential_id,
        CredentialPatch(status="renewal_initiated"),
        idempotency_key="scenario-credential-1",
    )
    assert updated.status == "renewal_initiated" and updated.kind == credential.kind

    period = TODAY - timedelta(days=TODAY.weekday() + 7)
    payroll = PayrollPatch(
        pay_period_start=period,
        adjustments=[
            PayrollAdjustment(date=period + timedelta(days=1), pay_code="OT", hours=1.5, reason="late")
        ],
    )
    record = await c.main.patch_payroll(eid, payroll, idempotency_key="scenario-payroll-1")
    assert record.pay_period_start == period and record.adjustments == payroll.adjustments
    assert [r async for r in c.main.iter_payroll(eid, pay_period_start=period)] == [record]

    room = await anext(aiter(c.main.iter_classrooms(school_id=sid)))
    move = StaffMove(employee_id=eid, date=TODAY, start_minutes=540, end_minutes=600, reason="ratio")
    made = await c.main.create_staff_move(room.classroom_id, move, idempotency_key="scenario-move-1")
    made_again = await c.main.create_staff_move(room.classroom_id, move, idempotency_key="scenario-move-1")
    assert made_again == made and made.classroom_id == room.classroom_id
    assert [m.move_id for m in await c.main.list_staff_moves(school_id=sid)] == [made.move_id]

    catalog = [k async for k in c.main.iter_training_courses(near_school_id=sid, approved=True)]
    course, session = next(
        (k, s)
        for k in catalog
        for s in k.sessions
        if s.seats_left and s.starts_on > TODAY and not s.self_paced
    )
    assignment = TrainingAssignmentCreate(
        school_id=sid, course_id=course.course_id, session_id=session.session_id
    )
    assigned = await c.main.assign_training(eid, assignment, idempotency_key="scenario-training-1")
    assert await c.main.assign_training(eid, assignment, idempotency_key="scenario-training-1") == assigned
    assert [a.assignment_id async for a in c.main.iter_training_plan(eid)] == [assigned.assignment_id]


async def errors(c: Clients) -> None:
    """401, 403, 404 and 422 from the server arrive as the typed errors, with the server's message."""
    schools = [s.school_id async for s in c.main.iter_schools()]
    with pytest.raises(ProcareUnauthorized) as unauthorized:
        await c.bad.get_school(schools[0])
    assert unauthorized.value.status == 401
    assert (await c.scoped.get_school(schools[0])).school_id == schools[0]
    with pytest.raises(ProcareForbidden) as forbidden:
        _ = [e async for e in c.scoped.iter_employees(school_id=schools[1])]
    assert forbidden.value.status == 403 and forbidden.value.path == "/v1/employees"
    with pytest.raises(ProcareNotFound) as missing:
        await c.main.get_employee("no-such-employee")
    assert "no-such-employee" in str(missing.value)
    with pytest.raises(ProcareInvalidRequest) as invalid:
        _ = [s async for s in c.main.iter_shifts(school_id=schools[0], start=TODAY, end=TODAY - timedelta(1))]
    assert invalid.value.details and "end" in str(invalid.value)
    with pytest.raises(ProcareInvalidRequest):
        _ = [e async for e in c.main.iter_employees(status=cast(Any, "retired"))]


SCENARIOS: dict[str, Callable[[Clients], Awaitable[None]]] = {
    "reads": reads,
    "pagination": pagination,
    "writes": writes,
    "errors": errors,
}
