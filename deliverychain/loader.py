"""Load a chain file: read, parse, validate, cross-check; report every problem at once."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deliverychain.errors import ChainError
from deliverychain.findings import Finding, Location
from deliverychain.model import Chain
from deliverychain.positions import PositionIndex
from deliverychain.rules.dc001_unreadable_file import RULE as UNREADABLE
from deliverychain.rules.dc002_yaml_syntax import RULE as YAML_SYNTAX
from deliverychain.rules.dc004_unsafe_yaml import RULE as UNSAFE_YAML
from deliverychain.yamlsource import Parsed, make_problem, parse, parse_exact

#: Larger files are refused before reading: ten times the largest national chain we know.
MAX_FILE_BYTES = 512 * 1024 * 1024


@dataclass
class LoadResult:
    chain: Chain | None
    problems: list[Finding] = field(default_factory=list)
    text: str | None = None


def load(path: str | os.PathLike[str]) -> Chain:
    """The typed chain in `path`, or ChainError listing every problem with its place."""
    result = check_file(path)
    if result.chain is None:
        raise ChainError(result.problems)
    return result.chain


def loads(text: str, file: str = "<string>") -> Chain:
    result = check_text(text, file)
    if result.chain is None:
        raise ChainError(result.problems)
    return result.chain


def check_file(path: str | os.PathLike[str]) -> LoadResult:
    """Load without raising: a chain, or the problems that stop it loading."""
    name = str(path)
    from deliverychain.sheets import is_spreadsheet

    if is_spreadsheet(Path(path)):  # a workbook or a folder of CSV files: the same data, cells for lines
        from deliverychain.sheets.reader import read_spreadsheet
        from deliverychain.sheets.wording import restate

        with _collector_paused(freeze_after=os.environ.get(ONE_SHOT_ENV) == "1"):
            parsed, cells = read_spreadsheet(Path(path))
            result = _check_parsed(parsed, cells, name, None)
        return LoadResult(result.chain, restate(result.problems, cells))
    text_or_problem = read_text(Path(path))
    if isinstance(text_or_problem, Finding):
        return LoadResult(None, [text_or_problem])
    return check_text(text_or_problem, name)


def read_text(path: Path) -> str | Finding:
    name = str(path)
    here = Location(name, 1, 1)
    try:
        if path.is_dir():
            return make_problem(UNREADABLE, f"'{name}' is a folder, not a chain file", here,
                                "give the path of a .yaml file inside it", subject="file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return make_problem(UNREADABLE, f"'{name}' is {size // 2**20} MB, larger than any chain",
                                here, "check that this is the chain file you meant", subject="file")
        raw = path.read_bytes()
    except FileNotFoundError:
        return make_problem(UNREADABLE, f"no such file: '{name}'", here,
                            "check the path; `chain init FILE` writes a new chain", subject="file")
    except PermissionError:
        return make_problem(UNREADABLE, f"no permission to read '{name}'", here, "", subject="file")
    except OSError as error:
        return make_problem(UNREADABLE, f"cannot read '{name}': {error.strerror}", here, "", subject="file")
    except ValueError:  # a path with a NUL character in it, which no file system allows
        return make_problem(UNREADABLE, f"no such file: {name!r}", here, "", subject="file")
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str | Finding:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
        return make_problem(UNREADABLE, "the file is saved as UTF-16", Location(name, 1, 1),
                            "save it as UTF-8 (most editors offer this in Save As)", subject="file")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark, as some Windows editors write
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        # in characters, as editors count: the bytes before it on its line are valid UTF-8
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        return make_problem(
            UNREADABLE, f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
            Location(name, line, column),
            "save the file as UTF-8; text pasted from a spreadsheet is the usual cause", subject="file",
        )


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: a zero byte beside most ASCII characters."""
    head = raw[:4096]
    return len(head) >= 4 and max(head[0::2].count(0), head[1::2].count(0)) * 3 > len(head)


#: Bytes of ordinary text: printable ASCII, tab, newline, carriage return.
_TEXT_BYTES = bytes(range(0x20, 0x7F)) + b"\t\n\r"
#: Characters a chain file cannot hold: those YAML forbids (control characters, unpaired
#: surrogates, U+FFFE/U+FFFF), the line separators NEL, U+2028 and U+2029, which one of our
#: two YAML readers counts as line breaks and the other does not, and a byte-order mark
#: anywhere but the start (two files pasted together), which they also read differently.
#: yaml-rs would silently drop everything after a NUL.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_LINE_BREAK = re.compile(r"\r\n?|\n")


def _forbidden_character(text: str, file: str) -> Finding | None:
    """The first character a chain file cannot hold, as a problem at its place.

    Ordinary ASCII is dropped first at C speed (0.08 s for a 48 MB chain), so the pattern only
    runs over what is left.
    """
    rest = text.encode("utf-8", "surrogatepass").translate(None, _TEXT_BYTES)
    found = _NOT_TEXT.search(rest.decode("utf-8", "surrogatepass")) if rest else None
    if found is None:
        return None
    at = text.index(found.group())
    line_start = max((m.end() for m in _LINE_BREAK.finditer(text, 0, at)), default=0)
    line = len(_LINE_BREAK.findall(text, 0, at)) + 1
    what = {"\x85": "line separator", "\u2028": "line separator", "\u2029": "line separator",
            "\ufeff": "byte-order mark"}.get(found.group(), "control character")
    return make_problem(
        UNREADABLE, f"the file contains an invisible {what} (U+{ord(found.group()):04X})",
        Location(file, line, at - line_start + 1),
        "delete it; it usually comes with text pasted from another program "
        "(to start a new line inside a text, use a newline)", subject="file",
    )


