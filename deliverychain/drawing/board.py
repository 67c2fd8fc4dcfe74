"""The board style: a chain drawn to be read on paper, findings numbered beside it.

    >>> from deliverychain.drawing.board import board_pages
    >>> pages = board_pages(chain, findings=report, page="a4")
    >>> pages[0].svg, pages[0].size, [n for n, _ in pages[0].findings]

What a link is shows by line weight (strength), colour with a shape on the line
(character) and arrowhead (steers down, informs up); no text on links. The links between
two actors run side by side as one connector. Findings are numbered callouts (numbers from
`deliverychain.findings.numbered`, shared with the report and the live preview) with a
one-line sentence each in the panel beside the drawing; the key lists only what the page
uses, and every encoding reads in greyscale (weights, dashes, shapes, filled or hollow).

Pages are fitted, not shrunk: the drawing goes on A4 or A3, portrait or landscape,
whichever shows it largest, and where even A3 would print text under 7 points the chain is
split into views, one per branch (a national chain: one page per region).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from deliverychain.drawing import canvas as cv
from deliverychain.drawing.boardlayout import (
    COUNT_SIZE,
    LABEL_SIZE,
    NAME_LEADING,
    NAME_SIZE,
    STRAND_GAP,
    Connector,
    Layout,
    Placed,
    layout,
)
from deliverychain.drawing.errors import RenderError
from deliverychain.drawing.escape import clean_text, one_line
from deliverychain.drawing.scene import Line, Scene
from deliverychain.drawing.textsize import ASCENT, text_width, wrap_to_width
from deliverychain.findings import Finding, Severity, numbered
from deliverychain.vocab import UPWARD_KINDS

if TYPE_CHECKING:
    from deliverychain.analysis.engine import AuditReport
    from deliverychain.model import Chain, View

Describe = Callable[[Finding], str]

#: Smallest text in the drawing is 7.5 pt at full size: it may shrink to 7 pt, no further.
SMALLEST = 7.0
#: Names are set at 9.5 pt and must print at 9 or more; other text at 7.5 pt, 7 or more.
MIN_SCALE = max(SMALLEST / 7.5, 9.0 / NAME_SIZE)
MAX_SCALE = 1.3
MARGIN = 28.0
COLUMN = 206.0
#: The panel's width when it goes below the drawing, beside the key (fits A4 portrait).
WIDE_PANEL = 300.0
PAPER = {"a4": (595.0, 842.0), "a3": (842.0, 1191.0), "letter": (612.0, 792.0)}
#: Data attributes list at most this many actor or link ids (a collapsed box stands for thousands).
MAX_IDS = 50

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


@dataclass
class BoardPage:
    """One printed page of the board: its picture and what it shows."""

    svg: bytes
    #: Width and height in points.
    size: tuple[float, float]
    #: The numbered findings drawn on this page (numbers as in `findings.numbered`).
    findings: list[tuple[int, Finding]]
    #: What the page shows ("" for the whole chain, else the branch or view).
    title: str
    page: cv.Page = field(repr=False)
    #: The drawing's scale on the page (1 = text at its full size).
    scale: float = 1.0


def short_sentence(finding: Finding) -> str:
    """The default panel line: the finding's message to its first clause, without rule ids."""
    text = one_line(finding.message)
    for stop in (": ", "; ", ". "):
        head, found, _ = text.partition(stop)
        if found and len(head) >= 20:
            text = head
            break
    text = text.rstrip(".")
    if len(text) > 140:
        text = text[:137].rsplit(" ", 1)[0] + "..."
    return text


# --- drawing one view -------------------------------------------------------------------

@dataclass
class _Numbers:
    number: dict[int, int]
    describe: Describe

    def of(self, findings: Iterable[Finding]) -> list[int]:
        return sorted({self.number[id(f)] for f in findings if id(f) in self.number})


def _strength(line: Line) -> tuple[float, tuple[float, ...], float]:
    return STRENGTH["missing"] if line.ghost else STRENGTH.get(line.strength, STRENGTH["unknown"])


def _colour(line: Line) -> str:
    if line.ghost or line.strength in ("missing", "planned"):
        return GHOST
    return CHARACTER.get(line.character or "", PLAIN)


def _strand_points(c: Connector, offset: float) -> list[tuple[float, ...]]:
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
    return _orthogonal(p, offset)


