"""An uploaded renewal card: the new dates by the issuer's rule, and the expiry alert cleared."""

from __future__ import annotations

from datetime import date
from typing import Any

from agents.common.people import display_name
from agents.common.types import AgentContext, AgentOutput, Event, Finding, source_record, stable_id
from agents.credentials.proposals import WORKFLOW, credential_update, director_task
from policies import credentials as rules


async def document_uploaded(event: Event, ctx: AgentContext) -> AgentOutput:
    """Propose the renewed credential's dates (automation), or ask for the issue date when none was given."""
    client = ctx.client
    cred = await client.get_credential(str(event.data["credential_id"]))
    employee = await client.get_employee(cred.employee_id)
    out = AgentOutput(reads=[source_record(cred), source_record(employee)])
    document_id = event.data.get("document_id")
    if document_id:
        doc = await client.get_document(str(document_id))
        out.reads.append(source_record(doc, cred.employee_id))
    issued_raw = event.data.get("issued_on")
    name = display_name(employee)
    rule = rules.VALIDITY_RULES.get(cred.kind)
    if rule is None:  # e.g. a training-hours certificate: no issuer validity to apply
        out.findings.append(
            Finding(
                id=stable_id(WORKFLOW, "upload_no_rule", event.id),
                workflow=WORKFLOW,
                kind="document_recorded",
                severity="info",
                summary=f"A new document for {name}'s {rules.label_of(cred.kind)} was uploaded; this "
                "kind has no issuer validity rule, so its dates are left as recorded.",
                staff_ids=[employee.employee_id],
                evidence={"credential_id": cred.credential_id, "document_id": document_id},
            )
        )
        return out
    if not issued_raw:
        finding = Finding(
            id=stable_id(WORKFLOW, "upload_without_date", event.id),
            workflow=WORKFLOW,
            kind="renewal_needs_issue_date",
            severity="warning",
            summary=f"A new {rules.label_of(cred.kind)} document for {name} has no issue date; enter it to "
            "compute the expiry.",
            staff_ids=[employee.employee_id],
            evidence={"document_id": document_id},
            citation=rule.citation,
        )
        out.findings.append(finding)
        if ctx.phase != "read_only":
            school = await client.get_school(event.center_id)
            out.proposals.append(director_task(school, employee, finding, "normal", ctx.local_date(school)))
        return out
    issued = date.fromisoformat(str(issued_raw))
    new_expiry = rules.expiry(cred.kind, issued)
    finding = Finding(
        id=stable_id(WORKFLOW, "renewed", cred.credential_id, str(issued)),
        workflow=WORKFLOW,
        kind="credential_renewed",
        severity="info",
        summary=f"{rules.label_of(cred.kind)} of {name} renewed: issued {issued}, "
        f"valid through {new_expiry}; the expiry alert is cleared once the record is updated.",
        staff_ids=[employee.employee_id],
        evidence={
            "credential_id": cred.credential_id,
            "issued_on": str(issued),
            "expires_on": str(new_expiry),
            "previous_expires_on": str(cred.expires_on),
            "alert_cleared": True,
        },
        citation=rule.citation,
    )
    out.findings.append(finding)
    if ctx.phase == "automation":
        args: dict[str, Any] = {"status": "valid", "issued_on": str(issued), "expires_on": str(new_expiry)}
        if document_id:
            args["document_id"] = str(document_id)
        out.proposals.append(
            credential_update(
                stable_id(WORKFLOW, "renewal", cred.credential_id, str(issued)),
                cred,
                employee,
                args,
                description=f"Record {name}'s renewed {rules.label_of(cred.kind)}: "
                f"valid through {new_expiry}",
                rationale=finding.summary,
                finding=finding,
                citation=rule.citation,
            )
        )
    return out
