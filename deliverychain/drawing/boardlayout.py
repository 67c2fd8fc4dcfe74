"""Laying out the board style: tiers as rows, actors ordered to cross as little as possible.

A layered (Sugiyama-style) layout, written for delivery chains, whose layers are given:
the tiers. In order:

1. Connectors: the lines between one pair of boxes become one connector, its links drawn
   as parallel strands along one route (a mandate down and the reporting back up read as
   one relationship).
2. Routes by how far a connector goes: to the next tier, straight down; two tiers, through
   a waypoint in the tier between, which takes a slot in that tier's order; further, into
   the *side lane* at the right, a labelled column where links that skip tiers run, not
   round the margins; within a tier, an arc under the row (or a short line between
   neighbours).
3. Order within each tier: barycentre sweeps down and up, keeping the order with the fewest
   crossings (counted between adjacent tiers), then neighbours swapped while that removes
   crossings; boxes with side-lane connectors lean right, towards the lane. An actor's
   `order:` fixes its place among the others that have one.
4. Positions: each box as near the mean of its neighbours as the order and the gaps allow
   (blocks of touching boxes placed at their mean: least squares under the constraints).

Everything is deterministic: ties keep the scene's (file) order.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass, field

from deliverychain.drawing.scene import Box, Line, Scene
from deliverychain.drawing.textsize import text_width, wrap_to_width

NAME_SIZE = 9.5
COUNT_SIZE = 7.5
NAME_LEADING = 10.8
NAME_WIDTH = 84.0
BOX_PAD_X, BOX_PAD_Y = 5.0, 4.5
BOX_GAP = 12.0
WAYPOINT_WIDTH = 10.0
STRAND_GAP = 4.0
ROW_PAD = 4.0
#: Room at the top of each tier's band for its label.
LABEL_ROOM = 12.0
GAP_BASE = 12.0
RUN_SPACING = 5.0
LANE_TRACK = 6.0
#: Connectors that span this many tiers or more run in the side lane.
LANE_SPAN = 4
LABEL_COLUMN = 8.0
LABEL_SIZE = 7.5


@dataclass
class Placed:
    box: Box
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    name_lines: list[str] = field(default_factory=list)

    @property
    def cx(self) -> float:
        return self.x + self.w / 2


@dataclass
class Connector:
    """One route between two boxes, its links as strands."""

    #: Upper (or, within a tier, left) end first.
    a: str
    b: str
    lines: list[Line]
    kind: str = "adjacent"  # adjacent, through, lane, side
    #: Waypoint x for "through"; lane track for "lane".
    via: float = 0.0
    track: int = 0
    #: The routed centre line, as points (orthogonal for the lane, else ends and waypoints).
    points: list[tuple[float, float]] = field(default_factory=list)
    #: Port x at each end.
    port_a: float = 0.0
    port_b: float = 0.0

    @property
    def width(self) -> float:
        return (len(self.lines) - 1) * STRAND_GAP


@dataclass
class Row:
    tier: str
    label: str
    top: float
    bottom: float
    nodes: list[str] = field(default_factory=list)


@dataclass
class Layout:
    boxes: dict[str, Placed]
    connectors: list[Connector]
    rows: list[Row]
    width: float
    height: float
    lane: tuple[float, float] | None
    #: x of each waypoint node ("~n" ids), for tests and routing.
    waypoints: dict[str, tuple[float, float]] = field(default_factory=dict)


def measure_box(box: Box) -> Placed:
    lines = wrap_to_width(box.name, NAME_WIDTH, NAME_SIZE, bold=True) or ["?"]
    width = max(text_width(line, NAME_SIZE, bold=True) for line in lines)
    height = len(lines) * NAME_LEADING
    if box.is_group:
        width = max(width, text_width(f"\u00d7 {box.count:,}", COUNT_SIZE))
        height += COUNT_SIZE + 3
    return Placed(box, w=max(50.0, width + 2 * BOX_PAD_X), h=height + 2 * BOX_PAD_Y, name_lines=lines)


def connectors_of(scene: Scene, rank: dict[str, int]) -> list[Connector]:
    pairs: dict[tuple[str, str], list[Line]] = defaultdict(list)
    for line in scene.lines:
        if line.source == line.target:
            continue
        u, v = line.source, line.target
        if (rank[u], 0) > (rank[v], 0) or (rank[u] == rank[v] and u > v):
            u, v = v, u
        pairs[(u, v)].append(line)
    out = []
    for (u, v), lines in pairs.items():
        span = rank[v] - rank[u]
        kind = "side" if span == 0 else "adjacent" if span == 1 else "through" if span < LANE_SPAN else "lane"
        # Down strands first, then up; within each, by kind, so strands keep one order.
        lines.sort(key=lambda line: (line.source != u, line.kind, line.ghost))
        out.append(Connector(u, v, lines, kind))
    return out


def _crossings(order: list[list[str]], edges: list[tuple[str, str]], position: dict[str, float]) -> int:
    """Crossings between adjacent rows (edges go from a row to the next)."""
    by_row: dict[int, list[tuple[float, float]]] = defaultdict(list)
    row_of = {n: r for r, nodes in enumerate(order) for n in nodes}
    for u, v in edges:
        by_row[row_of[u]].append((position[u], position[v]))
    total = 0
    for segments in by_row.values():
        segments.sort()
        for i, (a1, b1) in enumerate(segments):
            for a2, b2 in segments[i + 1:]:
                if a2 > a1 and b2 < b1:
                    total += 1
    return total


def _apply_fixed(nodes: list[str], fixed: dict[str, float]) -> list[str]:
    """Nodes with a user's `order:` take the slots such nodes hold, in that order."""
    slots = [i for i, n in enumerate(nodes) if n in fixed]
    if len(slots) < 2:
        return nodes
    chosen = sorted((n for n in nodes if n in fixed), key=lambda n: fixed[n])
    out = list(nodes)
    for i, n in zip(slots, chosen, strict=True):
        out[i] = n
    return out


