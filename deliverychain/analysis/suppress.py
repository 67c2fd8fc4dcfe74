"""The chain's `ignore:` entries: accepted findings, each with a reason shown in reports.

The housekeeping rules (DC901 unused-ignore, DC902 invalid-ignore-rule, in rules/) then
keep the list honest; they are themselves never suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from deliverychain.findings import Finding
from deliverychain.rules.base import Rule
from deliverychain.rules.ignores import rule_key, rule_matches, subject_matches

if TYPE_CHECKING:
    from deliverychain.model import Chain, IgnoreEntry


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
        if not used[index] and (rule_key(entry.rule) in ran or entry.rule == "*")
    ]
