"""Grouping actors into boxes so that large chains stay legible.

A national chain has thousands of GP practices; drawn one by one they are a grey smear.
Collapsed, actors of one group become one box with a count ("GP practices x 6,212") and
their links one line with a count. Groups are the declared `group`, else tier + kind; if
that still leaves too many boxes, tier + kind, then the tier alone. Actors alone in their
group stay themselves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from deliverychain.model import Actor
from deliverychain.render.escape import one_line

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

    @property
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
    single = [BoxKey(a.tier, a.name, "actor", a.id) for a in actors]
    if not collapse:
        return single
    boxes = single
    for grouping in _GROUPINGS:
        boxes = _grouped(actors, grouping)
        if len(set(boxes)) <= limit:
            break
    return boxes


def _grouped(actors: Sequence[Actor], grouping: Grouping) -> list[BoxKey]:
    # Labels on one line: two spellings of one group ("A\nB", "A B") must be one box.
    keys = [(a.tier, by, one_line(label)) for a in actors for by, label in (grouping(a),)]
    members: dict[tuple[str, str, str], int] = defaultdict(int)
    for key in keys:
        members[key] += 1
    return [
        BoxKey(tier, label, by) if members[(tier, by, label)] > 1 else BoxKey(tier, a.name, "actor", a.id)
        for a, (tier, by, label) in zip(actors, keys, strict=True)
    ]
