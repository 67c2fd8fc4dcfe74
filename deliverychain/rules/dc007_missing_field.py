"""DC007 missing-field: a required field is missing.

Reported by the loader (`chain validate`, and `chain audit` before it audits): a file with
a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.rules.base import Rule

RULE = Rule(
    id="DC007",
    name="missing-field",
    severity=Severity.ERROR,
    summary="A required field is missing.",
    why="Actors need an id, a name, a tier and a kind; links need from, to and kind.",
    example=(
        "- id: nhse\n"
        "  name: NHS England\n"
    ),
    fix="Add the field to the block shown.",
    family="format",
)