def _orthogonal(points: list[tuple[float, float]], offset: float, radius: float = 5.0) -> list[tuple[float, ...]]:
    """An orthogonal route moved `offset` to its left, with rounded corners."""
    normals = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
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
        r1 = min(radius, math.hypot(x - xp, y - yp) / 2)
        r2 = min(radius, math.hypot(xn - x, yn - y) / 2)
        before = (x - (x - xp) * r1 / (math.hypot(x - xp, y - yp) or 1), y - (y - yp) * r1 / (math.hypot(x - xp, y - yp) or 1))
        after = (x + (xn - x) * r2 / (math.hypot(xn - x, yn - y) or 1), y + (yn - y) * r2 / (math.hypot(xn - x, yn - y) or 1))
        commands.append(("L", *before))  # type: ignore[arg-type]
        commands.append(("C", x, y, x, y, *after))  # type: ignore[arg-type]
    commands.append(("L", *moved[-1]))  # type: ignore[arg-type]
    return commands


def _flatten(commands: Sequence[tuple[float, ...]]) -> list[tuple[float, float]]:
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
                points.append((u ** 3 * x0 + 3 * u * u * t * values[0] + 3 * u * t * t * values[2] + t ** 3 * values[4],
                               u ** 3 * y0 + 3 * u * u * t * values[1] + 3 * u * t * t * values[3] + t ** 3 * values[5]))
    return points


def point_along(points: Sequence[tuple[float, float]], fraction: float) -> tuple[float, float]:
    lengths = [math.hypot(b[0] - a[0], b[1] - a[1]) for a, b in zip(points, points[1:], strict=False)]
    goal = sum(lengths) * fraction
    for (a, b), length in zip(zip(points, points[1:], strict=False), lengths, strict=True):
        if goal <= length and length:
            t = goal / length
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        goal -= length
    return points[-1]


def _trim(commands: list[tuple[float, ...]], at_start: bool, at_end: bool, length: float) -> list[tuple[float, ...]]:
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


def _arrowhead(x: float, y: float, pointing_down: bool, colour: str, hollow: bool, size: float) -> cv.Path:
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


def _callout_width(n: int) -> float:
    return max(2 * CALLOUT_R, text_width(str(n), CALLOUT_SIZE, bold=True) + 5)


def _ids(values: Sequence[str]) -> dict[str, str]:
    return {} if not values else {"ids": " ".join(values[:MAX_IDS]),
                                  "more": str(len(values) - MAX_IDS) if len(values) > MAX_IDS else ""}


def draw_view(scene: Scene, numbers: _Numbers) -> tuple[cv.Group, float, float, dict[str, bool]]:
    """The drawing of one scene at full size: its group, width, height, and what it used (for the key)."""
    placed = layout(scene)
    used: dict[str, bool] = {}
    root = cv.Group(attrs={"class": "drawing"})
    bands = root.add(cv.Group(attrs={"class": "tiers"}))
    assert isinstance(bands, cv.Group)
    right = placed.width
    tier_findings = scene.tier_findings
    for i, row in enumerate(placed.rows):
        top, bottom = row.top - 4, row.bottom + 4
        bands.add(cv.Rect(0, top, right, bottom - top, cv.Style(fill=BAND[i % 2]), radius=4))
        y = top + 9
        bands.add(cv.Text(5, y, row.label, LABEL_SIZE, bold=True, fill=MUTED))
        x = 5 + text_width(row.label, LABEL_SIZE, bold=True) + 4 + CALLOUT_R
        for n in numbers.of(tier_findings.get(row.tier, [])):
            severity = _severity_of(n, tier_findings.get(row.tier, []), numbers)
            bands.add(cv.Group(callout(n, severity, x, y - 2.5), attrs={"data-finding": str(n)}))
            x += _callout_width(n) + 2
    if placed.lane:
        left, lane_right = placed.lane
        first, last = placed.rows[0].top, placed.rows[-1].bottom
        lane = bands.add(cv.Group(attrs={"class": "lane"}))
        assert isinstance(lane, cv.Group)
        lane.add(cv.Rect(left, first - 4, lane_right - left, last - first + 8,
                         cv.Style(fill="#FFFFFF", stroke="#BDBDBD", width=0.8, dash=(3, 2)), radius=4))
        used["lane"] = True
    links = root.add(cv.Group(attrs={"class": "links"}))
    assert isinstance(links, cv.Group)
    callouts: list[tuple[float, float, int, str]] = []
    for c in placed.connectors:
        links.add(_connector(c, placed, numbers, used, callouts))
    actors = root.add(cv.Group(attrs={"class": "actors"}))
    assert isinstance(actors, cv.Group)
    for p in placed.boxes.values():
        actors.add(_box(p, numbers, used, callouts))
    if placed.lane:
        left, lane_right = placed.lane
        label_y = placed.rows[0].top - 8
        root.add(cv.Text((left + lane_right) / 2, label_y, "links that skip tiers", LABEL_SIZE, fill=MUTED,
                         anchor="middle"))
    marks = root.add(cv.Group(attrs={"class": "callouts"}))
    assert isinstance(marks, cv.Group)
    for x, y, n, severity in callouts:
        marks.add(cv.Group(callout(n, severity, x, y), attrs={"data-finding": str(n)}))
        used[f"severity:{severity}"] = True
    offset = 20.0 if placed.lane else 8.0  # room for the lane's label and the callouts on the top row
    _shift(root, offset)
    return root, placed.width, placed.height + offset + 8, used


