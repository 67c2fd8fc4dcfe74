"""Routes through the chain that several rules share, computed once per audit.

"Down" is the owner's steering reaching practice; "up" is practice's reports, feedback
and voice reaching the owner. Each has a *present* form (links that exist, broken ones
included) and a *potential* form (declared missing or planned links too: the chain as
intended), and a dominator tree over each.

Searches run over adjacency lists filtered once per audit by a named link test (`FILTERS`),
so a search never re-judges a link: on a national chain that is most of the work.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import Literal

from deliverychain.analysis import linkfacts
from deliverychain.analysis.context import AuditContext
from deliverychain.analysis.dominators import DominatorTree, dominator_tree

FilterName = Literal["steers", "could_steer", "reports_up", "could_report_up", "may_carry_learning"]
FILTERS = {
    "steers": linkfacts.steers,
    "could_steer": linkfacts.could_steer,
    "reports_up": linkfacts.reports_up,
    "could_report_up": linkfacts.could_report_up,
    "may_carry_learning": linkfacts.may_carry_learning,
}


def passes(ctx: AuditContext, name: FilterName) -> list[bool]:
    """Per link, whether it passes the named test."""
    return ctx.shared(f"passes:{name}", lambda: [FILTERS[name](link) for link in ctx.links])


def adjacency(ctx: AuditContext, name: FilterName, reverse: bool = False) -> list[list[int]]:
    """Per actor, the links passing the named test that leave it (arrive at it when reverse)."""

    def build() -> list[list[int]]:
        ok = passes(ctx, name)
        lists = ctx.in_links if reverse else ctx.out_links
        return [[j for j in links if ok[j]] for links in lists]

    return ctx.shared(f"adjacency:{name}:{reverse}", build)


def reach(
    ctx: AuditContext, starts: Iterable[int], name: FilterName, reverse: bool = False
) -> tuple[list[bool], list[int]]:
    """Breadth-first search over the named links, as `AuditContext.reach` (reached, witness link)."""
    n = len(ctx.ids)
    reached = [False] * n
    via = [-1] * n
    queue: deque[int] = deque()
    for s in starts:
        if not reached[s]:
            reached[s] = True
            queue.append(s)
    adjacent = adjacency(ctx, name, reverse)
    far = 0 if reverse else 1
    ends = ctx.link_ends
    while queue:
        u = queue.popleft()
        for j in adjacent[u]:
            v = ends[j][far]
            if not reached[v]:
                reached[v] = True
                via[v] = j
                queue.append(v)
    return reached, via


def local_reach(ctx: AuditContext, start: int, name: FilterName, reverse: bool = False) -> dict[int, int]:
    """A search that touches only what it reaches: {actor: link it was reached by}.

    For the few searches a rule does per finding (a loop's witness route), so that their
    cost follows the neighbourhood, not the size of the chain.
    """
    via = {start: -1}
    queue = deque([start])
    adjacent = adjacency(ctx, name, reverse)
    far = 0 if reverse else 1
    ends = ctx.link_ends
    while queue:
        u = queue.popleft()
        for j in adjacent[u]:
            v = ends[j][far]
            if v not in via:
                via[v] = j
                queue.append(v)
    return via


def local_route(ctx: AuditContext, via: dict[int, int], target: int, reverse: bool = False) -> list[int]:
    """Actors from the search's start to `target` (reverse: from `target` to the start)."""
    route = [target]
    near = 1 if reverse else 0
    while via.get(route[-1], -1) != -1:
        route.append(ctx.link_ends[via[route[-1]]][near])
    if not reverse:
        route.reverse()
    return route


# --- shared results -----------------------------------------------------------------


def steered(ctx: AuditContext) -> tuple[list[bool], list[int]]:
    """Actors the owner's present steering reaches (with BFS witnesses)."""
    return ctx.shared("steered", lambda: reach(ctx, [ctx.owner], "steers"))


def heard(ctx: AuditContext) -> tuple[list[bool], list[int]]:
    """Actors with a present upward route to the owner (witnesses point towards the owner)."""
    return ctx.shared("heard", lambda: reach(ctx, [ctx.owner], "reports_up", reverse=True))


def steers_practice(ctx: AuditContext) -> list[bool]:
    """Actors whose present steering reaches some practice actor (practice included)."""
    return ctx.shared("steers_practice", lambda: reach(ctx, ctx.practice, "steers", reverse=True)[0])


def _tree(ctx: AuditContext, name: FilterName, reverse: bool = False) -> DominatorTree:
    return ctx.shared(f"tree:{name}", lambda: dominator_tree(ctx, ctx.owner, passes(ctx, name), reverse))


def down_tree(ctx: AuditContext) -> DominatorTree:
    return _tree(ctx, "steers")


def down_potential_tree(ctx: AuditContext) -> DominatorTree:
    return _tree(ctx, "could_steer")


def up_tree(ctx: AuditContext) -> DominatorTree:
    """Dominators of the reversed upward graph: what every route back to the owner passes through."""
    return _tree(ctx, "reports_up", reverse=True)


def up_potential_tree(ctx: AuditContext) -> DominatorTree:
    return _tree(ctx, "could_report_up", reverse=True)


def _behind_absent_link(ctx: AuditContext, tree: DominatorTree) -> list[bool]:
    """Per actor: every intended route to it passes through a link declared missing or planned."""
    n = len(ctx.ids)
    mark = [False] * (n + len(ctx.links))
    for j, link in enumerate(ctx.links):
        if linkfacts.is_absent(link):
            mark[n + j] = True
    return tree.marked_above(mark)[:n]


def behind_absent_down(ctx: AuditContext) -> list[bool]:
    """Actors the owner would reach only through a declared missing/planned link (DC105's to report)."""
    return ctx.shared("behind_absent_down", lambda: _behind_absent_link(ctx, down_potential_tree(ctx)))


def behind_absent_up(ctx: AuditContext) -> list[bool]:
    """Actors whose only intended route back to the owner has a declared missing/planned link."""
    return ctx.shared("behind_absent_up", lambda: _behind_absent_link(ctx, up_potential_tree(ctx)))


def weights(ctx: AuditContext, members: Iterable[int]) -> list[int]:
    """1 for each member, 0 for every other actor: for dominator subtree counts."""
    weight = [0] * len(ctx.ids)
    for i in members:
        weight[i] = 1
    return weight
