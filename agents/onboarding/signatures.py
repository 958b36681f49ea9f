"""E-signature routing: a form that needs the new hire's signature and lacks one is sent to be signed.

Forms that need a signature are `policies.onboarding_profile.SIGNED_FORMS` (I-9 Section 1, W-4). A form on
file unsigned is sent as that file (`document_id`); a form never received is sent blank (Procare's own
form), and so is a form on file without the fields its signer fills in (a page missing). Each request is
one `request_signature` proposal (POST /signature-requests), and one task tracks them all until they come
back signed.
"""

from __future__ import annotations

from datetime import date

from agents.common import proposals as common
from agents.common.people import display_name
from agents.common.types import Finding, Proposal, stable_id
from agents.onboarding.packet import ReadDocument
from policies.onboarding import I9_SECTION_1, W4, PacketCheck, PacketItem
from policies.onboarding_profile import SIGNED_FORMS
from tools.models import Employee, School

WORKFLOW = "onboarding"
SIGNED_ITEMS = {I9_SECTION_1.key: "i9", W4.key: "w4"}
FORM_NAMES = {"i9": "Form I-9 Section 1", "w4": "Form W-4"}


def _needs_new_signature(item: PacketItem, form: str, read: list[ReadDocument]) -> bool:
    """Unsigned, never received, or on file without the fields the employee fills in (a missing page):
    not when those fields were only read with doubt (a person confirms them first)."""
    if item.status in ("unsigned", "missing_document"):
        return True
    if item.status != "missing_fields":
        return False
    doubtful = {name for d in read if d.kind == form for name in d.to_confirm}
    return not doubtful & set(item.missing_fields)


def signature_requests(
    school: School,
    employee: Employee,
    check: PacketCheck,
    read: list[ReadDocument],
    finding: Finding,
    today: date,
) -> list[Proposal]:
    """One e-signature request per unsigned or missing signed form, and a task that tracks them."""
    wanted: list[tuple[PacketItem, str, ReadDocument | None]] = []
    for item in check.items:
        form = SIGNED_ITEMS.get(item.requirement.key)
        if form is None or not _needs_new_signature(item, form, read):
            continue
        unsigned = next((d for d in read if d.kind == form and d.signed is False), None)
        wanted.append((item, form, unsigned if item.status == "unsigned" else None))
    if not wanted:
        return []
    name = display_name(employee)
    out: list[Proposal] = []
    for item, form, doc in wanted:
        due = max(today, item.due_on) if item.due_on else today
        args = {
            "school_id": school.school_id,
            "employee_id": employee.employee_id,
            "form": form,
            "due_on": due.isoformat(),
            "message": f"Please sign your {FORM_NAMES[form]} for {school.name}.",
        }
        if doc is not None:
            args["document_id"] = doc.document_id
        out.append(
            Proposal(
                id=stable_id(WORKFLOW, "signature", employee.employee_id, form, doc.sha256 if doc else None),
                workflow=WORKFLOW,
                action="request_signature",
                args=args,
                description=f"Send {name} the {FORM_NAMES[form]} to e-sign"
                + (
                    f" (document {doc.document_id}, on file unsigned)"
                    if doc
                    else " (not received: blank form)"
                ),
                rationale=f"{item.describe()}",
                staff_ids=[employee.employee_id],
                finding_id=finding.id,
                citation=SIGNED_FORMS[form],
            )
        )
    first_due = min(max(today, i.due_on) if i.due_on else today for i, _f, _d in wanted)
    forms = ", ".join(FORM_NAMES[f] for _i, f, _d in wanted)
    out.append(
        common.create_task(
            id=stable_id(WORKFLOW, "signature_task", employee.employee_id, [p.id for p in out]),
            workflow=WORKFLOW,
            school_id=school.school_id,
            title=f"Collect e-signatures from {name}: {forms}",
            body="\n".join(f"- {i.describe()} (sent for e-signature)" for i, _f, _d in wanted),
            priority="high",
            due_on=first_due,
            related_employee_id=employee.employee_id,
            description=f"Create a task to collect {name}'s e-signatures ({forms})",
            rationale=finding.summary,
            staff_ids=[employee.employee_id],
            finding_id=finding.id,
            citation="; ".join(SIGNED_FORMS[f] for _i, f, _d in wanted),
        )
    )
    return out
