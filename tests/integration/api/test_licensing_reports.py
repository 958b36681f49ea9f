"""`GET /licensing-reports` and `POST /licensing-reports/{id}/filed`: the deadlines incidents create,
scoped to the caller's centers, marked filed once by a director of the center (never by an auditor)."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.integration.api.harness import Harness, event_body
from tools.models import Incident


async def _reported(harness: Harness, incident_id: str) -> str:
    harness.fake.incidents.append(
        Incident(
            incident_id=incident_id,
            school_id="S1",
            classroom_id=None,
            occurred_at=datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
            kind="injury",
            severity="high",
            description="Ava fell off the swing and broke her wrist; she was taken to the hospital.",
            child_ids=["K9"],
        )
    )
    body = event_body(type_="incident.reported", employee_id=None, data={"incident_id": incident_id})
    answer = await harness.deliver(body)
    assert answer.status_code == 202, answer.text
    await harness.run_jobs()
    listed = await harness.client.get("/licensing-reports", headers=harness.auth("director"))
    assert listed.status_code == 200, listed.text
    [report] = listed.json()
    assert (
        report["incident_id"] == incident_id and report["kind"] == "licensing" and report["filed_at"] is None
    )
    assert "26 TAC 746.305" in report["citation"]
    return str(report["report_id"])


async def test_reports_are_listed_in_scope_and_filed_once(harness: Harness) -> None:
    report_id = await _reported(harness, "I-77")
    other = await harness.client.get("/licensing-reports", headers=harness.auth("director_b"))
    assert other.status_code == 200 and other.json() == []
    path = f"/licensing-reports/{report_id}/filed"
    assert (await harness.client.post(path, headers=harness.auth("auditor"))).status_code == 403
    assert (await harness.client.post(path, headers=harness.auth("director_b"))).status_code == 404
    filed = await harness.client.post(
        path, json={"reference": "TX-HHSC-88"}, headers=harness.auth("director")
    )
    assert filed.status_code == 200, filed.text
    assert filed.json()["filed_by"] == harness.label("director") and filed.json()["reference"] == "TX-HHSC-88"
    again = await harness.client.post(path, headers=harness.auth("director"))
    assert again.status_code == 409 and "already marked filed" in again.json()["message"]
    still_open = await harness.client.get("/licensing-reports", headers=harness.auth("director"))
    assert still_open.json() == []
    everything = await harness.client.get("/licensing-reports?status=all", headers=harness.auth("hr_admin"))
    assert report_id in [r["report_id"] for r in everything.json()]


async def test_bad_input_is_refused_in_one_line(harness: Harness) -> None:
    bad = await harness.client.get("/licensing-reports?status=late", headers=harness.auth("director"))
    assert bad.status_code in (400, 422) and "status must be one of" in bad.json()["message"]
    missing = await harness.client.post("/licensing-reports/nope/filed", headers=harness.auth("director"))
    assert missing.status_code == 404
    report_id = await _reported(harness, "I-78")
    future = await harness.client.post(
        f"/licensing-reports/{report_id}/filed",
        json={"filed_at": "2099-01-01T00:00:00Z"},
        headers=harness.auth("director"),
    )
    assert future.status_code in (400, 422) and "future" in future.json()["message"]
