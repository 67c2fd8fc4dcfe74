from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from deliverychain.reports.run import RunReport

FORMATS = ("text", "json", "markdown", "sarif", "github")
FAIL_LEVELS = ("error", "warning", "info", "never")


def _rule_patterns(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """Split 'DC1,DC201' and repeated options; every pattern must name or prefix a rule.

    Checked against the registry's names alone: no rule is imported for it."""
    from deliverychain.rules.registry import all_rules, is_known_pattern
    from deliverychain.suggest import did_you_mean

    patterns = tuple(p.strip() for value in values for p in value.split(",") if p.strip())
    for pattern in patterns:
        if not is_known_pattern(pattern):
            rules = all_rules()
            suggestion = did_you_mean(pattern, [r.id for r in rules] + [r.name for r in rules])
            raise click.BadParameter(
                f"'{pattern}' is not a rule id, id prefix (such as DC2) or rule name"
                + (f"; {suggestion}" if suggestion else "; `chain rules` lists them"),
                ctx=ctx, param=param,
            )
    return patterns


@click.command(
    epilog="""\b
Examples:
  chain audit chains/cancer.yaml
  chain audit chains/*.yaml --fail-on warning
  chain audit my-plan.yaml --format markdown -o audit.md      a table for a board paper
  chain audit my-plan.yaml --format sarif -o audit.sarif      for GitHub code scanning
  chain audit my-plan.yaml --format github                    annotations in GitHub Actions
  chain audit my-plan.yaml --select DC2 --ignore DC203        feedback rules, except DC203
  chain audit - < my-plan.yaml                                 read the chain from standard input
\b
Exit codes: 0 nothing at or above the --fail-on level; 1 findings at or above it;
2 a file could not be read as a chain, or the command was used wrongly.
Findings can be accepted in the chain file itself, with a reason, under `ignore:`.
""",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Report format: text for people, json for tools, markdown for a board paper, "
                   "sarif for code scanning, github for Actions annotations.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write the report to this file (atomically) instead of standard output.")
@click.option("--select", multiple=True, metavar="RULES", callback=_rule_patterns,
              help="Only these rules: ids, id prefixes (DC2) or names; repeat or separate with commas.")
@click.option("--ignore", multiple=True, metavar="RULES", callback=_rule_patterns,
              help="Leave these rules out (wins over --select); same forms as --select.")
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default="error", show_default=True,
              help="Exit 1 when an unaccepted finding is at or above this severity.")
def audit(files: tuple[str, ...], output_format: str, output: str | None,
          select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str) -> None:
    """Audit chain FILES: missing links, numbers-only feedback, weak relationships.

    Each file is first checked like `chain validate`; a file with format problems is
    reported with them and not audited. Several files give one combined report. A FILE of
    - is standard input.
    """
    import sys

    from deliverychain.pipeline import audit_files, report
    from deliverychain.reports.run import FailOn

    run = audit_files(files, select, ignore, FailOn(fail_on))
    colour = False
    if output_format == "text":
        from deliverychain.cli import output as terminal

        colour = output is None and terminal.use_colour(sys.stdout)
        text = report(run, "text", colour=colour)
    else:
        text = report(run, output_format)
    if output is None:
        click.echo(text, nl=False, color=True if colour else None)
    else:
        from deliverychain.cli.files import write_output

        write_output(output, text.encode("utf-8"), inputs=files)
        click.echo(f"{output}: report written ({_short_result(run)})", err=True)
    raise SystemExit(run.exit_code)


def _short_result(run: RunReport) -> str:
    from deliverychain.reports.run import plural

    if run.unloaded:
        return f"{plural(len(run.unloaded), 'file')} could not be read"
    failing = plural(len(run.failing), "finding")
    return f"{plural(len(run.active), 'finding')}, {failing} at or above {run.fail_on.value}"
