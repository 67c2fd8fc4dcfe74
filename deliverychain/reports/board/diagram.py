"""The adapter between the board report and the drawing: the one module here that draws.

The report shows the chain as `chain render --style board --page a4` draws it
(`drawing.board.board_pages`): each page with its numbered callouts, its panel of findings
in the report's own headlines, and its key, on A4 (landscape unless the chain fits whole
only on a portrait page). Where the chain would print too small on one page it is split
(the national chain: one page per region and range of tiers), and the report shows every
page. The HTML embeds each page's SVG as drawn, so the printed report's diagram pages are
the board PDF's pages; Word gets each page as PDFium's picture of it.

The report's script highlights with the drawing's own attributes (drawing/boardview.py):
actors are `g.actor[data-actor]`, connectors `g.connector[data-link]`, callouts and panel
entries carry `data-finding="<n>"`, and whatever a finding is about `data-findings="<n> <m>"`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from deliverychain.findings import numbered
from deliverychain.reports.safe import visible
from deliverychain.rules.wording import count, join_names

if TYPE_CHECKING:
    from deliverychain.analysis.engine import AuditReport
    from deliverychain.analysis.plain import Words
    from deliverychain.drawing.board import BoardPage
    from deliverychain.drawing.canvas import Page
    from deliverychain.model import Chain

SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", SVG)

#: The paper of the report's diagram pages: the report prints on A4. Landscape comes first; a
#: chain that would split across landscape pages but fits whole on a portrait one gets that.
PAPER = "a4"
#: Word's pictures at this resolution, `chain render`'s own for PNG: A4 landscape is 1,754 pixels
#: wide, 7-point text about 15 pixels high. (At 200 dpi the national chain's 13 pages took 1.3 s
#: more to encode, for no difference a reader sees in print.)
PICTURE_DPI = 150
_REFERENCE = re.compile(r"(url\(#|href=\"#)([^)\"]+)")
_TEXT_TAGS = {f"{{{SVG}}}text", f"{{{SVG}}}title", f"{{{SVG}}}desc"}


@dataclass(frozen=True)
class DiagramPage:
    """One page of the diagram, ready to embed."""

    #: The standalone SVG document of the page.
    svg: bytes
    #: The same page for an HTML page: no XML declaration, ids unique on the page, sized by CSS.
    inline: str
    #: What the page shows, for readers who cannot see it.
    alt: str
    #: Width and height in points (A4, either way round).
    size: tuple[float, float]
    #: What part of the chain the page shows ("" when it shows the whole chain).
    title: str
    #: The numbers of the findings marked on this page.
    numbers: tuple[int, ...]
    #: The page as shapes, for the PDF and PNG writers.
    drawing: Page

    @property
    def orientation(self) -> str:
        return "landscape" if self.size[0] > self.size[1] else "portrait"

    @property
    def marked(self) -> str:
        """'findings 1, 3 and 5': what the page's numbered markers show."""
        return numbers_text(self.numbers)


@dataclass(frozen=True)
class Diagram:
    """The chain's diagram: one page, or several when the chain is split to print legibly."""

    pages: tuple[DiagramPage, ...]
    #: What the whole diagram shows.
    alt: str

    @property
    def several(self) -> bool:
        return len(self.pages) > 1

    @property
    def inline(self) -> str:
        """Every page's inline SVG, one after another (for templates written before pages)."""
        return "\n".join(page.inline for page in self.pages)


def draw(chain: Chain, audit: AuditReport, key: str, words: Words | None = None) -> Diagram:
    """The board drawing of `chain` with `audit`'s findings numbered on it; `key` prefixes its HTML ids.

    `words` are the chain's lookups for plain English, shared with the report's own text.
    """
    from deliverychain.drawing.board import board_pages, plain_headlines

    pages = board_pages(chain, findings=audit, page=PAPER, describe=plain_headlines(chain, words))
    whole = _alt(chain, audit)
    drawn = []
    for n, page in enumerate(pages, start=1):
        alt = whole if len(pages) == 1 else _page_alt(page, n, len(pages), len(chain.actors))
        drawn.append(DiagramPage(page.svg, _inline(page.svg, f"{key}-d{n}", alt), alt, page.size, page.title,
                                 tuple(number for number, _ in page.findings), page.page))
    return Diagram(tuple(drawn), whole)


