"""The JSON reader, for chain files named `.json`: the standard library's, at C speed."""

from __future__ import annotations

import json
from typing import Any

from deliverychain.findings import Location
from deliverychain.reading import problems
from deliverychain.reading.parsed import Parsed


def _json_int(digits: str) -> int | str:
    """A JSON integer, or its digits as text when Python will not convert that many (4,300)."""
    try:
        return int(digits)
    except ValueError:
        return digits


def read(text: str, file: str) -> Parsed | None:
    """Plain data, or the syntax error; None for duplicate keys, which JSON reads without saying where."""
    duplicates = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicates
        result = dict(items)
        duplicates = duplicates or len(result) != len(items)
        return result

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=_json_int)
    except json.JSONDecodeError as error:
        return Parsed(problems=[problems.json_syntax(Location(file, error.lineno, error.colno), error.msg)])
    except RecursionError:  # json's reader recurses; YAML is checked for this before reading
        return Parsed(problems=[problems.json_too_deep(file)])
    return None if duplicates else Parsed(data=data)
