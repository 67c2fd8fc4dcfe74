"""DC009 unknown-term: a value outside its vocabulary.

Reported by the loader (`chain validate`, and `chain audit` before it audits): a file with
a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.rules.base import Rule

RULE = Rule(
    id="DC009",
    name="unknown-term",
    severity=Severity.ERROR,
    summary="A value outside its vocabulary (a link kind, strength, character, tier...).",
    why="The analysers reason with these terms; an unknown one would be silently misread.",
    example="strength: medium\n",
    fix="Use one of the listed terms; for 'carries' you may coin your own as 'x-something'.",
    family="format",
)
