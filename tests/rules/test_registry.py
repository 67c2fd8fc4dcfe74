"""The registry: one module per rule, each unique, documented, and tied to the NAO questions."""

from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path

import pytest
import yaml

from deliverychain.findings import Severity
from deliverychain.model.loading import loads
from deliverychain.pipeline import audit
from deliverychain.rules import registry
from deliverychain.rules.registry import all_rules, analyser_rules, known, rule_by_id, select

RULES = analyser_rules()
FAMILIES = {"1": "missing-links", "2": "feedback", "3": "relationships"}
#: Ids other helpers rely on; they must never change meaning or disappear.
PROMISED = {
    "DC101": "practice-unreached", "DC102": "beneficiaries-unreached", "DC103": "no-route-back",
    "DC104": "lever-to-nothing", "DC105": "declared-gap", "DC106": "orphan-actor",
    "DC201": "numbers-only-feedback", "DC202": "numbers-only-performance-management",
    "DC203": "rank-based-target", "DC301": "weak-link-on-route", "DC302": "directive-without-support",
    "DC303": "judge-is-only-support", "DC304": "support-without-local-presence",
    "DC305": "single-point-of-failure", "DC306": "unevidenced-rating", "DC307": "assessors-disagree",
    "DC308": "unclear-accountability",
}
#: Names rules went by before a rename, and the id each answers to now.
RENAMED = {"absent-link-on-only-route": "DC105"}


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
    assert rule.check is not None and rule.describe is not None
    assert rule.status == "stable"
    assert re.fullmatch(r"\d+\.\d+\.\d+", rule.since)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_example_is_yaml(rule) -> None:
    assert yaml.safe_load(rule.example) is not None


RULES_FOLDER = Path(registry.__file__).parent


def test_every_rule_module_is_in_the_registry_under_its_own_id_and_name() -> None:
    on_disk = sorted(path.stem for path in RULES_FOLDER.glob("dc[0-9][0-9][0-9]_*.py"))
    assert sorted(registry.MODULES) == on_disk
    for entry in known():
        rule = importlib.import_module(f"deliverychain.rules.{entry.module}").RULE
        assert (rule.id, rule.name) == (entry.id, entry.name), entry.module


def test_every_rule_is_documented_in_the_same_sections() -> None:
    for rule in all_rules():
        for section in (rule.summary, rule.why, rule.example, rule.fix):
            assert section.strip(), rule.id
        assert re.fullmatch(r"\d+\.\d+\.\d+", rule.since), rule.id
        assert rule.family in ("format", "missing-links", "feedback", "relationships", "suppression"), rule.id
        assert (rule.review is not None) == (rule.family == "suppression"), rule.id
        assert (rule.check is None) == (rule.family in ("format", "suppression")), rule.id


def test_renamed_rules_still_answer_to_their_old_names() -> None:
    for old, rule_id in RENAMED.items():
        assert rule_by_id(old) is rule_by_id(rule_id)
        assert [r.id for r in registry.select(analyser_rules(), select=[old])] == [rule_id]


def test_a_renamed_rule_answers_to_its_old_name(monkeypatch) -> None:
    monkeypatch.setitem(registry.REDIRECTS, "numbers-only-loop", "DC201")
    monkeypatch.setitem(registry.REDIRECTS, "DC299", "DC201")
    assert rule_by_id("numbers-only-loop") is rule_by_id("DC201")
    assert rule_by_id("dc299") is rule_by_id("DC201")
    assert [r.id for r in select(analyser_rules(), select=["numbers-only-loop"])] == ["DC201"]
    chain = loads(_NUMBERS_ONLY + "ignore:\n  - {rule: numbers-only-loop, subject: icb, reason: Agreed}\n", "c.yaml")
    report = audit(chain, select=["DC2", "DC9"])
    assert [(f.rule_id, f.suppressed) for f in report.findings] == [("DC201", "Agreed")]


_NUMBERS_ONLY = """\
chain: {id: t, title: T, intent: Faster diagnosis, owner: nhse}
actors:
  - {id: nhse, name: NHS England, tier: national, kind: nhse}
  - {id: icb, name: Lancashire ICB, tier: system, kind: icb}
  - {id: nurse, name: Practice nurse, tier: frontline, kind: nurse}
links:
  - {from: nhse, to: icb, kind: performance-management, carries: [targets, guidance]}
  - {from: icb, to: nurse, kind: support}
  - {from: nurse, to: icb, kind: reporting, carries: [metrics]}
  - {from: icb, to: nhse, kind: reporting, carries: [metrics]}
"""


def test_a_removed_rule_keeps_its_place_in_the_registry_but_never_runs(monkeypatch) -> None:
    """Ids are never reused: a retired rule stays in MODULES, marked removed, and no list of
    rules to run (analysers, housekeeping, every rule) includes it."""
    load = registry._load

    def retiring(module: str):
        rule = load(module)
        return dataclasses.replace(rule, status="removed") if rule.id in ("DC203", "DC902") else rule

    monkeypatch.setattr(registry, "_load", retiring)
    assert "dc203_rank_based_target" in registry.MODULES
    assert "DC203" not in [r.id for r in analyser_rules()]
    assert "DC902" not in [r.id for r in registry.housekeeping_rules()]
    ids = [r.id for r in all_rules()]
    assert {"DC202", "DC204", "DC901"} <= set(ids) and not {"DC203", "DC902"} & set(ids)
