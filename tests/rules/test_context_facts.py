"""The chain as the analysers see it (`AuditContext`): tier ranks, owners' names, searches."""

from __future__ import annotations

from typing import Any

from deliverychain.model import Chain
from deliverychain.rules.facts.context import AuditContext


def _chain(owners: list[str], actors: list[tuple[str, str]], links: list[tuple[str, str, str]],
           **chain: Any) -> Chain:
    """Actors (id, tier) named by their id in capitals; links (from, to, kind)."""
    return Chain.model_validate({
        "chain": {"id": "c", "title": "C", "intent": "I", "owner": owners[0] if len(owners) == 1 else owners,
                  **chain},
        "actors": [{"id": i, "name": i.upper(), "tier": tier, "kind": "k"} for i, tier in actors],
        "links": [{"from": u, "to": v, "kind": kind} for u, v, kind in links],
    })


def test_tiers_rank_top_to_bottom_and_an_undeclared_tier_below_them_all() -> None:
    # The file loader rejects an undeclared tier; a chain built in Python (deliverychain.audit)
    # may still carry one, and the rules that compare tiers must not fail on it.
    chain = _chain(["a"], [("a", "top"), ("b", "bottom"), ("c", "elsewhere"), ("d", "middle")], [],
                   tiers=["top", "middle", "bottom"])
    assert AuditContext(chain).tier_rank == [0, 2, 3, 1]


def test_one_owner_is_named_alone() -> None:
    ctx = AuditContext(_chain(["dh"], [("dh", "national")], []))
    assert ctx.owner_names() == "DH"


def test_joint_owners_are_all_named_as_alternatives() -> None:
    # "no route back to DH, DFES, DCMS or HO": every owner is named, however many there are.
    owners = ["dh", "dfes", "dcms", "ho"]
    ctx = AuditContext(_chain(owners, [(o, "national") for o in owners], []))
    assert ctx.owner_names() == "DH, DFES, DCMS or HO"
    assert AuditContext(_chain(owners[:2], [(o, "national") for o in owners[:2]], [])).owner_names() == "DH or DFES"


def test_names_shows_the_first_few_and_counts_the_rest() -> None:
    ctx = AuditContext(_chain(["a"], [(i, "system") for i in "abcde"], []))
    assert ctx.names([4, 0, 2]) == "E, A and C"
    assert ctx.names([4, 0, 2, 1, 3]) == "E, A, C and 2 more"
    assert ctx.names([4, 0, 2, 1, 3], limit=2, conjunction="or") == "E, A or 3 more"
    assert ctx.names([]) == ""


def _diamond() -> AuditContext:
    # a -> b (mandate) -> d, a -> c (support) -> d, and d -> a reporting back up.
    return AuditContext(_chain(["a"], [(i, "system") for i in "abcd"],
                               [("a", "b", "mandate"), ("b", "d", "mandate"), ("a", "c", "support"),
                                ("c", "d", "support"), ("d", "a", "reporting")]))


def test_reach_follows_only_the_links_that_pass_the_filter_in_their_direction() -> None:
    ctx = _diamond()
    reached, via = ctx.reach([ctx.owner], lambda link: link.kind == "support")
    assert reached == [True, False, True, True]
    assert via == [-1, -1, 2, 3]
    assert ctx.route_to(3, via) == [0, 2, 3]
    assert ctx.route_to(1, via) == [1]  # not reached: the route is the actor alone


def test_reach_records_the_first_of_the_shortest_routes() -> None:
    ctx = _diamond()
    reached, via = ctx.reach([ctx.owner], lambda link: True)
    assert reached == [True] * 4
    assert [ctx.ids[i] for i in ctx.route_to(3, via)] == ["a", "b", "d"]
    assert ctx.route_to(0, via) == [0]  # a start
    # From two starts, each actor is read back to the start nearest it.
    reached, via = ctx.reach([1, 2], lambda link: link.kind != "reporting")
    assert reached == [False, True, True, True]
    assert ctx.route_to(3, via) == [1, 3]
