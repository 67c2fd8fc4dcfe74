"""Every analyser rule against small chains: the findings expected, exactly.

Cases live in tests/fixtures/rules/DCnnn.yaml (sqlfluff-style): a chain, and the findings
of that rule as [rule, subject, line, column], or as a mapping that also checks severity,
the ghost link, the loop trace, words of the message or hint, related places and data
(tests/rules/expectations.py). An empty list is a passing case.
Lines count from the first line of the chain text; columns from 1, as editors show them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from deliverychain.findings import Finding
from deliverychain.model.loading import loads
from deliverychain.pipeline import audit
from tests.rules.expectations import check_details, expected

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "rules"


def _cases() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("DC*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert spec["rule"] == path.stem, f"{path.name} declares rule {spec['rule']}"
        for case in spec["cases"]:
            params.append(pytest.param(spec["rule"], case, id=f"{path.stem}: {case['name']}"))
    return params


def _run(rule: str, case: dict[str, Any]) -> list[Finding]:
    chain = loads(case["chain"], f"{rule}.yaml")
    report = audit(chain, select=[rule])
    return [f for f in report.findings if f.rule_id == rule]


@pytest.mark.parametrize(("rule", "case"), _cases())
def test_rule_case(rule: str, case: dict[str, Any]) -> None:
    findings = _run(rule, case)
    wanted = [expected(item) for item in case["expect"]]
    got = [(f.rule_id, f.subject, f.location.line, f.location.column) if f.location else (f.rule_id, f.subject)
           for f in findings]
    assert got == [(e["rule"], e["subject"], e["line"], e["column"]) for e in wanted]
    for finding, want in zip(findings, wanted, strict=True):
        check_details(finding, want)


def test_every_analyser_has_cases_that_pass_and_fail() -> None:
    from deliverychain.rules.registry import analyser_rules

    by_rule: dict[str, list[dict[str, Any]]] = {}
    for param in _cases():
        rule, case = param.values
        by_rule.setdefault(rule, []).append(case)
    for rule in analyser_rules():
        cases = by_rule.get(rule.id, [])
        assert any(case["expect"] for case in cases), f"{rule.id} has no failing case"
        assert any(not case["expect"] for case in cases), f"{rule.id} has no passing case"
