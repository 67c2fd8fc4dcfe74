"""DC012 unknown-reference: an id named but never declared.

Reported by the loader (`chain validate`, and `chain audit` before it audits): a file with
a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.rules.base import Rule

RULE = Rule(
    id="DC012",
    name="unknown-reference",
    severity=Severity.ERROR,
    summary="A link, owner, evidence list or view names an id that is not declared.",
    why="A link to nowhere is usually a typo, and would hide a gap in the chain.",
    example=(
        "- from: nhse\n"
        "  to: icbb\n"
        "  kind: funding\n"
    ),
    fix=(
        "Use a declared id (the message suggests the nearest), or declare the missing actor or "
        "source."
    ),
    family="format",
)
