"""The per-center document status report: each recent hire's packet, item by item, with its files.

It is the run's `report` (`procare-ai scan --kind onboarding --center ID`, the thread's history, the
inbox): a director's view of who is cleared to work alone with children and what HR still chases. Files
appear by Procare id and the first characters of their SHA-256; values never appear, masked or not.
"""

from __future__ import annotations

from datetime import date

from agents.common.people import display_name
from agents.onboarding.packet import ReadDocument
from policies.onboarding import PacketCheck
from tools.models import Employee, School

Row = tuple[Employee, PacketCheck, list[ReadDocument]]

STATUS_WORDS = {
    "complete": "complete",
    "missing_document": "not received",
    "missing_fields": "fields missing",
    "unsigned": "not signed",
    "expired": "expired",
    "ineligible": "INELIGIBLE",
    "pending": "pending",
}


def hire_lines(rows: list[Row]) -> str:
    """One sentence: how many hires, how many complete, and who is missing what."""
    done = [e for e, check, _ in rows if check.complete]
    open_ = [
        f"{display_name(e)} ({', '.join(i.requirement.label for i in check.incomplete)})"
        for e, check, _ in rows
        if not check.complete
    ]
    hires = f"{len(rows)} hire{'s' if len(rows) != 1 else ''}"
    text = f"{hires}, {len(done)} packet{'s' if len(done) != 1 else ''} complete"
    return text + (f"; incomplete: {'; '.join(open_)}." if open_ else ".")


def packet_report(school: School, rows: list[Row], today: date) -> str:
    """The markdown report of every hire's packet at one center on `today`."""
    lines = [f"# Onboarding documents at {school.name} ({school.school_id}), {today.isoformat()}", ""]
    if not rows:
        lines.append("No recent hire.")
        return "\n".join(lines)
    lines.append(hire_lines(rows))
    for employee, check, read in rows:
        cleared = "yes" if check.unsupervised_contact_allowed else "NO (supervised only)"
        lines += [
            "",
            f"## {display_name(employee)} ({employee.employee_id}), {employee.position}, "
            f"first day {employee.hire_date.isoformat()}",
            f"Packet: {'complete' if check.complete else 'INCOMPLETE'}; "
            f"may work alone with children: {cleared}",
            "",
            "| item | status | due |",
            "|---|---|---|",
        ]
        for item in check.items:
            due = item.due_on.isoformat() if item.due_on else "before unsupervised contact"
            status = STATUS_WORDS[item.status]
            if item.missing_fields:
                status += ": " + ", ".join(f.replace("_", " ") for f in item.missing_fields)
            lines.append(
                f"| {item.requirement.label} | {status}{' (OVERDUE)' if item.overdue else ''} | {due} |"
            )
        if read:
            lines.append("")
            lines += [
                f"- file {d.document_id} (sha256 {d.sha256[:12]}): read as {d.kind}"
                + ("" if d.signed is None else ", signed" if d.signed else ", NOT signed")
                + (f"; to confirm: {', '.join(sorted(d.to_confirm))}" if d.to_confirm else "")
                + (f"; unreadable: {d.error}" if d.error else "")
                for d in read
            ]
    return "\n".join(lines)
