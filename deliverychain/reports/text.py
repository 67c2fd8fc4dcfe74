"""The audit report for people: grouped by file, then severity; code frames; a plain summary.

Colour only when asked (the CLI asks when writing to a terminal), so piped or saved
reports carry no escape codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from deliverychain.findings import Finding, Severity
from deliverychain.reports.problems import COLOURS, Style, format_finding, plain
from deliverychain.reports.run import SEVERITIES, FileResult, RunReport, count_by_severity, plural
from deliverychain.reports.safe import visible

if TYPE_CHECKING:
    from deliverychain.rules.base import Rule

_HEADINGS = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Info"}


def render_text(run: RunReport, colour: bool = False) -> str:
    style: Style = click.style if colour else plain
    blocks = [_file_section(run, result, style) for result in run.files]
    if len(run.files) > 1:
        blocks.append(_totals(run))
    blocks.append(_result_line(run, style))
    return "\n\n".join(blocks) + "\n"


def _file_section(run: RunReport, result: FileResult, style: Style) -> str:
    chain = result.chain
    if chain is None:
        title = f"{visible(result.file)}: could not be read as a chain, so it was not audited"
    else:
        size = f"{plural(len(chain.actors), 'actor')}, {plural(len(chain.links), 'link')}"
        title = f"{visible(result.file)}: {visible(chain.chain.title)} ({size})"
    parts = [style(title, bold=True, underline=True)]
    names = {a.id: a.name for a in chain.actors} if chain else {}
    active = result.active
    if not active and chain is not None:
        parts.append("No findings.")
    for severity in SEVERITIES:
        group = [f for f in active if f.severity is severity]
        if group:
            heading = style(f"{_HEADINGS[severity]} ({len(group)})", fg=COLOURS[severity], bold=True)
            parts.append(heading)
            parts.extend(format_finding(f, style, names=names, with_name=True) for f in group)
    if result.suppressed:
        parts.append(style(f"Accepted in the chain's ignore list ({len(result.suppressed)})", bold=True))
        parts.append("\n".join(_accepted_line(f) for f in result.suppressed))
    if chain is None:
        parts.append("Fix these problems first; `chain validate` checks the file on its own.")
    else:
        parts.append(_file_summary(run, result))
    return "\n\n".join(parts)


def _accepted_line(finding: Finding) -> str:
    where = f"{visible(str(finding.location))}: " if finding.location else ""
    return (f"{where}{finding.severity.value}[{finding.rule_id} {finding.rule_name}] {visible(finding.message)}\n"
            f"    reason: {visible(finding.suppressed or '')}")


def _rule_list(rules: Sequence[Rule]) -> str:
    return ", ".join(r.id for r in rules)


def _file_summary(run: RunReport, result: FileResult) -> str:
    outcome = run.outcomes(result)
    pieces = [f"{len(outcome.passed)} passed"]
    if outcome.failed:
        pieces.append(f"{len(outcome.failed)} found problems ({_rule_list(outcome.failed)})")
    if outcome.accepted:
        pieces.append(f"{len(outcome.accepted)} found only accepted findings ({_rule_list(outcome.accepted)})")
    checked = f"Checked {plural(outcome.checked, 'rule')}: {', '.join(pieces)}."
    return f"{checked}\n{_counts_sentence(result.active, len(result.suppressed))}"


def _counts_sentence(active: list[Finding], suppressed: int) -> str:
    counts = count_by_severity(active)
    found = (f"Found {plural(counts[Severity.ERROR], 'error')}, {plural(counts[Severity.WARNING], 'warning')} "
             f"and {counts[Severity.INFO]} info")
    return f"{found}; {plural(suppressed, 'finding')} accepted." if suppressed else f"{found}."


def _totals(run: RunReport) -> str:
    outcome = run.outcomes()
    audited = len(run.files) - len(run.unloaded)
    lines = [f"Total for {plural(len(run.files), 'file')} ({audited} audited, {len(run.unloaded)} not readable):"]
    if audited:
        lines.append(f"Checked {plural(outcome.checked, 'rule')}: {len(outcome.passed)} passed everywhere, "
                     f"{len(outcome.failed)} found problems, {len(outcome.accepted)} found only accepted findings.")
    lines.append(_counts_sentence(run.active, len(run.suppressed)))
    return "\n".join(lines)


def _result_line(run: RunReport, style: Style) -> str:
    level = run.fail_on.value
    if run.unloaded:
        if len(run.unloaded) == len(run.files):
            text = "Result: NOT AUDITED: the file could not be read as a chain (problems above)."
            if len(run.files) > 1:
                text = "Result: NOT AUDITED: no file could be read as a chain (problems above)."
        else:
            text = (f"Result: INCOMPLETE: {len(run.unloaded)} of {len(run.files)} files could not be read "
                    "as a chain (problems above).")
        return style(text, fg="red", bold=True)
    failing = run.failing
    if failing:
        text = f"Result: FAIL: {plural(len(failing), 'finding')} at or above {level} level (--fail-on {level})."
        return style(text, fg="red", bold=True)
    if not run.active:
        return style("Result: PASS: no findings.", fg="green", bold=True)
    counts = count_by_severity(run.active)
    rest = ", ".join(plural(n, s.value) if s is not Severity.INFO else f"{n} info"
                     for s, n in counts.items() if n)
    threshold = "--fail-on never" if level == "never" else f"nothing at or above {level} level"
    return style(f"Result: PASS ({threshold}); still worth reading: {rest}.", fg="green", bold=True)
