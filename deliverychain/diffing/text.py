"""The diff for people at a terminal: what changed, block by block, then the audit.

Colour only when asked (the CLI asks on a terminal, never when NO_COLOR is set or output
is piped): green for what was added or resolved, red for what was removed or is new,
yellow for what changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from deliverychain.diffing.audit import AuditDiff, Trend
from deliverychain.diffing.compare import ChainDiff
from deliverychain.diffing.model import BlockDiff
from deliverychain.diffing.wording import (
    HEADINGS,
    audit_summary,
    block_summary,
    change_text,
    item_key,
    item_words,
    trend_sentence,
    value_text,
)
from deliverychain.findings import Finding, Severity
from deliverychain.reports.problems import COLOURS, Style, plain
from deliverychain.reports.safe import visible

_TREND_COLOURS = {Trend.BETTER: "green", Trend.WORSE: "red", Trend.MIXED: "yellow", Trend.SAME: None}


def actor_names(result: ChainDiff) -> Callable[[str], str]:
    """Actor id -> name, from the new draft, else the old (for actors that were removed)."""
    names = {a.id: a.name for a in result.old.chain.actors}
    names.update((a.id, a.name) for a in result.new.chain.actors)
    return lambda actor_id: names.get(actor_id, actor_id)


def render_text(result: ChainDiff, colour: bool = False, fail_on_new: Severity | None = None) -> str:
    style: Style = click.style if colour else plain
    old, new = result.old, result.new
    head = [style(f"chain diff: {visible(old.name)} -> {visible(new.name)}", bold=True)]
    title_old, title_new = old.chain.chain.title, new.chain.chain.title
    head.append(visible(title_new) if title_old == title_new else f"{visible(title_old)} -> {visible(title_new)}")
    blocks = ["\n".join(head), _model(result, style)]
    if result.audit is not None:
        blocks.append(_audit(result.audit, style))
    if result.confidence is not None:
        blocks.append(f"Delivery confidence: {visible(result.confidence.before)} -> "
                      f"{visible(result.confidence.after)}")
    blocks.append(_result_line(result, style, fail_on_new))
    return "\n\n".join(b for b in blocks if b) + "\n"


def _model(result: ChainDiff, style: Style) -> str:
    model = result.model
    if model.empty:
        return "The chain: no changes (reordering, layout and comments are not changes)."
    names = actor_names(result)
    parts = []
    if model.chain:
        lines = [style("The chain", bold=True)]
        lines += [style(f"  ~ {visible(change_text(c))}", fg="yellow") for c in model.chain]
        parts.append("\n".join(lines))
    for name, block in model.blocks():
        if not block.empty:
            parts.append(_block(name, block, names, style))
    return "\n\n".join(parts)


def _block(name: str, block: BlockDiff[Any], names: Callable[[str], str], style: Style) -> str:
    lines = [style(f"{HEADINGS[name]}: {block_summary(name, block)}", bold=True)]

    def line(mark: str, item: Any, colour: str) -> str:
        words = item_words(item, names)
        return style(f"  {mark} {visible(item_key(item))}" + (f": {visible(words)}" if words else ""), fg=colour)

    lines += [line("+", item, "green") for item in block.added]
    lines += [line("-", item, "red") for item in block.removed]
    lines += [style(f"  > {visible(r.old.id)} -> {visible(r.new.id)} (renamed): {visible(item_words(r.new, names))}",
                    fg="yellow") for r in block.renamed]
    for changed in block.changed:
        lines.append(line("~", changed.new, "yellow"))
        lines += [f"      {visible(change_text(c))}" for c in changed.changes]
    return "\n".join(lines)


def _audit(audit: AuditDiff, style: Style) -> str:
    lines = [style(f"Audit: {audit_summary(audit)}", bold=True)]
    if audit.new:
        lines.append(style("  New findings", bold=True))
        lines += [_finding(n.finding, style, note=_was_accepted(n.was_accepted)) for n in audit.new]
    if audit.resolved:
        lines.append(style("  Resolved findings", bold=True))
        lines += [_finding(r.finding, style, note=_accepted(r.accepted)) for r in audit.resolved]
    if audit.persisting:
        lines.append(style("  Still there", bold=True))
        for p in audit.persisting:
            note = (f"severity {p.old.severity.value} -> {p.new.severity.value}"
                    if p.old.severity != p.new.severity else "")
            lines.append(_finding(p.new, style, note=note, short=True))
    return "\n".join(lines)


def _was_accepted(reason: str | None) -> str:
    return f"no longer accepted (was: {value_text(reason)})" if reason else ""


def _accepted(reason: str | None) -> str:
    return f"accepted in the ignore list, not fixed: {value_text(reason)}" if reason else ""


def _finding(finding: Finding, style: Style, note: str = "", short: bool = False) -> str:
    label = style(f"{finding.severity.value}[{finding.rule_id} {finding.rule_name}]",
                  fg=COLOURS[finding.severity], bold=True)
    text = f"    {label} {visible(finding.subject)}"
    if not short:
        text += f": {visible(finding.message)}"
    if note:
        text += f"\n      {visible(note)}"
    return text


def _result_line(result: ChainDiff, style: Style, fail_on_new: Severity | None) -> str:
    audit = result.audit
    if audit is None:
        return "Result: the audit was not compared."
    line = style(f"Result: {trend_sentence(audit)}.", fg=_TREND_COLOURS[audit.trend], bold=True)
    if fail_on_new is None:
        return line
    added = audit.added_at_or_above(fail_on_new)
    if added:
        gate = style(f"Gate: FAIL: the new draft adds {len(added):,} finding{'s' if len(added) != 1 else ''} at or "
                     f"above {fail_on_new.value} level (--fail-on-new {fail_on_new.value}).", fg="red", bold=True)
    else:
        gate = style(f"Gate: PASS: nothing new at or above {fail_on_new.value} level "
                     f"(--fail-on-new {fail_on_new.value}).", fg="green", bold=True)
    return f"{line}\n{gate}"
