"""Routes and relations, checked against their definitions.

Every shared route (`facts/routes.py`) is a search from a set of actors over the links that
pass one link test; every dominator tree says which actor or link all those routes pass
through. The references here are written from those definitions alone: networkx reachability
over the links that pass the test (judged link by link with `linkfacts`), and "removing it
cuts the actor off" for dominance, with joint owners searched from together.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

import networkx as nx
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from deliverychain.model import Chain, Link
from deliverychain.rules.facts import linkfacts, relations, routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.dominators import DominatorTree

TIERS = ("national", "regional", "system", "organisation", "frontline", "public")
KINDS = ("mandate", "commissioning", "support", "reporting", "feedback", "voice", "peer-learning")
STRENGTHS = ("strong", "weak", "broken", "missing", "planned", "unknown")

Edge = tuple[int, int, str, str]  # from, to, kind, strength


def _chain(tiers: list[str], owners: list[int], edges: list[Edge]) -> Chain:
    owner: str | list[str] = f"a{owners[0]}" if len(owners) == 1 else [f"a{o}" for o in owners]
    info: dict = {"id": "g", "title": "G", "intent": "I", "owner": owner}
    if len(owners) > 1:
        info["lead"] = f"a{owners[0]}"
    return Chain.model_validate({
        "chain": info,
        "actors": [{"id": f"a{i}", "name": f"A{i}", "tier": t, "kind": "k"} for i, t in enumerate(tiers)],
        "links": [{"from": f"a{u}", "to": f"a{v}", "kind": kind, "strength": strength}
                  for u, v, kind, strength in edges],
    })


@st.composite
def chains(draw: st.DrawFn) -> Chain:
    n = draw(st.integers(min_value=1, max_value=8))
    tiers = draw(st.lists(st.sampled_from(TIERS), min_size=n, max_size=n))
    owners = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=min(3, n), unique=True))
    edges = draw(st.lists(
        st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.sampled_from(KINDS), st.sampled_from(STRENGTHS)),
        max_size=3 * n,
    ))
    return _chain(tiers, owners, edges)


# Hard cases, tried on every run. Joint owners where only the second reaches some actors,
# down and up; owners linked to each other; a link declared missing out of what is reached.
JOINT_DOWN = _chain(["national", "national", "system", "frontline", "frontline"], [0, 1], [
    (0, 1, "mandate", "strong"), (1, 2, "commissioning", "strong"), (2, 3, "support", "weak"),
    (0, 3, "support", "strong"), (2, 4, "support", "missing"), (3, 4, "support", "planned"),
])
JOINT_UP = _chain(["national", "national", "system", "frontline", "frontline"], [0, 1], [
    (1, 0, "reporting", "strong"), (2, 1, "reporting", "strong"), (3, 2, "feedback", "weak"),
    (3, 0, "voice", "strong"), (4, 2, "reporting", "missing"), (4, 3, "reporting", "planned"),
])
ONE_OWNER = _chain(["national", "system", "system", "frontline", "public"], [0], [
    (0, 1, "mandate", "strong"), (1, 3, "support", "strong"), (0, 2, "mandate", "missing"),
    (2, 3, "support", "strong"), (3, 4, "voice", "broken"), (4, 1, "feedback", "strong"),
    (3, 1, "reporting", "planned"), (1, 0, "reporting", "strong"),
])


def hard_cases(test: Callable) -> Callable:
    """The three chains above as explicit examples of a property over one chain."""
    return example(JOINT_DOWN)(example(JOINT_UP)(example(ONE_OWNER)(test)))


# --- the reference: searches and cuts over the links that pass a test ----------------------

TESTS: dict[routes.FilterName, Callable[[Link], bool]] = {
    "steers": linkfacts.steers,
    "could_steer": linkfacts.could_steer,
    "reports_up": linkfacts.reports_up,
    "could_report_up": linkfacts.could_report_up,
    "may_carry_learning": linkfacts.may_carry_learning,
}


def _graph(ctx: AuditContext, name: routes.FilterName, reverse: bool,
           without: int | None = None, without_actor: int | None = None) -> nx.MultiDiGraph:
    """The actors, and the links passing test `name` (turned round when reverse), less one link
    or every link of one actor."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(range(len(ctx.ids)))
    test = TESTS[name]
    for j, link in enumerate(ctx.chain.links):
        u, v = ctx.index[link.source], ctx.index[link.target]
        if test(link) and j != without and without_actor not in (u, v):
            graph.add_edge(*((v, u) if reverse else (u, v)), key=j)
    return graph


def _reached(graph: nx.MultiDiGraph, starts: list[int]) -> list[bool]:
    found = set(starts)
    for s in starts:
        found |= nx.descendants(graph, s)
    return [i in found for i in range(graph.number_of_nodes())]


def _expected_reach(ctx: AuditContext, starts: list[int], name: routes.FilterName, reverse: bool) -> list[bool]:
    return _reached(_graph(ctx, name, reverse), starts)


