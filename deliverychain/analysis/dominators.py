"""Dominators of actors *and links*: what every route from the owner passes through.

"12 of 40 practice actors are reached only through this link" is a dominator question. A
link is made a node of its own (the edge-split graph: u -> link -> v), so one dominator
tree answers it for actors and links at once, and subtree counts give "how many depend
on this" for every node in one pass. Per-link searches would be quadratic on a national
chain; this is near-linear.

Algorithm: Cooper, Harvey and Kennedy, "A Simple, Fast Dominance Algorithm" (2001):
iterate immediate dominators in reverse postorder, intersecting predecessors by walking
up the tree by postorder number. An acyclic graph settles in one pass (plus one to
confirm); chains are nearly acyclic and shallow, so each intersection walk is short.
Everything is iterative: no recursion limit on deep chains.

Node numbering: actor i is node i; link j is node n + j. A link node has exactly one
predecessor (the actor it leaves), so its immediate dominator is that actor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from deliverychain.analysis.context import AuditContext


@dataclass(frozen=True)
class DominatorTree:
    #: Number of actors; nodes >= n are links (node n + j is link j).
    n: int
    root: int
    #: Immediate dominator of each node; -1 where the node is not reached; root -> root.
    idom: list[int]
    #: Reached nodes in postorder: every node comes before its dominators.
    postorder: list[int]

    def reached(self, node: int) -> bool:
        return self.idom[node] != -1

    def subtree_totals(self, weight: Sequence[int]) -> list[int]:
        """For every node, the summed actor weights of the nodes it dominates (itself included)."""
        n = self.n
        totals = [0] * len(self.idom)
        for node in self.postorder:
            if node < n:
                totals[node] += weight[node]
            if node != self.root:
                totals[self.idom[node]] += totals[node]
        return totals

    def marked_above(self, mark: Sequence[bool]) -> list[bool]:
        """For every node, whether it or one of its dominators is marked (mark is per node)."""
        below = [False] * len(self.idom)
        for node in reversed(self.postorder):
            parent = self.idom[node]
            below[node] = mark[node] or (node != self.root and below[parent])
        return below


def dominator_tree(ctx: AuditContext, root: int, usable: Sequence[bool], reverse: bool = False) -> DominatorTree:
    """Dominators over the links marked usable, from `root` (against link direction if reverse)."""
    n, m = len(ctx.ids), len(ctx.links)
    forward = ctx.in_links if reverse else ctx.out_links
    backward = ctx.out_links if reverse else ctx.in_links
    ends = ctx.link_ends
    far, near = (0, 1) if reverse else (1, 0)

    postorder = _postorder(n, root, forward, usable, ends, far)
    number = [-1] * (n + m)
    for k, node in enumerate(postorder):
        number[node] = k

    idom = [-1] * (n + m)
    idom[root] = root

    def intersect(a: int, b: int) -> int:
        while a != b:
            while number[a] < number[b]:
                a = idom[a]
            while number[b] < number[a]:
                b = idom[b]
        return a

    rpo = postorder[::-1]
    changed = True
    while changed:
        changed = False
        for node in rpo:
            if node == root:
                continue
            if node >= n:
                new = ends[node - n][near]
            else:
                new = -1
                for j in backward[node]:
                    pred = n + j
                    if idom[pred] == -1:  # not reached, or not processed yet in this pass
                        continue
                    new = pred if new == -1 else intersect(pred, new)
            if idom[node] != new:
                idom[node] = new
                changed = True
    return DominatorTree(n, root, idom, postorder)


def _postorder(
    n: int, root: int, forward: list[list[int]], usable: Sequence[bool],
    ends: list[tuple[int, int]], far: int,
) -> list[int]:
    """Depth-first postorder of the edge-split graph, iteratively."""
    seen = bytearray(n)
    seen[root] = 1
    order: list[int] = []
    # Each frame: [node, position]; for an actor the next out-link to try, for a link 0/1.
    stack: list[list[int]] = [[root, 0]]
    while stack:
        frame = stack[-1]
        node = frame[0]
        if node < n:
            out = forward[node]
            k = frame[1]
            while k < len(out) and not usable[out[k]]:
                k += 1
            if k < len(out):
                frame[1] = k + 1
                stack.append([n + out[k], 0])
                continue
        elif frame[1] == 0:
            frame[1] = 1
            v = ends[node - n][far]
            if not seen[v]:
                seen[v] = 1
                stack.append([v, 0])
                continue
        order.append(node)
        stack.pop()
    return order
