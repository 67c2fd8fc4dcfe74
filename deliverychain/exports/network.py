"""A chain as a network for analysts' tools: GraphML (yEd, Gephi, networkx), GEXF 1.3 (Gephi)
and a CSV edge list.

`chain.to_networkx()` keeps every attribute as it is in the model: lists, None, an actor's
`meta` mapping, a link's assessments. GraphML and GEXF hold only plain values, and
networkx's writers fail on the rest, so attributes are flattened first: lists of terms
joined with ', ', `meta` spread into 'meta.<key>' attributes, assessments and targets as
JSON text, empty values left out. An attribute whose values differ in type from one actor
(or link) to the next is written as text everywhere, so each has one declared type.
"""

from __future__ import annotations

import io
import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

    from deliverychain.model import Chain

_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: Characters XML 1.0 cannot hold at all: shown as <U+001B>, as the reports show them.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: GEXF's meta element carries a date; a fixed one keeps the file the same for the same chain.
_GEXF_DATE = "2000-01-01"


def flat_graph(chain: Chain) -> nx.MultiDiGraph:
    """The chain's networkx graph with every attribute a plain value (see the module docstring).

    Each actor's name is also its `label`, which Gephi and yEd show.
    """
    import networkx as nx

    graph = chain.to_networkx()
    flat = nx.MultiDiGraph(**_typed([flatten(graph.graph)])[0])
    nodes = _typed([_labelled(node, flatten(data)) for node, data in graph.nodes(data=True)])
    flat.add_nodes_from(zip(graph.nodes, nodes, strict=True))
    edges = list(graph.edges(keys=True, data=True))
    # an edge's key is its link's id, or from->to:kind when it has none: the id is not repeated
    flat_edges = _typed([flatten({k: v for k, v in data.items() if k != "id"}) for *_, data in edges])
    for (source, target, key, _), data in zip(edges, flat_edges, strict=True):
        flat.add_edge(source, target, key=key, **data)
    return flat


def _labelled(node: str, attributes: dict[str, Any]) -> dict[str, Any]:
    return {"label": attributes.get("name", node), **attributes}


def flatten(attributes: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for name, value in attributes.items():
        key = prefix + str(name)
        if value is None or value == [] or value == {}:
            continue
        if isinstance(value, dict):
            flat |= flatten(value, key + ".")
        elif isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
            flat[key] = ", ".join(str(v) for v in value)
        elif isinstance(value, (list, tuple)):
            flat[key] = json.dumps(value, ensure_ascii=False, sort_keys=True)
        else:
            flat[key] = value
        if isinstance(flat.get(key), str):
            flat[key] = _NOT_IN_XML.sub(lambda match: f"<U+{ord(match.group()):04X}>", flat[key])
    return flat


def _typed(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One type per attribute name: where values of one name differ in type, all become text."""
    types: dict[str, set[type]] = {}
    for item in items:
        for name, value in item.items():
            types.setdefault(name, set()).add(type(value))
    mixed = {name for name, kinds in types.items() if len(kinds) > 1}
    if not mixed:
        return items
    return [{name: _text(value) if name in mixed else value for name, value in item.items()} for item in items]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_graphml(chain: Chain) -> bytes:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(flat_graph(chain), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_gexf(chain: Chain) -> bytes:
    """GEXF 1.3, as Gephi 0.9 and later read it; each edge's id is its link's key."""
    from networkx.readwrite.gexf import GEXFWriter

    graph = flat_graph(chain)
    graph.graph["name"] = chain.chain.title
    for _source, _target, key, data in graph.edges(keys=True, data=True):
        data["id"] = key
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.3")
    writer.xml.set("xmlns:xsi", _XSI)  # networkx 3.6 writes 'http://w3.org/...' for GEXF 1.3
    meta = writer.xml.find("meta")
    if meta is not None:
        meta.set("lastmodifieddate", chain.chain.published.isoformat() if chain.chain.published else _GEXF_DATE)
    writer.add_graph(graph)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def to_edge_list(chain: Chain) -> bytes:
    """One row per link: source, target and the Links sheet's other columns, as Gephi's
    spreadsheet import reads an edge list (and as `chain` reads a links.csv)."""
    from deliverychain.exports.chainfile import chain_data
    from deliverychain.exports.csvfiles import table_csv
    from deliverychain.sheets.tabulate import tabulate

    links = next(table for table in tabulate(chain_data(chain)) if table.layout.key == "links")
    links.headings = ["source" if h == "from" else "target" if h == "to" else h for h in links.headings]
    return table_csv(links)
