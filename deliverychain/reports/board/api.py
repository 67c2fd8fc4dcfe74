"""`deliverychain.report`: one or more chains as a board report, in HTML, PDF or Word."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from deliverychain.reports.board.errors import ReportError

if TYPE_CHECKING:
    from deliverychain.model import Chain
    from deliverychain.reports.board.content import BoardReport

FORMATS = ("html", "pdf", "docx")


def report(
    chains: Chain | Sequence[Chain],
    format: str = "html",
    *,
    template: str | Path | None = None,
    engine: str = "auto",
    browser: str | None = None,
) -> bytes:
    """The board report of one chain, or of several with a comparison table, as bytes.

    `format` is "html" (one self-contained page), "pdf" (that page printed on A4 by
    Chromium, Chrome or Edge: `browser` names one, else it is looked for) or "docx" (Word,
    with real Word styles). `template` is a Jinja2 HTML template for html and pdf, or a
    Word reference document (.docx) whose styles the Word report uses. The diagram is the
    board style on A4 landscape pages (`chain render --style board`), drawn without
    Graphviz: `engine` is accepted, and ignored, for callers of earlier versions. Raises
    ReportError when the request cannot be met, and RenderError when the diagram cannot be
    drawn.
    """
    if format not in FORMATS:
        raise ReportError(f"unknown report format '{format}'", f"use one of: {', '.join(FORMATS)}")
    from deliverychain.model import Chain

    chosen = [chains] if isinstance(chains, Chain) else list(chains)
    if not chosen:
        raise ReportError("no chain to report on", "give at least one chain")
    if format == "docx":
        from deliverychain.reports.board.word import check_reference, render_docx

        check_reference(template)
        return render_docx(assemble(chosen, engine), template)
    from deliverychain.reports.board.html import render_html

    if format == "pdf":
        from deliverychain.reports.board.pdf import find_browser, print_pdf

        executable = find_browser(browser)  # before the work: a missing browser fails fast
        return print_pdf(render_html(assemble(chosen, engine), template), executable)
    return render_html(assemble(chosen, engine), template)


def assemble(chains: Sequence[Chain], engine: str = "auto") -> BoardReport:
    """Audit and draw each chain, and put what the report says together.

    `engine` is kept for callers of earlier versions: the board-style diagram is drawn by
    deliverychain itself, with no Graphviz.
    """
    from deliverychain.analysis import engine as audit_engine
    from deliverychain.analysis.plain import Words
    from deliverychain.reports.board.content import BoardReport, build_section
    from deliverychain.reports.board.diagram import draw
    from deliverychain.reports.safe import visible
    from deliverychain.rules import registry
    from deliverychain.version import VERSION

    sections = []
    for number, chain in enumerate(chains, start=1):
        audited = audit_engine.audit(chain, registry.chosen())  # every rule, as deliverychain.audit runs them
        words = Words(chain)  # the chain's lookups, built once for the diagram's panel and the report's text
        sections.append(build_section(number, chain, audited, draw(chain, audited, f"c{number}", words), words))
    title = sections[0].title if len(sections) == 1 else f"Delivery chain review: {len(sections)} chains"
    return BoardReport(visible(title), sections, f"deliverychain {VERSION}")
