"""Onboarding intake: `staff.hired` or `document.uploaded` in, the new hire's packet checked and followed up.

One run reads the hire's packet files from Procare (agents.onboarding.packet: OCR where needed, masked,
hashed), checks the packet against `policies.onboarding` for the position and the center's state, and
proposes: a follow-up task naming what is missing (an incomplete packet), profile pre-fill from the forms
(automation phase; doubtful reads apart, for a person to confirm), the credential a training card proves,
and e-signature requests for forms that need a signature and lack one. `scan.onboarding` reports every
recent hire's packet per center and sends the day 1, 3 and 7 reminders of an incomplete one. A hire who
has started without an eligible background check is alerted to the director once (45 CFR 98.43(d)(4)).
"""

from __future__ import annotations

from agents.common.people import NotAtCenter, display_name, employee_at
from agents.common.types import (
    AgentContext,
    AgentOutput,
    Event,
    Finding,
    Proposal,
    event_problem,
    source_record,
    stable_id,
)
from agents.onboarding import findings, proposals
from agents.onboarding.credential import card_credential
from agents.onboarding.packet import ReadDocument, packet_documents, read_one
from agents.onboarding.report import hire_lines, packet_report
from agents.onboarding.signatures import signature_requests
from policies import onboarding as rules
from policies.onboarding_profile import reminder_step
from tools.errors import ProcareNotFound
from tools.models import Employee, School

WORKFLOW = proposals.WORKFLOW
PACKET_WINDOW_DAYS = 45
"""A scan reports hires whose first day is at most this many days ago (or still ahead)."""


async def run(event: Event, ctx: AgentContext) -> AgentOutput:
    """The onboarding specialist's entry point (agents.registry routes the three event types here)."""
    if event.type == "scan.onboarding":
        return await scan(event, ctx)
    out = AgentOutput()
    document_id = _text(event.data.get("document_id"))
    employee_id = _text(event.data.get("employee_id"))
    if document_id is not None and employee_id is None:
        try:
            doc = await ctx.client.get_document(document_id)
        except ProcareNotFound:
            out.findings.append(
                event_problem(
                    WORKFLOW, event, "document_not_found", f"Document {document_id} is not in Procare."
                )
            )
            return out
        out.reads.append(source_record(doc))
        employee_id = doc.employee_id
    if employee_id is None:
        out.findings.append(
            event_problem(
                WORKFLOW,
                event,
                "onboarding_event_without_employee",
                "The event names no employee or document.",
            )
        )
        return out
    try:
        employee = await employee_at(ctx.client, employee_id, event.center_id)
    except NotAtCenter as refused:
        out.findings.append(event_problem(WORKFLOW, event, refused.kind, refused.summary))
        return out
    school = await ctx.client.get_school(employee.school_id)
    out.reads += [source_record(employee), source_record(school)]
    tenure = (ctx.local_date(school) - employee.hire_date).days
    if document_id is not None and tenure > PACKET_WINDOW_DAYS:
        await one_document(ctx, school, employee, out, document_id)
    else:
        await hire(ctx, school, employee, out, owner=event.id, event_document=document_id)
    return out


async def one_document(
    ctx: AgentContext, school: School, employee: Employee, out: AgentOutput, document_id: str
) -> None:
    """A file uploaded long after onboarding (a new W-4, a renewed card): read and used, no packet check.

    Its packet was due months ago; following it up again on every upload would flood HR with tasks."""
    docs = [d async for d in ctx.client.iter_documents(employee_id=employee.employee_id)]
    doc = next((d for d in docs if d.document_id == document_id), None)
    if doc is None:
        out.findings.append(
            Finding(
                id=stable_id(WORKFLOW, "document_not_found", document_id),
                workflow=WORKFLOW,
                kind="document_not_found",
                severity="warning",
                summary=f"Document {document_id} is not on {display_name(employee)}'s record.",
                staff_ids=[employee.employee_id],
                evidence={"document_id": document_id},
            )
        )
        return
    out.reads.append(source_record(doc))
    read = await read_one(ctx.client, doc)
    finding = Finding(
        id=stable_id(WORKFLOW, "document_read", doc.document_id, read.sha256),
        workflow=WORKFLOW,
        kind="document_read",
        severity="info",
        summary=f"Document {doc.document_id} of {display_name(employee)} read as {read.kind}.",
        staff_ids=[employee.employee_id],
        evidence={"document": read.evidence()},
    )
    out.findings.append(finding)
    if read.error is not None or read.kind == "unknown":
        out.findings.append(findings.document_finding(employee, read))
        return
    out.findings += findings.name_mismatches(employee, [read])
    out.proposals += proposals.prefill(employee, read, finding)
    if read.kind == "credential_card":
        credentials = [c async for c in ctx.client.iter_credentials(employee_id=employee.employee_id)]
        out.reads += [source_record(c) for c in credentials]
        out.proposals += card_credential(employee, read, credentials, finding, ctx.local_date(school))


