"""Count crossing connectors in drawn diagrams: how tangled a picture is, measured.

    .venv/bin/python benchmarks/crossings.py chains/*.yaml            # draw each, then count
    .venv/bin/python benchmarks/crossings.py build/cancer.svg          # count an SVG already drawn
    .venv/bin/python benchmarks/crossings.py chains/*.yaml --style detail

A connector is what the reader follows with the eye: a Graphviz edge (`<g class="edge">`)
in the detail style, a `<g data-link=...>` in the board style (one connector may stand for
a link and its reply). Its geometry is every path, line and polyline in it, curves
flattened. Two connectors cross when their lines intersect away from their own ends (a
point more than `--margin` points from every end of both): lines meeting at a shared
actor do not count. The count is of pairs of connectors, each pair once however often
they cross.
"""

from __future__ import annotations

import argparse
import itertools
import re
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

Point = tuple[float, float]
Segment = tuple[Point, Point]
SVG = "{http://www.w3.org/2000/svg}"
_TOKEN = re.compile(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_STEPS = 12


def _bezier(points: list[Point]) -> list[Point]:
    """Points along a quadratic or cubic Bezier curve (without its start)."""
    out = []
    for step in range(1, _STEPS + 1):
        t = step / _STEPS
        level = points
        while len(level) > 1:
            level = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) for a, b in itertools.pairwise(level)]
        out.append(level[0])
    return out


def path_points(d: str) -> list[list[Point]]:
    """The polylines of an SVG path (absolute and relative M, L, H, V, C, Q, Z)."""
    tokens = _TOKEN.findall(d)
    lines: list[list[Point]] = []
    current: Point = (0.0, 0.0)
    start: Point = current
    command = ""
    i = 0

    def take(n: int) -> list[float]:
        nonlocal i
        values = [float(v) for v in tokens[i:i + n]]
        i += n
        return values

    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command in "Zz":
                if lines:
                    lines[-1].append(start)
                current = start
                continue
        relative = command.islower()
        base = current if relative else (0.0, 0.0)
        kind = command.upper()
        if kind == "M":
            x, y = take(2)
            current = start = (base[0] + x, base[1] + y)
            lines.append([current])
            command = "l" if relative else "L"
        elif kind == "L":
            x, y = take(2)
            current = (base[0] + x, base[1] + y)
            lines[-1].append(current)
        elif kind == "H":
            (x,) = take(1)
            current = ((current[0] if relative else 0.0) + x, current[1])
            lines[-1].append(current)
        elif kind == "V":
            (y,) = take(1)
            current = (current[0], (current[1] if relative else 0.0) + y)
            lines[-1].append(current)
        elif kind in "CQ":
            values = take(6 if kind == "C" else 4)
            controls = [(base[0] + values[k], base[1] + values[k + 1]) for k in range(0, len(values), 2)]
            lines[-1].extend(_bezier([current, *controls]))
            current = controls[-1]
        else:
            raise ValueError(f"path command '{command}' is not handled")
    return [line for line in lines if len(line) > 1]


def _translate(element: ET.Element) -> Point:
    match = re.match(r"\s*translate\(\s*([-0-9.e]+)[ ,]+([-0-9.e]+)\s*\)", element.get("transform", ""))
    return (float(match.group(1)), float(match.group(2))) if match else (0.0, 0.0)


def connectors(svg: bytes) -> dict[str, list[list[Point]]]:
    """Each connector's polylines, in the SVG's own coordinates (translations applied)."""
    root = ET.fromstring(svg)
    found: dict[str, list[list[Point]]] = {}

    def walk(element: ET.Element, offset: Point) -> None:
        dx, dy = _translate(element)
        offset = (offset[0] + dx, offset[1] + dy)
        is_connector = element.tag == f"{SVG}g" and (element.get("class") == "edge" or element.get("data-link"))
        if is_connector:
            name = element.get("data-link") or element.get("id") or str(len(found))
            lines = []
            for part in element.iter():
                if part.tag == f"{SVG}path" and part.get("d"):
                    lines.extend(path_points(part.get("d", "")))
                elif part.tag == f"{SVG}line":
                    lines.append([(float(part.get("x1", 0)), float(part.get("y1", 0))),
                                  (float(part.get("x2", 0)), float(part.get("y2", 0)))])
            found[f"{name}#{len(found)}"] = [[(x + offset[0], y + offset[1]) for x, y in line] for line in lines]
            return
        for child in element:
            walk(child, offset)

    walk(root, (0.0, 0.0))
    return {name: lines for name, lines in found.items() if lines}


