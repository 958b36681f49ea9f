"""Reading facts from incident descriptions: phrases, negation scope, who acted, obfuscation."""

from __future__ import annotations

import pytest

from policies.incident_facts import Actor, Fact, normalize, read


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("Paramedics took her to the hospital.", Fact.EMERGENCY_CARE),
        ("He was admitted to the hospital overnight.", Fact.HOSPITALIZATION),
        ("Needed three stitches on his chin.", Fact.MEDICAL_TREATMENT),
        ("X-ray showed a fracture of the forearm.", Fact.SERIOUS_INJURY),
        ("She lost consciousness for a few seconds.", Fact.SERIOUS_INJURY),
        ("He hit his head on the shelf.", Fact.HEAD_INJURY),
        ("Child bumped head on a table edge; ice applied.", Fact.HEAD_INJURY),
        ("Temperature of 102, vomiting.", Fact.ILLNESS),
        ("Three cases of hand, foot and mouth in the infant room.", Fact.CONTAGIOUS_CONDITION),
        ("A child in the toddler room was diagnosed with measles.", Fact.COMMUNICABLE_DISEASE),
        ("Gave the EpiPen after he ate a cashew.", Fact.EMERGENCY_CARE),
        ("She swallowed a button battery.", Fact.POISONING),
        ("Noah was given Ella's medication by mistake: wrong child.", Fact.MEDICATION_ERROR),
        ("A child was left on the bus after the field trip.", Fact.LEFT_UNSUPERVISED),
        ("Released to an adult not on the pick-up list.", Fact.UNAUTHORIZED_RELEASE),
        ("Bruises in various stages of healing on both arms.", Fact.SUSPECTED_ABUSE),
        ("Dad was clearly intoxicated at pick-up and tried to drive.", Fact.SUSPECTED_ABUSE),
        ("Gas leak, children moved to the church next door.", Fact.PREMISES_UNSAFE),
        ("The back gate was left open all morning.", Fact.HAZARD),
        ("Staff started CPR; he was unresponsive.", Fact.NOT_BREATHING),
        ("Lockdown after a man with a knife was seen near the entrance.", Fact.INTRUDER),
    ],
)
def test_phrases_state_facts(text: str, fact: Fact) -> None:
    assert fact in read(text).facts


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Fell on the mat, no injury.", Fact.MINOR_INJURY),
        ("Did not hit his head.", Fact.HEAD_INJURY),
        ("No signs of abuse or neglect were seen.", Fact.SUSPECTED_ABUSE),
        ("The child was not taken to the ER.", Fact.EMERGENCY_CARE),
        ("Fever was ruled out.", Fact.ILLNESS),
        ("Monthly fire drill at 10:00, everyone out in 2 minutes.", Fact.FIRE),
        ("Smoke detector batteries replaced.", Fact.FIRE),
        ("Returned with a doctor's note after the flu.", Fact.MEDICAL_TREATMENT),
    ],
)
def test_negated_or_non_event_phrases_state_nothing(text: str, absent: Fact) -> None:
    assert absent not in read(text).facts


def test_negation_does_not_cross_a_clause_boundary() -> None:
    reading = read("No injury at first, but later he complained and an X-ray showed a fracture.")
    assert Fact.SERIOUS_INJURY in reading.facts


def test_negation_reaches_only_a_few_words() -> None:
    far = "No one was worried at that point and the teacher kept reading the story while he bled a lot"
    assert read(far + " and needed stitches.").has(Fact.MEDICAL_TREATMENT)


def test_a_later_denial_cannot_cancel_an_earlier_fact() -> None:
    reading = read("Taken to the ER with a gash on his chin. There was no injury. No ER visit.")
    assert reading.has(Fact.EMERGENCY_CARE, Fact.SERIOUS_INJURY)
    assert any(f == Fact.EMERGENCY_CARE for f, _ in reading.negated), "the denial is recorded, not obeyed"


def test_uncertainty_counts_as_presence() -> None:
    assert read("Not sure whether she hit her head.").has(Fact.HEAD_INJURY)


def test_a_staff_member_hitting_a_child_is_staff_physical_and_suspected_abuse() -> None:
    reading = read("Ms. Lopez grabbed him by the arm and yanked him off the mat.")
    assert {Fact.STAFF_PHYSICAL, Fact.SUSPECTED_ABUSE, Fact.STAFF_CONDUCT} <= reading.facts
    assert reading.harm_actor == Actor.STAFF and reading.abuser == Actor.STAFF


@pytest.mark.parametrize(
    "text",
    [
        "Staff member yelled at a toddler and grabbed his wrist to pull him to time out.",
        "The toddler was crying so the teacher grabbed his arm.",
        "Liam's teacher shook him.",
    ],
)
def test_the_subject_of_the_clause_is_the_actor_not_its_object(text: str) -> None:
    assert read(text).harm_actor == Actor.STAFF, text


def test_passive_voice_names_the_actor_after_by() -> None:
    assert read("Ava was pinched by a teacher.").abuser == Actor.STAFF
    assert read("Ava was pinched by another child.").harm_actor == Actor.CHILD


def test_an_observer_is_not_the_actor() -> None:
    reading = read("The teacher saw Liam hit Ava on the arm.")
    assert Fact.STAFF_PHYSICAL not in reading.facts and Fact.BEHAVIOR in reading.facts


def test_staff_handling_objects_or_getting_hurt_is_not_abuse() -> None:
    for text in (
        "The teacher pushed her chair in.",
        "The aide threw a ball to the group.",
        "Teacher hurt her back lifting a crib.",
    ):
        assert Fact.STAFF_PHYSICAL not in read(text).facts, text


def test_staff_conduct_needs_a_staff_member_doing_it() -> None:
    assert read("The floater yelled at the children and called them stupid.").has(Fact.STAFF_CONDUCT)
    assert not read("The teacher noticed Mia was asleep at lunch.").has(Fact.STAFF_CONDUCT)
    assert not read("Liam yelled at the teacher.").has(Fact.STAFF_CONDUCT)


def test_child_hitting_child_is_behavior() -> None:
    reading = read("Liam hit Ava during circle time.")
    assert reading.facts == {Fact.BEHAVIOR}


def test_family_harm_is_suspected_abuse_by_family() -> None:
    reading = read("She said her stepdad kicked her.")
    assert reading.has(Fact.SUSPECTED_ABUSE) and reading.abuser == Actor.FAMILY


def test_missing_child_found_is_recorded() -> None:
    assert read("Emma wandered off; found 5 minutes later.").has(Fact.CHILD_FOUND)
    assert not read("Emma wandered off and has not been found.").has(Fact.CHILD_FOUND)


def test_zero_width_characters_and_curly_quotes_do_not_hide_words() -> None:
    assert read("Taken to the E\u200bR after a fract\u00adure").has(Fact.EMERGENCY_CARE, Fact.SERIOUS_INJURY)
    assert normalize("Didn\u2019t  HIT\u200d his head") == "didn't hit his head"


def test_evidence_lists_the_phrases() -> None:
    reading = read("Bumped his head; ice pack.")
    assert "bumped his head" in reading.phrases(Fact.HEAD_INJURY)
