"""The onboarding workflow's findings: the packet's state, a hire working uncleared, unread files, names.

Each finding's evidence is what the audit keeps: statuses, due dates, files by id and SHA-256, masked
values; never a whole SSN, document number or birth date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from agents.common.people import display_name
from agents.common.types import Finding, stable_id
from agents.onboarding.packet import ReadDocument
from agents.onboarding.report import STATUS_WORDS
from policies import onboarding as rules
from tools.models import Employee

WORKFLOW = "onboarding"


def packet_finding(
    employee: Employee, check: rules.PacketCheck, read: list[ReadDocument], today: date
) -> Finding:
    name = display_name(employee)
    if check.complete:
        summary = f"{name}'s onboarding packet is complete."
    else:
        what = "; ".join(item.describe() for item in check.incomplete)
        summary = f"{name}'s onboarding packet is incomplete: {what}."
    overdue = any(item.overdue for item in check.incomplete)
    return Finding(
        id=stable_id(WORKFLOW, "packet", employee.employee_id, today, [d.sha256 for d in read]),
        workflow=WORKFLOW,
        kind="packet_complete" if check.complete else "packet_incomplete",
        severity="info" if check.complete else ("critical" if overdue else "warning"),
        summary=summary,
        staff_ids=[employee.employee_id],
        evidence={
            "position": employee.position,
            "start_date": employee.hire_date.isoformat(),
            "items": [item_evidence(item) for item in check.items],
            "unsupervised_contact_allowed": check.unsupervised_contact_allowed,
            "documents": [d.evidence() for d in read],
        },
        citation="; ".join(dict.fromkeys(i.requirement.citation for i in check.incomplete)) or None,
    )


def not_cleared(employee: Employee, check: rules.PacketCheck, finding_id: str, *, alert: bool) -> Finding:
    """A hire already working without an eligible background check: alerted once (the ledger), since
    until then she may be with children only under the supervision of cleared staff."""
    item = next(i for i in check.items if i.requirement.key == rules.BACKGROUND.key)
    return Finding(
        id=finding_id,
        workflow=WORKFLOW,
        kind="background_check_not_cleared",
        severity="critical",
        summary=f"{display_name(employee)} started on {employee.hire_date.isoformat()} and the background "
        f"check is {STATUS_WORDS[item.status].lower()}: supervised work only, never alone with children.",
        staff_ids=[employee.employee_id],
        evidence={"status": item.status, "start_date": employee.hire_date.isoformat()},
        citation=check.citation,
        alert=alert,
    )


def item_evidence(item: rules.PacketItem) -> dict[str, Any]:
    return {
        "key": item.requirement.key,
        "status": item.status,
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "overdue": item.overdue,
        "missing_fields": list(item.missing_fields),
    }


def document_finding(employee: Employee, doc: ReadDocument) -> Finding:
    why = (
        doc.error or "its text matches no onboarding form the reader knows (I-9, W-4, background check, card)"
    )
    return Finding(
        id=stable_id(WORKFLOW, "unread", doc.document_id, doc.sha256),
        workflow=WORKFLOW,
        kind="document_unreadable" if doc.error else "document_unrecognised",
        severity="warning",
        summary=f"Document {doc.document_id} of {display_name(employee)} was not read: {why}; "
        "file it by hand.",
        staff_ids=[employee.employee_id],
        evidence={"document_id": doc.document_id, "sha256": doc.sha256, "procare_kind": doc.procare_kind},
    )


def name_mismatches(employee: Employee, read: list[ReadDocument]) -> list[Finding]:
    """A form whose name differs from the Procare record: a person decides, the record is never rewritten."""
    found = []
    for doc in read:
        names = [doc.fields.get("first_name"), doc.fields.get("last_name")]
        full = doc.fields.get("full_name") or doc.fields.get("holder_name")
        given = (
            f"{names[0].value} {names[1].value}" if names[0] and names[1] else (full.value if full else None)
        )
        if given is None or _same_person(given, employee):
            continue
        found.append(
            Finding(
                id=stable_id(WORKFLOW, "name_mismatch", doc.document_id, doc.sha256),
                workflow=WORKFLOW,
                kind="name_mismatch",
                severity="warning",
                summary=f"Document {doc.document_id} names {given!r}, the Procare record "
                f"{display_name(employee)!r}: check which is right before anything is filed.",
                staff_ids=[employee.employee_id],
                evidence={"document_id": doc.document_id, "kind": doc.kind},
            )
        )
    return found


def _same_person(given: str, employee: Employee) -> bool:
    """First and last name both there (a middle initial or name on the form is no mismatch)."""
    words = given.lower().replace("-", " ").split()
    first = employee.first_name.lower().replace("-", " ").split()
    last = employee.last_name.lower().replace("-", " ").split()
    return words[: len(first)] == first and words[-len(last) :] == last
