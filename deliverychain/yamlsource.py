"""Reading YAML safely and fast, with exact positions when they are needed.

Two readers, one result:
- the fast path, `yaml-rs` (Rust, YAML 1.2), reads a valid file into plain data;
- the exact path, PyYAML's composer with a YAML 1.2 core resolver, keeps every node's
  position. It reports syntax errors, duplicate keys (both places), tags and alias
  bombs, and builds the position index when a finding needs a line number.
Both use YAML 1.2 scalars, so `no`, `on` and `yes` stay text (the YAML 1.1 trap) and
dates stay text until the model parses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from deliverychain.findings import Finding, Location, Related
from deliverychain.positions import KeyPath, PositionTable, Span
from deliverychain.rules.base import Rule
from deliverychain.rules.dc002_yaml_syntax import RULE as YAML_SYNTAX
from deliverychain.rules.dc003_duplicate_key import RULE as DUPLICATE_KEY
from deliverychain.rules.dc004_unsafe_yaml import RULE as UNSAFE_YAML

#: Chains never nest deeper than ~6 levels; this stops stack exhaustion on hostile input.
MAX_DEPTH = 64
#: Total nodes after alias expansion; far above any real chain's use of aliases.
MAX_EXPANDED_NODES = 5_000_000
#: Alias replays the fast parser may do before it refuses (billion-laughs guard).
MAX_ALIAS_EVENTS = 200_000

# A document marker at the start of a line. Anchored on a literal newline (the start of the
# text is checked separately) because `^` with MULTILINE makes re try every position: 0.4 s
# on a 48 MB chain instead of 0.03 s.
_DOCUMENT_MARKER = re.compile(r"\n(?:---|\.\.\.)(?=[ \t\r\n]|\Z)")
_RS_POSITION = re.compile(r"at line (\d+), column (\d+)")
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

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_ALLOWED_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _SEQ, _MAP})


@dataclass
class Parsed:
    data: Any = None
    problems: list[Finding] = field(default_factory=list)
    positions: PositionTable | None = None


def make_problem(
    rule: Rule,
    message: str,
    location: Location,
    hint: str = "",
    subject: str = "",
    related: tuple[Related, ...] = (),
) -> Finding:
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=rule.severity,
        message=message,
        subject=subject or f"{location.line}:{location.column}",
        location=location,
        hint=hint,
        related=related,
    )


def parse(text: str, file: str) -> Parsed:
    """Plain data from YAML text, or the problems that stop it being read."""
    if (_has_tag(text) or _has_document_marker(text) or _may_nest_deeply(text)
            or _has_number_yaml_rs_misreads(text) or _has_block_scalar_yaml_rs_misreads(text)):
        return parse_exact(text, file)
    import yaml_rs

    try:
        data = yaml_rs.loads(
            text,
            parse_datetime=False,
            alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_EVENTS),
        )
    except yaml_rs.YAMLDecodeError as error:
        match = _RS_POSITION.search(str(error))
        if match is None:
            # Duplicate keys and alias limits come without a position: find it exactly.
            return parse_exact(text, file)
        line, column = int(match.group(1)), int(match.group(2))
        message = str(error).strip().splitlines()[-1].strip()
        if "tab" in message:  # yaml-rs points at the text before the tab; PyYAML at the tab
            return parse_exact(text, file)
        return Parsed(problems=[_syntax_problem(text, file, line, column, message)])
    except (ValueError, OverflowError):  # yaml-rs failing some other way: the exact path decides
        return parse_exact(text, file)
    return Parsed(data=data)


_QUOTED = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'")


def _unclosed_bracket(text: str, line: int) -> tuple[int, int] | None:
    """The nearest line before `line` that opens a '[' or '{' it never closes (line, column)."""
    lines = text.splitlines()
    for number in range(min(line, len(lines)), max(0, line - 20), -1):
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


def _syntax_problem(text: str, file: str, line: int, column: int, message: str) -> Finding:
    lines = _LINE_BREAKS.split(text)
    if line > len(lines) or column > len(lines[line - 1]) + 1:
        # yaml-rs places an error at the end of a file without a final newline on the line
        # after it: the end of the text is the place.
        line = min(line, len(lines))
        column = len(lines[line - 1]) + 1
    unclosed = _unclosed_bracket(text, line)
    if unclosed is not None:
        opened = Location(file, *unclosed)
        return make_problem(
            YAML_SYNTAX, f"YAML syntax error: the bracket opened at line {opened.line} is not closed",
            opened, "close the list with ']' (or the mapping with '}') on the same line",
            related=(Related(Location(file, line, column), f"the parser noticed here: {message}"),),
        )
    at = lines[line - 1][column - 1 : column] if line > 0 and column > 0 else ""
    hint = _syntax_hint("found a tab" if at == "\t" else message)  # libyaml does not name the character
    return make_problem(YAML_SYNTAX, f"YAML syntax error: {message}", Location(file, line, column), hint)


def _has_tag(text: str) -> bool:
    """A '!' where a YAML tag can start: first in the text, or after whitespace or '[', '{', ','.

    str.find skips between '!'s at C speed; a regex with alternatives before the '!' tries
    every position (1.4 s on a 48 MB chain).
    """
    at = text.find("!")
    while at != -1:
        if at == 0 or text[at - 1].isspace() or text[at - 1] in "[{,":
            return True
        at = text.find("!", at + 1)
    return False


def _has_document_marker(text: str) -> bool:
    return bool(_DOCUMENT_MARKER.search(text) or _DOCUMENT_MARKER.match("\n" + text[:4]))


_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEP = [0] * 256
for _byte in b"[{":
    _BRACKET_STEP[_byte] = 1
for _byte in b"]}":
    _BRACKET_STEP[_byte] = -1


def _deeply_nested_flow(text: str) -> bool:
    """Flow brackets nested past MAX_DEPTH; checked before any recursive parser sees them.

    Counted over the whole text at C speed: the brackets alone (UTF-8 never uses their bytes
    inside other characters), then a running sum. A loop over every character took 4 s on
    a 48 MB chain; this takes 0.1 s.
    """
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return False
    brackets = text.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0) > MAX_DEPTH


def _may_nest_deeply(text: str) -> bool:
    """Nesting past MAX_DEPTH is possible: flow brackets, or a long run of block indentation."""
    return (_deeply_nested_flow(text) or bool(_DEEP_BLOCK_LINE.search(text))
            or bool(re.match(r"[ \t?:-]{64}", text)))


def _too_deep(text: str, file: str) -> Finding | None:
    """Where nesting first passes MAX_DEPTH, from the parser's events, else None.

    Both readers build nested data recursively and crash the interpreter (not an exception:
    a segfault) at some 10,000 to 30,000 levels. libyaml's event parser keeps its own stack,
    so counting its events is safe at any depth, and fast (a million levels in 5 ms).

    PyYAML 6.0.4 and later refuse 1,000 levels while *scanning*, and the scanner reads ahead
    of the parser (an opening bracket may start a key), so that refusal can come before the
    parser has passed MAX_DEPTH. The text before the refusal holds every level up to it:
    reading just that text finds the place where MAX_DEPTH is passed.
    """
    import yaml

    try:
        return _first_too_deep_event(text, file)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        if "maximum nesting depth" not in str(error.problem) or mark is None or not 0 < mark.index < len(text):
            return None  # a syntax error before any deep nesting: the composer reports it
        try:
            return _first_too_deep_event(text[: mark.index], file)
        except yaml.YAMLError:
            return None
    except yaml.YAMLError:
        return None


def _first_too_deep_event(text: str, file: str) -> Finding | None:
    from yaml.events import CollectionEndEvent, CollectionStartEvent

    loader = _exact_loader()(text)
    depth = 0
    try:
        while (event := loader.get_event()) is not None:
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return make_problem(
                        UNSAFE_YAML, f"nested more than {MAX_DEPTH} levels deep",
                        Location(file, mark.line + 1, mark.column + 1),
                        "A chain needs only a few levels of nesting.",
                    )
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
    return None


def _has_number_yaml_rs_misreads(text: str) -> bool:
    if _PREFIXED_NUMBER.search(text):
        return True
    end = 0
    if text.startswith("_"):  # the pattern looks one character back, which the first '_' lacks
        text = " " + text
    while (match := _UNDERSCORE_NUMBER.search(text, end)) is not None:
        start = end = match.start()
        while start > 0 and text[start - 1] in _NUMBER_CHARS:
            start -= 1
        while end < len(text) and text[end] in _NUMBER_CHARS:
            end += 1  # the search goes on after this token: linear even in "1_1_1_..."
        if _RS_NUMBER.fullmatch(text[start:end].replace("_", "")):
            return True
    return False


def _syntax_hint(message: str) -> str:
    lowered = message.lower()
    if "tab" in lowered:
        return "YAML indents with spaces, never tabs: replace the tab with spaces."
    if "indent" in lowered or "':'" in message:
        return "Check the indentation and that every key is followed by ': ' (colon and space)."
    if "quote" in lowered or "scalar" in lowered:
        return "Check that every quote you open is closed on the same value."
    if "flow" in lowered or "]" in message or "}" in message:
        return "Check that every '[' or '{' is closed."
    return "Check the indentation and punctuation at this line."


# --- the exact path -----------------------------------------------------------------


def _resolver_class() -> type:
    from yaml.resolver import BaseResolver

    class Yaml12Resolver(BaseResolver):
        """YAML 1.2 core schema: `no`, `on`, `yes` are text; `0755` is a decimal."""

    add = Yaml12Resolver.add_implicit_resolver
    add(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    add(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
    add(_INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789"))
    add(
        _FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+0123456789."),
    )
    return Yaml12Resolver


def _loader_class() -> type:
    import yaml

    try:
        from yaml.cyaml import CParser as Parser

        bases: tuple[type, ...] = (Parser,)
    except ImportError:  # PyYAML without libyaml: the pure-Python reader is slower, same result
        from yaml.composer import Composer
        from yaml.parser import Parser as PyParser
        from yaml.reader import Reader
        from yaml.scanner import Scanner

        bases = (Reader, Scanner, PyParser, Composer)
    resolver = _resolver_class()

    class ExactLoader(*bases, resolver):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            for base in bases:
                base.__init__(self, stream)  # type: ignore[misc]
            resolver.__init__(self)

    del yaml
    return ExactLoader


_LOADER: type | None = None


def _has_block_scalar_yaml_rs_misreads(text: str) -> bool:
    """A '|' or '>' block that yaml-rs misreads: one with no lines in it ("\\n" for ""), or
    one that ends the file without a final line break (a line break added).

    Cautious: a block whose first line is not indented past its key (or past the '|' itself)
    counts, and so does any block in a file that does not end with a line break. The
    indicators are found with str.find, at C speed (a regex with a character class tries
    every position: 0.25 s on a 48 MB chain).
    """
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


def _exact_loader() -> type:
    global _LOADER
    if _LOADER is None:
        _LOADER = _loader_class()
    return _LOADER


def _mark_span(node: Any) -> Span:
    start, end = node.start_mark, node.end_mark
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def parse_exact(text: str, file: str) -> Parsed:
    """Data, every position and every problem, from PyYAML's composer."""
    import yaml

    if _may_nest_deeply(text):
        too_deep = _too_deep(text, file)
        if too_deep is not None:
            return Parsed(problems=[too_deep])
    loader = _exact_loader()(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = error.problem or error.context or "invalid YAML"
        if "expected a single document" in str(error.context):
            what = "a chain file holds one YAML document, but a second one starts here ('---')"
            return Parsed(problems=[make_problem(YAML_SYNTAX, f"YAML syntax error: {what}",
                                                 Location(file, line, column), "remove the second document")])
        return Parsed(problems=[_syntax_problem(text, file, line, column, what)])
    except yaml.YAMLError as error:
        return Parsed(problems=[make_problem(YAML_SYNTAX, f"YAML syntax error: {error}",
                                             Location(file, 1, 1), _syntax_hint(str(error)))])
    finally:
        loader.dispose()
    if node is None:
        return Parsed(data=None, positions=PositionTable())
    builder = _Builder(file)
    data = builder.build(node, ())
    return Parsed(data=data, problems=builder.problems, positions=builder.table)


class _Builder:
    """Turns composed nodes into plain data, recording spans and problems on the way."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.table = PositionTable()
        self.problems: list[Finding] = []
        self.expanded = 0
        self._done: dict[int, tuple[Any, int]] = {}  # node id -> (value, expanded size)
        self._too_big = False

    def _location(self, node: Any) -> Location:
        span = _mark_span(node)
        return Location(self.file, *span)

    def build(self, node: Any, path: KeyPath, depth: int = 0) -> Any:
        from yaml.nodes import MappingNode, SequenceNode

        seen = self._done.get(id(node))
        if seen is not None:  # an alias: shared, counted at its expanded size
            self.expanded += seen[1]
            if self.expanded > MAX_EXPANDED_NODES and not self._too_big:
                self._too_big = True
                self.problems.append(make_problem(
                    UNSAFE_YAML, "aliases here expand to more data than any chain needs "
                    f"(over {MAX_EXPANDED_NODES:,} values): an alias bomb?",
                    self._location(node), "Write the data out without '&anchors' and '*aliases'.",
                ))
            return None if self._too_big else seen[0]
        if depth > MAX_DEPTH:
            self.problems.append(make_problem(
                UNSAFE_YAML, f"nested more than {MAX_DEPTH} levels deep",
                self._location(node), "A chain needs only a few levels of nesting.",
            ))
            return None
        self.table.values[path] = _mark_span(node)
        if node.tag not in _ALLOWED_TAGS:
            self.problems.append(make_problem(
                UNSAFE_YAML, f"the YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not "
                "allowed in a chain file", self._location(node),
                "Remove the tag: a chain file holds plain data (text, numbers, lists, mappings).",
            ))
            return None
        before = self.expanded
        self.expanded += 1
        value: Any
        if isinstance(node, MappingNode):
            value = self._mapping(node, path, depth)
        elif isinstance(node, SequenceNode):
            value = [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        else:
            value = _scalar(node)
        self._done[id(node)] = (value, self.expanded - before)
        return value

    def _mapping(self, node: Any, path: KeyPath, depth: int) -> dict[Any, Any]:
        from yaml.nodes import ScalarNode

        result: dict[Any, Any] = {}
        first_seen: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(make_problem(
                    UNSAFE_YAML, "YAML merge keys ('<<') are not supported in chain files",
                    self._location(key_node), "Write the keys out in full.",
                ))
                continue
            if not isinstance(key_node, ScalarNode):
                self.problems.append(make_problem(
                    YAML_SYNTAX, "a key must be plain text, not a list or mapping",
                    self._location(key_node), "Write the key as a simple word.",
                ))
                continue
            key = _scalar(key_node)
            if key in first_seen:
                earlier = self._location(first_seen[key])
                self.problems.append(make_problem(
                    DUPLICATE_KEY, f"duplicate key '{key}' (also at line {earlier.line})",
                    self._location(key_node), "Keep one of the two; YAML would silently drop one.",
                    related=(Related(earlier, f"first '{key}' is here"),),
                ))
                self.problems.append(make_problem(
                    DUPLICATE_KEY, f"duplicate key '{key}' (again at line {key_node.start_mark.line + 1})",
                    earlier, "Keep one of the two; YAML would silently drop one.",
                    related=(Related(self._location(key_node), f"second '{key}' is here"),),
                ))
                continue
            first_seen[key] = key_node
            child = (*path, key)
            self.table.keys[child] = _mark_span(key_node)
            result[key] = self.build(value_node, child, depth + 1)
        return result


def _scalar(node: Any) -> Any:
    value: str = node.value
    tag = node.tag
    if tag == _STR:
        return value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value[0] in "tT"
    if tag == _INT:
        try:
            if value.startswith("0o"):
                number = int(value[2:], 8)
            elif value.startswith("0x"):
                number = int(value[2:], 16)
            else:
                number = int(value)
            if number.bit_length() > 10_000:
                str(number)  # Python refuses to write out numbers of over 4,300 digits
        except ValueError:  # such a number, hostile in a chain file: kept as the text it is
            return value
        return number
    if tag == _FLOAT:
        lowered = value.lower()
        if lowered.endswith("inf"):
            return float("-inf") if lowered.startswith("-") else float("inf")
        if lowered.endswith("nan"):
            return float("nan")
        return float(value)
    return value
