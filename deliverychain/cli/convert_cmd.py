"""`chain convert`: the same chain in another format (YAML, JSON, a workbook, CSV files), or as
a network for other tools (GraphML, GEXF, Kumu, an edge list)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from deliverychain import exits


def _format_names() -> list[str]:
    from deliverychain.exports import FORMATS

    return list(FORMATS)


@click.command(
    epilog="""\b
Examples:
  chain convert plan.yaml plan.xlsx          a workbook to fill in with Excel
  chain convert plan.xlsx plan.yaml          and back
  chain convert plan.yaml plan-csv/          a folder of CSV files (actors.csv, links.csv...)
  chain convert plan.yaml plan.graphml       for yEd, Gephi or networkx
  chain convert plan.yaml plan.gexf          for Gephi
  chain convert plan.yaml plan.kumu.json     to open in Kumu
  chain convert plan.yaml links.csv          an edge list

\b
Formats, chosen by OUTPUT's ending (or --format):
  .yaml .yml   a chain file              .json        a chain file in JSON
  .xlsx        an Excel workbook         folder/      CSV files, one per sheet
  .graphml     GraphML                   .gexf        GEXF 1.3
  .kumu.json   a Kumu blueprint          .csv         an edge list
The first four hold the whole chain and convert back without loss (comments in a YAML
file are the one thing the others cannot hold: you are told when there are some).
""",
)
@click.argument("source", metavar="CHAIN", type=click.Path(dir_okay=True, path_type=str))
@click.argument("output", metavar="OUTPUT", type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "output_format", type=click.Choice(_format_names()),
              help="The output format, when OUTPUT's name does not say.")
@click.option("--force", is_flag=True, help="Replace OUTPUT if it exists.")
def convert(source: str, output: str, output_format: str | None, force: bool) -> None:
    """Write the chain in CHAIN (a chain file, a workbook or a folder of CSV files) to OUTPUT
    in another format.

    CHAIN must be valid (as `chain validate` checks it): exits 0 when written, 2 when CHAIN
    has problems or OUTPUT cannot be written.
    """
    from deliverychain.cli.output import echo_problems
    from deliverychain.exports import FORMATS, export
    from deliverychain.pipeline import check_file
    from deliverychain.usertext import shown_name

    chosen = FORMATS[output_format] if output_format else _format_of(output)
    result = check_file(source)
    if result.chain is None:
        echo_problems(result.problems)
        count = len(result.problems)
        click.echo(f"{shown_name(source)}: {count} problem{'s' if count != 1 else ''}; nothing converted", err=True)
        raise SystemExit(exits.BAD_INPUT)
    _check_target(source, output, chosen.folder, force)
    data = export(result.chain, chosen.name)
    if isinstance(data, dict):
        _write_folder(output, data, source)
    else:
        from deliverychain.cli.files import write_output

        write_output(output, data, [source])
    chain = result.chain
    click.echo(f"{shown_name(source)}: {len(chain.actors):,} actors and {len(chain.links):,} links written to "
               f"{shown_name(output)}: "
               f"{chosen.description}", err=True)
    _say_what_is_left_behind(result.text, source, output)


def _format_of(output: str):
    from deliverychain.cli.files import fail
    from deliverychain.exports import FORMATS, format_for_name

    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        return FORMATS["csv"]
    found = format_for_name(output)
    if found is None:
        fail(f"cannot tell the format of '{output}' from its name",
             "end it with .yaml, .json, .xlsx, .graphml, .gexf, .kumu.json or .csv, end it with '/' for a "
             "folder of CSV files, or give --format")
    return found


def _check_target(source: str, output: str, folder: bool, force: bool) -> None:
    from deliverychain.cli.files import fail

    target = Path(output)
    if not target.exists():
        return
    try:
        if os.path.samefile(source, target):
            fail(f"refusing to overwrite the input '{source}' with its own conversion", "choose another OUTPUT")
    except OSError:
        pass
    if folder:
        if not target.is_dir():
            fail(f"'{output}' is a file, not a folder", "give a folder for the CSV files, ending the name with '/'")
        from deliverychain.sheets.csvfolder import holds_csv_chain

        if holds_csv_chain(target) and not force:
            fail(f"'{output}' already holds a chain's CSV files; they were left as they are",
                 "choose another folder, or add --force to replace them")
    elif not force:
        fail(f"'{output}' already exists; it was left as it is", "choose another name, or add --force to replace it")


def _write_folder(output: str, files: dict[str, bytes], source: str) -> None:
    from deliverychain.cli.files import write_output

    folder = Path(output)
    try:
        folder.mkdir(exist_ok=True)
    except FileNotFoundError:
        from deliverychain.cli.files import fail

        fail(f"the folder '{folder.parent}' does not exist", "create it first, or choose another path")
    except OSError as error:
        from deliverychain.cli.files import fail

        fail(f"cannot make the folder '{output}': {error.strerror}")
    for name, data in files.items():
        write_output(str(folder / name), data, [source])


def _say_what_is_left_behind(text: str | None, source: str, output: str) -> None:
    """Comments are the one thing of a chain file that no other file keeps: say so."""
    from deliverychain.exports.chainfile import comment_lines
    from deliverychain.usertext import shown_name

    count = comment_lines(text) if text and not source.lower().endswith(".json") else 0
    if count:
        source, output = shown_name(source), shown_name(output)
        lines = f"{count:,} comment lines in {source} are" if count != 1 else f"comment line in {source} is"
        click.echo(f"note: the {lines} not in {output}: only the chain file keeps comments; keep it if you need them",
                   err=True)
