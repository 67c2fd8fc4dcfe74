"""Draw a chain for a board paper, with the audit on it.

    >>> import deliverychain
    >>> chain = deliverychain.load("chains/cancer.yaml")
    >>> svg = deliverychain.render(chain, format="svg")
    >>> pdf = deliverychain.render(chain, format="pdf", view="steering")

The package is `drawing`, not `render`, so that `deliverychain.render` stays the function.
The pipeline is pure until the last step: view selection (views.py) -> audit overlay
(overlay.py) -> a Scene of boxes and lines, collapsed when large (scene.py, collapse.py)
-> DOT or Mermaid text (dot.py, mermaid.py) -> Graphviz and cairosvg (backends.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from deliverychain.drawing.errors import RenderError

if TYPE_CHECKING:
    from deliverychain.analysis.engine import AuditReport
    from deliverychain.drawing.scene import Scene
    from deliverychain.drawing.theme import Theme
    from deliverychain.findings import Finding
    from deliverychain.model import Chain, View

__all__ = ["FORMATS", "STYLES", "RenderError", "build", "render"]

#: Output formats.
FORMATS = ("svg", "png", "pdf", "dot", "mmd")
#: "board": drawn by deliverychain for paper (the default for PNG and PDF); "detail": laid out
#: by Graphviz with every label (the default for SVG, and the only one for DOT and Mermaid).
STYLES = ("board", "detail")



def build(
    chain: Chain,
    view: View | str | None = None,
    findings: AuditReport | Iterable[Finding] | None = None,
    *,
    tiers: str | Sequence[str] | None = None,
    focus: str | None = None,
    depth: int | None = None,
    kinds: str | Sequence[str] | None = None,
    feedback_only: bool | None = None,
    collapse: bool | None = None,
    collapse_above: int | None = None,
    min_severity: str = "info",
) -> Scene:
    """The Scene (what is drawn, as data) for a chain and a view."""
    from deliverychain.drawing.collapse import COLLAPSE_ABOVE
    from deliverychain.drawing.overlay import build_overlay
    from deliverychain.drawing.scene import build_scene
    from deliverychain.drawing.views import resolve_view, select

    chosen = resolve_view(chain, view, tiers=tiers, focus=focus, depth=depth, kinds=kinds,
                          feedback_only=feedback_only, collapse=collapse)
    selection = select(chain, chosen)
    check_uncollapsed(selection)
    found = _findings(chain, findings)
    if found is not None:
        found = _at_least(found, min_severity)
    overlay = build_overlay(chain, found) if found is not None else None
    return build_scene(chain, selection, overlay, collapse_above=collapse_above or COLLAPSE_ABOVE)


def selection_for(chain: Chain, view: View | str | None = None, *, collapse: bool | None = None,
                  **narrowing: Any) -> tuple[Any, View]:
    """The actors and links a view shows (views.Selection), and the view itself."""
    from deliverychain.drawing.views import resolve_view, select

    chosen = resolve_view(chain, view, collapse=collapse, **narrowing)
    selection = select(chain, chosen)
    check_uncollapsed(selection)
    return selection, chosen


#: The options of `render` that narrow what a view shows.
NARROWING = ("tiers", "focus", "depth", "kinds", "feedback_only")


def check_view(chain: Chain, view: View | str | None = None, **options: Any) -> None:
    """RenderError now for a view that cannot be drawn (unknown, or too large to draw without
    collapsing), so that a caller that audits first (`deliverychain.render`) does not audit
    in vain. `options` are `render`'s; only the view's are read."""
    narrowing = {name: options[name] for name in NARROWING if options.get(name) is not None}
    selection_for(chain, view, collapse=options.get("collapse"), **narrowing)


def check_uncollapsed(selection: Any) -> None:
    """A view that will not collapse is refused here when too large to draw, before the audit
    and the layout (a collapsing one is counted once grouped, in `scene.build_scene`)."""
    if selection.collapse is False:
        from deliverychain.drawing.bounds import check_counts

        check_counts(len(selection.actors), len(selection.links))


def build_from_selection(chain: Chain, selection: Any, overlay: Any, collapse_above: int | None = None) -> Scene:
    """The Scene for a selection, with an overlay of findings (overlay.build_overlay; None: no audit)."""
    from deliverychain.drawing.collapse import COLLAPSE_ABOVE
    from deliverychain.drawing.scene import build_scene

    return build_scene(chain, selection, overlay, collapse_above=collapse_above or COLLAPSE_ABOVE)


def _at_least(findings: list[Finding], min_severity: str) -> list[Finding]:
    from deliverychain.findings import Severity

    try:
        floor = Severity(min_severity).rank
    except ValueError as error:
        raise RenderError(f"unknown severity '{min_severity}'", "use info, warning or error") from error
    return [f for f in findings if Severity(f.severity).rank >= floor]


def _findings(chain: Chain, findings: AuditReport | Iterable[Finding] | bool | None) -> list[Finding] | None:
    """The findings to draw. Drawing never runs the audit: the pipeline does (`deliverychain.render`)."""
    if findings is None or findings is False:
        return None
    if findings is True:
        raise TypeError("drawing does not run the audit: pass the findings to draw, or use deliverychain.render")
    report_findings = getattr(findings, "findings", None)
    if report_findings is not None:
        return list(report_findings)
    return list(findings)  # type: ignore[arg-type]


def render(
    chain: Chain,
    format: str = "svg",
    view: View | str | None = None,
    findings: AuditReport | Iterable[Finding] | None = None,
    *,
    tiers: str | Sequence[str] | None = None,
    focus: str | None = None,
    depth: int | None = None,
    kinds: str | Sequence[str] | None = None,
    feedback_only: bool | None = None,
    collapse: bool | None = None,
    collapse_above: int | None = None,
    min_severity: str | None = None,
    engine: str = "auto",
    dpi: int = 150,
    page: str | None = None,
    theme: Theme | Mapping[str, Any] | None = None,
    style: str | None = None,
    describe: Callable[[Finding], str] | None = None,
) -> bytes:
    """The chain drawn as `format` (svg, png, pdf, dot or mmd), as bytes.

    `view` is a `View` or the id of a view declared in the chain; `tiers` ("national:system"),
    `focus`/`depth`, `kinds` and `feedback_only` narrow it further. `findings` are the findings
    (or the AuditReport) to draw; None draws the chain only. `deliverychain.render` runs the
    audit and draws its findings.
    `min_severity` ("info", "warning", "error") leaves lesser findings off. Large views
    collapse into groups above `collapse_above` actors unless `collapse` says otherwise.
    `engine` picks Graphviz: "auto", "system" (a `dot` on PATH) or "wasm".
    `dpi` is for PNG; `page` places a PDF on a page ("a4" landscape, "a3-portrait", "none").
    `style` is "board" (for paper: numbered findings, no text on links; the default for PNG
    and PDF) or "detail" (Graphviz, every label; the default for SVG, DOT and Mermaid). In the
    board style `min_severity` defaults to "warning", `page` to "auto" (A4 or A3, either way
    round, split into pages rather than shrunk), and `describe` gives each numbered finding's
    sentence (see `drawing.board.board_pages` for the pages one by one).
    Raises RenderError for a request that cannot be met (unknown view, tier or actor).
    """
    from deliverychain.drawing.theme import make_theme

    if format not in FORMATS:
        raise RenderError(f"unknown format '{format}'", f"use one of: {', '.join(FORMATS)}")
    if style is None:
        style = "board" if format in ("png", "pdf") else "detail"
    if style not in STYLES:
        raise RenderError(f"unknown style '{style}'", "use board or detail")
    if style == "board":
        if format in ("dot", "mmd"):
            raise RenderError(f"the board style is drawn by deliverychain itself, not written as {format}",
                              "write SVG, PNG or PDF, or use --style detail")
        return _render_board(chain, format, view, findings, min_severity=min_severity or "warning",
                             page=page or ("none" if format == "svg" else "auto"), dpi=dpi, describe=describe,
                             collapse=collapse, tiers=tiers, focus=focus, depth=depth, kinds=kinds,
                             feedback_only=feedback_only)
    min_severity = min_severity or "info"
    page = page or "a4"
    try:
        chosen_theme = make_theme(theme)
    except ValueError as error:
        raise RenderError(str(error)) from error
    scene = build(chain, view, findings, tiers=tiers, focus=focus, depth=depth, kinds=kinds,
                  feedback_only=feedback_only, collapse=collapse, collapse_above=collapse_above,
                  min_severity=min_severity)
    if format == "mmd":
        from deliverychain.drawing.mermaid import to_mermaid

        return to_mermaid(scene, chosen_theme).encode("utf-8")
    from deliverychain.drawing.dot import to_dot

    dot = to_dot(scene, chosen_theme)
    if format == "dot":
        return dot.encode("utf-8")
    from deliverychain.drawing import backends
    from deliverychain.drawing.svg import finish_svg

    svg = finish_svg(backends.layout_svg(dot, engine), scene, chosen_theme)
    if format == "svg":
        return svg
    if format == "png":
        return backends.svg_to_png(svg, dpi)
    return backends.svg_to_pdf(svg, page)


def _render_board(chain: Chain, format: str, view: View | str | None,
                  findings: AuditReport | Iterable[Finding] | None, *, min_severity: str, page: str, dpi: int,
                  describe: Callable[[Finding], str] | None, **options: Any) -> bytes:
    from deliverychain.drawing import backends
    from deliverychain.drawing.board import board_pages
    from deliverychain.drawing.canvas import to_pdf

    pages = board_pages(chain, view, findings, min_severity=min_severity, describe=describe, page=page, **options)
    if format == "svg":
        return pages[0].svg
    pdf = to_pdf([p.page for p in pages])
    if format == "pdf":
        return pdf
    return backends.pdf_to_png(pdf, dpi)
