"""What a person most likely got wrong, from the lines around a YAML syntax error.

A YAML reader says what it could not do ("mapping values are not allowed in this
context"); someone drafting a chain needs to hear what to change ("this text has ': ' in
it: put it in quotes"). `diagnose` looks at the line where the reader stopped and the line
before it, and names the first of these common mistakes that fits:

- a tab in the indentation, or a first line indented when the rest are not;
- a quote opened and never closed, or text after the closing quote (`'Coach's group`);
- inside `{ }`, a ',' missing or a text with ': ' in it;
- a list started on its key's line (`carries: - money`);
- a text that starts with a character YAML reserves (`@`, `*`, `&`, `[`, `|`...);
- a list item without a space after its dash (`-id: coach`);
- a list item among the keys of a block, or a key among list items;
- a key with no ':' after it (`kind coach`, `kind:coach`, `kind = coach`), or a text that
  does not go on the line of its key and is not indented under it either;
- a line indented more or less than the lines around it;
- a text with ': ' in it (`note: Sessions: in groups`).

It reads the lines, not the YAML, and is right for the mistakes above; when none fits, the
caller says so plainly. The reading is bounded: it reads at most `_LONG_LINE` characters of
a line, looks back at most `_LOOK_BACK` lines for the blocks open at the error, and reads
the lines before the error once for a quote left open.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

#: How far back the indentation of the lines before the error is read.
_LOOK_BACK = 2000
#: How far back an unclosed quote is looked for.
_QUOTE_LOOK_BACK = 20
#: Characters of a line read; a key and its indentation come long before this.
_LONG_LINE = 2000
#: Texts longer than this are shortened in hints ('"Sees most ... refers."').
_LONG_TEXT = 80
#: Characters YAML reserves at the start of a plain value.
_RESERVED_START = "@`%&*|>?[{"
_RESERVED_WHY = {
    "@": "'@' is reserved in YAML",
    "`": "'`' is reserved in YAML",
    "%": "'%' starts a YAML directive",
    "&": "'&' starts a YAML anchor",
    "*": "'*' starts a reference to a YAML anchor",
    "|": "'|' starts a block of lines",
    ">": "'>' starts a block of folded lines",
    "?": "'? ' starts a YAML key",
    "[": "'[' starts a list",
    "{": "'{' starts a block of 'key: value' pairs",
}
# A key at the start of a line's content: plain text up to ': ' (or ':' at the end), or quoted.
_KEY = re.compile(
    r"""(?P<key>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s'"\[\]{}#&*!|>%@`,?:-](?:[^:#]|:(?=\S)|\#(?<!\s\#))*?)"""
    r"""[ \t]*:(?=[ \t]|$)"""
)


@dataclass(frozen=True)
class Diagnosis:
    """A mistake, where it is (1-based line and column, and the column just past it), and the fix."""

    line: int
    column: int
    end_column: int | None
    message: str
    hint: str


@dataclass
class _Line:
    number: int  # 1-based
    text: str
    indent: int  # spaces before the content (tabs are reported before this is used)
    content: str  # after the indentation, comment removed, trailing space removed
    dashes: list[int] = field(default_factory=list)  # columns (0-based) of '- ' list indicators
    body: int = 0  # 0-based column where the text after the dashes starts
    key: str | None = None
    value: str = ""  # after 'key:' (or the whole body when there is no key), stripped
    value_column: int = 0  # 0-based


def _without_comment(text: str) -> str:
    """`text` up to a ' #' comment that is outside quotes."""
    quote = ""
    for i, char in enumerate(text):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (i == 0 or text[i - 1] in " \t[{,:-"):
            quote = char
        elif char == "#" and (i == 0 or text[i - 1] in " \t"):
            return text[:i]
    return text


