"""The exact reader: PyYAML's composer (with libyaml) and a YAML 1.2 core resolver.

It keeps every node's position, and reports what the fast reader cannot place: syntax
errors, duplicate keys (at both places), tags, merge keys and alias bombs. It reads
YAML 1.2 scalars, as the fast reader does, so `no`, `on` and `yes` stay text (the YAML 1.1
trap) and dates stay text until the model parses them. About 20 times slower than the
fast reader, so it reads a whole file only when the reader table (`readers.py`) says so;
positions for a file read fast are found a piece at a time (`linescan.py`).
"""

from __future__ import annotations

import re
from typing import Any

from deliverychain.findings import Finding, Location
from deliverychain.reading import problems
from deliverychain.reading.parsed import Parsed
from deliverychain.reading.positions import KeyPath, PositionTable, Span
from deliverychain.reading.sniffs import CORE_FLOAT, CORE_INT, MAX_DEPTH, deep_nesting
from deliverychain.reading.text import Source

#: Total nodes after alias expansion; far above any real chain's use of aliases.
MAX_EXPANDED_NODES = 5_000_000

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_ALLOWED_TAGS = frozenset({_STR, _INT, _FLOAT, _BOOL, _NULL, _SEQ, _MAP})


def read(text: str, file: str) -> Parsed:
    """Data, every position and every problem, from PyYAML's composer."""
    import yaml

    if deep_nesting(Source(text, file)):
        nested = _too_deep(text, file)
        if nested is not None:
            return Parsed(problems=[nested])
    loader = _exact_loader()(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark is not None and "quoted scalar" in str(error.context):
            mark = error.context_mark  # the quote left open, not the end of the file where the reader gave up
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "expected a single document" in str(error.context):
            return Parsed(problems=[problems.second_document(Location(file, line, column))])
        what = error.problem or error.context or "invalid YAML"
        return Parsed(problems=[problems.syntax(text, file, line, column, what)])
    except yaml.YAMLError as error:
        return Parsed(problems=[problems.unreadable_yaml(file, str(error))])
    finally:
        loader.dispose()
    if node is None:
        return Parsed(data=None, positions=PositionTable())
    builder = _Builder(file)
    data = builder.build(node, ())
    return Parsed(data=data, problems=builder.problems, positions=builder.table)


# --- nesting ----------------------------------------------------------------------------


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
                    return problems.too_deep(Location(file, mark.line + 1, mark.column + 1), MAX_DEPTH)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()
    return None


# --- the loader ---------------------------------------------------------------------------


def _resolver_class() -> type:
    from yaml.resolver import BaseResolver

    class Yaml12Resolver(BaseResolver):
        """YAML 1.2 core schema: `no`, `on`, `yes` are text; `0755` is a decimal."""

    add = Yaml12Resolver.add_implicit_resolver
    add(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    add(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
    add(_INT, CORE_INT, list("-+0123456789"))
    add(_FLOAT, CORE_FLOAT, list("-+0123456789."))
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


def _exact_loader() -> type:
    global _LOADER
    if _LOADER is None:
        _LOADER = _loader_class()
    return _LOADER


def _mark_span(node: Any) -> Span:
    start, end = node.start_mark, node.end_mark
    return (start.line + 1, start.column + 1, end.line + 1, end.column + 1)


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
                self.problems.append(problems.alias_bomb(self._location(node), MAX_EXPANDED_NODES))
            return None if self._too_big else seen[0]
        if depth > MAX_DEPTH:
            self.problems.append(problems.too_deep(self._location(node), MAX_DEPTH))
            return None
        self.table.values[path] = _mark_span(node)
        if node.tag not in _ALLOWED_TAGS:
            self.problems.append(problems.tag(self._location(node), node.tag.replace("tag:yaml.org,2002:", "!!")))
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
                self.problems.append(problems.merge_key(self._location(key_node)))
                continue
            if not isinstance(key_node, ScalarNode):
                self.problems.append(problems.key_not_text(self._location(key_node)))
                continue
            key = _scalar(key_node)
            if key in first_seen:
                self.problems += problems.duplicate_key(key, self._location(first_seen[key]), self._location(key_node))
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
