"""The paperwork stage of a generated center: credentials, scanned cards and forms, onboarding packets.

Credentials are drawn so that every kind of expiry a director meets shows up: long expired, inside 30,
60 and 90 days, renewal already initiated, pending review. Recent hires have onboarding forms and, within
`PACKET_DAYS` of their hire, a whole packet (sandbox/packets.py) in one style after another across centers.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sandbox import packets, pools
from sandbox.center_data import CenterData, Record, credential_expiry, derive_rng, local_iso

BACKGROUND_ISSUERS = {
    "CA": "California DOJ Live Scan and FBI",
    "TX": "Texas HHSC Background Check Unit",
    "NY": "NYS OCFS Criminal History Review Unit",
    "FL": "Florida Care Provider Background Screening Clearinghouse",
    "IL": "Illinois DCFS CANTS and FBI fingerprint",
}


PACKET_DAYS = 45
"""Hires of the last 45 days have their onboarding packet on file."""
PACKET_SUFFIX = {"i9": "I9", "w4": "W4", "background_check": "BGC", "credential_card": "CPR"}


def build(center: CenterData, rng: random.Random, *, seed: int, today: date) -> None:
    """Fill the center's credentials and documents (the lazy "paperwork" stage)."""
    for emp in center.employees:
        _credentials(center, rng, emp, today)
    _documents(center, rng, today)
    _packets(center, seed, today)


def _credentials(center: CenterData, rng: random.Random, emp: Record, today: date) -> None:
    state = center.school["state"]
    org = "aha" if rng.random() < 0.7 else "red_cross"
    issuer = "American Heart Association" if org == "aha" else "American Red Cross"
    kinds = [(f"pediatric_cpr_{org}", issuer), (f"first_aid_{org}", issuer)]
    kinds.append(("background_check", BACKGROUND_ISSUERS[state]))
    if state == "TX":
        kinds.append(("state_training_hours", "Texas HHSC Child Care Regulation"))
    for n, (kind, who) in enumerate(kinds, start=1):
        validity = (credential_expiry(kind, today) - today).days
        roll = rng.random()
        if roll < 0.07:
            days_left = rng.randint(-200, -1)
        elif roll < 0.12:
            days_left = rng.randint(0, 30)
        elif roll < 0.17:
            days_left = rng.randint(31, 60)
        elif roll < 0.22:
            days_left = rng.randint(61, 90)
        else:
            days_left = rng.randint(91, max(92, validity - 30))
        issued = today + timedelta(days=days_left - validity)
        expires = credential_expiry(kind, issued)
        left = (expires - today).days
        status = "expired" if left < 0 else "valid"
        if (left < 0 and rng.random() < 0.3) or (0 <= left <= 30 and rng.random() < 0.25):
            status = "renewal_initiated"
        elif left > 90 and rng.random() < 0.03:
            status = "pending_review"
        updated = datetime.combine(issued + timedelta(days=2), time(17, 0), UTC)
        center.rows_of["credentials"].append(
            {
                "credential_id": f"{emp['employee_id']}-CR{n}",
                "employee_id": emp["employee_id"],
                "school_id": emp["school_id"],
                "kind": kind,
                "issuer": who,
                "issued_on": issued.isoformat(),
                "expires_on": expires.isoformat(),
                "status": status,
                "document_id": None,
                "updated_at": updated.isoformat(),
            }
        )