def _shift(shape: cv.Shape, dy: float) -> None:
    """Move every shape of a group down by dy (the writers take absolute coordinates)."""
    if isinstance(shape, cv.Group):
        for child in shape.children:
            _shift(child, dy)
    elif isinstance(shape, cv.Rect | cv.Text):
        shape.y += dy
    elif isinstance(shape, cv.Circle):
        shape.cy += dy
    else:
        shape.commands = [(c[0], *[float(v) + (dy if k % 2 else 0.0) for k, v in enumerate(c[1:])])
                          for c in shape.commands]


def _severity_of(n: int, findings: Iterable[Finding], numbers: _Numbers) -> str:
    for f in findings:
        if numbers.number.get(id(f)) == n:
            return str(Severity(f.severity).value)
    return "info"


def _title(head: str, findings: Iterable[Finding], numbers: _Numbers) -> str:
    lines = [clean_text(head).strip()]
    for f in sorted(findings, key=lambda f: numbers.number.get(id(f), 10**9)):
        n = numbers.number.get(id(f))
        if n is not None:
            lines.append(f"{n}. {numbers.describe(f)}")
    return "\n".join(lines)


def _connector(c: Connector, placed: Layout, numbers: _Numbers, used: dict[str, bool],
               callouts: list[tuple[float, float, int, str]]) -> cv.Group:
    keys = [key for line in c.lines for key in line.keys]
    found = [f for line in c.lines for f in line.findings]
    traced = [f for line in c.lines for f in line.traced_by]
    marks = numbers.of(found)
    attrs = {"class": f"connector {c.kind}"}
    ids = _ids(keys)
    if ids:
        attrs["data-link"] = ids["ids"]
        if ids["more"]:
            attrs["data-links-more"] = ids["more"]
    lit = numbers.of([*found, *traced])
    if lit:
        attrs["data-findings"] = " ".join(map(str, lit))
    head = "\n".join(line.tooltip for line in c.lines if line.tooltip)
    group = cv.Group(attrs=attrs, title=_title(head, [*found, *traced], numbers))
    centre = _strand_points(c, 0.0)
    worst = _worst([*found, *traced], numbers)
    if worst:
        group.add(cv.Path(centre, cv.Style(stroke=SEVERITY[worst], width=c.width + 8, opacity=0.3, round_caps=True)))
        used["halo"] = True
    count = len(c.lines)
    for i, line in enumerate(c.lines):
        offset = (i - (count - 1) / 2) * STRAND_GAP
        commands = _strand_points(c, offset)
        width, dash, opacity = _strength(line)
        colour = _colour(line)
        used[f"strength:{'missing' if line.ghost else line.strength}"] = True
        if line.ghost:
            used["ghost"] = True
        inform = line.kind in UPWARD_KINDS
        mutual = line.kind == "peer-learning"
        forward = line.target == c.b  # the strand's arrow at the route's far end
        arrow_end = forward or mutual
        arrow_start = (not forward) or mutual
        if c.kind == "side":
            arrow_end = forward or mutual
            arrow_start = (not forward) or mutual
        used["arrow:mutual" if mutual else "arrow:inform" if inform else "arrow:steer"] = True
        length = 5.5 + width * 0.4
        trimmed = _trim(commands, arrow_start, arrow_end, length - 0.5)
        group.add(cv.Path(trimmed, cv.Style(stroke=colour, width=width, dash=dash, opacity=opacity)))
        start, end = commands[0], commands[-1]
        end_x, end_y = float(end[-2]), float(end[-1])
        if arrow_end:
            down = c.kind != "side"
            group.add(_arrowhead(end_x, end_y, down, colour, inform, width))
        if arrow_start:
            group.add(_arrowhead(float(start[1]), float(start[2]), False, colour, inform, width))
        if line.character in CHARACTER and not line.ghost:
            fraction = 0.5 if count == 1 else 0.3 + 0.4 * i / (count - 1)
            x, y = point_along(_flatten(commands), fraction)
            for shape in glyph(str(line.character), x, y, colour):
                group.add(shape)
            used[f"character:{line.character}"] = True
        elif not line.ghost:
            used["character:none"] = True
        if count > 1:
            used["bundle"] = True
    if marks:
        points = _flatten(centre)
        for k, n in enumerate(marks):
            x, y = point_along(points, min(0.85, 0.55 + 0.12 * k))
            callouts.append((x + c.width / 2 + CALLOUT_R + 1, y, n, _severity_of(n, found, numbers)))
    return group


