"""Plain English for every rule: what the board report says about each finding.

Every rule the audit runs has its own wording, built from the finding's data, never by
rewording the analyst's message: these tests run each rule's own failing cases (the rule
fixtures) and a large synthetic chain (for folded findings) through it and check what a
board member reads: short headlines, actor names not ids, no YAML or rule codes, a source
for every "why", and the grammar of counts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import deliverychain
from benchmarks.synthetic import synthetic_chain
from deliverychain.analysis.plain import EXPLAINERS, HEADLINE_LIMIT, Words, explain, folded_count, kind_noun
from deliverychain.findings import Finding
from deliverychain.model import Chain
from deliverychain.pipeline import audit, loads
from deliverychain.rules.registry import all_rules
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "rules"
#: What a board paper must never show: YAML keys, vocabulary spelled as in the file, rule codes.
FILE_WORDS = re.compile(r"intended_gap|strength:|carries:|local_presence|'missing'|<why>|\bDC\d{3}\b|->")


def fixture_findings() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("DC*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            if case["expect"]:
                params.append(pytest.param(spec["rule"], case["chain"], id=f"{path.stem}: {case['name']}"))
    return params


def findings_of(rule: str, text: str) -> tuple[Chain, list[Finding]]:
    chain = loads(text, f"{rule}.yaml")
    return chain, [f for f in audit(chain, select=[rule]).findings if f.rule_id == rule]


def test_every_rule_the_audit_runs_has_its_own_words() -> None:
    runnable = {rule.id for rule in all_rules() if rule.family != "format"}
    assert runnable <= set(EXPLAINERS), f"no plain English for {sorted(runnable - set(EXPLAINERS))}"
    exercised = {param.values[0] for param in fixture_findings()}
    assert runnable - exercised <= {"DC901", "DC902"}, "every analyser is tried on its own failing cases"


@pytest.mark.parametrize(("rule", "text"), fixture_findings())
def test_each_finding_reads_as_plain_english(rule: str, text: str) -> None:
    chain, found = findings_of(rule, text)
    assert found
    words = Words(chain)
    for finding in found:
        plain = explain(finding, words)
        assert 10 < len(plain.headline) <= HEADLINE_LIMIT, plain.headline
        for part in (plain.headline, plain.detail, plain.why, plain.action):
            assert part and not FILE_WORDS.search(part), f"{part!r} speaks the file's language"
        assert plain.why.endswith(").") and "(" in plain.why, "why it matters ends with its source"
        # Actors by name: an id that is not also the name never appears.
        for actor in chain.actors:
            if actor.id != actor.name and re.search(rf"\b{re.escape(actor.id)}\b", plain.headline + plain.detail):
                assert actor.id.lower() in actor.name.lower(), f"id '{actor.id}' shown instead of its name"
        if finding.subject in chain.actor_index:
            assert chain.actor(finding.subject).name in plain.about


def test_headlines_of_the_rule_cases_read_as_a_board_member_would_say_them() -> None:
    headlines = {}
    for param in fixture_findings():
        rule, text = param.values
        chain, found = findings_of(rule, text)
        headlines.update({(rule, f.subject): explain(f, Words(chain)).headline for f in found})
    assert headlines[("DC201", "icb")] == "Learning stops at Lancashire ICB: only performance figures travel back"
    assert headlines[("DC301", "trust->nurse2:support")] == (
        "Support from Trust to Nurse Two is broken: 1 of the 3 front-line groups depends on it")
    assert headlines[("DC301", "icb->trust:commissioning")] == (
        "Commissioning from ICB to Trust is weak: 2 of the 3 front-line groups depend on it")
    assert headlines[("DC302", "icb")] == "Lancashire ICB: pressure and blame, with no support"
    assert headlines[("DC303", "trust")] == "Regulator both judges and supports Trust"
    assert headlines[("DC203", "nhse")] == "A target some must always miss: “Not in the bottom quartile”"


def test_an_intended_gap_quotes_its_reason() -> None:
    rule_cases = yaml.safe_load((FIXTURES / "DC105.yaml").read_text(encoding="utf-8"))["cases"]
    case = next(c for c in rule_cases if any(isinstance(e, dict) and e.get("severity") == "info" for e in c["expect"]))
    chain, found = findings_of("DC105", case["chain"])
    plain = explain(found[0], Words(chain))
    assert "missing on purpose" in plain.detail
    reason = next(link.intended_gap for link in chain.links if link.key == found[0].subject)
    assert reason and reason.split()[0] in plain.detail


@pytest.fixture(scope="module")
def large() -> tuple[Chain, list[Finding]]:
    """A synthetic chain big enough that rules fold their findings into patterns."""
    chain = deliverychain.loads(synthetic_chain(3000, seed=3), "synthetic.yaml")
    return chain, deliverychain.audit(chain).findings


def test_folded_findings_read_as_patterns_with_counts(large: tuple[Chain, list[Finding]]) -> None:
    chain, findings = large
    words = Words(chain)
    folded = [f for f in findings if folded_count(f)]
    assert len({f.rule_id for f in folded}) >= 3
    for finding in folded:
        plain = explain(finding, words)
        n = folded_count(finding)
        assert f"{n:,}" in plain.headline + plain.detail, plain.headline
        assert len(plain.headline) <= HEADLINE_LIMIT
        assert not FILE_WORDS.search(plain.headline + plain.detail + plain.action)
        assert "kind:" not in plain.headline + plain.detail
        # Plurals agree with their counts: never "1,297 ... is" or "2 ... has".
        assert not re.search(r"\b(?!1\b)[\d,]{1,9}\s+\S+(\s\S+)?\s+(is|has) ", plain.headline), plain.headline


def test_counts_agree_with_their_nouns_and_verbs(write_chain: Any) -> None:
    text = (FIXTURES / "DC101.yaml").read_text(encoding="utf-8")
    case = yaml.safe_load(text)["cases"][0]
    chain, found = findings_of("DC101", case["chain"])
    detail = explain(found[0], Words(chain)).detail
    assert detail.startswith("Both front-line groups are cut off") or re.match(r"\d+ of the \d+", detail)
    assert kind_noun("pcn") == ("primary care network", "primary care networks")
    assert kind_noun("strategic-health-authority") == ("strategic health authority", "strategic health authorities")
    assert kind_noun("sub-icb-location")[1] == "sub-ICB locations"
    assert kind_noun("patients") == ("patients", "patients")


def test_user_text_is_never_interpreted(tmp_path: Path) -> None:
    """Names from the file are quoted as they are: '&' stays '&' for every format to escape its own way."""
    text = (FIXTURES / "DC106.yaml").read_text(encoding="utf-8")
    case = next(c for c in yaml.safe_load(text)["cases"] if c["expect"])
    chain_text = case["chain"].replace("name: Care Quality Commission", "name: A&E <Board>")
    chain, found = findings_of("DC106", chain_text)
    plain = explain(found[0], Words(chain))
    assert "A&E <Board> has no links" in plain.headline
