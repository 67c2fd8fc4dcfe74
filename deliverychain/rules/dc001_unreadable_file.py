"""DC001 unreadable-file: the file cannot be read as UTF-8 text.

Reported by the load stage (`reading/problems.py` builds it; `chain validate`, and `chain
audit` before it audits): a file with a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.reading.problems import UNREADABLE
from deliverychain.rules.base import Rule

RULE = Rule(
    id=UNREADABLE.id,
    name=UNREADABLE.name,
    severity=Severity.ERROR,
    summary="The file cannot be read as UTF-8 text: it is missing, a directory, or not text.",
    why="Nothing can be checked until the file can be read.",
    example="chain validate missing.yaml",
    fix="Check the path; save the file as UTF-8 (most editors offer 'UTF-8' in Save As).",
    family="format",
)
