"""Output files for the CLI: atomic, never over an input, clear errors otherwise."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import click

from deliverychain import exits
from deliverychain.atomic import OutputError, explain
from deliverychain.atomic import write_output as write_safely

#: Output names that mean standard output.
STDOUT_NAMES = ("-", "/dev/stdout")


def fail(message: str, hint: str = "") -> None:
    """Exit 2 with the message and hint on standard error, each on one line whatever file
    names they quote (`usertext.for_terminal`)."""
    from deliverychain.usertext import for_terminal

    click.echo(f"error: {for_terminal(message)}", err=True)
    if hint:
        click.echo(f"  hint: {for_terminal(hint)}", err=True)
    raise SystemExit(exits.BAD_INPUT)


def write_output(output: str, data: bytes, inputs: Iterable[str]) -> None:
    """Write an output the user named: '-' is standard output; never over an input file."""
    if output in STDOUT_NAMES:
        stream = click.get_binary_stream("stdout")
        stream.write(data)
        stream.flush()
        return
    try:
        _check_target(Path(output), inputs)
        write_safely(output, data)
    except OutputError as error:
        fail(error.message, error.hint)
    except OSError as error:  # a name the system refuses to even look up (too long, ...)
        problem = explain(output, error)
        fail(problem.message, problem.hint)


def _check_target(target: Path, inputs: Iterable[str]) -> None:
    output = os.fsdecode(target)
    for source in inputs:
        try:
            if target.exists() and os.path.samefile(source, target):
                fail(f"refusing to overwrite the input file '{source}' with output",
                     "choose another output file name")
        except OSError:
            pass
    if target.is_dir():
        fail(f"'{output}' is a folder", f"give a file name, for example '{target / 'chain.svg'}'")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        fail(f"the folder '{parent}' does not exist", "create it first, or choose another path")
    if target.is_file() and not os.access(target, os.W_OK):
        # replacing the file would succeed (the folder is writable), but a read-only file
        # is its owner saying "keep this": say so rather than replace it
        fail(f"no permission to write '{output}': the file is read-only",
             "make it writable, or choose another output file name")


def format_of(output: str | None, chosen: str | None, extensions: dict[str, str], default: str, example: str) -> str:
    """The output format: `--format` if given, else OUT's extension, else `default` (standard output).

    An extension that names no format is exit 2 with the ones that do; so is a folder.
    `extensions` maps a suffix ('.svg') to its format; `example` is a file name for hints.
    """
    if chosen:
        return chosen
    if output is None:
        return default
    suffix = Path(output).suffix.lower()
    if suffix in extensions:
        return extensions[suffix]
    if Path(output).is_dir():
        fail(f"'{output}' is a folder", f"give a file name, for example '{Path(output) / example}'")
    suffixes = list(dict.fromkeys(extensions))
    formats = list(dict.fromkeys(extensions.values()))
    fail(f"cannot tell the format of '{output}' from its extension",
         f"use {', '.join(suffixes[:-1])} or {suffixes[-1]}, or give --format ({', '.join(formats)})")
    raise AssertionError  # fail() does not return