def _worst(findings: Sequence[Finding], numbers: _Numbers) -> str:
    shown = [f for f in findings if id(f) in numbers.number]
    if not shown:
        return ""
    return str(Severity(max(shown, key=lambda f: Severity(f.severity).rank).severity).value)


def _box(p: Placed, numbers: _Numbers, used: dict[str, bool], callouts: list[tuple[float, float, int, str]]) -> cv.Group:
    box = p.box
    attrs = {"class": "actor group" if box.is_group else "actor"}
    ids = _ids(box.members)
    if ids:
        attrs["data-actor"] = ids["ids"]
        if ids["more"]:
            attrs["data-actors-more"] = ids["more"]
    marks = numbers.of(box.findings)
    if marks:
        attrs["data-findings"] = " ".join(map(str, marks))
    group = cv.Group(attrs=attrs, title=_title(box.tooltip or box.name, box.findings, numbers))
    worst = _worst(box.findings, numbers)
    border = SEVERITY[worst] if worst else "#333333"
    if box.is_group:
        group.add(cv.Rect(p.x + 2.5, p.y - 2.5, p.w, p.h, cv.Style(fill="#FFFFFF", stroke="#333333", width=0.8), radius=4))
        used["group"] = True
    group.add(cv.Rect(p.x, p.y, p.w, p.h, cv.Style(fill="#FFFFFF", stroke=border, width=2.2 if worst else 1.0),
                      radius=4))
    lines = len(p.name_lines)
    height = lines * NAME_LEADING + ((COUNT_SIZE + 3) if box.is_group else 0)
    y = p.y + (p.h - height) / 2 + NAME_SIZE * ASCENT + 1
    for text in p.name_lines:
        group.add(cv.Text(p.cx, y, text, NAME_SIZE, bold=True, fill=TEXT, anchor="middle"))
        y += NAME_LEADING
    if box.is_group:
        group.add(cv.Text(p.cx, y + 1, f"\u00d7 {box.count:,}", COUNT_SIZE, fill=MUTED, anchor="middle"))
    x = p.x + p.w - 1
    for n in reversed(marks):
        callouts.append((x, p.y - 1, n, _severity_of(n, box.findings, numbers)))
        x -= _callout_width(n) + 1.5
    return group


# --- the page around it -------------------------------------------------------------------

@dataclass
class _Column:
    shapes: list[cv.Shape]
    width: float
    height: float


def _panel(shown: list[tuple[int, Finding]], numbers: _Numbers, width: float, notes: list[str]) -> _Column:
    shapes: list[cv.Shape] = []
    size, leading = 8.0, 9.8
    y = 10.0
    shapes.append(cv.Text(0, y, "What the audit found", 10, bold=True))
    y += 6
    if not shown:
        y += leading
        shapes.append(cv.Text(0, y, "Nothing at this level on this page.", size, fill=MUTED))
    for n, finding in shown:
        lines = wrap_to_width(numbers.describe(finding), width - 20, size)
        y += 4 + CALLOUT_R
        severity = str(Severity(finding.severity).value)
        group = cv.Group(callout(n, severity, CALLOUT_R, y), attrs={"data-finding": str(n), "class": "panel-item"})
        baseline = y + size * 0.36
        for k, text in enumerate(lines):
            group.add(cv.Text(20, baseline + k * leading, text, size, fill=TEXT))
        shapes.append(group)
        y = baseline + (len(lines) - 1) * leading + 3
    for note in notes:
        for text in wrap_to_width(note, width, 7.5):
            y += 10
            shapes.append(cv.Text(0, y, text, 7.5, fill=MUTED))
    return _Column(shapes, width, y + 4)


