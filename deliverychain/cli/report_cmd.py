"""`chain report`: the board paper annex for one or more chains, in HTML, PDF or Word."""

from __future__ import annotations

import sys

import click

from deliverychain import exits
from deliverychain.cli.limit_option import limit_option, limits_in_force

#: Report formats by file extension.
EXTENSIONS = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
FORMATS = ("html", "pdf", "docx")


@click.command(
    epilog="""\b
Examples:
  chain report chains/cancer.yaml -o annex.html        one page, opens in any browser
  chain report chains/cancer.yaml -o annex.pdf         printed on A4 by Chromium or Chrome
  chain report chains/cancer.yaml -o annex.docx        Word, with real Word styles
  chain report chains/*.yaml -o review.html            several chains, with a comparison table
  chain report plan.yaml -o annex.docx --template house-style.docx
  chain report plan.yaml -o annex.html --template our-annex.html.j2

\b
The report opens with a delivery confidence rating of the chain's design (Green to Red,
by the rule in docs/report.md), then a summary, the findings in plain English, the diagram
with numbered markers, decisions recorded in the chain, and the evidence behind the ratings.
""",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@click.option("-o", "--output", metavar="OUT",
              help="Write here; the format follows the extension (.html, .pdf, .docx).")
@click.option("--format", "output_format", type=click.Choice(FORMATS),
              help="Report format (default: from OUT's extension, else html).")
@click.option("--template", metavar="FILE",
              help="Your own Jinja2 HTML template (for html and pdf), or a Word reference document (.docx) "
                   "whose styles the Word report uses.")
@click.option("--engine", type=click.Choice(["auto", "system", "wasm"]), default="auto", show_default=True,
              help="Graphviz for the diagram: a system 'dot' on PATH, or the WebAssembly build installed by pip.")
@click.option("--browser", metavar="PATH",
              help="Chromium, Chrome or Edge to print a PDF with (default: CHAIN_BROWSER, else found on PATH).")
@limit_option
def report(files: tuple[str, ...], output: str | None, output_format: str | None, template: str | None,
           engine: str, browser: str | None, limit_settings: dict[str, int]) -> None:
    """Write the board report of chain FILES: rating, summary, findings, diagram, evidence.

    Each file is first checked like `chain validate`; if any has problems they are listed
    and nothing is written. Exits 0 when written, 2 when a chain does not load or the
    report cannot be made as asked (an unreadable template, no browser to print a PDF).
    """
    from deliverychain.cli.files import fail, write_output
    from deliverychain.cli.output import echo_problems
    from deliverychain.drawing import RenderError
    from deliverychain.pipeline import check_file
    from deliverychain.reports.board.api import report as make_report
    from deliverychain.reports.board.errors import ReportError
    from deliverychain.rules.wording import count
    from deliverychain.usertext import shown_name

    chosen = _format(output, output_format)
    if output is None and chosen != "html":
        fail(f"{chosen.upper()} is a binary format and needs an output file", f"add -o annex.{chosen}")
    chains = []
    for file in files:
        result = check_file(file)
        if result.chain is None:
            echo_problems(result.problems)
            click.echo(f"{shown_name(file)}: {count(len(result.problems), 'problem')}; no report written", err=True)
            raise SystemExit(exits.BAD_INPUT)
        chains.append(result.chain)
    try:
        with limits_in_force(limit_settings):
            data = make_report(chains, chosen, template=template, engine=engine, browser=browser)
    except (ReportError, RenderError) as error:
        fail(error.message, error.hint)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    write_output(output, data, [*files, *([template] if template else [])])
    click.echo(f"{shown_name(output)}: board report written ({', '.join(map(shown_name, files))})", err=True)


def _format(output: str | None, output_format: str | None) -> str:
    from deliverychain.cli.files import format_of

    return format_of(output, output_format, EXTENSIONS, "html", "annex.html")
