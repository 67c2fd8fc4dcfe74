"""The text lines of every box and line label, each with a role.

Graphviz lays the lines out (one font per label, so it measures them exactly); the SVG
finisher then styles each line by its role: the kind smaller and grey, badges in the
severity colour. Plain text labels are used rather than HTML-like labels because the
WebAssembly Graphviz has no HTML-label support, and both engines must draw the same DOT.
"""

from __future__ import annotations

from collections.abc import Sequence

from deliverychain.drawing.escape import one_line, wrap
from deliverychain.drawing.scene import Badge, Box, Line

#: Roles of label lines.
NAME, COUNT, KIND, BADGES, LINK_KIND, CARRIES = "name", "count", "kind", "badges", "link-kind", "carries"

Label = list[tuple[str, str]]


def badge_text(badges: Sequence[Badge]) -> str:
    return "  ".join(b.rule_id + (f" \u00d7{b.count:,}" if b.count > 1 else "") for b in badges)


def box_label(box: Box, wrap_at: int) -> Label:
    lines: Label = [(text, NAME) for text in wrap(box.name, wrap_at).split("\n") if text.strip()]
    if not lines:
        lines = [("?", NAME)]
    if box.is_group:
        lines.append((f"\u00d7 {box.count:,}", COUNT))
    if box.kind:
        lines.append((one_line(box.kind.replace("-", " ")), KIND))
    if box.badges:
        lines.append((badge_text(box.badges), BADGES))
    return lines


def line_label(line: Line) -> Label:
    first = ("missing " if line.ghost else "") + line.kind_label
    if line.count > 1 and not line.ghost:
        first += f" \u00d7{line.count:,}"
    lines: Label = [(first, LINK_KIND)]
    if line.carries and not line.ghost:
        shown = [c.replace("-", " ") for c in line.carries[:4]]
        if len(line.carries) > 4:
            shown.append("...")
        for text in wrap(", ".join(shown), 26).split("\n"):
            lines.append((text, CARRIES))
    if line.badges:
        lines.append((badge_text(line.badges), BADGES))
    return lines