def _check_witnesses(ctx: AuditContext, starts: list[int], name: routes.FilterName, reverse: bool,
                     via: list[int]) -> None:
    """Each reached actor's witness link passes the test and ends a shortest route to it."""
    graph = _graph(ctx, name, reverse)
    hops = nx.multi_source_dijkstra_path_length(graph, set(starts)) if starts else {}
    near, far = (ctx.targets, ctx.sources) if reverse else (ctx.sources, ctx.targets)
    for v in range(len(ctx.ids)):
        if v in starts or v not in hops:
            assert via[v] == -1
            continue
        j = via[v]
        assert TESTS[name](ctx.links[j]) and far[j] == v
        assert hops[near[j]] + 1 == hops[v]


def _check_tree(ctx: AuditContext, tree: DominatorTree, name: routes.FilterName, reverse: bool,
                merged: list[bool]) -> None:
    """The tree from the owners over test `name`, against cutting each actor and each link out.

    `merged` marks actors folded into the root: they and what depends on them only through
    them are not the tree's to answer for, so only actors outside are checked.
    """
    n = len(ctx.ids)
    owners = ctx.owners
    whole = _reached(_graph(ctx, name, reverse), owners)
    outside = [i for i in range(n) if not merged[i]]
    for v in outside:
        assert tree.reached(v) == whole[v], v
    near = ctx.targets if reverse else ctx.sources
    passing = [TESTS[name](link) for link in ctx.links]
    for j in range(len(ctx.links)):
        if not merged[near[j]]:
            assert tree.reached(n + j) == (passing[j] and whole[near[j]]), j
    # An actor or link dominates v when every route from the owners to v passes it.
    # totals of v alone weighing 1 is nonzero at exactly v's dominators.
    dominators_of = [tree.totals([int(i == v) for i in range(n)]) for v in range(n)]
    for d in outside:
        if d in owners:
            continue
        cut = _reached(_graph(ctx, name, reverse, without_actor=d), owners)
        for v in outside:
            if v == d or v in owners or not whole[v]:
                continue
            assert (dominators_of[v][d] > 0) == (not cut[v]), (d, v)
        assert dominators_of[d][d] == 1 or not whole[d]
    far = ctx.sources if reverse else ctx.targets
    for j in range(len(ctx.links)):
        if merged[near[j]] and merged[far[j]]:
            continue  # lies inside the root
        cut = _reached(_graph(ctx, name, reverse, without=j), owners)
        behind = tree.behind([k == j for k in range(len(ctx.links))])
        for v in outside:
            if v not in owners:
                assert behind[v] == (whole[v] and not cut[v]), (j, v)


# --- searches -----------------------------------------------------------------------------

SEARCHES: list[tuple[Callable[[AuditContext], list[bool]], str, routes.FilterName, bool]] = [
    (routes.could_steer_from_owners, "owners", "could_steer", False),
    (routes.could_report_to_owners, "owners", "could_report_up", True),
    (routes.reported_by_beneficiaries, "beneficiaries", "reports_up", False),
    (routes.reported_by_practice, "practice", "reports_up", False),
    (routes.steers_practice, "practice", "steers", True),
]


@settings(max_examples=150, deadline=None)
@given(chains())
@hard_cases
def test_every_shared_search_reaches_what_the_links_passing_its_test_reach(chain: Chain) -> None:
    ctx = AuditContext(chain)
    for search, starts_from, name, reverse in SEARCHES:
        starts = getattr(ctx, starts_from)
        assert search(ctx) == _expected_reach(ctx, starts, name, reverse), search.__name__
    reached, via = routes.steered(ctx)
    assert reached == _expected_reach(ctx, ctx.owners, "steers", False)
    _check_witnesses(ctx, ctx.owners, "steers", False, via)
    reached, via = routes.heard(ctx)
    assert reached == _expected_reach(ctx, ctx.owners, "reports_up", True)
    _check_witnesses(ctx, ctx.owners, "reports_up", True, via)


@settings(max_examples=100, deadline=None)
@given(chains(), st.sampled_from(sorted(TESTS)), st.booleans())
@example(ONE_OWNER, "reports_up", True)
@example(JOINT_DOWN, "could_steer", False)
def test_a_local_search_and_its_route_follow_the_links_passing_the_test(
    chain: Chain, name: routes.FilterName, reverse: bool,
) -> None:
    ctx = AuditContext(chain)
    graph = _graph(ctx, name, reverse)
    near, far = (ctx.targets, ctx.sources) if reverse else (ctx.sources, ctx.targets)
    for start in range(len(ctx.ids)):
        via = routes.local_reach(ctx, start, name, reverse)
        assert set(via) == {start} | nx.descendants(graph, start)
        assert routes.reach(ctx, [start], name, reverse)[0] == [i in via for i in range(len(ctx.ids))]
        for target in via:
            route = routes.local_route(ctx, via, target, reverse)
            walk = route[::-1] if reverse else route  # in the search's direction
            assert walk[0] == start and walk[-1] == target
            assert len(walk) - 1 == nx.shortest_path_length(graph, start, target)
            for a, b in pairwise(walk):
                j = via[b]
                assert TESTS[name](ctx.links[j]) and (near[j], far[j]) == (a, b)


