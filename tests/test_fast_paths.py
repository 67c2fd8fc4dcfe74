"""The shortcuts that make national chains fast give exactly what the plain definitions give.

Each test states a definition (a per-link function, a dominator tree of the whole edge-split
graph, a model's own fields-set) and checks the fast form against it on the chains where
they could differ.
"""

from __future__ import annotations

import copy
import pickle

from hypothesis import example, given, settings
from hypothesis import strategies as st

from deliverychain.model import Chain
from deliverychain.model.chunked import validate_chain
from deliverychain.rules.facts import linkfacts, routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.dominators import dominator_tree
from deliverychain.speedups import SharedFieldsSet
from tests.rules.test_robustness import chains

# --- links judged once --------------------------------------------------------------


def _every_number_and_assurance() -> Chain:
    """A return carrying every kind of number and an assurance: numbers only, at the very edge
    of the definition (what it carries is all of numbers-or-formality)."""
    return Chain.model_validate({
        "chain": {"id": "e", "title": "E", "intent": "I", "owner": "a"},
        "actors": [{"id": i, "name": i, "tier": "system", "kind": "k"} for i in ("a", "b")],
        "links": [{"from": "b", "to": "a", "kind": "reporting",
                   "carries": ["targets", "metrics", "money", "ratings", "assurance"]}],
    })


@settings(max_examples=60, deadline=None)
@given(chains())
@example(_every_number_and_assurance())
def test_link_columns_say_what_the_link_functions_say(chain: Chain) -> None:
    facts = AuditContext(chain).facts
    for j, link in enumerate(chain.links):
        assert facts.strength[j] == linkfacts.strength(link)
        assert facts.character[j] == linkfacts.character(link)
        assert facts.present[j] is linkfacts.is_present(link)
        assert facts.absent[j] is linkfacts.is_absent(link)
        assert facts.steers[j] is linkfacts.steers(link)
        assert facts.could_steer[j] is linkfacts.could_steer(link)
        assert facts.reports_up[j] is linkfacts.reports_up(link)
        assert facts.could_report_up[j] is linkfacts.could_report_up(link)
        assert facts.numbers_only[j] is linkfacts.carries_only_numbers(link)
        assert facts.may_carry_learning[j] is linkfacts.may_carry_learning(link)
    assert facts.absent_links == [j for j, link in enumerate(chain.links) if linkfacts.is_absent(link)]


def test_a_return_of_every_kind_of_number_and_an_assurance_is_numbers_only() -> None:
    chain = _every_number_and_assurance()
    assert linkfacts.carries_only_numbers(chain.links[0]) is True
    assert AuditContext(chain).facts.numbers_only == [True]


# --- the chain as intended: dominators over what present links miss -----------------


def _intended_chain(n: int, edges: list[tuple[int, int, bool]], kind: str = "support") -> Chain:
    """Actors a0..a(n-1); (u, v, absent) links of one kind, absent ones declared missing."""
    return Chain.model_validate({
        "chain": {"id": "g", "title": "G", "intent": "I", "owner": "a0"},
        "actors": [{"id": f"a{i}", "name": f"A{i}", "tier": "system", "kind": "k"} for i in range(n)],
        "links": [{"from": f"a{u}", "to": f"a{v}", "kind": kind, "strength": "missing" if absent else "strong"}
                  for u, v, absent in edges],
    })


intended_graphs = st.integers(min_value=1, max_value=9).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.booleans()), max_size=3 * n),
    )
)


