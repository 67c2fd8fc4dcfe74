"""Graphviz DOT text for a Scene: pure string building, no Graphviz needed.

Layout choices:
- each tier is a cluster (a labelled band) whose boxes share one rank; invisible edges
  between per-tier anchors keep the bands in the chain's tier order, top to bottom;
- links that go up the chain (reporting, feedback, voice to a higher tier) are written
  from the upper actor with `dir=back`, so Graphviz ranks them like the downward links
  and the bands stay in order, while the arrow still points up;
- links within a tier (peer learning) do not take part in ranking (`constraint=false`).

Labels are plain text (see labels.py); every user string passes through `escape`. Node
names are the model's ids, quoted; SVG ids are `box<n>`/`line<n>` in scene order, which
the SVG finisher uses to style label lines and to draw halos under flagged lines.
"""

from __future__ import annotations

from deliverychain.drawing.escape import dot_id, dot_string, one_line
from deliverychain.drawing.labels import badge_text, box_label, line_label
from deliverychain.drawing.scene import Box, Line, Scene, worst_severity
from deliverychain.drawing.theme import Theme
from deliverychain.vocab import LinkKind


def anchor_id(rank: int) -> str:
    # A space cannot occur in an actor id, so anchors never clash with actors.
    return f"#tier {rank}"


def box_svg_id(n: int) -> str:
    return f"box{n}"


def line_svg_id(n: int) -> str:
    return f"line{n}"


def _fmt(number: float) -> str:
    """Numbers in attributes: no trailing zeros, so the text never depends on float repr."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def to_dot(scene: Scene, theme: Theme) -> str:
    out: list[str] = [
        f"// {one_line(scene.title)}",
        "// Drawn by deliverychain (chain render), which adds the title and the key around Graphviz's drawing.",
        f"digraph {dot_id(scene.chain_id)} {{",
        f"  graph [charset=\"UTF-8\", rankdir=TB, newrank=true, fontname={dot_string(theme.font)}, "
        f"bgcolor=\"#FFFFFF\", pad=\"{_fmt(theme.pad)}\", nodesep=\"{_fmt(theme.nodesep)}\", "
        f"ranksep=\"{_fmt(theme.ranksep)}\", outputorder=edgesfirst, tooltip={dot_string(scene.title)}];",
        f"  node [shape=box, style=\"rounded,filled\", fillcolor=\"{theme.node_fill}\", "
        f"color=\"{theme.node_border}\", penwidth=1.2, fontname={dot_string(theme.box_font)}, "
        f"fontsize={_fmt(theme.name_size)}, fontcolor=\"{theme.text_colour}\", "
        f"margin=\"{_fmt(theme.node_margin[0])},{_fmt(theme.node_margin[1])}\"];",
        f"  edge [fontname={dot_string(theme.font)}, fontsize={_fmt(theme.edge_size)}, "
        f"fontcolor=\"{theme.text_colour}\", arrowsize=0.8];",
    ]
    numbers = {box.id: n for n, box in enumerate(scene.boxes)}
    for rank, (tier, boxes) in enumerate(scene.tiers):
        out.extend(_tier(rank, tier, tier_label(tier, scene), boxes, numbers, theme))
    for rank in range(len(scene.tiers) - 1):
        out.append(f"  {dot_id(anchor_id(rank))} -> {dot_id(anchor_id(rank + 1))} [style=invis, weight=10];")
    for n, line in enumerate(scene.lines):
        out.append("  " + _edge(n, line, theme))
    out.append("}")
    return "\n".join(out) + "\n"


def tier_label(tier: str, scene: Scene) -> str:
    """The band's label: the tier's name, and the rule ids of findings about the whole tier."""
    label = tier.replace("-", " ").upper()
    badges = scene.tier_badges.get(tier)
    return f"{label}\n{badge_text(badges)}" if badges else label


def _tier(rank: int, tier: str, label: str, boxes: list[Box], numbers: dict[str, int], theme: Theme) -> list[str]:
    out = [
        f"  subgraph {dot_id(f'cluster_tier_{rank}')} {{",
        f"    graph [id=\"tier{rank}\", label={dot_string(label)}, "
        f"fontname={dot_string(theme.box_font)}, fontsize={_fmt(theme.tier_size)}, "
        f"fontcolor=\"{theme.tier_label_colour}\", style=\"filled,rounded\", fillcolor=\"{theme.tier_fill}\", "
        f"color=\"{theme.tier_fill}\", labeljust=l, labelloc=t, margin=14];",
        f"    {dot_id(anchor_id(rank))} [shape=point, style=invis, width=0, height=0, label=\"\"];",
    ]
    out.extend("    " + _node(numbers[box.id], box, theme) for box in boxes)
    members = " ".join(dot_id(x) for x in [anchor_id(rank), *(b.id for b in boxes)])
    out.append(f"    {{ rank=same; {members} }}")
    out.append("  }")
    return out


def _node(n: int, box: Box, theme: Theme) -> str:
    label = "\n".join(text for text, _ in box_label(box, theme.name_wrap))
    attributes = [f'id="{box_svg_id(n)}"', f"label={dot_string(label)}",
                  f"tooltip={dot_string(box.tooltip or box.name)}"]
    if box.is_group:
        attributes.append(f'fillcolor="{theme.group_fill}", peripheries=2')
    if box.badges:
        marked = theme.severity(worst_severity(box.badges))
        attributes.append(f'color="{marked.line}", fillcolor="{marked.tint}", penwidth=2.6')
    return f"{dot_id(box.id)} [{', '.join(attributes)}];"


def _edge(n: int, line: Line, theme: Theme) -> str:
    style = theme.line(line.strength)
    colour = theme.ghost_colour if (line.ghost or style.ghost) else theme.colour(line.character) + style.alpha
    head = "empty" if line.upward else "normal"
    label = "\n".join(text for text, _ in line_label(line))
    attributes = [
        f'id="{line_svg_id(n)}"',
        f"label={dot_string(label)}",
        f'color="{colour}"',
        f"penwidth={_fmt(style.penwidth)}",
        f"style={style.style}",
        f"tooltip={dot_string(line.tooltip)}",
    ]
    source, target = line.source, line.target
    mutual = line.kind == LinkKind.PEER_LEARNING
    if mutual:
        attributes.append(f"dir=both, arrowhead={head}, arrowtail={head}")
    if line.direction == "up":
        # Written top-down so that ranking is unchanged; the arrow still points up.
        source, target = target, source
        if not mutual:
            attributes.append(f"dir=back, arrowtail={head}")
    elif not mutual:
        attributes.append(f"arrowhead={head}")
    if line.direction == "side":
        attributes.append("constraint=false")
    return f"{dot_id(source)} -> {dot_id(target)} [{', '.join(attributes)}];"
