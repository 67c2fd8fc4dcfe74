"""DC009 unknown-term: a value outside its vocabulary.

Reported when the chain is loaded, by the model layer (`deliverychain/model/`), which
builds it with the kind in `reading/problems.py` (`chain validate`, and `chain audit` before
it audits): a file with a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.reading.problems import UNKNOWN_TERM
from deliverychain.rules.base import Rule

RULE = Rule(
    id=UNKNOWN_TERM.id,
    name=UNKNOWN_TERM.name,
    severity=Severity.ERROR,
    summary="A value outside its vocabulary (a link kind, strength, character, tier...).",
    why="The analysers reason with these terms; an unknown one would be silently misread.",
    example="strength: medium\n",
    fix="Use one of the listed terms; for 'carries' you may coin your own as 'x-something'.",
    family="format",
)
