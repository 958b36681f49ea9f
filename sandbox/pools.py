"""Word pools and state tables the generator draws from, kept apart so generator.py reads as logic.

Ratios and group sizes follow /work/shared/reference/regulations.md (what Procare would be configured with
in each state); cities carry their real IANA zone (Florida's panhandle is on Central time).
"""

from __future__ import annotations

STATES: tuple[str, ...] = ("CA", "TX", "NY", "FL", "IL")

# state -> [(city, postal prefix, IANA zone)]
CITIES: dict[str, list[tuple[str, str, str]]] = {
    "CA": [
        ("Pasadena", "911", "America/Los_Angeles"),
        ("Fresno", "937", "America/Los_Angeles"),
        ("San Jose", "951", "America/Los_Angeles"),
        ("Sacramento", "958", "America/Los_Angeles"),
        ("Irvine", "926", "America/Los_Angeles"),
    ],
    "TX": [
        ("Austin", "787", "America/Chicago"),
        ("Plano", "750", "America/Chicago"),
        ("San Antonio", "782", "America/Chicago"),
        ("Houston", "770", "America/Chicago"),
        ("El Paso", "799", "America/Denver"),
    ],
    "NY": [
        ("Albany", "122", "America/New_York"),
        ("Rochester", "146", "America/New_York"),
        ("Buffalo", "142", "America/New_York"),
        ("Syracuse", "132", "America/New_York"),
        ("White Plains", "106", "America/New_York"),
    ],
    "FL": [
        ("Orlando", "328", "America/New_York"),
        ("Tampa", "336", "America/New_York"),
        ("Jacksonville", "322", "America/New_York"),
        ("Pensacola", "325", "America/Chicago"),
        ("Miami", "331", "America/New_York"),
    ],
    "IL": [
        ("Naperville", "605", "America/Chicago"),
        ("Springfield", "627", "America/Chicago"),
        ("Evanston", "602", "America/Chicago"),
        ("Peoria", "616", "America/Chicago"),
        ("Rockford", "611", "America/Chicago"),
    ],
}

# city -> (latitude, longitude) of its downtown (public geographic coordinates), for centers and venues.
CITY_COORDINATES: dict[str, tuple[float, float]] = {
    "Pasadena": (34.1478, -118.1445),
    "Fresno": (36.7378, -119.7871),
    "San Jose": (37.3382, -121.8863),
    "Sacramento": (38.5816, -121.4944),
    "Irvine": (33.6846, -117.8265),
    "Austin": (30.2672, -97.7431),
    "Plano": (33.0198, -96.6989),
    "San Antonio": (29.4241, -98.4936),
    "Houston": (29.7604, -95.3698),
    "El Paso": (31.7619, -106.4850),
    "Albany": (42.6526, -73.7562),
    "Rochester": (43.1566, -77.6088),
    "Buffalo": (42.8864, -78.8784),
    "Syracuse": (43.0481, -76.1474),
    "White Plains": (41.0340, -73.7629),
    "Orlando": (28.5383, -81.3792),
    "Tampa": (27.9506, -82.4572),
    "Jacksonville": (30.3322, -81.6557),
    "Pensacola": (30.4213, -87.2169),
    "Miami": (25.7617, -80.1918),
    "Naperville": (41.7508, -88.1535),
    "Springfield": (39.7817, -89.6501),
    "Evanston": (42.0451, -87.6877),
    "Peoria": (40.6936, -89.5890),
    "Rockford": (42.2711, -89.0940),
}

BRANDS = (
    "Little Acorns Learning Center",
    "Bright Horizons Academy",
    "Sunshine Kids Early Learning",
    "Tiny Steps Child Care",
    "Maple Grove Preschool",
    "Rainbow Bridge Learning",
)

FIRST_NAMES = (
    "Maria", "Jasmine", "Emily", "Ashley", "Brianna", "Sofia", "Grace", "Aaliyah", "Hannah", "Olivia",
    "Daniela", "Keisha", "Mei", "Priya", "Fatima", "Rosa", "Tanya", "Leah", "Nicole", "Vanessa",
    "Marcus", "David", "Jamal", "Luis", "Kevin", "Andre", "Carlos", "Ethan", "Tyler", "Samuel",
)  # fmt: skip

LAST_NAMES = (
    "Garcia", "Johnson", "Nguyen", "Martinez", "Smith", "Williams", "Brown", "Lopez", "Patel", "Kim",
    "Davis", "Rodriguez", "Hernandez", "Wilson", "Anderson", "Thomas", "Moore", "Jackson", "Lee", "Perez",
    "Robinson", "Clark", "Lewis", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres",
)  # fmt: skip