async def hire(
    ctx: AgentContext,
    school: School,
    employee: Employee,
    out: AgentOutput,
    *,
    owner: str,
    event_document: str | None = None,
    write_proposals: bool = True,
) -> tuple[rules.PacketCheck, list[ReadDocument]]:
    """Read and check one hire's packet; add its findings (and, unless a scan asks not to, its proposals)."""
    today = ctx.local_date(school)
    docs = await packet_documents(ctx.client, employee.employee_id, also=event_document)
    out.reads += [source_record(d) for d in docs]
    read = [await read_one(ctx.client, d) for d in docs]
    credentials = [c async for c in ctx.client.iter_credentials(employee_id=employee.employee_id)]
    out.reads += [source_record(c) for c in credentials]
    on_file = [
        c.kind for c in credentials if c.status == "valid" and (c.expires_on is None or c.expires_on >= today)
    ]
    check = rules.check_packet(
        employee.position,
        school.state,
        employee.hire_date,
        [r.received() for r in read if r.error is None],
        today=today,
        credentials_on_file=on_file,
    )
    finding = findings.packet_finding(employee, check, read, today)
    out.findings.append(finding)
    if not check.unsupervised_contact_allowed and today >= employee.hire_date:
        alert_id = stable_id(WORKFLOW, "not_cleared", employee.employee_id)
        first = await ctx.ledger.first_alert(school.school_id, alert_id, owner=owner)
        out.findings.append(findings.not_cleared(employee, check, alert_id, alert=first))
    out.findings += [
        findings.document_finding(employee, r) for r in read if r.error is not None or r.kind == "unknown"
    ]
    out.findings += findings.name_mismatches(employee, read)
    if out.report is None:
        out.report = packet_report(school, [(employee, check, read)], today)
    if not write_proposals:
        return check, read
    made: list[Proposal] = []
    if not check.complete:
        made.append(proposals.follow_up_task(school, employee, check, finding, today))
    for doc in read:
        made += proposals.prefill(employee, doc, finding)
        if doc.kind == "credential_card":
            made += card_credential(employee, doc, credentials, finding, today)
    made += signature_requests(school, employee, check, read, finding, today)
    out.proposals += await _not_already_open(ctx, school, employee, made)
    return check, read


async def _not_already_open(
    ctx: AgentContext, school: School, employee: Employee, made: list[Proposal]
) -> list[Proposal]:
    """Drop a task Procare already holds open for this hire (same title), and a signature request still
    waiting for the same form and file: the hire's next upload must not queue the same follow-up twice."""
    tasks = {
        t.title
        async for t in ctx.client.iter_tasks(school_id=school.school_id)
        if t.status == "open" and t.related_employee_id == employee.employee_id
    }
    waiting = {
        (r.form, r.document_id)
        async for r in ctx.client.iter_signature_requests(employee_id=employee.employee_id)
        if r.status == "sent"
    }
    return [
        p
        for p in made
        if not (p.action == "create_task" and p.args["title"] in tasks)
        and not (p.action == "request_signature" and (p.args["form"], p.args.get("document_id")) in waiting)
    ]


async def scan(event: Event, ctx: AgentContext) -> AgentOutput:
    """The center's document status report, and the reminders due today of each incomplete packet."""
    out = AgentOutput()
    school = await ctx.client.get_school(event.center_id)
    out.reads.append(source_record(school))
    today = ctx.local_date(school)
    hires = [
        e
        async for e in ctx.client.iter_employees(school_id=school.school_id, status="active")
        if -PACKET_WINDOW_DAYS <= (today - e.hire_date).days <= PACKET_WINDOW_DAYS
    ]
    rows = []
    for employee in sorted(hires, key=lambda e: (e.hire_date, e.employee_id)):
        out.reads.append(source_record(employee))
        sub = AgentOutput()
        check, read = await hire(ctx, school, employee, sub, owner=event.id, write_proposals=False)
        out.reads += sub.reads
        out.findings += sub.findings
        rows.append((employee, check, read))
        step = reminder_step(employee.hire_date, today)
        if step is not None and not check.complete:
            out.proposals.append(
                await proposals.reminder(ctx, school, employee, check, step, sub.findings[0])
            )
    out.report = packet_report(school, rows, today)
    out.findings.append(
        Finding(
            id=stable_id(WORKFLOW, "center_report", school.school_id, today),
            workflow=WORKFLOW,
            kind="document_status_report",
            severity="info",
            summary=f"Onboarding documents at {school.name}: "
            + (hire_lines(rows) if rows else f"no hire within {PACKET_WINDOW_DAYS} days."),
            evidence={"school_id": school.school_id, "hires": len(rows), "as_of": today.isoformat()},
        )
    )
    return out


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
