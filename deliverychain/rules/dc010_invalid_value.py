"""DC010 invalid-value: a value of the right type that is not allowed.

Reported when the chain is loaded, by the model layer (`deliverychain/model/`), which
builds it with the kind in `reading/problems.py` (`chain validate`, and `chain audit` before
it audits): a file with a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.reading.problems import INVALID_VALUE
from deliverychain.rules.base import Rule

RULE = Rule(
    id=INVALID_VALUE.id,
    name=INVALID_VALUE.name,
    severity=Severity.ERROR,
    summary="A value of the right type that is not allowed (an id with spaces, an impossible date...).",
    why="Ids appear in links, findings and diagrams and must be unambiguous.",
    example="id: NHS England\n",
    fix="Follow the rule given in the message.",
    family="format",
)
