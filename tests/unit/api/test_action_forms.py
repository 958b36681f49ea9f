"""Edit forms built from each action's request model (api.action_forms): generic over the action table,
targets fixed, every value validated by the model `execute` sends, errors placed on their fields."""

from __future__ import annotations

from typing import Any

import pytest

from api.action_forms import edit_form, has_errors, submitted_args
from graph.actions import BINDINGS

PROPOSED: dict[str, dict[str, Any]] = {
    "create_task": {
        "school_id": "S1",
        "title": "Credential follow-up: Ana Reyes",
        "body": "CPR expires on 2026-11-30.",
        "priority": "urgent",
        "due_on": "2026-11-03",
        "related_employee_id": "E1",
    },
    "send_message": {"school_id": "S1", "to_employee_id": "E1", "subject": "CPR", "body": "Hi Ana"},
    "update_credential": {"credential_id": "C1", "status": "renewal_initiated"},
    "patch_payroll": {
        "employee_id": "E1",
        "pay_period_start": "2026-11-01",
        "adjustments": [{"date": "2026-11-03", "pay_code": "OT", "hours": 1.5, "reason": "daily overtime"}],
    },
    "patch_employee": {"employee_id": "E1", "skills": ["CPR", "Spanish"], "custom_fields": {"shirt": "M"}},
    "create_staff_move": {
        "classroom_id": "R1",
        "employee_id": "E2",
        "date": "2026-11-03",
        "start_minutes": 540,
        "end_minutes": 600,
        "reason": "cover the toddler room",
    },
    "route_incident": {
        "incident_id": "I1",
        "category": "injury",
        "severity": "high",
        "routed_to": [{"role": "room_lead", "employee_id": "E1"}, {"role": "director", "employee_id": "E2"}],
        "note": "Triage (22 CCR 101212(d)).",
    },
    "send_parent_message": {
        "school_id": "S1",
        "child_id": "K1",
        "incident_id": "I1",
        "subject": "An incident at Sunrise",
        "body": "Dear family, ...",
    },
    "book_calendar": {
        "school_id": "S1",
        "title": "Performance review: Ana Reyes (annual)",
        "start": "2026-11-10T14:15:00-06:00",
        "end": "2026-11-10T15:15:00-06:00",
        "attendee_employee_ids": ["E-DIR", "E1"],
        "review_id": "RV1",
        "note": "Annual review due 2026-11-12",
    },
    "request_signature": {
        "school_id": "S1",
        "employee_id": "E1",
        "form": "w4",
        "document_id": "E1-W4",
        "due_on": "2026-11-04",
        "message": "Please sign your Form W-4 for Sunrise Learning Center.",
    },
    "prefill_review_form": {"review_id": "RV1", "form": {"agenda": "- Training: 2 h [training_record:T1]"}},
    "assign_training": {
        "employee_id": "E1",
        "school_id": "S1",
        "course_id": "TC-TX1-01",
        "session_id": "TC-TX1-01-03",
        "credential_id": "E1-CR1",
        "due_on": "2026-11-14",
        "note": "Renews Pediatric CPR (American Heart Association) (expires 2026-11-30).",
    },
}


def posted(index: int, action: str, **changes: str) -> dict[str, str]:
    """What a browser posts for an untouched form, with `changes` (keys with '.' as '__')."""
    form = {f.name: f.value for f in edit_form(index, action, PROPOSED[action]).all_fields() if not f.fixed}
    form.update({f"a{index}." + k.replace("__", "."): v for k, v in changes.items()})
    return form


@pytest.mark.parametrize("action", sorted(BINDINGS))
def test_every_action_of_the_table_gets_a_form_that_round_trips(action: str) -> None:
    assert action in PROPOSED, f"add an example of {action} to this test"
    form = edit_form(0, action, PROPOSED[action])
    assert form.all_fields(), action
    args, shown = submitted_args(0, action, PROPOSED[action], posted(0, action))
    assert not has_errors(shown), [f.error for f in shown.all_fields() if f.error] + shown.errors
    assert args == {k: v for k, v in PROPOSED[action].items()}


def test_widgets_follow_the_model_types_and_targets_are_fixed() -> None:
    kinds = {
        f.name: (f.kind, f.fixed) for f in edit_form(2, "create_task", PROPOSED["create_task"]).all_fields()
    }
    assert kinds["a2.school_id"] == ("text", True)
    assert kinds["a2.priority"][0] == "select" and kinds["a2.due_on"][0] == "date"
    assert kinds["a2.body"][0] == "textarea" and kinds["a2.title"][0] == "text"
    payroll = edit_form(0, "patch_payroll", PROPOSED["patch_payroll"])
    assert [f.name for f in payroll.fields if f.fixed] == ["a0.employee_id"]
    assert [g.legend for g in payroll.groups] == ["Adjustments 1"]
    assert {f.kind for f in payroll.groups[0].fields} >= {"date", "number", "text"}
    move = {
        f.name: f.kind for f in edit_form(0, "create_staff_move", PROPOSED["create_staff_move"]).all_fields()
    }
    assert move["a0.start_minutes"] == "integer"


def test_a_bad_value_is_refused_next_to_its_field() -> None:
    _, shown = submitted_args(
        0, "create_task", PROPOSED["create_task"], posted(0, "create_task", due_on="soon")
    )
    errors = {f.name: f.error for f in shown.all_fields() if f.error}
    assert list(errors) == ["a0.due_on"]
    _, shown = submitted_args(
        1,
        "patch_payroll",
        PROPOSED["patch_payroll"],
        posted(1, "patch_payroll", adjustments__0__hours="lots"),
    )
    assert [f.name for f in shown.all_fields() if f.error] == ["a1.adjustments.0.hours"]


def test_edits_are_typed_and_a_posted_target_is_ignored() -> None:
    form = posted(0, "create_task", priority="high", title="Renew CPR", due_on="2026-11-05")
    form["a0.school_id"] = "S9"  # a forged target
    args, shown = submitted_args(0, "create_task", PROPOSED["create_task"], form)
    assert not has_errors(shown)
    assert args["school_id"] == "S1" and args["priority"] == "high" and args["due_on"] == "2026-11-05"
    edited, _ = submitted_args(
        0, "patch_payroll", PROPOSED["patch_payroll"], posted(0, "patch_payroll", adjustments__0__hours="2")
    )
    assert edited["adjustments"][0]["hours"] == 2.0
    lists, _ = submitted_args(
        0, "patch_employee", PROPOSED["patch_employee"],
        posted(0, "patch_employee", skills="CPR\n\nFirst aid\n", custom_fields="shirt: L\nshoe: 9"),
    )  # fmt: skip
    assert lists["skills"] == ["CPR", "First aid"] and lists["custom_fields"] == {"shirt": "L", "shoe": "9"}


def test_an_optional_field_left_empty_is_left_out_unless_it_was_proposed() -> None:
    args, _ = submitted_args(0, "create_task", PROPOSED["create_task"], posted(0, "create_task"))
    assert "assignee_employee_id" not in args
    cleared, _ = submitted_args(
        0, "create_task", PROPOSED["create_task"], posted(0, "create_task", due_on="")
    )
    assert cleared["due_on"] is None
