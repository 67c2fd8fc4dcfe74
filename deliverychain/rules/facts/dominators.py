"""Dominators of actors *and links*: what every route from the owner passes through.

"12 of 40 practice actors are reached only through this link" is a dominator question.
In the edge-split graph (u -> link -> v) one dominator tree answers it for actors and
links at once, and subtree counts give "how many depend on this" for every node in one
pass. Per-link searches would be quadratic on a national chain; this is near-linear.

The tree is computed over actors only and read for links, which halves the work: every
route reaches an actor v for the first time through a link from an actor reachable without
passing through v. When exactly one link is of that sort, every route to v ends with it:
it is v's immediate dominator in the edge-split graph and dominates whatever v dominates
(`sole[v]`). Every other link dominates only itself, below its source.

Algorithm: Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm" (2001):
immediate dominators in reverse postorder, intersecting predecessors by walking up the
tree by postorder number. A predecessor that finishes before v in the depth-first search
is v's descendant (a back edge); when v dominates the source of every such edge (each loop
is entered through one actor, as in every chain we know), one pass over the other
predecessors gives the exact tree, and it is checked. Otherwise the iteration of the paper
runs to its fixed point. Everything is iterative: no recursion limit on deep chains.

Node numbering for the edge-split view: actor i is node i; link j is node n + j.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from deliverychain.rules.facts.context import AuditContext


class DominatorTree:
    """Dominators from a root actor, or from a set of actors merged into one root (`merged_tree`)."""

    def __init__(
        self, n: int, root: int, idom: list[int], sole: list[int], order: list[int],
        usable: Sequence[bool], near: Sequence[int], far: Sequence[int],
    ) -> None:
        #: Number of actors.
        self.n = n
        #: The root: an actor, or n when a set of actors is merged into one root.
        self.root = root
        #: Immediate dominator of each actor among actors; -1 where not reached; root -> root.
        self.actor_idom = idom
        #: Per actor: the one link every route to it ends with, else -1.
        self.sole = sole
        #: Reached actors (and the root) in postorder: every node comes before its dominators.
        self.order = order
        self._usable, self._near, self._far = usable, near, far

    def reached(self, node: int) -> bool:
        if node < self.n:
            return self.actor_idom[node] != -1
        j = node - self.n
        return bool(self._usable[j]) and self.actor_idom[self._near[j]] != -1

    def totals(self, weight: Sequence[int]) -> list[int]:
        """For every actor, the summed weights of the actors it dominates (itself included)."""
        totals = [0] * len(self.actor_idom)
        idom, root, n = self.actor_idom, self.root, self.n
        for node in self.order:
            if node < n:
                totals[node] += weight[node]
            if node != root:
                totals[idom[node]] += totals[node]
        return totals

    def link_total(self, j: int, totals: Sequence[int]) -> int:
        """What link j dominates, from `totals`: all its far end dominates if it is that end's sole link."""
        v = self._far[j]
        return totals[v] if self.sole[v] == j else 0

    def behind(self, marked: Sequence[bool]) -> list[bool]:
        """For every actor, whether a marked link dominates it."""
        below = [False] * len(self.actor_idom)
        idom, sole = self.actor_idom, self.sole
        for node in reversed(self.order):
            if node != self.root:
                s = sole[node]
                below[node] = (s != -1 and bool(marked[s])) or below[idom[node]]
        return below[: self.n]

    # --- the edge-split view (link j is node n + j) ---------------------------------
    # For a merged tree (root n) it holds for the actors outside and the links that leave
    # them: it has no node for the merged root, and `reached`, `idom` and `marked_above`
    # count the links from it as not reached (`subtree_totals` gives what they dominate).

    @cached_property
    def idom(self) -> list[int]:
        """Immediate dominator of every node of the edge-split graph; -1 where not reached."""
        n = self.n
        nodes = [n + s if s != -1 else d for d, s in zip(self.actor_idom[:n], self.sole[:n], strict=True)]
        return nodes + [self._near[j] if self.reached(n + j) else -1 for j in range(len(self._near))]

    def subtree_totals(self, weight: Sequence[int]) -> list[int]:
        """For every node, the summed actor weights of the nodes it dominates (itself included)."""
        totals = self.totals(weight)[: self.n] + [0] * len(self._near)
        for node in self.order:
            if self.sole[node] != -1:  # never the root (nor the merged root n): it has no way in
                totals[self.n + self.sole[node]] = totals[node]
        return totals

    def marked_above(self, mark: Sequence[bool]) -> list[bool]:
        """For every node, whether it or one of its dominators is marked (mark is per node)."""
        n = self.n
        below = [False] * (n + len(self._near))
        for node in reversed(self.order):
            if node >= n:
                continue
            if node == self.root:
                below[node] = bool(mark[node])
                continue
            s = self.sole[node]
            above = (bool(mark[n + s]) or below[self._near[s]]) if s != -1 else below[self.actor_idom[node]]
            below[node] = bool(mark[node]) or above
        for j in range(len(self._near)):
            if self.reached(n + j):
                below[n + j] = bool(mark[n + j]) or below[self._near[j]]
        return below


def dominator_tree(ctx: AuditContext, root: int, usable: Sequence[bool], reverse: bool = False) -> DominatorTree:
    """Dominators over the links marked usable, from `root` (against link direction if reverse)."""
    forward, backward = (ctx.in_links, ctx.out_links) if reverse else (ctx.out_links, ctx.in_links)
    leaving = [[j for j in links if usable[j]] for links in forward]
    arriving = [[j for j in links if usable[j]] for links in backward]
    return tree_over(ctx, root, usable, leaving, arriving, reverse)


