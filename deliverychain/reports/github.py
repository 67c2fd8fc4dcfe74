"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request.

    ::error file=chains/cancer.yaml,line=12,col=5,title=DC201 numbers-only-feedback::message

GitHub reads these from the job log, so every value is escaped as its runner does:
'%', CR and LF in the message; additionally ':' and ',' in properties. A name from the
chain file therefore cannot end the annotation early or start a new workflow command.
Accepted (ignored) findings and findings below --min-severity are not annotated; a plain
summary line, counting every finding, ends the output.
"""

from __future__ import annotations

import os

from deliverychain.findings import Finding, Severity
from deliverychain.reports.run import RunReport, count_by_severity, plural, severity_count
from deliverychain.reports.safe import visible

_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def repo_path(file: str) -> str:
    """The path GitHub matches against the checkout: relative to the working directory, '/'-separated."""
    cwd, absolute = os.getcwd(), os.path.abspath(file)
    inside = absolute.startswith(cwd.rstrip(os.sep) + os.sep)
    return visible((os.path.relpath(absolute, cwd) if inside else file).replace(os.sep, "/"))


def annotation(finding: Finding) -> str:
    properties: list[tuple[str, str]] = []
    location = finding.location
    if location is not None:
        properties += [("file", repo_path(location.file)), ("line", str(location.line)), ("col", str(location.column))]
        if location.end_line is not None and location.end_column is not None and location.end_line == location.line:
            properties += [("endColumn", str(location.end_column))]
    properties.append(("title", f"{finding.rule_id} {finding.rule_name}"))
    text = visible(finding.message, newline="\n")
    if location is not None and location.cell is not None:  # GitHub shows no spreadsheet: name the cell
        text = f"{visible(location.cell)}: {text}"
    if finding.trace:
        text += "\nRoute: " + visible(" -> ".join(finding.trace))
    if finding.hint:
        text += "\nHint: " + visible(finding.hint, newline="\n")
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{_COMMANDS[finding.severity]} {props}::{escape_data(text)}"


def render_github(run: RunReport) -> str:
    lines = [annotation(f) for f in run.listed(run.active)]
    counts = count_by_severity(run.active)
    summary = ", ".join([f"deliverychain: {plural(len(run.files), 'file')}",
                         *(severity_count(n, severity) for severity, n in counts.items()),
                         f"{len(run.suppressed):,} accepted"])
    unlisted = run.unlisted(run.active)
    if unlisted:
        summary += f", {len(unlisted):,} below --min-severity {run.min_severity.value} not annotated"
    lines.append(f"{summary}; fail level {run.fail_on.value}; exit code {run.exit_code}")
    return "\n".join(lines) + "\n"