_ROW = 10.0


def _key(used: dict[str, bool], width: float) -> _Column:
    shapes: list[cv.Shape] = []
    y = 10.0
    shapes.append(cv.Text(0, y, "Key", 10, bold=True))
    y += 4
    sample = 30.0

    def row(text: str, draw: Callable[[float], list[cv.Shape]]) -> None:
        nonlocal y
        y += _ROW
        shapes.extend(draw(y - 3))
        shapes.append(cv.Text(sample + 8, y, text, 7.5, fill=TEXT))

    def line_sample(width_: float, dash: tuple[float, ...], colour: str, opacity: float = 1.0) -> Callable[[float], list[cv.Shape]]:
        return lambda yy: [cv.Path([("M", 0, yy), ("L", sample, yy)], cv.Style(stroke=colour, width=width_, dash=dash,
                                                                               opacity=opacity))]

    def heading(text: str) -> None:
        nonlocal y
        y += _ROW + 1.5
        shapes.append(cv.Text(0, y, text, 7.5, bold=True, fill=MUTED))

    heading("Line weight: how strong the link is")
    for strength in ("strong", "adequate", "weak", "broken", "unknown", "missing"):
        if used.get(f"strength:{strength}") or (strength == "missing" and used.get("strength:planned")):
            w, dash, opacity = STRENGTH[strength]
            row(STRENGTH_WORDS[strength], line_sample(w, dash, GHOST if strength == "missing" else PLAIN, opacity))
    heading("Colour and mark: the relationship")
    for character, colour in CHARACTER.items():
        if used.get(f"character:{character}"):
            row(character, lambda yy, c=character, col=colour: [
                *line_sample(1.6, (), col)(yy), *glyph(c, sample / 2, yy, col)])
    if used.get("character:none"):
        row("not stated", line_sample(1.6, (), PLAIN))
    heading("Arrowheads: which way")
    arrows = (("arrow:steer", "steers: mandate, money, support...", False, False),
              ("arrow:inform", "informs: reporting, feedback, voice", True, False),
              ("arrow:mutual", "peer learning, both ways", False, True))
    for flag, text, hollow, both in arrows:
        if used.get(flag):
            def draw(yy: float, hollow: bool = hollow, both: bool = both) -> list[cv.Shape]:
                out: list[cv.Shape] = [cv.Path([("M", 4 if both else 0, yy), ("L", sample - 5, yy)],
                                               cv.Style(stroke=PLAIN, width=1.2))]
                out.append(_sideways_arrow(sample, yy, PLAIN, hollow, right=True))
                if both:
                    out.append(_sideways_arrow(0, yy, PLAIN, hollow, right=False))
                return out
            row(text, draw)
    if used.get("bundle"):
        row("links between two actors, side by side", lambda yy: [
            cv.Path([("M", 0, yy - 2), ("L", sample, yy - 2)], cv.Style(stroke=PLAIN, width=1.2)),
            cv.Path([("M", 0, yy + 2), ("L", sample, yy + 2)], cv.Style(stroke=PLAIN, width=1.2))])
    if used.get("group"):
        row("similar actors drawn as one box", lambda yy: [
            cv.Rect(2.5, yy - 7.5, sample - 4, 11, cv.Style(fill="#FFFFFF", stroke="#333333", width=0.8), radius=3),
            cv.Rect(0, yy - 5, sample - 4, 11, cv.Style(fill="#FFFFFF", stroke="#333333", width=1.0), radius=3)])
    if used.get("lane"):
        row("side lane: links that skip tiers", lambda yy: [
            cv.Rect(0, yy - 6, sample, 12, cv.Style(fill="#FFFFFF", stroke="#BDBDBD", width=0.8, dash=(3, 2)), radius=3)])
    finding_rows = [(f"severity:{s}", s) for s in ("error", "warning", "info")]
    if any(used.get(flag) for flag, _ in finding_rows) or used.get("halo") or used.get("ghost"):
        heading("Findings (numbered as in the list)")
        words = {"error": "error: fix first", "warning": "warning", "info": "for information"}
        for flag, severity in finding_rows:
            if used.get(flag):
                row(words[severity], lambda yy, s=severity: callout(1, s, sample / 2, yy))
        if used.get("halo"):
            row("link or loop a finding is about", lambda yy: [
                cv.Path([("M", 2, yy), ("L", sample - 2, yy)], cv.Style(stroke=SEVERITY["error"], width=8, opacity=0.3,
                                                                      round_caps=True)),
                cv.Path([("M", 0, yy), ("L", sample, yy)], cv.Style(stroke=PLAIN, width=1.2))])
        if used.get("ghost"):
            row("missing link the audit asks for", line_sample(1.2, STRENGTH["missing"][1], GHOST))
    return _Column(shapes, width, y + 6)


