"""A chain as a Kumu blueprint: JSON that Kumu's import reads onto a map.

Kumu's import guide (docs.kumu.io, "JSON / Blueprints") describes an object with
`elements` and `connections`. An element has a `label`, optionally an `id` (then
connections name elements by id), `type`, `description` and `tags`, and any fields of
one's own; a connection has `from` and `to`, optionally `id`, `type`, `direction`
(directed, undirected or mutual) and its own fields. Ids must be unique across elements
and connections together.

Here an actor is an element (id, name as label, kind as type, note as description, roles
as tags, and tier, group, capacity, local presence, evidence and `meta` as fields); a link
is a directed connection (kind as type, note as description, and what it carries, its
strength, character and evidence as fields). A link's id is kept unless an actor has it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deliverychain.model import Actor, Chain, Link


def to_kumu(chain: Chain) -> str:
    actor_ids = {actor.id for actor in chain.actors}
    blueprint = {
        "elements": [_element(actor) for actor in chain.actors],
        "connections": [_connection(link, actor_ids) for link in chain.links],
    }
    return json.dumps(blueprint, indent=2, ensure_ascii=False) + "\n"


def _element(actor: Actor) -> dict[str, Any]:
    element: dict[str, Any] = {"id": actor.id, "label": actor.name, "type": actor.kind}
    fields = {
        "description": actor.note,
        "tags": list(actor.roles),
        "tier": actor.tier,
        "group": actor.group,
        "capacity": actor.capacity,
        "local presence": actor.local_presence,
        "evidence": list(actor.evidence),
        **{str(key): value for key, value in actor.meta.items()},
    }
    return element | _present(fields)


def _connection(link: Link, actor_ids: set[str]) -> dict[str, Any]:
    connection: dict[str, Any] = {}
    if link.id is not None and link.id not in actor_ids:
        connection["id"] = link.id
    connection |= {"from": link.source, "to": link.target, "type": link.kind, "direction": "directed"}
    fields = {
        "description": link.note,
        "carries": list(link.carries),
        "strength": link.strength,
        "character": link.character,
        "evidence": list(link.evidence),
        "intended gap": link.intended_gap,
    }
    return connection | _present(fields)


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None and value != []}
