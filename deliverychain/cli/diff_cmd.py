from __future__ import annotations

from typing import TYPE_CHECKING

import click

from deliverychain import exits
from deliverychain.cli.limit_option import limit_option, limits_in_force

if TYPE_CHECKING:
    from deliverychain.diffing.compare import ChainDiff

FORMATS = ("text", "json", "markdown")
LEVELS = ("error", "warning", "info")


@click.command(
    epilog="""\b
Examples:
  chain diff old-plan.yaml plan.yaml
  chain diff --against main chains/plan.yaml        plan.yaml now, against the main branch
  chain diff git:HEAD~3:chains/plan.yaml chains/plan.yaml
  chain diff --against origin/main chains/plan.yaml --format markdown -o diff.md
  chain diff --against main chains/plan.yaml --fail-on-new warning     a gate for CI
  chain diff old.yaml new.yaml --render diff.svg    the new chain with the changes drawn on
\b
A side is a chain file, or git:REV:PATH for PATH as it was at git revision REV (a commit,
branch or tag; PATH relative to the current folder). Drafts are compared as models, not
text: reordering, layout and comments are not changes.
\b
Exit codes: 0 compared (whatever changed); 1 only with --fail-on-new, when the new draft
adds findings at or above that level; 2 a side could not be read as a chain (or git could
not read it), or the command was used wrongly.
""",
)
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="[NEW]", required=False)
@click.option("--against", metavar="REV",
              help="Compare the one file given with itself at git revision REV (a commit, branch or tag).")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people, json for tools, markdown for a pull-request comment.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write the diff to this file (atomically) instead of standard output.")
@click.option("--render", "diagram", metavar="FILE.svg", type=click.Path(dir_okay=False, path_type=str),
              help="Also draw the new chain with the changes marked on it (SVG): links added, changed and "
                   "removed, actors added and changed, findings new and resolved.")
@click.option("--engine", type=click.Choice(("auto", "system", "wasm")), default="auto", show_default=True,
              help="Graphviz for --render: a system 'dot' if there is one (auto), or the WebAssembly build.")
@click.option("--fail-on-new", type=click.Choice(LEVELS),
              help="Exit 1 when the new draft adds findings at or above this severity (findings already "
                   "there do not count), so an existing plan can adopt the audit as it stands.")
@limit_option
def diff(old: str, new: str | None, against: str | None, output_format: str, output: str | None,
         diagram: str | None, engine: str, fail_on_new: str | None, limit_settings: dict[str, int]) -> None:
    """What changed between two drafts of a chain, and what it did to the audit.

    Compares OLD with NEW: actors, links and sources added, removed, renamed and changed
    field by field; then the findings the redraft added, resolved and left, and whether the
    chain got better or worse at each severity.
    """
    import sys

    from deliverychain.findings import Severity

    old_spec, new_spec = _sides(old, new, against)
    if diagram is not None and not diagram.lower().endswith(".svg"):
        raise click.BadParameter(f"'{diagram}' is not an .svg file name: the diff diagram is drawn as SVG",
                                 param_hint="'--render'")
    result = _compare(old_spec, new_spec)
    level = Severity(fail_on_new) if fail_on_new else None
    colour = False
    if output_format == "text":
        from deliverychain.cli import output as terminal
        from deliverychain.diffing.text import render_text

        colour = output is None and terminal.use_colour(sys.stdout)
        text = render_text(result, colour=colour, fail_on_new=level)
    elif output_format == "json":
        from deliverychain.diffing.json_output import render_json

        text = render_json(result, fail_on_new=level)
    else:
        from deliverychain.diffing.markdown import render_markdown

        text = render_markdown(result, fail_on_new=level)
    files = [spec for spec in (old_spec, new_spec) if not spec.startswith("git:")]
    if output is None:
        click.echo(text, nl=False, color=True if colour else None)
    else:
        from deliverychain.cli.files import STDOUT_NAMES, write_output
        from deliverychain.usertext import shown_name

        write_output(output, text.encode("utf-8"), inputs=files)
        if output not in STDOUT_NAMES:
            click.echo(f"{shown_name(output)}: diff written", err=True)
    if diagram is not None:
        with limits_in_force(limit_settings):
            _draw(result, diagram, engine, files)
    failing = result.audit.added_at_or_above(level) if level is not None and result.audit else []
    raise SystemExit(exits.FINDINGS if failing else exits.CLEAN)


def _draw(result: ChainDiff, target: str, engine: str, inputs: list[str]) -> None:
    from deliverychain.cli.files import fail, write_output
    from deliverychain.diffing.diagram import render_diff_svg
    from deliverychain.drawing import RenderError
    from deliverychain.usertext import shown_name

    try:
        svg = render_diff_svg(result, engine=engine)
    except RenderError as error:
        fail(error.message, error.hint)
    write_output(target, svg, inputs=inputs)
    click.echo(f"{shown_name(target)}: diff diagram written", err=True)


def _sides(old: str, new: str | None, against: str | None) -> tuple[str, str]:
    from deliverychain.diffing.sides import at_revision

    if against is None:
        if new is None:
            raise click.UsageError("give two drafts, OLD and NEW, or one file with --against REV")
        return old, new
    if new is not None:
        raise click.UsageError("--against compares one file with itself at a revision: give one file, not two")
    if old.startswith("git:"):
        raise click.UsageError("with --against, give the file as it is now, not a git:REV:PATH")
    return at_revision(against, old), old


def _compare(old_spec: str, new_spec: str) -> ChainDiff:
    from deliverychain.cli.output import echo_problems
    from deliverychain.diffing.compare import Draft, compare_chains
    from deliverychain.diffing.sides import read_side
    from deliverychain.pipeline import audit
    from deliverychain.usertext import for_terminal

    drafts: list[Draft] = []
    unreadable = False
    for side, spec in (("old", old_spec), ("new", new_spec)):
        loaded = read_side(spec)
        if loaded.chain is None:
            echo_problems(loaded.problems)
            click.echo(f"error: the {side} side, '{for_terminal(spec)}', could not be read as a chain "
                       f"({len(loaded.problems)} problem{'s' if len(loaded.problems) != 1 else ''} above)", err=True)
            unreadable = True
            continue
        drafts.append(Draft(spec, loaded.chain, audit(loaded.chain)))
    if unreadable:
        raise SystemExit(exits.BAD_INPUT)
    return compare_chains(drafts[0], drafts[1])
