"""The chain format's problems (DC0xx), built in one place.

Each kind is an id and a name (`rules/dc0nn_*.py` documents it); every problem with the
file is an error. The builders below word the problems the load stage finds: the bytes,
the text, the YAML. The model layer words its own (unknown keys, broken references) with
the same kinds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from deliverychain.findings import Finding, Location, Related, Severity


@dataclass(frozen=True)
class ProblemKind:
    id: str
    name: str

    def __call__(self, message: str, location: Location, hint: str = "", subject: str = "",
                 related: tuple[Related, ...] = ()) -> Finding:
        return Finding(
            rule_id=self.id,
            rule_name=self.name,
            severity=Severity.ERROR,
            message=message,
            subject=subject or f"{location.line}:{location.column}",
            location=location,
            hint=hint,
            related=related,
        )


UNREADABLE = ProblemKind("DC001", "unreadable-file")
YAML_SYNTAX = ProblemKind("DC002", "yaml-syntax")
DUPLICATE_KEY = ProblemKind("DC003", "duplicate-key")
UNSAFE_YAML = ProblemKind("DC004", "unsafe-yaml")
NOT_A_CHAIN = ProblemKind("DC005", "not-a-chain")
UNKNOWN_KEY = ProblemKind("DC006", "unknown-key")
MISSING_FIELD = ProblemKind("DC007", "missing-field")
WRONG_TYPE = ProblemKind("DC008", "wrong-type")
UNKNOWN_TERM = ProblemKind("DC009", "unknown-term")
INVALID_VALUE = ProblemKind("DC010", "invalid-value")
DUPLICATE_ID = ProblemKind("DC011", "duplicate-id")
UNKNOWN_REFERENCE = ProblemKind("DC012", "unknown-reference")

#: Every kind, in id order.
KINDS = (UNREADABLE, YAML_SYNTAX, DUPLICATE_KEY, UNSAFE_YAML, NOT_A_CHAIN, UNKNOWN_KEY, MISSING_FIELD, WRONG_TYPE,
         UNKNOWN_TERM, INVALID_VALUE, DUPLICATE_ID, UNKNOWN_REFERENCE)


# --- the bytes and the text -------------------------------------------------------------


def unreadable(message: str, location: Location, hint: str = "") -> Finding:
    return UNREADABLE(message, location, hint, subject="file")


def empty(file: str) -> Finding:
    return NOT_A_CHAIN("the file is empty", Location(file, 1, 1), "run `chain init FILE` for a commented template",
                       subject="file")


# --- syntax -----------------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_QUOTED = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'")


#: Lines longer than this are not searched for an open bracket: nobody types a flow list that
#: long, and searching a 16 MB line took 2 GB (the quoted-text pattern backtracks per character).
_LONGEST_SEARCHED = 10_000


def _unclosed_bracket(text: str, line: int) -> tuple[int, int] | None:
    """The nearest line before `line` that opens a '[' or '{' it never closes (line, column)."""
    lines = text.splitlines()
    for number in range(min(line, len(lines)), max(0, line - 20), -1):
        if len(lines[number - 1]) > _LONGEST_SEARCHED:
            continue
        content = _QUOTED.sub(lambda m: " " * len(m.group()), lines[number - 1]).split(" #", 1)[0]
        depth, opened_at = 0, -1
        for column, char in enumerate(content):
            if char in "[{":
                depth, opened_at = depth + 1, (column if depth == 0 else opened_at)
            elif char in "]}":
                depth = max(0, depth - 1)
        if depth > 0 and number < line:
            return number, opened_at + 1
    return None


#: When no common mistake fits: what to look for.
_SYNTAX_HINT = ("check this line and the one above it: indentation (spaces, lined up with the lines around it), "
                "a ': ' after every key, and quotes and brackets closed")


def syntax(text: str, file: str, line: int, column: int, message: str) -> Finding:
    """A syntax error, said as the mistake that most likely caused it.

    At the bracket left open, when one was; else where `mistakes.diagnose` finds a common
    mistake; else where the reader stopped, with the reader's own words as a note.
    """
    lines = _LINE_BREAKS.split(text)
    if line > len(lines) or column > len(lines[line - 1]) + 1:
        # yaml-rs places an error at the end of a file without a final newline on the line
        # after it: the end of the text is the place.
        line = min(line, len(lines))
        column = len(lines[line - 1]) + 1
    stopped = Location(file, line, column)
    reader_said = (Related(stopped, f"the YAML reader stopped here: {message}"),)
    unclosed = _unclosed_bracket(text, line)
    if unclosed is not None:
        opened_line, opened_column = unclosed
        bracket = lines[opened_line - 1][opened_column - 1]
        closer = "]" if bracket == "[" else "}"
        what = "list" if bracket == "[" else "block"
        return YAML_SYNTAX(
            f"the '{bracket}' that opens this {what} is not closed", Location(file, opened_line, opened_column),
            f"close the {what} with '{closer}' on the same line", related=reader_said,
        )
    from deliverychain.reading.mistakes import diagnose  # 7 ms to import, and only a broken file needs it

    found = diagnose(lines, line, column)
    if found is None:
        return YAML_SYNTAX("YAML cannot read the file from here", stopped, _SYNTAX_HINT, related=reader_said)
    # The mistake alone: the readers word (and sometimes place) their stop differently, and the person
    # fixing the file needs the mistake, not the parser's account of it.
    return YAML_SYNTAX(found.message, Location(file, found.line, found.column, found.line, found.end_column),
                       found.hint)


def second_document(location: Location) -> Finding:
    return YAML_SYNTAX("a chain file holds one YAML document, but a second one starts here ('---')", location,
                       "remove the second document, or the '---' line if it is not meant to start one")


def unreadable_yaml(file: str, error: str) -> Finding:
    """A YAML error with no place (the reader gave none): the reader's words as the hint."""
    return YAML_SYNTAX("YAML cannot read this file", Location(file, 1, 1), f"the YAML reader says: {error}")


