"""The analyser registry: unique, documented, and tied to the NAO questions."""

from __future__ import annotations

import re

import pytest
import yaml

from deliverychain.findings import Severity
from deliverychain.rules.registry import all_rules, analyser_rules, rule_by_id

RULES = analyser_rules()
FAMILIES = {"1": "missing-links", "2": "feedback", "3": "relationships"}
#: Ids other helpers rely on; they must never change meaning or disappear.
PROMISED = {
    "DC101": "practice-unreached", "DC102": "beneficiaries-unreached", "DC103": "no-route-back",
    "DC104": "lever-to-nothing", "DC105": "absent-link-on-only-route", "DC106": "orphan-actor",
    "DC201": "numbers-only-feedback", "DC202": "numbers-only-performance-management",
    "DC203": "rank-based-target", "DC301": "weak-link-on-route", "DC302": "directive-without-support",
    "DC303": "judge-is-only-support", "DC304": "support-without-local-presence",
    "DC305": "single-point-of-failure", "DC306": "unevidenced-rating", "DC307": "assessors-disagree",
    "DC308": "unclear-accountability",
}


def test_ids_and_names_are_unique_across_every_rule() -> None:
    every = all_rules()
    assert len({r.id for r in every}) == len(every)
    assert len({r.name for r in every}) == len(every)


def test_the_promised_rules_are_registered_under_their_ids() -> None:
    registered = {r.id: r.name for r in RULES}
    for rule_id, name in PROMISED.items():
        assert registered.get(rule_id) == name
        assert rule_by_id(rule_id) is rule_by_id(name)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_is_fully_documented(rule) -> None:
    assert re.fullmatch(r"DC[1-3]\d\d", rule.id)
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)
    assert rule.family == FAMILIES[rule.id[2]]
    assert isinstance(rule.severity, Severity)
    for section in (rule.summary, rule.why, rule.example, rule.fix):
        assert section.strip()
    assert rule.references and all(ref.strip() for ref in rule.references)
    assert rule.nao_question in range(1, 13)
    assert rule.check is not None
    assert rule.status == "stable"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_example_is_yaml(rule) -> None:
    assert yaml.safe_load(rule.example) is not None
