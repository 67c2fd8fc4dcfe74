"""Grouping actors into boxes so that large chains stay legible.

A national chain has thousands of GP practices; drawn one by one they are a grey smear.
Collapsed, actors of one group become one box with a count ("GP practices x 6,212") and
their links one line with a count. Groups are the declared `group`, else tier + kind; if
that still leaves too many boxes, tier + kind, then the tier alone. Actors alone in their
group stay themselves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from deliverychain.drawing.escape import one_line
from deliverychain.model import Actor

#: Collapse when a view shows more actors than this (unless told otherwise).
COLLAPSE_ABOVE = 150


@dataclass(frozen=True)
class BoxKey:
    """What a box stands for: one actor (`actor` set) or a group of actors."""

    tier: str
    #: The group's name as shown: the declared group, the kind, or the tier.
    label: str
    #: How the group was formed: "actor", "group", "kind" or "tier".
    by: str
    actor: str | None = None

    @cached_property  # a group's key is shared by its members: its id is written once
    def node_id(self) -> str:
        # '#' and spaces cannot occur in an actor id, so group ids never clash with them.
        return self.actor if self.actor is not None else f"#{self.by} {self.tier} {self.label}"


Grouping = Callable[[Actor], tuple[str, str]]

_GROUPINGS: tuple[Grouping, ...] = (
    lambda a: ("group", a.group) if a.group else ("kind", _kind_name(a.kind)),
    lambda a: ("kind", _kind_name(a.kind)),
    lambda a: ("tier", a.tier),
)


def _kind_name(kind: str) -> str:
    """'practice-nurse' -> 'Practice nurse': a group named by its kind."""
    text = kind.replace("-", " ")
    return text[:1].upper() + text[1:]


def assign_boxes(actors: Sequence[Actor], collapse: bool, limit: int = COLLAPSE_ABOVE) -> list[BoxKey]:
    """The box of each actor (same order as `actors`)."""
    if not collapse:
        return [BoxKey(a.tier, a.name, "actor", a.id) for a in actors]
    boxes: list[BoxKey] = []
    for grouping in _GROUPINGS:
        boxes, count = _grouped(actors, grouping)
        if count <= limit:
            break
    return boxes


def _grouped(actors: Sequence[Actor], grouping: Grouping) -> tuple[list[BoxKey], int]:
    """The box of each actor under `grouping`, and how many boxes there are.

    A grouping reads only an actor's tier, group and kind, so each combination of those is
    labelled once (a national chain has hundreds, for 100,000 actors), and the members of
    a group share one key.
    """
    labelled: dict[tuple[str, str | None, str], tuple[str, str, str]] = {}
    keys = []
    for actor in actors:
        seen = (actor.tier, actor.group, actor.kind)
        key = labelled.get(seen)
        if key is None:
            by, label = grouping(actor)
            # Labels on one line: two spellings of one group ("A\nB", "A B") must be one box.
            key = labelled[seen] = (actor.tier, by, one_line(label))
        keys.append(key)
    members = Counter(keys)
    shared = {key: BoxKey(key[0], key[2], key[1]) for key, n in members.items() if n > 1}
    boxes = [
        shared[key] if key in shared else BoxKey(actor.tier, actor.name, "actor", actor.id)
        for actor, key in zip(actors, keys, strict=True)
    ]
    # A group's key (by group, kind or tier) never equals an actor's (by "actor"): so the
    # boxes are the groups plus the distinct keys of the actors left alone.
    alone = {(actor.tier, actor.name, actor.id) for actor, key in zip(actors, keys, strict=True) if key not in shared}
    return boxes, len(shared) + len(alone)
