"""Positions for a chain file that parsed cleanly, found by scanning lines, item by item.

The exact composer (PyYAML with libyaml) keeps every node's position but is about 20 times
slower than the fast parser: 30 s for a 100,000-actor chain, where the audit as a whole
should take a few. Chain files have a simple shape, block-style YAML: a few top-level keys
at column 0, most of them holding a long list of mappings (`  - id: ...`). So:

1. A structure pass (regular expressions, C speed) finds the top-level keys and where every
   list item starts. Keys and counts must equal the parsed document's (its `outline`, kept
   so that the parsed data itself can be let go), else the whole file goes to the exact
   composer.
2. An item's positions are worked out only when something asks for one (a finding, a
   problem), by a small line scanner for the block-style subset chain files use: plain and
   quoted one-line scalars, one-line flow lists, nested block lists and mappings. The scanner
   reads the item *against the fast parser's reading of that item's text* (same keys, same
   list lengths, same text) and gives up on anything it does not handle: block scalars
   (`|`), text spanning lines, anchors, flow mappings, explicit keys, null values.
3. An item the scanner gives up on is composed exactly on its own (its lines, cut out of
   the file, numbered as in the file). If even that disagrees with the fast parser, for
   example an alias to an anchor in another item, the whole file is composed exactly.

Wherever this module gives a position it is the exact composer's; tests/test_linescan.py
checks that on every example chain and on generated files full of awkward YAML.
"""

from __future__ import annotations

import json
import re
from array import array
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from itertools import accumulate, pairwise
from typing import Any

from deliverychain.reading import exact, fast
from deliverychain.reading.positions import KeyPath, PositionTable, Span

#: Items whose positions are kept once worked out; findings come in file order, so a few suffice.
ITEM_CACHE_SIZE = 512
#: Every CHECKPOINT-th item's line is counted up front; the lines of the others, on demand.
CHECKPOINT = 256

# A top-level line that is not a comment, a blank or a list item.
_TOP_LINE = re.compile(r"\n(?=[^ \t\r\n#-])")
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*):(?=[ \t\r\n]|\Z)")
_FIRST_CONTENT = re.compile(r"\n( *)(?=[^ \r\n#])")
# A key the line scanner reads: plain, simple, then ':' and a space or the end of the line.
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.-]*):(?=[ \t]|$)")
_COMMENT = re.compile(r"[ \t]#")
# First characters the line scanner leaves to the exact composer: indicators, block scalars,
# anchors, aliases, tags, directives and reserved characters.
_NOT_PLAIN = frozenset("|>&*!%@`?,[]{}#")
_FLOW_STOP = frozenset(",[]{}:#")
_ODD_BREAKS = ("\x85", "\u2028", "\u2029")


class _Unsupported(Exception):
    """The line scanner cannot vouch for this text: compose it exactly instead."""


class _WholeFile(Exception):
    """Item by item is not safe for this file: compose the whole file exactly."""


#: The top-level keys of a parsed document, in order, each with its list's length (None: not a list).
Outline = dict[str, int | None]


def outline(data: Any) -> Outline | None:
    """What the structure pass checks against; small, so the parsed data itself can be let go."""
    if not isinstance(data, dict) or not data or not all(isinstance(key, str) for key in data):
        return None
    return {key: len(value) if isinstance(value, list) else None for key, value in data.items()}


def scan_positions(text: str, file: str, shape: Outline | None) -> PositionTable:
    """Positions of every value and key of `text`, which the fast reader read cleanly to a document of `shape`.

    `shape` is `outline(parsed_data)`. The table is lazy: spans are found when looked up. Each
    item is read against the fast reader's reading of that item's own text.
    """
    return ScannedTable(text, file, shape)


