"""The fast reader: yaml-rs (Rust, YAML 1.2), plain data without positions.

It reads a valid chain 17-90 times faster than PyYAML, but keeps no positions, places
some errors nowhere, and misreads a few things; the reader table (`readers.py`) keeps
from it the texts it would misread. It declines (returns None) what it cannot place, and
the exact reader then reads the text: duplicate keys and alias limits (yaml-rs reports
them without a line), a tab (yaml-rs points at the text before it, PyYAML at the tab), and
any other failure of its own.

yaml-rs reads some plain scalars as numbers that YAML 1.2 reads as text (`2023_24`, a
financial year as NHS documents write it; `0b101`; `0X1F`). Rather than send the whole file
to the exact reader for one such token, each is fixed up on its own: its first character is
swapped for a stand-in that no number starts with (so yaml-rs reads text), and after
reading every stand-in in the data is swapped back. A token in a comment or a quoted string
goes through the same round trip and comes out as it was written.
"""

from __future__ import annotations

import re
from typing import Any

from deliverychain.reading import problems, sniffs
from deliverychain.reading.parsed import Parsed

#: Alias replays the fast parser may do before it refuses (billion-laughs guard).
MAX_ALIAS_EVENTS = 200_000

# yaml-rs says where an error is only in its message.
_RS_POSITION = re.compile(r"at line (\d+), column (\d+)")


def read(text: str, file: str) -> Parsed | None:
    """Plain data from YAML text, or its syntax error; None when the exact reader must decide."""
    import yaml_rs

    marked = _mark_misread_numbers(text)
    if marked is None:
        return None
    try:
        data = yaml_rs.loads(
            marked.text,
            parse_datetime=False,
            alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_EVENTS),
        )
    except yaml_rs.YAMLDecodeError as error:
        match = _RS_POSITION.search(str(error))
        if match is None:
            return None  # duplicate keys and alias limits come without a position
        message = str(error).strip().splitlines()[-1].strip().translate(marked.back or {})
        if "tab" in message:
            return None  # yaml-rs points at the text before the tab; PyYAML at the tab
        line, column = int(match.group(1)), int(match.group(2))
        return Parsed(problems=[problems.syntax(text, file, line, column, message)])
    except TypeError:
        return None  # yaml-rs failing on a key that is a list holding a list ('? description: |')
    except (ValueError, OverflowError):
        return None  # yaml-rs failing some other way
    try:
        return Parsed(data=marked.restore(data))
    except _SameKey:
        return None


class Unreadable(Exception):
    """A piece of a file that yaml-rs cannot read on its own (an alias to an anchor elsewhere)."""


def read_piece(part: str) -> Any:
    """The fast reader's reading of a piece of a file that it read whole: what a scan must agree with."""
    import yaml_rs

    marked = _mark_misread_numbers(part)
    if marked is None:
        raise Unreadable("the piece holds a stand-in character")
    try:
        return marked.restore(yaml_rs.loads(marked.text, parse_datetime=False))
    except (yaml_rs.YAMLDecodeError, _SameKey) as error:
        raise Unreadable from error


# --- numbers yaml-rs misreads, fixed up token by token --------------------------------

#: Characters a misread token can start with (see `sniffs.misread_numbers`).
_TOKEN_STARTS = "0123456789-+._"
#: Their stand-ins: letters, so a marked token reads as text. Latin-1 ones in an ASCII text,
#: which then stays one byte a character; private-use ones otherwise.
_LATIN1_STANDINS = "ÀÁÂÃÄÅÆÇÈÉÊËÌÍ"
_PRIVATE_STANDINS = "".join(chr(0xE000 + i) for i in range(len(_TOKEN_STARTS)))


class _SameKey(Exception):
    """Two keys of a mapping that differed only by a stand-in: the same key, written twice."""


class _Marked:
    """A text with each misread token's first character swapped for its stand-in."""

    __slots__ = ("back", "text")

    def __init__(self, text: str, back: dict[int, str] | None) -> None:
        self.text = text
        self.back = back  # stand-in (as a code point) -> the character it replaced; None: nothing marked

    def restore(self, data: Any) -> Any:
        """`data` with every stand-in swapped back (text marked nowhere else: see `_mark_misread_numbers`)."""
        if self.back is None:
            return data
        if type(data) is str:
            return self._text(data)
        if type(data) in (list, dict):
            self._fix(data)
        return data

    def _text(self, value: str) -> str:
        # Every stand-in is outside ASCII, and most text is ASCII: str.isascii() is O(1).
        return value if value.isascii() else value.translate(self.back)

    def _fix(self, collection: list[Any] | dict[Any, Any]) -> None:
        """Swaps back in place; nesting is shallow (deeply nested texts go to the exact reader)."""
        if type(collection) is dict:
            if not all(type(key) is not str or key.isascii() for key in collection):
                items = [(self._text(k) if type(k) is str else k, v) for k, v in collection.items()]
                collection.clear()
                collection.update(items)
                if len(collection) < len(items):
                    raise _SameKey  # `1_0:` and `"1_0":`: a duplicate key, which only the exact reader places
            pairs: Any = collection.items()
        else:
            pairs = enumerate(collection)
        for key, value in pairs:
            kind = type(value)
            if kind is str:
                if not value.isascii():
                    collection[key] = value.translate(self.back)
            elif kind is list or kind is dict:
                self._fix(value)


def _mark_misread_numbers(text: str) -> _Marked | None:
    """`text` with its misread tokens marked; None if the text already holds a stand-in."""
    starts = sniffs.misread_numbers(text)
    if not starts:
        return _Marked(text, None)
    standins = _LATIN1_STANDINS if text.isascii() else _PRIVATE_STANDINS
    if not text.isascii() and any(s in text for s in standins):
        return None  # a stand-in would not be told from the text: the exact reader decides
    to_standin = dict(zip(_TOKEN_STARTS, standins, strict=True))
    pieces, previous = [], 0
    for start in starts:
        pieces += (text[previous:start], to_standin[text[start]])
        previous = start + 1
    pieces.append(text[previous:])
    back = {ord(standin): start for start, standin in to_standin.items()}
    return _Marked("".join(pieces), back)