def json_syntax(location: Location, message: str) -> Finding:
    return YAML_SYNTAX(f"JSON syntax error: {message}", location, "check for a missing comma, quote or bracket")


def key_not_text(location: Location) -> Finding:
    return YAML_SYNTAX("a key must be plain text, not a list or mapping", location, "Write the key as a simple word.")


# --- keys -------------------------------------------------------------------------------


def duplicate_key(key: object, first: Location, second: Location) -> list[Finding]:
    """A key written twice in one block: a problem at each place, each pointing at the other."""
    hint = "Keep one of the two; YAML would silently drop one."
    return [
        DUPLICATE_KEY(f"duplicate key '{key}' (also at line {first.line})", second, hint,
                      related=(Related(first, f"first '{key}' is here"),)),
        DUPLICATE_KEY(f"duplicate key '{key}' (again at line {second.line})", first, hint,
                      related=(Related(second, f"second '{key}' is here"),)),
    ]


# --- what a chain never needs -----------------------------------------------------------


def too_deep(location: Location, max_depth: int) -> Finding:
    return UNSAFE_YAML(f"nested more than {max_depth} levels deep", location,
                       "A chain needs only a few levels of nesting.")


def json_too_deep(file: str) -> Finding:
    return UNSAFE_YAML("nested thousands of levels deep", Location(file, 1, 1),
                       "A chain needs only a few levels of nesting.")


def alias_bomb(location: Location, max_nodes: int) -> Finding:
    return UNSAFE_YAML("aliases here expand to more data than any chain needs "
                       f"(over {max_nodes:,} values): an alias bomb?",
                       location, "Write the data out without '&anchors' and '*aliases'.")


def tag(location: Location, name: str) -> Finding:
    return UNSAFE_YAML(f"the YAML tag '{name}' is not allowed in a chain file", location,
                       "Remove the tag: a chain file holds plain data (text, numbers, lists, mappings).")


def merge_key(location: Location) -> Finding:
    return UNSAFE_YAML("YAML merge keys ('<<') are not supported in chain files", location,
                       "Write the keys out in full.")
