"""A page of the board style as shapes, and the two writers that draw it: SVG and PDF.

The board is laid out once, in points with y growing downwards, as a list of shapes
(rectangles, paths, circles, text, and groups that carry the SVG's `data-*` attributes and
hover text). The SVG writer and the PDF writer draw the same list, so a page prints
exactly as it shows on screen; the PNG is PDFium's picture of that PDF. Text is set in
the packaged Liberation Sans in both, and in the PDF it is real text in the embedded font.

Output is deterministic: shapes come in a fixed order, numbers are written with two
decimals at most, and the PDF is written in reportlab's invariant mode (fixed dates, ids).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from deliverychain.drawing.textsize import PDF_BOLD, PDF_REGULAR, SVG_FAMILY, face

SVG_NS = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG_NS)

#: A path as commands: ("M", x, y), ("L", x, y), ("C", x1, y1, x2, y2, x, y), ("Z",).
Command = tuple[str, ...] | tuple[str, float, float] | tuple[str, float, float, float, float, float, float]


@dataclass
class Style:
    fill: str | None = None
    stroke: str | None = None
    width: float = 1.0
    dash: tuple[float, ...] = ()
    opacity: float = 1.0
    round_caps: bool = False


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    style: Style
    radius: float = 0.0


@dataclass
class Circle:
    cx: float
    cy: float
    r: float
    style: Style


@dataclass
class Path:
    commands: list[tuple[object, ...]]
    style: Style


@dataclass
class Text:
    x: float
    #: The baseline.
    y: float
    text: str
    size: float
    bold: bool = False
    fill: str = "#1A1A1A"
    #: "start", "middle" or "end".
    anchor: str = "start"


@dataclass
class Group:
    children: list[Shape] = field(default_factory=list)
    #: Attributes for the SVG (data-actor, data-link, id, class); the PDF ignores them.
    attrs: dict[str, str] = field(default_factory=dict)
    #: Hover text (SVG <title>).
    title: str = ""

    def add(self, shape: Shape) -> Shape:
        self.children.append(shape)
        return shape


Shape = Rect | Circle | Path | Text | Group


@dataclass
class Page:
    width: float
    height: float
    shapes: Group
    title: str = ""


def num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def texts(shape: Shape) -> Iterator[Text]:
    """Every text on a page, in drawing order."""
    if isinstance(shape, Text):
        yield shape
    elif isinstance(shape, Group):
        for child in shape.children:
            yield from texts(child)


# --- SVG ------------------------------------------------------------------------------

def _svg_style(style: Style) -> dict[str, str]:
    out = {"fill": style.fill or "none"}
    if style.stroke:
        out["stroke"] = style.stroke
        out["stroke-width"] = num(style.width)
        if style.dash:
            out["stroke-dasharray"] = ",".join(num(d) for d in style.dash)
        if style.round_caps:
            out["stroke-linecap"] = "round"
            out["stroke-linejoin"] = "round"
    if style.opacity < 1:
        out["opacity"] = num(style.opacity)
    return out


def path_data(commands: Sequence[tuple[object, ...]]) -> str:
    parts = []
    for command in commands:
        op, *values = command
        parts.append(str(op) + " ".join(num(float(v)) for v in values))  # type: ignore[arg-type]
    return " ".join(parts)


def _svg(shape: Shape, parent: ET.Element) -> None:
    if isinstance(shape, Group):
        element = ET.SubElement(parent, f"{{{SVG_NS}}}g", shape.attrs)
        if shape.title:
            ET.SubElement(element, f"{{{SVG_NS}}}title").text = shape.title
        for child in shape.children:
            _svg(child, element)
    elif isinstance(shape, Rect):
        attributes = {"x": num(shape.x), "y": num(shape.y), "width": num(shape.w), "height": num(shape.h)}
        if shape.radius:
            attributes["rx"] = num(shape.radius)
        ET.SubElement(parent, f"{{{SVG_NS}}}rect", {**attributes, **_svg_style(shape.style)})
    elif isinstance(shape, Circle):
        ET.SubElement(parent, f"{{{SVG_NS}}}circle",
                      {"cx": num(shape.cx), "cy": num(shape.cy), "r": num(shape.r), **_svg_style(shape.style)})
    elif isinstance(shape, Path):
        ET.SubElement(parent, f"{{{SVG_NS}}}path", {"d": path_data(shape.commands), **_svg_style(shape.style)})
    else:
        attributes = {"x": num(shape.x), "y": num(shape.y), "font-size": num(shape.size), "fill": shape.fill}
        if shape.bold:
            attributes["font-weight"] = "bold"
        if shape.anchor != "start":
            attributes["text-anchor"] = shape.anchor
        ET.SubElement(parent, f"{{{SVG_NS}}}text", attributes).text = shape.text


def to_svg(page: Page) -> bytes:
    root = ET.Element(f"{{{SVG_NS}}}svg", {
        "width": f"{num(page.width)}pt", "height": f"{num(page.height)}pt",
        "viewBox": f"0 0 {num(page.width)} {num(page.height)}", "font-family": SVG_FAMILY,
    })
    if page.title:
        ET.SubElement(root, f"{{{SVG_NS}}}title").text = page.title
    ET.SubElement(root, f"{{{SVG_NS}}}rect", {"x": "0", "y": "0", "width": num(page.width),
                                              "height": num(page.height), "fill": "#FFFFFF"})
    _svg(page.shapes, root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


# --- PDF ------------------------------------------------------------------------------

def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics

    registered = pdfmetrics.getRegisteredFontNames()
    for bold in (False, True):
        font = face(bold)
        if font.fontName not in registered:
            pdfmetrics.registerFont(font)


def _colour(value: str) -> object:
    from reportlab.lib.colors import HexColor

    return HexColor(value)


class _PdfPainter:
    def __init__(self, canvas: object, height: float) -> None:
        self.c = canvas
        self.height = height

    def y(self, value: float) -> float:
        return self.height - value

    def style(self, style: Style) -> tuple[bool, bool]:
        c = self.c
        fill = style.fill is not None and style.fill != "none"
        stroke = style.stroke is not None and style.stroke != "none"
        if fill:
            c.setFillColor(_colour(style.fill))  # type: ignore[attr-defined,arg-type]
            c.setFillAlpha(style.opacity)  # type: ignore[attr-defined]
        if stroke:
            c.setStrokeColor(_colour(style.stroke))  # type: ignore[attr-defined,arg-type]
            c.setStrokeAlpha(style.opacity)  # type: ignore[attr-defined]
            c.setLineWidth(style.width)  # type: ignore[attr-defined]
            c.setDash(list(style.dash) if style.dash else [], 0)  # type: ignore[attr-defined]
            c.setLineCap(1 if style.round_caps else 0)  # type: ignore[attr-defined]
            c.setLineJoin(1 if style.round_caps else 0)  # type: ignore[attr-defined]
        return fill, stroke

    def draw(self, shape: Shape) -> None:
        c = self.c
        if isinstance(shape, Group):
            for child in shape.children:
                self.draw(child)
            return
        if isinstance(shape, Text):
            c.setFillColor(_colour(shape.fill))  # type: ignore[attr-defined]
            c.setFillAlpha(1)  # type: ignore[attr-defined]
            c.setFont(PDF_BOLD if shape.bold else PDF_REGULAR, shape.size)  # type: ignore[attr-defined]
            y = self.y(shape.y)
            if shape.anchor == "middle":
                c.drawCentredString(shape.x, y, shape.text)  # type: ignore[attr-defined]
            elif shape.anchor == "end":
                c.drawRightString(shape.x, y, shape.text)  # type: ignore[attr-defined]
            else:
                c.drawString(shape.x, y, shape.text)  # type: ignore[attr-defined]
            return
        fill, stroke = self.style(shape.style)
        if not (fill or stroke):
            return
        if isinstance(shape, Rect):
            if shape.radius:
                c.roundRect(shape.x, self.y(shape.y + shape.h), shape.w, shape.h, shape.radius,  # type: ignore[attr-defined]
                            stroke=int(stroke), fill=int(fill))
            else:
                c.rect(shape.x, self.y(shape.y + shape.h), shape.w, shape.h,  # type: ignore[attr-defined]
                       stroke=int(stroke), fill=int(fill))
        elif isinstance(shape, Circle):
            c.circle(shape.cx, self.y(shape.cy), shape.r, stroke=int(stroke), fill=int(fill))  # type: ignore[attr-defined]
        else:
            path = c.beginPath()  # type: ignore[attr-defined]
            for command in shape.commands:
                op, values = command[0], [float(v) for v in command[1:]]  # type: ignore[arg-type]
                if op == "M":
                    path.moveTo(values[0], self.y(values[1]))
                elif op == "L":
                    path.lineTo(values[0], self.y(values[1]))
                elif op == "C":
                    path.curveTo(values[0], self.y(values[1]), values[2], self.y(values[3]), values[4],
                                 self.y(values[5]))
                elif op == "Z":
                    path.close()
            c.drawPath(path, stroke=int(stroke), fill=int(fill))  # type: ignore[attr-defined]


def to_pdf(pages: Sequence[Page], title: str = "") -> bytes:
    """One PDF with a page per Page; the font embedded (subset), fixed dates and ids."""
    from reportlab.pdfgen.canvas import Canvas

    _register_fonts()
    out = io.BytesIO()
    first = pages[0]
    canvas = Canvas(out, pagesize=(first.width, first.height), invariant=1, pageCompression=1,
                    initialFontName=PDF_REGULAR, initialFontSize=10)
    canvas.setTitle(title or first.title)
    canvas.setCreator("deliverychain (chain render)")
    canvas.setProducer("deliverychain")
    for page in pages:
        canvas.setPageSize((page.width, page.height))
        _PdfPainter(canvas, page.height).draw(page.shapes)
        canvas.showPage()
    canvas.save()
    return out.getvalue()
