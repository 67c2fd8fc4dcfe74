from __future__ import annotations

import click


@click.command(
    epilog="""\b
Examples:
  chain schema > chain.schema.json
  chain schema -o .vscode/chain.schema.json
Then, first line of a chain file, for completion and inline errors in VS Code
(with the Red Hat YAML extension):
  # yaml-language-server: $schema=.vscode/chain.schema.json
""",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str),
              help="Write to this file instead of standard output.")
def schema(output: str | None) -> None:
    """Print the JSON Schema of the chain format (for editors and other validators)."""
    from deliverychain.model.schema import chain_schema_json

    text = chain_schema_json()
    if output is None:
        click.echo(text, nl=False)
        return
    from deliverychain.cli.files import write_output

    write_output(output, text.encode("utf-8"), inputs=())