def order_rows(rows: list[list[str]], edges: list[tuple[str, str]], lane_ends: set[str],
               fixed: dict[str, float], sweeps: int = 12) -> list[list[str]]:
    """Barycentre sweeps; the order with the fewest crossings wins."""
    up: dict[str, list[str]] = defaultdict(list)
    down: dict[str, list[str]] = defaultdict(list)
    for u, v in edges:
        down[u].append(v)
        up[v].append(u)
    order = [_apply_fixed(list(r), fixed) for r in rows]

    def positions() -> dict[str, float]:
        return {n: float(i) for r in order for i, n in enumerate(r)}

    best = [list(r) for r in order]
    best_count = _crossings(order, edges, positions())
    for sweep in range(sweeps):
        downward = sweep % 2 == 0
        indexes = range(1, len(order)) if downward else range(len(order) - 2, -1, -1)
        for r in indexes:
            where = positions()
            neighbours = up if downward else down
            current = order[r]
            keyed = []
            for i, n in enumerate(current):
                around = [where[m] for m in neighbours[n]]
                if n in lane_ends:
                    around.append(len(current) + 1.0)  # the lane is at the right
                centre = sum(around) / len(around) if around else float(i)
                keyed.append((centre, i, n))
            order[r] = _apply_fixed([n for _, _, n in sorted(keyed)], fixed)
        count = _crossings(order, edges, positions())
        if count < best_count:
            best, best_count = [list(r) for r in order], count
    return _transpose(best, edges, fixed, best_count)


def _transpose(order: list[list[str]], edges: list[tuple[str, str]], fixed: dict[str, float],
               count: int, rounds: int = 4) -> list[list[str]]:
    """Swap neighbours in a row while that removes crossings (the barycentre's finishing pass)."""
    if len(edges) > 400:  # a page has a few hundred connectors at most; beyond, barycentres only
        return order

    def crossings() -> int:
        return _crossings(order, edges, {n: float(i) for r in order for i, n in enumerate(r)})

    for _ in range(rounds):
        improved = False
        for row in order:
            for i in range(len(row) - 1):
                if row[i] in fixed and row[i + 1] in fixed:
                    continue
                row[i], row[i + 1] = row[i + 1], row[i]
                swapped = crossings()
                if swapped < count:
                    count, improved = swapped, True
                else:
                    row[i], row[i + 1] = row[i + 1], row[i]
        if not improved:
            break
    return order


def _place_row(nodes: list[str], widths: dict[str, float], desired: dict[str, float]) -> dict[str, float]:
    """Centres as near `desired` as order and gaps allow (blocks merged at their mean)."""
    blocks: list[list[object]] = []  # [first index, last index, offset sum, count, start]
    offsets: list[float] = []
    at = 0.0
    for i, n in enumerate(nodes):
        if i:
            at += widths[nodes[i - 1]] / 2 + BOX_GAP + widths[n] / 2
        offsets.append(at)
    for i, n in enumerate(nodes):
        block = [i, i, desired[n] - offsets[i], 1]
        blocks.append(block)
        while len(blocks) > 1:
            previous, last = blocks[-2], blocks[-1]
            start_prev = previous[2] / previous[3]  # type: ignore[operator]
            start_last = last[2] / last[3]  # type: ignore[operator]
            if start_prev <= start_last:
                break
            blocks[-2:] = [[previous[0], last[1], previous[2] + last[2], previous[3] + last[3]]]  # type: ignore[operator]
    centres: dict[str, float] = {}
    for first, last, total, count in blocks:
        start = total / count  # type: ignore[operator]
        for i in range(first, last + 1):  # type: ignore[call-overload]
            centres[nodes[i]] = start + offsets[i]
    return centres