@settings(max_examples=300, deadline=None)
@given(intended_graphs, st.booleans())
def test_the_potential_tree_merged_at_what_is_reached_agrees_with_the_whole_tree(
    graph: tuple[int, list[tuple[int, int, bool]]], upward: bool,
) -> None:
    """Behind an absent link, and what each absent link alone leads to, as the whole edge-split tree says.

    Down: steering links from the owner; up: reporting links back to it (against their direction).
    """
    n, edges = graph
    ctx = AuditContext(_intended_chain(n, edges, "reporting" if upward else "support"))
    whole = dominator_tree(ctx, ctx.owner, [True] * len(edges), reverse=upward)
    marks = [False] * n + [absent for _, _, absent in edges]
    weight = [1] * n
    totals = whole.subtree_totals(weight)

    merged = routes.up_potential_tree(ctx) if upward else routes.down_potential_tree(ctx)
    behind = routes.behind_absent_up(ctx) if upward else routes.behind_absent_down(ctx)
    assert behind == whole.marked_above(marks)[:n]
    merged_totals = merged.totals(weight)
    for j in ctx.facts.absent_links:
        assert merged.link_total(j, merged_totals) == totals[n + j]


# --- chunked validation shares what models of a large chain have in common ------------


def _data(n: int) -> dict:
    return {
        "chain": {"id": "c", "title": "T", "intent": "I", "owner": "a0"},
        "actors": [{"id": f"a{i}", "name": f"A{i}", "tier": "system", "kind": "k",
                    **({"roles": ["practice"]} if i % 3 else {})} for i in range(n)],
        "links": [{"to": f"a{i + 1}", "kind": "support",
                   **({"strength": "weak", "from": f"a{i}"} if i % 2 else {"source": f"a{i}"})}
                  for i in range(n - 1)],
    }


def test_models_given_the_same_fields_share_one_fields_set_unseen() -> None:
    expected = Chain.model_validate(_data(300))
    chain = validate_chain(_data(300), chunk=64, share_above=0)
    assert chain == expected
    assert chain.model_dump_json(exclude_unset=True) == expected.model_dump_json(exclude_unset=True)
    first, second, third = chain.links[1], chain.links[3], chain.links[5]  # the same fields
    assert type(first.__pydantic_fields_set__) is SharedFieldsSet
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__ is third.__pydantic_fields_set__
    assert first.__pydantic_fields_set__ == {"source", "target", "kind", "strength"}
    assert chain.links[0].__pydantic_fields_set__ == {"source", "target", "kind"}  # given as 'source'

    first.note = "assigned"  # the model takes its own set before pydantic adds 'note'
    assert first.model_fields_set == {"source", "target", "kind", "strength", "note"}
    assert second.__pydantic_fields_set__ == {"source", "target", "kind", "strength"}
    second.model_fields_set.add("note")  # what callers get is the model's own set
    assert third.__pydantic_fields_set__ == {"source", "target", "kind", "strength"}

    copied = third.model_copy(update={"note": "copied"})
    assert copied.model_fields_set == {"source", "target", "kind", "strength", "note"}
    assert type(copy.deepcopy(third).__pydantic_fields_set__) is set
    assert third.__pydantic_fields_set__ == {"source", "target", "kind", "strength"}
    assert pickle.loads(pickle.dumps(third)) == third


def test_only_large_chains_share() -> None:
    chain = validate_chain(_data(300), chunk=64, share_above=1000)
    assert chain == Chain.model_validate(_data(300))
    assert chain.links[1].__pydantic_fields_set__ is not chain.links[3].__pydantic_fields_set__
    assert type(chain.links[1].__pydantic_fields_set__) is set


def test_link_ends_are_their_actors_id_strings() -> None:
    chain = validate_chain(_data(300), chunk=64, share_above=0)
    ids = {actor.id: actor.id for actor in chain.actors}
    assert all(link.source is ids[link.source] and link.target is ids[link.target] for link in chain.links)


# --- cross-reference checks proved clean in bulk --------------------------------------


def _small_chain() -> dict:
    return {
        "chain": {"id": "c", "title": "T", "intent": "I", "owner": "a0", "tiers": ["top", "middle", "bottom"]},
        "sources": [{"id": "s0", "title": "S"}, {"id": "s1", "title": "S"}],
        "actors": [{"id": f"a{i}", "name": f"A{i}", "tier": ["top", "middle", "bottom"][i % 3], "kind": "k",
                    "evidence": ["s0"] if i == 1 else []} for i in range(4)],
        "links": [
            {"from": "a0", "to": "a1", "kind": "support", "evidence": ["s1"]},
            {"id": "l1", "from": "a1", "to": "a2", "kind": "support", "strength": "missing", "intended_gap": "why",
             "assessments": [{"rater": "R", "strength": "weak", "evidence": ["s0"]}]},
            {"from": "a2", "to": "a3", "kind": "reporting"},
        ],
        "views": [{"id": "v", "focus": "a2", "tiers": ["middle"]}],
    }


