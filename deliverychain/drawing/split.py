"""Splitting a chain too large for one printed page into views, one per branch.

A branch is an actor of the first tier (from the top) whose actors divide what lies below
them between them: each region, say, with the ICBs, networks, practices and patients it
steers. A tier qualifies when it has at least two actors and what they reach down the chain
(steering links downwards or to a partner in the same tier, information links upwards;
peer learning does not count) covers most of what is below (80%) and overlaps little (each
actor reached by 1.25 branches or fewer on average). Each
page shows the branch, everything it reaches below, and the actors above it that link to it
directly (the shared top of the chain that steers it or hears from it); actors below that no
branch reaches get a page of their own.
"""

from __future__ import annotations

from collections import defaultdict

from deliverychain.drawing.views import Selection
from deliverychain.model import Chain
from deliverychain.vocab import UPWARD_KINDS, LinkKind

MAX_OVERLAP = 1.25
#: The branches must reach at least this share of the actors below them.
MIN_COVER = 0.8


def branches(chain: Chain, selection: Selection) -> list[tuple[str, Selection]]:
    """(title, selection) per branch; [] when no tier divides the chain."""
    actors, links, index = chain.actors, chain.links, chain.actor_index
    shown = set(selection.actors)
    rank = {tier: r for r, tier in enumerate(chain.tiers)}
    tier_of = {i: rank.get(actors[i].tier, len(rank)) for i in shown}
    below: dict[int, list[int]] = defaultdict(list)
    for j in selection.links:
        link = links[j]
        u, v = index[link.source], index[link.target]
        if link.kind == LinkKind.PEER_LEARNING:
            continue  # between branches as often as within them
        if link.kind in UPWARD_KINDS:
            u, v = v, u
        if tier_of[u] <= tier_of[v]:  # down the chain, or to a partner in the same tier
            below[u].append(v)
    for level in sorted(set(tier_of.values())):
        heads = sorted(i for i in shown if tier_of[i] == level)
        lower = {i for i in shown if tier_of[i] > level}
        if len(heads) < 2 or not lower:
            continue
        reach = {h: _reach(h, below) & lower for h in heads}
        reached = set().union(*reach.values())
        if not reached or sum(len(r) for r in reach.values()) / len(reached) > MAX_OVERLAP:
            continue
        if len(reached) < MIN_COVER * len(lower):
            continue
        above = {i for i in shown if tier_of[i] < level}
        # A head that reaches nothing below is no branch: it is drawn beside every branch.
        idle = {h for h in heads if not reach[h]}
        parts = [(actors[h].name, {h, *reach[h], *idle}) for h in heads if reach[h]]
        if len(parts) < 2:
            continue
        rest = lower - reached
        if rest:
            parts.append(("Not reached from any " + actors[heads[0]].tier.replace("-", " "), rest))
        linked = _neighbours(chain, selection)
        # Each page: its branch, and the actors above that link to it directly (the shared top).
        return [(title, _narrowed(chain, selection, {*members, *(linked_above(members, above, linked))}))
                for title, members in parts]
    return []


def tier_ranges(chain: Chain, selection: Selection) -> list[tuple[str, Selection]]:
    """Two pages, the upper tiers and the lower, sharing the tier where they meet (so each
    link between the halves is drawn on one of them); [] for fewer than three tiers."""
    actors = chain.actors
    order = [t for t in chain.tiers if any(actors[i].tier == t for i in selection.actors)]
    if len(order) < 3:
        return []
    middle = len(order) // 2
    halves = [order[: middle + 1], order[middle:]]
    out = []
    for tiers in halves:
        chosen = set(tiers)
        members = {i for i in selection.actors if actors[i].tier in chosen}
        title = f"Tiers {tiers[0].replace('-', ' ')} to {tiers[-1].replace('-', ' ')}"
        out.append((title, _narrowed(chain, selection, members)))
    return out


def _neighbours(chain: Chain, selection: Selection) -> dict[int, set[int]]:
    index, links = chain.actor_index, chain.links
    out: dict[int, set[int]] = defaultdict(set)
    for j in selection.links:
        u, v = index[links[j].source], index[links[j].target]
        out[u].add(v)
        out[v].add(u)
    return out


def linked_above(members: set[int], above: set[int], linked: dict[int, set[int]]) -> set[int]:
    return {a for a in above if linked[a] & members}


def _reach(start: int, below: dict[int, list[int]]) -> set[int]:
    seen = {start}
    stack = [start]
    while stack:
        for v in below[stack.pop()]:
            if v not in seen:
                seen.add(v)
                stack.append(v)
    seen.discard(start)
    return seen


def _narrowed(chain: Chain, selection: Selection, members: set[int]) -> Selection:
    index = chain.actor_index
    links = tuple(j for j in selection.links
                  if index[chain.links[j].source] in members and index[chain.links[j].target] in members)
    return Selection(tuple(sorted(members)), links, selection.kinds, selection.title, selection.collapse)
