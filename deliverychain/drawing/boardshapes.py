"""The board style's marks: colours, line styles, arrowheads, character shapes, callouts,
and the geometry of the strands a connector is drawn as.

Every encoding reads in greyscale: strength by line weight and dash, character by a shape
on the line (colour is a second cue), direction by arrowheads filled (steers) or hollow
(informs), severity by callouts filled (errors) or ringed (warnings).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from deliverychain.drawing import canvas as cv
from deliverychain.drawing.boardlayout import Connector
from deliverychain.drawing.scene import Line
from deliverychain.drawing.textsize import text_width

TEXT = "#1A1A1A"
MUTED = "#595959"
BAND = ("#F2F2F2", "#FAFAFA")
GHOST = "#7F7F7F"
PLAIN = "#6E6E6E"
#: Character colours (Okabe-Ito, without its orange and vermillion, which mark findings).
CHARACTER = {"supportive": "#009E73", "collaborative": "#0072B2", "directive": "#CC79A7", "punitive": "#000000"}
#: Finding colours: vermillion for errors, orange for warnings, blue-grey for information.
SEVERITY = {"error": "#D55E00", "warning": "#E69F00", "info": "#5B7B9A"}
#: Strength: (line width, dash pattern, opacity).
STRENGTH = {
    "strong": (2.8, (), 1.0),
    "adequate": (1.6, (), 1.0),
    "weak": (0.75, (), 1.0),
    "broken": (1.4, (1.2, 2.6), 1.0),
    "unknown": (1.0, (), 0.55),
    "planned": (1.2, (4.5, 2.5), 1.0),
    "missing": (1.2, (4.5, 2.5), 1.0),
}
STRENGTH_WORDS = {"strong": "strong", "adequate": "adequate", "weak": "weak", "broken": "broken",
                  "unknown": "not assessed", "planned": "missing or planned", "missing": "missing or planned"}
CALLOUT_R = 6.2
CALLOUT_SIZE = 7.5



def line_style(line: Line) -> tuple[float, tuple[float, ...], float]:
    return STRENGTH["missing"] if line.ghost else STRENGTH.get(line.strength, STRENGTH["unknown"])


def line_colour(line: Line) -> str:
    if line.ghost or line.strength in ("missing", "planned"):
        return GHOST
    return CHARACTER.get(line.character or "", PLAIN)


def strand(c: Connector, offset: float) -> list[tuple[float, ...]]:
    """Path commands of one strand, `offset` points beside the centre line."""
    p = c.points
    if c.kind == "adjacent":
        (x0, y0), (x1, y1) = p
        dy = (y1 - y0) * 0.5
        return [("M", x0 + offset, y0), ("C", x0 + offset, y0 + dy, x1 + offset, y1 - dy, x1 + offset, y1)]
    if c.kind == "through":
        # Curves between tiers, straight down through each tier it passes.
        commands: list[tuple[float, ...]] = [("M", p[0][0] + offset, p[0][1])]
        for i in range(1, len(p)):
            (x0, y0), (x1, y1) = p[i - 1], p[i]
            if i % 2:
                dy = (y1 - y0) * 0.5
                commands.append(("C", x0 + offset, y0 + dy, x1 + offset, y1 - dy, x1 + offset, y1))
            else:
                commands.append(("L", x1 + offset, y1))
        return commands
    if c.kind == "side":
        (x0, y0), (_, depth), (x1, _), _ = p
        y1 = p[3][1]
        return [("M", x0 + offset, y0), ("C", x0 + offset, depth + offset, x1 - offset, depth + offset,
                                          x1 - offset, y1)]
    return orthogonal(p, offset)


def orthogonal(points: list[tuple[float, float]], offset: float, radius: float = 5.0) -> list[tuple[float, ...]]:
    """An orthogonal route moved `offset` to its left, with rounded corners."""
    normals = []
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        normals.append(((y1 - y0) / length, -(x1 - x0) / length))
    moved = []
    for i, (x, y) in enumerate(points):
        n1 = normals[max(0, i - 1)]
        n2 = normals[min(len(normals) - 1, i)]
        nx, ny = (n1[0] + n2[0], n1[1] + n2[1]) if i not in (0, len(points) - 1) else n1 if i else n2
        moved.append((x + offset * nx, y + offset * ny))
    commands: list[tuple[float, ...]] = [("M", *moved[0])]  # type: ignore[list-item]
    for i in range(1, len(moved) - 1):
        (xp, yp), (x, y), (xn, yn) = moved[i - 1], moved[i], moved[i + 1]
        into, out = math.hypot(x - xp, y - yp) or 1.0, math.hypot(xn - x, yn - y) or 1.0
        r1, r2 = min(radius, into / 2), min(radius, out / 2)
        before = (x - (x - xp) * r1 / into, y - (y - yp) * r1 / into)
        after = (x + (xn - x) * r2 / out, y + (yn - y) * r2 / out)
        commands.append(("L", *before))  # type: ignore[arg-type]
        commands.append(("C", x, y, x, y, *after))  # type: ignore[arg-type]
    commands.append(("L", *moved[-1]))  # type: ignore[arg-type]
    return commands


def flatten(commands: Sequence[tuple[float, ...]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for command in commands:
        op = command[0]
        values = [float(v) for v in command[1:]]
        if op in ("M", "L"):
            points.append((values[0], values[1]))
        elif op == "C":
            x0, y0 = points[-1]
            for step in range(1, 9):
                t = step / 8
                u = 1 - t
                a, b, c, d = u ** 3, 3 * u * u * t, 3 * u * t * t, t ** 3
                points.append((a * x0 + b * values[0] + c * values[2] + d * values[4],
                               a * y0 + b * values[1] + c * values[3] + d * values[5]))
    return points


def point_along(points: Sequence[tuple[float, float]], fraction: float) -> tuple[float, float]:
    lengths = [math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in itertools.pairwise(points)]
    goal = sum(lengths) * fraction
    for (a, b), length in zip(itertools.pairwise(points), lengths, strict=True):
        if goal <= length and length:
            t = goal / length
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        goal -= length
    return points[-1]


def trim(commands: list[tuple[float, ...]], at_start: bool, at_end: bool, length: float) -> list[tuple[float, ...]]:
    """Shorten a strand that ends vertically at an arrowhead, so the line stops at its base."""
    out = [list(c) for c in commands]
    if at_start:
        y0, y1 = out[0][2], _next_y(out)
        out[0][2] = y0 + math.copysign(length, y1 - y0)
    if at_end:
        last = out[-1]
        y_end = last[-1]
        y_before = last[-3] if last[0] == "C" else _prev_y(out)
        last[-1] = y_end - math.copysign(length, y_end - y_before)
    return [tuple(c) for c in out]  # type: ignore[misc]


def _next_y(commands: list[list[object]]) -> float:
    return float(commands[1][2])  # type: ignore[arg-type]


def _prev_y(commands: list[list[object]]) -> float:
    return float(commands[-2][-1])  # type: ignore[arg-type]


def arrowhead(x: float, y: float, pointing_down: bool, colour: str, hollow: bool, size: float) -> cv.Path:
    length, half = 5.5 + size * 0.4, 2.4 + size * 0.35
    base = y - length if pointing_down else y + length
    style = cv.Style(fill="#FFFFFF" if hollow else colour, stroke=colour, width=0.9)
    return cv.Path([("M", x, y), ("L", x - half, base), ("L", x + half, base), ("Z",)], style)


def glyph(kind: str, x: float, y: float, colour: str, r: float = 2.7) -> list[cv.Shape]:
    """The shape that marks a character on a line: survives greyscale where colour does not."""
    halo = cv.Style(fill="#FFFFFF", stroke="#FFFFFF", width=1.6)
    solid = cv.Style(fill=colour, stroke=colour, width=0.6)
    if kind == "supportive":
        return [cv.Circle(x, y, r + 0.8, halo), cv.Circle(x, y, r, solid)]
    if kind == "collaborative":
        diamond = [("M", x, y - r - 0.6), ("L", x + r + 0.6, y), ("L", x, y + r + 0.6), ("L", x - r - 0.6, y), ("Z",)]
        return [cv.Path(diamond, cv.Style(fill=colour, stroke="#FFFFFF", width=1.0))]
    if kind == "directive":
        return [cv.Rect(x - r, y - r, 2 * r, 2 * r, cv.Style(fill=colour, stroke="#FFFFFF", width=1.0))]
    if kind == "punitive":
        cross = cv.Style(stroke=colour, width=1.6)
        white = cv.Style(stroke="#FFFFFF", width=3.2)
        arms = [[("M", x - r, y - r), ("L", x + r, y + r)], [("M", x - r, y + r), ("L", x + r, y - r)]]
        return [*(cv.Path(a, white) for a in arms), *(cv.Path(a, cross) for a in arms)]
    return []


def callout(n: int, severity: str, x: float, y: float) -> list[cv.Shape]:
    """A numbered finding: errors filled, warnings hollow with a thick ring, information hollow and thin."""
    colour = SEVERITY.get(severity, SEVERITY["info"])
    if severity == "error":
        return [cv.Circle(x, y, CALLOUT_R, cv.Style(fill=colour, stroke="#FFFFFF", width=1.0)),
                cv.Text(x, y + CALLOUT_SIZE * 0.36, str(n), CALLOUT_SIZE, bold=True, fill="#FFFFFF", anchor="middle")]
    width = 1.8 if severity == "warning" else 0.9
    return [cv.Circle(x, y, CALLOUT_R - 0.4, cv.Style(fill="#FFFFFF", stroke=colour, width=width)),
            cv.Text(x, y + CALLOUT_SIZE * 0.36, str(n), CALLOUT_SIZE, bold=True, fill=TEXT, anchor="middle")]


def callout_width(n: int) -> float:
    return max(2 * CALLOUT_R, text_width(str(n), CALLOUT_SIZE, bold=True) + 5)


def sideways_arrow(x: float, y: float, colour: str, hollow: bool, right: bool) -> cv.Path:
    tip, base = (x, x - 6) if right else (x, x + 6)
    style = cv.Style(fill="#FFFFFF" if hollow else colour, stroke=colour, width=0.9)
    return cv.Path([("M", tip, y), ("L", base, y - 3), ("L", base, y + 3), ("Z",)], style)
