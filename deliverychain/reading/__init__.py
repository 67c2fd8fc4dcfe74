"""The load stage: a chain file's bytes to plain data, its positions, and the format's problems.

(The package is `reading`, not `load`, so that `deliverychain.load` stays the function
that loads a chain: a subpackage of that name would replace it once imported.)

The text travels through it in this order:

1. `text.py`: bytes to text (the file's size, its encoding, characters a chain cannot hold);
2. `readers.py`: the one table that chooses a reader, from what `sniffs.py` finds in the text;
3. the readers: `fast.py` (yaml-rs, no positions), `exact.py` (PyYAML's composer, every
   position), `jsonfile.py`;
4. `linescan.py`: positions for a file read fast, found only when something asks for one
   (`positions.py` resolves key paths to lines and columns).

Every problem of the format is built in `problems.py`. This is the bottom layer: it knows
YAML and JSON, not chains; the model layer (`deliverychain.model`) makes a typed chain of
what it reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deliverychain.findings import Finding
from deliverychain.reading import problems, readers
from deliverychain.reading.parsed import Parsed
from deliverychain.reading.positions import PositionIndex, PositionTable
from deliverychain.reading.text import Source, forbidden_character


@dataclass
class Document:
    """A chain file as plain data, where everything is in it, and the format's problems."""

    file: str
    #: The data read; None when reading stopped (a problem) or the file is empty.
    data: Any
    #: Problems found reading it. Duplicate keys and unsafe YAML do not stop reading, so the
    #: rest of the file is still checked and every problem is reported in one run.
    problems: list[Finding]
    positions: PositionIndex


def read(text: str, file: str) -> Document:
    """A chain file's text, read by the reader the table chooses."""
    if text.startswith("\ufeff"):
        text = text[1:]
    source = Source(text, file)
    hidden = forbidden_character(source)
    if hidden is not None:
        return Document(file, None, [hidden], PositionIndex(file, PositionTable))
    parsed = readers.read(source)
    found = list(parsed.problems)
    if any(p.rule_id == problems.YAML_SYNTAX.id for p in found):
        return Document(file, None, found, PositionIndex(file, PositionTable))
    positions = _position_index(text, file, parsed)
    if parsed.data is None:
        return Document(file, None, found or [problems.empty(file)], positions)
    return Document(file, parsed.data, found, positions)


def _position_index(text: str, file: str, parsed: Parsed) -> PositionIndex:
    known = parsed.positions
    if known is not None:
        return PositionIndex(file, lambda: known)
    from deliverychain.reading.linescan import outline, scan_positions

    shape = outline(parsed.data)  # what the scanner checks the file's structure against
    return PositionIndex(file, lambda: scan_positions(text, file, shape))
