"""Printing helpers shared by the commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from deliverychain.findings import Finding
    from deliverychain.pipeline import LoadResult


def use_colour(stream: Any = None) -> bool:
    """Colour on a terminal only, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


def echo_problems(problems: Iterable[Finding]) -> None:
    """Load problems go to stderr, each with its code frame and hint."""
    from deliverychain.findings import capped
    from deliverychain.reports.problems import format_finding, plain

    style = click.style if use_colour() else plain
    for problem in capped(problems):
        click.echo(format_finding(problem, style) + "\n", err=True)


def problems_json(results: Sequence[tuple[str, LoadResult]]) -> str:
    from deliverychain.findings import capped
    from deliverychain.reports.json_report import finding_dict
    from deliverychain.reports.safe import dumps

    files = [
        {"file": file, "valid": result.chain is not None,
         "problems": [finding_dict(p) for p in capped(result.problems)]}
        for file, result in results
    ]
    return dumps({"version": 1, "files": files}).rstrip("\n")
