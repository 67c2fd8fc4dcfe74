"""Which reader reads a text: the one table.

Readers are tried in the table's order; the first that suits the text and finds none of
the things it misreads reads it. A reader may still decline (return None) a text it turns
out not to be able to vouch for; the last reader, the exact one, then reads it, and it
reads everything. A new reader is one more row, above the readers it should be preferred to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from deliverychain.reading import exact, fast, jsonfile, sniffs
from deliverychain.reading.parsed import Parsed
from deliverychain.reading.text import Source


@dataclass(frozen=True)
class Reader:
    name: str
    #: Plain data (with positions, if it keeps them) and problems; None to decline.
    read: Callable[[str, str], Parsed | None]
    #: The texts it is for; by default, any.
    suits: Callable[[Source], bool] = lambda source: True
    #: What it reads differently from the YAML 1.2 core schema (or cannot place, or would
    #: crash on): a text with any of these goes to a later reader.
    misreads: tuple[Callable[[Source], bool], ...] = ()


READERS: tuple[Reader, ...] = (
    Reader("json", jsonfile.read, suits=lambda source: source.file.endswith(".json")),
    # 2023_24, 0b101, 0X1F (numbers to yaml-rs, text to YAML 1.2) are fixed up token by
    # token in fast.py, not sent here: one such token costs the exact reader 3x the time.
    Reader("yaml-rs", fast.read, misreads=(
        sniffs.tag,                   # unknown tags such as !!python/object are silently dropped
        sniffs.document_marker,       # a second document; a directive
        sniffs.deep_nesting,          # it recurses, and crashes at some 10,000 levels
        sniffs.misread_block_scalar,  # an empty block, or one ending the file without a line break
        sniffs.enormous_number,       # an integer Python will not write out as text
    )),
    Reader("exact", exact.read),
)


def choose(source: Source) -> Reader:
    """The first reader that suits the text and misreads nothing in it."""
    return next(r for r in READERS if r.suits(source) and not any(misread(source) for misread in r.misreads))


def read(source: Source) -> Parsed:
    """The text read by the reader the table chooses (or, if that one declines, the exact reader)."""
    parsed = choose(source).read(source.text, source.file)
    if parsed is None:
        parsed = READERS[-1].read(source.text, source.file)
        assert parsed is not None, "the last reader reads every text"
    return parsed
