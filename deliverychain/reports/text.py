"""The audit report for people: grouped by file, then severity; code frames; a plain summary.

Colour only when asked (the CLI asks when writing to a terminal), so piped or saved
reports carry no escape codes.

Repeated informational findings fold as the analysers fold at scale: past FOLD_AT findings
of one rule in one file, the first is shown in full and the others one line each. Accepted
findings are counted unless `show_accepted` asks for them in full; `summary` gives one
line per rule instead of each finding.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import click

from deliverychain.findings import Finding, Severity
from deliverychain.reports.problems import COLOURS, Style, format_finding, plain
from deliverychain.reports.run import SEVERITIES, FileResult, RunReport, counts_phrase, plural, verb
from deliverychain.reports.safe import visible
from deliverychain.rules.wording import join_names
from deliverychain.usertext import shown_name

if TYPE_CHECKING:
    from deliverychain.rules.base import Rule

_HEADINGS = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Info"}
#: More informational findings of one rule in one file than this fold into one block. Lower
#: than the analysers' threshold (analysis.folding): they merge places into one finding,
#: while this fold keeps every place on its line and drops only repeated frames and hints.
FOLD_AT = 3
#: A folded group lists this many places one line each; JSON and Markdown list them all.
FOLDED_LINES = 20


def render_text(run: RunReport, colour: bool = False, summary: bool = False, show_accepted: bool = False) -> str:
    style: Style = click.style if colour else plain
    blocks = [_file_section(run, result, style, summary, show_accepted) for result in run.files]
    if len(run.files) > 1:
        blocks.append(_totals(run))
    blocks.append(_result_line(run, style))
    return "\n\n".join(blocks) + "\n"


def _file_section(run: RunReport, result: FileResult, style: Style, summary: bool, show_accepted: bool) -> str:
    chain = result.chain
    if chain is None:
        title = f"{shown_name(result.file)}: could not be read as a chain, so it was not audited"
    else:
        size = f"{plural(len(chain.actors), 'actor')}, {plural(len(chain.links), 'link')}"
        title = f"{shown_name(result.file)}: {visible(chain.chain.title)} ({size})"
    parts = [style(title, bold=True, underline=True)]
    names = {a.id: a.name for a in chain.actors} if chain else {}
    active = result.active
    listed = run.listed(active)
    if not active and chain is not None:
        parts.append("No findings.")
    if summary and listed:
        parts.append(_rule_lines(listed, style))
    elif listed:
        for severity in SEVERITIES:
            group = [f for f in listed if f.severity is severity]
            if group:
                heading = style(f"{_HEADINGS[severity]} ({len(group)})", fg=COLOURS[severity], bold=True)
                parts.append(heading)
                parts.extend(_finding_blocks(group, style, names))
    unlisted = run.unlisted(active)
    if unlisted:
        parts.append(f"Not listed: {counts_phrase(unlisted)} below --min-severity {run.min_severity.value}.")
    if result.suppressed:
        parts.append(_accepted(run, result.suppressed, style, names, show_accepted and not summary))
    if chain is None:
        parts.append("Fix these problems first; `chain validate` checks the file on its own.")
    else:
        parts.append(_file_summary(run, result))
    return "\n\n".join(parts)


def _finding_blocks(group: list[Finding], style: Style, names: Mapping[str, str]) -> list[str]:
    """Each finding with its frame; informational findings of one rule folded past FOLD_AT."""
    per_rule = Counter(f.rule_id for f in group)
    blocks = []
    folded: set[str] = set()
    for finding in group:
        rule = finding.rule_id
        if finding.severity is not Severity.INFO or per_rule[rule] <= FOLD_AT:
            blocks.append(format_finding(finding, style, names=names, with_name=True))
        elif rule not in folded:
            folded.add(rule)
            blocks.append(_folded([f for f in group if f.rule_id == rule], style, names))
    return blocks


def _folded(alike: list[Finding], style: Style, names: Mapping[str, str]) -> str:
    first, rest = alike[0], alike[1:]
    lines = [format_finding(first, style, names=names, with_name=True),
             f"    {len(rest):,} more like this one ({first.rule_id} {first.rule_name}):"]
    lines += [f"      {_where(f)}{visible(f.message)}" for f in rest[:FOLDED_LINES]]
    if len(rest) > FOLDED_LINES:
        lines.append(f"      and {len(rest) - FOLDED_LINES:,} more: `--format json` or `--format markdown` "
                     "lists every finding")
    return "\n".join(lines)


def _where(finding: Finding) -> str:
    return f"{visible(str(finding.location))}: " if finding.location else ""


def _rule_lines(findings: list[Finding], style: Style) -> str:
    """`--summary`: one line per rule, the most severe first: severity, rule, count, first place."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)
    groups = sorted(by_rule.values(), key=lambda fs: (-max(f.severity.rank for f in fs), fs[0].rule_id))
    width = max(len(f"{fs[0].rule_id} {fs[0].rule_name}") for fs in groups)
    lines = []
    for alike in groups:
        worst = max(alike, key=lambda f: f.severity.rank).severity
        label = f"{alike[0].rule_id} {alike[0].rule_name}".ljust(width)
        found = plural(len(alike), "finding")
        if len({f.severity for f in alike}) > 1:
            found += f" ({counts_phrase(alike)})"
        location = alike[0].location
        if location is not None:
            found += f", {'first ' if len(alike) > 1 else ''}at line {location.line}"
        lines.append(f"  {style(worst.value.ljust(7), fg=COLOURS[worst], bold=True)}  {label}  {found}")
    return "\n".join(lines)


