"""Drawing one view of the board at full size: bands, connectors, boxes and callouts as shapes.

Every actor's group carries `data-actor`, every connector `data-link` (the keys of the
links it stands for), every callout `data-finding`, and whatever a finding is about
`data-findings` (its numbers): the report's HTML and the live preview highlight with them.
Hover text (`<title>`) gives each numbered finding's sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

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
from deliverychain.drawing.boardshapes import (
    BAND,
    CALLOUT_R,
    CHARACTER,
    MUTED,
    SEVERITY,
    TEXT,
    arrowhead,
    callout,
    callout_width,
    flatten,
    glyph,
    line_colour,
    line_style,
    point_along,
    strand,
    trim,
)
from deliverychain.drawing.escape import clean_text
from deliverychain.drawing.scene import Scene
from deliverychain.drawing.textsize import ASCENT, text_width
from deliverychain.findings import Finding, Severity
from deliverychain.vocab import UPWARD_KINDS

Describe = Callable[[Finding], str]
#: Data attributes list at most this many actor or link ids (a collapsed box stands for thousands).
MAX_IDS = 50


@dataclass
class Numbers:
    number: dict[int, int]
    describe: Describe

    def of(self, findings: Iterable[Finding]) -> list[int]:
        return sorted({self.number[id(f)] for f in findings if id(f) in self.number})


def _ids(values: Sequence[str]) -> dict[str, str]:
    return {} if not values else {"ids": " ".join(values[:MAX_IDS]),
                                  "more": str(len(values) - MAX_IDS) if len(values) > MAX_IDS else ""}


def draw_view(scene: Scene, numbers: Numbers) -> tuple[cv.Group, float, float, dict[str, bool]]:
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
            severity = severity_of(n, tier_findings.get(row.tier, []), numbers)
            bands.add(cv.Group(callout(n, severity, x, y - 2.5), attrs={"data-finding": str(n)}))
            x += callout_width(n) + 2
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


def severity_of(n: int, findings: Iterable[Finding], numbers: Numbers) -> str:
    for f in findings:
        if numbers.number.get(id(f)) == n:
            return str(Severity(f.severity).value)
    return "info"


def _title(head: str, findings: Iterable[Finding], numbers: Numbers) -> str:
    # Each line is cut on its own: a line per link, so a connector of many links keeps them all.
    lines = [clean_text(line).strip() for line in head.split("\n")]
    for f in sorted(findings, key=lambda f: numbers.number.get(id(f), 10**9)):
        n = numbers.number.get(id(f))
        if n is not None:
            lines.append(f"{n}. {numbers.describe(f)}")
    return "\n".join(lines)


def _connector(c: Connector, placed: Layout, numbers: Numbers, used: dict[str, bool],
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
    centre = strand(c, 0.0)
    worst = _worst([*found, *traced], numbers)
    if worst:
        group.add(cv.Path(centre, cv.Style(stroke=SEVERITY[worst], width=c.width + 8, opacity=0.3, round_caps=True)))
        used["halo"] = True
    count = len(c.lines)
    for i, line in enumerate(c.lines):
        offset = (i - (count - 1) / 2) * STRAND_GAP
        commands = strand(c, offset)
        width, dash, opacity = line_style(line)
        colour = line_colour(line)
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
        trimmed = trim(commands, arrow_start, arrow_end, length - 0.5)
        group.add(cv.Path(trimmed, cv.Style(stroke=colour, width=width, dash=dash, opacity=opacity)))
        start, end = commands[0], commands[-1]
        end_x, end_y = float(end[-2]), float(end[-1])
        if arrow_end:
            down = c.kind != "side"
            group.add(arrowhead(end_x, end_y, down, colour, inform, width))
        if arrow_start:
            group.add(arrowhead(float(start[1]), float(start[2]), False, colour, inform, width))
        if line.character in CHARACTER and not line.ghost:
            fraction = 0.5 if count == 1 else 0.3 + 0.4 * i / (count - 1)
            x, y = point_along(flatten(commands), fraction)
            for shape in glyph(str(line.character), x, y, colour):
                group.add(shape)
            used[f"character:{line.character}"] = True
        elif not line.ghost:
            used["character:none"] = True
        if count > 1:
            used["bundle"] = True
    if marks:
        # Side by side at one point of the line: spread along a short connector, several
        # findings on one link would print their numbers on top of each other.
        x, y = point_along(flatten(centre), 0.55)
        x += c.width / 2 + 1
        for n in marks:
            width = callout_width(n)
            callouts.append((x + width / 2, y, n, severity_of(n, found, numbers)))
            x += width + 1.5
    return group


def _worst(findings: Sequence[Finding], numbers: Numbers) -> str:
    shown = [f for f in findings if id(f) in numbers.number]
    if not shown:
        return ""
    return str(Severity(max(shown, key=lambda f: Severity(f.severity).rank).severity).value)


def _box(p: Placed, numbers: Numbers, used: dict[str, bool], callouts: list[tuple[float, float, int, str]]) -> cv.Group:
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
        behind = cv.Style(fill="#FFFFFF", stroke="#333333", width=0.8)
        group.add(cv.Rect(p.x + 2.5, p.y - 2.5, p.w, p.h, behind, radius=4))
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
        callouts.append((x, p.y - 1, n, severity_of(n, box.findings, numbers)))
        x -= callout_width(n) + 1.5
    return group
