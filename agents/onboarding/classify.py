"""Which onboarding document a page set is, from phrases that only that form prints.

Each kind has weighted phrases taken from the real documents (the I-9's title and section headings, the
W-4's title and Step 1 labels, a background-check notice's wording, the issuers and courses of CPR and
first-aid cards). Phrases are compared with letters and digits only, and fuzzily, because OCR loses
spaces and confuses a few characters. Too little evidence is `unknown`, never a guess.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from agents.onboarding.layout import PageText, squash

PHRASES: dict[str, tuple[tuple[str, float], ...]] = {
    "i9": (
        ("Employment Eligibility Verification", 3),
        ("USCIS Form I-9", 3),
        ("Section 1. Employee Information and Attestation", 2),
        ("Last Name (Family Name)", 1),
        ("First Name (Given Name)", 1),
        ("Section 2. Employer Review and Verification", 1),
        ("U.S. Citizenship and Immigration Services", 1),
    ),
    "w4": (
        ("Employee's Withholding Certificate", 3),
        ("Form W-4", 3),
        ("First name and middle initial", 1),
        ("Single or Married filing separately", 1),
        ("Enter Personal Information", 1),
        ("Internal Revenue Service", 1),
    ),
    "background_check": (
        ("Background Check Determination", 3),
        ("Background Check", 2),
        ("Date of Determination", 1),
        ("fingerprint", 1),
        ("Criminal History", 1),
        ("Name of Individual", 1),
    ),
    "credential_card": (
        ("American Heart Association", 2),
        ("American Red Cross", 2),
        ("Heartsaver", 2),
        ("Recommended Renewal Date", 1),
        ("Certificate of Completion", 1),
        ("Date Completed", 1),
        ("Issue Date", 1),
        ("CPR", 1),
        ("First Aid", 1),
    ),
}
MIN_EVIDENCE = 3.0


def _present(phrase: str, lines: list[str]) -> float:
    """1.0 when a line contains the phrase, partial credit for a close OCR reading."""
    want = squash(phrase)
    best = 0.0
    for line in lines:
        if want in line:
            return 1.0
        if len(line) >= len(want) * 0.8:
            best = max(best, fuzz.partial_ratio(want, line))
    return 1.0 if best >= 92 else 0.5 if best >= 85 else 0.0


def classify(pages: list[PageText]) -> tuple[str, float]:
    """The document kind and a confidence (the winner's share of all the evidence)."""
    lines = [squash(b.text) for page in pages for b in page.boxes]
    scores = {
        kind: sum(weight * _present(p, lines) for p, weight in phrases) for kind, phrases in PHRASES.items()
    }
    kind, best = max(scores.items(), key=lambda item: item[1])
    if best < MIN_EVIDENCE:
        return "unknown", 0.0
    total = sum(scores.values())
    return kind, round(best / total, 3)
