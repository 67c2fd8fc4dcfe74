"""The adapter between the board report and the drawing: the one module here that draws.

The report embeds the chain's diagram with numbered callouts that match its numbered
findings, and highlights what a finding is about when the reader points at it. The SVG
contract (shared with the board-style drawing of issue 12) is: actor groups carry
`data-actor="<id>"`, connectors `data-link="<link key> ..."`, callouts
`data-finding="<n>"`, and every element a finding is about `data-findings="<n> <m>"`.

Until the board style lands, `draw` takes today's detailed diagram and adds those
attributes and the numbered callouts itself (`_TodaysDiagram`, the shim below). When
`deliverychain.render(..., style="board")` writes them natively, `draw` becomes that one
call and the shim goes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from deliverychain.findings import Finding, numbered

if TYPE_CHECKING:
    from deliverychain.analysis.engine import AuditReport
    from deliverychain.drawing.overlay import Placement
    from deliverychain.drawing.scene import Scene
    from deliverychain.model import Chain

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

#: A PNG for Word is at most this many pixels wide: sharp across a landscape A4 page.
PICTURE_PIXELS = 2400
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_REFERENCE = re.compile(r"(url\(#|href=\"#)([^)\"]+)")


@dataclass(frozen=True)
class Diagram:
    """The chain's diagram, ready to embed."""

    #: The standalone SVG document (for pictures).
    svg: bytes
    #: The same drawing for an HTML page: no XML declaration, ids prefixed, sized by CSS.
    inline: str
    #: What the picture shows, for readers who cannot see it.
    alt: str
    #: The drawing's width and height in points.
    size: tuple[float, float]


def draw(chain: Chain, audit: AuditReport, key: str, engine: str = "auto") -> Diagram:
    """The diagram of `chain` with `audit`'s findings numbered on it; `key` prefixes its HTML ids."""
    # The shim: today's drawing, as `deliverychain.render(chain, format="svg", findings=audit)` makes it,
    # with the board contract's attributes and callouts added.
    svg, scene, placements = _todays_drawing(chain, audit, engine)
    svg = _TodaysDiagram(chain, scene, numbered(audit.findings), placements).mark(svg)
    alt = _alt(chain, audit)
    return Diagram(svg, _inline(svg, key, alt), alt, _size(svg))


def picture(diagram: Diagram) -> bytes:
    """The diagram as a PNG for Word, sharp but not huge."""
    from deliverychain.drawing.backends import svg_to_png

    width_inches = diagram.size[0] / 72
    dpi = max(10, min(200, int(PICTURE_PIXELS / max(width_inches, 1e-6))))
    return svg_to_png(diagram.svg, dpi)


def _alt(chain: Chain, audit: AuditReport) -> str:
    """From the chain, not the drawing: the words do not change with the drawing's style."""
    from deliverychain.drawing.collapse import COLLAPSE_ABOVE

    used = {actor.tier for actor in chain.actors}
    tiers = [tier for tier in chain.tiers if tier in used]
    shown = len(numbered(audit.findings))
    text = (f"Diagram of the chain: {len(chain.actors):,} actors in {len(tiers)} tiers, from "
            f"{tiers[0].replace('-', ' ')} at the top to {tiers[-1].replace('-', ' ')} at the bottom, and the "
            f"{len(chain.links):,} links between them." if tiers else "Diagram of the chain.")
    if len(chain.actors) > COLLAPSE_ABOVE:
        text += " Similar actors are drawn as one box with a count."
    if shown:
        text += (f" Numbered markers 1 to {shown} show where each numbered finding applies; the list of findings "
                 "says the same in words.")
    return text


def _size(svg: bytes) -> tuple[float, float]:
    root = ET.fromstring(svg)
    box = [float(x) for x in _NUMBER.findall(root.get("viewBox", ""))]
    return (box[2], box[3]) if len(box) == 4 else (0.0, 0.0)


