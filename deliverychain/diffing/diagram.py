"""The diff as a diagram: the new chain, with what the redraft changed drawn on it.

- links added: a yellow highlighter under the line, and "new" before the link's label;
- links changed: the highlighter dashed, and "changed" before the label;
- links removed (where both ends are still in the chain): drawn as ghosts, grey and
  dashed, "removed" before the label;
- actors added: a thick yellow border; renamed or changed: a dashed one;
- findings the redraft adds: badged as the audit badges them, the rule id marked "+";
- findings it resolved: badged in green, the rule id marked "−" (a minus sign).

A key of these marks, and what could not be drawn (removed actors), goes under the
drawing's own key. Meaning never rests on colour alone: every mark has a word or a sign.

Built on the drawing package's public pieces, the same ones `render` runs: `build` (the
Scene), `dot.to_dot`, `backends.layout_svg` and `svg.finish_svg`. The marks are added in
three thin places, all here: the Scene's tooltips and notes before writing DOT; the DOT
lines of marked edges and boxes (found by their `id="line<n>"` / `id="box<n>"`, from
`dot.line_svg_id` and `dot.box_svg_id`); and the finished SVG (highlighters under the
same ids, the green of resolved badges, the headline and the changes key).
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from deliverychain.diffing.compare import ChainDiff
from deliverychain.diffing.wording import change_text, count
from deliverychain.findings import Finding, Severity
from deliverychain.model import Chain, Link

if TYPE_CHECKING:
    from deliverychain.drawing.scene import Scene
    from deliverychain.drawing.theme import Theme

#: The highlighter: Okabe-Ito yellow, the one colour the diagram does not otherwise use.
HIGHLIGHT = "#F0E442"
#: Resolved findings: the green of "supportive", darkened to read as text.
RESOLVED_TEXT = "#00704F"
RESOLVED_LINE = "#009E73"
RESOLVED_TINT = "#E1F3EC"
NEW_MARK, RESOLVED_MARK = "+", "\u2212"  # plus and minus: in every font

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
_WORDS = {ADDED: "new", CHANGED: "changed", REMOVED: "removed"}


@dataclass
class _Marks:
    """What changed in each line and box of the Scene, by its index."""

    lines: dict[int, str]
    boxes: dict[int, str]
    #: Lines whose badges are all resolved findings, and boxes likewise.
    resolved_lines: set[int]
    resolved_boxes: set[int]


def render_diff_svg(result: ChainDiff, engine: str = "auto", collapse: bool | None = None) -> bytes:
    """The new draft drawn with the redraft's changes and its new and resolved findings on it."""
    from deliverychain.drawing import build
    from deliverychain.drawing.backends import layout_svg
    from deliverychain.drawing.collapse import COLLAPSE_ABOVE
    from deliverychain.drawing.dot import to_dot
    from deliverychain.drawing.svg import finish_svg
    from deliverychain.drawing.theme import DEFAULT_THEME

    display, removed = _display_chain(result)
    if collapse is None:
        collapse = len(display.actors) > COLLAPSE_ABOVE
    findings, unplaced = _placeable(display, _findings(result))
    scene = build(display, None, findings, collapse=collapse)
    marks = _mark_scene(scene, display, result, removed, collapse)
    scene.notes[:] = [note for note in scene.notes if "outside this view" not in note]
    scene.notes.extend(_notes(result, removed, unplaced))
    theme = DEFAULT_THEME
    dot = _mark_dot(to_dot(scene, theme), marks)
    svg = finish_svg(layout_svg(dot, engine), scene, theme)
    return _mark_svg(svg, marks, result, theme)


# --- what is drawn ------------------------------------------------------------------------------


def _display_chain(result: ChainDiff) -> tuple[Chain, list[Link]]:
    """The new chain, plus each removed link whose two ends are still in it, as a ghost."""
    new = result.new.chain
    renamed = result.model.actor_renames
    present = new.actor_index
    ghosts = []
    for link in result.model.links.removed:
        source, target = renamed.get(link.source, link.source), renamed.get(link.target, link.target)
        if source in present and target in present:
            ghosts.append(link.model_copy(update={"source": source, "target": target, "strength": "missing",
                                                  "intended_gap": None}))
    if not ghosts:
        return new, []
    display = new.model_copy(update={"links": [*new.links, *ghosts]})
    return display, ghosts


