"""DC006 unknown-key: a key the chain format does not have.

Reported by the loader (`chain validate`, and `chain audit` before it audits): a file with
a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.rules.base import Rule

RULE = Rule(
    id="DC006",
    name="unknown-key",
    severity=Severity.ERROR,
    summary="A key that the chain format does not have (often a typo).",
    why="A misspelt key is otherwise silently ignored, and the rating it carries is lost.",
    example=(
        "- from: nhse\n"
        "  to: icb\n"
        "  kind: funding\n"
        "  strenght: weak\n"
    ),
    fix=(
        "Correct the spelling (the message suggests the nearest key), or put your own data under "
        "'meta'."
    ),
    family="format",
)
