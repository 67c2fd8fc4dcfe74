"""Plain-text display of findings with code frames: shared by `validate` and `audit`."""

from __future__ import annotations

from collections.abc import Callable

from deliverychain.codeframe import code_frame
from deliverychain.findings import Finding, Severity
from deliverychain.reports.sourcelines import lines_of

Style = Callable[..., str]

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def plain(text: str, **_: object) -> str:
    return text


def format_finding(finding: Finding, style: Style = plain, frame: bool = True) -> str:
    where = f"{finding.location}: " if finding.location else ""
    head = style(f"{finding.severity.value}[{finding.rule_id}]", fg=_COLOURS[finding.severity], bold=True)
    parts = [f"{style(where, bold=True)}{head} {finding.message}"]
    if frame and finding.location:
        snippet = code_frame(lines_of(finding.location.file), finding.location)
        if snippet:
            parts.append(style(snippet, dim=True))
    for related in finding.related:
        parts.append(f"    note: {related.location}: {related.message}")
    if finding.trace:
        parts.append(f"    route: {' -> '.join(finding.trace)}")
    if finding.hint:
        parts.append(style(f"    hint: {finding.hint}", fg="green"))
    if finding.suppressed:
        parts.append(f"    ignored: {finding.suppressed}")
    return "\n".join(parts)
