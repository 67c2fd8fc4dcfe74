"""Views: which part of the chain one diagram shows (Structurizr's model/views split).

One chain, several diagrams for several audiences: the whole chain, a range of tiers, the
neighbourhood of one actor, the feedback links only. A view is the model's `View` (declared
in the chain file under `views:`, or built from command-line options); `select` turns it
into the actors and links to draw.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from deliverychain.drawing.errors import RenderError
from deliverychain.model import Chain, View
from deliverychain.suggest import did_you_mean
from deliverychain.vocab import UPWARD_KINDS, LinkKind

#: The id of a view made from options rather than declared in the file.
AD_HOC = "diagram"


@dataclass(frozen=True)
class Selection:
    #: Indexes into chain.actors, in file order.
    actors: tuple[int, ...]
    #: Indexes into chain.links, in file order.
    links: tuple[int, ...]
    #: Link kinds shown, or None for all (ghost links from findings obey it too).
    kinds: frozenset[str] | None
    title: str | None
    collapse: bool | None


def parse_tiers(chain: Chain, text: str | Sequence[str]) -> list[str]:
    """Tiers from 'national:system' (a range, either end optional) or 'a,b' or a list."""
    order = list(chain.tiers)
    if not isinstance(text, str):
        return [_known_tier(chain, t) for t in text]
    text = text.strip()
    if ":" in text:
        first, _, last = (part.strip() for part in text.partition(":"))
        start = order.index(_known_tier(chain, first)) if first else 0
        end = order.index(_known_tier(chain, last)) if last else len(order) - 1
        if start > end:
            start, end = end, start
        return order[start : end + 1]
    return [_known_tier(chain, t.strip()) for t in text.split(",") if t.strip()]


def _known_tier(chain: Chain, tier: str) -> str:
    if tier in chain.tiers:
        return tier
    hint = did_you_mean(tier, chain.tiers)
    raise RenderError(f"'{tier}' is not a tier of this chain",
                      (hint + " " if hint else "") + f"tiers, top to bottom: {', '.join(chain.tiers)}")


def _known_kinds(kinds: Iterable[str]) -> list[str]:
    known = [k.value for k in LinkKind]
    chosen = []
    for kind in kinds:
        if kind not in known:
            hint = did_you_mean(kind, known)
            raise RenderError(f"'{kind}' is not a link kind",
                              (hint + " " if hint else "") + f"kinds: {', '.join(known)}")
        chosen.append(kind)
    return chosen


def find_view(chain: Chain, name: str) -> View:
    for view in chain.views:
        if view.id == name:
            return view
    names = [v.id for v in chain.views]
    if not names:
        raise RenderError(f"no view '{name}': this chain declares no views",
                          "add a 'views:' block to the chain file, or use --tiers, --focus or --feedback-only")
    hint = did_you_mean(name, names)
    raise RenderError(f"no view '{name}' in this chain",
                      (hint + " " if hint else "") + f"views: {', '.join(names)}")


def resolve_view(
    chain: Chain,
    view: View | str | None = None,
    *,
    tiers: str | Sequence[str] | None = None,
    focus: str | None = None,
    depth: int | None = None,
    kinds: str | Sequence[str] | None = None,
    feedback_only: bool | None = None,
    collapse: bool | None = None,
) -> View:
    """The view to draw: a declared view (by id) or the whole chain, with options on top."""
    base = find_view(chain, view) if isinstance(view, str) else (view or View(id=AD_HOC))
    changes: dict[str, object] = {}
    if tiers is not None:
        changes["tiers"] = parse_tiers(chain, tiers)
    if focus is not None:
        changes["focus"] = focus
    if depth is not None:
        if depth < 0:
            raise RenderError(f"depth must be 0 or more, not {depth}")
        changes["depth"] = depth
    if kinds is not None:
        changes["kinds"] = _known_kinds(kinds.split(",") if isinstance(kinds, str) else kinds)
    if feedback_only is not None:
        changes["feedback_only"] = feedback_only
    if collapse is not None:
        changes["collapse"] = collapse
    return base.model_copy(update=changes) if changes else base


def select(chain: Chain, view: View) -> Selection:
    """The actors and links a view shows."""
    tiers = set(parse_tiers(chain, view.tiers)) if view.tiers else None
    kinds: set[str] | None = set(_known_kinds(view.kinds)) if view.kinds else None
    if view.feedback_only:
        kinds = (kinds & UPWARD_KINDS) if kinds is not None else set(UPWARD_KINDS)
    actors, links, index = chain.actors, chain.links, chain.actor_index
    allowed = [tiers is None or a.tier in tiers for a in actors]
    usable = [
        j for j, link in enumerate(links)
        if (kinds is None or link.kind in kinds) and allowed[index[link.source]] and allowed[index[link.target]]
    ]
    shown = allowed
    focus = None
    if view.focus is not None:
        focus = _focus_index(chain, view.focus, tiers)
        shown = _neighbourhood(chain, focus, view.depth, usable)
    link_ids = tuple(j for j in usable if shown[index[links[j].source]] and shown[index[links[j].target]])
    if kinds is not None:
        # A kind filter is about links: actors none of them touch would float unattached.
        touched = [False] * len(actors)
        for j in link_ids:
            touched[index[links[j].source]] = touched[index[links[j].target]] = True
        if focus is not None:
            touched[focus] = True
        shown = [s and t for s, t in zip(shown, touched, strict=True)]
    actor_ids = tuple(i for i, s in enumerate(shown) if s)
    if not actor_ids:
        raise RenderError(f"the view '{view.id}' shows no actors",
                          "widen it: other tiers, a larger depth or more link kinds")
    return Selection(actor_ids, link_ids, frozenset(kinds) if kinds is not None else None,
                     view.title, view.collapse)


def _focus_index(chain: Chain, focus: str, tiers: set[str] | None) -> int:
    if focus not in chain.actor_index:
        hint = did_you_mean(focus, chain.actor_index)
        raise RenderError(f"no actor '{focus}' to focus on",
                          hint or "use an actor id from the chain file")
    actor = chain.actor(focus)
    if tiers is not None and actor.tier not in tiers:
        raise RenderError(f"the focus '{focus}' is in tier '{actor.tier}', outside the tiers shown",
                          "add its tier, or drop the tier filter")
    return chain.actor_index[focus]


def _neighbourhood(chain: Chain, start: int, depth: int, usable: Sequence[int]) -> list[bool]:
    """Actors within `depth` links of `start`, following links either way."""
    index = chain.actor_index
    neighbours: list[list[int]] = [[] for _ in chain.actors]
    for j in usable:
        u, v = index[chain.links[j].source], index[chain.links[j].target]
        neighbours[u].append(v)
        neighbours[v].append(u)
    distance = [-1] * len(chain.actors)
    distance[start] = 0
    queue = deque([start])
    while queue:
        u = queue.popleft()
        if distance[u] == depth:
            continue
        for v in neighbours[u]:
            if distance[v] < 0:
                distance[v] = distance[u] + 1
                queue.append(v)
    return [d >= 0 for d in distance]
