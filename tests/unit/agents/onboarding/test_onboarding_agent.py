"""The onboarding specialist on a fake Procare: a new hire's packet read, checked and followed up.

Packets come from the sandbox's generator (real I-9, W-4, background-check and card files); they are
rendered as text-layer PDFs here so the test reads them in a fraction of a second (OCR of scans is the
reader's own tests and the end-to-end test's business).
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from agents.common.llm import OfflineDrafter
from agents.common.types import AgentContext, AgentOutput, Event
from agents.onboarding import run
from agents.registry import WORKFLOW_FOR_EVENT
from graph.guardrails import check_action
from policies.onboarding_profile import PREFILL_CUSTOM_FIELDS, PREFILL_TOP_LEVEL
from sandbox.form_layout import Text
from sandbox.packets import PacketDocument, build_packet
from tests.fakes import FakeProcare, credential, employee, school
from tools.models import Document, SignatureRequestCreate, Task, TaskCreate

START = date(2026, 11, 2)  # a Monday
AS_OF = datetime(2026, 11, 4, 15, 0, tzinfo=UTC)  # Wednesday 9:00 in Austin
SSN, BIRTH = "912-34-5678", "1991-06-23"


def _hire(**over: Any) -> dict[str, Any]:
    base = {
        "employee_id": "E9",
        "person_id": "P-E9",
        "school_id": "S1",
        "first_name": "Ana",
        "last_name": "Reyes",
        "email": "ana.reyes@example.org",
        "phone": "(512) 555-0199",
        "position": "Assistant Teacher",
        "hire_date": START.isoformat(),
        "birth_date": BIRTH,
        "ssn": SSN,
        "home_address": {"line1": "48 Elm Street", "city": "Austin", "state": "TX", "postal_code": "78702"},
        "custom_fields": {"languages": "English, Spanish"},
    }
    return base | over


def _world(style: str, *, on_file: bool = True, **over: Any) -> tuple[FakeProcare, list[PacketDocument]]:
    """A fake Procare holding the hire's packet files and, unless `on_file` is False, her older
    AHA cards (an expired CPR card the packet's new one replaces, a valid first-aid card)."""
    record = _hire(**over)
    docs = build_packet(
        random.Random(7),
        record,
        center_name="Sunrise Learning Center",
        center_address="100 Main St, Austin, TX",
        state="TX",
        agency="Texas HHSC Background Check Unit",
        today=START,
        style=style,
    )
    fake = FakeProcare(
        employees=[employee(**{k: v for k, v in record.items() if k != "employee_id"}, employee_id="E9")]
    )
    if on_file:
        fake.credentials += [
            credential(
                "E9",
                "pediatric_cpr_aha",
                date(2023, 12, 4),
                credential_id="C-CPR",
                expires_on=date(2025, 12, 31),
                status="expired",
            ),
            credential(
                "E9", "first_aid_aha", date(2025, 3, 3), credential_id="C-FA", expires_on=date(2027, 3, 31)
            ),
        ]
    for n, doc in enumerate(docs):
        doc.file_format = "pdf"
        doc_id = f"E9-{doc.kind}"
        fake.documents.append(
            Document(
                document_id=doc_id,
                school_id="S1",
                employee_id="E9",
                kind=doc.kind,
                filename=f"{doc.kind}.pdf",
                content_type="application/pdf",
                uploaded_at=datetime(2026, 10, 30, 14, n, tzinfo=UTC),
            )
        )
        fake.document_content[doc_id] = doc.render()
    return fake, docs


async def _run(
    fake: FakeProcare, event_type: str, data: dict[str, Any], *, phase: str = "automation"
) -> AgentOutput:
    ctx = AgentContext(client=fake, drafter=OfflineDrafter(), as_of=AS_OF, phase=phase)  # type: ignore[arg-type]
    event = Event(id="evt-1", type=event_type, occurred_at=AS_OF, center_id="S1", data=data)
    return await run(event, ctx)


def test_the_registry_routes_hires_uploads_and_the_scan_to_onboarding() -> None:
    assert {WORKFLOW_FOR_EVENT[t] for t in ("staff.hired", "document.uploaded", "scan.onboarding")} == {
        "onboarding"
    }


async def test_a_packet_without_w4_is_flagged_with_a_follow_up_task_naming_it() -> None:
    fake, _docs = _world("missing_w4")
    out = await _run(fake, "staff.hired", {"employee_id": "E9"})
    packet = next(f for f in out.findings if f.kind.startswith("packet_"))
    assert packet.kind == "packet_incomplete"
    items = {i["key"]: i["status"] for i in packet.evidence["items"]}
    assert items["w4"] == "missing_document"
    assert {items[k] for k in ("i9_section_1", "i9_section_2", "background_check")} == {"complete"}
    task = next(p for p in out.proposals if p.action == "create_task")
    assert task.args["title"] == "Onboarding packet incomplete: Ana Reyes"
    assert "Form W-4: not received; due 2026-11-02 (OVERDUE)" in task.args["body"]
    assert task.args["priority"] == "urgent" and task.args["due_on"] == "2026-11-04"
    assert task.args["related_employee_id"] == "E9"


async def test_a_complete_packet_proposes_no_follow_up_and_prefills_only_what_the_forms_give() -> None:
    fake, docs = _world("complete")
    out = await _run(fake, "staff.hired", {"employee_id": "E9"})
    assert [f.kind for f in out.findings if f.kind.startswith("packet_")] == ["packet_complete"]
    assert not [p for p in out.proposals if p.action == "create_task"]
    prefills = [p for p in out.proposals if p.action == "patch_employee"]
    assert prefills
    written: dict[str, str] = {}
    for p in prefills:
        assert set(p.args) <= {"employee_id", "custom_fields", *PREFILL_TOP_LEVEL}
        assert set(p.args.get("custom_fields", {})) <= PREFILL_CUSTOM_FIELDS
        written |= p.args.get("custom_fields", {})
    truth = {d.kind: d.truth for d in docs}
    assert written["w4_filing_status"] == truth["w4"]["filing_status"]
    assert written["work_authorization"] == truth["i9"]["citizenship_status"]
    assert written["background_check_result"] == "eligible"
    assert "languages" not in written  # a merge patch names only what the forms give
    for proposal in out.proposals:  # the write allow-list and the guardrails accept each one as proposed
        assert check_action(proposal, proposal.action, proposal.args) == [], proposal.description
    assert not any("phone" in p.args for p in prefills)  # the record already has this phone


async def test_an_upload_names_its_employee_through_the_document() -> None:
    fake, _docs = _world("w4_unsigned")
    out = await _run(fake, "document.uploaded", {"document_id": "E9-w4"})
    packet = next(f for f in out.findings if f.kind.startswith("packet_"))
    assert {i["key"]: i["status"] for i in packet.evidence["items"]}["w4"] == "unsigned"
    assert packet.staff_ids == ["E9"]


async def test_no_ssn_document_number_or_birth_date_leaves_the_run_whole() -> None:
    fake, docs = _world("complete")
    out = await _run(fake, "staff.hired", {"employee_id": "E9"})
    dumped = json.dumps(out.model_dump(mode="json"))
    number = next(d for d in docs if d.kind == "i9").pages[0]
    assert SSN not in dumped and SSN.replace("-", "") not in dumped
    assert BIRTH not in dumped and "06/23/1991" not in dumped
    evidence = next(f for f in out.findings if f.kind.startswith("packet_")).evidence
    i9 = next(d for d in evidence["documents"] if d["kind"] == "i9")
    assert i9["fields"]["ssn"]["value"] == "***-**-5678"
    assert i9["fields"]["date_of_birth"]["value"] == "****-06-23"
    assert len(i9["sha256"]) == 64
    printed = [t.text for t in number.elements if isinstance(t, Text)]
    number_printed = next(t for t in printed if t.startswith("SRC"))  # the I-9's EAD number
    assert number_printed[-4:] in i9["fields"]["document_number"]["value"]
    assert number_printed not in dumped and number_printed[3:] not in dumped


async def test_an_employee_of_another_center_is_refused_with_a_finding() -> None:
    fake, _docs = _world("complete", school_id="S2")
    fake.schools.append(school(school_id="S2", school_code="S2"))
    out = await _run(fake, "staff.hired", {"employee_id": "E9"})
    assert [f.kind for f in out.findings] == ["employee_of_another_center"] and not out.proposals


async def test_the_packet_card_updates_the_credential_it_proves_by_the_issuers_rule() -> None:
    fake, docs = _world("complete")
    out = await _run(fake, "staff.hired", {"employee_id": "E9"})
    card = next(d for d in docs if d.kind == "credential_card").truth
    assert card["course"] == "Heartsaver Pediatric CPR AED"
    (update,) = [p for p in out.proposals if p.action == "update_credential"]
    assert update.args == {
        "credential_id": "C-CPR",
        "status": "valid",
        "issued_on": card["issue_date"],
        "expires_on": card["expiration_date"],
        "document_id": "E9-credential_card",
    }
    assert update.context == {"credential_kind": "pediatric_cpr_aha"} and update.category == "data_write"


async def test_a_card_for_a_kind_procare_lacks_becomes_a_task_not_a_write() -> None:
    fake, _docs = _world("complete", on_file=False)
    out = await _run(fake, "staff.hired", {"employee_id": "E9"})
    assert not [p for p in out.proposals if p.action == "update_credential"]
    assert any(p.args.get("title", "").startswith("Record Ana Reyes's Pediatric CPR") for p in out.proposals)


async def test_an_expired_card_is_written_expired_and_leaves_the_packet_open() -> None:
    fake, _docs = _world("expired_card")
    out = await _run(fake, "staff.hired", {"employee_id": "E9"})
    packet = next(f for f in out.findings if f.kind.startswith("packet_"))
    (update,) = [p for p in out.proposals if p.action == "update_credential"]
    assert update.args["status"] == "expired"
    assert packet.kind == "packet_incomplete"
    items = {i["key"]: i["status"] for i in packet.evidence["items"]}
    assert items["pediatric_cpr"] == "expired" and items["first_aid"] == "complete"  # first aid on file
    task = next(p for p in out.proposals if p.args.get("title", "").startswith("Onboarding packet"))
    assert "Pediatric CPR card: card expired" in task.args["body"]


async def test_an_unsigned_w4_is_sent_for_e_signature_as_that_file_with_a_task() -> None:
    fake, _docs = _world("w4_unsigned")
    out = await _run(fake, "staff.hired", {"employee_id": "E9"}, phase="assistive")
    (request,) = [p for p in out.proposals if p.action == "request_signature"]
    assert request.args == {
        "school_id": "S1",
        "employee_id": "E9",
        "form": "w4",
        "document_id": "E9-w4",
        "due_on": "2026-11-04",
        "message": "Please sign your Form W-4 for Sunrise Learning Center.",
    }
    assert request.category == "notification"
    task = next(p for p in out.proposals if p.args.get("title", "").startswith("Collect e-signatures"))
    assert "Form W-4: not signed" in task.args["body"]


async def test_the_scan_reports_each_hire_and_reminds_on_day_1_3_and_7_only() -> None:
    for day, expected in ((1, [1]), (3, [2]), (4, []), (7, [3])):
        fake, _docs = _world("missing_w4", hire_date=(AS_OF.date() - timedelta(days=day)).isoformat())
        out = await _run(fake, "scan.onboarding", {})
        reminders = [p for p in out.proposals if p.action == "send_message"]
        assert [int(p.description.split("reminder ")[1][0]) for p in reminders] == expected
        for p in reminders:
            assert "Form W-4" in p.args["body"] and p.args["to_employee_id"] == "E9"
        assert out.report is not None and "## Ana Reyes (E9), Assistant Teacher" in out.report
        assert "| Form W-4 | not received" in out.report
        assert not [p for p in out.proposals if p.action != "send_message"]


def test_doubtful_reads_go_in_a_proposal_of_their_own_marked_to_confirm() -> None:
    from agents.common.types import Finding
    from agents.onboarding.packet import ReadDocument, ReadField
    from agents.onboarding.proposals import prefill

    doc = ReadDocument(
        document_id="D1",
        sha256="ab" * 32,
        procare_kind="background_check",
        kind="background_check",
        fields={
            "result": ReadField("eligible", 0.98, False),
            "check_date": ReadField("2026-10-19", 0.71, True),
        },
    )
    finding = Finding(
        id="f", workflow="onboarding", kind="packet_incomplete", severity="warning", summary="s"
    )
    sure, doubtful = prefill(employee("E9"), doc, finding)
    assert sure.args == {"employee_id": "E9", "custom_fields": {"background_check_result": "eligible"}}
    assert doubtful.args == {"employee_id": "E9", "custom_fields": {"background_check_date": "2026-10-19"}}
    assert doubtful.description.startswith("CONFIRM against the file first")
    assert "background_check_date read at 0.71" in doubtful.description
    assert doubtful.context["confirm"] == ["custom_fields.background_check_date"] and sure.id != doubtful.id
    assert doc.received().fields == {"result": "eligible"}  # the packet rules count confident reads only


async def test_an_unreadable_upload_and_a_form_naming_someone_else_are_findings_not_guesses() -> None:
    fake, _docs = _world("complete", first_name="Anna")  # the forms say Ana: the record says Anna
    fake.employees = [e.model_copy(update={"first_name": "Anna"}) for e in fake.employees]
    fake.documents.append(fake.documents[0].model_copy(update={"document_id": "E9-junk", "kind": "other"}))
    fake.document_content["E9-junk"] = b"this is not a scan"
    out = await _run(fake, "document.uploaded", {"document_id": "E9-junk", "employee_id": "E9"})
    kinds = [f.kind for f in out.findings]
    assert "document_unreadable" in kinds
    assert "name_mismatch" not in kinds  # the packet was built for Anna: her forms agree
    fake.employees = [e.model_copy(update={"first_name": "Joanna"}) for e in fake.employees]
    again = await _run(fake, "staff.hired", {"employee_id": "E9"})
    mismatches = [f for f in again.findings if f.kind == "name_mismatch"]
    assert mismatches and all("'Joanna Reyes'" in f.summary for f in mismatches)
    assert not any(p.args.get("first_name") for p in again.proposals)  # names are never written


async def test_a_w4_without_its_first_page_lacks_its_fields_and_goes_out_blank_for_signature() -> None:
    fake, _docs = _world("w4_page_missing")
    out = await _run(fake, "staff.hired", {"employee_id": "E9"}, phase="assistive")
    packet = next(f for f in out.findings if f.kind.startswith("packet_"))
    w4 = next(i for i in packet.evidence["items"] if i["key"] == "w4")
    assert w4["status"] == "missing_fields"
    assert w4["missing_fields"] == ["first_name", "last_name", "ssn", "filing_status"]
    (request,) = [p for p in out.proposals if p.action == "request_signature"]
    assert request.args["form"] == "w4" and "document_id" not in request.args
    assert not [
        p for p in out.proposals if p.action == "patch_employee" and "w4_filing_status" in str(p.args)
    ]


async def test_a_follow_up_already_open_in_procare_is_not_proposed_again() -> None:
    fake, _docs = _world("missing_w4")
    first = await _run(fake, "staff.hired", {"employee_id": "E9"}, phase="assistive")
    titles = {p.args["title"] for p in first.proposals if p.action == "create_task"}
    assert "Onboarding packet incomplete: Ana Reyes" in titles
    for p in first.proposals:  # the director approved everything: Procare now holds them
        if p.action == "create_task":
            await fake.create_task(TaskCreate.model_validate(p.args), idempotency_key=p.id)
            fake.tasks.append(Task.model_validate({**p.args, "task_id": p.id, "created_at": AS_OF}))
        if p.action == "request_signature":
            await fake.request_signature(SignatureRequestCreate.model_validate(p.args), idempotency_key=p.id)
    again = await _run(fake, "document.uploaded", {"document_id": "E9-i9"}, phase="assistive")
    assert not [p for p in again.proposals if p.action in ("create_task", "request_signature")]
    fake.tasks = [t.model_copy(update={"status": "done"}) for t in fake.tasks]  # closed, still missing
    third = await _run(fake, "document.uploaded", {"document_id": "E9-i9"}, phase="assistive")
    assert "Onboarding packet incomplete: Ana Reyes" in {p.args.get("title") for p in third.proposals}


async def test_a_hire_working_with_a_pending_check_is_alerted_once_and_supervised_only() -> None:
    fake, _docs = _world("background_pending")
    ctx = AgentContext(client=fake, drafter=OfflineDrafter(), as_of=AS_OF, phase="assistive")  # type: ignore[arg-type]
    alerts = []
    for n in range(2):
        event = Event(
            id=f"evt-{n}", type="staff.hired", occurred_at=AS_OF, center_id="S1", data={"employee_id": "E9"}
        )
        out = await run(event, ctx)
        (found,) = [f for f in out.findings if f.kind == "background_check_not_cleared"]
        alerts.append(found.alert)
        task = next(p for p in out.proposals if p.args.get("title", "").startswith("Onboarding packet"))
        assert "never alone with children" in task.args["body"] and task.args["priority"] == "urgent"
    assert alerts == [True, False]  # the same hire is announced once (agents.common.ledger)
    assert "pending" in found.summary and found.citation == "45 CFR 98.43(d)(4)"


async def test_an_upload_long_after_onboarding_is_read_and_used_without_a_packet_check() -> None:
    fake, _docs = _world("missing_w4", hire_date="2024-03-04")
    out = await _run(fake, "document.uploaded", {"document_id": "E9-credential_card", "employee_id": "E9"})
    assert [f.kind for f in out.findings] == ["document_read"]
    assert out.findings[0].evidence["document"]["kind"] == "credential_card"
    assert [p.action for p in out.proposals] == ["update_credential"]  # no follow-up of a 2024 packet
