"""Every rule at once against small chains: how rules and the ignore list interact.

The rule cases (tests/fixtures/rules/DCnnn.yaml, test_rules.py) run one rule at a time, so
they cannot show that two rules report one problem twice, or that one leaves it to the
other. The cases in tests/fixtures/full_audit/*.yaml run the whole audit, as `chain audit`
does, and list *every* finding, written as tests/rules/expectations.py describes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from deliverychain.model.loading import loads
from deliverychain.pipeline import audit
from tests.rules.expectations import check_details, expected

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "full_audit"


def _cases() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return params


@pytest.mark.parametrize("case", _cases())
def test_full_audit_case(case: dict[str, Any]) -> None:
    report = audit(loads(case["chain"], "chain.yaml"))
    wanted = [expected(item) for item in case["expect"]]
    got = [(f.rule_id, f.subject, f.location.line, f.location.column, f.suppressed) for f in report.findings]
    assert got == [(e["rule"], e["subject"], e["line"], e["column"], e.get("accepted")) for e in wanted]
    for finding, want in zip(report.findings, wanted, strict=True):
        check_details(finding, want)


def test_every_case_names_a_behaviour_once() -> None:
    names = [param.values[0]["name"] for param in _cases()]
    assert len(names) == len(set(names))
    assert len(names) >= 10
