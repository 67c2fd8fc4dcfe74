"""DC007 missing-field: a required field is missing.

Reported when the chain is loaded, by the model layer (`deliverychain/model/`), which
builds it with the kind in `reading/problems.py` (`chain validate`, and `chain audit` before
it audits): a file with a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.reading.problems import MISSING_FIELD
from deliverychain.rules.base import Rule

RULE = Rule(
    id=MISSING_FIELD.id,
    name=MISSING_FIELD.name,
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