def _findings(result: ChainDiff) -> list[Finding]:
    """New findings marked '+', resolved ones marked '−' and read in the new ids."""
    audit = result.audit
    if audit is None:
        return []
    marked = [dataclasses.replace(n.finding, rule_id=NEW_MARK + n.finding.rule_id,
                                  rule_name=f"new: {n.finding.rule_name}") for n in audit.new]
    for resolved in audit.resolved:
        finding = resolved.finding
        extra = {k: v for k, v in finding.extra.items() if k != "ghost_link"}  # no longer missing
        marked.append(dataclasses.replace(
            finding, rule_id=RESOLVED_MARK + finding.rule_id, rule_name=f"resolved: {finding.rule_name}",
            severity=Severity.INFO, subject=result.model.renamed_subject(finding.subject),
            trace=tuple(result.model.actor_renames.get(a, a) for a in finding.trace), extra=extra,
            suppressed=None))
    return marked


def _placeable(display: Chain, findings: list[Finding]) -> tuple[list[Finding], int]:
    """The findings that are about something still drawn, and how many are not (resolved
    findings about actors the redraft removed)."""
    from deliverychain.drawing.overlay import build_overlay

    kept = [p.finding for p in build_overlay(display, findings).placements
            if p.actors or p.links or p.tiers or p.traced or p.ghost]
    return kept, len(findings) - len(kept)


def _mark_scene(scene: Scene, display: Chain, result: ChainDiff, removed: Sequence[Link], collapse: bool) -> _Marks:
    """Each line's and box's change, found through the boxes and kinds its links are drawn with."""
    from deliverychain.drawing.collapse import assign_boxes

    model = result.model
    status: dict[int, str] = {id(link): ADDED for link in model.links.added}
    status.update((id(c.new), CHANGED) for c in model.links.changed)
    status.update((id(link), REMOVED) for link in removed)
    details = {id(c.new): [change_text(x) for x in c.changes] for c in model.links.changed}
    box_of = {actor.id: key.node_id
              for actor, key in zip(display.actors, assign_boxes(display.actors, collapse), strict=True)}
    by_ends: dict[tuple[str, str, str], list[Link]] = defaultdict(list)
    for link in display.links:
        by_ends[(box_of[link.source], box_of[link.target], link.kind)].append(link)
    lines_at: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for n, line in enumerate(scene.lines):
        if not line.ghost:
            lines_at[(line.source, line.target, line.kind)].append(n)
    line_marks: dict[int, str] = {}
    for ends, numbers in lines_at.items():
        links = by_ends.get(ends, [])
        # One line per link, in file order (not collapsed), or one line for all of them.
        groups = [[link] for link in links] if len(numbers) == len(links) else [links]
        for n, group in zip(numbers, groups, strict=False):
            mark = _line_mark([status.get(id(link)) for link in group])
            if mark:
                line_marks[n] = mark
                scene.lines[n].tooltip = _line_tooltip(group, status, details) + "\n" + scene.lines[n].tooltip
    box_marks = _box_marks(scene, box_of, result)
    return _Marks(line_marks, box_marks, _only_resolved(scene.lines), _only_resolved(scene.boxes))


def _line_mark(statuses: list[str | None]) -> str | None:
    changed = [s for s in statuses if s]
    if not changed:
        return None
    if len(changed) == len(statuses) and len(set(changed)) == 1:
        return changed[0]
    return CHANGED


def _line_tooltip(links: list[Link], status: dict[int, str], details: dict[int, list[str]]) -> str:
    counts = Counter(status.get(id(link)) for link in links)
    if len(links) == 1:
        link = links[0]
        head = {ADDED: "Added in this draft", REMOVED: "Removed in this draft",
                CHANGED: "Changed in this draft"}[status[id(link)]]
        return "\n".join([head, *details.get(id(link), [])])
    parts = [f"{counts[s]:,} {s}" for s in (ADDED, CHANGED, REMOVED) if counts[s]]
    return f"In this draft, of {count(len(links), 'link')}: " + ", ".join(parts)


def _box_marks(scene: Scene, box_of: dict[str, str], result: ChainDiff) -> dict[int, str]:
    model = result.model
    status: dict[str, str] = {actor.id: ADDED for actor in model.actors.added}
    status.update((c.new.id, CHANGED) for c in model.actors.changed)
    status.update((r.new.id, CHANGED) for r in model.actors.renamed)
    notes = {c.new.id: [change_text(x) for x in c.changes] for c in model.actors.changed}
    notes.update((r.new.id, [f"renamed from {r.old.id}"]) for r in model.actors.renamed)
    members: dict[str, list[str]] = defaultdict(list)
    for actor_id, node in box_of.items():
        members[node].append(actor_id)
    marks: dict[int, str] = {}
    for n, box in enumerate(scene.boxes):
        inside = members.get(box.id, [])
        mark = _line_mark([status.get(a) for a in inside])
        if mark:
            marks[n] = mark
            changed = [a for a in inside if a in status]
            words = ("Added in this draft" if mark == ADDED else "Changed in this draft") if len(inside) == 1 else (
                f"In this draft, of {count(len(inside), 'actor')}: {len(changed):,} added or changed")
            box.tooltip = "\n".join([words, *(x for a in changed[:5] for x in notes.get(a, []))]) + "\n" + box.tooltip
    return marks