STREETS = ("Oak St", "Maple Ave", "Cedar Ln", "Pine Rd", "Elm St", "Willow Way", "Lakeview Dr", "Park Blvd")

SKILLS = (
    "Spanish", "American Sign Language", "Infant care", "Special needs inclusion", "Music and movement",
    "Art", "STEM activities", "Food handler certified", "CDA credential", "Conflict resolution",
    "Outdoor play", "Early literacy", "Vietnamese", "Mandarin", "Parent communication", "Van driver",
)  # fmt: skip

AGE_GROUP_ROOMS: tuple[tuple[str, str], ...] = (
    ("infant", "Infant Room"),
    ("toddler", "Toddler Room"),
    ("twos", "Twos Room"),
    ("preschool", "Preschool A"),
    ("preschool", "Preschool B"),
    ("school_age", "School Age Club"),
    ("mixed", "Discovery Room"),
)

# Age range in months of the children a room of this age group takes.
AGE_MONTHS: dict[str, tuple[int, int]] = {
    "infant": (2, 14),
    "toddler": (15, 23),
    "twos": (24, 35),
    "preschool": (36, 59),
    "school_age": (60, 144),
    "mixed": (24, 59),
}

# state -> age group -> (children per teacher, max children in the group)
RATIOS: dict[str, dict[str, tuple[int, int]]] = {
    "CA": {"infant": (4, 12), "toddler": (6, 12), "twos": (12, 24), "preschool": (12, 24),
           "school_age": (14, 28), "mixed": (12, 24)},
    "TX": {"infant": (4, 10), "toddler": (9, 18), "twos": (11, 22), "preschool": (15, 30),
           "school_age": (22, 35), "mixed": (11, 22)},
    "NY": {"infant": (4, 8), "toddler": (5, 12), "twos": (5, 12), "preschool": (7, 18),
           "school_age": (9, 24), "mixed": (5, 12)},
    "FL": {"infant": (4, 12), "toddler": (6, 12), "twos": (11, 22), "preschool": (15, 30),
           "school_age": (25, 25), "mixed": (11, 22)},
    "IL": {"infant": (4, 12), "toddler": (5, 15), "twos": (8, 16), "preschool": (10, 20),
           "school_age": (20, 20), "mixed": (8, 16)},
}  # fmt: skip

HOURLY_RATES: dict[str, tuple[float, float]] = {
    "Director": (28.0, 38.0),
    "Assistant Director": (22.0, 28.0),
    "Lead Teacher": (17.5, 24.0),
    "Assistant Teacher": (14.5, 18.5),
    "Floater": (14.5, 18.0),
    "Cook": (15.0, 19.0),
}

TRAINING_TOPICS: tuple[tuple[str, str], ...] = (
    ("Child Growth and Development", "Milestones from birth to five"),
    ("Child Growth and Development", "Supporting language development"),
    ("Health, Safety and Nutrition", "Safe sleep practices for infants"),
    ("Health, Safety and Nutrition", "Food allergy awareness"),
    ("Child Maltreatment", "Recognizing and reporting child abuse"),
    ("Guidance and Discipline", "Positive guidance strategies"),
    ("Curriculum Planning", "Play-based learning centers"),
    ("Family Engagement", "Communicating with families"),
    ("Emergency Preparedness", "Fire and lockdown drills"),
    ("Special Needs", "Inclusion in the classroom"),
)

INCIDENT_KINDS: tuple[tuple[str, str, str], ...] = (
    ("injury", "low", "Child tripped on the playground and scraped a knee; cleaned and bandaged."),
    ("injury", "medium", "Child bumped head on a table edge; ice applied, parent called, monitored."),
    ("behavior", "low", "Child bit a classmate during free play; both families informed."),
    (
        "allergic_reaction",
        "high",
        "Child developed hives after snack; epinephrine plan followed, 911 called.",
    ),
    ("medication", "medium", "Afternoon inhaler dose given 40 minutes late."),
    ("ratio_concern", "high", "Room was briefly over ratio while a teacher covered a late lunch."),
    ("late_pickup", "low", "Child picked up 25 minutes after closing."),
    ("property", "low", "Broken gate latch on the toddler yard reported to maintenance."),
)

REVIEW_RATINGS = ("Exceeds expectations", "Meets expectations", "Needs improvement")
