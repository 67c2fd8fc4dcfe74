"""The one registry of rules. Ids are never reused; a retired rule stays, marked removed."""

from __future__ import annotations

from functools import cache

from deliverychain.rules.base import Rule
from deliverychain.rules.format import FORMAT_RULES


@cache
def analyser_rules() -> tuple[Rule, ...]:
    from deliverychain.rules import feedback, missing_links, relationships

    rules = (*missing_links.RULES, *feedback.RULES, *relationships.RULES)
    return tuple(r for r in rules if r.status != "removed")


def all_rules() -> tuple[Rule, ...]:
    # DC9xx: housekeeping of the chain's `ignore:` list, run by the audit engine.
    from deliverychain.analysis.suppress import SUPPRESSION_RULES

    return (*FORMAT_RULES, *analyser_rules(), *SUPPRESSION_RULES)


def rule_by_id(key: str) -> Rule | None:
    key_upper = key.upper()
    return next((r for r in all_rules() if r.id == key_upper or r.name == key), None)
