"""The audit diff: findings new, resolved and still there, by fingerprint; the verdict; the gate."""

from __future__ import annotations

import json
from typing import Any

import deliverychain
from deliverychain.diffing.audit import Trend, diff_findings
from deliverychain.findings import Finding, Location, Severity
from tests.test_diff_model import BASE, edited, link


def finding(rule: str, subject: str, severity: Severity = Severity.WARNING, line: int = 1,
            suppressed: str | None = None) -> Finding:
    return Finding(rule, f"rule-{rule}", severity, f"{rule} about {subject}", subject,
                   Location("chain.yaml", line, 1), suppressed=suppressed)


def test_findings_are_matched_by_rule_and_subject_not_by_line() -> None:
    old = [finding("DC301", "a->b:support", line=10), finding("DC201", "nhse", Severity.ERROR, line=20)]
    new = [finding("DC301", "a->b:support", line=99), finding("DC302", "trust", line=5)]
    result = diff_findings(old, new)
    assert [(p.old.location.line, p.new.location.line) for p in result.persisting] == [(10, 99)]  # type: ignore[union-attr]
    assert [n.finding.subject for n in result.new] == ["trust"]
    assert [r.finding.subject for r in result.resolved] == ["nhse"]
    assert result.persisting[0].old.fingerprint == result.persisting[0].new.fingerprint


def test_counts_and_trend_at_each_severity() -> None:
    old = [finding("DC201", "nhse", Severity.ERROR), finding("DC301", "x", Severity.WARNING)]
    new = [finding("DC301", "x", Severity.WARNING), finding("DC301", "y", Severity.WARNING),
           finding("DC204", "*", Severity.INFO)]
    result = diff_findings(old, new)
    assert [(c.severity, c.before, c.after, c.trend) for c in result.counts] == [
        (Severity.ERROR, 1, 0, Trend.BETTER), (Severity.WARNING, 1, 2, Trend.WORSE), (Severity.INFO, 0, 1, Trend.WORSE)]
    assert result.trend is Trend.MIXED
    assert diff_findings(new, new).trend is Trend.SAME
    assert diff_findings(new, new).unchanged
    assert diff_findings(new, old[1:]).trend is Trend.BETTER


def test_the_same_finding_twice_pairs_once_and_the_extra_one_is_new() -> None:
    result = diff_findings([finding("DC306", "a->b:support")],
                           [finding("DC306", "a->b:support"), finding("DC306", "a->b:support")])
    assert len(result.persisting) == 1 and len(result.new) == 1 and not result.resolved


def test_accepting_a_finding_resolves_it_and_says_so() -> None:
    old = [finding("DC301", "x"), finding("DC302", "y", suppressed="known; a plan in place")]
    new = [finding("DC301", "x", suppressed="agreed with the board"), finding("DC302", "y")]
    result = diff_findings(old, new)
    assert [(r.finding.subject, r.accepted) for r in result.resolved] == [("x", "agreed with the board")]
    assert [(n.finding.subject, n.was_accepted) for n in result.new] == [("y", "known; a plan in place")]


def test_the_gate_counts_new_findings_and_findings_that_rose_to_the_level() -> None:
    old = [finding("DC301", "x", Severity.INFO), finding("DC201", "nhse", Severity.ERROR)]
    new = [finding("DC301", "x", Severity.ERROR), finding("DC201", "nhse", Severity.ERROR),
           finding("DC204", "*", Severity.INFO), finding("DC302", "t", Severity.WARNING)]
    result = diff_findings(old, new)
    assert [f.subject for f in result.added_at_or_above(Severity.ERROR)] == ["x"]
    assert sorted(f.subject for f in result.added_at_or_above(Severity.WARNING)) == ["t", "x"]
    # x was already there at info level: rising from info to error adds nothing at info level
    assert sorted(f.subject for f in result.added_at_or_above(Severity.INFO)) == ["*", "t"]
    assert diff_findings(new, new).added_at_or_above(Severity.INFO) == []


def test_old_subjects_are_read_through_renames() -> None:
    old = [finding("DC302", "practice"), finding("DC301", "practice->nurse:support")]
    new = [finding("DC302", "gp"), finding("DC301", "gp->nurse:support")]
    renames = {"practice": "gp"}

    def subject(text: str) -> str:
        return "->".join(renames.get(p.split(":")[0], p.split(":")[0]) + (":" + p.split(":")[1] if ":" in p else "")
                         for p in text.split("->"))

    result = diff_findings(old, new, subject)
    assert len(result.persisting) == 2 and not result.new and not result.resolved


# --- with real audits ---------------------------------------------------------------------------


def chain(data: dict[str, Any]) -> deliverychain.Chain:
    return deliverychain.loads(json.dumps(data), "chain.json")


def test_strengthening_a_weak_link_resolves_its_finding_and_a_new_weak_link_adds_one() -> None:
    def redraft(data: dict[str, Any]) -> None:
        link(data, "practice", "nurse")["strength"] = "strong"
        data["links"].append({"from": "nhse", "to": "nurse", "kind": "support", "strength": "weak",
                              "carries": ["guidance"], "character": "supportive"})

    result = deliverychain.diff(chain(BASE), chain(edited(redraft)))
    assert result.audit is not None
    resolved = {(r.finding.rule_id, r.finding.subject) for r in result.audit.resolved}
    new = {(n.finding.rule_id, n.finding.subject) for n in result.audit.new}
    assert ("DC301", "practice->nurse:support") in resolved
    assert ("DC301", "nhse->nurse:support") in new
    assert [lk.key for lk in result.model.links.added] == ["nhse->nurse:support"]


def test_a_renamed_actor_keeps_its_findings_as_still_there() -> None:
    from tests.test_diff_model import rename_actor

    result = deliverychain.diff(chain(BASE), chain(edited(lambda d: rename_actor(d, "practice", "gp-practice"))))
    assert result.audit is not None
    assert result.audit.persisting and not result.audit.new and not result.audit.resolved
    assert result.audit.unchanged and not result.empty  # the model changed (a rename); the audit did not


def test_the_confidence_hook_compares_a_rating_before_and_after() -> None:
    def rating(report: Any) -> str:
        return "Amber/Red" if any(f.severity == "error" for f in report.active) else "Amber/Green"

    def fixed(data: dict[str, Any]) -> None:
        link(data, "practice", "nhse")["carries"] = ["metrics", "learning"]

    result = deliverychain.diff(chain(BASE), chain(edited(fixed)), rate=rating)
    assert result.confidence is not None
    assert (result.confidence.before, result.confidence.after) == ("Amber/Red", "Amber/Green")
    # Without a rating of its own, a diff rates both drafts as `chain report` does.
    unchanged = deliverychain.diff(chain(BASE), chain(BASE)).confidence
    assert unchanged is not None and str(unchanged.before) == str(unchanged.after)
