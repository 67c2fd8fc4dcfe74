"""Shared phrasing, so that findings read alike: counts, lists of names, shares of practice.

Every rule words its findings with these, and the reports count with them too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from deliverychain.vocab import Carry

if TYPE_CHECKING:
    pass


def count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 practice actor', '6,212 practice actors'."""
    word = noun if n == 1 else (plural or f"{noun}s")
    return f"{n:,} {word}"


def join_names(names: Sequence[str], limit: int = 3, conjunction: str = "and", total: int | None = None) -> str:
    """'A', 'A and B', 'A, B and C', 'A, B, C and 4 more'.

    `total` is how many there are when only the first `limit` names are given: a folded
    finding about 30,000 actors shows three names, and need not look up the rest.
    """
    items = list(names)
    total = len(items) if total is None else total
    if not total:
        return ""
    if total > limit:
        shown, rest = items[:limit], total - limit
        return f"{', '.join(shown)} {conjunction} {rest:,} more"
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def quoted(text: str) -> str:
    """A user's text in quotes, on one line."""
    return f"'{' '.join(text.split())}'"


def of_total(k: int, total: int, noun: str) -> str:
    """'12 of 40 practice actors' / 'all 40 practice actors' / 'both' / 'the one practice actor'."""
    plural = "beneficiaries" if noun == "beneficiary" else f"{noun}s"
    if k == total == 1:
        return f"the one {noun}"
    if k == total == 2:
        return f"both {plural}"
    if k == total:
        return f"all {total:,} {plural}"
    return f"{k:,} of {count(total, noun, plural)}"


def share(k: int, total: int) -> str:
    """'12 of 40 practice actors', whatever the numbers."""
    return f"{k:,} of {count(total, 'practice actor')}"


def kind_subject(*kinds: str, link_kind: str | None = None) -> str:
    """The subject of a folded finding, naming the kinds alike: 'kind:icb->trust:commissioning', 'kind:pcn'."""
    subject = "kind:" + "->".join(kinds)
    return f"{subject}:{link_kind}" if link_kind else subject


def links_subject(kinds: Sequence[str]) -> str:
    """The subject of links alike, from (source kind, target kind, link kind): 'kind:icb->trust:commissioning'."""
    return kind_subject(kinds[0], kinds[1], link_kind=kinds[2])


def links_alike(kinds: Sequence[str], n: int) -> str:
    """"7 funding links from 'national-body' to 'icb' actors": kinds are (source, target, link)."""
    return f"{n:,} {kinds[2]} links from '{kinds[0]}' to '{kinds[1]}' actors"


def actors_alike(kind: str, n: int) -> str:
    """"42 actors of kind 'icb'"."""
    return f"{n:,} actors of kind '{kind}'"


_CARRY_ORDER = {c.value: k for k, c in enumerate(Carry)}


def carried(carries: Iterable[Sequence[str]]) -> str:
    """What some links carry between them, in the vocabulary's order: 'metrics and assurance'."""
    terms = sorted({c for each in carries for c in each}, key=lambda c: (_CARRY_ORDER.get(c, 99), c))
    return join_names(terms, limit=4)
