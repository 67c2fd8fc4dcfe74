"""DC002 yaml-syntax: the file is not valid YAML.

Reported by the loader (`chain validate`, and `chain audit` before it audits): a file with
a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.rules.base import Rule

RULE = Rule(
    id="DC002",
    name="yaml-syntax",
    severity=Severity.ERROR,
    summary="The file is not valid YAML.",
    why="A syntax error stops the whole file from being read.",
    example=(
        "links:\n"
        "  - from: nhse\n"
        "    to: [icb\n"
    ),
    fix=(
        "Fix the text at the line shown: usually indentation, a missing ':' or an unclosed bracket "
        "or quote."
    ),
    family="format",
)
