"""Folding repeated findings: one finding for one pattern, however large the chain.

A national chain repeats itself: 6,000 practices, 1,200 PCNs, 42 ICBs, each declared
alike. When a rule finds the same thing at more than FOLD_AT places of the same *kind*
(the same kinds of actors and links: `practice-nurse` with no route back to its
`practice`), the places are folded into one finding with a count and examples, and its
subject names the kinds: `kind:practice-nurse->practice`. Below the threshold each place
is its own finding, as in any hand-written chain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, TypeVar

from deliverychain.analysis.emit import Emission

#: More findings than this with one signature are folded into one.
FOLD_AT = 5
#: Example subjects kept in a folded finding's data.
EXAMPLES = 10

Item = TypeVar("Item")


def fold(
    items: Iterable[Item],
    signature: Callable[[Item], Hashable],
    single: Callable[[Item], Emission | None],
    folded: Callable[[list[Item]], Emission | None],
) -> Iterator[Emission]:
    """Emit each item alone, or one folded emission per signature shared by more than FOLD_AT.

    Either callback may return None for a place that turns out to need no finding.
    """
    groups: defaultdict[Hashable, list[Item]] = defaultdict(list)
    items = list(items)
    for item, key in zip(items, map(signature, items), strict=True):
        groups[key].append(item)
    for members in groups.values():
        emissions = [folded(members)] if len(members) > FOLD_AT else [single(m) for m in members]
        yield from (e for e in emissions if e is not None)


def kind_subject(*kinds: str, link_kind: str | None = None) -> str:
    """'kind:icb->trust:commissioning', 'kind:practice-nurse'."""
    subject = "kind:" + "->".join(kinds)
    return f"{subject}:{link_kind}" if link_kind else subject


def folded_data(count: int, subjects: list[str], *extra: tuple[str, object]) -> tuple[tuple[str, object], ...]:
    return (("folded", count), ("examples", subjects[:EXAMPLES]), *extra)


def fold_alike(
    items: Iterable[Item],
    signature: Callable[[Item], Hashable],
    single: Callable[[Item], Emission],
    what: Callable[[Any, int], str],
    subject: Callable[[Any], str],
) -> Iterator[Emission]:
    """`fold`, with a folded finding that says what is alike and quotes the first place as an example.

    `signature` should include whatever changes a finding's severity; `what(signature, n)`
    says what the n places have in common; `subject(signature)` names the pattern. Only
    the examples of a folded group are built, so a pattern found 100,000 times costs little.
    """

    def folded(members: list[Item]) -> Emission:
        examples = [single(m) for m in members[:EXAMPLES]]
        first = examples[0]
        sig = signature(members[0])
        return Emission(
            message=f"{what(sig, len(members))}; for example: {first.message}",
            subject=subject(sig),
            path=first.path,
            hint=first.hint,
            related=tuple((e.path, e.message) for e in examples[1:4]),
            trace=first.trace,
            severity=first.severity,
            data=(*folded_data(len(members), [e.subject for e in examples]), *first.data),
        )

    yield from fold(items, signature, single, folded)
