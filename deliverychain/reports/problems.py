"""Plain-text display of one finding with its code frame: shared by `validate` and `audit`."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from deliverychain.codeframe import code_frame
from deliverychain.findings import Finding, Location, Severity
from deliverychain.reports.cellframe import cell_frame
from deliverychain.reports.safe import visible
from deliverychain.reports.sourcelines import lines_of
from deliverychain.usertext import shown_name

Style = Callable[..., str]

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def plain(text: str, **_: object) -> str:
    return text


def place(location: Location) -> str:
    """`file:line:col` (or `file:Sheet!C14` in a spreadsheet), the file name shown safely
    (`usertext.shown_name`) and a sheet's name with its hidden characters shown."""
    where = f"{location.line}:{location.column}" if location.cell is None else visible(location.cell)
    return f"{shown_name(location.file)}:{where}"


def format_finding(
    finding: Finding,
    style: Style = plain,
    frame: bool = True,
    names: Mapping[str, str] | None = None,
    with_name: bool = False,
) -> str:
    """`file:line:col: error[DC006] message`, the code frame, then notes, route, hint, and why it is accepted.

    `names` maps actor ids to names so a route reads in the users' words; `with_name` adds
    the rule name after its id (the audit report does, validate keeps it short).
    """
    where = f"{place(finding.location)}: " if finding.location else ""
    label = f"{finding.rule_id} {finding.rule_name}" if with_name else finding.rule_id
    head = style(f"{finding.severity.value}[{label}]", fg=COLOURS[finding.severity], bold=True)
    parts = [f"{style(where, bold=True)}{head} {visible(finding.message)}"]
    if frame and finding.location:
        location = finding.location
        snippet = cell_frame(location) if location.sheet is not None else code_frame(lines_of(location.file), location)
        if snippet:
            parts.append(style(snippet, dim=True))
    for related in finding.related:
        parts.append(f"    note: {place(related.location)}: {visible(related.message)}")
    if finding.trace:
        steps = [names.get(step, step) if names else step for step in finding.trace]
        parts.append(f"    route: {visible(' -> '.join(steps))}")
    if finding.hint:
        parts.append(style(f"    hint: {visible(finding.hint)}", fg="green"))
    if finding.suppressed:
        parts.append(f"    accepted: {visible(finding.suppressed)}")
    return "\n".join(parts)
