"""DC003 duplicate-key: the same key twice in one block.

Reported by the load stage (`reading/problems.py` builds it; `chain validate`, and `chain
audit` before it audits): a file with a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.reading.problems import DUPLICATE_KEY
from deliverychain.rules.base import Rule

RULE = Rule(
    id=DUPLICATE_KEY.id,
    name=DUPLICATE_KEY.name,
    severity=Severity.ERROR,
    summary="The same key appears twice in one block.",
    why="YAML keeps only one of the two values, silently; the other is lost.",
    example=(
        "- id: nhse\n"
        "  name: NHS England\n"
        "  name: NHSE\n"
    ),
    fix="Keep one of the two keys.",
    family="format",
)
