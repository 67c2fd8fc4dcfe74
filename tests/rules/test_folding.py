"""The engine folds a rule's places, describes only the places it shows, and locates its findings."""

from __future__ import annotations

from deliverychain.analysis.folding import FOLD_AT, described
from deliverychain.findings import Severity
from deliverychain.model.loading import loads
from deliverychain.rules.base import EXAMPLES, Description, Folding, Rule
from deliverychain.rules.facts.context import AuditContext

CHAIN = """\
chain: {id: t, title: T, intent: Something, owner: a}
actors:
  - {id: a, name: A, tier: national, kind: body}
"""


def _rule(places: list[tuple[object, int]], calls: list[int], folding: Folding | None) -> Rule:
    def describe(ctx: AuditContext, found: int) -> Description | None:
        calls.append(found)
        if found % 7 == 3:
            return None  # a place that turns out to need no finding
        return Description(message=f"place {found}", subject=f"p{found}", path=("actors", 0), data=(("n", found),))

    return Rule("DC199", "test-places", Severity.WARNING, "s", "w", "e", "f", check=lambda ctx: places,
                describe=describe, folding=folding)


ALIKE = Folding(subject=lambda pattern: f"kind:{pattern}", alike=lambda pattern, n: f"{n:,} places of {pattern}")


def _described(
    places: list[tuple[object, int]], folding: Folding | None = ALIKE
) -> tuple[list[Description], list[int]]:
    calls: list[int] = []
    rule = _rule(places, calls, folding)
    ctx = AuditContext(loads(CHAIN, "t.yaml"))
    assert rule.check is not None
    return list(described(ctx, rule, rule.check(ctx))), calls


def test_places_of_a_pattern_fold_above_the_threshold_and_only_the_examples_are_described() -> None:
    places = [("x", k) for k in range(100_000)]
    found, calls = _described(places)
    assert calls == list(range(EXAMPLES))
    (folded,) = found
    assert folded.subject == "kind:x"
    assert folded.message == "100,000 places of x; for example: place 0"
    shown = [k for k in range(EXAMPLES) if k % 7 != 3]
    assert dict(folded.data) == {"folded": 100_000, "examples": [f"p{k}" for k in shown], "n": 0}
    assert folded.related == tuple((("actors", 0), f"place {k}") for k in shown[1:4])


def test_a_few_places_alike_are_each_described_and_reported() -> None:
    places = [("x", k) for k in range(FOLD_AT)] + [("y", 100)]
    found, calls = _described(places)
    assert calls == [*range(FOLD_AT), 100]
    assert [d.subject for d in found] == [f"p{k}" for k in range(FOLD_AT) if k != 3] + ["p100"]


def test_places_without_a_pattern_or_folding_are_never_folded() -> None:
    places = [(None, k) for k in range(FOLD_AT * 3)]
    assert len(_described(places)[0]) == len([k for k in range(FOLD_AT * 3) if k % 7 != 3])
    same = [("x", k) for k in range(FOLD_AT * 3)]
    assert len(_described(same, folding=None)[0]) == len(_described(places)[0])


def test_a_summary_words_the_folded_finding_from_every_place() -> None:
    def summary(ctx, pattern, founds, examples):
        return Description(message=f"{sum(founds)} in all", subject="ignored", path=("actors",))

    found, _ = _described([("x", k) for k in range(20)], Folding(subject=lambda p: f"kind:{p}", summary=summary))
    (folded,) = found
    assert (folded.message, folded.subject, dict(folded.data)["folded"]) == ("190 in all", "kind:x", 20)


def test_a_summary_is_given_the_examples_the_engine_described() -> None:
    seen: list[list[str]] = []

    def summary(ctx, pattern, founds, examples):
        seen.append([e.subject for e in examples])
        return Description(message=f"{len(founds)} places, such as {examples[0].message}", subject="", path=("actors",))

    found, calls = _described([("x", k) for k in range(20)], Folding(subject=lambda p: f"kind:{p}", summary=summary))
    shown = [f"p{k}" for k in range(EXAMPLES) if k % 7 != 3]
    assert calls == list(range(EXAMPLES))
    assert seen == [shown]
    (folded,) = found
    assert folded.message == "20 places, such as place 0"
    assert dict(folded.data)["examples"] == shown


def test_places_alike_that_all_turn_out_to_need_no_finding_are_not_reported() -> None:
    """A pattern folds only what its places say: if none of them needs a finding, there is none."""
    calls: list[int] = []

    def describe(ctx: AuditContext, found: int) -> Description | None:
        calls.append(found)
        return None

    places = [("x", k) for k in range(20)]
    rule = Rule("DC199", "test-places", Severity.WARNING, "s", "w", "e", "f", check=lambda ctx: places,
                describe=describe, folding=ALIKE)
    ctx = AuditContext(loads(CHAIN, "t.yaml"))
    assert rule.check is not None
    assert list(described(ctx, rule, rule.check(ctx))) == []
    assert calls == list(range(EXAMPLES))  # only the examples are described, as for any folded pattern


def test_a_chain_built_in_python_has_its_findings_at_the_start_of_the_chain() -> None:
    """A chain made with `Chain.model_validate` was never read from a file, so nothing says
    where its parts are written: every finding and related place is at line 1, column 1 of
    the name it goes by, '<chain>'."""
    import yaml

    from deliverychain.findings import Location
    from deliverychain.model import Chain
    from deliverychain.pipeline import audit

    chain = Chain.model_validate(yaml.safe_load("""\
chain: {id: t, title: T, intent: Halt child obesity, owner: [dh, dfes], joint_arrangement: board}
actors:
  - {id: dh, name: Department of Health, tier: government, kind: department}
  - {id: dfes, name: DfES, tier: government, kind: department}
  - {id: board, name: Joint programme board, tier: government, kind: programme-board}
links:
  - {from: dh, to: board, kind: mandate, strength: adequate}
  - {from: dfes, to: board, kind: mandate, strength: weak}
"""))
    assert chain.positions is None
    (finding,) = [f for f in audit(chain).findings if f.rule_id == "DC309"]
    start = Location("<chain>", 1, 1)
    assert finding.location == start
    assert [r.location for r in finding.related] == [start]
