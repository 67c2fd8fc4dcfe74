"""DC008 wrong-type: a value of the wrong shape.

Reported when the chain is loaded, by the model layer (`deliverychain/model/`), which
builds it with the kind in `reading/problems.py` (`chain validate`, and `chain audit` before
it audits): a file with a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.reading.problems import WRONG_TYPE
from deliverychain.rules.base import Rule

RULE = Rule(
    id=WRONG_TYPE.id,
    name=WRONG_TYPE.name,
    severity=Severity.ERROR,
    summary=(
        "A value has the wrong shape (a list where text is expected, text where a list is "
        "expected...)."
    ),
    why="The value cannot be understood as written.",
    example="carries: targets, metrics   # should be a list: [targets, metrics]\n",
    fix="Write the value in the shape the message names.",
    family="format",
)