def _only_resolved(items: Sequence[Any]) -> set[int]:
    return {n for n, item in enumerate(items)
            if item.badges and all(b.rule_id.startswith(RESOLVED_MARK) for b in item.badges)}


def _notes(result: ChainDiff, drawn_removed: Sequence[Link], unplaced: int) -> list[str]:
    model = result.model
    notes = [f"Changes from {result.old.name} to {result.new.name}"]
    if unplaced:
        notes.append(f"Not drawn: {count(unplaced, 'resolved finding')} about actors this draft removed")
    undrawn_links = len(model.links.removed) - len(drawn_removed)
    if model.actors.removed:
        names = ", ".join(a.name for a in model.actors.removed[:3]) + (", ..." if len(model.actors.removed) > 3 else "")
        notes.append(f"Not drawn: {count(len(model.actors.removed), 'actor')} removed ({names})"
                     + (f" and {count(undrawn_links, 'link')} removed with them" if undrawn_links else ""))
    return notes


# --- DOT: words on marked lines, borders on marked boxes ----------------------------------------------


def _mark_dot(dot: str, marks: _Marks) -> str:
    from deliverychain.drawing.dot import box_svg_id, line_svg_id

    lines = dot.split("\n")
    wanted = {f'[id="{line_svg_id(n)}", label="': _WORDS[mark] for n, mark in marks.lines.items()}
    boxes = {f'[id="{box_svg_id(n)}",': mark for n, mark in marks.boxes.items()}
    for i, text in enumerate(lines):
        for head, word in wanted.items():
            if head in text:
                lines[i] = text.replace(head, f"{head}{word} ", 1)
                break
        else:
            for head, mark in boxes.items():
                if head in text and text.endswith("];"):
                    style = "rounded,filled" if mark == ADDED else "rounded,filled,dashed"
                    lines[i] = text[:-2] + f', color="#B8A800", penwidth=3.4, style="{style}"];'
                    break
    return "\n".join(lines)


# --- SVG: highlighters, green for what was resolved, the headline and the key --------------------------

_SVG = "http://www.w3.org/2000/svg"
_NUMBER = re.compile(r"[-0-9.]+")


def _tag(name: str) -> str:
    return f"{{{_SVG}}}{name}"


def _mark_svg(svg: bytes, marks: _Marks, result: ChainDiff, theme: Theme) -> bytes:
    from deliverychain.drawing.dot import box_svg_id, line_svg_id
    from deliverychain.drawing.key import num

    root = ET.fromstring(svg)
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    for n, mark in marks.lines.items():
        group = ids.get(line_svg_id(n))
        if group is not None and mark in (ADDED, CHANGED):
            _highlight(group, dashed=mark == CHANGED, num=num)
    for n in marks.resolved_lines:
        group = ids.get(line_svg_id(n))
        if group is not None:
            for halo in group.iter(_tag("path")):
                if halo.get("class") == "halo":
                    halo.set("stroke", RESOLVED_LINE)
            _recolour_badges(group)
    for n in marks.resolved_boxes:
        group = ids.get(box_svg_id(n))
        if group is not None:
            shape = next((c for c in group.iter() if c.tag in (_tag("path"), _tag("polygon"))), None)
            if shape is not None:
                shape.set("stroke", RESOLVED_LINE)
                shape.set("fill", RESOLVED_TINT)
            _recolour_badges(group)
    key = ids.get("key")
    if key is not None:
        _recolour_badges(key)
    _headline(ids.get("title"), result, theme)
    _append_key(root, marks, result, theme)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _highlight(group: ET.Element, dashed: bool, num: Any) -> None:
    """A translucent yellow stroke under the line's own, wider than any halo of a finding."""
    for parent in group.iter():
        for position, path in enumerate(list(parent)):
            if path.tag != _tag("path") or path.get("class") == "halo":
                continue
            marker = copy.deepcopy(path)
            for attribute in ("stroke-dasharray", "stroke-opacity", "class"):
                marker.attrib.pop(attribute, None)
            width = float(path.get("stroke-width", "1"))
            marker.set("stroke", HIGHLIGHT)
            marker.set("stroke-width", num(width + 11))
            marker.set("stroke-opacity", "0.75")
            marker.set("stroke-linecap", "butt" if dashed else "round")
            marker.set("class", "diff-highlight")
            if dashed:
                marker.set("stroke-dasharray", "9,5")
            parent.insert(position, marker)
            return


def _recolour_badges(group: ET.Element) -> None:
    for text in group.iter(_tag("text")):
        if (text.text or "").startswith(RESOLVED_MARK):
            text.set("fill", RESOLVED_TEXT)