def tree_over(
    ctx: AuditContext, root: int, usable: Sequence[bool],
    leaving: Sequence[Sequence[int]], arriving: Sequence[Sequence[int]], reverse: bool,
) -> DominatorTree:
    """`dominator_tree` with the usable links of each actor already listed (leaving it, arriving at it)."""
    n = len(ctx.ids)
    near, far = (ctx.targets, ctx.sources) if reverse else (ctx.sources, ctx.targets)
    idom, sole, order = _dominators(n, root, list(range(n)), bytearray(n), leaving[root], leaving, arriving,
                                    near, far)
    return DominatorTree(n, root, idom, sole, order, usable, near, far)


def merged_tree(
    ctx: AuditContext, inside: Sequence[bool], entries: Sequence[int], usable: Sequence[bool],
    leaving: Sequence[Sequence[int]], arriving: Sequence[Sequence[int]], reverse: bool,
) -> DominatorTree:
    """Dominators of the actors outside `inside`, with every actor inside merged into one root.

    `entries` are the usable links from inside to outside. For actors outside, and for links
    that leave or lie outside, this is the tree from any root inside that reaches every
    actor inside through links that stay inside (routes, which the caller guarantees):
    every route in from the root can start with such a route, so only the part outside
    differs between routes. Actors inside are not in the tree.
    """
    n = len(ctx.ids)
    near, far = (ctx.targets, ctx.sources) if reverse else (ctx.sources, ctx.targets)
    top = n
    rep = [top if flag else i for i, flag in enumerate(inside)]
    idom, sole, order = _dominators(n, top, rep, bytearray(map(bool, inside)), entries, leaving, arriving,
                                    near, far)
    return DominatorTree(n, top, idom, sole, order, usable, near, far)


def _dominators(
    n: int, top: int, rep: list[int], inside: bytearray, entries: Sequence[int],
    leaving: Sequence[Sequence[int]], arriving: Sequence[Sequence[int]],
    near: Sequence[int], far: Sequence[int],
) -> tuple[list[int], list[int], list[int]]:
    """(immediate dominator, sole link, postorder) of every actor, from `top`.

    rep[i] is the node actor i counts as: itself, or `top` when merged into the root (then
    `inside` marks it, and top == n is a node of its own).
    """
    size = max(n, top + 1)
    order = _postorder(size, top, inside, entries, leaving, far)
    number = [-1] * size
    for k, node in enumerate(order):
        number[node] = k
    idom = [-1] * size
    idom[top] = top
    sole = [-1] * size

    # One pass over the predecessors that finish after each actor (all processed before it).
    back: list[tuple[int, int]] = []
    for v in reversed(order):
        if v == top:
            continue
        nv = number[v]
        new = first = -1
        count = 0
        for j in arriving[v]:
            p = rep[near[j]]
            k = number[p]
            if k > nv:
                count += 1
                first = j
                if new == -1:
                    new = p
                elif new != p:
                    new = _intersect(p, new, idom, number)
            elif k != -1 and p != v:
                back.append((v, p))
        idom[v] = new
        if count == 1:
            sole[v] = first
    if all(_dominates(v, p, idom, number) for v, p in back):
        return idom, sole, order
    return (*_iterated(top, rep, order, number, arriving, near), order)


def _intersect(a: int, b: int, idom: list[int], number: list[int]) -> int:
    """The nearest common dominator of a and b (Cooper, Harvey and Kennedy's two fingers)."""
    while a != b:
        while number[a] < number[b]:
            a = idom[a]
        while number[b] < number[a]:
            b = idom[b]
    return a


def _dominates(d: int, node: int, idom: list[int], number: list[int]) -> bool:
    """Whether d is `node` or one of its dominators (postorder numbers grow up the tree)."""
    nd = number[d]
    while number[node] < nd:
        node = idom[node]
    return node == d


def _iterated(
    top: int, rep: list[int], order: list[int], number: list[int],
    arriving: Sequence[Sequence[int]], near: Sequence[int],
) -> tuple[list[int], list[int]]:
    """The paper's iteration to a fixed point, for graphs with a loop entered at two places."""
    size = len(number)
    idom = [-1] * size
    idom[top] = top

    rpo = [v for v in reversed(order) if v != top]
    changed = True
    while changed:
        changed = False
        for v in rpo:
            new = -1
            for j in arriving[v]:
                p = rep[near[j]]
                if p == v or idom[p] == -1:  # a self-loop, or not reached, or not processed yet
                    continue
                new = p if new == -1 else _intersect(p, new, idom, number)
            if idom[v] != new:
                idom[v] = new
                changed = True
    # Each actor's sole link: the one way in from an actor reachable without passing through it.
    sole = [-1] * size
    for v in rpo:
        ways_in = [j for j in arriving[v]
                   if (p := rep[near[j]]) != v and number[p] != -1 and not _dominates(v, p, idom, number)]
        if len(ways_in) == 1:
            sole[v] = ways_in[0]
    return idom, sole


def _postorder(
    size: int, top: int, inside: bytearray, entries: Sequence[int],
    leaving: Sequence[Sequence[int]], far: Sequence[int],
) -> list[int]:
    """Depth-first postorder of the actors reached from `top`, iteratively."""
    seen = inside + bytearray(size - len(inside))
    seen[top] = 1
    order: list[int] = []
    stack = [(top, iter(entries))]
    while stack:
        node, links = stack[-1]
        for j in links:  # resumes where this actor's last visit left off
            v = far[j]
            if not seen[v]:
                seen[v] = 1
                stack.append((v, iter(leaving[v])))
                break
        else:
            stack.pop()
            order.append(node)
    return order
