"""DC005 not-a-chain: the file is empty or is not a chain.

Reported when the chain is loaded, by the model layer (`deliverychain/model/`), which
builds it with the kind in `reading/problems.py` (`chain validate`, and `chain audit` before
it audits): a file with a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.reading.problems import NOT_A_CHAIN
from deliverychain.rules.base import Rule

RULE = Rule(
    id=NOT_A_CHAIN.id,
    name=NOT_A_CHAIN.name,
    severity=Severity.ERROR,
    summary="The file is empty or is not a mapping with the keys of a chain.",
    why="Without the 'chain' and 'actors' blocks there is nothing to audit.",
    example=(
        "- just\n"
        "- a list\n"
    ),
    fix="Start from `chain init`, which writes a commented template.",
    family="format",
)
