"""docs/ratios.md is generated from the tables; the committed file must be exactly what they render."""

from __future__ import annotations

from pathlib import Path

from policies.ratio_docs import all_rows, render
from policies.ratio_model import Source
from policies.ratio_tables import REMAINING, RULES, US_JURISDICTIONS
from policies.training import TRAINING_RULES

DOC = Path(__file__).resolve().parents[3] / "docs" / "ratios.md"


def test_committed_ratios_doc_matches_the_tables() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/ratios.md is out of date: run `python -m policies.ratio_docs > docs/ratios.md`"
    )


def test_doc_lists_every_band_with_its_citation() -> None:
    text = render()
    for rules in RULES.values():
        assert f"## {rules.code}: {rules.name}" in text
        for band in rules.bands:
            assert f"| {band.label} |" in text and band.citation in text


def test_every_state_and_dc_is_either_encoded_or_listed_as_remaining() -> None:
    encoded = {code for code in RULES if code in US_JURISDICTIONS}
    assert len(US_JURISDICTIONS) == 51
    assert encoded | set(REMAINING) == set(US_JURISDICTIONS) and not encoded & set(REMAINING)
    assert all(f"- {code}: " in render() for code in REMAINING)


def test_doc_lists_every_training_rule_with_its_citation() -> None:
    text = render()
    assert "## Annual training hours" in text
    for code, rule in TRAINING_RULES.items():
        assert f"| {code} | {rule.hours:g} | {rule.period_months} | {rule.citation} |" in text


def test_doc_gathers_every_unconfirmed_rule_in_one_list() -> None:
    section = render().split("## Not confirmed (unverified)")[1].split("\n## ")[0]
    for code, rules in RULES.items():
        for band in all_rows(rules):
            listed = f"- {code} {band.label} ({band.ratio}," in section
            assert listed is (band.source is Source.UNVERIFIED), (code, band.key)
        assert (f"- {code} mixed ages:" in section) is (rules.mixed_source is Source.UNVERIFIED)
        assert (f"- {code} small centers:" in section) is (rules.size_caveat is not None)
