"""Onboarding packet rules: which documents and fields a new hire's packet needs, and by when.

Sources:
- Form I-9: 8 CFR 274a.2(b)(1)(i)(A): the employee completes Section 1 "at the time of hire" (no later than
  the first day of employment); 8 CFR 274a.2(b)(1)(ii): the employer completes Section 2 "within three
  business days of the hire", examining List A, or List B and List C documents (274a.2(b)(1)(v)).
- Form W-4: 26 CFR 31.3402(f)(2)-1(a): a new employee furnishes a withholding exemption certificate on or
  before the first day of employment; without one the employer withholds as for a single filer with no
  adjustments (IRS Pub. 15-T, "employees who fail to furnish Form W-4"). The form "is not valid unless you
  sign it" (Form W-4 Step 5).
- Background checks: 45 CFR 98.43(a)(1) and (d): every child care staff member completes a comprehensive
  background check before employment; 98.43(d)(4): pending results, a staff member may work only under the
  supervision of someone with a completed check, and never unsupervised with children.
- Pediatric first aid and CPR: 45 CFR 98.41(a)(1)(ii), with each state's pre-service rule (secondary: state
  licensing rules give 90 days in TX, 26 TAC 746.1315, and before working alone elsewhere).
"""

from __future__ import annotations

CARD_COURSES: dict[str, tuple[str, str]] = {
    "Heartsaver Pediatric CPR AED": ("American Heart Association", "pediatric_cpr_aha"),
    "Heartsaver Pediatric First Aid": ("American Heart Association", "first_aid_aha"),
    "Heartsaver Pediatric First Aid CPR AED": ("American Heart Association", "pediatric_cpr_aha"),
    "Pediatric CPR/AED": ("American Red Cross", "pediatric_cpr_red_cross"),
    "Pediatric First Aid": ("American Red Cross", "first_aid_red_cross"),
    "Adult and Pediatric First Aid/CPR/AED": ("American Red Cross", "pediatric_cpr_red_cross"),
}
"""Course name as printed on the card -> (issuer, credential kind of `policies.credentials`). A combined
first-aid-and-CPR course is filed as the CPR credential; the card also proves first aid."""
