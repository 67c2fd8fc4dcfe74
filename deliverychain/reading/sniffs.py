"""What a text holds that decides how it can be read: each found at C speed, without parsing.

These are the conditions of the reader table (`readers.py`): YAML the fast reader (yaml-rs,
YAML 1.2) reads differently from the YAML 1.2 core schema, or refuses without saying where,
or would crash on. Each errs on the side of caution: a text it flags is only read more
slowly, never differently.
"""

from __future__ import annotations

import re
from itertools import accumulate

from deliverychain.reading.text import Source

#: Chains never nest deeper than ~6 levels; this stops stack exhaustion on hostile input.
MAX_DEPTH = 64

# A document marker at the start of a line. Anchored on a literal newline (the start of the
# text is checked separately) because `^` with MULTILINE makes re try every position: 0.4 s
# on a 48 MB chain instead of 0.03 s.
_DOCUMENT_MARKER = re.compile(r"\n(?:---|\.\.\.)(?=[ \t\r\n]|\Z)")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
# A block scalar's header ('|', '>-', '|+2 # comment') at the end of a line.
_BLOCK_SCALAR_HEADER = re.compile(r"[|>][-+0-9]*[ \t]*(?:#[^\n]*)?(?=\r?\n|\Z)")
# A line whose first 64 characters are indentation and block indicators ('- ', '? ', ': ')
# may nest past MAX_DEPTH; block nesting needs a column or an indicator per level or two.
_DEEP_BLOCK_LINE = re.compile(r"\n[ \t?:-]{64}")
# yaml-rs reads plain scalars as numbers where YAML 1.2 reads text: digits with '_' in them
# (`2024_25`, `1_000`), binary (`0b101`), capital or signed prefixes (`0X1F`, `+0x1F`).
# Found at C speed: an '_' after a digit-like character or a boundary, or a prefix after one;
# each '_' found is then checked as a whole token.
_UNDERSCORE_NUMBER = re.compile(r"_(?<=[-+0-9a-fA-F.xXoObB_\s\[{,:?]_)")
_PREFIXED_NUMBER = re.compile(r"0[bBxXoO](?<![^-+\s\[{,:?]0[bBxXoO])")
_NUMBER_CHARS = frozenset("-+0123456789abcdefABCDEF.xXoObB_")
_RS_NUMBER = re.compile(
    r"[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)"
)


def tag(source: Source) -> bool:
    """A '!' where a YAML tag can start: first in the text, or after whitespace or '[', '{', ','.

    str.find skips between '!'s at C speed; a regex with alternatives before the '!' tries
    every position (1.4 s on a 48 MB chain).
    """
    text = source.text
    at = text.find("!")
    while at != -1:
        if at == 0 or text[at - 1].isspace() or text[at - 1] in "[{,":
            return True
        at = text.find("!", at + 1)
    return False


def document_marker(source: Source) -> bool:
    """'---' or '...' at the start of a line: a directive, or a second document."""
    text = source.text
    return bool(_DOCUMENT_MARKER.search(text) or _DOCUMENT_MARKER.match("\n" + text[:4]))


_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEP = [0] * 256
for _byte in b"[{":
    _BRACKET_STEP[_byte] = 1
for _byte in b"]}":
    _BRACKET_STEP[_byte] = -1


def _deeply_nested_flow(source: Source) -> bool:
    """Flow brackets nested past MAX_DEPTH; checked before any recursive parser sees them.

    Counted over the whole text at C speed: the brackets alone (UTF-8 never uses their bytes
    inside other characters), then a running sum. A loop over every character took 4 s on
    a 48 MB chain; this takes 0.1 s.
    """
    text = source.text
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    brackets = source.utf8.translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0) > MAX_DEPTH


def deep_nesting(source: Source) -> bool:
    """Nesting past MAX_DEPTH is possible: flow brackets, or a long run of block indentation."""
    return (_deeply_nested_flow(source) or bool(_DEEP_BLOCK_LINE.search(source.text))
            or bool(re.match(r"[ \t?:-]{64}", source.text)))


#: The YAML 1.2 core schema's numbers (the exact reader resolves plain scalars with these).
CORE_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
CORE_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
#: What may come just before a plain scalar yaml-rs could read as a number: the start of a
#: line or of the text, a space, a flow indicator, or ':' (`{"a":2023_24}`). After anything
#: else (a letter, a quote, a backslash) the token is inside other text.
_SCALAR_MAY_START_AFTER = frozenset(" \t\r\n[{,:")


