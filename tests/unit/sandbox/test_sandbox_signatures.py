"""E-signature requests and document uploads in the sandbox: who may be asked to sign what, and the
signed `document.uploaded` webhook an upload sends."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

from fastapi.testclient import TestClient

from sandbox.runtime import SandboxRuntime
from tools.models import SignatureRequest

from .conftest import HEADERS, SCOPED_KEY


def _post(client: TestClient, body: Mapping[str, object], key: str = "k1", api_key: str | None = None) -> Any:
    headers = dict(HEADERS, **{"Idempotency-Key": key})
    if api_key is not None:
        headers["X-API-Key"] = api_key
    return client.post("/v1/signature-requests", json=body, headers=headers)


def _packet_file(client: TestClient, kind: str) -> dict[str, str]:
    docs = client.get("/v1/documents", params={"limit": 500}, headers=HEADERS).json()["data"]
    return next(d for d in docs if d["kind"] == kind and d["school_id"] == "S0001")


def test_a_signature_request_for_a_form_on_file_is_kept_once_per_key(
    client: TestClient, runtime: SandboxRuntime
) -> None:
    w4 = _packet_file(client, "w4")
    body = {
        "school_id": "S0001",
        "employee_id": w4["employee_id"],
        "form": "w4",
        "document_id": w4["document_id"],
    }
    first = _post(client, body)
    again = _post(client, body)
    assert first.status_code == 201 and again.content == first.content
    made = SignatureRequest.model_validate(first.json())
    assert made.status == "sent" and made.document_id == w4["document_id"]
    assert len(runtime.state.effects_for(kind="signature_requests")) == 1
    listed = client.get(
        "/v1/signature-requests", params={"employee_id": w4["employee_id"]}, headers=HEADERS
    ).json()["data"]
    assert [r["signature_request_id"] for r in listed] == [made.signature_request_id]


def test_a_signature_request_must_name_that_employees_file_at_that_school(client: TestClient) -> None:
    w4 = _packet_file(client, "w4")
    other = next(
        e
        for e in client.get("/v1/employees", params={"school_id": "S0001"}, headers=HEADERS).json()["data"]
        if e["employee_id"] != w4["employee_id"]
    )
    wrong_file = {
        "school_id": "S0001",
        "employee_id": other["employee_id"],
        "form": "w4",
        "document_id": w4["document_id"],
    }
    answer = _post(client, wrong_file)
    assert answer.status_code == 422 and "is not" in answer.json()["message"]
    elsewhere = {"school_id": "S0002", "employee_id": w4["employee_id"], "form": "w4"}
    assert _post(client, elsewhere, key="k2").status_code == 422
    assert _post(client, elsewhere, key="k3", api_key=SCOPED_KEY).status_code == 403
    blank = {"school_id": "S0001", "employee_id": w4["employee_id"], "form": "i9"}
    assert _post(client, blank, key="k4").status_code == 201
    assert _post(client, {**blank, "form": "w2"}, key="k5").status_code == 422


def test_an_upload_is_stored_served_and_announced_by_a_signed_webhook(client: TestClient) -> None:
    w4 = _packet_file(client, "w4")
    content = client.get(f"/v1/documents/{w4['document_id']}/content", headers=HEADERS).content
    answer = client.post(
        "/_sandbox/documents",
        json={
            "school_id": "S0001",
            "employee_id": w4["employee_id"],
            "kind": "w4",
            "filename": "w4_signed.pdf",
            "content_type": "application/pdf",
            "content_base64": base64.b64encode(content).decode(),
        },
        headers=HEADERS,
    )
    assert answer.status_code == 202, answer.text
    stored, event = answer.json()["document"], answer.json()["event"]
    assert event["type"] == "document.uploaded" and event["center_id"] == "S0001"
    assert event["data"] == {
        "document_id": stored["document_id"],
        "employee_id": w4["employee_id"],
        "kind": "w4",
        "content_type": "application/pdf",
    }
    served = client.get(f"/v1/documents/{stored['document_id']}/content", headers=HEADERS)
    assert served.content == content
    upload = {
        "school_id": "S0001",
        "employee_id": w4["employee_id"],
        "kind": "w4",
        "filename": "x.pdf",
        "content_type": "application/pdf",
    }
    bad = client.post(
        "/_sandbox/documents", json={**upload, "content_base64": "not base64!"}, headers=HEADERS
    )
    assert bad.status_code == 422 and bad.json()["details"][0]["field"] == "body.content_base64"
    stranger = {**upload, "employee_id": "S0002-E001", "content_base64": "JVBERg=="}
    assert client.post("/_sandbox/documents", json=stranger, headers=HEADERS).status_code == 422
