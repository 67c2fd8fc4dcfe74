"""DC0xx: problems with the chain file itself, reported by the loader.

When any of these is found the analysers do not run, as in a compiler: a half-read
chain would give misleading findings.
"""

from __future__ import annotations

from deliverychain.findings import Severity
from deliverychain.rules.base import Rule

_FAMILY = "format"


def _format_rule(id: str, name: str, summary: str, why: str, example: str, fix: str) -> Rule:
    return Rule(id, name, Severity.ERROR, summary, why, example, fix, family=_FAMILY)


UNREADABLE = _format_rule(
    "DC001", "unreadable-file",
    "The file cannot be read as UTF-8 text: it is missing, a directory, or not text.",
    "Nothing can be checked until the file can be read.",
    "chain validate missing.yaml",
    "Check the path; save the file as UTF-8 (most editors offer 'UTF-8' in Save As).",
)
YAML_SYNTAX = _format_rule(
    "DC002", "yaml-syntax",
    "The file is not valid YAML.",
    "A syntax error stops the whole file from being read.",
    "links:\n  - from: nhse\n    to: [icb\n",
    "Fix the text at the line shown: usually indentation, a missing ':' or an unclosed bracket or quote.",
)
DUPLICATE_KEY = _format_rule(
    "DC003", "duplicate-key",
    "The same key appears twice in one block.",
    "YAML keeps only one of the two values, silently; the other is lost.",
    "- id: nhse\n  name: NHS England\n  name: NHSE\n",
    "Keep one of the two keys.",
)
UNSAFE_YAML = _format_rule(
    "DC004", "unsafe-yaml",
    "The file uses YAML features a chain never needs and that can be abused: tags such as "
    "'!!python/object', aliases that expand enormously, or extreme nesting.",
    "A chain file is plain data; these features run code or exhaust memory in other tools.",
    "actors: !!python/object/apply:os.system ['rm -rf /']\n",
    "Remove the tag or alias and write the data out plainly.",
)
NOT_A_CHAIN = _format_rule(
    "DC005", "not-a-chain",
    "The file is empty or is not a mapping with the keys of a chain.",
    "Without the 'chain' and 'actors' blocks there is nothing to audit.",
    "- just\n- a list\n",
    "Start from `chain init`, which writes a commented template.",
)
UNKNOWN_KEY = _format_rule(
    "DC006", "unknown-key",
    "A key that the chain format does not have (often a typo).",
    "A misspelt key is otherwise silently ignored, and the rating it carries is lost.",
    "- from: nhse\n  to: icb\n  kind: funding\n  strenght: weak\n",
    "Correct the spelling (the message suggests the nearest key), or put your own data under 'meta'.",
)
MISSING_FIELD = _format_rule(
    "DC007", "missing-field",
    "A required field is missing.",
    "Actors need an id, a name, a tier and a kind; links need from, to and kind.",
    "- id: nhse\n  name: NHS England\n",
    "Add the field to the block shown.",
)
WRONG_TYPE = _format_rule(
    "DC008", "wrong-type",
    "A value has the wrong shape (a list where text is expected, text where a list is expected...).",
    "The value cannot be understood as written.",
    "carries: targets, metrics   # should be a list: [targets, metrics]\n",
    "Write the value in the shape the message names.",
)
UNKNOWN_TERM = _format_rule(
    "DC009", "unknown-term",
    "A value outside its vocabulary (a link kind, strength, character, tier...).",
    "The analysers reason with these terms; an unknown one would be silently misread.",
    "strength: medium\n",
    "Use one of the listed terms; for 'carries' you may coin your own as 'x-something'.",
)
INVALID_VALUE = _format_rule(
    "DC010", "invalid-value",
    "A value of the right type that is not allowed (an id with spaces, an impossible date...).",
    "Ids appear in links, findings and diagrams and must be unambiguous.",
    "id: NHS England\n",
    "Follow the rule given in the message.",
)
DUPLICATE_ID = _format_rule(
    "DC011", "duplicate-id",
    "Two actors, sources, links or views share an id.",
    "Links to that id would be ambiguous.",
    "- id: icb\n  name: ICB North\n- id: icb\n  name: ICB South\n",
    "Give each its own id.",
)
UNKNOWN_REFERENCE = _format_rule(
    "DC012", "unknown-reference",
    "A link, owner, evidence list or view names an id that is not declared.",
    "A link to nowhere is usually a typo, and would hide a gap in the chain.",
    "- from: nhse\n  to: icbb\n  kind: funding\n",
    "Use a declared id (the message suggests the nearest), or declare the missing actor or source.",
)

FORMAT_RULES: tuple[Rule, ...] = (
    UNREADABLE, YAML_SYNTAX, DUPLICATE_KEY, UNSAFE_YAML, NOT_A_CHAIN, UNKNOWN_KEY,
    MISSING_FIELD, WRONG_TYPE, UNKNOWN_TERM, INVALID_VALUE, DUPLICATE_ID, UNKNOWN_REFERENCE,
)