# --- dominator trees ----------------------------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(chains())
@hard_cases
def test_the_present_trees_say_what_every_route_from_the_owners_passes_through(chain: Chain) -> None:
    ctx = AuditContext(chain)
    owners_only = [i in ctx.owners for i in range(len(ctx.ids))]
    _check_tree(ctx, routes.down_tree(ctx), "steers", False, owners_only)
    _check_tree(ctx, routes.up_tree(ctx), "reports_up", True, owners_only)


@settings(max_examples=100, deadline=None)
@given(chains())
@hard_cases
def test_the_intended_trees_say_what_every_intended_route_passes_through(chain: Chain) -> None:
    """Over present and declared missing or planned links, for actors the present links miss."""
    ctx = AuditContext(chain)
    steered = _expected_reach(ctx, ctx.owners, "steers", False)
    heard = _expected_reach(ctx, ctx.owners, "reports_up", True)
    _check_tree(ctx, routes.down_potential_tree(ctx), "could_steer", False, steered)
    _check_tree(ctx, routes.up_potential_tree(ctx), "could_report_up", True, heard)

    absent = [not linkfacts.is_present(link) for link in ctx.links]
    for name, reverse, behind in (("could_steer", False, routes.behind_absent_down(ctx)),
                                  ("could_report_up", True, routes.behind_absent_up(ctx))):
        whole = _expected_reach(ctx, ctx.owners, name, reverse)
        cuts = [_reached(_graph(ctx, name, reverse, without=j), ctx.owners)
                for j in range(len(ctx.links)) if absent[j]]
        assert behind == [whole[v] and any(not cut[v] for cut in cuts) for v in range(len(ctx.ids))]


def test_joint_owners_are_searched_from_together() -> None:
    """a3 and a4 hang from the second owner only: the trees must still hold them."""
    ctx = AuditContext(_chain(["national", "national", "system", "frontline", "frontline"], [0, 1], [
        (1, 2, "commissioning", "strong"), (2, 3, "support", "strong"), (2, 4, "support", "strong"),
        (4, 1, "reporting", "strong"), (3, 4, "feedback", "strong"),
    ]))
    down, up = routes.down_tree(ctx), routes.up_tree(ctx)
    assert [down.reached(i) for i in (2, 3, 4)] == [True, True, True]
    assert down.behind([True, False, False, False, False]) == [False, False, True, True, True]
    assert down.totals([0, 0, 0, 1, 1])[2] == 2  # a2 is on every route to both
    assert [up.reached(i) for i in (2, 3, 4)] == [False, True, True]
    # a4 reports to the second owner by link 3 alone, and a3 only through a4.
    assert up.behind([False, False, False, True, False]) == [False, False, False, True, True]


def test_a_link_test_must_be_one_of_the_named_columns() -> None:
    ctx = AuditContext(ONE_OWNER)
    assert routes.passes(ctx, "steers") == [linkfacts.steers(link) for link in ctx.links]
    with pytest.raises(KeyError, match="kind"):
        routes.passes(ctx, "kind")  # type: ignore[arg-type]  # a column of facts, but not a link test


# --- relations ------------------------------------------------------------------------------


def _rated(links: list[dict]) -> AuditContext:
    return AuditContext(Chain.model_validate({
        "chain": {"id": "g", "title": "G", "intent": "I", "owner": "a"},
        "actors": [{"id": i, "name": i.upper(), "tier": t, "kind": "k"}
                   for i, t in (("a", "national"), ("b", "system"), ("c", "frontline"))],
        "links": [{"from": "a", "to": "b", "kind": "support", **fields} for fields in links],
    }))


@pytest.mark.parametrize(("fields", "strength_at", "character_at"), [
    ({}, "strength", "character"),
    ({"strength": "weak", "character": "punitive"}, "strength", "character"),
    ({"assessments": [{"rater": "x", "strength": "weak", "character": "punitive"}]}, "assessments", "assessments"),
    ({"strength": "weak", "assessments": [{"rater": "x", "strength": "strong", "character": "directive"}]},
     "strength", "assessments"),
    ({"character": "punitive", "assessments": [{"rater": "x", "strength": "weak"}]}, "assessments", "character"),
])
def test_a_rating_is_placed_where_it_is_written(fields: dict, strength_at: str, character_at: str) -> None:
    """The link's own field when it rates the link (or nothing does), else its assessments."""
    ctx = _rated([fields])
    assert relations.rating_path(ctx, 0, "strength") == ("links", 0, strength_at)
    assert relations.rating_path(ctx, 0, "character") == ("links", 0, character_at)


def test_links_are_grouped_by_sender_in_file_order() -> None:
    ctx = AuditContext(_chain(["national", "system", "system", "frontline"], [0], [
        (2, 3, "support", "strong"), (0, 1, "mandate", "strong"), (2, 1, "support", "strong"),
        (0, 2, "mandate", "strong"), (1, 3, "support", "strong"),
    ]))
    assert relations.by_source(ctx, [4, 3, 2, 1, 0]) == [[2, 0], [3, 1], [4]]
    assert relations.by_source(ctx, [0, 1, 2, 3, 4]) == [[0, 2], [1, 3], [4]]
    assert relations.by_source(ctx, []) == []