def _accepted(run: RunReport, suppressed: list[Finding], style: Style, names: Mapping[str, str],
              in_full: bool) -> str:
    if not in_full:
        rules = join_names(sorted({f.rule_id for f in suppressed}), limit=len(suppressed))
        them = "it with its reason" if len(suppressed) == 1 else "them with their reasons"
        return (f"Accepted in the chain's ignore list: {plural(len(suppressed), 'finding')} of {rules}; "
                f"`--show-accepted` lists {them}.")
    parts = [style(f"Accepted in the chain's ignore list ({len(suppressed)})", bold=True)]
    parts += [format_finding(f, style, names=names, with_name=True) for f in run.listed(suppressed)]
    unlisted = run.unlisted(suppressed)
    if unlisted:
        parts.append(f"Not listed: {counts_phrase(unlisted)} below --min-severity {run.min_severity.value}.")
    return "\n\n".join(parts)


def _rule_list(rules: Sequence[Rule]) -> str:
    return ", ".join(r.id for r in rules)


def _file_summary(run: RunReport, result: FileResult) -> str:
    outcome = run.outcomes(result)
    pieces = [f"{len(outcome.passed)} passed"]
    if outcome.failed:
        pieces.append(f"{len(outcome.failed)} with findings ({_rule_list(outcome.failed)})")
    if outcome.accepted:
        pieces.append(f"{len(outcome.accepted)} with accepted findings only ({_rule_list(outcome.accepted)})")
    checked = f"Checked {plural(outcome.checked, 'rule')}: {', '.join(pieces)}."
    return f"{checked}\n{_counts_sentence(result.active, len(result.suppressed))}"


def _counts_sentence(active: list[Finding], suppressed: int) -> str:
    found = f"Found {counts_phrase(active, zeros=True)}"
    return f"{found}; {plural(suppressed, 'finding')} accepted." if suppressed else f"{found}."


def _totals(run: RunReport) -> str:
    outcome = run.outcomes()
    audited = len(run.files) - len(run.unloaded)
    lines = [f"Total for {plural(len(run.files), 'file')} ({audited} audited, {len(run.unloaded)} not readable):"]
    if audited:
        lines.append(f"Checked {plural(outcome.checked, 'rule')}: {len(outcome.passed)} passed everywhere, "
                     f"{len(outcome.failed)} with findings, {len(outcome.accepted)} with accepted findings only.")
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
        text = f"Result: FAIL: {counts_phrase(failing)} {verb(failing, 'needs', 'need')} attention (--fail-on {level})"
        unlisted = run.unlisted(failing)
        if unlisted:
            text += (f"; {len(unlisted):,} of them {verb(unlisted, 'is', 'are')} below --min-severity "
                     f"{run.min_severity.value} and not listed")
        return style(text + ".", fg="red", bold=True)
    if not run.active:
        return style("Result: PASS: no findings.", fg="green", bold=True)
    threshold = "--fail-on never" if level == "never" else f"nothing at or above {level} level"
    return style(f"Result: PASS ({threshold}); still worth reading: {counts_phrase(run.active)}.",
                 fg="green", bold=True)