def layout(scene: Scene) -> Layout:
    rank = {box.id: r for r, (_, boxes) in enumerate(scene.tiers) for box in boxes}
    placed = {box.id: measure_box(box) for box in scene.boxes}
    connectors = connectors_of(scene, rank)
    rows: list[list[str]] = [[b.id for b in boxes] for _, boxes in scene.tiers]
    widths = {n: p.w for n, p in placed.items()}
    edges: list[tuple[str, str]] = []
    lane_ends: set[str] = set()
    waypoint_of: dict[int, list[str]] = {}
    for k, connector in enumerate(connectors):
        if connector.kind == "adjacent":
            edges.append((connector.a, connector.b))
        elif connector.kind == "through":
            chain_of = [connector.a]
            for middle in range(rank[connector.a] + 1, rank[connector.b]):
                node = f"~{k}.{middle}"
                rows[middle].append(node)
                widths[node] = WAYPOINT_WIDTH + connector.width
                chain_of.append(node)
            waypoint_of[k] = chain_of[1:]
            chain_of.append(connector.b)
            edges += list(itertools.pairwise(chain_of))
        elif connector.kind == "lane":
            lane_ends.update((connector.a, connector.b))
    fixed = {b.id: b.order for b in scene.boxes if b.order is not None}
    rows = order_rows(rows, edges, lane_ends, fixed)

    # Horizontal positions: start packed, then pull each node towards its neighbours.
    centre: dict[str, float] = {}
    for nodes in rows:
        at = 0.0
        for n in nodes:
            centre[n] = at + widths[n] / 2
            at += widths[n] + BOX_GAP
    neighbours: dict[str, list[str]] = defaultdict(list)
    for u, v in edges:
        neighbours[u].append(v)
        neighbours[v].append(u)
    for _ in range(8):
        for nodes in rows:
            desired = {n: (sum(centre[m] for m in neighbours[n]) / len(neighbours[n]) if neighbours[n] else centre[n])
                       for n in nodes}
            centre.update(_place_row(nodes, widths, desired))
    left = min(centre[n] - widths[n] / 2 for nodes in rows for n in nodes)
    shift = LABEL_COLUMN - left
    for n in centre:
        centre[n] += shift

    # Vertical positions: rows with gaps, wider where lane runs pass.
    lane_connectors = [c for c in connectors if c.kind == "lane"]
    runs_below: dict[int, int] = defaultdict(int)
    runs_above: dict[int, int] = defaultdict(int)
    for c in lane_connectors:
        runs_below[rank[c.a]] += 1
        runs_above[rank[c.b]] += 1
    side_below: dict[int, int] = defaultdict(int)
    for c in connectors:
        if c.kind == "side":
            side_below[rank[c.a]] += 1
    out_rows: list[Row] = []
    y = 0.0
    for r, nodes in enumerate(rows):
        height = max((placed[n].h for n in nodes if n in placed), default=20.0)
        top = y
        bottom = top + LABEL_ROOM + height + 2 * ROW_PAD
        tier = scene.tiers[r][0]
        out_rows.append(Row(tier, tier.replace("-", " ").upper(), top, bottom, nodes))
        for n in nodes:
            if n in placed:
                p = placed[n]
                p.x, p.y = centre[n] - p.w / 2, top + LABEL_ROOM + ROW_PAD + (height - p.h) / 2
        gap = GAP_BASE + RUN_SPACING * (runs_below[r] + runs_above.get(r + 1, 0)) + 4 * side_below[r]
        y = bottom + gap
    height = out_rows[-1].bottom if out_rows else 0.0
    right = max((centre[n] + widths[n] / 2 for nodes in rows for n in nodes), default=LABEL_COLUMN)

    lane = None
    if lane_connectors:
        # Outer tracks for longer spans, so lane runs nest instead of crossing.
        lane_connectors.sort(key=lambda c: (rank[c.b] - rank[c.a], rank[c.a]))
        for track, c in enumerate(lane_connectors):
            c.track = track
        lane_left = right + 18
        lane = (lane_left, lane_left + 14 + LANE_TRACK * len(lane_connectors) + max(c.width for c in lane_connectors))
        right = lane[1]
    waypoints = {n: (centre[n], (out_rows[r].top + out_rows[r].bottom) / 2)
                 for r, nodes in enumerate(rows) for n in nodes if n.startswith("~")}
    result = Layout(placed, connectors, out_rows, right + 10, height, lane, waypoints)
    _route(result, rank, waypoint_of, centre)
    return result


