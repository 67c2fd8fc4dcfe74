"""What one diagram shows, as plain data: boxes in tier bands, lines, badges, a findings key.

Both writers (DOT and Mermaid) draw the same Scene, so a view, collapsing and the audit
overlay are worked out once. Everything is in a stable order: tiers in chain order, boxes
and lines in the order of the file, badges and key entries by rule id.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from deliverychain.drawing.bounds import check_counts
from deliverychain.drawing.collapse import COLLAPSE_ABOVE, BoxKey, assign_boxes
from deliverychain.drawing.escape import clean_text, label
from deliverychain.drawing.overlay import Overlay, Placement
from deliverychain.drawing.views import Selection
from deliverychain.findings import Finding, Severity
from deliverychain.model import Chain
from deliverychain.speedups import collector_paused, field_columns
from deliverychain.vocab import UPWARD_KINDS, Carry, LinkKind

#: The fields of a link a line is drawn from.
_LINK_FIELDS = ("source", "target", "kind", "strength", "character", "carries")
#: From the strongest to the weakest: an aggregate of mixed links shows the most common
#: strength, and the weaker one when two are equally common.
STRENGTH_ORDER = ("strong", "adequate", "unknown", "weak", "broken", "planned", "missing")
_CARRY_ORDER = {c.value: i for i, c in enumerate(Carry)}
_KIND_LABELS = {
    LinkKind.PERFORMANCE_MANAGEMENT.value: "performance mgmt",
    LinkKind.PEER_LEARNING.value: "peer learning",
}
_TOOLTIP_MAX = 900


@dataclass(frozen=True)
class Badge:
    rule_id: str
    count: int
    severity: str


@dataclass
class Box:
    id: str
    name: str
    #: The actor's kind; for a group, the members' kind when they share one, else "".
    kind: str
    tier: str
    #: Actors in the box: 1 for an actor, more for a collapsed group.
    count: int
    badges: list[Badge] = field(default_factory=list)
    tooltip: str = ""
    #: Ids of the actors drawn as this box, in file order.
    members: list[str] = field(default_factory=list)
    #: The findings about it (the badges count them by rule).
    findings: list[Finding] = field(default_factory=list)
    #: Where the user fixed its place in its tier (`order:`; a group takes its lowest).
    order: int | None = None

    @property
    def is_group(self) -> bool:
        return self.count > 1


@dataclass
class Line:
    source: str
    target: str
    kind: str
    strength: str
    character: str | None
    carries: tuple[str, ...]
    #: Links drawn as this line (more than 1 when collapsed).
    count: int
    #: "down" (to a lower tier), "up" (to a higher tier) or "side" (same tier).
    direction: str
    badges: list[Badge] = field(default_factory=list)
    #: Runs along a loop or route that a finding traces.
    traced: bool = False
    #: A link a finding says should exist, not a link of the chain.
    ghost: bool = False
    #: Strengths differed among the links drawn as this line.
    mixed: bool = False
    tooltip: str = ""
    #: The keys (`Link.key`) of the links drawn as this line; none for a ghost.
    keys: list[str] = field(default_factory=list)
    #: The findings about it (placed here: numbered here in the board style).
    findings: list[Finding] = field(default_factory=list)
    #: Findings whose loop or route runs along it.
    traced_by: list[Finding] = field(default_factory=list)

    @property
    def upward(self) -> bool:
        return self.kind in UPWARD_KINDS

    @property
    def kind_label(self) -> str:
        return _KIND_LABELS.get(self.kind, self.kind.replace("-", " "))


@dataclass(frozen=True)
class KeyEntry:
    rule_id: str
    title: str
    severity: str
    count: int


@dataclass
class Scene:
    chain_id: str
    title: str
    caption: str
    #: View title and other one-line facts about what is shown.
    subtitle: str
    tiers: list[tuple[str, list[Box]]]
    lines: list[Line]
    key: list[KeyEntry]
    #: Findings about a whole tier, by tier.
    tier_badges: dict[str, list[Badge]]
    #: Findings drawn, by severity ("error": 2, ...), worst first.
    tally: dict[str, int]
    notes: list[str]
    collapsed: bool
    findings_shown: bool
    #: Findings about a whole tier, by tier (the tier badges count them).
    tier_findings: dict[str, list[Finding]] = field(default_factory=dict)

    @property
    def boxes(self) -> list[Box]:
        return [box for _, boxes in self.tiers for box in boxes]


def build_scene(
    chain: Chain,
    selection: Selection,
    overlay: Overlay | None,
    collapse: bool | None = None,
    collapse_above: int = COLLAPSE_ABOVE,
) -> Scene:
    with collector_paused():
        return _build_scene(chain, selection, overlay, collapse, collapse_above)


def _build_scene(
    chain: Chain, selection: Selection, overlay: Overlay | None, collapse: bool | None, collapse_above: int,
) -> Scene:
    actors = [chain.actors[i] for i in selection.actors]
    if collapse is None:
        collapse = selection.collapse
    if collapse is None:
        collapse = len(actors) > collapse_above
    keys = assign_boxes(actors, collapse, collapse_above)
    check_counts(len(keys) if not collapse else len({key.node_id for key in keys}), 0)
    box_of: dict[int, BoxKey] = dict(zip(selection.actors, keys, strict=True))
    builder = _Builder(chain, box_of, collapsed=collapse)
    builder.add_actors(selection.actors)
    builder.add_links(selection.links)
    check_counts(len(builder.boxes), len(builder.aggregates))
    outside = 0
    if overlay is not None:
        for placement in overlay.placements:
            if not builder.place(placement, selection.kinds):
                outside += 1
    notes = _notes(len(actors), len(builder.boxes), collapse, outside, overlay)
    return Scene(
        chain_id=chain.chain.id,
        title=label(chain.chain.title),
        caption=clean_text(chain.chain.intent),
        subtitle=label(selection.title or ""),
        tiers=builder.tiers(),
        lines=builder.lines(),
        key=builder.key(),
        tier_badges={tier: _badges(found) for tier, found in sorted(builder.tier_findings.items())},
        tally=builder.tally(),
        notes=notes,
        collapsed=collapse and any(b.is_group for b in builder.boxes.values()),
        findings_shown=overlay is not None,
        tier_findings={tier: list(found) for tier, found in sorted(builder.tier_findings.items())},
    )


def _notes(actors: int, boxes: int, collapse: bool, outside: int, overlay: Overlay | None) -> list[str]:
    notes = []
    if collapse and boxes < actors:
        notes.append(f"{actors:,} actors drawn as {boxes:,} boxes (similar actors grouped, with counts)")
    if outside:
        notes.append(f"{outside:,} finding{'s' if outside != 1 else ''} about actors or links outside this view")
    if overlay is not None and overlay.suppressed:
        n = overlay.suppressed
        notes.append(f"{n:,} finding{'s' if n != 1 else ''} suppressed by the chain's ignore list")
    return notes


class _Aggregate:
    """The links (or ghost links) drawn as one line, with their findings."""

    def __init__(self, source: str, target: str, kind: str, ghost: bool) -> None:
        self.source, self.target, self.kind, self.ghost = source, target, kind, ghost
        self.strengths: Counter[str] = Counter()
        self.characters: Counter[str | None] = Counter()
        self.carries: set[str] = set()
        self.findings: list[Finding] = []
        self.traced = False
        self.trace_findings: list[Finding] = []
        self.keys: list[str] = []
        self.descriptions: list[str] = []
        self.count = 0


class _Builder:
    def __init__(self, chain: Chain, box_of: dict[int, BoxKey], collapsed: bool) -> None:
        self.chain = chain
        self.box_of = box_of
        self.collapsed = collapsed
        self.tier_rank = {tier: rank for rank, tier in enumerate(chain.tiers)}
        self.boxes: dict[str, Box] = {}
        self.box_kinds: dict[str, set[str]] = defaultdict(set)
        self.box_findings: dict[str, list[Finding]] = defaultdict(list)
        self.tier_findings: dict[str, list[Finding]] = defaultdict(list)
        self.aggregates: dict[tuple[str, ...], _Aggregate] = {}
        #: link index -> aggregate key, for links in view.
        self.link_line: dict[int, tuple[str, ...]] = {}
        #: (from, to, kind) -> the first link in view with those ends and kind.
        self.link_by_ends: dict[tuple[str, str, str], int] = {}

    # --- boxes ------------------------------------------------------------------

    def add_actors(self, indexes: Sequence[int]) -> None:
        actors = self.chain.actors
        for i in indexes:
            actor = actors[i]
            key = self.box_of[i]
            node = key.node_id
            box = self.boxes.get(node)
            if box is None:
                box = self.boxes[node] = Box(node, label(key.label), actor.kind, key.tier, 0)
                if key.actor is not None:
                    box.tooltip = _actor_tooltip(actor.id, actor.name, actor.kind, actor.note)
            box.count += 1
            box.members.append(actor.id)
            order = actor.order
            if order is not None and (box.order is None or order < box.order):
                box.order = order
            self.box_kinds[node].add(actor.kind)

    def tiers(self) -> list[tuple[str, list[Box]]]:
        by_tier: dict[str, list[Box]] = defaultdict(list)
        for box in self.boxes.values():
            kinds = self.box_kinds[box.id]
            if box.is_group:
                named_by_kind = box.id.startswith("#kind ")  # its name already says the kind
                box.kind = next(iter(kinds)) if len(kinds) == 1 and not named_by_kind else ""
                box.tooltip = f"{box.count:,} actors: {box.name}"
            box.findings = _once(self.box_findings.get(box.id, []))
            box.badges = _badges(box.findings)
            if box.badges:
                box.tooltip = _with_findings(box.tooltip, self.box_findings[box.id])
            by_tier[box.tier].append(box)
        order = [*self.chain.tiers, *sorted(set(by_tier) - set(self.chain.tiers))]
        return [(tier, by_tier[tier]) for tier in order if by_tier.get(tier)]

    # --- lines ------------------------------------------------------------------

    def _aggregate(self, source: str, target: str, kind: str, ghost: bool, link: int | None) -> _Aggregate:
        key: tuple[str, ...] = (source, target, kind, "ghost" if ghost else "link")
        if not self.collapsed and link is not None:
            key = (*key, str(link))
        aggregate = self.aggregates.get(key)
        if aggregate is None:
            aggregate = self.aggregates[key] = _Aggregate(source, target, kind, ghost)
        if link is not None:
            self.link_line[link] = key
        return aggregate

    def add_links(self, js: Sequence[int]) -> None:
        """Draw links j, in order: each joins the line of its boxes and kind, which counts it.

        Worked a line at a time, from the links' fields as columns: a national chain has
        250,000 links and, collapsed, a few hundred lines.
        """
        fields = field_columns([self.chain.links[j] for j in js], _LINK_FIELDS)
        sources, targets, kinds = fields["source"], fields["target"], fields["kind"]
        strengths, characters, carries = fields["strength"], fields["character"], fields["carries"]
        index = self.chain.actor_index
        node = {i: key.node_id for i, key in self.box_of.items()}
        lines = zip(map(node.__getitem__, map(index.__getitem__, sources)),
                    map(node.__getitem__, map(index.__getitem__, targets)), kinds, itertools.repeat("link"))
        keys: list[tuple[str, ...]] = (list(lines) if self.collapsed
                                       else [(*line, str(j)) for line, j in zip(lines, js, strict=True)])
        self.link_line.update(zip(js, keys, strict=True))
        for ends, j in zip(zip(sources, targets, kinds, strict=True), js, strict=True):
            self.link_by_ends.setdefault(ends, j)
        members: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
        for position, key in enumerate(keys):
            members[key].append(position)
        for key, positions in members.items():
            aggregate = self.aggregates.get(key)
            if aggregate is None:
                aggregate = self.aggregates[key] = _Aggregate(key[0], key[1], key[2], False)
            aggregate.count += len(positions)
            aggregate.keys.extend(self.chain.links[js[p]].key for p in positions)
            aggregate.strengths.update(map(strengths.__getitem__, positions))
            aggregate.characters.update(map(characters.__getitem__, positions))
            aggregate.carries.update(itertools.chain.from_iterable(map(carries.__getitem__, positions)))
            for p in positions[: max(0, 5 - len(aggregate.descriptions))]:
                aggregate.descriptions.append(self._describe(sources[p], targets[p], kinds[p], strengths[p],
                                                             characters[p], carries[p]))

    def _describe(self, source: str, target: str, kind: str, strength: str, character: str | None,
                  carries: Sequence[str]) -> str:
        chain = self.chain
        rating = ", ".join(x for x in (strength, character) if x)
        text = f"{chain.actor(source).name} -> {chain.actor(target).name}: {kind} ({rating})"
        return text + (f"; carries {', '.join(carries)}" if carries else "")

    def lines(self) -> list[Line]:
        result = []
        for aggregate in self.aggregates.values():
            strength = _most_common(aggregate.strengths)
            character = _most_common_character(aggregate.characters)
            tooltip = "\n".join(aggregate.descriptions)
            if aggregate.count > len(aggregate.descriptions):
                tooltip += f"\n... {aggregate.count:,} links in all"
            if aggregate.findings:
                tooltip = _with_findings(tooltip, aggregate.findings)
            result.append(Line(
                source=aggregate.source,
                target=aggregate.target,
                kind=aggregate.kind,
                strength="missing" if aggregate.ghost else strength,
                character=None if aggregate.ghost else character,
                carries=tuple(sorted(aggregate.carries, key=lambda c: (_CARRY_ORDER.get(c, 99), c))),
                count=aggregate.count,
                direction=self._direction(aggregate.source, aggregate.target),
                badges=_badges(aggregate.findings),
                traced=aggregate.traced,
                ghost=aggregate.ghost,
                mixed=len(aggregate.strengths) > 1,
                tooltip=tooltip,
                keys=aggregate.keys,
                findings=_once(aggregate.findings),
                traced_by=_once(aggregate.trace_findings),
            ))
        return result

    def _direction(self, source: str, target: str) -> str:
        top, bottom = self.tier_rank.get(self.boxes[source].tier, 99), self.tier_rank.get(self.boxes[target].tier, 99)
        return "down" if top < bottom else "up" if top > bottom else "side"

    # --- findings ---------------------------------------------------------------

    def place(self, placement: Placement, kinds: frozenset[str] | None) -> bool:
        """Put one finding on the scene; False when nothing it is about is in view."""
        finding = placement.finding
        ghost = placement.ghost
        index = self.chain.actor_index
        if ghost is not None and (kinds is None or ghost.kind in kinds):
            i, k = index[ghost.source], index[ghost.target]
            if i in self.box_of and k in self.box_of:
                same = self.link_by_ends.get((ghost.source, ghost.target, ghost.kind))
                if same is not None:
                    self.aggregates[self.link_line[same]].findings.append(finding)
                    return True
                u, v = self.box_of[i].node_id, self.box_of[k].node_id
                aggregate = self._aggregate(u, v, ghost.kind, True, None)
                aggregate.count += 1
                aggregate.findings.append(finding)
                if len(aggregate.descriptions) < 5:
                    aggregate.descriptions.append(
                        f"missing: {self.chain.actor(ghost.source).name} -> {self.chain.actor(ghost.target).name}"
                        f" ({ghost.kind})")
                return True
        placed = False
        shown_tiers = {box.tier for box in self.boxes.values()}
        for tier in placement.tiers:
            if tier in shown_tiers:
                self.tier_findings[tier].append(finding)
                placed = True
        for i in placement.actors:
            if i in self.box_of:
                self.box_findings[self.box_of[i].node_id].append(finding)
                placed = True
        for j in placement.links:
            if j in self.link_line:
                self.aggregates[self.link_line[j]].findings.append(finding)
                placed = True
        traced = [j for j in placement.traced if j in self.link_line]
        for j in traced:
            self.aggregates[self.link_line[j]].traced = True
            self.aggregates[self.link_line[j]].trace_findings.append(finding)
        if traced and not placed:
            self.aggregates[self.link_line[traced[0]]].findings.append(finding)
            placed = True
        return placed

    def drawn(self) -> list[Finding]:
        """Each finding drawn somewhere on the scene, once."""
        seen: dict[int, Finding] = {}
        everything = [*self.box_findings.values(), *self.tier_findings.values(),
                      *(a.findings for a in self.aggregates.values())]
        for findings in everything:
            for finding in findings:
                seen.setdefault(id(finding), finding)
        return list(seen.values())

    def tally(self) -> dict[str, int]:
        """Findings drawn, by severity, worst first (for the headline under the title)."""
        counts = Counter(Severity(f.severity).value for f in self.drawn())
        return {s.value: counts[s.value] for s in Severity if counts[s.value]}

    def key(self) -> list[KeyEntry]:
        counts: Counter[str] = Counter()
        severity: dict[str, Severity] = {}
        names: dict[str, str] = {}
        for finding in self.drawn():
            counts[finding.rule_id] += places(finding)
            names[finding.rule_id] = finding.rule_name
            if finding.rule_id not in severity or _rank(finding.severity) > _rank(severity[finding.rule_id]):
                severity[finding.rule_id] = finding.severity
        return [
            KeyEntry(rule, names[rule].replace("-", " "), str(Severity(severity[rule]).value), counts[rule])
            for rule in sorted(counts)
        ]


def _once(findings: Sequence[Finding]) -> list[Finding]:
    """Each finding once (one finding about several members of a group is placed on each)."""
    return list({id(f): f for f in findings}.values())


def _rank(severity: Severity | str) -> int:
    return Severity(severity).rank


def worst_severity(badges: Sequence[Badge]) -> str:
    return max((b.severity for b in badges), key=_rank, default="info")


def places(finding: Finding) -> int:
    """How many places a finding stands for: more than one when the audit folded it."""
    folded = finding.extra.get("folded")
    return folded if isinstance(folded, int) and folded > 1 else 1


def _badges(findings: Sequence[Finding]) -> list[Badge]:
    counts: Counter[str] = Counter()
    worst: dict[str, Severity] = {}
    seen: set[int] = set()
    for finding in findings:
        if id(finding) in seen:
            continue  # one finding about several members of a group counts once
        seen.add(id(finding))
        counts[finding.rule_id] += 1
        if finding.rule_id not in worst or _rank(finding.severity) > _rank(worst[finding.rule_id]):
            worst[finding.rule_id] = finding.severity
    return [Badge(rule, counts[rule], Severity(worst[rule]).value) for rule in sorted(counts)]


def _most_common(counter: Counter[str]) -> str:
    if not counter:
        return "unknown"
    order = {s: i for i, s in enumerate(STRENGTH_ORDER)}
    return max(counter, key=lambda s: (counter[s], order.get(s, len(order)), s))


def _most_common_character(counter: Counter[str | None]) -> str | None:
    if not counter:
        return None
    return max(counter, key=lambda c: (counter[c], c or ""))


def _actor_tooltip(actor_id: str, name: str, kind: str, note: str | None) -> str:
    text = f"{name} ({kind}) [{actor_id}]"
    return f"{text}\n{note}" if note else text


def _with_findings(tooltip: str, findings: Sequence[Finding]) -> str:
    lines = [f"{f.rule_id}: {f.message}" for f in sorted(findings, key=lambda f: (f.rule_id, f.subject, f.message))]
    text = tooltip + "\n" + "\n".join(lines)
    return text if len(text) <= _TOOLTIP_MAX else text[: _TOOLTIP_MAX - 3] + "..."
