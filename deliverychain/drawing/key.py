"""The key under the diagram, drawn directly in SVG: what line weight, colour, arrowheads,
badges and halos mean, and which findings the diagram shows.

Drawn here rather than by Graphviz so that line samples are exact and the key is compact
whatever the engine. Everything in it comes from the theme and the scene.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from deliverychain.drawing.escape import one_line
from deliverychain.drawing.scene import Scene
from deliverychain.drawing.textsize import text_width
from deliverychain.drawing.theme import LineStyle, Theme

SVG = "http://www.w3.org/2000/svg"
_SAMPLE = 38.0  # width of a line sample
_GAP = 7.0  # between sample and text
_ROW = 15.0  # row height
_COLUMN_GAP = 26.0
# SVG dash patterns matching Graphviz's own for dashed and dotted edges.
DASHES = {"dashed": "5,2", "dotted": "1,5"}


def el(tag: str, parent: ET.Element | None = None, text: str | None = None, **attributes: str) -> ET.Element:
    """An SVG element; attribute names use '_' for '-' (font_size -> font-size)."""
    attrs = {name.rstrip("_").replace("_", "-"): value for name, value in attributes.items()}
    name = f"{{{SVG}}}{tag}"
    element = ET.Element(name, attrs) if parent is None else ET.SubElement(parent, name, attrs)
    if text is not None:
        element.text = text
    return element


def num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


Draw = Callable[[ET.Element, float, float], None]


@dataclass
class _Row:
    text: str
    sample: Draw | None = None
    colour: str = ""
    bold: bool = False
    #: Text in the sample column (a rule id) instead of a drawing.
    tag: str = ""
    tag_colour: str = ""


@dataclass
class _Column:
    heading: str
    rows: list[_Row] = field(default_factory=list)


def _line(style: LineStyle | None, colour: str, width: float, dash: str = "", halo: str = "",
          halo_width: float = 0.0, opacity: float = 1.0) -> Draw:
    def draw(group: ET.Element, x: float, y: float) -> None:
        if halo:
            el("line", group, x1=num(x), y1=num(y), x2=num(x + _SAMPLE), y2=num(y), stroke=halo,
               stroke_width=num(width + halo_width), stroke_opacity=num(opacity), stroke_linecap="round")
        attributes = {"stroke": colour, "stroke_width": num(width)}
        pattern = dash or (DASHES.get(style.style, "") if style else "")
        if pattern:
            attributes["stroke_dasharray"] = pattern
        el("line", group, x1=num(x), y1=num(y), x2=num(x + _SAMPLE), y2=num(y), **attributes)
    return draw


def _arrow(colour: str, hollow: bool, both: bool = False) -> Draw:
    def head(group: ET.Element, tip: float, y: float, back: bool) -> None:
        base = tip + 8 if back else tip - 8
        points = f"{num(tip)},{num(y)} {num(base)},{num(y - 3.5)} {num(base)},{num(y + 3.5)}"
        el("polygon", group, points=points, fill="#FFFFFF" if hollow else colour, stroke=colour, stroke_width="1")

    def draw(group: ET.Element, x: float, y: float) -> None:
        start = x + 8 if both else x
        el("line", group, x1=num(start), y1=num(y), x2=num(x + _SAMPLE - 8), y2=num(y), stroke=colour,
           stroke_width="1.4")
        head(group, x + _SAMPLE, y, back=False)
        if both:
            head(group, x, y, back=True)
    return draw


def _box(fill: str, border: str, width: float, double: bool = False) -> Draw:
    def draw(group: ET.Element, x: float, y: float) -> None:
        if double:
            el("rect", group, x=num(x - 2), y=num(y - 7.5), width=num(_SAMPLE + 4), height="15", rx="4",
               fill="none", stroke=border, stroke_width="1")
        el("rect", group, x=num(x), y=num(y - 5.5), width=num(_SAMPLE), height="11", rx="3", fill=fill,
           stroke=border, stroke_width=num(width))
    return draw


def _columns(scene: Scene, theme: Theme) -> list[_Column]:
    plain = theme.plain_colour
    strength = _Column("Line: strength")
    for name, style in theme.strengths.items():
        if name == "planned":
            continue  # drawn like missing: one row says both
        if style.ghost:
            draw = _line(style, theme.ghost_colour, style.penwidth)
        elif style.alpha:
            draw = _faint(style, plain, int(style.alpha, 16) / 255)
        else:
            draw = _line(style, plain, style.penwidth)
        strength.rows.append(_Row("missing or planned" if name == "missing" else style.meaning, draw))
    character = _Column("Colour: character")
    for name, colour in theme.characters.items():
        character.rows.append(_Row(name, _line(None, colour, 3.0)))
    character.rows.append(_Row("not stated", _line(None, plain, 3.0)))
    arrows = _Column("Arrows: direction")
    arrows.rows.append(_Row("steers, down the chain", _arrow(plain, hollow=False)))
    arrows.rows.append(_Row("informs, up the chain", _arrow(plain, hollow=True)))
    arrows.rows.append(_Row("(reporting, feedback, voice)", None, colour=theme.muted_colour))
    arrows.rows.append(_Row("peer learning, sideways", _arrow(plain, hollow=False, both=True)))
    if any(box.is_group for box in scene.boxes):
        arrows.rows.append(_Row("group of similar actors", _box(theme.group_fill, theme.node_border, 1.2, True)))
    columns = [strength, character, arrows]
    if scene.findings_shown:
        columns.append(_audit_column(scene, theme))
    return columns


def _faint(style: LineStyle, colour: str, opacity: float) -> Draw:
    def draw(group: ET.Element, x: float, y: float) -> None:
        el("line", group, x1=num(x), y1=num(y), x2=num(x + _SAMPLE), y2=num(y), stroke=colour,
           stroke_width=num(style.penwidth), stroke_opacity=num(opacity))
    return draw


def _audit_column(scene: Scene, theme: Theme) -> _Column:
    audit = _Column("Audit findings")
    error = theme.severity("error")
    audit.rows.append(_Row("actor with findings", _box(error.tint, error.line, 2.2)))
    audit.rows.append(_Row("link with findings", _line(None, theme.plain_colour, 1.4, halo=error.line,
                                                       halo_width=theme.halo_width, opacity=theme.halo_opacity)))
    if any(line.traced for line in scene.lines):
        audit.rows.append(_Row("loop or route a finding traces",
                               _line(None, theme.plain_colour, 1.4, halo=theme.trace_colour,
                                     halo_width=theme.halo_width, opacity=0.6)))
    if any(line.ghost for line in scene.lines):
        audit.rows.append(_Row("link the audit finds missing", _line(None, theme.ghost_colour, 1.4, dash="5,2")))
    for entry in scene.key:
        audit.rows.append(_Row(f"{one_line(entry.title)} ({entry.count:,})", tag=entry.rule_id,
                               tag_colour=theme.severity(entry.severity).text))
    if not scene.key:
        audit.rows.append(_Row("no findings in this view", None, colour=theme.muted_colour))
    return audit


def draw_key(scene: Scene, theme: Theme, per_row: int = 4) -> tuple[ET.Element, float, float]:
    """The key as an SVG group at (0, 0), with its width and height in points.

    Its sections are laid out `per_row` to a row: 4 for a wide key under the diagram,
    2 for a tall one beside it.
    """
    size = theme.legend_size
    group = el("g", id="key", font_family=f"{theme.font},sans-Serif", font_size=num(size), fill=theme.text_colour)
    margin = 12.0
    el("text", group, "Key", x=num(margin), y=num(margin + size), font_weight="bold", font_size=num(size + 2))
    top = margin + size + 10
    right = 0.0
    columns = _columns(scene, theme)
    for start in range(0, len(columns), per_row):
        x, height = margin, 0.0
        for column in columns[start:start + per_row]:
            width, column_height = _draw_column(group, column, x, top, size)
            height = max(height, column_height)
            x += width + _COLUMN_GAP
        right = max(right, x - _COLUMN_GAP)
        top += height + 12
    y = top - 4
    for note in scene.notes:
        y += _ROW
        el("text", group, note, x=num(margin), y=num(y), fill=theme.muted_colour)
        right = max(right, margin + text_width(note, size))
    total_width, total_height = right + margin, y + margin
    frame = el("rect", x="0.5", y="0.5", width=num(total_width - 1), height=num(total_height - 1), rx="4",
               fill="#FFFFFF", stroke="#BDBDBD", stroke_width="1")
    group.insert(0, frame)
    return group, total_width, total_height


def _draw_column(group: ET.Element, column: _Column, x: float, top: float, size: float) -> tuple[float, float]:
    y = top + size
    el("text", group, column.heading, x=num(x), y=num(y), font_weight="bold")
    width = text_width(column.heading, size, bold=True)
    for row in column.rows:
        y += _ROW
        if row.sample is not None:
            row.sample(group, x, y - size * 0.35)
        if row.tag:
            el("text", group, row.tag, x=num(x), y=num(y), font_weight="bold", fill=row.tag_colour)
        indent = _SAMPLE + _GAP if (row.sample is not None or row.tag) else 0.0
        attributes = {"fill": row.colour} if row.colour else {}
        el("text", group, row.text, x=num(x + indent), y=num(y), **attributes)
        width = max(width, indent + text_width(row.text, size))
    return width, y - top
