"""Dominators of actors and links, checked against networkx on the edge-split graph."""

from __future__ import annotations

import networkx as nx
from hypothesis import example, given, settings
from hypothesis import strategies as st

from deliverychain.model import Chain
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.dominators import dominator_tree, merged_tree


def _chain(n: int, edges: list[tuple[int, int]]) -> Chain:
    return Chain.model_validate({
        "chain": {"id": "g", "title": "G", "intent": "I", "owner": "a0"},
        "actors": [{"id": f"a{i}", "name": f"A{i}", "tier": "system", "kind": "k"} for i in range(n)],
        "links": [{"from": f"a{u}", "to": f"a{v}", "kind": "support"} for u, v in edges],
    })


def _expected(n: int, edges: list[tuple[int, int]], reverse: bool) -> dict[int, int]:
    """networkx immediate dominators of the edge-split graph: link j is node n + j."""
    graph = nx.DiGraph()
    graph.add_node(0)
    for j, (u, v) in enumerate(edges):
        a, b = (v, u) if reverse else (u, v)
        graph.add_edge(a, n + j)
        graph.add_edge(n + j, b)
    # networkx versions differ on whether the start is listed (as its own dominator): leave it out.
    return {node: parent for node, parent in nx.immediate_dominators(graph, 0).items() if node != 0}


graphs = st.integers(min_value=1, max_value=9).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=3 * n),
    )
)


@settings(max_examples=300, deadline=None)
@given(graphs, st.booleans())
def test_matches_networkx_on_random_graphs(graph: tuple[int, list[tuple[int, int]]], reverse: bool) -> None:
    n, edges = graph
    ctx = AuditContext(_chain(n, edges))
    tree = dominator_tree(ctx, 0, [True] * len(edges), reverse=reverse)
    got = {node: parent for node, parent in enumerate(tree.idom) if parent != -1 and node != 0}
    assert tree.idom[0] == 0
    assert got == _expected(n, edges, reverse)


def test_a_link_dominates_what_is_reached_only_through_it() -> None:
    # a0 -> a1 twice (two kinds), a1 -> a2 once: a2 depends on link 2 alone, a1 on no single link.
    ctx = AuditContext(_chain(3, [(0, 1), (0, 1), (1, 2)]))
    tree = dominator_tree(ctx, 0, [True, True, True])
    n = 3
    assert tree.idom[1] == 0
    assert tree.idom[2] == n + 2
    totals = tree.subtree_totals([0, 1, 1])
    assert totals[n + 2] == 1 and totals[n + 0] == 0 and totals[0] == 2


def test_unusable_links_are_not_followed() -> None:
    ctx = AuditContext(_chain(3, [(0, 1), (1, 2)]))
    tree = dominator_tree(ctx, 0, [True, False])
    assert tree.reached(1) and not tree.reached(2)
    assert tree.marked_above([False, False, False, True, False]) == [False, True, False, True, False]


# --- the edge-split view against its definition, by brute force --------------------

MERGED = -1  # the one node that the actors of a merged root become


def _split_graph(n: int, edges: list[tuple[int, int]], usable: list[bool], inside: set[int],
                 reverse: bool) -> dict[int, list[int]]:
    """Successors in the edge-split graph of the usable links (link j is node n + j), with
    the actors `inside` as the one node MERGED."""
    def node(a: int) -> int:
        return MERGED if a in inside else a

    successors: dict[int, list[int]] = {}
    for j, (u, v) in enumerate(edges):
        if usable[j]:
            a, b = (v, u) if reverse else (u, v)
            successors.setdefault(node(a), []).append(n + j)
            successors.setdefault(n + j, []).append(node(b))
    return successors


def _reached(successors: dict[int, list[int]], without: int | None = None) -> set[int]:
    seen, stack = {MERGED}, [MERGED]
    while stack:
        for y in successors.get(stack.pop(), []):
            if y != without and y not in seen:
                seen.add(y)
                stack.append(y)
    return seen


def _dominated(successors: dict[int, list[int]]) -> dict[int, set[int]]:
    """For every reached node, the nodes that dominate it: itself, and every node without
    which it is not reached (the root left out)."""
    reached = _reached(successors)
    cut = {d: _reached(successors, d) for d in reached - {MERGED}}
    return {x: {x} | {d for d in cut if x not in cut[d]} for x in reached - {MERGED}}