def _documents(center: CenterData, rng: random.Random, today: date) -> None:
    """Onboarding forms for recent hires and scanned credential cards, with the text to render."""
    name_of = {e["employee_id"]: e for e in center.employees}
    sid = center.school["school_id"]
    for slot, emp in enumerate(center.employees):
        hired = date.fromisoformat(emp["hire_date"])
        if (today - hired).days > 120:
            continue
        pdf = slot % 2 == 1
        doc_id = f"{emp['employee_id']}-DOC1"
        center.rows_of["documents"].append(
            {
                "document_id": doc_id,
                "school_id": sid,
                "employee_id": emp["employee_id"],
                "kind": "onboarding_form",
                "filename": f"onboarding_{emp['last_name'].lower()}_{emp['first_name'].lower()}."
                + ("pdf" if pdf else "png"),
                "content_type": "application/pdf" if pdf else "image/png",
                "uploaded_at": local_iso(hired - timedelta(days=3), 600, center.zone),
            }
        )
        center.text_of_document[doc_id] = [
            "EMPLOYEE ONBOARDING FORM",
            f"Center: {center.school['name']}",
            f"Name: {emp['first_name']} {emp['last_name']}",
            f"Position: {emp['position']}",
            f"Start date: {emp['hire_date']}",
            f"Email: {emp['email']}",
            f"Phone: {emp['phone']}",
            f"Emergency contact: {rng.choice(pools.FIRST_NAMES)} {emp['last_name']}, "
            f"(555) 010-{rng.randint(1000, 9999)}",
            f"Languages: {emp['custom_fields']['languages']}",
            "Signature: ________________________",
        ]
    for cred in center.rows_of["credentials"]:
        if cred["kind"] == "background_check" or rng.random() > 0.3:
            continue
        emp = name_of[cred["employee_id"]]
        doc_id = f"{cred['credential_id']}-DOC"
        cred["document_id"] = doc_id
        issued = date.fromisoformat(cred["issued_on"])
        center.rows_of["documents"].append(
            {
                "document_id": doc_id,
                "school_id": sid,
                "employee_id": emp["employee_id"],
                "kind": "credential_card",
                "filename": f"{cred['kind']}_{emp['last_name'].lower()}.png",
                "content_type": "image/png",
                "uploaded_at": local_iso(issued + timedelta(days=2), 840, center.zone),
            }
        )
        center.text_of_document[doc_id] = [
            cred["issuer"].upper(),
            cred["kind"].replace("_aha", "").replace("_red_cross", "").replace("_", " ").title(),
            f"Name: {emp['first_name']} {emp['last_name']}",
            f"Issued: {cred['issued_on']}",
            f"Expires: {cred['expires_on']}",
        ]


def _packets(center: CenterData, seed: int, today: date) -> None:
    """Onboarding packets of the center's recent hires, one packet style after another across centers
    (complete, missing a W-4, crooked or faded scans, unsigned W-4, expired card, ...)."""
    rng = derive_rng(seed, "packets", center.index)
    school = center.school
    city = school["name"].split(" - ")[-1]
    address = f"{rng.randint(100, 9899)} {rng.choice(pools.STREETS)}, {city}, {school['state']}"
    recent = [e for e in center.employees if (today - date.fromisoformat(e["hire_date"])).days <= PACKET_DAYS]
    for k, emp in enumerate(recent):
        style = packets.PACKET_STYLES[(center.index + k) % len(packets.PACKET_STYLES)]
        docs = packets.build_packet(
            rng,
            emp,
            center_name=school["name"],
            center_address=address,
            state=school["state"],
            agency=BACKGROUND_ISSUERS[school["state"]],
            today=today,
            style=style,
        )
        hired = date.fromisoformat(emp["hire_date"])
        for n, doc in enumerate(docs):
            doc_id = f"{emp['employee_id']}-{PACKET_SUFFIX[doc.kind]}"
            center.rows_of["documents"].append(
                {
                    "document_id": doc_id,
                    "school_id": school["school_id"],
                    "employee_id": emp["employee_id"],
                    "kind": doc.kind,
                    "filename": f"{doc.kind}_{emp['last_name'].lower()}_{emp['first_name'].lower()}."
                    + doc.extension,
                    "content_type": doc.content_type,
                    "uploaded_at": local_iso(hired - timedelta(days=2), 540 + 7 * n, center.zone),
                }
            )
            center.packet_of_document[doc_id] = doc