def _sideways_arrow(x: float, y: float, colour: str, hollow: bool, right: bool) -> cv.Path:
    tip, base = (x, x - 6) if right else (x, x + 6)
    style = cv.Style(fill="#FFFFFF" if hollow else colour, stroke=colour, width=0.9)
    return cv.Path([("M", tip, y), ("L", base, y - 3), ("L", base, y + 3), ("Z",)], style)


def _header(scene: Scene, width: float, headline: str, subtitle: str) -> _Column:
    shapes: list[cv.Shape] = []
    y = 0.0
    for text in wrap_to_width(clean_text(scene.title), width, 14, bold=True):
        y += 16
        shapes.append(cv.Text(0, y, text, 14, bold=True))
    intent = wrap_to_width(clean_text(scene.caption), width, 8.5)
    for text in intent[:3]:
        y += 11
        shapes.append(cv.Text(0, y, text, 8.5, fill=MUTED))
    for text in ([subtitle] if subtitle else []) + ([headline] if headline else []):
        for part in wrap_to_width(text, width, 8.5, bold=True):
            y += 11.5
            shapes.append(cv.Text(0, y, part, 8.5, bold=True))
    return _Column(shapes, width, y + 10)


def _moved(shapes: Iterable[cv.Shape], dx: float, dy: float, scale: float = 1.0) -> cv.Group:
    """Shapes placed at (dx, dy) and scaled (the writers take absolute coordinates)."""
    group = cv.Group()
    for shape in shapes:
        group.add(_transform(shape, dx, dy, scale))
    return group


def _transform(shape: cv.Shape, dx: float, dy: float, s: float) -> cv.Shape:
    if isinstance(shape, cv.Group):
        return cv.Group([_transform(c, dx, dy, s) for c in shape.children], dict(shape.attrs), shape.title)
    if isinstance(shape, cv.Text):
        return cv.Text(dx + shape.x * s, dy + shape.y * s, shape.text, shape.size * s, shape.bold, shape.fill, shape.anchor)
    style = shape.style
    scaled = cv.Style(style.fill, style.stroke, style.width * s, tuple(d * s for d in style.dash), style.opacity,
                      style.round_caps)
    if isinstance(shape, cv.Rect):
        return cv.Rect(dx + shape.x * s, dy + shape.y * s, shape.w * s, shape.h * s, scaled, shape.radius * s)
    if isinstance(shape, cv.Circle):
        return cv.Circle(dx + shape.cx * s, dy + shape.cy * s, shape.r * s, scaled)
    commands = [(c[0], *[(dy if k % 2 else dx) + float(v) * s for k, v in enumerate(c[1:])]) for c in shape.commands]
    return cv.Path(commands, scaled)


@dataclass
class _Sheet:
    """One view, drawn at full size, with its panel and key, ready to be fitted to paper."""

    scene: Scene
    drawing: cv.Group
    width: float
    height: float
    panel: _Column
    key: _Column
    shown: list[tuple[int, Finding]]
    subtitle: str
    headline: str
    #: The panel set wider, for the arrangement with the panel and the key below the drawing.
    wide_panel: _Column


#: Where the panel and the key go: stacked beside the drawing, side by side beside it, or
#: side by side below it.
ARRANGEMENTS = ("beside", "beside-wide", "below")


def _fit(sheet: _Sheet, paper: tuple[float, float]) -> tuple[float, str]:
    """The drawing's largest scale on this paper, and the arrangement that gives it."""
    width, height = paper
    header = _header(sheet.scene, width - 2 * MARGIN, sheet.headline, sheet.subtitle).height
    inner_w, inner_h = width - 2 * MARGIN, height - 2 * MARGIN - header
    panel, key = sheet.panel.height, sheet.key.height
    options = []
    if panel + 8 + key <= inner_h:
        options.append((min((inner_w - COLUMN - 16) / sheet.width, inner_h / sheet.height, MAX_SCALE), "beside"))
    if max(panel, key) <= inner_h:
        options.append((min((inner_w - 2 * COLUMN - 28) / sheet.width, inner_h / sheet.height, MAX_SCALE),
                        "beside-wide"))
    if WIDE_PANEL + COLUMN + 16 <= inner_w:
        below_h = max(sheet.wide_panel.height, key) + 12
        options.append((min(inner_w / sheet.width, (inner_h - below_h) / sheet.height, MAX_SCALE), "below"))
    return max(options, default=(0.0, "below"), key=lambda o: (o[0], -ARRANGEMENTS.index(o[1])))


