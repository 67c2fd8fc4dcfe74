"""The audit on the diagram: which actors, links or route each finding is about.

A finding's subject is an actor id, a link key (`from->to:kind` or the link's id), a link
without its kind (`from->to`), a route (`a->b->c`), a group of peers (`tier:kind`) or a
tier; `extra["links"]` names the links to fix; a folded finding (`kind:...`, one pattern at
many places) is drawn at its `extra["examples"]`; a finding may also carry a `trace`
(ordered actor ids of a loop) and `extra["ghost_link"]` (a link that should exist, drawn
as a dashed ghost). This module resolves all of that to actor and link indexes once, so
the drawing code only looks things up.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from deliverychain.findings import Finding
from deliverychain.model import Chain


@dataclass(frozen=True)
class Ghost:
    """A link a finding says should exist."""

    source: str
    target: str
    kind: str


@dataclass(frozen=True)
class Placement:
    """Where one active finding goes on the diagram."""

    finding: Finding
    #: Actor indexes the finding is about (badged).
    actors: tuple[int, ...] = ()
    #: Link indexes the finding is about (badged).
    links: tuple[int, ...] = ()
    #: Tiers the finding is about (the band is badged).
    tiers: tuple[str, ...] = ()
    #: Link indexes along the finding's loop or route (coloured; the first is badged).
    traced: tuple[int, ...] = ()
    #: Drawn as a dashed edge when both ends are in view; else the finding is placed as above.
    ghost: Ghost | None = None


@dataclass(frozen=True)
class Overlay:
    placements: tuple[Placement, ...] = ()
    #: Findings suppressed by an ignore entry: not drawn, counted in the key.
    suppressed: int = 0


class _LinkIndex:
    def __init__(self, chain: Chain) -> None:
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.by_ends: dict[tuple[str, str], list[int]] = defaultdict(list)
        for j, link in enumerate(chain.links):
            self.by_key[link.key].append(j)
            if link.id is not None:
                self.by_key[f"{link.source}->{link.target}:{link.kind}"].append(j)
            self.by_ends[(link.source, link.target)].append(j)

    def route(self, trace: Sequence[str]) -> tuple[int, ...]:
        """Links along consecutive steps of a route, in route order."""
        found: dict[int, None] = {}
        for step in itertools.pairwise(trace):
            found.update(dict.fromkeys(self.by_ends.get(step, [])))
        return tuple(found)


def build_overlay(chain: Chain, findings: Iterable[Finding]) -> Overlay:
    links = _LinkIndex(chain)
    peers: dict[str, list[int]] = defaultdict(list)
    for i, actor in enumerate(chain.actors):
        peers[f"{actor.tier}:{actor.kind}"].append(i)
    placements: list[Placement] = []
    suppressed = 0
    for finding in findings:
        if finding.suppressed is not None:
            suppressed += 1
        else:
            placements.append(_place(finding, chain.actor_index, links, set(chain.tiers), peers))
    return Overlay(tuple(placements), suppressed)


def _place(finding: Finding, actors: dict[str, int], links: _LinkIndex, tiers: set[str],
           peers: dict[str, list[int]]) -> Placement:
    subject = finding.subject
    traced = links.route(finding.trace) if finding.trace else ()
    on_actors: tuple[int, ...] = ()
    on_links: tuple[int, ...] = ()
    named = _named_links(finding, links)
    examples = finding.extra.get("examples")
    if subject.startswith("kind:") and isinstance(examples, list | tuple) and examples:
        # A folded finding (one pattern at many places) is drawn at its example places.
        parts = [_place(_with_subject(finding, str(e)), actors, links, tiers, peers) for e in examples]
        return Placement(finding, _union(p.actors for p in parts), _union(p.links for p in parts),
                         tuple(t for p in parts for t in p.tiers), _union(p.traced for p in parts),
                         _ghost(finding, actors))
    if named:
        # The finding names the links to fix (extra["links"]): badge those, not the subject.
        on_links = named
    elif subject in actors:
        on_actors = (actors[subject],)
    elif subject in links.by_key:
        on_links = tuple(sorted(set(links.by_key[subject])))
    elif "->" in subject:
        steps = subject.split("->")
        if len(steps) == 2:
            on_links = tuple(links.by_ends.get((steps[0], steps[1]), ()))
        elif not traced:
            traced = links.route(steps)
    elif subject in peers:
        # 'tier:kind': a group of peers (actors of one kind in one tier).
        on_actors = tuple(peers[subject])
    elif subject in tiers:
        return Placement(finding, tiers=(subject,), traced=traced, ghost=_ghost(finding, actors))
    return Placement(finding, on_actors, on_links, (), traced, _ghost(finding, actors))


def _with_subject(finding: Finding, subject: str) -> Finding:
    return Finding(finding.rule_id, finding.rule_name, finding.severity, finding.message, subject, None)


def _union(groups: Iterable[tuple[int, ...]]) -> tuple[int, ...]:
    return tuple(sorted({i for group in groups for i in group}))


def _named_links(finding: Finding, links: _LinkIndex) -> tuple[int, ...]:
    named = finding.extra.get("links")
    if not isinstance(named, list | tuple):
        return ()
    found: dict[int, None] = {}
    for key in named:
        if isinstance(key, str):
            found.update(dict.fromkeys(links.by_key.get(key, [])))
    return tuple(sorted(found))


def _ghost(finding: Finding, actors: dict[str, int]) -> Ghost | None:
    data = finding.extra.get("ghost_link")
    if not isinstance(data, dict):
        return None
    source, target, kind = data.get("from"), data.get("to"), data.get("kind")
    if not (isinstance(source, str) and isinstance(target, str) and source in actors and target in actors):
        return None
    return Ghost(source, target, str(kind) if kind else "link")