def _inline(svg: bytes, key: str, alt: str) -> str:
    """The SVG as an element of an HTML page: ids unique on the page, described, sized by CSS."""
    root = ET.fromstring(svg)
    prefix = f"{key}-svg-"  # the page's own ids are '{key}-<section>': the drawing's cannot clash with them
    for element in root.iter():
        ident = element.get("id")
        if ident:
            element.set("id", prefix + ident)
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("class", "chain-diagram")
    root.set("role", "img")
    root.set("aria-labelledby", f"{key}-diagram-title {key}-diagram-desc")
    title = root.find(f"{{{SVG}}}title")
    if title is not None:
        title.set("id", f"{key}-diagram-title")
    desc = ET.Element(f"{{{SVG}}}desc", id=f"{key}-diagram-desc")
    desc.text = alt
    root.insert(1 if title is not None else 0, desc)
    text = ET.tostring(root, encoding="unicode")
    return _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", text)


# --- the shim: goes when the board-style drawing (issue 12) lands -------------------------


def _todays_drawing(chain: Chain, audit: AuditReport, engine: str) -> tuple[bytes, Scene, list[Placement]]:
    """What `render(chain, format="svg", findings=audit)` does, keeping the scene and the overlay's
    placements that the shim needs (so that neither is built twice: a national chain's overlay
    indexes 40,000 links)."""
    from deliverychain.drawing import backends
    from deliverychain.drawing.dot import to_dot
    from deliverychain.drawing.overlay import build_overlay
    from deliverychain.drawing.scene import build_scene
    from deliverychain.drawing.svg import finish_svg
    from deliverychain.drawing.theme import make_theme
    from deliverychain.drawing.views import resolve_view, select

    theme = make_theme(None)
    overlay = build_overlay(chain, audit.findings)
    scene = build_scene(chain, select(chain, resolve_view(chain, None)), overlay)
    svg = finish_svg(backends.layout_svg(to_dot(scene, theme), engine), scene, theme)
    return svg, scene, list(overlay.placements)


