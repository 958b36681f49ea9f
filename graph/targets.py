"""Write targets, resolved against Procare: no approved or edited action writes outside its thread's center.

Every id an action's args name (employee, classroom, credential, document, review, incident, child, school)
is looked up in Procare and must belong to the thread's center, and to a center the deciding principal may
see. A credential named next to an employee (a training assignment that renews it) must be that employee's;
a training course and session must be in Procare's catalog, the session one of the course's (the catalog is
shared by every center, so it has no center of its own). The runner checks at review time (a bad edit is
refused and the thread stays paused) and `execute` checks again right before the write (Procare may have
moved the record since). The staff ids the resolution finds are the people a write touched, so the audit
index lists them.

A target in another center and a target that does not exist get the same message, so an edit cannot be
used to learn what exists elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from agents.common.types import Proposal
from graph.state import Decision
from tools.errors import ProcareNotFound
from tools.protocols import ProcareReader

EMPLOYEE_KEYS = ("employee_id", "to_employee_id", "assignee_employee_id", "related_employee_id")
EMPLOYEE_LIST_KEYS = ("attendee_employee_ids",)


@dataclass
class TargetCheck:
    """What resolving one action's targets found: why it may not run, and whom it touches."""

    problems: list[str] = field(default_factory=list)
    staff_ids: set[str] = field(default_factory=set)


class _Resolver:
    def __init__(self, reader: ProcareReader, center_id: str) -> None:
        self.reader, self.center_id = reader, center_id
        self.out = TargetCheck()
        self._rooms: set[str] | None = None

    def outside(self, kind: str, id_: object) -> None:
        self.out.problems.append(f"{kind} {id_} is not in center {self.center_id}")

    def inside(self, school_id: str | None) -> bool:
        return school_id == self.center_id

    async def school(self, school_id: object) -> None:
        if not isinstance(school_id, str) or not self.inside(school_id):
            self.outside("school", school_id)

    async def employee(self, employee_id: object) -> None:
        if employee_id is None:
            return
        try:
            found = await self.reader.get_employee(str(employee_id))
        except ProcareNotFound:
            found = None
        if found is None or not self.inside(found.school_id):
            self.outside("employee", employee_id)
        else:
            self.out.staff_ids.add(found.employee_id)

    async def classroom(self, classroom_id: object) -> None:
        if self._rooms is None:
            self._rooms = {
                room.classroom_id async for room in self.reader.iter_classrooms(school_id=self.center_id)
            }
        if str(classroom_id) not in self._rooms:
            self.outside("classroom", classroom_id)

    async def credential(self, credential_id: object, document_id: object, holder: object = None) -> None:
        """The center's credential; with `holder` (a training assignment's employee) also theirs."""
        try:
            found = await self.reader.get_credential(str(credential_id))
        except ProcareNotFound:
            self.outside("credential", credential_id)
            return
        if not self.inside(found.school_id):
            self.outside("credential", credential_id)
            return
        if holder is not None and found.employee_id != holder:
            self.out.problems.append(f"credential {credential_id} is not {holder}'s")
        self.out.staff_ids.add(found.employee_id)
        if document_id is None:
            return
        try:
            document = await self.reader.get_document(str(document_id))
        except ProcareNotFound:
            self.outside("document", document_id)
            return
        if not self.inside(document.school_id) or document.employee_id not in (None, found.employee_id):
            self.outside("document", document_id)

    async def course(self, course_id: object, session_id: object) -> None:
        try:
            found = await self.reader.get_training_course(str(course_id))
        except ProcareNotFound:
            self.out.problems.append(f"training course {course_id} is not in the catalog")
            return
        if session_id is not None and str(session_id) not in {s.session_id for s in found.sessions}:
            self.out.problems.append(f"training session {session_id} is not a session of {course_id}")

    async def review(self, review_id: object) -> None:
        if review_id is None:
            return
        try:
            found = await self.reader.get_review(str(review_id))
        except ProcareNotFound:
            found = None
        if found is None or not self.inside(found.school_id):
            self.outside("review", review_id)
        else:
            self.out.staff_ids.add(found.employee_id)

    async def document(self, document_id: object, employee_id: object) -> None:
        """A file a write names on its own (the form an e-signature request sends): the center's, and
        the named employee's."""
        try:
            found = await self.reader.get_document(str(document_id))
        except ProcareNotFound:
            found = None
        if found is None or not self.inside(found.school_id) or found.employee_id not in (None, employee_id):
            self.outside("document", document_id)

    async def incident(self, incident_id: object, child_id: object) -> None:
        if incident_id is None:
            if child_id is not None:
                self.out.problems.append("a parent message must name the incident its child is involved in")
            return
        try:
            found = await self.reader.get_incident(str(incident_id))
        except ProcareNotFound:
            found = None
        if found is None or not self.inside(found.school_id):
            self.outside("incident", incident_id)
        elif child_id is not None and str(child_id) not in found.child_ids:
            self.outside("child", child_id)


async def check_targets(
    reader: ProcareReader,
    args: dict[str, Any],
    *,
    center_id: str,
    may_see: Callable[[str], bool] | None = None,
) -> TargetCheck:
    """Resolve every target an action's `args` name against Procare; all must be in `center_id` (and visible
    to the decider, when `may_see` is given). Procare being unreachable raises (nothing is assumed)."""
    if may_see is not None and not may_see(center_id):
        return TargetCheck(problems=[f"you may not decide for center {center_id}"])
    r = _Resolver(reader, center_id)
    if "school_id" in args:
        await r.school(args["school_id"])
    for key in EMPLOYEE_KEYS:
        if key in args:
            await r.employee(args[key])
    for key in EMPLOYEE_LIST_KEYS:
        for employee_id in _items(args.get(key)):
            await r.employee(employee_id)
    for recipient in _items(args.get("routed_to")):
        if isinstance(recipient, dict):
            await r.employee(recipient.get("employee_id"))
    if "classroom_id" in args:
        await r.classroom(args["classroom_id"])
    for classroom_id in _items(args.get("classroom_ids")):
        await r.classroom(classroom_id)
    optional_card = "course_id" in args and args.get("credential_id") is None  # a course renewing no card
    if "credential_id" in args and not optional_card:
        await r.credential(args["credential_id"], args.get("document_id"), args.get("employee_id"))
    elif args.get("document_id") is not None:
        await r.document(args["document_id"], args.get("employee_id"))
    if "course_id" in args:
        await r.course(args["course_id"], args.get("session_id"))
    if "review_id" in args:
        await r.review(args["review_id"])
    if "incident_id" in args or "child_id" in args:
        await r.incident(args.get("incident_id"), args.get("child_id"))
    return r.out


async def decision_target_problems(
    reader: ProcareReader,
    pending: Iterable[Proposal],
    decisions: Iterable[Decision],
    *,
    center_id: str,
    may_see: Callable[[str], bool] | None = None,
) -> list[str]:
    """Why decided actions may not run as decided: each approved or edited action's targets, resolved."""
    by_id = {p.id: p for p in pending}
    problems: list[str] = []
    for index, decision in enumerate(decisions):
        if decision.type == "reject":
            continue
        proposal = by_id[decision.proposal_id]
        args = decision.edited_args if decision.edited_args is not None else proposal.args
        check = await check_targets(reader, args, center_id=center_id, may_see=may_see)
        problems.extend(f"decision {index}: {problem}" for problem in check.problems)
    return problems


def _items(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []
