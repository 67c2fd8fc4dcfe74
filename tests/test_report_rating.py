"""The delivery confidence rating: the published rule, row by row, on findings and on real chains.

Each rating level has a chain that earns it end to end, and each row of the rule (the
table in docs/report.md) a case on findings built to meet exactly that row. The table in
the docs is checked against the code, and so is the list of the examples' ratings.
"""

from __future__ import annotations

import re
import textwrap

import pytest

import deliverychain
from deliverychain.findings import Finding, Severity
from deliverychain.reports.board.api import assemble
from deliverychain.reports.board.content import rate
from deliverychain.reports.board.rating import (
    MEANINGS,
    SCALE,
    Rating,
    Ratings,
    Weighed,
    affected_share,
    assess,
)
from tests.conftest import ROOT

DOCS = ROOT / "docs" / "report.md"
WELL_EVIDENCED = Ratings(links=10, rated=10, unevidenced=0)

# A small chain that is sound: support down, learning back up, every rating sourced.
SOUND = textwrap.dedent("""\
    chain: {id: test, title: Test chain, intent: More cancers found early, owner: nhse}
    sources:
      - {id: review, title: A review, publisher: NAO, date: 2020-01-01}
    actors:
      - {id: nhse, name: NHS England, tier: national, kind: national-body}
      - {id: icb, name: North ICB, tier: system, kind: icb}
      - {id: nurse, name: Practice nurse, tier: frontline, kind: practice-nurse}
      - {id: public, name: People with symptoms, tier: public, kind: patients}
    links:
      - {from: nhse, to: icb, kind: support, carries: [guidance], strength: strong, evidence: [review]}
      - {from: icb, to: nurse, kind: support, carries: [guidance], strength: strong, evidence: [review]}
      - {from: nurse, to: public, kind: support, carries: [guidance], strength: strong, evidence: [review]}
      - {from: nurse, to: icb, kind: feedback, carries: [learning], strength: strong, evidence: [review]}
      - {from: icb, to: nhse, kind: feedback, carries: [learning], strength: strong, evidence: [review]}
    """)


def rating_of(text: str) -> tuple[Rating, str, list[str]]:
    chain = deliverychain.loads(text, "test.yaml")
    section = assemble([chain], engine="wasm").sections[0]
    return section.rating, section.confidence.reason, [item.finding.rule_id for item in section.drivers]


# --- one chain per level ----------------------------------------------------------------------


def test_green_a_sound_chain_whose_ratings_rest_on_evidence() -> None:
    rating, reason, drivers = rating_of(SOUND)
    assert rating == Rating.GREEN
    assert "rest on cited evidence" in reason
    assert drivers == []


def test_amber_green_when_the_ratings_rest_on_nothing() -> None:
    rating, reason, _ = rating_of(SOUND.replace(", evidence: [review]", ""))
    assert rating == Rating.AMBER_GREEN
    assert "5 of the 5 ratings cite no evidence" in reason


def test_amber_green_for_a_significant_issue_in_one_area() -> None:
    ranked = SOUND.replace(
        "{from: nhse, to: icb, kind: support, carries: [guidance], strength: strong, evidence: [review]}",
        "{from: nhse, to: icb, kind: support, carries: [guidance], strength: strong, evidence: [review],"
        " targets: [{name: Not in the bottom quartile, basis: rank}]}")
    rating, reason, drivers = rating_of(ranked)
    assert rating == Rating.AMBER_GREEN
    assert "significant issues in learning from the front line" in reason
    assert drivers == ["DC203"]


def test_amber_for_significant_issues_in_all_three_areas() -> None:
    text = SOUND.replace(
        "{from: nhse, to: icb, kind: support, carries: [guidance], strength: strong, evidence: [review]}",
        "{from: nhse, to: icb, kind: support, carries: [guidance], strength: strong, evidence: [review],"
        " targets: [{name: Not in the bottom quartile, basis: rank}]}")                  # learning: DC203
    text = text.replace("  - {id: public,", "  - {id: cqc, name: Care Quality Commission, tier: national,"
                        " kind: regulator}\n  - {id: public,")                                       # reach: DC106
    text = text.replace("{from: nurse, to: public, kind: support, carries: [guidance], strength: strong,",
                        "{from: nurse, to: public, kind: support, carries: [guidance], strength: strong, assessments:"
                        " [{rater: Nurses, strength: strong}, {rater: Patients, strength: broken}],")  # DC307
    rating, reason, drivers = rating_of(text)
    assert rating == Rating.AMBER
    assert reason == "there are significant issues in all three areas, though none is major"
    assert sorted(drivers) == ["DC106", "DC203", "DC307"]


def test_amber_red_when_learning_from_all_the_front_line_stops() -> None:
    numbers = SOUND.replace("{from: icb, to: nhse, kind: feedback, carries: [learning],",
                            "{from: icb, to: nhse, kind: reporting, carries: [metrics],")
    numbers = numbers.replace("{from: nhse, to: icb, kind: support,",
                              "{from: nhse, to: icb, kind: performance-management,")
    rating, reason, drivers = rating_of(numbers)
    assert rating == Rating.AMBER_RED
    assert "affects at least half of the front-line groups" in reason
    assert drivers[0] == "DC201"


def test_red_when_the_plan_never_reaches_the_front_line() -> None:
    cut = SOUND.replace("  - {from: icb, to: nurse, kind: support, carries: [guidance], strength: strong, "
                        "evidence: [review]}\n", "")
    rating, reason, drivers = rating_of(cut)
    assert rating == Rating.RED
    assert "out of reach" in reason
    assert drivers[0] == "DC101"


# --- each row of the rule, on findings built for it ------------------------------------------------


def finding(rule: str, severity: Severity, **extra: object) -> Finding:
    return Finding(rule, rule, severity, "message", f"subject-{rule}", None, extra=dict(extra))


def weighed(*specs: tuple[str, str, Severity, dict[str, object]]) -> list[Weighed]:
    """(rule, area, severity, extra) -> numbered Weighed findings; share from 'share' in extra."""
    result = []
    for number, (rule, area, severity, extra) in enumerate(specs, start=1):
        share = extra.pop("share", None)
        result.append(Weighed(number, finding(rule, severity, **extra), area or None, share))  # type: ignore[arg-type]
    return result


E, W, NOTE = Severity.ERROR, Severity.WARNING, Severity.INFO


@pytest.mark.parametrize(("specs", "rating", "drivers"), [
    pytest.param([("DC101", "reach", E, {"share": 0.5})], Rating.RED, (1,), id="red: half cut off"),
    pytest.param([("DC101", "reach", E, {"share": 0.4}), ("DC201", "learning", E, {}),
                  ("DC302", "relationships", E, {})], Rating.RED, (1, 2, 3), id="red: major in every area"),
    pytest.param([("DC201", "learning", E, {}), ("DC301", "relationships", W, {"share": 0.6})],
                 Rating.AMBER_RED, (1, 2), id="amber/red: major in two areas"),
    pytest.param([("DC201", "learning", E, {"share": 0.5}), ("DC302", "relationships", W, {})],
                 Rating.AMBER_RED, (1,), id="amber/red: one wide major"),
    pytest.param([("DC201", "learning", E, {"share": 0.2}), ("DC302", "relationships", W, {})],
                 Rating.AMBER, (1, 2), id="amber: one major"),
    pytest.param([("DC106", "reach", W, {}), ("DC203", "learning", W, {}), ("DC302", "relationships", W, {})],
                 Rating.AMBER, (1, 2, 3), id="amber: significant everywhere"),
    pytest.param([("DC302", "relationships", W, {}), ("DC303", "relationships", W, {})],
                 Rating.AMBER_GREEN, (1, 2), id="amber/green: significant in one area"),
    pytest.param([("DC204", "learning", NOTE, {}), ("DC901", "", W, {})], Rating.GREEN, (),
                 id="green: notes and housekeeping never count"),
])
def test_each_row_of_the_rule(specs: list, rating: Rating, drivers: tuple[int, ...]) -> None:
    confidence = assess(weighed(*specs), WELL_EVIDENCED)
    assert confidence.rating == rating
    assert confidence.drivers == drivers


def test_a_warning_on_which_half_the_front_line_depends_is_major() -> None:
    half, less = weighed(("DC301", "relationships", W, {"share": 0.5}), ("DC301", "relationships", W, {"share": 0.49}))
    assert half.major and not less.major


def test_green_needs_ratings_and_evidence() -> None:
    assert Ratings(10, 4, 0).shortfall() == "only 4 of the 10 links are rated"
    assert Ratings(10, 10, 6).shortfall() == "6 of the 10 ratings cite no evidence"
    assert Ratings(10, 5, 2).shortfall() == ""
    assert assess([], Ratings(10, 4, 0)).rating == Rating.AMBER_GREEN


def test_share_comes_from_the_rules_own_counts() -> None:
    assert affected_share(finding("DC101", E, unreached=3, total=4), 99) == 0.75
    assert affected_share(finding("DC301", W, dependent_practice=1, total=2), 99) == 0.5
    assert affected_share(finding("DC201", E, practice=2), 8) == 0.25  # the chain's practice total
    assert affected_share(finding("DC302", W), 8) is None


# --- the published table and the examples ---------------------------------------------------------


def table_rows(marker: str) -> list[list[str]]:
    """The rows of the Markdown table that follows the comment containing `marker`."""
    text = DOCS.read_text(encoding="utf-8")
    start = text.index(marker)
    rows = []
    for line in text[start:].splitlines()[1:]:
        if not line.strip():
            if rows:
                break
            continue
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows[1:]  # without the header


def test_the_published_table_is_the_rule_in_the_code() -> None:
    rows = table_rows("are checked against deliverychain/reports/board/rating.py")
    assert [row[0] for row in rows] == [r.value for r in reversed(SCALE)]
    for row in rows:
        assert row[2] == MEANINGS[Rating(row[0])], f"the meaning of {row[0]} differs from rating.py"


def test_the_examples_rate_as_the_docs_say() -> None:
    rows = table_rows("Checked by tests/test_report_rating.py.")
    assert len(rows) == len(list((ROOT / "chains").glob("*.yaml")))
    for label, rating in rows:
        stem = re.search(r"examples/(.+)-report\.html", label).group(1)  # type: ignore[union-attr]
        chain = deliverychain.load(ROOT / "chains" / f"{stem}.yaml")
        assert assemble([chain], engine="wasm").sections[0].rating.value == rating, stem


def test_rate_gives_chain_diff_the_same_rating_as_the_report() -> None:
    """`rate(audit)` is the hook `chain diff` compares drafts with (`diff(..., rate=rate)`)."""
    before = deliverychain.loads(SOUND, "before.yaml")
    cut = SOUND.replace("  - {from: icb, to: nurse, kind: support, carries: [guidance], strength: strong, "
                        "evidence: [review]}\n", "")
    after = deliverychain.loads(cut, "after.yaml")
    assert rate(deliverychain.audit(before)) == assemble([before], engine="wasm").sections[0].rating == Rating.GREEN
    changes = deliverychain.diff(before, after, rate=rate)
    assert changes.confidence is not None
    assert (changes.confidence.before, changes.confidence.after) == ("Green", "Red")


def test_a_warning_the_rating_counts_as_major_is_labelled_and_counted_major() -> None:
    """The badge, the count above the findings and the rating agree: a warning on which the
    whole front line depends is a major issue everywhere the report names it."""
    weak = SOUND.replace("{from: icb, to: nurse, kind: support, carries: [guidance], strength: strong,",
                         "{from: icb, to: nurse, kind: support, carries: [guidance], strength: weak,")
    section = assemble([deliverychain.loads(weak, "test.yaml")], engine="wasm").sections[0]
    assert section.rating == Rating.AMBER_RED
    escalated = [item for item in section.findings if item.escalated]
    assert escalated and all(item.finding.severity == Severity.WARNING for item in escalated)
    assert {item.severity for item in escalated} == {"Major"}
    assert section.counts["Major"] == sum(1 for item in section.findings if item.severity == "Major") >= 1
    assert section.counts["Significant"] == sum(1 for item in section.findings if item.severity == "Significant")
    html = deliverychain.report(deliverychain.loads(weak, "test.yaml"), format="html")
    text = html.decode() if isinstance(html, bytes) else html
    assert f"{section.counts['Major']} major issue" in text and "0 major issues" not in text
