"""DC004 unsafe-yaml: YAML features a chain never needs and that can be abused.

Reported by the load stage (`reading/problems.py` builds it; `chain validate`, and `chain
audit` before it audits): a file with a format problem is not audited.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.reading.problems import UNSAFE_YAML
from deliverychain.rules.base import Rule

RULE = Rule(
    id=UNSAFE_YAML.id,
    name=UNSAFE_YAML.name,
    severity=Severity.ERROR,
    summary=(
        "The file uses YAML features a chain never needs and that can be abused: tags such as "
        "'!!python/object', aliases that expand enormously, or extreme nesting."
    ),
    why="A chain file is plain data; these features run code or exhaust memory in other tools.",
    example="actors: !!python/object/apply:os.system ['rm -rf /']\n",
    fix="Remove the tag or alias and write the data out plainly.",
    family="format",
)