def _compose(sheet: _Sheet, paper: tuple[float, float] | None) -> tuple[cv.Page, float]:
    if paper is None:  # the drawing's own size: panel and key beside it
        scale, arrangement = 1.0, "beside"
        width = MARGIN * 2 + sheet.width + 16 + COLUMN
        header = _header(sheet.scene, width - 2 * MARGIN, sheet.headline, sheet.subtitle)
        height = MARGIN * 2 + header.height + max(sheet.height, sheet.panel.height + 8 + sheet.key.height)
    else:
        scale, arrangement = _fit(sheet, paper)
        width, height = paper
        header = _header(sheet.scene, width - 2 * MARGIN, sheet.headline, sheet.subtitle)
    root = cv.Group()
    root.add(_moved(header.shapes, MARGIN, MARGIN))
    top = MARGIN + header.height
    drawing_w = sheet.width * scale
    inner_w = width - 2 * MARGIN
    if arrangement == "below":
        root.add(_moved([sheet.drawing], MARGIN + (inner_w - drawing_w) / 2, top, scale))
        below = top + sheet.height * scale + 12
        root.add(_moved(sheet.wide_panel.shapes, MARGIN, below))
        root.add(_moved(sheet.key.shapes, width - MARGIN - COLUMN, below))
    else:
        columns = COLUMN if arrangement == "beside" else 2 * COLUMN + 12
        free = inner_w - columns - 16 - drawing_w
        root.add(_moved([sheet.drawing], MARGIN + max(0.0, free / 2), top, scale))
        column_x = width - MARGIN - columns
        root.add(_moved(sheet.panel.shapes, column_x, top))
        if arrangement == "beside":
            root.add(_moved(sheet.key.shapes, column_x, top + sheet.panel.height + 8))
        else:
            root.add(_moved(sheet.key.shapes, column_x + COLUMN + 12, top))
    return cv.Page(width, height, root, clean_text(sheet.scene.title)), scale


def _papers(page: str) -> list[tuple[float, float]]:
    name, _, orientation = page.partition("-")
    if name == "auto":
        names = ["a4", "a3"]
    elif name in PAPER:
        names = [name]
    else:
        raise RenderError(f"unknown page size '{page}'",
                          "use auto, a4, a3 or letter, with -portrait or -landscape if you like, or none")
    out = []
    for n in names:
        short, long = PAPER[n]
        if orientation in ("", "landscape"):
            out.append((long, short))
        if orientation in ("", "portrait"):
            out.append((short, long))
        if orientation not in ("", "landscape", "portrait"):
            raise RenderError(f"unknown page orientation in '{page}'", "use -portrait or -landscape")
    return out


# --- pages ---------------------------------------------------------------------------------

def _headline(shown: list[tuple[int, Finding]]) -> str:
    counts = defaultdict(int)
    for _, f in shown:
        counts[str(Severity(f.severity).value)] += 1
    words = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("note", "notes")}
    parts = [f"{counts[s]} {words[s][0] if counts[s] == 1 else words[s][1]}" for s in ("error", "warning", "info")
             if counts[s]]
    if not parts:
        return "Audit: nothing found at this level on this page"
    return "Audit: " + ", ".join(parts) + ", numbered on the diagram"


def _sheet(scene: Scene, numbers: _Numbers, subtitle: str, notes: list[str]) -> _Sheet:
    drawing, width, height, used = draw_view(scene, numbers)
    placed = [*(f for b in scene.boxes for f in b.findings), *(f for line in scene.lines for f in line.findings),
              *(f for found in scene.tier_findings.values() for f in found)]
    shown_numbers = set(numbers.of(placed))
    by_number = {n: f for f in placed if (n := numbers.number.get(id(f))) in shown_numbers}
    shown = sorted(by_number.items())
    panel = _panel(shown, numbers, COLUMN, notes)
    key = _key(used, COLUMN)
    headline = _headline(shown) if numbers.number or scene.findings_shown else ""
    return _Sheet(scene, drawing, width, height, panel, key, shown, subtitle, headline,
                  _panel(shown, numbers, WIDE_PANEL, notes))