def pictures(diagram: Diagram) -> list[bytes]:
    """Each page of the diagram as a PNG for Word: PDFium's picture of the page the board PDF prints."""
    from deliverychain.drawing.backends import pdf_to_png
    from deliverychain.drawing.canvas import to_pdf

    return [pdf_to_png(to_pdf([page.drawing]), PICTURE_DPI) for page in diagram.pages]


def _alt(chain: Chain, audit: AuditReport) -> str:
    """From the chain, not the drawing: the words do not change with the drawing's style."""
    from deliverychain.drawing.collapse import COLLAPSE_ABOVE

    used = {actor.tier for actor in chain.actors}
    tiers = [tier for tier in chain.tiers if tier in used]
    shown = len(numbered(audit.findings))
    text = (f"Diagram of the chain: {len(chain.actors):,} actors in {len(tiers)} tiers, from "
            f"{tiers[0].replace('-', ' ')} at the top to {tiers[-1].replace('-', ' ')} at the bottom, and the "
            f"{len(chain.links):,} links between them." if tiers else "Diagram of the chain.")
    if len(chain.actors) > COLLAPSE_ABOVE:
        text += " Similar actors are drawn as one box with a count."
    if shown:
        text += (f" Numbered markers 1 to {shown} show where each numbered finding applies; the list of findings "
                 "says the same in words.")
    return text


def _page_alt(page: BoardPage, n: int, total: int, actors: int) -> str:
    """One page of a split diagram: which part of the chain it shows, how much of it, and which findings."""
    on_page = _actors_on(page.svg)
    part = page.title[:1].lower() + page.title[1:] if page.title.startswith("Tiers ") else page.title
    text = f"Diagram of the chain, page {n} of {total}: {part or 'the whole chain'}."
    text += f" It shows {on_page:,} of the chain's {count(actors, 'actor')} and the links between them."
    numbers = [number for number, _ in page.findings]
    if numbers:
        text += (f" Numbered markers show where {numbers_text(numbers)} appl{'ies' if len(numbers) == 1 else 'y'}; "
                 "the list of findings says the same in words.")
    else:
        text += " No numbered finding is on this page."
    return text


def _actors_on(svg: bytes) -> int:
    """Actors drawn on a page: each box's ids, and the count of those a group box does not list."""
    total = 0
    for group in ET.fromstring(svg).iter(f"{{{SVG}}}g"):
        ids = group.get("data-actor")
        if ids:
            total += len(ids.split()) + int(group.get("data-actors-more") or 0)
    return total


def _inline(svg: bytes, key: str, alt: str) -> str:
    """The SVG as an element of an HTML page: ids unique on the page, described, sized by CSS.

    Its text and hover text pass through `safe.visible` like every other string on the page,
    so a direction override in a name shows as <U+202E> there too, not as a reordered line.
    """
    root = ET.fromstring(svg)
    prefix = f"{key}-svg-"  # the page's own ids are '{key}-<section>': the drawing's cannot clash with them
    for element in root.iter():
        ident = element.get("id")
        if ident:
            element.set("id", prefix + ident)
        if element.text and element.tag in _TEXT_TAGS:
            element.text = visible(element.text, newline="\n")
    for attribute in ("width", "height"):
        root.attrib.pop(attribute, None)
    root.set("class", "chain-diagram")
    root.set("role", "img")
    title = root.find(f"{{{SVG}}}title")
    if title is not None:
        title.set("id", f"{key}-title")
    desc = ET.Element(f"{{{SVG}}}desc", id=f"{key}-desc")
    desc.text = alt
    root.insert(1 if title is not None else 0, desc)
    root.set("aria-labelledby", f"{key}-title {key}-desc" if title is not None else f"{key}-desc")
    text = ET.tostring(root, encoding="unicode")
    return _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", text)


def numbers_text(numbers: Sequence[int]) -> str:
    """'findings 1, 3 and 5' for a caption."""
    words = [str(n) for n in numbers]
    return f"finding{'s' if len(words) != 1 else ''} {join_names(words, limit=len(words))}" if words else ""
