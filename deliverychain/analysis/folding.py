"""Folding repeated findings: one finding for one pattern, however large the chain.

A national chain repeats itself: 6,000 practices, 1,200 PCNs, 42 ICBs, each declared
alike. A rule yields every place it finds with the *pattern* it shares with places alike
(the same kinds of actors and links: `practice-nurse` with no route back to its
`practice`). When more than FOLD_AT places share a pattern, they are folded into one
finding with a count and examples, and its subject names the pattern:
`kind:practice-nurse->practice`. Below the threshold each place is its own finding, as in
any hand-written chain. Only the places shown are described: a pattern found 100,000
times costs little more than counting it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator
from dataclasses import replace
from typing import Any

from deliverychain.rules.base import EXAMPLES, Description, Folding, Place, Rule
from deliverychain.rules.facts.context import AuditContext

#: More places than this with one pattern are folded into one finding.
FOLD_AT = 5


def described(ctx: AuditContext, rule: Rule, places: Iterable[Place]) -> Iterator[Description]:
    """The findings of a rule's places: each alone, or one per pattern shared by more than FOLD_AT."""
    assert rule.describe is not None
    describe, folding = rule.describe, rule.folding
    groups: dict[Hashable, list[Any]] = {}
    for pattern, found in places:
        if pattern is None or folding is None:
            alone = describe(ctx, found)
            if alone is not None:
                yield alone
            continue
        group = groups.get(pattern)
        if group is None:
            groups[pattern] = [found]
        else:
            group.append(found)
    for pattern, founds in groups.items():
        if len(founds) > FOLD_AT:
            assert folding is not None
            folded = _folded(ctx, rule, folding, pattern, founds)
            if folded is not None:
                yield folded
            continue
        for found in founds:
            alone = describe(ctx, found)
            if alone is not None:
                yield alone


def _folded(ctx: AuditContext, rule: Rule, folding: Folding, pattern: Any, founds: list[Any]) -> Description | None:
    """One finding for every place of a pattern: worded by the rule, counted and exemplified here."""
    assert rule.describe is not None
    examples = [d for d in (rule.describe(ctx, found) for found in founds[:EXAMPLES]) if d is not None]
    if folding.summary is not None:
        summary = folding.summary(ctx, pattern, founds, examples)
    else:
        assert folding.alike is not None  # a rule's folding either summarises or says what is alike
        summary = _alike(folding.alike(pattern, len(founds)), examples) if examples else None
    if summary is None:
        return None
    counted = (("folded", len(founds)), ("examples", [e.subject for e in examples]))
    return replace(summary, subject=folding.subject(pattern), data=(*counted, *summary.data))


def _alike(what: str, examples: list[Description]) -> Description:
    """Say what the places have in common, and quote the first as an example."""
    first = examples[0]
    return replace(
        first,
        message=f"{what}; for example: {first.message}",
        related=tuple((e.path, e.message) for e in examples[1:4]),
    )
