"""The `chain` command. Subcommands are imported only when used, so start-up stays light."""

from __future__ import annotations

import importlib

import click

from deliverychain import __version__, exits

#: name -> "module:attribute"; the one list of subcommands.
COMMANDS = {
    "init": "deliverychain.cli.init_cmd:init",
    "validate": "deliverychain.cli.validate:validate",
    "audit": "deliverychain.cli.audit_cmd:audit",
    "render": "deliverychain.cli.render_cmd:render",
    "report": "deliverychain.cli.report_cmd:report",
    "convert": "deliverychain.cli.convert_cmd:convert",
    "rules": "deliverychain.cli.rules_cmd:rules",
    "explain": "deliverychain.cli.rules_cmd:explain",
    "schema": "deliverychain.cli.schema_cmd:schema",
    "diff": "deliverychain.cli.diff_cmd:diff",
    "watch": "deliverychain.cli.watch_cmd:watch",
}
#: Other names for a command; `chain --help` lists only the names above.
ALIASES = {"serve": "watch"}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(ALIASES.get(cmd_name, cmd_name))
        if target is None:
            return None
        module, attribute = target.split(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  chain init my-plan.yaml            write a commented template
  chain validate my-plan.yaml        check the file, with line and column for every problem
  chain audit my-plan.yaml           find missing links, numbers-only feedback, weak links
  chain render my-plan.yaml -o my-plan.pdf
  chain convert my-plan.yaml my.xlsx the same chain as an Excel workbook (and back)
  chain explain DC201                what a rule checks and how to fix it
""",
)
@click.version_option(__version__, "-V", "--version", prog_name="chain")
def main() -> None:
    """Model and audit policy-to-practice delivery chains.

    A chain file (YAML, or an Excel workbook) declares the actors from minister to front line and the links
    between them. `chain` checks the file, audits the chain for the gaps the delivery
    literature warns about, and draws it for a board paper.
    """


def run(args: list[str] | None = None) -> None:
    """Console entry point: bad input never shows a traceback; a bug says how to report it."""
    import os
    import sys

    os.environ.setdefault("DELIVERYCHAIN_ONE_SHOT", "1")
    try:
        # Not click's standalone mode: it would turn Ctrl-C into exit 1, which means findings.
        main.main(args=args, prog_name="chain", standalone_mode=False)
    except click.exceptions.Exit as done:  # --help, --version
        sys.exit(done.exit_code)
    except click.ClickException as usage:  # bad option or argument: exit 2 with click's message
        usage.show()
        sys.exit(usage.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("chain: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:  # `chain audit ... | head`
        sys.stderr.close()
        sys.exit(exits.CLEAN)
    except Exception as error:
        from deliverychain.limits import LimitSettingError
        from deliverychain.usertext import for_terminal

        if isinstance(error, LimitSettingError):  # DELIVERYCHAIN_LIMIT_* set to something that is not a limit
            click.echo(f"error: {for_terminal(error.message)}\n  hint: {for_terminal(error.hint)}", err=True)
            sys.exit(exits.BAD_INPUT)
        if os.environ.get("CHAIN_DEBUG"):
            raise
        click.echo(f"chain: internal error: {type(error).__name__}: {for_terminal(str(error))}", err=True)
        click.echo("  This is a bug in deliverychain, not in your file. Please report it with the "
                   "command you ran; set CHAIN_DEBUG=1 to see the details.", err=True)
        sys.exit(exits.INTERNAL)
