"""The chain as a networkx graph, for analysts who want to go further in Python."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from deliverychain.model import Chain


def to_networkx(chain: Chain) -> nx.MultiDiGraph:
    """Nodes are actor ids with every actor field; edges are keyed by link key (a second link
    with the same key, which only links without ids can have, gets '#2' after it).

    Graph attributes hold the chain metadata and tier order.
    """
    import networkx as nx

    graph = nx.MultiDiGraph(
        **chain.chain.model_dump(mode="json", exclude_none=True),
        tier_order=list(chain.tiers),
    )
    for actor in chain.actors:
        graph.add_node(actor.id, **actor.model_dump(mode="json", exclude={"id"}))
    for link in chain.links:
        attributes = link.model_dump(mode="json", by_alias=True, exclude={"source", "target"})
        key, repeat = link.key, 1
        while graph.has_edge(link.source, link.target, key):  # two links alike, neither with an id
            repeat += 1
            key = f"{link.key}#{repeat}"
        graph.add_edge(link.source, link.target, key=key, **attributes)
    return graph
