"""A refusal reads as English: the permission's verb before its noun."""

from __future__ import annotations

from policies.rbac import action_words


def test_a_permission_reads_verb_first() -> None:
    assert action_words("skills.read") == "read skills"
    assert action_words("approvals.decide") == "decide approvals"
    assert action_words("webhook.ingest") == "ingest webhook"
