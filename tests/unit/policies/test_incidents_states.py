"""Incident triage per state: worked cases from each cited text (licensing, child protection, parents)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from policies.errors import InvalidInput
from policies.incident_rules import RULES, supported_states
from policies.incidents import CATEGORIES, SEVERITIES, Triage, report_due_at, triage

BROKEN_ARM = "Noah fell from the climber and his wrist looked broken; an ambulance took him to the ER."
SCRAPE = "Mia tripped on the playground and scraped her knee. Cleaned it and put on a band-aid."
SLAPPED = "The aide slapped Liam across the face during nap time."
MISSING = "Emma wandered out through the side gate. Found five minutes later in the parking lot."
DISCLOSURE = "At circle time Ava said her dad hits her with a belt. Red marks on her back."

ALL_STATES = ("AZ", "CA", "FL", "GA", "IL", "MA", "MI", "NC", "NJ", "NY", "NYC", "OH", "PA", "TX", "VA", "WA")


def test_contract_fields_and_types() -> None:
    t = triage(BROKEN_ARM, state="CA", child_age_months=40)
    assert isinstance(t, Triage)
    assert t.category in CATEGORIES and t.category == "injury"
    assert t.severity in SEVERITIES and t.severity == "high"
    assert t.licensing_reportable is True
    assert isinstance(t.report_within_hours, int) and t.report_within_hours == 24
    assert isinstance(t.citation, str) and "101212(d)" in t.citation


def test_supported_states_cover_the_ratio_states_and_the_ten_added() -> None:
    assert supported_states() == tuple(sorted(ALL_STATES))
    for code, rules in RULES.items():
        assert rules.state == code
        for rule in rules.reports:
            assert rule.citation and rule.agency and rule.events
            assert rule.within_hours >= 0
            assert not rule.secondary or rule.source, f"{code}: secondary rows say what confirmed them"


@pytest.mark.parametrize("state", ["OR", "", "California", "N Y", "ny city"])
def test_unknown_state_raises_invalid_input(state: str) -> None:
    with pytest.raises(InvalidInput) as info:
        triage(SCRAPE, state=state)
    assert "supported" in info.value.message and "TX" in info.value.message


def test_state_code_is_case_and_space_insensitive() -> None:
    assert triage(SCRAPE, state=" tx ").state == "TX"
    assert triage(SCRAPE, state="nyc").state == "NYC"


@pytest.mark.parametrize("bad", [-1, 217, 3.5, True, "12"])
def test_bad_child_age_is_refused(bad: object) -> None:
    with pytest.raises(InvalidInput):
        triage(SCRAPE, state="CA", child_age_months=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "   ", None, 7])
def test_empty_or_non_text_description_is_refused(bad: object) -> None:
    with pytest.raises(InvalidInput):
        triage(bad, state="CA")  # type: ignore[arg-type]


# --- California: 22 CCR 101212(d) and Penal Code 11166 ---------------------------------------------------


def test_ca_injury_needing_medical_treatment_next_working_day() -> None:
    t = triage(BROKEN_ARM, state="CA")
    (report,) = t.reports
    assert report.kind == "licensing" and report.within_hours == 24 and report.written_within_hours == 168
    assert "next working day" in report.timing
    assert t.parent_notice.required and "101212(f)" in t.parent_notice.citation


def test_ca_suspected_abuse_is_reported_to_cps_at_once_and_to_licensing_next_working_day() -> None:
    t = triage(DISCLOSURE, state="CA", child_age_months=50)
    kinds = {r.kind: r for r in t.reports}
    assert (
        kinds["child_protection"].within_hours == 0 and kinds["child_protection"].written_within_hours == 36
    )
    assert kinds["licensing"].within_hours == 24
    assert t.report_within_hours == 0, "the first report required is the immediate telephone report"
    assert "11166" in t.citation and "101212(d)" in t.citation
    assert t.suspected_abuse and t.suspected_actor == "family"


def test_ca_minor_scrape_is_not_reportable() -> None:
    t = triage(SCRAPE, state="CA")
    assert (t.licensing_reportable, t.report_within_hours, t.severity) == (False, None, "low")
    assert "no licensing or child-protection report" in t.citation
    assert t.parent_notice.required and t.parent_notice.timing == "the same day"


def test_ca_child_absence_is_an_unusual_incident() -> None:
    t = triage(MISSING, state="CA")
    assert t.category == "missing_child" and t.licensing_reportable and t.report_within_hours == 24


# --- Texas: 26 TAC 746.305 / 746.307, Family Code 261.101 -----------------------------------------------


def test_tx_injury_needing_treatment_two_days_and_parent_immediately() -> None:
    t = triage(BROKEN_ARM, state="TX")
    (report,) = t.reports
    assert report.within_hours == 48 and "746.305" in report.citation and report.secondary
    assert t.parent_notice.timing == "immediately" and "746.307(b)" in t.parent_notice.citation
    assert t.secondary


def test_tx_child_death_is_reported_immediately() -> None:
    t = triage("Infant Leo was found not breathing in his crib and died at the hospital.", state="TX")
    assert t.severity == "critical" and t.report_within_hours == 0 and t.alert


def test_tx_less_serious_injury_told_at_pickup() -> None:
    t = triage(SCRAPE, state="TX")
    assert not t.licensing_reportable
    assert t.parent_notice.timing == "when the parent picks the child up"
    assert "746.307(c)" in t.parent_notice.citation


def test_tx_staff_abuse_48_hours_to_dfps_parent_immediately_hr_told() -> None:
    t = triage(SLAPPED, state="TX", child_age_months=30)
    dfps = next(r for r in t.reports if r.kind == "child_protection")
    assert dfps.within_hours == 48 and "261.101(b)" in dfps.citation
    assert t.category == "staff_conduct" and t.suspected_actor == "staff"
    assert t.parent_notice.timing == "immediately" and "746.307(a)" in t.parent_notice.citation
    assert set(t.notify) == {"room_lead", "director", "hr"}
    assert any("may not" in n for n in t.notes)


def test_tx_communicable_disease_written_notice_within_48_hours() -> None:
    t = triage("Two children in the toddler room were diagnosed with chickenpox.", state="TX")
    assert t.category == "illness" and t.report_within_hours == 48
    assert t.parent_notice.within_minutes == 48 * 60 and "746.307(d)" in t.parent_notice.citation


def test_tx_lice_is_told_to_parents_in_writing_not_reported_to_licensing() -> None:
    t = triage("Lice found on two children in the preschool room.", state="TX")
    assert not t.licensing_reportable and t.category == "illness" and t.severity == "low"
    assert t.parent_notice.within_minutes == 48 * 60 and "746.307(e)" in t.parent_notice.citation
    assert not triage("Parent reported that the child has lice.", state="CA").licensing_reportable


# --- New York and New York City ---------------------------------------------------------------------------


def test_ny_serious_incident_immediately_to_ocfs_and_parent() -> None:
    t = triage(MISSING, state="NY")
    assert t.report_within_hours == 0 and "418-1.15(b)(14)" in t.citation
    assert t.parent_notice.timing == "immediately"


def test_ny_suspected_abuse_goes_to_the_state_central_register() -> None:
    t = triage(DISCLOSURE, state="NY")
    cps = next(r for r in t.reports if r.kind == "child_protection")
    assert cps.within_hours == 0 and cps.written_within_hours == 48
    assert "Social Services Law" in cps.citation or "Soc. Serv. Law 413" in cps.citation


def test_nyc_uses_its_own_health_code_and_the_state_abuse_law() -> None:
    t = triage(BROKEN_ARM, state="NYC")
    assert t.report_within_hours == 24 and "Article 47" in t.citation and t.secondary
    abuse = triage(SLAPPED, state="NYC")
    assert any("413" in r.citation for r in abuse.reports)


# --- Florida, Illinois ------------------------------------------------------------------------------------


def test_fl_abuse_hotline_immediately_no_licensing_rule_for_injuries() -> None:
    assert triage(BROKEN_ARM, state="FL").licensing_reportable is False
    t = triage(DISCLOSURE, state="FL")
    assert t.report_within_hours == 0 and "39.201" in t.citation


def test_fl_minor_incident_told_the_same_day() -> None:
    assert triage(SCRAPE, state="FL").parent_notice.timing == "the same day"


def test_il_serious_occurrence_and_dcfs_hotline() -> None:
    t = triage(BROKEN_ARM, state="IL")
    assert t.report_within_hours == 0 and t.secondary
    assert "325 ILCS 5/4" in triage(DISCLOSURE, state="IL").citation


# --- The ten added states ---------------------------------------------------------------------------------


def test_wa_missing_child_department_within_24_hours_abuse_within_48() -> None:
    assert triage(MISSING, state="WA").report_within_hours == 24
    abuse = triage(DISCLOSURE, state="WA")
    assert abuse.report_within_hours == 48 and "26.44.030" in abuse.citation


def test_pa_er_visit_24_hours_written_72_and_parent_immediately() -> None:
    t = triage(BROKEN_ARM, state="PA")
    lic = next(r for r in t.reports if r.kind == "licensing")
    assert (lic.within_hours, lic.written_within_hours) == (24, 72) and "3270.20" in lic.citation
    assert t.parent_notice.timing == "immediately" and "3270.20(a)" in t.parent_notice.citation
    # A doctor visit without ER or admission is not on 3270.20's list.
    assert not triage("Mom took him to the pediatrician for his cough.", state="PA").licensing_reportable


def test_oh_blow_to_the_head_is_a_serious_incident() -> None:
    t = triage("Jacob bumped his head on the table corner; ice pack applied.", state="OH")
    assert t.licensing_reportable and t.report_within_hours == 24 and "5101:2-12-16" in t.citation
    assert "2151.421" in triage(SLAPPED, state="OH").citation


def test_ga_required_reporting_24_hours() -> None:
    t = triage(MISSING, state="GA")
    assert t.report_within_hours == 24 and "591-1-1-.29(3)" in t.citation
    abuse = triage(DISCLOSURE, state="GA")
    assert abuse.report_within_hours == 24 and "19-7-5" in abuse.citation


def test_nc_medical_treatment_copy_within_seven_days() -> None:
    t = triage(BROKEN_ARM, state="NC")
    assert t.report_within_hours == 168 and ".0802" in t.citation
    assert "110-105.4" in triage(SLAPPED, state="NC").citation


def test_mi_lost_child_and_inappropriate_contact_24_hours() -> None:
    t = triage(MISSING, state="MI")
    assert t.report_within_hours == 24 and "400.8158" in t.citation
    assert t.parent_notice.within_minutes == 24 * 60
    abuse = triage("A staff member touched a child's private parts.", state="MI")
    assert abuse.severity == "critical" and abuse.report_within_hours == 0
    assert "722.623" in abuse.citation


def test_nj_next_working_day_for_er_visits() -> None:
    t = triage(BROKEN_ARM, state="NJ")
    assert t.report_within_hours == 24 and "3A:52-7.10" in t.citation
    assert not triage(SCRAPE, state="NJ").licensing_reportable
    assert "9:6-8.10" in triage(DISCLOSURE, state="NJ").citation


def test_va_missing_child_one_working_day_abuse_immediately() -> None:
    assert triage(MISSING, state="VA").report_within_hours == 24
    assert triage(DISCLOSURE, state="VA").report_within_hours == 0
    assert "63.2-1509" in triage(DISCLOSURE, state="VA").citation


def test_az_abuse_only_and_parent_within_thirty_minutes_of_an_emergency() -> None:
    assert triage(BROKEN_ARM, state="AZ").licensing_reportable is False
    assert triage(BROKEN_ARM, state="AZ").parent_notice.within_minutes == 30
    t = triage(SLAPPED, state="AZ")
    assert t.report_within_hours == 0 and "R9-5-307" in t.citation


def test_ma_51a_immediately_written_within_48_hours() -> None:
    t = triage(DISCLOSURE, state="MA")
    cps = next(r for r in t.reports if r.kind == "child_protection")
    assert cps.within_hours == 0 and cps.written_within_hours == 48 and "51A" in cps.citation


@pytest.mark.parametrize("state", ALL_STATES)
def test_every_state_reports_suspected_abuse_and_flags_it_loudly(state: str) -> None:
    t = triage(DISCLOSURE, state=state)
    assert t.licensing_reportable and t.alert and t.report_within_hours is not None
    assert any(r.kind == "child_protection" for r in t.reports)
    assert "director" in t.notify


@pytest.mark.parametrize("state", ALL_STATES)
def test_every_state_a_scrape_stays_low_and_unreported(state: str) -> None:
    t = triage(SCRAPE, state=state)
    assert (t.severity, t.licensing_reportable, t.report_within_hours) == ("low", False, None)
    assert t.notify == ("room_lead",) and t.citation


# --- parents, routing, deadlines --------------------------------------------------------------------------


def test_parents_are_not_told_first_when_a_family_member_is_suspected() -> None:
    t = triage(DISCLOSURE, state="TX")
    assert t.parent_notice.hold_reason and "child-protection report first" in t.parent_notice.hold_reason
    assert not t.parent_notice.required


def test_infant_head_bump_is_high_and_a_toddler_one_medium() -> None:
    text = "Bumped his head on the crib rail, small red mark."
    assert triage(text, state="FL", child_age_months=7).severity == "high"
    assert triage(text, state="FL", child_age_months=30).severity == "medium"


def test_report_due_at_is_elapsed_hours_from_learning_of_it() -> None:
    learned = datetime(2026, 3, 7, 17, 30, tzinfo=UTC)
    assert report_due_at(learned, 48) == datetime(2026, 3, 9, 17, 30, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        report_due_at(datetime(2026, 3, 7, 17, 30), 24)
