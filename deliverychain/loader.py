"""Load a chain file: read, parse, validate, cross-check; report every problem at once."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deliverychain.errors import ChainError
from deliverychain.findings import Finding, Location
from deliverychain.model import Chain
from deliverychain.positions import PositionIndex
from deliverychain.rules.format import UNREADABLE, YAML_SYNTAX
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
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str | Finding:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return make_problem(UNREADABLE, "the file is saved as UTF-16", Location(name, 1, 1),
                            "save it as UTF-8 (most editors offer this in Save As)", subject="file")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark, as some Windows editors write
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return make_problem(
            UNREADABLE, f"the file is not valid UTF-8 (byte 0x{raw[error.start]:02x})",
            Location(name, line, column),
            "save the file as UTF-8; text pasted from a spreadsheet is the usual cause", subject="file",
        )


def _parse_json(text: str, file: str) -> Parsed:
    duplicates = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicates
        result = dict(items)
        duplicates = duplicates or len(result) != len(items)
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as error:
        return Parsed(problems=[make_problem(YAML_SYNTAX, f"JSON syntax error: {error.msg}",
                                             Location(file, error.lineno, error.colno),
                                             "check for a missing comma, quote or bracket")])
    return parse_exact(text, file) if duplicates else Parsed(data=data)


def check_text(text: str, file: str = "<string>") -> LoadResult:
    """Load text without raising: a chain, or the problems that stop it loading."""
    with _collector_paused(freeze_after=len(text) > FREEZE_ABOVE_BYTES):
        return _check_text(text, file)


#: Above this size (about 4,000 actors) the loaded chain is handed to `gc.freeze()`.
FREEZE_ABOVE_BYTES = 2 * 1024 * 1024


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


def _check_text(text: str, file: str) -> LoadResult:
    from pydantic import ValidationError

    from deliverychain.semantics import semantic_problems
    from deliverychain.validation import validation_problems

    if text.startswith("\ufeff"):
        text = text[1:]
    parsed = _parse_json(text, file) if file.endswith(".json") else parse(text, file)
    # Syntax errors stop reading; duplicate keys and unsafe features do not, so the rest
    # of the file is still checked and every problem is reported in one run.
    problems = list(parsed.problems)
    if any(p.rule_id == YAML_SYNTAX.id for p in problems):
        return LoadResult(None, problems, text)
    positions = _position_index(text, file, parsed)
    if parsed.data is None:
        return LoadResult(None, problems or [_empty_problem(file)], text)
    problems += semantic_problems(parsed.data, positions)
    try:
        chain = Chain.model_validate(parsed.data)
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
    from deliverychain.linescan import scan_positions

    data = parsed.data  # the scanner checks what it reads against the parsed data
    return PositionIndex(file, lambda: scan_positions(text, file, data))


def _empty_problem(file: str) -> Finding:
    from deliverychain.rules.format import NOT_A_CHAIN

    return make_problem(NOT_A_CHAIN, "the file is empty", Location(file, 1, 1),
                        "run `chain init FILE` for a commented template", subject="file")
