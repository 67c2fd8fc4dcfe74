from __future__ import annotations

import click

from deliverychain import exits
from deliverychain.cli.limit_option import limit_option, limits_in_force


@click.command(
    epilog="""\b
Examples:
  chain validate chains/cancer.yaml
  chain validate chains/*.yaml
  chain validate --format json my-plan.yaml
  chain validate - < my-plan.yaml              read the chain from standard input
""",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, path_type=str))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="How to print problems.")
@limit_option
def validate(files: tuple[str, ...], output_format: str, limit_settings: dict[str, int]) -> None:
    """Check chain FILES against the format: every problem, with line and column.

    A FILE of - is standard input. Exits 0 when every file is valid, 2 when any is not.
    """
    from deliverychain.cli.output import echo_problems, problems_json
    from deliverychain.pipeline import check_file, display_name
    from deliverychain.reading.problems import YAML_SYNTAX
    from deliverychain.rules.wording import count
    from deliverychain.usertext import shown_name

    with limits_in_force(limit_settings):
        results = [(display_name(file), check_file(file)) for file in files]
        if output_format == "json":
            click.echo(problems_json(results))
        else:
            for file, result in results:
                if result.chain is None:
                    echo_problems(result.problems)
                    # After a YAML syntax error the reading stopped: later problems are not known yet.
                    stopped = any(problem.rule_id == YAML_SYNTAX.id for problem in result.problems)
                    after = "; the YAML could not be read past it: fix it, then run again to check the rest" \
                        if stopped else ""
                    click.echo(f"{shown_name(file)}: {count(len(result.problems), 'problem')}{after}", err=True)
                else:
                    chain = result.chain
                    click.echo(f"{shown_name(file)}: valid ({count(len(chain.actors), 'actor')}, "
                               f"{count(len(chain.links), 'link')}, {count(len(chain.sources), 'source')})")
        if any(result.chain is None for _, result in results):
            raise SystemExit(exits.BAD_INPUT)
