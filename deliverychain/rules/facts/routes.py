"""Routes through the chain that several rules share, computed once per audit.

"Down" is the owner's steering reaching practice; "up" is practice's reports, feedback
and voice reaching the owner. Each has a *present* form (links that exist, broken ones
included) and a *potential* form (declared missing or planned links too: the chain as
intended), and a dominator tree over each.

Searches run over adjacency lists filtered once per audit by a named link test (`FILTERS`,
columns of `AuditContext.facts`), so a search never re-judges a link: on a national chain
that is most of the work.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import compress
from typing import Literal

from deliverychain.rules.facts.context import AuditContext, breadth_first
from deliverychain.rules.facts.dominators import DominatorTree, merged_tree, tree_over

FilterName = Literal["steers", "could_steer", "reports_up", "could_report_up", "may_carry_learning"]
#: The named link tests: each is the `linkfacts` function of that name, as a column of `LinkFacts`.
FILTERS: tuple[FilterName, ...] = ("steers", "could_steer", "reports_up", "could_report_up", "may_carry_learning")


def passes(ctx: AuditContext, name: FilterName) -> list[bool]:
    """Per link, whether it passes the named test."""
    if name not in FILTERS:
        raise KeyError(name)
    column: list[bool] = getattr(ctx.facts, name)
    return column


def adjacency(ctx: AuditContext, name: FilterName, reverse: bool = False) -> list[list[int]]:
    """Per actor, the links passing the named test that leave it (arrive at it when reverse)."""

    def build() -> list[list[int]]:
        lists: list[list[int]] = [[] for _ in ctx.ids]
        near = ctx.targets if reverse else ctx.sources
        for j in compress(range(len(near)), passes(ctx, name)):  # in link order, as in out_links/in_links
            lists[near[j]].append(j)
        return lists

    return ctx.shared(f"adjacency:{name}:{reverse}", build)


def reach(
    ctx: AuditContext, starts: Iterable[int], name: FilterName, reverse: bool = False
) -> tuple[list[bool], list[int]]:
    """Breadth-first search over the named links, as `AuditContext.reach` (reached, witness link)."""
    return breadth_first(starts, adjacency(ctx, name, reverse), ctx.sources if reverse else ctx.targets)


def local_reach(ctx: AuditContext, start: int, name: FilterName, reverse: bool = False) -> dict[int, int]:
    """A search that touches only what it reaches: {actor: link it was reached by}.

    For the few searches a rule does per finding (a loop's witness route), so that their
    cost follows the neighbourhood, not the size of the chain.
    """
    via = {start: -1}
    queue = [start]
    adjacent = adjacency(ctx, name, reverse)
    far = ctx.sources if reverse else ctx.targets
    for u in queue:
        for j in adjacent[u]:
            v = far[j]
            if v not in via:
                via[v] = j
                queue.append(v)
    return via


def local_route(ctx: AuditContext, via: dict[int, int], target: int, reverse: bool = False) -> list[int]:
    """Actors from the search's start to `target` (reverse: from `target` to the start)."""
    route = [target]
    near = ctx.targets if reverse else ctx.sources
    while via.get(route[-1], -1) != -1:
        route.append(near[via[route[-1]]])
    if not reverse:
        route.reverse()
    return route


# --- shared results -----------------------------------------------------------------


def steered(ctx: AuditContext) -> tuple[list[bool], list[int]]:
    """Actors the owners' present steering reaches (with BFS witnesses)."""
    return ctx.shared("steered", lambda: reach(ctx, ctx.owners, "steers"))


def heard(ctx: AuditContext) -> tuple[list[bool], list[int]]:
    """Actors with a present upward route to an owner (witnesses point towards the owner)."""
    return ctx.shared("heard", lambda: reach(ctx, ctx.owners, "reports_up", reverse=True))


def could_steer_from_owners(ctx: AuditContext) -> list[bool]:
    """Actors the owners' steering would reach with every declared link in place (missing and planned too)."""
    return ctx.shared("could_steer", lambda: reach(ctx, ctx.owners, "could_steer")[0])


def could_report_to_owners(ctx: AuditContext) -> list[bool]:
    """Actors with an intended upward route to an owner (declared missing and planned links too)."""
    return ctx.shared("could_report_up", lambda: reach(ctx, ctx.owners, "could_report_up", reverse=True)[0])


def reported_by_beneficiaries(ctx: AuditContext) -> list[bool]:
    """Actors that beneficiaries' present voice, feedback or reports reach (beneficiaries included)."""
    return ctx.shared("reported_by_beneficiaries", lambda: reach(ctx, ctx.beneficiaries, "reports_up")[0])


def reported_by_practice(ctx: AuditContext) -> list[bool]:
    """Actors that practice's present reports, feedback or voice reach (practice included)."""
    return ctx.shared("reported_by_practice", lambda: reach(ctx, ctx.practice, "reports_up")[0])


def steers_practice(ctx: AuditContext) -> list[bool]:
    """Actors whose present steering reaches some practice actor (practice included)."""
    return ctx.shared("steers_practice", lambda: reach(ctx, ctx.practice, "steers", reverse=True)[0])


def _tree(ctx: AuditContext, name: FilterName, reverse: bool = False) -> DominatorTree:
    return ctx.shared(f"tree:{name}", lambda: _owners_tree(ctx, name, reverse))


def _owners_tree(ctx: AuditContext, name: FilterName, reverse: bool) -> DominatorTree:
    """Dominators from the owner; joint owners are merged into one root, so that what every
    route from any of them passes through is what the chain depends on."""
    usable, leaving, arriving = passes(ctx, name), adjacency(ctx, name, reverse), adjacency(ctx, name, not reverse)
    if len(ctx.owners) == 1:
        return tree_over(ctx, ctx.owner, usable, leaving, arriving, reverse)
    owners = set(ctx.owners)
    inside = [i in owners for i in range(len(ctx.ids))]
    far = ctx.sources if reverse else ctx.targets
    entries = [j for o in ctx.owners for j in leaving[o] if far[j] not in owners]
    return merged_tree(ctx, inside, entries, usable, leaving, arriving, reverse)


def down_tree(ctx: AuditContext) -> DominatorTree:
    return _tree(ctx, "steers")


def up_tree(ctx: AuditContext) -> DominatorTree:
    """Dominators of the reversed upward graph: what every route back to the owner passes through."""
    return _tree(ctx, "reports_up", reverse=True)


def _potential_tree(ctx: AuditContext, name: FilterName, present: list[bool], reverse: bool) -> DominatorTree:
    """Dominators of the chain as intended (links of test `name`, declared missing or planned ones too).

    Only links declared missing or planned can be on every intended route to an actor, or
    dominate anything, that `present` (what the owner's present links of the same test
    reach) does not already cover: so what `present` covers is merged into the root
    (`merged_tree`), and the tree is the size of what is cut off, not of the chain.
    """
    usable = passes(ctx, name)
    near, far = (ctx.targets, ctx.sources) if reverse else (ctx.sources, ctx.targets)
    entries = [j for j in ctx.facts.absent_links if usable[j] and present[near[j]] and not present[far[j]]]
    # When nothing declared missing leads out of what is reached, the tree is empty: no lists to build.
    leaving, arriving = (adjacency(ctx, name, reverse), adjacency(ctx, name, not reverse)) if entries else ([], [])
    return merged_tree(ctx, present, entries, usable, leaving, arriving, reverse)


def down_potential_tree(ctx: AuditContext) -> DominatorTree:
    """What every intended route from the owner passes through, for actors its present steering misses."""
    return ctx.shared("tree:could_steer", lambda: _potential_tree(ctx, "could_steer", steered(ctx)[0], False))


def up_potential_tree(ctx: AuditContext) -> DominatorTree:
    """What every intended route back to the owner passes through, for actors it does not hear from."""
    return ctx.shared("tree:could_report_up", lambda: _potential_tree(ctx, "could_report_up", heard(ctx)[0], True))


def behind_absent_down(ctx: AuditContext) -> list[bool]:
    """Actors the owner would reach only through a declared missing/planned link (DC105's to report)."""
    return ctx.shared("behind_absent_down", lambda: down_potential_tree(ctx).behind(ctx.facts.absent))


def behind_absent_up(ctx: AuditContext) -> list[bool]:
    """Actors whose only intended route back to the owner has a declared missing/planned link."""
    return ctx.shared("behind_absent_up", lambda: up_potential_tree(ctx).behind(ctx.facts.absent))


def weights(ctx: AuditContext, members: Iterable[int]) -> list[int]:
    """1 for each member, 0 for every other actor: for dominator subtree counts."""
    weight = [0] * len(ctx.ids)
    for i in members:
        weight[i] = 1
    return weight
