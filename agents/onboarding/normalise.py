"""Values as the contract wants them: ISO dates, masked SSNs and document numbers, tidy names.

Each function returns the value and a factor (0-1] that lowers the field's confidence when the text had to
be repaired to fit (an OCR "O" read as a zero in a date), or None when the text cannot be that value: a
field that cannot be read is reported missing, never guessed.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

Normalised = tuple[str, float] | None

REPAIRED = 0.9
"""Confidence factor when a character had to be repaired to fit the format."""

_DIGIT_LOOKALIKES = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "D": "0",
        "Q": "0",
        "l": "1",
        "I": "1",
        "i": "1",
        "|": "1",
        "!": "1",
        "S": "5",
        "s": "5",
        "B": "8",
        "Z": "2",
        "z": "2",
        "g": "9",
        "q": "9",
    }
)
SSN_SHAPE = re.compile(r"(?<!\d)\d{3}[- .]?\d{2}[- .]?\d{4}(?!\d)")
MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})


def _digits_repaired(text: str) -> tuple[str, bool]:
    """Text with digit look-alikes turned into digits, and whether anything changed."""
    fixed = text.translate(_DIGIT_LOOKALIKES)
    return fixed, fixed != text


def us_date(text: str) -> tuple[date, float] | None:
    """A printed date (mm/dd/yyyy, m/d/yy, yyyy-mm-dd or 'March 14, 2025') as a date."""
    raw = text.strip().rstrip(".")
    words = re.match(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$", raw)
    if words and words.group(1).lower() in MONTHS:
        return _checked(int(words.group(3)), MONTHS[words.group(1).lower()], int(words.group(2)), 1.0)
    fixed, repaired = _digits_repaired(raw.replace(" ", ""))
    factor = REPAIRED if repaired else 1.0
    iso = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", fixed)
    if iso:
        return _checked(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)), factor)
    us = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", fixed)
    if us is None:
        squeezed = re.fullmatch(r"(\d{2})(\d{2})(\d{4})", fixed)  # OCR lost both slashes
        if squeezed is None:
            return None
        us, factor = squeezed, factor * REPAIRED
    year = int(us.group(3))
    if year < 100:
        year += 2000 if year < 70 else 1900
        factor *= 0.95
    return _checked(year, int(us.group(1)), int(us.group(2)), factor)


def _checked(year: int, month: int, day: int, factor: float) -> tuple[date, float] | None:
    try:
        return date(year, month, day), factor
    except ValueError:
        return None


def iso_date(text: str) -> Normalised:
    parsed = us_date(text)
    return None if parsed is None else (parsed[0].isoformat(), parsed[1])


def month_year(text: str) -> tuple[int, int, float] | None:
    """A month-and-year date ('03/2027'), as printed on AHA cards' renewal line."""
    fixed, repaired = _digits_repaired(text.strip().replace(" ", ""))
    found = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", fixed)
    if found is None or not 1 <= int(found.group(1)) <= 12:
        return None
    return int(found.group(2)), int(found.group(1)), REPAIRED if repaired else 1.0


def mask_ssn(text: str) -> Normalised:
    """`***-**-1234` from a printed SSN; None unless it has exactly nine digits."""
    fixed, repaired = _digits_repaired(text.strip())
    digits = re.sub(r"\D", "", fixed)
    if len(digits) != 9 or not re.fullmatch(r"[\d\s.\-]+", fixed):
        return None
    return f"***-**-{digits[-4:]}", REPAIRED if repaired else 1.0


def mask_document_number(text: str) -> Normalised:
    """Only the last four characters of an ID document's number, the rest as asterisks."""
    compact = re.sub(r"[\s\-]", "", text.strip()).upper()
    if len(compact) < 4 or compact in {"N/A", "NA", "NONE"} or not re.fullmatch(r"[A-Z0-9]+", compact):
        return None
    return f"****{compact[-4:]}", 1.0


def mask_ssn_shapes(text: str) -> str:
    """Any SSN-shaped run of digits in free text, masked (a value read from the wrong cell)."""
    return SSN_SHAPE.sub(lambda m: f"***-**-{re.sub(r'[^0-9]', '', m.group(0))[-4:]}", text)


def person_name(text: str) -> Normalised:
    """A name part as printed: letters, spaces, hyphens, apostrophes and periods; 'N/A' is no name."""
    cleaned = re.sub(r"\s+", " ", text.strip().strip(",;:"))
    if not cleaned or cleaned.upper() in {"N/A", "NA", "UNKNOWN"}:
        return None
    if not re.fullmatch(r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ' .\-]*", cleaned):
        return None
    return cleaned, 1.0


def first_name_without_initial(text: str) -> Normalised:
    """W-4 line (a) holds 'First name and middle initial': keep the first name.

    OCR sometimes drops the space ('MariaJ'), so a trailing capital after lower-case letters is taken as the
    initial too, with a little less confidence.
    """
    cleaned = re.sub(r"\s+", " ", text.strip())
    spaced = re.fullmatch(r"(.+?)\s+[A-Z]\.?", cleaned)
    if spaced:
        return person_name(spaced.group(1))
    glued = re.fullmatch(r"(.*[a-z])[A-Z]\.?", cleaned)
    if glued and " " not in glued.group(1):
        named = person_name(glued.group(1))
        return None if named is None else (named[0], named[1] * REPAIRED)
    return person_name(cleaned)


def email(text: str) -> Normalised:
    cleaned = text.strip().replace(" ", "").lower()
    if re.fullmatch(r"[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}", cleaned):
        return cleaned, 1.0
    return None


def phone(text: str) -> Normalised:
    """A US phone number as (555) 555-0100."""
    fixed, repaired = _digits_repaired(re.sub(r"[()\s.\-+]", "", text.strip()))
    if fixed.startswith("1") and len(fixed) == 11:
        fixed = fixed[1:]
    if not re.fullmatch(r"\d{10}", fixed):
        return None
    return f"({fixed[:3]}) {fixed[3:6]}-{fixed[6:]}", REPAIRED if repaired else 1.0


def plain_text(text: str) -> Normalised:
    cleaned = re.sub(r"\s+", " ", text.strip())
    if not cleaned or cleaned.upper() in {"N/A", "NA"}:
        return None
    return cleaned, 1.0


_NAME_PREFIXES = ("Mc", "Mac")


def full_name(text: str) -> Normalised:
    """A whole name ('Maria Lopez-Garcia'). OCR can drop the space between the parts ('MariaLopez'): a
    whole name has at least two parts, so a name without a space is split where a capital follows a
    lower-case letter, trusted less (and much less when more than one split is possible: 'DeShawnSmith')."""
    named = person_name(text)
    if named is None or " " in named[0]:
        return named
    parts = [p for p in re.split(r"(?<=[a-z])(?=[A-Z])", named[0]) if p]
    merged: list[str] = []
    for part in parts:
        if merged and merged[-1] in _NAME_PREFIXES:
            merged[-1] += part
        else:
            merged.append(part)
    if len(merged) < 2:
        return named[0], named[1] * 0.8
    return " ".join(merged), named[1] * (REPAIRED if len(merged) == 2 else 0.75)


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def title_words(text: str) -> Normalised:
    """Capitalised words (an agency's name) with the spaces OCR lost put back where a capital starts a
    word ('TexasHHSCBackground' -> 'Texas HHSC Background'), trusted a little less when it had to."""
    read = plain_text(text)
    if read is None:
        return None
    spaced = " ".join(_CAMEL.sub(" ", word) for word in read[0].split(" "))
    return spaced, read[1] * (REPAIRED if spaced != read[0] else 1.0)
