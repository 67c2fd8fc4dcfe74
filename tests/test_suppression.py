"""The chain's `ignore:` list: accepted findings keep their reason; stale or mistyped entries are reported."""

from __future__ import annotations

import textwrap

import pytest

from deliverychain.model.loading import loads
from deliverychain.pipeline import audit
from deliverychain.reports.run import FileResult, rule_outcomes
from deliverychain.rules import registry
from deliverychain.rules.ignores import rule_key, subject_matches
from tests.test_audit_cli import CHAIN as AUDIT_CHAIN
from tests.test_reports import TEST_RULES


@pytest.fixture(autouse=True)
def _test_rules(monkeypatch):
    """The small test rules DC191-DC193 of test_reports.py stand in for the analysers."""
    monkeypatch.setattr(registry, "analyser_rules", lambda: TEST_RULES)


#: The exit-code matrix's chain with a weak mandate: one warning from the test rules.
CHAIN = AUDIT_CHAIN.format(first="weak", second="strong")


def chain_text(ignore: str) -> str:
    return CHAIN + ("ignore:" + textwrap.indent(textwrap.dedent(ignore), "  ") if ignore else "")


def audited(ignore: str, select=(), ignore_rules=()):
    return audit(loads(chain_text(ignore), "mini.yaml"), select, ignore_rules)


def outcomes(report):
    """Which rules passed, failed, or had every finding accepted: as every report shows them."""
    return rule_outcomes(report.rules, [FileResult(report.file, [], report)])


def line_column(ignore: str, fragment: str) -> tuple[int, int]:
    """Where `fragment` is written in the chain text: what a finding's location must be."""
    for number, line in enumerate(chain_text(ignore).splitlines(), start=1):
        if fragment in line:
            return number, line.index(fragment) + 1
    raise AssertionError(fragment)


def summary(report) -> list[tuple[str, str, str | None]]:
    return [(f.rule_id, f.subject, f.suppressed) for f in report.findings]


@pytest.mark.parametrize(("pattern", "subject", "matches"), [
    ("dhsc->nurse:mandate", "dhsc->nurse:mandate", True),
    ("dhsc->nurse", "dhsc->nurse:mandate", True),  # every kind between the two
    ("dhsc->nurse", "dhsc->nurse-2:mandate", False),
    ("practice-*", "practice-north", True),
    ("*", "anything", True),
    ("nurse", "nurse-lead", False),
])
def test_subject_patterns(pattern, subject, matches):
    assert subject_matches(pattern, subject) is matches


def test_rule_ids_match_in_any_case_names_exactly():
    assert rule_key("dc201") == "DC201"
    assert rule_key("numbers-only-feedback") == "numbers-only-feedback"


def test_without_ignore_entries_findings_are_active():
    report = audited("")
    assert summary(report) == [("DC191", "dhsc->nurse:mandate", None)]
    assert [r.id for r in outcomes(report).failed] == ["DC191"]


@pytest.mark.parametrize("rule", ["DC191", "dc191", "test-weak-link", "*"])
def test_an_entry_suppresses_with_its_reason(rule):
    report = audited(f"""
        - rule: "{rule}"
          subject: dhsc->nurse
          reason: Accepted by the board until the merger.
    """)
    assert summary(report) == [("DC191", "dhsc->nurse:mandate", "Accepted by the board until the merger.")]
    assert report.active == [] and report.unused_ignores == []
    assert [r.id for r in outcomes(report).accepted] == ["DC191"]
    assert "DC191" not in [r.id for r in outcomes(report).passed + outcomes(report).failed]


def test_unused_entry_is_reported_where_it_is_written_with_a_suggestion():
    entries = """
        - rule: DC191
          subject: dhsc->nurse:mandat
          reason: Typo in the subject.
    """
    report = audited(entries)
    unused = [f for f in report.findings if f.rule_id == "DC901"]
    (note,) = unused
    assert note.message == "ignore entry 1 (DC191, subject 'dhsc->nurse:mandat') matched no finding"
    assert note.hint == "did you mean 'dhsc->nurse:mandate'? Otherwise delete the entry."
    assert (note.location.line, note.location.column) == line_column(entries, "rule: DC191")
    assert note.severity == "warning"
    assert [index for index, _ in report.unused_ignores] == [0]


def test_unused_entry_for_a_rule_that_found_nothing():
    report = audited("""
        - rule: DC193
          subject: dhsc->nurse
          reason: Was unrated.
    """)
    (note,) = [f for f in report.findings if f.rule_id == "DC901"]
    assert note.hint == "DC193 reports nothing in this chain now: if the problem is fixed, delete the entry"


def test_unknown_rule_is_reported_with_did_you_mean():
    entries = """
        - rule: DC1911
          subject: dhsc->nurse
          reason: Typo in the rule.
    """
    report = audited(entries)
    (note,) = [f for f in report.findings if f.rule_id == "DC902"]
    assert note.message == "ignore entry 1 names 'DC1911', which is not a rule"
    assert note.hint == "did you mean 'DC191'?"
    assert (note.location.line, note.location.column) == line_column(entries, "DC1911")  # the value itself
    assert not any(f.rule_id == "DC901" for f in report.findings)  # reported once, not twice
    assert report.active[0].rule_id == "DC191"  # the finding it meant to accept is still reported


def test_format_rules_cannot_be_ignored():
    report = audited("""
        - rule: DC006
          subject: "*"
          reason: We like our own keys.
    """)
    (note,) = [f for f in report.findings if f.rule_id == "DC902"]
    assert "DC006 unknown-key, which cannot be ignored: format problems stop the audit" in note.message


def test_housekeeping_rules_follow_select_and_ignore():
    entries = """
        - rule: DC191
          subject: nobody
          reason: Stale.
    """
    assert [f.rule_id for f in audited(entries).findings] == ["DC191", "DC901"]
    assert [f.rule_id for f in audited(entries, ignore_rules=["DC901"]).findings] == ["DC191"]
    assert [f.rule_id for f in audited(entries, select=["DC9"]).findings] == []  # DC191 did not run


def test_entries_for_rules_not_selected_are_not_called_unused():
    report = audited("""
        - rule: DC192
          subject: nobody
          reason: Stale, but DC192 is not run here.
    """, select=["DC191", "DC9"])
    assert report.unused_ignores == []
    assert [f.rule_id for f in report.findings] == ["DC191"]


def test_housekeeping_findings_are_never_suppressed():
    report = audited("""
        - rule: "*"
          subject: "*"
          reason: Accept everything.
        - rule: DC191
          subject: nobody
          reason: Stale.
    """)
    assert [(f.rule_id, f.suppressed is not None) for f in report.findings] == [("DC191", True), ("DC901", False)]
