"""The board style: a chain drawn to be read on paper, findings numbered beside it.

    >>> from deliverychain.drawing.board import board_pages
    >>> pages = board_pages(chain, findings=report, page="a4")
    >>> pages[0].svg, pages[0].size, [n for n, _ in pages[0].findings]

What a link is shows by line weight (strength), colour with a shape on the line
(character) and arrowhead (steers down, informs up); no text on links. The links between
two actors run side by side as one connector. Findings are numbered callouts (numbers from
`deliverychain.findings.numbered`, shared with the report and the live preview) with a
one-line sentence each in the panel beside the drawing: the plain-English headline the
board report prints for the same number (analysis/plain.py), so finding 3 reads the same
on the diagram, in the report and in the live preview. The key lists only what the page
uses, and every encoding reads in greyscale (weights, dashes, shapes, filled or hollow).

Pages are fitted, not shrunk: the drawing goes on A4 or A3, portrait or landscape,
whichever shows it largest, and where even A3 would print text under 7 points the chain is
split into views, one per branch (a national chain: one page per region).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from deliverychain.drawing import boardkey
from deliverychain.drawing import canvas as cv
from deliverychain.drawing.boardkey import Column
from deliverychain.drawing.boardlayout import NAME_SIZE
from deliverychain.drawing.boardview import Describe, Numbers, draw_view
from deliverychain.drawing.errors import RenderError
from deliverychain.drawing.escape import clean_text, one_line
from deliverychain.drawing.scene import Scene
from deliverychain.findings import Finding, Severity, numbered

if TYPE_CHECKING:
    from deliverychain.analysis.engine import AuditReport
    from deliverychain.analysis.plain import Words
    from deliverychain.model import Chain, View


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


def plain_headlines(chain: Chain, words: Words | None = None) -> Describe:
    """The default panel line: the finding's plain-English headline, as the board report prints it.

    A rule with no plain-English wording (a rule added without an explainer) falls back on
    `short_sentence`. Each finding is explained once however many pages and hover texts
    name it; `words` (the chain's lookups) may be shared with a caller that explains too.
    """
    from deliverychain.analysis.plain import EXPLAINERS, Words, explain

    known = words or Words(chain)
    said: dict[int, tuple[Finding, str]] = {}  # by id, the finding kept so that its id is not reused

    def describe(finding: Finding) -> str:
        key = id(finding)
        if key not in said:
            if finding.rule_id in EXPLAINERS:
                said[key] = finding, one_line(explain(finding, known).headline)
            else:
                said[key] = finding, short_sentence(finding)
        return said[key][1]

    return describe


def short_sentence(finding: Finding) -> str:
    """The panel line for a rule without plain English: its message to the first clause, without rule ids."""
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
        return cv.Text(dx + shape.x * s, dy + shape.y * s, shape.text, shape.size * s, shape.bold, shape.fill,
                       shape.anchor)
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
    panel: Column
    key: Column
    shown: list[tuple[int, Finding]]
    subtitle: str
    headline: str
    #: The panel set wider, for the arrangement with the panel and the key below the drawing.
    wide_panel: Column


#: Where the panel and the key go: stacked beside the drawing, side by side beside it, or
#: side by side below it.
ARRANGEMENTS = ("beside", "beside-wide", "below")


def _fit(sheet: _Sheet, paper: tuple[float, float]) -> tuple[float, str]:
    """The drawing's largest scale on this paper, and the arrangement that gives it."""
    width, height = paper
    heading = boardkey.header(sheet.scene, width - 2 * MARGIN, sheet.headline, sheet.subtitle).height
    inner_w, inner_h = width - 2 * MARGIN, height - 2 * MARGIN - heading
    panel, key = sheet.panel.height, sheet.key.height
    options = []
    if panel + 8 + key <= inner_h:
        options.append((min((inner_w - COLUMN - 16) / sheet.width, inner_h / sheet.height, MAX_SCALE), "beside"))
    if max(panel, key) <= inner_h:
        options.append((min((inner_w - 2 * COLUMN - 28) / sheet.width, inner_h / sheet.height, MAX_SCALE),
                        "beside-wide"))
    if inner_w >= WIDE_PANEL + COLUMN + 16:
        below_h = max(sheet.wide_panel.height, key) + 12
        options.append((min(inner_w / sheet.width, (inner_h - below_h) / sheet.height, MAX_SCALE), "below"))
    return max(options, default=(0.0, "below"), key=lambda o: (o[0], -ARRANGEMENTS.index(o[1])))


def _compose(sheet: _Sheet, paper: tuple[float, float] | None) -> tuple[cv.Page, float]:
    if paper is None:  # the drawing's own size: panel and key beside it
        scale, arrangement = 1.0, "beside"
        width = MARGIN * 2 + sheet.width + 16 + COLUMN
        heading = boardkey.header(sheet.scene, width - 2 * MARGIN, sheet.headline, sheet.subtitle)
        height = MARGIN * 2 + heading.height + max(sheet.height, sheet.panel.height + 8 + sheet.key.height)
    else:
        scale, arrangement = _fit(sheet, paper)
        width, height = paper
        heading = boardkey.header(sheet.scene, width - 2 * MARGIN, sheet.headline, sheet.subtitle)
    root = cv.Group()
    root.add(_moved(heading.shapes, MARGIN, MARGIN))
    top = MARGIN + heading.height
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


def _sheet(scene: Scene, numbers: Numbers, subtitle: str, notes: list[str]) -> _Sheet:
    drawing, width, height, used = draw_view(scene, numbers)
    placed = [*(f for b in scene.boxes for f in b.findings), *(f for line in scene.lines for f in line.findings),
              *(f for found in scene.tier_findings.values() for f in found)]
    shown_numbers = set(numbers.of(placed))
    by_number = {n: f for f in placed if (n := numbers.number.get(id(f))) in shown_numbers}
    shown = sorted(by_number.items())
    side_panel = boardkey.panel(shown, numbers, COLUMN, notes)
    side_key = boardkey.key(used, COLUMN)
    headline = _headline(shown) if numbers.number or scene.findings_shown else ""
    return _Sheet(scene, drawing, width, height, side_panel, side_key, shown, subtitle, headline,
                  boardkey.panel(shown, numbers, WIDE_PANEL, notes))


def _best(sheet: _Sheet, papers: list[tuple[float, float]]) -> tuple[tuple[float, float], float]:
    fits = [(paper, _fit(sheet, paper)[0]) for paper in papers]
    for paper, scale in fits:
        if scale >= MIN_SCALE:
            return paper, scale
    return max(fits, key=lambda f: f[1])


def board_pages(
    chain: Chain,
    view: View | str | None = None,
    findings: AuditReport | Iterable[Finding] | None = None,
    *,
    min_severity: str = "warning",
    describe: Describe | None = None,
    page: str = "auto",
    collapse: bool | None = None,
    **narrowing: object,
) -> list[BoardPage]:
    """The board drawing's pages: SVG per page, its size, and the numbered findings on it.

    `findings` are the findings (or AuditReport) to draw, or None; drawing never runs the
    audit (`deliverychain.render` does). Callout numbers are
    `deliverychain.findings.numbered(findings, min_severity)`: the same numbers the report
    prints. `describe` gives each numbered finding's sentence for the panel and the hover
    text (default: its plain-English headline, `plain_headlines`, as the report prints it).
    `page` is "auto" (A4 or A3, either way round), "a4", "a3" or "letter" (either way
    round), "a4-portrait" and so on, or "none" (one page at the drawing's own size, never
    split). `narrowing` takes the view options of `render`
    (tiers, focus, depth, kinds, feedback_only).
    """
    from deliverychain.drawing import _findings, build_from_selection, selection_for

    try:
        floor = Severity(min_severity)
    except ValueError as error:
        raise RenderError(f"unknown severity '{min_severity}'", "use info, warning or error") from error
    # The view first: one too large to draw is refused before the findings are placed.
    selection, resolved = selection_for(chain, view, collapse=collapse, **narrowing)  # type: ignore[arg-type]
    found = _findings(chain, findings)
    chosen = numbered(found or [], floor)
    numbers = Numbers({id(f): n for n, f in chosen}, describe or plain_headlines(chain))
    drawn = [f for _, f in chosen] + [f for f in (found or []) if f.suppressed is not None]
    hidden = sum(1 for f in found or [] if f.suppressed is None and Severity(f.severity).rank < floor.rank)
    notes = []
    if hidden:
        notes.append(f"{hidden} finding{'s' if hidden != 1 else ''} below {floor.value} not shown "
                     f"(--min-severity {'info' if floor != Severity.INFO else floor.value} shows them)")
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
    from deliverychain.drawing.bounds import check_pages
    from deliverychain.drawing.split import branches, tier_ranges

    check_pages(len(pages) + 1)

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
