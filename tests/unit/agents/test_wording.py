"""Words for people (agents.common.wording): articles, plurals, plain names of codes."""

from __future__ import annotations

import pytest

from agents.common.wording import counted, humanize, plural, with_article


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("urgent-priority task", "an urgent-priority task"),
        ("high-priority task", "a high-priority task"),
        ("introductory review", "an introductory review"),
        ("annual review", "an annual review"),
        ("hour", "an hour"),
        ("unit", "a unit"),
        ("one-off", "a one-off"),
        ("8-hour shift", "an 8-hour shift"),
        ("90-day review", "a 90-day review"),
    ],
)
def test_articles_follow_the_sound(phrase: str, expected: str) -> None:
    assert with_article(phrase) == expected


def test_counts_take_the_right_number() -> None:
    assert counted(1, "timesheet exception") == "1 timesheet exception"
    assert counted(2, "timesheet exception") == "2 timesheet exceptions"
    assert counted(0, "payroll correction") == "0 payroll corrections"
    assert counted(3, "short window") == "3 short windows"
    assert plural("day") == "days" and plural("policy") == "policies" and plural("match") == "matches"
    assert counted(2, "child", "children") == "2 children"


def test_codes_read_as_words() -> None:
    assert humanize("training_hours_short") == "Training hours short"
    assert humanize("unrouted_event") == "Event no workflow handles"
    assert humanize("credential_expired") == "Credential expired"
    assert humanize("") == "" and humanize(None) == ""