_REFERENCES = ["a0", "a1", "a9", "s0", "s9", "l1", "v", 7, 1.5, True, None, [], {"x": 1}]
_TIER_NAMES = ["top", "middle", "nowhere", "government", 7, True, None, ["top"]]
_EVIDENCE = [[], ["s0"], ["s9"], ["s0", 3], "s9", None, [["s9"]]]


def _change(blocks: list[str], keys: list[str], values: list) -> st.SearchStrategy:
    return st.tuples(st.sampled_from(blocks), st.integers(0, 4), st.sampled_from(keys), st.sampled_from(values))


#: (block, item index, key or None for the whole block, value): one change that may or may not break a reference.
_CHANGES = st.one_of(
    _change(["sources", "actors", "links", "views"], ["id"], _REFERENCES),
    _change(["chain"], ["owner"], _REFERENCES),
    _change(["chain"], ["tiers"], [["top", "middle", "bottom"], ["top", "middle", "bottom", "top"],
                                   ["top", 3, "middle", "bottom"], [], None, "top"]),
    _change(["actors"], ["tier"], _TIER_NAMES),
    _change(["actors", "links"], ["evidence"], _EVIDENCE),
    _change(["links"], ["from", "to"], _REFERENCES),
    _change(["links"], ["assessments"], [[{"rater": "R", "strength": "weak", "evidence": ["s9"]}],
                                         [{"evidence": ["s0"]}, "text"], [{"evidence": "s9"}], "s9", []]),
    _change(["links"], ["intended_gap", "strength"], ["why", None, "missing", "planned", "weak", 7, ["missing"]]),
    _change(["views"], ["focus"], _REFERENCES),
    _change(["views"], ["tiers"], [[], ["middle"], ["nowhere"], ["middle", 3], "nowhere", [["top"]]]),
    _change(["sources", "actors", "links", "views"], [None], [None, [], {}, "text", 7, [{"id": "a0"}, "text"]]),
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_CHANGES, max_size=4))
def test_a_chain_proved_clean_in_bulk_has_no_cross_reference_problem(changes: list) -> None:
    from deliverychain.model.references import item_by_item, proved_clean
    from deliverychain.reading.positions import PositionIndex, PositionTable

    data = _small_chain()
    for block, index, key, value in changes:
        if key is None:  # the whole block replaced by something else
            data[block] = copy.deepcopy(value)
            continue
        items = data[block]
        target = items if block == "chain" else items[index % len(items)] if isinstance(items, list) and items else None
        if isinstance(target, dict):
            target[key] = copy.deepcopy(value)
    positions = PositionIndex("chain.yaml", PositionTable)
    if proved_clean(data):
        assert item_by_item(data, positions) == []


def test_repeated_ids_and_tiers_are_left_to_the_item_by_item_checks() -> None:
    from deliverychain.model.references import proved_clean

    for block, index in (("links", 1), ("sources", 1), ("actors", 2), ("views", 0)):
        data = _small_chain()
        data[block].append(copy.deepcopy(data[block][index]))
        assert not proved_clean(data), block
    data = _small_chain()
    data["chain"]["tiers"].append("top")
    assert not proved_clean(data)


def test_valid_chains_take_the_bulk_proof() -> None:
    import yaml_rs

    from benchmarks.synthetic import synthetic_chain
    from deliverychain.model.references import proved_clean

    assert proved_clean(_small_chain())
    assert proved_clean(yaml_rs.loads(synthetic_chain(300, seed=2), parse_datetime=False))
