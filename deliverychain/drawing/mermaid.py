"""Mermaid flowchart text for a Scene, for Markdown pages (GitHub, GitLab, Confluence).

Same scene as the Graphviz diagram: tiers as subgraphs from top to bottom, strength as
line weight and pattern (`==>` strong, `-.->` broken, missing or planned), character as
colour, findings as rule ids in labels and red-bordered boxes, and a findings key.
Node ids are `a0, a1...` in scene order (Mermaid ids cannot hold the model's `.:/`
characters, and words such as `end` are reserved); every label is entity-encoded.
"""

from __future__ import annotations

import json

from deliverychain.drawing.escape import mermaid, one_line
from deliverychain.drawing.labels import badge_text
from deliverychain.drawing.scene import Line, Scene, worst_severity
from deliverychain.drawing.theme import Theme


def _arrow(line: Line, theme: Theme) -> str:
    style = theme.line(line.strength)
    if line.ghost or style.style in ("dashed", "dotted"):
        return "-.->"
    if style.penwidth >= 3:
        return "==>"
    return "-->"


def to_mermaid(scene: Scene, theme: Theme) -> str:
    ids = {box.id: f"a{n}" for n, box in enumerate(scene.boxes)}
    out = [
        "---",
        f"title: {_yaml_string(scene.title)}",
        "---",
        "flowchart TB",
        f"  %% {mermaid(scene.caption)}",
    ]
    for rank, (tier, boxes) in enumerate(scene.tiers):
        badges = scene.tier_badges.get(tier)
        label = tier.replace("-", " ").upper() + (f" ({badge_text(badges)})" if badges else "")
        out.append(f'  subgraph t{rank}["{mermaid(label)}"]')
        for box in boxes:
            parts = [mermaid(box.name)]
            if box.is_group:
                parts.append(f"\u00d7 {box.count:,}")
            if box.kind:
                parts.append(mermaid(box.kind.replace("-", " ")))
            if box.badges:
                parts.append(mermaid(badge_text(box.badges)))
            out.append(f'    {ids[box.id]}["{"<br/>".join(parts)}"]')
        out.append("  end")
    styles = []
    for n, line in enumerate(scene.lines):
        parts = [("missing " if line.ghost else "") + line.kind_label]
        if line.count > 1 and not line.ghost:
            parts[0] += f" \u00d7{line.count:,}"
        if line.carries and not line.ghost:
            parts.append(", ".join(c.replace("-", " ") for c in line.carries[:4]))
        if line.badges:
            parts.append(badge_text(line.badges))
        label = "<br/>".join(mermaid(p) for p in parts)
        arrow = _arrow(line, theme)
        first, second = ids[line.source], ids[line.target]
        if line.kind == "peer-learning":
            arrow = "<" + arrow
        elif line.direction == "up":
            # Mermaid ranks a link's first node above its second, so an upward link written
            # from below would pull the tiers out of order. It is written from the upper actor
            # with arrowheads at both ends, and its style hides the one at the lower end.
            arrow, first, second = "<" + arrow, second, first
        out.append(f'  {first} {arrow}|"{label}"| {second}')
        styles.append(_link_style(n, line, theme))
    # Invisible links from each tier's actors to the next tier's keep the bands in order.
    # Mermaid numbers every link, invisible ones too, in the order written: they come after
    # the drawn links so that `linkStyle n` styles the n-th drawn link.
    for (_, upper), (_, lower) in zip(scene.tiers, scene.tiers[1:], strict=False):
        out.extend(f"  {ids[u.id]} ~~~ {ids[v.id]}" for u in upper for v in lower)
    out.extend(styles)
    flagged = [ids[box.id] for box in scene.boxes if box.badges]
    for severity in ("error", "warning", "info"):
        members = [ids[box.id] for box in scene.boxes if box.badges and worst_severity(box.badges) == severity]
        if members:
            marked = theme.severity(severity)
            out.append(f"  classDef {severity} fill:{marked.tint},stroke:{marked.line},stroke-width:3px")
            out.append(f"  class {','.join(members)} {severity}")
    groups = [ids[box.id] for box in scene.boxes if box.is_group]
    if groups:
        out.append(f"  classDef group fill:{theme.group_fill},stroke:{theme.node_border},stroke-width:2px")
        out.append(f"  class {','.join(groups)} group")
    if scene.findings_shown and (scene.key or flagged):
        out.append('  subgraph key["Audit findings"]')
        for n, entry in enumerate(scene.key):
            out.append(f'    k{n}["{mermaid(f"{entry.rule_id} {entry.title} ({entry.count:,})")}"]')
        out.append("  end")
    return "\n".join(out) + "\n"


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar; markup characters as \\u escapes, which YAML decodes, and
    '%' too, so that no `%%{init: ...}%%` directive can appear in the text Mermaid reads."""
    quoted = json.dumps(one_line(text), ensure_ascii=False)
    return (quoted.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("%", "\\u0025"))


def _link_style(n: int, line: Line, theme: Theme) -> str:
    style = theme.line(line.strength)
    colour = theme.ghost_colour if (line.ghost or style.ghost) else theme.colour(line.character)
    if line.traced:
        colour = theme.trace_colour
    elif line.badges:
        colour = theme.severity(worst_severity(line.badges)).line
    width = max(1.0, style.penwidth)
    one_way_up = line.direction == "up" and line.kind != "peer-learning"
    return f"  linkStyle {n} stroke:{colour},stroke-width:{width:g}px" + (",marker-end:none" if one_way_up else "")
