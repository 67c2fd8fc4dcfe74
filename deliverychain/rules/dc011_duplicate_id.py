"""DC011 duplicate-id: two actors, sources, links or views share an id.

Reported by the loader (`chain validate`, and `chain audit` before it audits): a file with
a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.rules.base import Rule

RULE = Rule(
    id="DC011",
    name="duplicate-id",
    severity=Severity.ERROR,
    summary="Two actors, sources, links or views share an id.",
    why="Links to that id would be ambiguous.",
    example=(
        "- id: icb\n"
        "  name: ICB North\n"
        "- id: icb\n"
        "  name: ICB South\n"
    ),
    fix="Give each its own id.",
    family="format",
)