class _TodaysDiagram:
    """Adds the board contract's attributes and numbered callouts to today's detailed SVG.

    Today's node groups are `box<n>` with `<title>` the box's id (an actor id, or a group's
    id when collapsed), edge groups `line<n>` in the order of `scene.lines`. Which actors
    and links each finding is about comes from the drawing's own overlay.
    """

    def __init__(self, chain: Chain, scene: Scene, ordered: Sequence[tuple[int, Finding]],
                 placements: Sequence[Placement]) -> None:
        from deliverychain.drawing.collapse import COLLAPSE_ABOVE, assign_boxes

        self.chain = chain
        self.scene = scene
        boxes = assign_boxes(chain.actors, len(chain.actors) > COLLAPSE_ABOVE)
        self.box_of = [key.node_id for key in boxes]
        by_finding = {id(p.finding): p for p in placements}
        self.numbers = [n for n, f in ordered if id(f) in by_finding]
        self.placements = [by_finding[id(f)] for _, f in ordered if id(f) in by_finding]

    def _line_keys(self) -> tuple[dict[tuple[str, str, str, bool], list[int]], list[list[str]]]:
        """Lines by (from box, to box, kind, ghost), and the keys of the links each line draws."""
        by_ends: dict[tuple[str, str, str, bool], list[int]] = defaultdict(list)
        for n, line in enumerate(self.scene.lines):
            by_ends[(line.source, line.target, line.kind, line.ghost)].append(n)
        keys: list[list[str]] = [[] for _ in self.scene.lines]
        index = self.chain.actor_index
        for link in self.chain.links:
            ends = (self.box_of[index[link.source]], self.box_of[index[link.target]], link.kind, False)
            for n in by_ends.get(ends, []):
                if len(keys[n]) < 10:  # a collapsed line may draw thousands: name the first few
                    keys[n].append(link.key)
        return by_ends, keys

    def _about(self, placement: Placement, by_ends: dict[tuple[str, str, str, bool], list[int]]
               ) -> tuple[list[str], list[int], list[str]]:
        """The boxes, lines and tiers one finding is about."""
        links = self.chain.links
        index = self.chain.actor_index
        boxes = list(dict.fromkeys(self.box_of[i] for i in placement.actors))
        lines: dict[int, None] = {}
        for j in (*placement.links, *placement.traced):
            link = links[j]
            ends = (self.box_of[index[link.source]], self.box_of[index[link.target]], link.kind, False)
            lines.update(dict.fromkeys(by_ends.get(ends, [])))
        if placement.ghost is not None:
            ghost = placement.ghost
            ends = (self.box_of[index[ghost.source]], self.box_of[index[ghost.target]], ghost.kind, True)
            lines.update(dict.fromkeys(by_ends.get(ends, [])))
        return boxes, list(lines), list(placement.tiers)

    def mark(self, svg: bytes) -> bytes:
        root = ET.fromstring(svg)
        by_ends, keys = self._line_keys()
        groups = {g.get("id"): g for g in root.iter(f"{{{SVG}}}g") if g.get("id")}
        nodes = {}
        for group in groups.values():
            if group.get("class") == "node":
                title = group.find(f"{{{SVG}}}title")
                if title is not None and title.text:
                    group.set("data-actor", title.text)
                    nodes[title.text] = group
        for n, line_keys in enumerate(keys):
            group = groups.get(f"line{n}")
            if group is not None and line_keys:
                group.set("data-link", " ".join(line_keys))
        tier_rank = {tier: rank for rank, (tier, _) in enumerate(self.scene.tiers)}
        findings_of: dict[str, list[int]] = defaultdict(list)
        anchors: list[tuple[int, ET.Element]] = []
        for number, placement in zip(self.numbers, self.placements, strict=True):
            boxes, lines, tiers = self._about(placement, by_ends)
            marked = [nodes[b] for b in boxes if b in nodes]
            marked += [groups[f"line{n}"] for n in lines if f"line{n}" in groups]
            marked += [groups[f"tier{tier_rank[t]}"] for t in tiers if f"tier{tier_rank.get(t)}" in groups]
            for element in marked:
                findings_of[element.get("id") or ""].append(number)
            if marked:
                anchors.append((number, marked[0]))
        for ident, numbers in findings_of.items():
            groups[ident].set("data-findings", " ".join(str(n) for n in numbers))
        graph = groups.get("graph0")
        if graph is not None:
            # Discs big enough to read when the whole drawing is printed across a landscape page.
            radius = max(9.0, _size(svg)[0] / 120)
            self._callouts(graph, anchors, radius)
        return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"

    @staticmethod
    def _callouts(graph: ET.Element, anchors: Iterable[tuple[int, ET.Element]], radius: float) -> None:
        """A numbered disc at the top-left corner of each finding's first box, or the middle of its line."""
        layer = ET.SubElement(graph, f"{{{SVG}}}g", {"class": "callouts"})
        stacked: dict[int, int] = defaultdict(int)
        for number, element in anchors:
            x, y = _anchor_point(element)
            offset = stacked[id(element)]
            stacked[id(element)] += 1
            callout = ET.SubElement(layer, f"{{{SVG}}}g", {"class": "callout", "data-finding": str(number)})
            cx, cy = x + offset * radius * 2.1, y
            ET.SubElement(callout, f"{{{SVG}}}circle", cx=_fmt(cx), cy=_fmt(cy), r=_fmt(radius), fill="#1A1A1A",
                          stroke="#FFFFFF", **{"stroke-width": _fmt(radius / 6)})
            label = ET.SubElement(callout, f"{{{SVG}}}text", x=_fmt(cx), y=_fmt(cy + radius * 0.42), fill="#FFFFFF",
                                  **{"text-anchor": "middle", "font-size": _fmt(radius * 1.25), "font-weight": "bold",
                                     "font-family": "Helvetica,Arial,sans-serif"})
            label.text = str(number)


def _anchor_point(element: ET.Element) -> tuple[float, float]:
    """Top-left corner of a box (or band), or the middle of a line's path."""
    shape = next((e for e in element.iter() if e.tag in (f"{{{SVG}}}path", f"{{{SVG}}}polygon", f"{{{SVG}}}rect")
                  and e.get("class") != "halo"), None)
    if shape is None:
        return 0.0, 0.0
    if shape.tag == f"{{{SVG}}}rect":
        return float(shape.get("x", "0")), float(shape.get("y", "0"))
    numbers = [float(x) for x in _NUMBER.findall(shape.get("d") or shape.get("points") or "")]
    xs, ys = numbers[0::2], numbers[1::2]
    if not xs or not ys:
        return 0.0, 0.0
    if element.get("class") == "edge":
        middle = len(xs) // 2
        return xs[middle], ys[middle]
    return min(xs), min(ys)


def _fmt(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")