def _headline(title: ET.Element | None, result: ChainDiff, theme: Theme) -> None:
    """The drawing's 'Audit: ...' line, which would count the marks as findings, says what changed."""
    audit = result.audit
    if title is None or audit is None:
        return
    for text in title.iter(_tag("text")):
        if (text.text or "").startswith("Audit: "):
            for child in list(text):
                text.remove(child)
            text.text = "Audit: "
            new = Counter(n.finding.severity.value for n in audit.new)
            words = [f"{count(len(audit.new), 'new finding')}" + (
                f" ({', '.join(f'{n} {s}' for s, n in new.items())})" if new else "")]
            words.append(f"{len(audit.resolved):,} resolved")
            words.append(f"{len(audit.persisting):,} still there (not marked)")
            span = ET.SubElement(text, _tag("tspan"), {"font-weight": "normal"})
            span.text = "; ".join(words) + f". The draft is {audit.trend.value}."
            return


def _append_key(root: ET.Element, marks: _Marks, result: ChainDiff, theme: Theme) -> None:
    """The marks explained, in a box under everything else."""
    from deliverychain.drawing.key import el, num
    from deliverychain.drawing.textsize import text_width

    numbers = [float(x) for x in _NUMBER.findall(root.get("viewBox", ""))]
    if len(numbers) != 4:
        return
    width, height = numbers[2], numbers[3]
    size = theme.legend_size
    rows: list[tuple[str, str]] = [
        (ADDED, "link added: highlighted, labelled 'new'"),
        (CHANGED, "link changed: highlighted, dashed, labelled 'changed' (hover for what)"),
        (REMOVED, "link removed: grey and dashed, labelled 'removed'"),
        ("actor-added", "actor added: thick dark-yellow border"),
        ("actor-changed", "actor renamed or changed: dashed border"),
        ("new", f"{NEW_MARK}DC... a finding this draft adds"),
        ("resolved", f"{RESOLVED_MARK}DC... a finding this draft resolves (in green)"),
    ]
    margin, row = 12.0, 15.0
    group = el("g", id="diff-key", font_family=f"{theme.font},sans-Serif", font_size=num(size),
               fill=theme.text_colour)
    el("text", group, "What changed", x=num(margin), y=num(margin + size), font_weight="bold",
       font_size=num(size + 2))
    y = margin + size + 8
    right = 0.0
    for kind, words in rows:
        y += row
        _sample(group, kind, margin, y - size * 0.35, theme)
        el("text", group, words, x=num(margin + 48), y=num(y))
        right = max(right, margin + 48 + text_width(words, size))
    box_width, box_height = right + margin, y + margin
    group.insert(0, el("rect", x="0.5", y="0.5", width=num(box_width - 1), height=num(box_height - 1), rx="4",
                       fill="#FFFFFF", stroke="#BDBDBD", stroke_width="1"))
    left = 0.4 * 72
    group.set("transform", f"translate({num(left)},{num(height + 6)})")
    root.append(group)
    total_width = max(width, left + box_width + 6)
    total_height = height + box_height + 18
    root.set("viewBox", f"0 0 {num(total_width)} {num(total_height)}")
    root.set("width", f"{num(total_width)}pt")
    root.set("height", f"{num(total_height)}pt")
    for rect in root.findall(_tag("rect"))[:1]:  # the white page behind everything
        rect.set("width", num(total_width))
        rect.set("height", num(total_height))


def _sample(group: ET.Element, kind: str, x: float, y: float, theme: Theme) -> None:
    from deliverychain.drawing.key import el, num

    end = num(x + 38)
    if kind in (ADDED, CHANGED):
        attributes = {"stroke_dasharray": "9,5"} if kind == CHANGED else {}
        el("line", group, x1=num(x), y1=num(y), x2=end, y2=num(y), stroke=HIGHLIGHT, stroke_width="13",
           stroke_opacity="0.75", **attributes)
        el("line", group, x1=num(x), y1=num(y), x2=end, y2=num(y), stroke=theme.plain_colour, stroke_width="2")
    elif kind == REMOVED:
        el("line", group, x1=num(x), y1=num(y), x2=end, y2=num(y), stroke=theme.ghost_colour, stroke_width="1.4",
           stroke_dasharray="5,2")
    elif kind.startswith("actor"):
        attributes = {"stroke_dasharray": "4,2"} if kind == "actor-changed" else {}
        el("rect", group, x=num(x + 4), y=num(y - 6), width="30", height="12", rx="3", fill=theme.node_fill,
           stroke="#B8A800", stroke_width="3", **attributes)
    else:
        mark, colour = (NEW_MARK, theme.severity("warning").text) if kind == "new" else (RESOLVED_MARK, RESOLVED_TEXT)
        el("text", group, mark, x=num(x + 12), y=num(y + 4), font_weight="bold", fill=colour,
           font_size=num(theme.legend_size + 3))