def _best(sheet: _Sheet, papers: list[tuple[float, float]]) -> tuple[tuple[float, float], float]:
    fits = [(paper, _fit(sheet, paper)[0]) for paper in papers]
    for paper, scale in fits:
        if scale >= MIN_SCALE:
            return paper, scale
    return max(fits, key=lambda f: f[1])


def board_pages(
    chain: Chain,
    view: View | str | None = None,
    findings: bool | AuditReport | Iterable[Finding] = True,
    *,
    min_severity: str = "warning",
    describe: Describe | None = None,
    page: str = "auto",
    collapse: bool | None = None,
    **narrowing: object,
) -> list[BoardPage]:
    """The board drawing's pages: SVG per page, its size, and the numbered findings on it.

    `findings` is True (run the audit), False, an AuditReport or findings. Callout numbers
    are `deliverychain.findings.numbered(findings, min_severity)`: the same numbers the
    report prints. `describe` gives each numbered finding's sentence for the panel (default:
    the first clause of its message). `page` is "auto" (A4 or A3, either way round), "a4",
    "a3" or "letter" (either way round), "a4-portrait" and so on, or "none" (one page at
    the drawing's own size, never split). `narrowing` takes the view options of `render`
    (tiers, focus, depth, kinds, feedback_only).
    """
    from deliverychain.drawing import _findings, build_from_selection, selection_for

    try:
        floor = Severity(min_severity)
    except ValueError as error:
        raise RenderError(f"unknown severity '{min_severity}'", "use info, warning or error") from error
    found = _findings(chain, findings)
    chosen = numbered(found or [], floor)
    numbers = _Numbers({id(f): n for n, f in chosen}, describe or short_sentence)
    drawn = [f for _, f in chosen] + [f for f in (found or []) if f.suppressed is not None]
    hidden = sum(1 for f in found or [] if f.suppressed is None and Severity(f.severity).rank < floor.rank)
    notes = []
    if hidden:
        notes.append(f"{hidden} finding{'s' if hidden != 1 else ''} below {floor.value} not shown "
                     f"(--min-severity {'info' if floor != Severity.INFO else floor.value} shows them)")
    selection, resolved = selection_for(chain, view, collapse=collapse, **narrowing)  # type: ignore[arg-type]
    from deliverychain.drawing.overlay import build_overlay

    overlay = build_overlay(chain, drawn) if found is not None else None  # once, for every page

    def sheet_for(chosen_selection: object, subtitle: str) -> _Sheet:
        scene = build_from_selection(chain, chosen_selection, overlay)
        return _sheet(scene, numbers, subtitle, [*scene.notes, *notes])

    whole = sheet_for(selection, resolved.title or "")
    if page == "none":
        composed, scale = _compose(whole, None)
        return [_page(composed, whole, scale)]
    papers = _papers(page)
    pages: list[BoardPage] = []
    _split_onto(chain, selection, whole, papers, sheet_for, pages, depth=0)
    return pages


def _split_onto(chain: Chain, selection: object, sheet: _Sheet, papers: list[tuple[float, float]],
                sheet_for: Callable[[object, str], _Sheet], pages: list[BoardPage], depth: int) -> None:
    """Pages for a sheet: itself if it fits, else its branches or tier ranges, each split again if need be."""
    from deliverychain.drawing.split import branches, tier_ranges

    paper, scale = _best(sheet, papers)
    parts = [] if scale >= MIN_SCALE or depth >= 3 else (
        branches(chain, selection) or tier_ranges(chain, selection))  # type: ignore[arg-type]
    if len(parts) < 2:
        composed, scale = _compose(sheet, paper)
        pages.append(_page(composed, sheet, scale))
        return
    for title, part in parts:
        nested = not sheet.subtitle or (sheet.subtitle.startswith("Tiers ") and title.startswith("Tiers "))
        heading = title if nested else f"{sheet.subtitle}: {title}"
        _split_onto(chain, part, sheet_for(part, heading), papers, sheet_for, pages, depth + 1)


def _page(composed: cv.Page, sheet: _Sheet, scale: float) -> BoardPage:
    return BoardPage(cv.to_svg(composed), (composed.width, composed.height), sheet.shown, sheet.subtitle, composed,
                     scale)