def _parse(number: int, text: str) -> _Line:
    indent = len(text) - len(text.lstrip(" "))
    content = _without_comment(text[indent:]).rstrip()
    line = _Line(number, text, indent, content)
    at = indent
    rest = content
    while rest == "-" or rest.startswith(("- ", "-\t")):
        line.dashes.append(at)
        stripped = rest[1:].lstrip(" \t")
        at += len(rest) - len(stripped)
        rest = stripped
    line.body = at
    match = _KEY.match(rest)
    if match:
        line.key = match.group("key")
        after = rest[match.end() :]
        line.value = after.strip()
        line.value_column = at + match.end() + (len(after) - len(after.lstrip()))
    else:
        line.value, line.value_column = rest, at
    return line


def _is_content(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


@dataclass
class _Open:
    """A block still open where the error is: the column its lines start at."""

    column: int  # 0-based
    item: bool  # a list item ('- ') rather than a key
    line: int
    key: str | None


class _Structure:
    """The blocks open before a line, read from the indentation of the lines before it."""

    def __init__(self, lines: Sequence[str], stop: int) -> None:
        self.open: list[_Open] = []
        #: The last line, when it opened a block ('key:' or '-' with nothing after): the next may go deeper.
        self.opener: _Line | None = None
        #: The last line, when its value is plain text (which may go on over more lines).
        self.plain: _Line | None = None
        start = max(1, stop - 1)  # the last line before `stop` that starts at the left edge: a top-level key
        while start > 1 and stop - start < _LOOK_BACK and not (lines[start - 1][:1] not in " \t#"
                                                               and lines[start - 1].strip()):
            start -= 1
        part_of_value_deeper_than: int | None = None
        for index in range(start - 1, stop - 1):
            if not _is_content(lines[index]):
                continue
            line = _parse(index + 1, lines[index])
            if part_of_value_deeper_than is not None and line.indent > part_of_value_deeper_than:
                continue  # a block of lines, a text over several lines, or a list or block in brackets
            self._add(line)
            self.opener = None if line.value else line
            self.plain = line if line.value and line.value[:1] not in "|>[{\"'" else None
            part_of_value_deeper_than = None
            if line.value:
                part_of_value_deeper_than = line.body if line.key is not None else (
                    line.dashes[-1] if line.dashes else line.indent)

    def _add(self, line: _Line) -> None:
        self.open = [block for block in self.open if block.column < line.indent]
        for column in line.dashes:
            self.open.append(_Open(column, True, line.number, None))
        if line.key is not None:
            self.open.append(_Open(line.body, False, line.number, line.key))

    def at(self, column: int) -> _Open | None:
        return next((block for block in self.open if block.column == column), None)


def _spaces(n: int) -> str:
    return f"{n} space" + ("" if n == 1 else "s")


def _quoted(text: str) -> str:
    """`text` in double quotes, or single quotes when it holds a double quote; shortened when long."""
    if len(text) > _LONG_TEXT:  # its first and last words, whole
        start = text[: _LONG_TEXT // 2].rsplit(" ", 1)[0] if " " in text[: _LONG_TEXT // 2] else text[: _LONG_TEXT // 2]
        end = text[-_LONG_TEXT // 3 :].split(" ", 1)[-1]
        text = f"{start} ... {end}"
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _with_lead(line: _Line, value: str) -> str:
    """`value` after what comes before the line's value ('note:', '-'), as an example to copy."""
    return f"{line.text[: line.value_column].strip()} {value}".strip()


# --- the mistakes, one function each -----------------------------------------------------


def _tab(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    text = lines[error - 1]
    if text[column - 1 : column] == "\t" and text[: column - 1].strip(" \t-"):
        return Diagnosis(error, column, column + 1, "a tab here: YAML does not allow tabs between the parts of a line",
                         "replace the tab with a space")
    for number in (error, error - 1):
        if number < 1:
            continue
        text = lines[number - 1]
        indentation = text[: len(text) - len(text.lstrip(" \t-"))]
        if "\t" in indentation:
            at = text.index("\t") + 1
            return Diagnosis(number, at, at + 1, "this line is indented with a tab",
                             "YAML indents with spaces only: replace the tab with spaces, lined up with the lines "
                             "around it")
    return None


def _indented_start(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    first = next((n for n in range(1, error + 1) if _is_content(lines[n - 1])), None)
    if first is None or first == error:
        return None
    start, here = _parse(first, lines[first - 1]), _parse(error, lines[error - 1])
    if start.indent == 0 or here.indent >= start.indent:
        return None
    return Diagnosis(first, 1, start.indent + 1,
                     f"this line is indented {_spaces(start.indent)}, but line {error} starts further left",
                     "start the top-level lines (chain:, actors:, links:...) at the left edge")


def _closing_quote(text: str, start: int) -> int:
    """The index of the quote that closes the one at `start` (across lines), or -1."""
    quote = text[start]
    at = start + 1
    while True:
        at = text.find(quote, at)
        if at == -1:
            return -1
        if quote == '"':
            before = at - 1
            while before > start and text[before] == "\\":
                before -= 1
            if (at - 1 - before) % 2 == 0:  # not escaped: an even number of backslashes before it
                return at
        elif text[at + 1 : at + 2] == "'":
            at += 1  # '' is a quote inside single quotes
        else:
            return at
        at += 1


def _not_closed(line: _Line) -> Diagnosis:
    """The quote that opens `line`'s value, never closed."""
    fixed = _quoted(line.value[1:].rstrip(line.value[0]))
    return Diagnosis(line.number, line.value_column + 1, line.value_column + 2,
                     "the quote that opens this text is not closed",
                     f"end the text with the same quote: {_with_lead(line, fixed)}")


def _quote(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    for number in range(error, max(0, error - _QUOTE_LOOK_BACK), -1):
        if not _is_content(lines[number - 1]):
            continue
        line = _parse(number, lines[number - 1])
        if line.value[:1] not in ("'", '"'):
            if number == error or (line.key is None and not line.dashes):
                continue  # the quote may open on a line above (a text over several lines)
            return None  # a key with no quote, between the error and any quote above
        following = "\n".join(lines[number - 1 : error])
        if any(len(text) >= _LONG_LINE for text in lines[number - 1 : error]):
            return None  # a line cut short: where its quote closes is not known
        close = _closing_quote(following, line.value_column)
        if close == -1:
            return _not_closed(line)
        if number + following.count("\n", 0, close) != error:
            return None  # closed before the error line: a text over several lines
        line_start = following.rfind("\n", 0, close) + 1
        after_quote = following[close + 1 :].split("\n", 1)[0]
        after = _without_comment(after_quote).strip()
        if not after or after.startswith((",", "]", "}", ":")):
            return None
        at = close - line_start + 1 + (len(after_quote) - len(after_quote.lstrip())) + 1
        if len(line.value) > 1 and line.value.endswith(line.value[0]):
            inside = line.value[1:-1]  # 'Coach's group' or 'Carers' and others': the outer quotes enclose it
        elif after_quote[:1].isspace():
            inside = line.value  # "Health" coach: the quotes are part of the text
        else:  # 'Coach's group: the quote that closed it is an apostrophe
            inside = line.value[1:]
        return Diagnosis(error, at, at + len(after), "this text ends at its closing quote, and more text follows it",
                         f"put the whole text in quotes: {_with_lead(line, _quoted(inside))}")
    return None


#: A line whose value (after any '- ' and 'key: ') starts with a quote.
_OPENS_QUOTE = re.compile(r"""[ ]*(?:-[ ]+)*(?:[^\s"'#\[{][^"'#]*?:[ ]+)?["']""")


def _quote_left_open(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    """The first text before the error whose quote is not closed on its line, when the next line is not indented
    under it: a quote left open, which a later quote may have closed far from here (PyYAML then stops there)."""
    for number in range(1, error + 1):
        text = lines[number - 1]
        opens = _OPENS_QUOTE.match(text) if ('"' in text or "'" in text) and len(text) < _LONG_LINE else None
        if opens is None or _closing_quote(text, opens.end() - 1) != -1:
            continue  # the common case, found without reading the line character by character
        line = _parse(number, text)
        if line.value[:1] not in ("'", '"') or _closing_quote(line.value, 0) != -1:
            continue
        following = _next_content(lines, number)
        if following is not None and following.indent <= line.body:
            return _not_closed(line)
    return None


def _flow_parts(text: str, stop: int) -> tuple[str, int, int] | None:
    """The innermost '[' or '{' open before `stop`, where it is, and where its current part starts."""
    opened: list[tuple[str, int, int]] = []  # bracket, where, where the part after its last ',' starts
    quote = ""
    for i, char in enumerate(text[:stop]):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'" and (i == 0 or text[i - 1] in " \t[{,:"):
            quote = char
        elif char in "[{":
            opened.append((char, i, i + 1))
        elif char in "]}" and opened:
            opened.pop()
        elif char == "," and opened:
            opened[-1] = (opened[-1][0], opened[-1][1], i + 1)
    return opened[-1] if opened else None


def _part_end(text: str, start: int) -> int:
    """Where the part of a '{ }' or '[ ]' that starts at `start` ends: the next ',' or bracket at its level."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "[{":
            depth += 1
        elif text[i] in "]}":
            if depth == 0:
                return i
            depth -= 1
        elif text[i] == "," and depth == 0:
            return i
    return len(text)


def _in_brackets(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    text = lines[error - 1]
    found = _flow_parts(text, column - 1)
    if found is None:
        return None
    bracket, _, part_start = found
    part = text[part_start : column - 1]
    pair = re.match(r"\s*([^:\s][^:]*?):\s+(\S.*?)\s*$", part)
    if bracket == "{" and pair and text[column - 1 : column] == ":":
        key, value = pair.groups()
        value_at = part_start + pair.start(2)
        whole = text[value_at : _part_end(text, value_at)].rstrip()
        quote_it = f"{key}: {_quoted(whole)}"
        if " " in value:
            before, last = value.rsplit(" ", 1)
            return Diagnosis(error, value_at + 1, value_at + 1 + len(whole),
                             "a ':' inside '{ }' that YAML cannot read: a ',' missing, or a text with ': ' in it",
                             f"if '{last}' starts a new 'key: value' pair, put a ',' before it "
                             f"({key}: {before}, {last}: ...); if the ': ' is part of the text, put the text in "
                             f"quotes: {quote_it}")
        return Diagnosis(error, value_at + 1, value_at + 1 + len(whole),
                         "this text has ': ' in it, which YAML reads as the start of another key",
                         f"put the text in quotes: {quote_it}")
    inside = "'{ }' holds 'key: value' pairs" if bracket == "{" else "'[ ]' holds items"
    return Diagnosis(error, column, None, f"YAML cannot read this part of a '{bracket}'",
                     f"{inside}, separated by ','; put any text with ',' or ': ' in it in quotes")


def _list_after_key(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    line = _parse(error, lines[error - 1])
    if line.key is None or not line.value.startswith("- "):
        return None
    items = ", ".join(item.strip() for item in re.split(r"(?:^|\s)-\s", line.value) if item.strip())
    return Diagnosis(error, line.value_column + 1, line.value_column + 2,
                     "a list cannot start on the same line as its key",
                     f"write '{line.key}: [{items}]', or put each '- item' on a line of its own, indented under "
                     f"'{line.key}'")


def _reserved_start(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    line = _parse(error, lines[error - 1])
    first = line.value[:1]
    if not first or first not in _RESERVED_START or column - 1 < line.value_column:
        return None
    if first in "[{" and not _text_after_brackets(line.value):
        return None  # a list or block (closed or not), not a text that starts with a bracket: not this mistake
    return Diagnosis(error, line.value_column + 1, line.value_column + 1 + len(line.value),
                     f"this text starts with '{first}', which YAML reads as part of its syntax "
                     f"({_RESERVED_WHY[first]})",
                     f"put the text in quotes: {_with_lead(line, _quoted(line.value))}")


def _text_after_brackets(text: str) -> bool:
    """Whether words follow the bracket that `text` starts with, once it is closed ('[Draft] plan')."""
    expected: list[str] = []
    for at, char in enumerate(text):
        if char in "[{":
            expected.append("]" if char == "[" else "}")
        elif char in "]}":
            if char != expected.pop():
                return False  # a bracket closed by the other kind: a bracket mistake, not a text
            if not expected:
                return any(c.isalnum() for c in text[at + 1 :])
    return False


_DASH_NO_SPACE = re.compile(r"-(?=[^\s\-.0-9])")


def _dash_without_space(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    for number in (error, error - 1):
        if number < 1 or not _is_content(lines[number - 1]):
            continue
        text = lines[number - 1]
        indent = len(text) - len(text.lstrip(" "))
        if _DASH_NO_SPACE.match(text, indent) and ":" in text:
            fixed = text[indent:].replace("-", "- ", 1)
            return Diagnosis(number, indent + 1, indent + 2, "a list item needs a space after its '-'",
                             f"write '{fixed.strip()}'")
    return None


def _item_among_keys(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    line = _parse(error, lines[error - 1])
    if not line.dashes:
        return None
    structure = _Structure(lines, error)
    block = structure.at(line.indent)
    if block is None or block.item or (structure.opener is not None and structure.opener.body == line.indent):
        return None
    items = [b for b in structure.open if b.item and b.column < line.indent]
    start_item = (f"; to start a new item of the list, line the '-' up with the one on line {items[-1].line}"
                  if items else "")
    return Diagnosis(error, line.indent + 1, line.indent + 2,
                     "a list item ('- ') among the 'key: value' lines of a block",
                     f"remove the '- ': the lines above it at this indentation are keys, like '{block.key}' on "
                     f"line {block.line}{start_item}")


def _key_among_items(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    line = _parse(error, lines[error - 1])
    if line.dashes or line.key is None:
        return None
    structure = _Structure(lines, error)
    block = structure.at(line.indent)
    if block is None or not block.item:
        return None
    keys = [b for b in structure.open if not b.item and b.line == block.line and b.column > block.column]
    into = (f"to put it in that item, indent it {_spaces(keys[0].column)}, like '{keys[0].key}'; "
            if keys else "to put it in that item, indent it further; ")
    return Diagnosis(error, line.indent + 1, line.indent + 1 + len(line.key),
                     f"this line lines up with the '-' on line {block.line}, but is not a list item",
                     f"{into}to start a new item, begin it with '- '; if this block is not a list, remove the "
                     f"'- ' on line {block.line}")


def _next_content(lines: Sequence[str], number: int) -> _Line | None:
    return next((_parse(n + 1, lines[n]) for n in range(number, min(len(lines), number + 5))
                 if _is_content(lines[n])), None)


def _missing_colon(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    for number in (error, error - 1):
        if number < 1 or not _is_content(lines[number - 1]):
            continue
        line = _parse(number, lines[number - 1])
        if line.key is not None or not line.value or line.value[:1] in "\"'[{|>-#":
            continue
        found = _no_colon(lines, line)
        if found is not None:
            return found
    return None


def _no_colon(lines: Sequence[str], line: _Line) -> Diagnosis | None:
    """What is wrong with a line that has no 'key:' where one was expected, if that is the mistake."""
    words = line.value
    start, end = line.body + 1, line.body + 1 + len(words)
    bare = re.match(r"([^\s:=]+)\s*(?:=|:(?!\s))\s*(.*)$", words)
    if bare:
        key, rest = bare.groups()
        what = "no space after the ':' on this line" if ":" in words.split("=")[0] else "'=' where YAML needs ':'"
        return Diagnosis(line.number, start, end, what, f"write '{key}: {rest}' (a colon and a space after the key)")
    following = _next_content(lines, line.number)
    if following is not None and following.indent > line.indent and " " not in words:
        return Diagnosis(line.number, start, end, f"no ':' after '{words}'", f"write '{words}:'")
    structure = _Structure(lines, line.number)
    opener, plain = structure.opener, structure.plain
    siblings = structure.at(line.body)
    beside_keys = (siblings is not None and not siblings.item) or (
        following is not None and following.key is not None and following.body == line.body)
    if opener is not None and opener.key is not None and opener.body == line.body and len(words.split()) > 2:
        return Diagnosis(line.number, start, end,
                         f"this text is not indented under '{opener.key}' on line {opener.number}",
                         f"put it on the same line: '{opener.key}: {words}', or indent it further than "
                         f"'{opener.key}'")
    if not beside_keys:
        return None
    if plain is not None and plain.key is not None and len(words.split()) > 2:
        return Diagnosis(line.number, start, end,
                         f"this line is neither a key (it has no ':') nor indented as more of the text of "
                         f"'{plain.key}' on line {plain.number}",
                         f"join it to line {plain.number}, or indent it further than '{plain.key}'")
    parts = words.split(None, 1)
    if len(parts) == 2 and len(words.split()) <= 3:
        return Diagnosis(line.number, start, start + len(parts[0]), "no ':' after the key on this line",
                         f"write '{parts[0]}: {parts[1]}' (a colon and a space after the key)")
    return Diagnosis(line.number, start, end, "this line has no ':', but the lines around it are 'key: value'",
                     "write it as 'key: value', or join it to the line above if it is more of that text")


def _indentation(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    line = _parse(error, lines[error - 1])
    structure = _Structure(lines, error)
    if structure.opener is not None and line.indent > structure.opener.indent:
        return None  # the first line of a new block may start anywhere to the right
    columns = [b for b in structure.open if b.item == bool(line.dashes)] or structure.open
    if not columns or any(b.column == line.indent for b in structure.open):
        return None
    nearest = min(columns, key=lambda b: (abs(b.column - line.indent), -b.column))
    what = f"'{nearest.key}'" if nearest.key is not None else "the '-'"
    if nearest.column == 0:
        fix = f"start it at the left edge, like {what} on line {nearest.line}"
    else:
        fix = f"indent it {_spaces(nearest.column)}, like {what} on line {nearest.line}"
    plain = structure.plain
    looks_like_text = line.key is None or " " in line.key
    if plain is not None and plain.key is not None and line.indent > plain.body and looks_like_text:
        fix += f"; if it goes on with the text of '{plain.key}', put that whole text in quotes"
    return Diagnosis(error, 1, line.indent + 1,
                     f"this line is indented {_spaces(line.indent)}; the lines around it use {nearest.column}",
                     fix)


def _colon_in_text(lines: Sequence[str], error: int, column: int) -> Diagnosis | None:
    line = _parse(error, lines[error - 1])
    if line.key is None or not line.value or line.value[:1] in "\"'[{|>&*!":
        return None
    if ": " not in line.value and not line.value.endswith(":"):
        return None
    return Diagnosis(error, line.value_column + 1, line.value_column + 1 + len(line.value),
                     "this text has ': ' in it, which YAML reads as the start of another key",
                     f"put the text in quotes: {_with_lead(line, _quoted(line.value))}")


#: In order: the first that fits is the diagnosis.
_MISTAKES = (_tab, _indented_start, _quote, _quote_left_open, _in_brackets, _list_after_key, _reserved_start,
             _dash_without_space, _item_among_keys, _key_among_items, _missing_colon, _indentation, _colon_in_text)


def diagnose(lines: Sequence[str], line: int, column: int) -> Diagnosis | None:
    """The mistake that most likely made a YAML reader stop at (`line`, `column`), or None."""
    if not 1 <= line <= len(lines):
        return None
    lines = _Clipped(lines)
    for mistake in _MISTAKES:
        found = mistake(lines, line, column)
        if found is not None:
            return found
    return None


class _Clipped(Sequence[str]):
    """The lines, each cut at `_LONG_LINE` characters as it is read: a huge line costs no more than a long one."""

    def __init__(self, lines: Sequence[str]) -> None:
        self._lines = lines

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [line[:_LONG_LINE] for line in self._lines[index]]
        return self._lines[index][:_LONG_LINE]
