"""DC002 yaml-syntax: the file is not valid YAML.

Reported by the load stage (`reading/problems.py` builds it; `chain validate`, and `chain
audit` before it audits): a file with a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.reading.problems import YAML_SYNTAX
from deliverychain.rules.base import Rule

RULE = Rule(
    id=YAML_SYNTAX.id,
    name=YAML_SYNTAX.name,
    severity=Severity.ERROR,
    summary="The file is not valid YAML.",
    why="A syntax error stops the whole file from being read.",
    example=(
        "links:\n"
        "  - from: nhse\n"
        "    to: [icb\n"
    ),
    fix=(
        "Fix the text at the line shown. The message names the likely mistake and the hint the fix: a "
        "text with ': ' in it to put in quotes, a line indented differently from the lines around it, "
        "'-id:' without its space, a tab, a quote or bracket left open."
    ),
    family="format",
)