class _Spans(Mapping[KeyPath, Span]):
    """One side (values or keys) of a ScannedTable, as a read-only mapping."""

    def __init__(self, table: ScannedTable, keys: bool) -> None:
        self._table = table
        self._keys = keys

    def __getitem__(self, path: KeyPath) -> Span:
        span = self._table.find(path, self._keys)
        if span is None:
            raise KeyError(path)
        return span

    def __iter__(self) -> Iterator[KeyPath]:
        return iter(self._table.everything(self._keys))

    def __len__(self) -> int:
        return len(self._table.everything(self._keys))


class _Section:
    """A top-level key and what the structure pass knows of its value."""

    __slots__ = ("checkpoints", "dash_column", "dashes", "end", "end_mark", "key", "line", "start")

    def __init__(self, key: str, start: int, line: int) -> None:
        self.key = key
        self.start = start  # offset of the key's line
        self.line = line
        self.end = 0  # offset of the next top-level key, or the end of the text
        self.end_mark: tuple[int, int] = (0, 0)  # where the next token starts (line, column)
        self.dash_column = -1  # column of the list's dashes; -1: not a block list
        self.dashes = array("q")  # offset of each item's dash
        self.checkpoints = array("q")  # line of every CHECKPOINT-th dash

    def line_of(self, index: int, text: str) -> int:
        """The line of item `index`'s dash: counted from the nearest checkpoint before it."""
        mark = index - index % CHECKPOINT
        return self.checkpoints[mark // CHECKPOINT] + text.count("\n", self.dashes[mark], self.dashes[index])


class ScannedTable(PositionTable):
    """A PositionTable whose spans are found on demand (see the module docstring)."""

    __slots__ = ("_cache", "_end", "_exact", "_file", "_parts", "_sections", "_shape", "_text", "stats")

    def __init__(self, text: str, file: str, shape: Outline | None) -> None:
        self._text = text
        self._file = file
        self._shape = shape
        self._exact: PositionTable | None = None
        self._end: tuple[int, int] | None = None
        self._cache: OrderedDict[tuple[str, int], PositionTable] = OrderedDict()  # items, oldest first
        self._parts: dict[str, PositionTable] = {}  # top-level values that are not block lists
        self._sections: dict[str, _Section] = {}
        #: How spans were found: items read by the line scanner, pieces composed exactly,
        #: and whether the whole file had to be composed.
        self.stats = {"scanned": 0, "composed": 0, "whole_file": 0}
        self.values = _Spans(self, keys=False)  # type: ignore[assignment]
        self.keys = _Spans(self, keys=True)  # type: ignore[assignment]
        try:
            self._structure()
        except _WholeFile:
            self._compose_whole_file()

    def _compose_whole_file(self) -> None:
        self._exact = exact.read(self._text, self._file).positions or PositionTable()
        self.stats["whole_file"] = 1

    # --- the structure pass --------------------------------------------------------

    def _structure(self) -> None:
        text, shape = self._text, self._shape
        if shape is None or any(b in text for b in _ODD_BREAKS):
            raise _WholeFile  # libyaml counts NEL, LS and PS as line breaks; str.split does not
        if "\r" in text and text.count("\r") != text.count("\r\n"):
            raise _WholeFile  # a lone CR is a line break too
        last_line = text[text.rfind("\n") + 1 :]
        if last_line and (not last_line.strip() or last_line.lstrip().startswith("#")):
            raise _WholeFile  # such a last line moves some end marks; rare enough to compose exactly
        starts = [0] if text[:1] not in ("", " ", "\t", "\r", "\n", "#", "-") else []
        starts += [m.end() for m in _TOP_LINE.finditer(text)]
        sections: list[_Section] = []
        line, previous = 1, 0
        for start in starts:
            match = _TOP_KEY.match(text, start)
            if match is None:
                raise _WholeFile
            line += text.count("\n", previous, start)
            previous = start
            sections.append(_Section(match.group(1), start, line))
        if [s.key for s in sections] != list(shape):
            raise _WholeFile
        for section, after in zip(sections, [*sections[1:], None], strict=True):
            section.end = after.start if after else len(text)
            section.end_mark = (after.line, 1) if after else (0, 0)  # the end of the text: see _end_mark
            if shape[section.key] is not None:
                self._find_items(section)
            self._sections[section.key] = section

    def _find_items(self, section: _Section) -> None:
        """Where each item of a block list starts; counted against the data."""
        text = self._text
        line_end = text.find("\n", section.start, section.end)
        if line_end < 0:
            return
        inline = text[section.start : line_end].split(":", 1)[1].strip()
        if inline and not inline.startswith("#"):
            return  # a flow list or a scalar: composed exactly
        first = _FIRST_CONTENT.search(text, line_end, section.end)
        if first is None or text[first.end()] != "-" or text[first.end() + 1 : first.end() + 2] not in (
            " ", "\t", "\r", "\n", "",
        ):
            return
        column = len(first.group(1))
        dash = re.compile(r"\n" + " " * column + r"-(?=[ \t\r\n]|\Z)")
        dashes = array("q", (m.end() - 1 for m in dash.finditer(text, line_end, section.end)))
        if len(dashes) != self._shape[section.key]:  # type: ignore[index]
            raise _WholeFile
        # Lines of every CHECKPOINT-th dash; an item's own line is counted from its checkpoint.
        marks = [section.start, *dashes[::CHECKPOINT]]
        counts = (text.count("\n", a, b) for a, b in pairwise(marks))
        section.checkpoints = array("q", accumulate(counts, initial=section.line))[1:]
        section.dashes = dashes
        section.dash_column = column

    # --- lookups -------------------------------------------------------------------

    def find(self, path: KeyPath, keys: bool) -> Span | None:
        if self._exact is None:
            try:
                return self._find(path, keys)
            except _WholeFile:
                self._compose_whole_file()
        assert self._exact is not None
        return (self._exact.keys if keys else self._exact.values).get(path)

    def _find(self, path: KeyPath, keys: bool) -> Span | None:
        if not path:
            return None if keys else self._root()
        section = self._sections.get(path[0])  # type: ignore[arg-type]
        if section is None:
            return None
        if len(path) == 1:
            return self._section_key(section) if keys else self._section_value(section)
        if section.dash_column < 0:
            part = self._section_table(section)
            return (part.keys if keys else part.values).get(path)
        index = path[1]
        if not isinstance(index, int) or not 0 <= index < len(section.dashes):
            return None
        item = self._item(section, index)
        return (item.keys if keys else item.values).get(path[2:])

    def everything(self, keys: bool) -> dict[KeyPath, Span]:
        """Every span (the whole file scanned, then kept): for tests and for iteration."""
        if self._exact is None:
            try:
                self._exact = self._all()
            except _WholeFile:
                self._compose_whole_file()
        assert self._exact is not None
        return self._exact.keys if keys else self._exact.values

    def _all(self) -> PositionTable:
        table = PositionTable()
        table.values[()] = self._root()
        for key, section in self._sections.items():
            table.keys[(key,)] = self._section_key(section)
            if section.dash_column < 0:
                part = self._section_table(section)
                table.values.update(part.values)
                table.keys.update(part.keys)
                continue
            table.values[(key,)] = self._section_value(section)
            for index in range(len(section.dashes)):
                item = self._item(section, index)
                table.values.update(((key, index, *p), s) for p, s in item.values.items())
                table.keys.update(((key, index, *p), s) for p, s in item.keys.items())
        return table

    def _root(self) -> Span:
        first = next(iter(self._sections.values()))
        return (first.line, 1, *self._eof())

    def _eof(self) -> tuple[int, int]:
        """Where libyaml ends the document: the line after the last, even without a final newline."""
        if self._end is None:
            text = self._text
            self._end = (text.count("\n") + (1 if text.endswith("\n") else 2), 1)
        return self._end

    def _end_mark(self, section: _Section) -> tuple[int, int]:
        return section.end_mark if section.end_mark[0] else self._eof()

    @staticmethod
    def _section_key(section: _Section) -> Span:
        return (section.line, 1, section.line, 1 + len(section.key))

    def _section_value(self, section: _Section) -> Span | None:
        if section.dash_column < 0:
            return self._section_table(section).values.get((section.key,))
        if not section.dashes:
            return None
        return (section.checkpoints[0], section.dash_column + 1, *self._end_mark(section))

    def _section_table(self, section: _Section) -> PositionTable:
        """A top-level value that is not a block list (`chain:`, `views: []`): composed exactly."""
        cached = self._parts.get(section.key)
        if cached is None:
            part = self._text[section.start : section.end]
            cached = _compose_part(part, self._file, section.line, _fast_parse(part), ())
            self.stats["composed"] += 1
            del cached.values[()]  # the piece's own root, not the file's
            self._parts[section.key] = cached
        return cached

    def _item(self, section: _Section, index: int) -> PositionTable:
        cached = self._cache.get((section.key, index))
        if cached is not None:
            return cached
        text, column = self._text, section.dash_column
        dash = section.dashes[index]
        last = index + 1 == len(section.dashes)
        end = section.end if last else section.dashes[index + 1]
        line = section.line_of(index, text)
        end_mark = self._end_mark(section) if last else (section.line_of(index + 1, text), column + 1)
        part = text[dash - column : end]
        parsed = _fast_parse(part)
        if not isinstance(parsed, list) or len(parsed) != 1:
            raise _WholeFile  # the item's text does not stand alone
        data = parsed[0]
        try:
            table = _flat_item(part, column, line, end_mark, data) or _LineScanner(part, line, end_mark).item(
                column, data
            )
            self.stats["scanned"] += 1
        except _Unsupported:
            table = _compose_part(part, self._file, line, [data], (0,))
            self.stats["composed"] += 1
        self._remember((section.key, index), table)
        return table

    def _remember(self, key: tuple[str, int], table: PositionTable) -> None:
        if len(self._cache) >= ITEM_CACHE_SIZE:
            self._cache.popitem(last=False)  # O(1); deleting a dict's first key repeatedly is not
        self._cache[key] = table


def _fast_parse(part: str) -> Any:
    """The fast reader's reading of a piece of the file: what the scanner must agree with."""
    try:
        return fast.read_piece(part)
    except fast.Unreadable as error:
        raise _WholeFile from error  # an alias to an anchor elsewhere, say


def _compose_part(part: str, file: str, first_line: int, expected: Any, root: KeyPath) -> PositionTable:
    """Exact spans of a piece of the file, numbered as in the file, under `root` made relative.

    The piece must read as `expected` (what the whole file's parse gave for it), else the
    piece depended on the rest of the file and the whole file is composed instead.
    """
    parsed = exact.read(part, file)
    if parsed.problems or parsed.data != expected or parsed.positions is None:
        raise _WholeFile
    shift = first_line - 1
    table = PositionTable()
    cut = len(root)
    for side, found in ((table.values, parsed.positions.values), (table.keys, parsed.positions.keys)):
        for path, (line, column, end_line, end_column) in found.items():
            if path[:cut] == root and (path or not root):
                side[path[cut:]] = (line + shift, column, end_line + shift, end_column)
    return table


# One `key: value` line of a flat item: a plain value with no ':', '#' or quote, or a one-line
# flow list of such values, then perhaps a comment. Most items of a chain have only such lines.
_FLAT_LINE = re.compile(
    r"( *)(?:(-) +)?([A-Za-z_][A-Za-z0-9_.-]*): +"
    r"(\[[^\[\]{}#'\":\r\n]*\]|[^\s\[\]{}#'\"&*!|>%@`?,:-][^#:\r\n]*?)"
    r"(?:[ \t]+#[^\r\n]*)?[ \t]*\r?"
)
_NOT_FLAT_START = frozenset("&*!|>%@`?-")


def _flat_item(part: str, column: int, first_line: int, end_mark: tuple[int, int], data: Any) -> PositionTable | None:
    """The spans of an item made only of flat lines (the common case, in one regex per line).

    None when the item has any other line; the general scanner then reads it.
    """
    if type(data) is not dict:
        return None
    table = PositionTable()
    values, keys = table.values, table.keys
    key_column = count = 0
    for li, line in enumerate(part.split("\n")):
        match = _FLAT_LINE.fullmatch(line)
        if match is None:
            rest = line.lstrip(" \t\r")
            if rest and rest[0] != "#":
                return None
            continue
        if li == 0:
            if match.group(2) is None or len(match.group(1)) != column:
                return None
            key_column = match.start(3)
        elif match.group(2) is not None or match.start(3) != key_column:
            return None
        key = match.group(3)
        if key not in data or (key,) in keys:
            return None
        line_no = first_line + li
        keys[(key,)] = (line_no, key_column + 1, line_no, match.end(3) + 1)
        text, start, value = match.group(4), match.start(4), data[key]
        if text[0] == "[":
            if not _flat_list(text, start, line_no, key, value, values):
                return None
        elif isinstance(value, (dict, list)) or (type(value) is str and value != text):
            return None
        values[(key,)] = (line_no, start + 1, line_no, match.end(4) + 1)
        count += 1
    if count != len(data) or count == 0:
        return None
    values[()] = (first_line, key_column + 1, *end_mark)
    return table


def _flat_list(text: str, start: int, line_no: int, key: str, value: Any, values: dict[KeyPath, Span]) -> bool:
    """Spans of the items of a flow list `text` ('[a, b]') found at column `start`; False if unsure."""
    if type(value) is not list:
        return False
    pieces = text[1:-1].split(",")
    if len(pieces) > 1 and not pieces[-1].strip(" \t"):
        pieces.pop()  # a trailing comma
    elif len(pieces) == 1 and not pieces[0].strip(" \t"):
        return not value  # []
    if len(pieces) != len(value):
        return False
    at = start + 1
    for i, piece in enumerate(pieces):
        item = piece.strip(" \t")
        if not item or item[0] in _NOT_FLAT_START:
            return False
        expected = value[i]
        if isinstance(expected, (dict, list)) or (type(expected) is str and expected != item):
            return False
        begin = at + len(piece) - len(piece.lstrip(" \t"))
        values[(key, i)] = (line_no, begin + 1, line_no, begin + len(item) + 1)
        at += len(piece) + 1
    return True


class _LineScanner:
    """Reads one list item (the text from its line to the next token) against its data.

    Spans are recorded relative to the item: () is the item itself. Raises _Unsupported
    for anything outside the subset it knows, or when what it reads disagrees with `data`.
    """

    def __init__(self, part: str, first_line: int, end_mark: tuple[int, int]) -> None:
        self.lines = [line[:-1] if line.endswith("\r") else line for line in part.split("\n")]
        self.count = len(self.lines)
        self.first_line = first_line
        self.end_mark = end_mark
        self.table = PositionTable()

    def item(self, column: int, data: Any) -> PositionTable:
        li = self._entry(0, column, (), data)
        if self._next_content(li) < self.count:
            raise _Unsupported  # lines left over: not the shape the scanner took it for
        return self.table

    # --- lines ---------------------------------------------------------------------

    def _next_content(self, li: int) -> int:
        """The first line at or after `li` that is neither blank nor a comment."""
        lines = self.lines
        while li < self.count:
            stripped = lines[li].lstrip(" \t")
            if stripped and stripped[0] != "#":
                return li
            li += 1
        return li

    def _indent(self, li: int) -> int:
        line = self.lines[li]
        indent = len(line) - len(line.lstrip(" "))
        if line[indent] == "\t":
            raise _Unsupported  # a tab in indentation
        return indent

    def _is_dash(self, li: int, column: int) -> bool:
        line = self.lines[li]
        return line[column : column + 1] == "-" and line[column + 1 : column + 2] in ("", " ", "\t")

    def _end_after(self, li: int) -> tuple[int, int]:
        """Where the next token after line `li - 1` starts: a collection's end mark."""
        li = self._next_content(li)
        if li < self.count:
            return (self.first_line + li, self._indent(li) + 1)
        return self.end_mark

    def _span(self, li: int, start: int, end: int) -> Span:
        line = self.first_line + li
        return (line, start + 1, line, end + 1)

    # --- block nodes ---------------------------------------------------------------

    def _block(self, li: int, column: int, path: KeyPath, data: Any) -> int:
        if self._is_dash(li, column):
            return self._sequence(li, column, path, data)
        if _KEY.match(self.lines[li], column):
            return self._mapping(li, column, path, data)
        raise _Unsupported  # a scalar on its own line: it may span lines

    def _mapping(self, li: int, column: int, path: KeyPath, data: Any) -> int:
        """A block mapping whose first key is at (li, column); later keys at that column."""
        if not isinstance(data, dict):
            raise _Unsupported
        start, seen, first = li, 0, True
        while True:
            if not first:
                li = self._next_content(li)
                if li >= self.count:
                    break
                indent = self._indent(li)
                if indent < column or (indent == column and self._is_dash(li, column)):
                    break  # the parent's next entry (a dash at this column: an indentless list)
                if indent > column:
                    raise _Unsupported
            first = False
            line = self.lines[li]
            match = _KEY.match(line, column)
            if match is None:
                raise _Unsupported
            key = match.group(1)
            child = (*path, key)
            if key not in data or child in self.table.keys:
                raise _Unsupported
            self.table.keys[child] = self._span(li, column, match.end() - 1)
            seen += 1
            li = self._value(li, match.end(), column, child, data[key])
        if seen != len(data):
            raise _Unsupported
        self.table.values[path] = (self.first_line + start, column + 1, *self._end_after(li))
        return li

    def _sequence(self, li: int, column: int, path: KeyPath, data: Any) -> int:
        """A block sequence whose dashes are at `column`, the first on line li."""
        if not isinstance(data, list):
            raise _Unsupported
        start, count = li, 0
        while True:
            if count:
                li = self._next_content(li)
                if li >= self.count or self._indent(li) < column:
                    break
                if self._indent(li) > column:
                    raise _Unsupported
                if not self._is_dash(li, column):
                    break  # an indentless list ends at its mapping's next key
            if count >= len(data):
                raise _Unsupported
            li = self._entry(li, column, (*path, count), data[count])
            count += 1
        if count != len(data):
            raise _Unsupported
        self.table.values[path] = (self.first_line + start, column + 1, *self._end_after(li))
        return li

    def _entry(self, li: int, column: int, path: KeyPath, data: Any) -> int:
        """One '- ' entry of a sequence, the dash at (li, column)."""
        line = self.lines[li]
        at = column + 1
        if line[at : at + 1] == "\t":
            raise _Unsupported
        while line[at : at + 1] == " ":
            at += 1
        if at >= len(line) or line[at] == "#":  # the entry's node starts on a later line
            below = self._next_content(li + 1)
            if below < self.count and self._indent(below) > column:
                return self._block(below, self._indent(below), path, data)
            raise _Unsupported  # an empty entry (null)
        if self._is_dash(li, at):
            raise _Unsupported  # a list directly in a list ("- - x")
        if _KEY.match(line, at):
            return self._mapping(li, at, path, data)
        return self._inline_then(li, at, column, path, data)

    def _value(self, li: int, at: int, column: int, path: KeyPath, data: Any) -> int:
        """The value after a mapping key ending at (li, at), the key at `column`."""
        line = self.lines[li]
        while line[at : at + 1] in (" ", "\t"):
            at += 1
        if at < len(line) and line[at] != "#":
            return self._inline_then(li, at, column, path, data)
        below = self._next_content(li + 1)
        if below < self.count:
            indent = self._indent(below)
            if indent > column or (indent == column and self._is_dash(below, column)):
                return self._block(below, indent, path, data)
        raise _Unsupported  # an empty value (null): its mark is not worth modelling

    def _inline_then(self, li: int, at: int, column: int, path: KeyPath, data: Any) -> int:
        self._inline(li, at, path, data)
        below = self._next_content(li + 1)
        if below < self.count and self._indent(below) > column:
            raise _Unsupported  # plain text continued on the next line
        return li + 1

    # --- one-line values -----------------------------------------------------------

    def _inline(self, li: int, at: int, path: KeyPath, data: Any) -> None:
        line = self.lines[li]
        first = line[at]
        if first == "[":
            end = self._flow_sequence(li, at, path, data)
        elif first == "{":
            if not line.startswith("{}", at) or data != {}:
                raise _Unsupported
            end = at + 2
        else:
            end, text, exact = _scalar(line, at, block=True)
            _check_scalar(text, exact, data)
        rest = line[end:]
        stripped = rest.lstrip(" \t")
        if stripped and (stripped[0] != "#" or stripped == rest):
            raise _Unsupported
        self.table.values[path] = self._span(li, at, end)

    def _flow_sequence(self, li: int, at: int, path: KeyPath, data: Any) -> int:
        """A flow list of scalars on one line, '[' at `at`; returns the index after ']'."""
        if not isinstance(data, list):
            raise _Unsupported
        line = self.lines[li]
        i, count = at + 1, 0
        while True:
            while line[i : i + 1] in (" ", "\t"):
                i += 1
            if i >= len(line):
                raise _Unsupported  # continues on the next line
            if line[i] == "]":
                break
            if count >= len(data):
                raise _Unsupported
            end, text, exact = _scalar(line, i, block=False)
            _check_scalar(text, exact, data[count])
            self.table.values[(*path, count)] = self._span(li, i, end)
            count += 1
            i = end
            while line[i : i + 1] in (" ", "\t"):
                i += 1
            if line[i : i + 1] == ",":
                i += 1
            elif line[i : i + 1] != "]":
                raise _Unsupported
        if count != len(data):
            raise _Unsupported
        return i + 1


def _scalar(line: str, at: int, block: bool) -> tuple[int, str | None, bool]:
    """A one-line scalar at `at`: (index after it, its text or None if unsure, quoted?)."""
    first = line[at]
    if first == '"':
        i = at + 1
        while i < len(line) and line[i] != '"':
            i += 2 if line[i] == "\\" else 1
        if i >= len(line):
            raise _Unsupported  # continues on the next line
        inner = line[at + 1 : i]
        if "\\" not in inner:
            return i + 1, inner, True
        try:  # JSON's escapes are a subset of YAML's; others are simply not compared
            return i + 1, json.loads(f'"{inner}"', strict=False), True
        except ValueError:
            return i + 1, None, True
    if first == "'":
        i = at + 1
        while True:
            i = line.find("'", i)
            if i < 0:
                raise _Unsupported
            if line[i + 1 : i + 2] != "'":
                break
            i += 2
        return i + 1, line[at + 1 : i].replace("''", "'"), True
    if first in _NOT_PLAIN or (first in "-:" and line[at + 1 : at + 2] in ("", " ", "\t")):
        raise _Unsupported
    if block:
        comment = _COMMENT.search(line, at)
        end = comment.start() if comment else len(line)
        text = line[at:end].rstrip(" \t")
        if ": " in text or "\t" in text or text.endswith(":"):
            raise _Unsupported
    else:
        end = at
        while end < len(line) and line[end] not in _FLOW_STOP:
            end += 1
        text = line[at:end].rstrip(" \t")
        if line[end : end + 1] in ("#", ":") or "\t" in text:
            raise _Unsupported
    return at + len(text), text, False


def _check_scalar(text: str | None, quoted: bool, data: Any) -> None:
    """What the scanner read must be what the parser read."""
    if isinstance(data, (dict, list)):
        raise _Unsupported
    if isinstance(data, str):
        if text is not None and text != data:
            raise _Unsupported
    elif quoted:
        raise _Unsupported  # quoted text is always a string