def _cross(p: Point, q: Point, r: Point, s: Point) -> Point | None:
    """Where segments pq and rs properly intersect, or None."""
    d = (q[0] - p[0]) * (s[1] - r[1]) - (q[1] - p[1]) * (s[0] - r[0])
    if abs(d) < 1e-12:
        return None
    t = ((r[0] - p[0]) * (s[1] - r[1]) - (r[1] - p[1]) * (s[0] - r[0])) / d
    u = ((r[0] - p[0]) * (q[1] - p[1]) - (r[1] - p[1]) * (q[0] - p[0])) / d
    if 0 <= t <= 1 and 0 <= u <= 1:
        return (p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]))
    return None


def _bounds(lines: list[list[Point]]) -> tuple[float, float, float, float]:
    xs = [x for line in lines for x, _ in line]
    ys = [y for line in lines for _, y in line]
    return min(xs), min(ys), max(xs), max(ys)


def count_crossings(svg: bytes, margin: float = 4.0) -> tuple[int, int]:
    """(connectors, pairs of connectors that cross)."""
    drawn = connectors(svg)
    items = []
    for lines in drawn.values():
        ends = [line[0] for line in lines] + [line[-1] for line in lines]
        segments = [seg for line in lines for seg in itertools.pairwise(line)]
        items.append((_bounds(lines), ends, segments))
    crossing = 0
    for (box_a, ends_a, segs_a), (box_b, ends_b, segs_b) in itertools.combinations(items, 2):
        if box_a[2] < box_b[0] or box_b[2] < box_a[0] or box_a[3] < box_b[1] or box_b[3] < box_a[1]:
            continue
        ends = ends_a + ends_b
        if _crosses(segs_a, segs_b, ends, margin):
            crossing += 1
    return len(drawn), crossing


def _crosses(segs_a: list[Segment], segs_b: list[Segment], ends: list[Point], margin: float) -> bool:
    for p, q in segs_a:
        ax0, ax1 = min(p[0], q[0]), max(p[0], q[0])
        ay0, ay1 = min(p[1], q[1]), max(p[1], q[1])
        for r, s in segs_b:
            if max(r[0], s[0]) < ax0 or min(r[0], s[0]) > ax1 or max(r[1], s[1]) < ay0 or min(r[1], s[1]) > ay1:
                continue
            point = _cross(p, q, r, s)
            if point is not None and all(abs(point[0] - e[0]) + abs(point[1] - e[1]) > margin for e in ends):
                return True
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", help="chain files (drawn first) or SVG files")
    parser.add_argument("--style", default=None, help="board or detail (chain files only; default: the SVG default)")
    parser.add_argument("--engine", default="auto", help="Graphviz engine for the detail style")
    parser.add_argument("--margin", type=float, default=4.0, help="points from an end that do not count")
    args = parser.parse_args(argv)
    print("| diagram | connectors | crossing pairs |")
    print("|---|---:|---:|")
    for name in args.files:
        path = Path(name)
        if path.suffix == ".svg":
            svg = path.read_bytes()
        else:
            import deliverychain

            options = {"style": args.style} if args.style else {}
            svg = deliverychain.render(deliverychain.load(path), format="svg", engine=args.engine, **options)
        count, crossing = count_crossings(svg, args.margin)
        print(f"| {path.name} | {count} | {crossing} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
