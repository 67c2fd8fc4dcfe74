"""Output files for the CLI: atomic, never over an input, clear errors otherwise."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import click

from deliverychain.atomic import write_atomic
from deliverychain.cli import exits


def fail(message: str, hint: str = "") -> None:
    click.echo(f"error: {message}", err=True)
    if hint:
        click.echo(f"  hint: {hint}", err=True)
    raise SystemExit(exits.BAD_INPUT)


def write_output(output: str, data: bytes, inputs: Iterable[str]) -> None:
    target = Path(output)
    for source in inputs:
        try:
            if target.exists() and os.path.samefile(source, target):
                fail(f"refusing to overwrite the input file '{source}' with output",
                     "choose another output file name")
        except OSError:
            pass
    if target.is_dir():
        fail(f"'{output}' is a folder", "give a file name, for example "
             f"'{target / 'chain.svg'}'")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        fail(f"the folder '{parent}' does not exist", "create it first, or choose another path")
    if target.exists() and not os.access(target, os.W_OK):
        # replacing the file would succeed (the folder is writable), but a read-only file
        # is its owner saying "keep this": say so rather than replace it
        fail(f"no permission to write '{output}': the file is read-only",
             "make it writable, or choose another output file name")
    try:
        write_atomic(target, data)
    except PermissionError:
        fail(f"no permission to write '{output}'", "choose a folder you can write to")
    except OSError as error:
        # strerror is the system's own words ("No space left on device"); some OSErrors have none
        fail(f"cannot write '{output}'" + (f": {error.strerror}" if error.strerror else ""))
