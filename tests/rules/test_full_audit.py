"""Every rule at once against small chains: how rules and the ignore list interact.

The rule cases (tests/fixtures/rules/DCnnn.yaml, test_rules.py) run one rule at a time, so
they cannot show that two rules report one problem twice, or that one leaves it to the
other. The cases in tests/fixtures/full_audit/*.yaml run the whole audit, as `chain audit`
does, and list *every* finding: [rule, subject, line, column], or a mapping that also checks
the reason an ignore entry accepted it with (`accepted`), the severity, the ghost link,
words of the message (`says`) or the hint (`hint`), the route it follows (`trace`), the
places it relates ([line, column, note] in `related`), or other data the finding carries (`data`). Lines count from the
first line of the chain text; columns from 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from deliverychain.model.loading import loads
from deliverychain.pipeline import audit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "full_audit"


def _cases() -> list[Any]:
    params = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return params


def _expected(item: list[Any] | dict[str, Any]) -> dict[str, Any]:
    if isinstance(item, list):
        rule, subject, line, column = item
        return {"rule": rule, "subject": subject, "line": line, "column": column}
    return item


@pytest.mark.parametrize("case", _cases())
def test_full_audit_case(case: dict[str, Any]) -> None:
    report = audit(loads(case["chain"], "chain.yaml"))
    expected = [_expected(item) for item in case["expect"]]
    got = [(f.rule_id, f.subject, f.location.line, f.location.column, f.suppressed) for f in report.findings]
    assert got == [(e["rule"], e["subject"], e["line"], e["column"], e.get("accepted")) for e in expected]
    for finding, want in zip(report.findings, expected, strict=True):
        if "severity" in want:
            assert finding.severity == want["severity"]
        if "ghost" in want:
            assert finding.extra.get("ghost_link") == want["ghost"]
        for words in want.get("says", []):
            assert words in finding.message, f"{words!r} not in {finding.message!r}"
        for words in want.get("hint", []):
            assert words in finding.hint, f"{words!r} not in {finding.hint!r}"
        if "trace" in want:
            assert list(finding.trace) == want["trace"]
        if "related" in want:
            got_related = [[r.location.line, r.location.column, r.message] for r in finding.related]
            assert got_related == want["related"]
        for key, value in want.get("data", {}).items():
            assert finding.extra.get(key) == value, f"{key}: {finding.extra.get(key)!r}, not {value!r}"


def test_every_case_names_a_behaviour_once() -> None:
    names = [param.values[0]["name"] for param in _cases()]
    assert len(names) == len(set(names))
    assert len(names) >= 10
