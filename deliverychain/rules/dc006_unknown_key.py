"""DC006 unknown-key: a key the chain format does not have.

Reported when the chain is loaded, by the model layer (`deliverychain/model/`), which
builds it with the kind in `reading/problems.py` (`chain validate`, and `chain audit` before
it audits): a file with a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.reading.problems import UNKNOWN_KEY
from deliverychain.rules.base import Rule

RULE = Rule(
    id=UNKNOWN_KEY.id,
    name=UNKNOWN_KEY.name,
    severity=Severity.ERROR,
    summary="A key that the chain format does not have (often a typo).",
    why="A misspelt key is otherwise silently ignored, and the rating it carries is lost.",
    example=(
        "- from: nhse\n"
        "  to: icb\n"
        "  kind: funding\n"
        "  strenght: weak\n"
    ),
    fix=(
        "Correct the spelling (the message suggests the nearest key), or put your own data under "
        "'meta'. A whole actor, source or link written in the wrong section is one problem naming the "
        "section it belongs in."
    ),
    family="format",
)
