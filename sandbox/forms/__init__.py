"""Onboarding forms laid out like the real ones: Form I-9 (edition 01/20/25), Form W-4 (2025), a state
background-check determination letter, and AHA / Red Cross course cards.

The wording of labels and checkboxes follows the published forms (USCIS Form I-9 Section 1 and 2, IRS Form
W-4 Step 1 and Step 5), so the reader is tested against the text a center really receives. Only the parts a
reader needs are drawn; instructions are abridged.
"""

from sandbox.forms.common import IdDocument, Person, us
from sandbox.forms.i9 import CITIZENSHIP_BOXES, i9_page
from sandbox.forms.letters import CARD_COURSES, background_page, card_page
from sandbox.forms.w4 import FILING_BOXES, w4_instructions_page, w4_page

__all__ = [
    "CARD_COURSES",
    "CITIZENSHIP_BOXES",
    "FILING_BOXES",
    "IdDocument",
    "Person",
    "background_page",
    "card_page",
    "i9_page",
    "us",
    "w4_instructions_page",
    "w4_page",
]
