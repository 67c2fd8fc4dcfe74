"""DC011 duplicate-id: two actors, sources, links or views share an id.

Reported when the chain is loaded, by the model layer (`deliverychain/model/`), which
builds it with the kind in `reading/problems.py` (`chain validate`, and `chain audit` before
it audits): a file with a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.reading.problems import DUPLICATE_ID
from deliverychain.rules.base import Rule

RULE = Rule(
    id=DUPLICATE_ID.id,
    name=DUPLICATE_ID.name,
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
