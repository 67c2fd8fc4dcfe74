"""`chain render`: draw a chain for a board paper, with the audit on it."""

from __future__ import annotations

import sys

import click

from deliverychain import exits
from deliverychain.cli.limit_option import limit_option, limits_in_force

#: Output formats by file extension.
EXTENSIONS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot", ".mmd": "mmd",
              ".mermaid": "mmd"}
FORMATS = ("svg", "png", "pdf", "dot", "mmd")
PAGES = ("auto", "a4", "a4-portrait", "a4-landscape", "a3", "a3-portrait", "a3-landscape", "letter",
         "letter-portrait", "letter-landscape", "none")


@click.command(
    epilog="""\b
Examples:
  chain render chains/cancer.yaml -o cancer.pdf        board style, findings numbered
  chain render chains/cancer.yaml -o cancer.pdf --page a4
  chain render chains/cancer.yaml -o detail.svg --style detail
  chain render chains/cancer.yaml -o cancer.png --dpi 200
  chain render chains/cancer.yaml --format mmd          Mermaid, for Markdown and GitHub
  chain render chains/cancer.yaml -o top.svg --tiers government:system
  chain render chains/cancer.yaml -o icb.svg --focus icb --depth 2
  chain render chains/cancer.yaml -o loops.svg --feedback-only
  chain render chains/cancer.yaml -o board.pdf --view board --no-findings

\b
Formats: svg, png, pdf, dot (Graphviz source), mmd (Mermaid). Without -o, svg, dot
and mmd go to standard output. Large chains (over 150 actors) collapse into groups.
""",
)
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("-o", "--output", metavar="OUT", help="Write here; the format follows the extension.")
@click.option("--format", "output_format", type=click.Choice(FORMATS),
              help="Output format (default: from OUT's extension, else svg).")
@click.option("--view", "view_name", metavar="NAME", help="A view declared under 'views:' in the chain file.")
@click.option("--tiers", metavar="RANGE", help="Only these tiers: 'national:system' (a range) or 'national,system'.")
@click.option("--focus", metavar="ID", help="Only this actor and its neighbours.")
@click.option("--depth", type=click.IntRange(0, 50), help="How many links out from --focus (default 1).")
@click.option("--kinds", metavar="KINDS", help="Only these link kinds, e.g. 'reporting,feedback'.")
@click.option("--feedback-only", is_flag=True, default=None, help="Only reporting, feedback and voice links.")
@click.option("--collapse/--no-collapse", default=None,
              help="Group similar actors into one box with a count (default: above 150 actors).")
@click.option("--findings/--no-findings", default=True, show_default=True,
              help="Draw the audit's findings on the diagram.")
@click.option("--min-severity", type=click.Choice(["info", "warning", "error"]), default=None,
              help="Draw only findings at or above this severity (default: warning in the board style, "
                   "info in the detail style).")
@click.option("--style", type=click.Choice(["board", "detail"]), default=None,
              help="board: for paper, findings numbered beside the drawing (default for PNG and PDF); "
                   "detail: Graphviz with every label (default for SVG; DOT and Mermaid are always detail).")
@click.option("--engine", type=click.Choice(["auto", "system", "wasm"]), default="auto", show_default=True,
              help="Graphviz to use: a system 'dot' on PATH, or the WebAssembly build installed by pip.")
@click.option("--dpi", type=click.IntRange(10, 1200), default=150, show_default=True, help="Resolution of a PNG.")
@click.option("--page", type=click.Choice(PAGES), default=None,
              help="Paper for PNG and PDF. Board style (default auto): A4 or A3, whichever way round shows the "
                   "drawing largest; a4/a3/letter fix the size, -portrait/-landscape the way round; a chain too "
                   "large for the paper is split into pages. Detail style (default a4): landscape unless "
                   "-portrait. 'none': the drawing's own size.")
@limit_option
def render(file: str, output: str | None, output_format: str | None, view_name: str | None, tiers: str | None,
           focus: str | None, depth: int | None, kinds: str | None, feedback_only: bool | None,
           collapse: bool | None, findings: bool, min_severity: str | None, style: str | None, engine: str,
           dpi: int, page: str | None, limit_settings: dict[str, int]) -> None:
    """Draw the chain in FILE (- for standard input): tiers from government (top) to the public (bottom).

    Line weight shows a link's strength, colour and a small mark its character; upward
    links (reporting, feedback, voice) have hollow arrowheads. PNG and PDF are in the board
    style: no text on links, findings numbered on the drawing with a sentence each beside
    it, fitted to A4 or A3 and split into pages rather than shrunk below 7 points. SVG is
    in the detail style unless --style board: Graphviz's layout with every label and the
    rule ids of the findings. A key explains it all.

    Exits 0 when written, 2 when the chain does not load or the request cannot be met.
    """
    from deliverychain.cli.files import fail, write_output
    from deliverychain.cli.output import echo_problems
    from deliverychain.drawing import RenderError
    from deliverychain.pipeline import check_file, display_name
    from deliverychain.pipeline import render as draw
    from deliverychain.rules.wording import count
    from deliverychain.usertext import shown_name

    chosen = _format(output, output_format)
    if output is None and chosen not in ("svg", "dot", "mmd"):
        fail(f"{chosen.upper()} is a binary format and needs an output file", f"add -o diagram.{chosen}")
    if depth is not None and focus is None and view_name is None:
        fail("--depth needs --focus", "for example: --focus icb --depth 2")
    result = check_file(file)
    if result.chain is None:
        echo_problems(result.problems)
        problems = count(len(result.problems), "problem")
        click.echo(f"{shown_name(display_name(file))}: {problems}; nothing drawn", err=True)
        raise SystemExit(exits.BAD_INPUT)
    try:
        with limits_in_force(limit_settings):
            data = draw(result.chain, format=chosen, view=view_name, findings=findings, tiers=tiers, focus=focus,
                        depth=depth, kinds=kinds, feedback_only=feedback_only, collapse=collapse,
                        min_severity=min_severity, engine=engine, dpi=dpi, page=page, style=style)
    except RenderError as error:
        fail(error.message, error.hint)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_output(output, data, [file])
    click.echo(f"{shown_name(display_name(file))}: drawn to {shown_name(output)}", err=True)


def _format(output: str | None, output_format: str | None) -> str:
    from deliverychain.cli.files import format_of

    return format_of(output, output_format, EXTENSIONS, "svg", "chain.svg")
