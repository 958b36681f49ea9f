"""New hires' onboarding packets: the four documents as real files, and the packet problems HR meets."""

from __future__ import annotations

import io
from datetime import date

from fastapi.testclient import TestClient
from PIL import Image
from pypdf import PdfReader

from sandbox.generator import SandboxData
from sandbox.packets import PACKET_STYLES

from .conftest import HEADERS, TODAY

PACKET_KINDS = {"i9", "w4", "background_check", "credential_card"}


def test_packets_are_served_as_files_of_their_type(client: TestClient) -> None:
    docs = client.get("/v1/documents", params={"limit": 500}, headers=HEADERS).json()["data"]
    packet_docs = [d for d in docs if d["kind"] in PACKET_KINDS and d["document_id"].endswith(("I9", "W4"))]
    assert packet_docs
    for doc in packet_docs:
        answer = client.get(f"/v1/documents/{doc['document_id']}/content", headers=HEADERS)
        assert answer.status_code == 200 and answer.headers["content-type"] == doc["content_type"]
        if doc["content_type"] == "application/pdf":
            assert len(PdfReader(io.BytesIO(answer.content)).pages) == 1
        else:
            assert Image.open(io.BytesIO(answer.content)).width >= 1000


def test_text_layer_i9_prints_the_form_labels_and_the_hire(client: TestClient) -> None:
    docs = client.get("/v1/documents", params={"limit": 500}, headers=HEADERS).json()["data"]
    i9 = next(d for d in docs if d["kind"] == "i9" and d["content_type"] == "application/pdf")
    employee = client.get(f"/v1/employees/{i9['employee_id']}", headers=HEADERS).json()
    pdf = client.get(f"/v1/documents/{i9['document_id']}/content", headers=HEADERS).content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for label in (
        "Employment Eligibility Verification",
        "Last Name (Family Name)",
        "First Name (Given Name)",
        "Date of Birth (mm/dd/yyyy)",
        "U.S. Social Security Number",
        "A citizen of the United States",
    ):
        assert label in text
    assert employee["last_name"] in text and employee["ssn"] in text


def test_every_packet_style_occurs_and_truth_matches_the_record() -> None:
    data = SandboxData(seed=11, centers=len(PACKET_STYLES), staff_per_center=12, today=TODAY)
    kinds_by_employee: dict[str, set[str]] = {}
    truths = []
    for index in range(len(PACKET_STYLES)):
        center = data.center(index)
        assert center.documents  # builds the paperwork stage
        for doc_id, doc in center.packet_of_document.items():
            kinds_by_employee.setdefault(doc_id.rsplit("-", 1)[0], set()).add(doc.kind)
            truths.append((doc_id, doc))
    assert any(kinds == PACKET_KINDS for kinds in kinds_by_employee.values())
    assert any(kinds == PACKET_KINDS - {"w4"} for kinds in kinds_by_employee.values())
    w4s = [doc for _, doc in truths if doc.kind == "w4"]
    assert {doc.signed for doc in w4s} == {True, False, None}  # None: only the instructions page
    assert any(doc.truth == {} for doc in w4s), "a W-4 whose first page is missing"
    cards = [doc for _, doc in truths if doc.kind == "credential_card"]
    assert any(date.fromisoformat(doc.truth["expiration_date"]) < TODAY for doc in cards)
    assert {doc.file_format for _, doc in truths} >= {"pdf", "scan_pdf", "png", "jpeg"}
    assert any(doc.style.angle for _, doc in truths) and any(doc.style.contrast < 1 for _, doc in truths)
    pending = [doc for _, doc in truths if doc.kind == "i9" and "document_title" not in doc.truth]
    assert pending, "an I-9 whose Section 2 is still blank"
    for _, doc in truths:
        assert "ssn" not in doc.truth or doc.truth["ssn"].startswith("***-**-")
