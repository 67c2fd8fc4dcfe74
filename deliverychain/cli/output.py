"""Printing helpers shared by the commands."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from deliverychain.findings import Finding
    from deliverychain.loader import LoadResult


def use_colour(stream: Any = None) -> bool:
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


def echo_problems(problems: Iterable[Finding]) -> None:
    """Load problems go to stderr, each with its code frame and hint."""
    from deliverychain.reports.problems import format_finding, plain

    style = click.style if use_colour() else plain
    for problem in problems:
        click.echo(format_finding(problem, style) + "\n", err=True)


def finding_dict(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    data: dict[str, Any] = {
        "rule": finding.rule_id,
        "name": finding.rule_name,
        "severity": finding.severity.value,
        "message": finding.message,
        "subject": finding.subject,
        "file": loc.file if loc else None,
        "line": loc.line if loc else None,
        "column": loc.column if loc else None,
        "hint": finding.hint,
        "fingerprint": finding.fingerprint,
    }
    if finding.related:
        data["related"] = [
            {"file": r.location.file, "line": r.location.line, "column": r.location.column, "message": r.message}
            for r in finding.related
        ]
    if finding.trace:
        data["trace"] = list(finding.trace)
    if finding.suppressed is not None:
        data["suppressed"] = finding.suppressed
    return data


def problems_json(results: Sequence[tuple[str, LoadResult]]) -> str:
    files = [
        {"file": file, "valid": result.chain is not None,
         "problems": [finding_dict(p) for p in result.problems]}
        for file, result in results
    ]
    return json.dumps({"version": 1, "files": files}, indent=2, ensure_ascii=False)
