"""PII in a signed webhook body never reaches the events table, the checkpoints, the logs or GET /audit."""

from __future__ import annotations

import logging

import pytest

from tests.integration.api.harness import Harness, event_body

pytestmark = pytest.mark.integration

SSN = "321-54-9876"
BIO_SSN = "432 65 1098"
BIRTH = "1991-07-19"
STREET = "742 Evergreen Terrace"
SECRETS = (SSN, BIO_SSN, BIRTH, STREET, "Springfield")


async def tables_holding(h: Harness, text: str) -> list[str]:
    """The tables where `text` occurs anywhere in a stored row (jsonb as text, msgpack blobs as bytes)."""
    where = {
        "webhook_events": "body::text LIKE %(like)s",
        "checkpoints": "checkpoint::text || metadata::text LIKE %(like)s",
        "checkpoint_blobs": "position(%(raw)s IN blob) > 0",
        "checkpoint_writes": "position(%(raw)s IN blob) > 0",
        "audit_threads": "row_to_json(t)::text LIKE %(like)s",
    }
    queries = {table: f"SELECT count(*) AS n FROM {table} t WHERE {cond}" for table, cond in where.items()}
    found = []
    async with h.services.pool.connection() as conn:
        for table, sql in queries.items():
            row = await (await conn.execute(sql, {"like": f"%{text}%", "raw": text.encode()})).fetchone()
            if int(row["n"]):  # type: ignore[index, call-overload]
                found.append(table)
    return found


async def test_pii_in_a_signed_body_is_redacted_before_anything_is_stored_or_served(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = event_body(
        data={
            "employee_id": "E1",
            "ssn": SSN,
            "birth_date": BIRTH,
            "home_address": {"line1": STREET, "city": "Springfield", "state": "IL", "postal_code": "62701"},
            "bio": f"Loves art. SSN {BIO_SSN} for payroll.",
            "profile": {"date_of_birth": BIRTH, "nickname": "Sam"},
        }
    )
    answer = await harness.deliver(body)
    assert answer.status_code == 202, answer.text
    (outcome,) = await harness.run_jobs()
    assert outcome.state.event.data == {
        "employee_id": "E1",
        "bio": "Loves art. SSN [REDACTED-SSN] for payroll.",
        "profile": {"nickname": "Sam"},
    }
    audit = await harness.client.get("/audit", params={"staff_id": "E1"}, headers=harness.auth("auditor"))
    assert audit.status_code == 200 and outcome.thread_id in audit.text
    history = await harness.client.get(
        f"/threads/{outcome.thread_id}/history", headers=harness.auth("auditor")
    )
    assert history.status_code == 200
    kept = await tables_holding(harness, "Loves art")  # the search finds what was stored: not vacuous
    assert "webhook_events" in kept and {"checkpoint_blobs", "checkpoints"} & set(kept)
    for secret in SECRETS:
        assert await tables_holding(harness, secret) == [], secret
        assert secret not in audit.text and secret not in history.text
        assert secret not in caplog.text
