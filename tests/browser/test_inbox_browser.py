"""The director inbox in a real browser (issue 17): a director signs in, sees only their center, approves
one approval, edits and approves another, rejects a third, bulk-approves two, and finds each effect in the
Procare sandbox and in the audit view; a failed write shows in red with its reason and, once the job
queue gave up, a retry from the inbox writes it once; a forged post without the CSRF token is refused; an
approval past its SLA is escalated to HR (in their queue and on Slack).
Every page checked with axe-core has no serious or critical violation; screenshots of the queue, one
approval and the phone layout go to tests/browser/screenshots/ (git-ignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.acceptance.test_service_e2e import Stack, inject_expiring_staff, wait_for
from tests.browser.conftest import CENTER, OTHER, SlackReceiver, axe_violations, screenshot

pytestmark = [pytest.mark.acceptance, pytest.mark.browser]

NAMES = ("approve", "edit", "reject", "bulk1", "bulk2", "fails")


@dataclass
class Threads:
    """The threads of the scenario: one per staff member whose CPR card is about to expire."""

    mine: dict[str, str]
    employee: dict[str, str]
    other: str


@pytest.fixture(scope="module")
def threads(inbox_stack: Stack) -> Threads:
    mine, employee = {}, {}
    for n, name in enumerate(NAMES):
        emp = f"{CENTER}-E9{n:02d}"
        inject_expiring_staff(inbox_stack, CENTER, emp)
        sent = inbox_stack.emit("staff.updated", CENTER, {"employee_id": emp, "fields": ["phone"]})
        mine[name], employee[name] = f"{CENTER}:{sent['event']['id']}", emp
    inject_expiring_staff(inbox_stack, OTHER, f"{OTHER}-E990")
    sent = inbox_stack.emit("staff.updated", OTHER, {"employee_id": f"{OTHER}-E990", "fields": ["phone"]})
    other = f"{OTHER}:{sent['event']['id']}"
    with httpx.Client(base_url=inbox_stack.api_url, timeout=30) as api:
        headers = {"Authorization": f"Bearer {inbox_stack.tokens['hr']}"}

        def all_waiting() -> bool:
            waiting = {a["thread_id"] for a in api.get("/approvals", headers=headers).json()["items"]}
            return {*mine.values(), other} <= waiting

        wait_for("every scenario thread to wait for approval", all_waiting, 60, every=0.3)
    return Threads(mine, employee, other)


@pytest.fixture(scope="module")
def director(browser: Any, inbox_stack: Stack) -> Iterator[Any]:
    context = browser.new_context(base_url=inbox_stack.api_url, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def sign_in(page: Any, token: str) -> None:
    page.goto("/inbox")
    assert page.url.split("?")[0].endswith("/inbox/login")
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/inbox$"))


def assert_accessible(page: Any, what: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"{what}: {violations}"


def effects_for(stack: Stack, employee_id: str) -> list[dict[str, Any]]:
    """Writes the sandbox took that concern one employee (messages to them, tasks about them, courses on
    their training plan); the notes on their record are not among them."""

    def about(e: dict[str, Any]) -> bool:
        body = e.get("body") or {}
        planned = body.get("employee_id") if e.get("kind") == "training_assignments" else None
        named = (body.get("to_employee_id"), body.get("related_employee_id"), planned, e.get("resource_id"))
        return employee_id in named or str(e.get("resource_id", "")).startswith(employee_id)

    return [e for e in stack.effects(CENTER) if about(e)]


def decide_all(page: Any, choice: str, *, reason: str = "") -> None:
    """Choose `choice` for every action of the open approval (by keyboard-reachable labels)."""
    radios = page.locator(f"input[type=radio][value={choice}]")
    for i in range(radios.count()):
        radios.nth(i).check()
        if reason:
            page.locator(f"#reason{i}").fill(reason)


def test_sign_in_then_only_my_center_is_listed(director: Any, inbox_stack: Stack, threads: Threads) -> None:
    director.goto("/inbox/login")
    assert_accessible(director, "sign-in page")
    sign_in(director, inbox_stack.tokens["director"])
    for thread in threads.mine.values():
        assert director.locator(f"text={thread}").count() == 1
    assert director.locator(f"text={threads.other}").count() == 0
    assert director.locator("input.pick:checked").count() == 0  # nothing preselected
    assert_accessible(director, "queue")
    screenshot(director, "queue")
    denied = director.request.get(f"/inbox/approvals/{threads.other}")
    assert denied.status == 404


def test_approve_one_edit_another_reject_a_third(director: Any, inbox_stack: Stack, threads: Threads) -> None:
    t = threads.mine
    director.goto(f"/inbox/approvals/{t['approve']}")
    assert director.locator("input[type=radio]:checked").count() == 0  # no default decision
    assert_accessible(director, "approval page")
    screenshot(director, "approval")
    decide_all(director, "approve")
    director.get_by_role("button", name=re.compile("Submit decision")).click()
    director.wait_for_url(re.compile(f"/inbox/approvals/{re.escape(t['approve'])}$"))
    assert director.locator(".status-ok").count() >= 2 and director.locator(".status-failed").count() == 0
    written = effects_for(inbox_stack, threads.employee["approve"])
    assert {e["kind"] for e in written} >= {"messages", "tasks"}

    director.goto(f"/inbox/approvals/{t['edit']}")
    decide_all(director, "approve")
    task = director.locator(
        "section.action", has=director.get_by_role("heading", name=re.compile("Create task"))
    )
    task.first.get_by_label("Approve with my edits (below)").check()
    task.first.get_by_label(re.compile("^Title")).fill("Renew CPR before the month ends (edited)")
    director.get_by_role("button", name=re.compile("Submit decision")).click()
    director.wait_for_url(re.compile(f"/inbox/approvals/{re.escape(t['edit'])}$"))
    assert director.locator("text=Edited and approved by browser-director").count() >= 1
    titles = [e["body"].get("title") for e in effects_for(inbox_stack, threads.employee["edit"])]
    assert "Renew CPR before the month ends (edited)" in titles

    director.goto(f"/inbox/approvals/{t['reject']}")
    decide_all(director, "reject")  # no reason given: refused, nothing decided, the field says why
    director.get_by_role("button", name=re.compile("Submit decision")).click()
    assert director.locator("#errors").is_visible()
    assert director.locator("text=Say why you reject it").count() >= 1
    decide_all(director, "reject", reason="She renewed it last week; the card is in the office.")
    director.get_by_role("button", name=re.compile("Submit decision")).click()
    director.wait_for_url(re.compile(f"/inbox/approvals/{re.escape(t['reject'])}$"))
    assert director.locator("text=Rejected by browser-director").count() >= 1
    assert effects_for(inbox_stack, threads.employee["reject"]) == []

    director.goto(f"/inbox/audit/threads/{t['approve']}")
    assert director.locator(".timeline li", has_text="Written").count() >= 2
    assert director.locator(".timeline li", has_text="Approved by browser-director").count() >= 1
    assert_accessible(director, "audit timeline")
    director.goto(f"/inbox/audit/staff?staff_id={threads.employee['reject']}")
    assert director.locator(".timeline li", has_text="Rejected by browser-director").count() >= 1


def test_bulk_approve_two_after_confirming(director: Any, inbox_stack: Stack, threads: Threads) -> None:
    t = threads.mine
    director.goto("/inbox")
    for name in ("bulk1", "bulk2"):
        director.locator(f"input.pick[value='{t[name]}']").check()
    director.get_by_role("button", name="Approve selected…").click()
    assert director.get_by_role("heading", name="Approve 2 approvals?").is_visible()
    assert effects_for(inbox_stack, threads.employee["bulk1"]) == []  # nothing until confirmed
    director.get_by_role("button", name="Yes, approve 2").click()
    assert director.locator(".results li.ok").count() == 2
    for name in ("bulk1", "bulk2"):
        assert {e["kind"] for e in effects_for(inbox_stack, threads.employee[name])} >= {"messages", "tasks"}
    director.goto("/inbox")
    for name in ("approve", "edit", "reject", "bulk1", "bulk2"):
        assert director.locator(f"text={t[name]}").count() == 0


def test_a_forged_post_without_the_csrf_token_is_refused(director: Any, threads: Threads) -> None:
    thread = threads.mine["fails"]
    forged = director.request.post(
        f"/inbox/approvals/{thread}", form={f"decision{i}": "approve" for i in range(4)}
    )
    assert forged.status == 403 and "did not come from the inbox" in forged.text()
    director.goto(f"/inbox/approvals/{thread}")
    assert director.locator("input[type=radio][value=approve]").count() >= 1  # still waiting


def test_a_failed_write_is_shown_in_red_and_retried_from_the_inbox_writing_once(
    director: Any, inbox_stack: Stack, threads: Threads
) -> None:
    thread = threads.mine["fails"]
    with inbox_stack.sandbox() as sb:
        assert sb.post("/_sandbox/faults", json={"writes_down": True}).status_code == 200
        try:
            director.goto(f"/inbox/approvals/{thread}")
            decide_all(director, "approve")
            director.get_by_role("button", name=re.compile("Submit decision")).click()
            director.wait_for_url(re.compile(f"/inbox/approvals/{re.escape(thread)}$"))
            failed = director.locator(".results li.failed")
            assert failed.count() >= 1
            assert "unavailable" in failed.first.inner_text() and "503" in failed.first.inner_text()
            color = failed.first.locator(".status-failed").evaluate("e => getComputedStyle(e).color")
            assert color == "rgb(164, 22, 26)"  # the inbox's red, not the green of a success
            assert_accessible(director, "results with a failed write")

            def gave_up() -> bool:  # the worker's retry (2 tries in this stack) fails too
                director.goto(f"/inbox/approvals/{thread}")
                return director.locator("text=Automatic retries gave up").count() >= 1

            wait_for("the job queue to give up retrying the write", gave_up, 60, every=1.0)
            assert effects_for(inbox_stack, threads.employee["fails"]) == []
            director.goto(f"/inbox/audit/threads/{thread}")
            failed_step = director.locator(".timeline li", has_text="Write failed").first
            assert "2 tries; transient: retried with the same key" in failed_step.inner_text()
            director.goto(f"/inbox/approvals/{thread}")
            forged = director.request.post(f"/inbox/approvals/{thread}/retry", form={})
            assert forged.status == 403  # a retry without the page's CSRF token is refused
        finally:
            sb.post("/_sandbox/faults", json={"writes_down": False})
        button = director.get_by_role("button", name=re.compile(r"Retry \d+ failed writes?"))
        assert button.is_visible()
        button.click()
        director.wait_for_url(re.compile(f"/inbox/approvals/{re.escape(thread)}$"))
        assert director.locator(".results li.failed").count() == 0
        written = director.locator(".results li.ok")
        assert written.count() >= 1 and "Written to Procare" in written.first.inner_text()
        assert director.get_by_role("button", name=re.compile("Retry")).count() == 0
        keys = sb.get("/_sandbox/idempotency").json()["data"]
    effects = effects_for(inbox_stack, threads.employee["fails"])
    assert len(effects) == written.count()  # each approved write landed once
    assert len({k["key"] for k in keys}) == len(keys)  # and each key was taken once


def test_an_overdue_approval_is_escalated_to_hr(
    browser: Any, inbox_stack: Stack, threads: Threads, slack: SlackReceiver
) -> None:
    context = browser.new_context(base_url=inbox_stack.api_url)
    hr = context.new_page()
    try:
        sign_in(hr, inbox_stack.tokens["hr"])

        def escalated() -> bool:
            hr.goto("/inbox?escalated=true")
            return hr.locator(f"text={threads.other}").count() == 1

        wait_for("the escalation sweep to escalate the overdue approval", escalated, 40, every=1.0)
        card = hr.locator("li.card", has_text=threads.other)
        assert "Overdue: escalated to hr admin" in card.inner_text()
        assert any(threads.other in text and text.startswith("[overdue]") for text in slack.texts)
        hr.goto(f"/inbox/approvals/{threads.other}")
        assert hr.locator("text=escalated to hr admin").count() >= 1
    finally:
        context.close()


def test_phone_layout_is_one_column(browser: Any, inbox_stack: Stack, threads: Threads) -> None:
    context = browser.new_context(base_url=inbox_stack.api_url, viewport={"width": 390, "height": 844})
    phone = context.new_page()
    try:
        sign_in(phone, inbox_stack.tokens["hr"])
        fields = phone.locator("form.filters .field")
        lefts = {round(fields.nth(i).bounding_box()["x"]) for i in range(fields.count())}
        assert len(lefts) == 1, f"filters side by side on a phone: {lefts}"
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
        assert_accessible(phone, "queue on a phone")
        screenshot(phone, "phone-queue")
        phone.goto(f"/inbox/approvals/{threads.other}")
        width = phone.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390, f"the approval page scrolls sideways on a phone ({width}px)"
        screenshot(phone, "phone-approval")
    finally:
        context.close()


def test_keyboard_reaches_the_form_in_order(browser: Any, inbox_stack: Stack) -> None:
    context = browser.new_context(base_url=inbox_stack.api_url)
    page = context.new_page()
    try:
        page.goto("/inbox/login")
        focused = "() => document.activeElement.id || document.activeElement.textContent.trim()"
        assert page.evaluate(focused) == "token"  # the one thing to do here has the focus
        page.keyboard.press("Tab")
        assert page.evaluate(focused) == "Sign in"
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(focused) == "Skip to content"  # the first stop of the page
    finally:
        context.close()