def _json_int(digits: str) -> int | str:
    """A JSON integer, or its digits as text when Python will not convert that many (4,300)."""
    try:
        return int(digits)
    except ValueError:
        return digits


def _parse_json(text: str, file: str) -> Parsed:
    duplicates = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicates
        result = dict(items)
        duplicates = duplicates or len(result) != len(items)
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=_json_int)
    except json.JSONDecodeError as error:
        return Parsed(problems=[make_problem(YAML_SYNTAX, f"JSON syntax error: {error.msg}",
                                             Location(file, error.lineno, error.colno),
                                             "check for a missing comma, quote or bracket")])
    except RecursionError:  # json's reader recurses; YAML is checked for this before reading
        return Parsed(problems=[make_problem(UNSAFE_YAML, "nested thousands of levels deep",
                                             Location(file, 1, 1), "A chain needs only a few levels of nesting.")])
    return parse_exact(text, file) if duplicates else Parsed(data=data)


def check_text(text: str, file: str = "<string>") -> LoadResult:
    """Load text without raising: a chain, or the problems that stop it loading."""
    freeze = len(text) > FREEZE_ABOVE_BYTES and os.environ.get(ONE_SHOT_ENV) == "1"
    with _collector_paused(freeze_after=freeze):
        try:
            return _check_text(text, file)
        except ValueError as error:
            # yaml-rs reads integers of any length, and Python refuses to write out one of
            # over 4,300 digits, which the checks do. Only a hostile file has one: it is read
            # again by the exact path, which keeps such a number as the text written.
            if "integer string conversion" not in str(error):
                raise
            return _check_text(text, file, exact=True)


#: Above this size (about 4,000 actors) the loaded chain is handed to `gc.freeze()`.
FREEZE_ABOVE_BYTES = 2 * 1024 * 1024
#: Set by the `chain` command, whose process ends after one command. Only then is a large
#: chain frozen: in a notebook, freezing would also exempt everything made before the load
#: from the cycle collector for the rest of the session.
ONE_SHOT_ENV = "DELIVERYCHAIN_ONE_SHOT"


@contextmanager
def _collector_paused(freeze_after: bool) -> Iterator[None]:
    """Keep Python's cycle collector off while millions of objects are made.

    A chain's data holds no reference cycles, yet the collector rescans everything made so
    far each time the pile grows by a quarter: 6 s of a 19 s load at 100,000 actors. With
    the collector back on, the first collections would still rescan the whole pile, so a
    large chain is frozen (`gc.freeze`): it stays freed by reference counting as usual, and
    only the collector stops looking at it.
    """
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze_after:
            gc.freeze()
        if was_enabled:
            gc.enable()


def _check_text(text: str, file: str, exact: bool = False) -> LoadResult:
    if text.startswith("\ufeff"):
        text = text[1:]
    hidden = _forbidden_character(text, file)
    if hidden is not None:
        return LoadResult(None, [hidden], text)
    if exact:
        parsed = parse_exact(text, file)
    else:
        parsed = _parse_json(text, file) if file.endswith(".json") else parse(text, file)
    # Syntax errors stop reading; duplicate keys and unsafe features do not, so the rest
    # of the file is still checked and every problem is reported in one run.
    if any(p.rule_id == YAML_SYNTAX.id for p in parsed.problems):
        return LoadResult(None, list(parsed.problems), text)
    return _check_parsed(parsed, _position_index(text, file, parsed), file, text)


def _check_parsed(parsed: Parsed, positions: PositionIndex, file: str, text: str | None) -> LoadResult:
    """Cross-references and the model, for data read from a chain file or a spreadsheet."""
    from pydantic import ValidationError

    from deliverychain.chunked import validate_chain
    from deliverychain.semantics import semantic_problems
    from deliverychain.validation import validation_problems

    problems = list(parsed.problems)
    if parsed.data is None:
        return LoadResult(None, problems or [_empty_problem(file)], text)
    problems += semantic_problems(parsed.data, positions)
    try:
        chain = validate_chain(parsed.data)  # large chains in chunks; parsed.data is let go
    except ValidationError as error:
        problems += validation_problems(error, positions)
        return LoadResult(None, _sorted(problems), text)
    if problems:
        return LoadResult(None, _sorted(problems), text)
    chain._file = file
    chain._positions = positions
    return LoadResult(chain, [], text)


def _sorted(problems: list[Finding]) -> list[Finding]:
    return sorted(problems, key=Finding.sort_key)


def _position_index(text: str, file: str, parsed: Parsed) -> PositionIndex:
    known = parsed.positions
    if known is not None:
        return PositionIndex(file, lambda: known)
    from deliverychain.linescan import outline, scan_positions

    shape = outline(parsed.data)  # what the scanner checks the file's structure against
    return PositionIndex(file, lambda: scan_positions(text, file, shape))


def _empty_problem(file: str) -> Finding:
    from deliverychain.rules.dc005_not_a_chain import RULE as NOT_A_CHAIN

    return make_problem(NOT_A_CHAIN, "the file is empty", Location(file, 1, 1),
                        "run `chain init FILE` for a commented template", subject="file")