def misread_numbers(text: str) -> list[int]:
    """Where each token starts that yaml-rs would read as a number and YAML 1.2 as text.

    A token is a run of number-like characters (`2023_24`, `0b101`, `+0x1F`) that starts
    where a plain scalar can start. Whether it is a whole plain scalar, part of a longer
    one, or inside a comment or a quoted string is not decided here: the fast reader marks
    every such token and restores its text after reading (`fast.py`), which changes nothing
    where yaml-rs read it as text anyway. A token that is itself a YAML 1.2 number
    (`0x1F`, `10`) is left alone: both readers read it as the same number.

    Found at C speed: an '_' after a digit-like character or a boundary, or a prefix after
    one; each then checked as a whole token. Linear even in "1_1_1_...".
    """
    starts: list[int] = []
    for pattern in (_PREFIXED_NUMBER, _UNDERSCORE_NUMBER):
        end = 0
        # The '_' pattern looks one character back, which an '_' starting the text lacks.
        at: int | None = 0 if pattern is _UNDERSCORE_NUMBER and text.startswith("_") else None
        while at is not None or (match := pattern.search(text, end)) is not None:
            start = end = match.start() if at is None else at
            at = None
            while start > 0 and text[start - 1] in _NUMBER_CHARS:
                start -= 1
            while end < len(text) and text[end] in _NUMBER_CHARS:
                end += 1  # the search goes on after this token
            token = text[start:end]
            if ((start == 0 or text[start - 1] in _SCALAR_MAY_START_AFTER)
                    and _RS_NUMBER.fullmatch(token.replace("_", ""))
                    and not (CORE_INT.match(token) or CORE_FLOAT.match(token))):
                starts.append(start)
    return sorted(set(starts))


def misread_block_scalar(source: Source) -> bool:
    """A '|' or '>' block that yaml-rs misreads: one with no lines in it ("\\n" for ""), or
    one that ends the file without a final line break (a line break added).

    Cautious: a block whose first line is not indented past its key (or past the '|' itself)
    counts, and so does any block in a file that does not end with a line break. The
    indicators are found with str.find, at C speed (a regex with a character class tries
    every position: 0.25 s on a 48 MB chain).
    """
    text = source.text
    if not text.endswith(("\n", "\r")) and ("|" in text or ">" in text):
        return True
    for indicator in "|>":
        at = text.find(indicator)
        while at >= 0:
            if _block_scalar_is_empty(text, at):
                return True
            at = text.find(indicator, at + 1)
    return False


def _block_scalar_is_empty(text: str, at: int) -> bool:
    header = _BLOCK_SCALAR_HEADER.match(text, at)
    if header is None:
        return False
    line_start = text.rfind("\n", 0, at) + 1
    before = text[line_start:at]
    lead = before.lstrip(" ")
    while lead.startswith("- "):
        lead = lead[2:].lstrip(" ")
    if lead and not lead.rstrip(" \t").endswith(":"):
        return False  # a '>' or '|' inside text, not a header
    key_column = len(before) - len(lead)
    for line in _LINE_BREAKS.split(text[header.end() : header.end() + 4096])[1:]:
        if line.strip(" \t"):
            return len(line) - len(line.lstrip(" ")) <= key_column
    return True  # nothing but blank lines (or the end of the file) after the header


#: Hexadecimal digits (decimal ones included) as b"1", everything else as b"0".
_HEX_DIGITS = bytes(0x31 if chr(b) in "0123456789abcdefABCDEF" else 0x30 for b in range(256))
#: 3,500 hexadecimal digits are more than Python writes out as decimal text (4,300 digits).
_LONG_NUMBER = b"1" * 3500


def enormous_number(source: Source) -> bool:
    """A run of digits long enough to be an integer Python will not write out as text.

    yaml-rs reads integers of any length, and Python refuses to turn one of over 4,300
    digits into text, which the checks and the model do; the exact reader keeps such a
    number as the text written. Only a hostile file has one. Found at C speed: every
    (hexadecimal) digit made '1' and everything else '0', then a search for a long run of '1'.
    """
    return source.utf8.translate(_HEX_DIGITS).find(_LONG_NUMBER) != -1
