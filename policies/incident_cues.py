"""The cue table: for each fact, the phrases that state it (regular expressions over lower-cased text).

A cue is only a candidate: ``policies.incident_facts.read`` drops a cue that a negation governs
(``policies.incident_negation``). Uncertain wording counts as the fact ("may have hit his head"); a floor
errs towards telling people.
"""

from __future__ import annotations

import re

from policies.incident_vocabulary import FAMILY_WORDS, HARM_VERBS
from policies.incident_vocabulary import Fact as Fact

CUE_PATTERNS: tuple[tuple[Fact, str], ...] = (
    (Fact.DEATH, r"\b(?:died|dies|dead|death|passed away|deceased|fatal(?:ity)?|pronounced)\b"),
    (
        Fact.NOT_BREATHING,
        r"\b(?:not breathing|stopped breathing|unresponsive|turned blue|lips (?:were |turned )?blue|"
        r"started cpr|gave cpr|performed cpr|administered cpr|cpr (?:was )?(?:given|started|performed)|"
        r"limp and|went limp|no pulse)\b",
    ),
    (Fact.CHOKING, r"\b(?:chok(?:e|ed|ing) on|heimlich|back blows|abdominal thrusts)\b"),
    (
        Fact.EMERGENCY_CARE,
        r"\b(?:911|ambulance|paramedics?|emts?|emergency room|emergency department|(?:the )?er\b|ed visit|"
        r"urgent care|epi-?pen|epinephrine|auvi-?q|life flight|rushed to (?:the )?hospital|"
        r"emergency (?:medical )?(?:services|care|treatment|transport))",
    ),
    (
        Fact.HOSPITALIZATION,
        r"\b(?:hospitali[sz]ed|admitted (?:to|at) (?:the )?hospital|admitted overnight|inpatient|"
        r"(?:stayed|kept) (?:overnight )?(?:in|at) the hospital|picu|nicu|icu)\b",
    ),
    (
        Fact.MEDICAL_TREATMENT,
        r"\b(?:doctor(?!'?s? note)|physician|pediatrician|dentist|nurse practitioner|x-?rays?|cat scan|"
        r"ct scan|"
        r"stitch(?:es|ed)|sutur(?:e|es|ed)|glued|steri-?strips|cast|splint|medical (?:attention|"
        r"treatment|care)|treated (?:at|by)|seen (?:at|by) (?:a |the )?(?:clinic|doctor|hospital)|"
        r"clinic|hospital|prescri(?:bed|ption))\b",
    ),
    (
        Fact.SERIOUS_INJURY,
        r"\b(?:broke(?:n)? (?:his |her |their |a |the )?(?:arm|leg|wrist|ankle|collarbone|finger|toe|"
        r"nose|tooth|teeth|bone)|(?:arm|leg|wrist|ankle|collarbone|finger|bone) (?:looked |was |is |seemed |"
        r"appeared |might be |may be )?(?:broken|fractured|deformed)|fractur(?:e|ed|es)|concussion|"
        r"knocked out|lost consciousness|loss of consciousness|passed out|dislocat(?:ed|ion)|"
        r"nursemaid'?s elbow|deep cut|gash|"
        r"laceration|(?:second|third)[- ]degree|bleeding (?:heavily|profusely|a lot|would not stop)|"
        r"(?:serious|severe|significant) (?:injury|burn|bleeding|cut)|scald(?:ed)?|burned|burnt|"
        r"seizure|convuls(?:ed|ion|ions|ing))\b",
    ),
    (
        Fact.HEAD_INJURY,
        r"\b(?:hit (?:his|her|their) head|bump(?:ed)? (?:on|to) (?:the|his|her|their) head|head "
        r"(?:injury|bump|wound|trauma)|bumped (?:his |her |their )?head|hit head|forehead|goose ?egg|"
        r"blow to the head|fell on (?:his|her|their) head|head first|struck (?:his|her|their) head)\b",
    ),
    (
        Fact.MINOR_INJURY,
        r"\b(?:scrape[ds]?|scratch(?:es|ed)?|bruis(?:e|es|ed|ing)|small cut|minor cut|cut (?:his|her|"
        r"their) (?:lip|finger|knee|hand)|split lip|bloody nose|nosebleed|"
        r"an? (?:small |little |big )?bump|pinched (?:his|her|their) finger|splinter|ice pack|band-?aid|"
        r"first aid|bite mark|bitten|broke the skin|injur(?:y|ies|ed)|hurt (?:his|her|their)|welt|swelling|"
        r"swollen|red mark|mark on)\b",
    ),
    (
        Fact.ILLNESS,
        r"\b(?:fever|temperature of|vomit(?:ed|ing)?|threw up|throwing up|diarrh(?:ea|oea)|rash|"
        r"sick|ill\b|illness|lethargic|wheez(?:e|ing)|asthma|dehydrat(?:ed|ion)|sent home)\b",
    ),
    (
        Fact.COMMUNICABLE_DISEASE,
        r"\b(?:outbreak|measles|mumps|rubella|pertussis|whooping cough|chicken ?pox|varicella|norovirus|"
        r"salmonella|e\.? ?coli|shigella|giardia|hepatitis a|meningitis|tuberculosis|\btb\b|"
        r"notifiable|reportable disease)\b",
    ),
    (
        Fact.CONTAGIOUS_CONDITION,
        r"\b(?:hand,? foot,? (?:and|&) mouth|strep throat|scarlet fever|lice|scabies|rsv|influenza|flu\b|"
        r"covid(?:-19)?|pink ?eye|conjunctivitis|ringworm|impetigo|fifth disease|roseola|contagious|"
        r"communicable)\b",
    ),
    (
        Fact.ALLERGIC_REACTION,
        r"\b(?:allergic reaction|anaphyla(?:xis|ctic)|hives|throat (?:swelling|closing)|"
        r"(?:peanut|nut|egg|dairy|milk|shellfish|sesame) allergy|ate .{0,30}allerg)\b",
    ),
    (
        Fact.POISONING,
        r"\b(?:poison(?:ed|ing)?|poison control|swallowed (?:a |some )?(?:cleaner|bleach|detergent|"
        r"chemical|sanitizer|battery|button battery|magnet|pill|pills|medication|medicine)|ingest(?:ed|ion)|"
        r"drank (?:the )?(?:cleaner|bleach|sanitizer|chemical)|laundry pod|hand sanitizer)\b",
    ),
    (
        Fact.MEDICATION_ERROR,
        r"\b(?:wrong (?:dose|dosage|medication|medicine|child)|double dose|given (?:another|the wrong) "
        r"(?:child'?s )?medic|medication error|missed (?:a |the )?dose|overdose|too much (?:medicine|"
        r"medication|tylenol|motrin|ibuprofen|benadryl))\b",
    ),
    (
        Fact.MISSING_CHILD,
        r"\b(?:missing|wandered (?:off|away|out)|walked (?:out|off|away) (?:of|from)|eloped|elopement|"
        r"ran (?:out|off|away)|unaccounted|could not (?:find|locate)|couldn't (?:find|locate)|"
        r"can't (?:find|locate)|cannot (?:find|locate)|lost child|child (?:was )?lost|left the "
        r"(?:building|playground|property|center|premises)|got out (?:of|through) the (?:gate|door)|"
        r"left behind (?:on|at|during) (?:a |the )?(?:field trip|trip|park|outing))\b",
    ),
    (Fact.CHILD_FOUND, r"\b(?:found|located|returned (?:safely|to)|came back|brought back)\b"),
    (
        Fact.LEFT_UNSUPERVISED,
        r"\b(?:left (?:alone|unattended|unsupervised)|without supervision|unsupervised|unattended|"
        r"left (?:in|on) (?:the |a )?(?:van|bus|car|vehicle)|forgotten (?:in|on) (?:the |a )?(?:van|bus|"
        r"car|vehicle)|left behind|no (?:adult|teacher|staff) (?:was )?(?:present|in the room)|"
        r"alone in the (?:room|classroom|playground|bathroom|nap room)|out of ratio)\b",
    ),
    (
        Fact.UNAUTHORIZED_RELEASE,
        r"\b(?:released to (?:an? )?(?:unauthorized|unknown)|(?:not|isn't|wasn't) (?:on|listed on) the "
        r"(?:pick-?up|authorized) list|unauthorized (?:person|adult|pick-?up)|custody (?:order|dispute)|"
        r"restraining order|protective order|picked up by (?:someone|a person) not authorized)\b",
    ),
    (
        Fact.SUSPECTED_ABUSE,
        r"\b(?:abus(?:e|ed|ing|ive)|neglect(?:ed|ful)?|maltreat(?:ment|ed)|mistreat(?:ment|ed)|"
        r"unexplained (?:bruis(?:e|es|ing)|injur(?:y|ies)|marks?|burns?)|bruises in (?:various|different) "
        r"stages|belt marks?|loop marks?|cord marks?|hand ?print|finger ?marks?|grab marks?|cigarette "
        r"burns?|adult bite|corporal punishment|"
        r"(?:drunk|intoxicated|impaired|high)\b.{0,25}\b(?:pick(?:ing)?[- ]?"
        r"up|drop(?:ping)?[- ]?off)|smelled (?:strongly )?of "
        r"(?:alcohol|marijuana) (?:at|during) (?:pick-?up|drop-?off)|afraid to go home|scared to go home|"
        r"(?:said|says|told|disclosed|stated|reported) (?:that )?(?:his |her |their |my )?"
        + FAMILY_WORDS
        + r"\b.{0,40}\b"
        + HARM_VERBS
        + r")\b",
    ),
    (
        Fact.SEXUAL_CONTACT,
        r"\b(?:sexual(?:ly)?|molest(?:ed|ation)?|inappropriate(?:ly)? (?:touch(?:ed|ing)?|contact)|"
        r"touched (?:his|her|their|my) (?:private|privates|genitals|bottom|vagina|penis)|private parts|"
        r"genitals?|exposed (?:him|her)self|pornograph\w*|grooming)\b",
    ),
    (
        Fact.RESTRAINT,
        r"\b(?:restrain(?:ed|t|ing)|held (?:him|her|them) down|pinned (?:him|her|them)|tied (?:him|her|"
        r"them)|taped (?:his|her|their)|locked (?:him|her|them) in|strapped (?:him|her|them) (?:to|in))\b",
    ),
    (
        Fact.BEHAVIOR,
        r"\b(?:bit(?:e|es|ing)? (?:another|a|his|her|the) (?:child|friend|peer|classmate|boy|girl)|"
        r"biting|tantrum|melt ?down|aggressive|aggression|hit (?:another|a) (?:child|friend|peer|"
        r"classmate)|pushed (?:another|a) (?:child|friend|peer|classmate)|kicked (?:another|a) "
        r"(?:child|friend|peer|classmate)|threw (?:a |blocks|toys|chairs?)|destroy(?:ed|ing) |"
        r"hurt (?:another|a) (?:child|friend|peer)|fight|fighting|hitting|kicking|spitting|"
        r"self-?harm|head-?banging|bolting|defiant|disruptive)\b",
    ),
    (
        Fact.FIRE,
        r"\b(?:fire(?! drill| alarm test| inspection| marshal| extinguisher (?:check|inspection)|"
        r" truck visit)|"
        r"smoke(?! detector| alarm)|flames?|burning smell|used the (?:fire )?extinguisher)\b",
    ),
    (
        Fact.EVACUATION,
        r"\b(?:evacuat(?:e|ed|ion|ing)(?! drill)|relocat(?:e|ed|ion) (?:the )?children|shelter in place"
        r"(?! drill))\b",
    ),
    (
        Fact.PREMISES_UNSAFE,
        r"\b(?:flood(?:ed|ing)?|gas leak|smell of gas|carbon monoxide|power (?:outage|went out|failure)|"
        r"no (?:power|electricity|heat|water)|water (?:main|outage|leak)|roof (?:collapse|leak)|ceiling "
        r"(?:collapsed|fell)|storm damage|tornado|hurricane|earthquake|structural damage|sewage|mold)\b",
    ),
    (
        Fact.HAZARD,
        r"\b(?:broken (?:equipment|gate|fence|slide|swing|crib|railing|glass|toy)|unlocked (?:gate|door|"
        r"cabinet)|gate (?:was )?(?:left )?open|(?:chemicals?|cleaners?|bleach|medications?) (?:within "
        r"reach|accessible|left out)|exposed (?:outlet|wires?|nails?)|sharp (?:object|edge)|choking "
        r"hazard|loose (?:bolt|railing|board)|recalled (?:crib|toy|product)|tip-?over|hazard(?:ous)?|"
        r"unsafe sleep|blanket in (?:the )?crib|sleeping on (?:his|her|their) stomach)\b",
    ),
    (
        Fact.VEHICLE_ACCIDENT,
        r"\b(?:car (?:accident|crash)|vehicle (?:accident|crash)|bus (?:accident|crash)|van (?:accident|"
        r"crash)|rear-?ended|collision|fender bender)\b",
    ),
    (
        Fact.INTRUDER,
        r"\b(?:intruder|lockdown|lock-?down|armed|weapon|gun|knife|trespass(?:er|ing)?|stranger (?:in|on|"
        r"entered)|police (?:were )?called|threaten(?:ed|ing) (?:staff|the teacher|the director))\b",
    ),
)
CUES = tuple((fact, re.compile(pattern)) for fact, pattern in CUE_PATTERNS)

STAFF_CONDUCT = re.compile(
    r"\b(?:yell(?:ed|ing|s)? at|scream(?:ed|ing|s)? at|shout(?:ed|ing|s)? at|curs(?:ed|ing) at|"
    r"swore at|called (?:him|her|them|the child) (?:stupid|dumb|bad|names)|humiliat(?:ed|ing)|"
    r"mock(?:ed|ing)|threaten(?:ed|ing) (?:the |a )?(?:child|him|her|them)|(?:was |fell )?asleep|"
    r"sleeping (?:on duty|while)|intoxicated|drunk|smelled of alcohol|under the influence|"
    r"on (?:his|her|their) phone|withheld (?:food|snack|lunch|water)|denied (?:food|snack|lunch|water)|"
    r"forced (?:him|her|them|the child) to eat|shamed|isolated (?:him|her|them|the child)|"
    r"put (?:him|her|them) in (?:a |the )?(?:closet|dark room)|inappropriate (?:language|comment)|"
    r"rough(?:ly)? (?:handled|with)|prohibited discipline)\b"
)
