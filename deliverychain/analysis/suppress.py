"""The chain's `ignore:` entries: accepted findings, each with a reason shown in reports."""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase

from deliverychain.findings import Finding
from deliverychain.model import Chain, IgnoreEntry
from deliverychain.rules.base import Rule


def subject_matches(pattern: str, subject: str) -> bool:
    """Exact, glob ('practice-*', '*'), or a link 'from->to' matching every kind between them."""
    if pattern == subject or fnmatchcase(subject, pattern):
        return True
    return "->" in pattern and ":" not in pattern and subject.startswith(pattern + ":")


def rule_matches(entry: IgnoreEntry, finding: Finding) -> bool:
    return entry.rule in (finding.rule_id, finding.rule_name, "*")


def apply_ignores(chain: Chain, findings: Sequence[Finding], rules: Sequence[Rule]) -> list[tuple[int, IgnoreEntry]]:
    """Mark suppressed findings in place; return the entries (of rules that ran) that matched nothing."""
    ran = {r.id for r in rules} | {r.name for r in rules}
    used = [False] * len(chain.ignore)
    for finding in findings:
        for index, entry in enumerate(chain.ignore):
            if rule_matches(entry, finding) and subject_matches(entry.subject, finding.subject):
                finding.suppressed = entry.reason
                used[index] = True
                break
    return [
        (index, entry)
        for index, entry in enumerate(chain.ignore)
        if not used[index] and (entry.rule in ran or entry.rule == "*")
    ]
