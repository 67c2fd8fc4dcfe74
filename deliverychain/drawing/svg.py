"""Finishing Graphviz's SVG: style label lines, draw halos, add the title and the key.

Graphviz lays out plain labels; here each text line gets the look of its role (see
labels.py), lines with findings get a translucent halo, and the drawing is placed
between a title block and the key. User text is written only through ElementTree, which
escapes it for XML.
"""

from __future__ import annotations

import copy
import re
from xml.etree import ElementTree as ET

from deliverychain.drawing.dot import box_svg_id, line_svg_id
from deliverychain.drawing.escape import clean_text
from deliverychain.drawing.key import SVG, draw_key, el, num
from deliverychain.drawing.labels import BADGES, CARRIES, KIND, box_label, line_label
from deliverychain.drawing.scene import Scene, worst_severity
from deliverychain.drawing.textsize import wrap_to_width
from deliverychain.drawing.theme import Theme

XLINK = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG)
ET.register_namespace("xlink", XLINK)

_NUMBER = re.compile(r"[-0-9.]+")
_MIN_WIDTH = 560.0
#: Width over height of a landscape A-series page.
_LANDSCAPE = 2 ** 0.5


def finish_svg(raw: bytes, scene: Scene, theme: Theme) -> bytes:
    root = ET.fromstring(raw)
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    _style_labels(scene, theme, ids)
    _draw_halos(scene, theme, ids)
    _widen_bands(len(scene.tiers), theme, ids)
    return _compose(root, scene, theme)


def _style_labels(scene: Scene, theme: Theme, ids: dict[str | None, ET.Element]) -> None:
    for rank, (tier, _) in enumerate(scene.tiers):
        badges = scene.tier_badges.get(tier)
        group = ids.get(f"tier{rank}")
        if badges and group is not None:
            _style_lines(group, ["tier", BADGES], theme, theme.severity(worst_severity(badges)).text)
    for n, box in enumerate(scene.boxes):
        group = ids.get(box_svg_id(n))
        if group is not None:
            badge = theme.severity(worst_severity(box.badges)).text if box.badges else ""
            _style_lines(group, [role for _, role in box_label(box, theme.name_wrap)], theme, badge)
    for n, line in enumerate(scene.lines):
        group = ids.get(line_svg_id(n))
        if group is not None:
            badge = theme.severity(worst_severity(line.badges)).text if line.badges else ""
            _style_lines(group, [role for _, role in line_label(line)], theme, badge)


def _style_lines(group: ET.Element, roles: list[str], theme: Theme, badge_colour: str) -> None:
    texts = list(group.iter(f"{{{SVG}}}text"))
    if len(texts) != len(roles):
        return  # not the label we wrote (should not happen): leave Graphviz's styling
    for text, role in zip(texts, roles, strict=True):
        if role == KIND:
            text.set("font-weight", "normal")
            text.set("font-size", num(theme.kind_size))
            text.set("fill", theme.muted_colour)
        elif role == CARRIES:
            text.set("font-style", "italic")
            text.set("font-size", num(theme.carries_size))
            text.set("fill", theme.muted_colour)
        elif role == BADGES:
            text.set("font-weight", "bold")
            text.set("font-size", num(theme.kind_size))
            text.set("fill", badge_colour)


def _draw_halos(scene: Scene, theme: Theme, ids: dict[str | None, ET.Element]) -> None:
    for n, line in enumerate(scene.lines):
        if not (line.traced or line.badges):
            continue
        group = ids.get(line_svg_id(n))
        path = next(group.iter(f"{{{SVG}}}path"), None) if group is not None else None
        if group is None or path is None:
            continue
        parent = _parent_of(group, path)
        position = list(parent).index(path)
        halos = []
        if line.badges:
            halos.append((theme.severity(worst_severity(line.badges)).line, theme.halo_width, theme.halo_opacity))
        if line.traced:
            halos.append((theme.trace_colour, theme.halo_width * 1.2, theme.halo_opacity + 0.1))
        width = float(path.get("stroke-width", "1"))
        for colour, extra, opacity in sorted(halos, key=lambda h: -h[1]):
            halo = copy.deepcopy(path)
            for attribute in ("stroke-dasharray", "stroke-opacity"):
                halo.attrib.pop(attribute, None)
            halo.set("stroke", colour)
            halo.set("stroke-width", num(width + extra))
            halo.set("stroke-opacity", num(opacity))
            halo.set("stroke-linecap", "round")
            halo.set("class", "halo")
            parent.insert(position, halo)
            position += 1


