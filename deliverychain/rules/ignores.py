"""How an entry of the chain's `ignore:` list matches a finding: by rule and by subject."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the model (pydantic) is not needed to list rules: `chain rules` stays quick
    from deliverychain.findings import Finding
    from deliverychain.model import IgnoreEntry


def subject_matches(pattern: str, subject: str) -> bool:
    """Exact, glob ('practice-*', '*'), or a link 'from->to' matching every kind between them; so
    does 'kind:icb->trust' for the links alike of a folded finding ('kind:icb->trust:commissioning')."""
    if pattern == subject or fnmatchcase(subject, pattern):
        return True
    link = pattern.removeprefix("kind:")
    return "->" in link and ":" not in link and subject.startswith(pattern + ":")


def rule_key(rule: str) -> str:
    """Rule ids match in any case ('dc201' is DC201); names are exact; a renamed rule's old name still works."""
    from deliverychain.rules.registry import canonical

    rule = canonical(rule)
    upper = rule.upper()
    return upper if upper.startswith("DC") and upper[2:].isdigit() else rule


def rule_matches(entry: IgnoreEntry, finding: Finding) -> bool:
    return rule_key(entry.rule) in (finding.rule_id, finding.rule_name, "*")
