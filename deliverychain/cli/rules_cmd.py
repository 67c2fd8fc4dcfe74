from __future__ import annotations

import click


@click.command(
    epilog="""\b
Examples:
  chain rules
  chain rules --format json
  chain rules --format markdown > docs/reference/rules.md
  chain explain DC201                the full documentation of one rule
""",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="text: a table; json: every field; markdown: full documentation.")
def rules(output_format: str) -> None:
    """List every rule: id, name, default severity and what it checks.

    DC0xx rules are about the file itself (reported by `chain validate` too), DC1xx-DC3xx
    audit the chain, DC9xx keep the chain's ignore list honest.
    """
    from deliverychain.reports.rulelist import rules_json, rules_markdown, rules_table
    from deliverychain.rules.registry import all_rules

    every = all_rules()
    if output_format == "text":
        click.echo(rules_table(every, width=terminal_width()), nl=False)
        return
    renderers = {"json": rules_json, "markdown": rules_markdown}
    click.echo(renderers[output_format](every), nl=False)


def terminal_width() -> int:
    """Columns to wrap to: the terminal's (COLUMNS wins, as everywhere), else 100 when piped."""
    import shutil

    return max(shutil.get_terminal_size((100, 24)).columns - 1, 20)


@click.command(
    epilog="""\b
Examples:
  chain explain DC201
  chain explain numbers-only-feedback
  chain explain DC201 --format markdown
""",
)
@click.argument("rule")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True, help="How to print the documentation.")
def explain(rule: str, output_format: str) -> None:
    """Explain RULE (an id such as DC201, or a name): what it checks, why it matters,
    a failing example, how to fix it, and the NAO question it asks."""
    from deliverychain.cli.files import fail
    from deliverychain.reports.ruledoc import rule_markdown, rule_text
    from deliverychain.rules.registry import all_rules, rule_by_id
    from deliverychain.suggest import did_you_mean

    found = rule_by_id(rule.strip())
    if found is None:
        candidates = [r.id for r in all_rules()] + [r.name for r in all_rules()]
        fail(f"no rule '{rule}'", did_you_mean(rule, candidates) or "`chain rules` lists every rule")
        return
    if output_format == "text":
        click.echo(rule_text(found, width=min(88, terminal_width())), nl=False)
    else:
        click.echo(rule_markdown(found, level=1), nl=False)
