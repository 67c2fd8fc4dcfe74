"""DC012 unknown-reference: an id named but never declared.

Reported when the chain is loaded, by the model layer (`deliverychain/model/`), which
builds it with the kind in `reading/problems.py` (`chain validate`, and `chain audit` before
it audits): a file with a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.reading.problems import UNKNOWN_REFERENCE
from deliverychain.rules.base import Rule

RULE = Rule(
    id=UNKNOWN_REFERENCE.id,
    name=UNKNOWN_REFERENCE.name,
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