def _ports(result: Layout, rank: dict[str, int], far_x: dict[tuple[int, str], float]) -> None:
    """Spread the connector ends along each box's top and bottom edges, ordered by where they go."""
    sides: dict[tuple[str, str], list[tuple[float, int, str]]] = defaultdict(list)
    for k, c in enumerate(result.connectors):
        if c.kind == "side":
            sides[(c.a, "bottom")].append((far_x[(k, c.a)], k, "a"))
            sides[(c.b, "bottom")].append((far_x[(k, c.b)], k, "b"))
        else:
            sides[(c.a, "bottom")].append((far_x[(k, c.a)], k, "a"))
            sides[(c.b, "top")].append((far_x[(k, c.b)], k, "b"))
    for (node, _), ends in sides.items():
        box = result.boxes[node]
        ends.sort()
        need = [result.connectors[k].width + STRAND_GAP * 1.5 for _, k, _ in ends]
        total = sum(need)
        usable = box.w * 0.8
        scale = min(1.0, usable / total) if total else 1.0
        at = box.cx - total * scale / 2
        for (_, k, end), space in zip(ends, need, strict=True):
            x = at + space * scale / 2
            at += space * scale
            if end == "a":
                result.connectors[k].port_a = x
            else:
                result.connectors[k].port_b = x


def _route(result: Layout, rank: dict[str, int], waypoint_of: dict[int, list[str]], centre: dict[str, float]) -> None:
    far_x: dict[tuple[int, str], float] = {}
    lane_x = result.lane[0] if result.lane else 0.0
    for k, c in enumerate(result.connectors):
        if c.kind == "lane":
            far_x[(k, c.a)] = far_x[(k, c.b)] = math.inf
        elif c.kind == "through":
            far_x[(k, c.a)] = centre[waypoint_of[k][0]]
            far_x[(k, c.b)] = centre[waypoint_of[k][-1]]
        else:
            far_x[(k, c.a)] = result.boxes[c.b].cx
            far_x[(k, c.b)] = result.boxes[c.a].cx
    _ports(result, rank, far_x)
    runs_below: dict[int, int] = defaultdict(int)
    runs_above: dict[int, int] = defaultdict(int)
    side_depth: dict[int, int] = defaultdict(int)
    sides: dict[int, int] = defaultdict(int)
    for c in result.connectors:
        if c.kind == "side":
            sides[rank[c.a]] += 1
    for k, c in enumerate(result.connectors):
        a, b = result.boxes[c.a], result.boxes[c.b]
        if c.kind == "adjacent":
            c.points = [(c.port_a, a.y + a.h), (c.port_b, b.y)]
        elif c.kind == "through":
            c.points = [(c.port_a, a.y + a.h)]
            for node, middle in zip(waypoint_of[k], range(rank[c.a] + 1, rank[c.b]), strict=True):
                x = result.waypoints[node][0]
                row = result.rows[middle]
                c.points += [(x, row.top), (x, row.bottom)]
            c.points.append((c.port_b, b.y))
        elif c.kind == "side":
            r = rank[c.a]
            depth = result.rows[r].bottom + 6 + 4 * side_depth[r]
            side_depth[r] += 1
            c.points = [(c.port_a, a.y + a.h), (c.port_a, depth), (c.port_b, depth), (c.port_b, b.y + b.h)]
        else:
            top_row, bottom_row = rank[c.a], rank[c.b]
            y1 = result.rows[top_row].bottom + 10 + 4 * sides[top_row] + RUN_SPACING * runs_below[top_row]
            runs_below[top_row] += 1
            y2 = result.rows[bottom_row].top - 8 - RUN_SPACING * runs_above[bottom_row]
            runs_above[bottom_row] += 1
            x = lane_x + 10 + LANE_TRACK * c.track + c.width / 2
            c.via = x
            c.points = [(c.port_a, a.y + a.h), (c.port_a, y1), (x, y1), (x, y2), (c.port_b, y2), (c.port_b, b.y)]