def _widen_bands(count: int, theme: Theme, ids: dict[str | None, ET.Element]) -> None:
    """Stretch every tier band to the full width of the drawing, labels at the left edge.

    Graphviz sizes each cluster to its boxes, which leaves the bands staggered; bands of
    one width read as the layers of the chain at a glance. Clusters of different tiers
    never share a rank, so full-width bands cannot overlap.
    """
    bands: list[tuple[ET.Element, ET.Element, tuple[float, float, float, float]]] = []
    for rank in range(count):
        group = ids.get(f"tier{rank}")
        shape = next((c for c in group.iter() if c.tag in (f"{{{SVG}}}path", f"{{{SVG}}}polygon")), None) \
            if group is not None else None
        if group is None or shape is None:
            return
        numbers = [float(x) for x in _NUMBER.findall(shape.get("d") or shape.get("points") or "")]
        if len(numbers) < 4:
            return
        xs, ys = numbers[0::2], numbers[1::2]
        bands.append((group, shape, (min(xs), min(ys), max(xs), max(ys))))
    if not bands:
        return
    left = min(box[0] for _, _, box in bands)
    right = max(box[2] for _, _, box in bands)
    for group, shape, (_, top, _, bottom) in bands:
        band = el("rect", x=num(left), y=num(top), width=num(right - left), height=num(bottom - top), rx="6",
                  fill=theme.tier_fill, stroke="none")
        parent = _parent_of(group, shape)
        position = list(parent).index(shape)
        parent.remove(shape)
        parent.insert(position, band)
        for text in group.iter(f"{{{SVG}}}text"):
            text.set("x", num(left + 10))
            text.set("text-anchor", "start")


def _parent_of(group: ET.Element, child: ET.Element) -> ET.Element:
    for element in group.iter():
        if child in list(element):
            return element
    return group


def _size(root: ET.Element) -> tuple[float, float]:
    box = _NUMBER.findall(root.get("viewBox", ""))
    if len(box) == 4:
        return float(box[2]), float(box[3])
    return float(_NUMBER.findall(root.get("width", "0"))[0]), float(_NUMBER.findall(root.get("height", "0"))[0])


def _compose(drawing: ET.Element, scene: Scene, theme: Theme) -> bytes:
    """Title block, then the drawing with the key below it or beside it, on one white page.

    The key goes wherever the whole picture comes closer to a landscape page's shape, so
    that it prints as large as possible on A4 or A3.
    """
    width, height = _size(drawing)
    pad = theme.pad * 72
    wide_key = draw_key(scene, theme, per_row=4)
    tall_key = draw_key(scene, theme, per_row=2)
    below = (max(width, wide_key[1] + 2 * pad), height + wide_key[2] + pad)
    beside = (width + tall_key[1] + pad, max(height, tall_key[2] + pad))
    key_beside = abs(beside[0] / beside[1] - _LANDSCAPE) < abs(below[0] / below[1] - _LANDSCAPE)
    key = tall_key[0] if key_beside else wide_key[0]
    body_width, body_height = beside if key_beside else below
    total_width = max(body_width, _MIN_WIDTH)
    header, header_height = _header(scene, theme, total_width - 2 * pad, pad)
    total_height = header_height + body_height
    root = el("svg", width=f"{num(total_width)}pt", height=f"{num(total_height)}pt",
              viewBox=f"0 0 {num(total_width)} {num(total_height)}")
    el("title", root, clean_text(scene.title))
    el("rect", root, x="0", y="0", width=num(total_width), height=num(total_height), fill="#FFFFFF")
    root.append(header)
    left = 0.0 if key_beside else (total_width - width) / 2
    body = el("g", root, id="diagram", transform=f"translate({num(left)},{num(header_height)})")
    for child in list(drawing):
        body.append(child)
    if key_beside:
        key.set("transform", f"translate({num(width)},{num(header_height + pad)})")
    else:
        key.set("transform", f"translate({num(pad)},{num(header_height + height)})")
    root.append(key)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _header(scene: Scene, theme: Theme, width: float, pad: float) -> tuple[ET.Element, float]:
    group = el("g", id="title", font_family=f"{theme.font},sans-Serif", fill=theme.text_colour)
    y = pad
    for line in wrap_to_width(clean_text(scene.title), width, theme.title_size, bold=True):
        y += theme.title_size * 1.2
        el("text", group, line, x=num(pad), y=num(y), font_size=num(theme.title_size), font_weight="bold")
    y += 4
    for line in wrap_to_width(clean_text(scene.caption), width, theme.caption_size):
        y += theme.caption_size * 1.35
        el("text", group, line, x=num(pad), y=num(y), font_size=num(theme.caption_size), fill=theme.muted_colour)
    if scene.findings_shown:
        y += theme.caption_size * 1.6
        _headline(group, scene, theme, pad, y)
    if scene.subtitle:
        for line in wrap_to_width("View: " + clean_text(scene.subtitle), width, theme.caption_size):
            y += theme.caption_size * 1.35
            el("text", group, line, x=num(pad), y=num(y), font_size=num(theme.caption_size), font_style="italic")
    return group, y + theme.caption_size


_SEVERITY_WORDS = {"error": ("error", "errors"), "warning": ("warning", "warnings"),
                   "info": ("note", "notes")}


def _headline(group: ET.Element, scene: Scene, theme: Theme, x: float, y: float) -> None:
    """'Audit: 2 errors, 5 warnings, 3 notes', each count in its severity's colour."""
    text = el("text", group, "Audit: ", x=num(x), y=num(y), font_size=num(theme.caption_size), font_weight="bold")
    if not scene.tally:
        el("tspan", text, "no findings in this view", font_weight="normal")
        return
    parts = list(scene.tally.items())
    for n, (severity, count) in enumerate(parts):
        one, many = _SEVERITY_WORDS.get(severity, (severity, severity))
        span = el("tspan", text, f"{count:,} {one if count == 1 else many}", fill=theme.severity(severity).text)
        span.tail = ", " if n < len(parts) - 1 else ""
    el("tspan", text, "  (marked on the diagram; see the key)", font_weight="normal", fill=theme.muted_colour)
