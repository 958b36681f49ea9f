"""Documents are real files: a PNG with printed text (dark pixels) and a PDF whose text names the employee."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from PIL import Image
from pypdf import PdfReader

from sandbox.config import DEV_API_KEY
from sandbox.runtime import SandboxRuntime

HEADERS = {"X-API-Key": DEV_API_KEY}


def documents(client: TestClient) -> list[dict]:
    return client.get("/v1/documents", params={"limit": 500}, headers=HEADERS).json()["data"]


def test_onboarding_pdf_holds_the_form_text(client: TestClient) -> None:
    pdf = next(
        d
        for d in documents(client)
        if d["kind"] == "onboarding_form" and d["content_type"] == "application/pdf"
    )
    employee = client.get(f"/v1/employees/{pdf['employee_id']}", headers=HEADERS).json()
    answer = client.get(f"/v1/documents/{pdf['document_id']}/content", headers=HEADERS)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    text = PdfReader(io.BytesIO(answer.content)).pages[0].extract_text()
    assert "EMPLOYEE ONBOARDING FORM" in text
    assert f"Name: {employee['first_name']} {employee['last_name']}" in text
    assert f"Start date: {employee['hire_date']}" in text
    assert f"Position: {employee['position']}" in text


def test_png_is_a_real_image_with_text_on_it(client: TestClient) -> None:
    png = next(
        d for d in documents(client) if d["kind"] == "onboarding_form" and d["content_type"] == "image/png"
    )
    answer = client.get(f"/v1/documents/{png['document_id']}/content", headers=HEADERS)
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
    assert answer.content.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(answer.content)).convert("L")
    assert image.width >= 800
    band = image.crop((40, 40, image.width - 40, 120))  # the heading line, inside the border
    dark = sum(band.histogram()[:128])
    assert dark > 500, "the heading should be printed"
    blank = image.crop((40, image.height - 60, image.width - 40, image.height - 30))
    assert sum(blank.histogram()[:128]) == 0


def test_credential_cards_are_linked_from_credentials(client: TestClient) -> None:
    card = next(d for d in documents(client) if d["kind"] == "credential_card")
    creds = client.get("/v1/credentials", params={"employee_id": card["employee_id"]}, headers=HEADERS).json()
    assert card["document_id"] in {c["document_id"] for c in creds["data"]}


def test_injected_document_bytes_are_served_as_given(client: TestClient, runtime: SandboxRuntime) -> None:
    stored = runtime.state.add_document(
        "S0001",
        {"employee_id": "S0001-E002", "kind": "i9", "filename": "i9.pdf", "content_type": "application/pdf"},
        b"%PDF-1.4 fake",
    )
    answer = client.get(f"/v1/documents/{stored['document_id']}/content", headers=HEADERS)
    assert answer.content == b"%PDF-1.4 fake"
    scoped = client.get(f"/v1/documents/{stored['document_id']}/content", headers={"X-API-Key": "scoped-key"})
    assert scoped.status_code == 200
    other = next(d for d in documents(client) if d["school_id"] == "S0002")
    assert (
        client.get(
            f"/v1/documents/{other['document_id']}/content", headers={"X-API-Key": "scoped-key"}
        ).status_code
        == 403
    )
