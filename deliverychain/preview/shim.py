"""SHIM until the board style (issue 12) is on main: today's diagram, marked for highlighting.

The page highlights a finding's elements through the attributes the board style writes:
actor boxes `data-actor="<id> ..."`, links `data-link="<link key> ..."`, tier bands
`data-tier`, and `data-findings="<n> <m>"` on every element a numbered finding is about.
Today's Graphviz SVG has none of them, so this one function draws it and adds them. When
`render(chain, format="svg", style="board", ...)` exists, `snapshot.draw_marked_svg` calls
that instead and this module is deleted.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deliverychain.analysis.engine import AuditReport
    from deliverychain.findings import Finding
    from deliverychain.model import Chain

#: Ids listed on one element at most (a collapsed box stands for thousands of actors).
MAX_IDS = 40


def today_svg_marked(chain: Chain, report: AuditReport, chosen: list[tuple[int, Finding]], min_severity: str,
                     engine: str) -> bytes:
    """SHIM: `render(chain, format="svg", findings=report)`'s drawing, with data-* marks added.

    Drawn here step by step rather than by `render` so that the scene and the overlay,
    the slow part at national scale, are built once for drawing and marking together.
    """
    from xml.etree import ElementTree as ET

    from deliverychain.drawing import backends
    from deliverychain.drawing.collapse import COLLAPSE_ABOVE, assign_boxes
    from deliverychain.drawing.dot import box_svg_id, line_svg_id, to_dot
    from deliverychain.drawing.key import SVG
    from deliverychain.drawing.overlay import build_overlay
    from deliverychain.drawing.scene import build_scene
    from deliverychain.drawing.svg import finish_svg
    from deliverychain.drawing.theme import make_theme
    from deliverychain.drawing.views import resolve_view, select
    from deliverychain.findings import Severity

    theme = make_theme(None)
    selection = select(chain, resolve_view(chain, None))
    floor = Severity(min_severity).rank
    overlay = build_overlay(chain, [f for f in report.findings if f.severity.rank >= floor])
    scene = build_scene(chain, selection, overlay, collapse_above=COLLAPSE_ABOVE)
    root = ET.fromstring(finish_svg(backends.layout_svg(to_dot(scene, theme), engine), scene, theme))

    # Which box each actor is drawn in (collapsed views group actors), as scene.py decides it.
    shown = [chain.actors[i] for i in selection.actors]
    collapse = selection.collapse if selection.collapse is not None else len(shown) > COLLAPSE_ABOVE
    node_of = {a.id: key.node_id for a, key in zip(shown, assign_boxes(shown, collapse, COLLAPSE_ABOVE),
                                                    strict=True)}
    members: dict[str, list[str]] = defaultdict(list)
    for actor_id, node in node_of.items():
        members[node].append(actor_id)
    links_of_line: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for j in selection.links:
        link = chain.links[j]
        links_of_line[(node_of[link.source], node_of[link.target], link.kind)].append(j)

    # The numbers of the findings about each box, line, tier band and missing link.
    number = {id(f): n for n, f in chosen}
    on_box: dict[str | None, set[int]] = defaultdict(set)
    on_line: dict[tuple[str | None, str | None, str], set[int]] = defaultdict(set)
    on_ghost: dict[tuple[str | None, str | None, str], set[int]] = defaultdict(set)
    on_tier: dict[str, set[int]] = defaultdict(set)
    for placement in overlay.placements:
        n = number.get(id(placement.finding))
        if n is None:
            continue
        for i in placement.actors:
            on_box[node_of.get(chain.actors[i].id)].add(n)
        for j in (*placement.links, *placement.traced):
            link = chain.links[j]
            on_line[(node_of.get(link.source), node_of.get(link.target), link.kind)].add(n)
        for tier in placement.tiers:
            on_tier[tier].add(n)
        if placement.ghost is not None:
            ghost = placement.ghost
            on_ghost[(node_of.get(ghost.source), node_of.get(ghost.target), ghost.kind)].add(n)

    groups = {g.get("id"): g for g in root.iter(f"{{{SVG}}}g") if g.get("id")}

    def mark(group: ET.Element | None, name: str, ids: list[str], total: int, found: set[int]) -> None:
        if group is None:
            return
        if ids:
            group.set(name, " ".join(ids[:MAX_IDS]))
            if total > MAX_IDS:
                group.set(f"{name}s-more", str(total - MAX_IDS))
        if found:
            group.set("data-findings", " ".join(map(str, sorted(found))))

    for rank, (tier, _) in enumerate(scene.tiers):
        mark(groups.get(f"tier{rank}"), "data-tier", [tier], 1, on_tier.get(tier, set()))
    for n, box in enumerate(scene.boxes):
        ids = members.get(box.id, [])
        mark(groups.get(box_svg_id(n)), "data-actor", ids, len(ids), on_box.get(box.id, set()))
    for n, line in enumerate(scene.lines):
        triple = (line.source, line.target, line.kind)
        if line.ghost:
            mark(groups.get(line_svg_id(n)), "data-ghost", [f"{line.source}->{line.target}:{line.kind}"], 1,
                 on_ghost.get(triple, set()))
            continue
        js = links_of_line.get(triple, [])
        mark(groups.get(line_svg_id(n)), "data-link", [chain.links[j].key for j in js[:MAX_IDS]], len(js),
             on_line.get(triple, set()))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
