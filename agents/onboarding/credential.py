"""A training card in a packet updates the credential it proves, through the credentials rules.

The course printed on the card names the credential kind (`policies.onboarding.CARD_COURSES`); the
expiry written is the earlier of the card's own date and the issuer's rule (`policies.credentials.expiry`,
which the guardrails check again on any edit), and the status follows from it on the run's date. A card
whose dates or course were read below the review threshold writes nothing: a person confirms it first.
Procare has no endpoint to create a credential, so a card for a kind not yet on file is a task.
"""

from __future__ import annotations

from datetime import date, timedelta

from agents.common import proposals as common
from agents.common.people import display_name
from agents.common.types import Finding, Proposal, stable_id
from agents.onboarding.packet import ReadDocument
from policies import credentials as credential_rules
from policies.onboarding import CARD_COURSES, COMBINED_COURSES
from tools.models import Credential, Employee

WORKFLOW = "onboarding"
CARD_FIELDS = ("course", "issue_date", "expiration_date")


def card_kinds(course: str) -> list[str]:
    """The credential kinds a card of `course` proves (a combined course proves CPR and first aid)."""
    if course not in CARD_COURSES:
        return []
    kind = CARD_COURSES[course][1]
    if course in COMBINED_COURSES:
        return [kind, kind.replace("pediatric_cpr", "first_aid")]
    return [kind]


def card_credential(
    employee: Employee, doc: ReadDocument, on_file: list[Credential], finding: Finding, today: date
) -> list[Proposal]:
    """`update_credential` for each kind the card proves (or a task where Procare has none to update)."""
    if any(f not in doc.confident for f in CARD_FIELDS):
        return []
    fields = doc.confident
    issued = date.fromisoformat(fields["issue_date"])
    printed = date.fromisoformat(fields["expiration_date"])
    out: list[Proposal] = []
    for kind in card_kinds(fields["course"]):
        expires = min(printed, credential_rules.expiry(kind, issued))
        rule = credential_rules.VALIDITY_RULES[kind]
        status = "valid" if expires >= today else "expired"
        current = max(
            (c for c in on_file if c.kind == kind), key=lambda c: (c.issued_on, c.credential_id), default=None
        )
        label = credential_rules.label_of(kind)
        if current is None:
            out.append(_record_task(employee, doc, kind, issued, expires, finding, today))
            continue
        if current.issued_on > issued:
            continue  # Procare already holds a newer card
        args = {
            "status": status,
            "issued_on": issued.isoformat(),
            "expires_on": expires.isoformat(),
            "document_id": doc.document_id,
        }
        unchanged = (
            current.status == status
            and current.issued_on == issued
            and current.expires_on == expires
            and current.document_id == doc.document_id
        )
        if unchanged:
            continue
        out.append(
            Proposal(
                id=stable_id(WORKFLOW, "card", current.credential_id, doc.document_id, doc.sha256),
                workflow=WORKFLOW,
                action="update_credential",
                args={"credential_id": current.credential_id, **args},
                description=f"Update {display_name(employee)}'s {label} from the card in the packet: "
                f"issued {issued}, {'valid through' if status == 'valid' else 'EXPIRED on'} {expires}",
                rationale=f"Card {doc.document_id} (sha256 {doc.sha256[:12]}) reads course "
                f"{fields['course']!r}; expiry by {rule.citation}.",
                staff_ids=[employee.employee_id],
                finding_id=finding.id,
                citation=rule.citation,
                context={"credential_kind": kind},  # the guardrails re-check the expiry on any edit
            )
        )
    return out


def _record_task(
    employee: Employee,
    doc: ReadDocument,
    kind: str,
    issued: date,
    expires: date,
    finding: Finding,
    today: date,
) -> Proposal:
    label = credential_rules.label_of(kind)
    name = display_name(employee)
    state = "valid through" if expires >= today else "EXPIRED on"
    return common.create_task(
        id=stable_id(WORKFLOW, "record_card", employee.employee_id, kind, doc.document_id, doc.sha256),
        workflow=WORKFLOW,
        school_id=employee.school_id,
        title=f"Record {name}'s {label} in Procare",
        body=f"The packet's card (document {doc.document_id}) shows a {label} issued {issued}, {state} "
        f"{expires} ({credential_rules.VALIDITY_RULES[kind].citation}). Procare has no {label} on file "
        "for this employee: add it with this document.",
        priority="normal" if expires >= today else "high",
        due_on=today + timedelta(days=3),
        related_employee_id=employee.employee_id,
        description=f"Create a task to record {name}'s {label}",
        rationale=finding.summary,
        staff_ids=[employee.employee_id],
        finding_id=finding.id,
        citation=credential_rules.VALIDITY_RULES[kind].citation,
    )