def _by_definition(n: int, edges: list[tuple[int, int]], usable: list[bool], inside: set[int], reverse: bool,
                   mark: list[bool], weight: list[int], root_mark: bool) -> tuple[dict[int, bool], dict[int, int]]:
    """(marked_above, subtree_totals) of every node but the root, straight from the definitions."""
    dominated = _dominated(_split_graph(n, edges, usable, inside, reverse))
    above = {x: x in dominated and (root_mark or any(mark[d] for d in dominated[x])) for x in range(n + len(edges))}
    totals = {x: sum(weight[a] for a in dominated if a < n and x in dominated[a]) for x in range(n + len(edges))}
    return above, totals


views = graphs.flatmap(lambda g: st.tuples(
    st.just(g),
    st.lists(st.booleans(), min_size=len(g[1]), max_size=len(g[1])),  # usable links
    st.lists(st.booleans(), min_size=g[0] + len(g[1]), max_size=g[0] + len(g[1])),  # marks
    st.lists(st.integers(0, 3), min_size=g[0], max_size=g[0]),  # actor weights
    st.sets(st.integers(0, g[0] - 1), min_size=1),  # the root, or the actors merged into it
    st.booleans(),  # against link direction
))
View = tuple[tuple[int, list[tuple[int, int]]], list[bool], list[bool], list[int], set[int], bool]


@settings(max_examples=300, deadline=None)
@given(views)
@example((((3, [(0, 1), (1, 2), (0, 2)])), [True] * 3, [False, True, False, False, False, False], [1, 1, 1], {0},
          False))  # a marked actor marks what it dominates, not what it does not
@example((((3, [(0, 1), (1, 2)])), [True] * 2, [True, False, False, False, True], [1, 2, 4], {0},
          False))  # a marked root marks everything reached; the last link alone is marked
def test_the_edge_split_view_of_a_tree_from_one_actor_is_its_definition(view: View) -> None:
    (n, edges), usable, mark, weight, roots, reverse = view
    root = min(roots)
    tree = dominator_tree(AuditContext(_chain(n, edges)), root, usable, reverse)
    above, totals = _by_definition(n, edges, usable, {root}, reverse, mark, weight, mark[root])
    assert tree.marked_above(mark) == [mark[root] if x == root else above[x] for x in range(n + len(edges))]
    assert tree.subtree_totals(weight) == [sum(weight[a] for a in range(n) if tree.reached(a)) if x == root
                                           else totals[x] for x in range(n + len(edges))]


@settings(max_examples=300, deadline=None)
@given(views)
@example((((3, [(0, 1), (1, 2), (0, 2)])), [True] * 3, [True, False, True, False, False, False], [1, 1, 1], {0},
          False))  # an actor the merged root leads to by two links: only its own mark
def test_the_edge_split_view_of_a_merged_tree_is_its_definition_outside(view: View) -> None:
    """With actors merged into the root, the view holds for the actors outside and for the
    links that leave them (it numbers no node for the root, nor links from it)."""
    (n, edges), usable, mark, weight, inside, reverse = view
    ctx = AuditContext(_chain(n, edges))
    near, far = (ctx.targets, ctx.sources) if reverse else (ctx.sources, ctx.targets)
    forward, backward = (ctx.in_links, ctx.out_links) if reverse else (ctx.out_links, ctx.in_links)
    leaving = [[j for j in links if usable[j]] for links in forward]
    arriving = [[j for j in links if usable[j]] for links in backward]
    entries = [j for j in range(len(edges)) if usable[j] and near[j] in inside and far[j] not in inside]
    flags = [i in inside for i in range(n)]
    tree = merged_tree(ctx, flags, entries, usable, leaving, arriving, reverse)
    above, totals = _by_definition(n, edges, usable, inside, reverse, mark, weight, False)

    outside = [x for x in range(n + len(edges)) if (x if x < n else near[x - n]) not in inside]
    marked = tree.marked_above(mark)
    assert [marked[x] for x in outside] == [above[x] for x in outside]
    assert not any(marked[a] for a in inside)
    subtree = tree.subtree_totals(weight)
    assert subtree[n:] == [totals[x] for x in range(n, n + len(edges))]  # links from the root too
    assert [subtree[a] for a in range(n)] == [0 if a in inside else totals[a] for a in range(n)]
