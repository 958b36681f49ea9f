"""The words incident descriptions are read in: the facts state rules name, who may act, and the word
lists (staff, family, children, harmful verbs, body parts) that the cues and the actor rules share."""

from __future__ import annotations

from enum import StrEnum


class Fact(StrEnum):
    """Things that happened, in the vocabulary the state rules are written in."""

    DEATH = "death"
    NOT_BREATHING = "not_breathing"  # unresponsive, not breathing, CPR given, turned blue
    CHOKING = "choking"
    EMERGENCY_CARE = "emergency_care"  # 911, ambulance, paramedics, ER, urgent care, epinephrine
    HOSPITALIZATION = "hospitalization"
    MEDICAL_TREATMENT = "medical_treatment"  # care by a health professional beyond first aid
    SERIOUS_INJURY = "serious_injury"  # fracture, concussion, loss of consciousness, stitches, burn
    HEAD_INJURY = "head_injury"
    MINOR_INJURY = "minor_injury"  # scrape, bruise, small cut, bump: first aid
    ILLNESS = "illness"
    COMMUNICABLE_DISEASE = "communicable_disease"  # a notifiable (reportable) disease, or an outbreak
    CONTAGIOUS_CONDITION = "contagious_condition"  # lice, pink eye, strep...: parents told, not licensing
    ALLERGIC_REACTION = "allergic_reaction"
    POISONING = "poisoning"  # swallowed a chemical, poison control
    MEDICATION_ERROR = "medication_error"
    MISSING_CHILD = "missing_child"
    CHILD_FOUND = "child_found"
    LEFT_UNSUPERVISED = "left_unsupervised"  # alone, left in a vehicle, left behind on a trip
    UNAUTHORIZED_RELEASE = "unauthorized_release"
    SUSPECTED_ABUSE = "suspected_abuse"  # abuse or neglect, by anyone
    SEXUAL_CONTACT = "sexual_contact"  # inappropriate touching, sexual abuse allegation
    STAFF_PHYSICAL = "staff_physical"  # a staff member hit, shook, grabbed... a child
    STAFF_CONDUCT = "staff_conduct"  # yelling, threats, asleep, intoxicated, prohibited discipline
    RESTRAINT = "restraint"
    BEHAVIOR = "behavior"  # biting, hitting, pushing another child; tantrum; aggression
    FIRE = "fire"
    EVACUATION = "evacuation"
    PREMISES_UNSAFE = "premises_unsafe"  # flood, gas leak, storm damage, no power or water
    HAZARD = "hazard"  # broken equipment, chemicals within reach, unlocked gate
    VEHICLE_ACCIDENT = "vehicle_accident"
    INTRUDER = "intruder"  # lockdown, threatening adult, police called to the center


class Actor(StrEnum):
    """Who the description says did a harmful act (for routing and for whom parents may be told)."""

    STAFF = "staff"
    FAMILY = "family"
    CHILD = "child"
    UNKNOWN = "unknown"


STAFF_WORDS = (
    r"(?:teacher|co-?teacher|staff(?: member)?|caregiver|aide|assistant|employee|educator|director|"
    r"substitute|sub|volunteer|cook|driver|floater|provider|ms\.?|mrs\.?|mr\.?|miss)"
)
FAMILY_WORDS = (
    r"(?:mom|mommy|mother|dad|daddy|father|step-?dad|step-?father|step-?mom|step-?mother|parent|"
    r"grandma|grandpa|grandmother|grandfather|uncle|aunt|brother|sister|boyfriend|girlfriend|"
    r"guardian|nanny|babysitter)"
)
CHILD_WORDS = (
    r"(?:child|kid|boy|girl|toddler|infant|baby|student|peer|classmate|friend|preschooler|"
    r"another child|other child)"
)
HARM_VERBS = (
    r"(?:hit|hits|slap(?:s|ped)?|smack(?:s|ed)?|spank(?:s|ed)?|shook|shakes|shaking|kick(?:s|ed)?|"
    r"punch(?:es|ed)?|pinch(?:es|ed)?|grab(?:s|bed)?|yank(?:s|ed)?|jerk(?:s|ed)?|drag(?:s|ged)?|"
    r"shov(?:e|es|ed)|push(?:es|ed)?|chok(?:e|es|ed)|struck|strikes|beat|beats|bit|bites|"
    r"squeez(?:e|es|ed)|flick(?:s|ed)?|twist(?:s|ed)?|scratch(?:es|ed)?|threw|tossed)"
)
BODY_WORDS = (
    r"(?:arm|arms|hand|hands|wrist|face|cheek|head|hair|ear|ears|neck|shoulder|back|leg|legs|bottom|"
    r"butt|mouth|chest|stomach|finger|fingers|shirt|collar)"
)
