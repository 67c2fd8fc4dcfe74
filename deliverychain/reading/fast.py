"""The fast reader: yaml-rs (Rust, YAML 1.2), plain data without positions.

It reads a valid chain 17-90 times faster than PyYAML, but keeps no positions, places
some errors nowhere, and misreads a few things; the reader table (`readers.py`) keeps
from it the texts it would misread. It declines (returns None) what it cannot place, and
the exact reader then reads the text: duplicate keys and alias limits (yaml-rs reports
them without a line), a tab (yaml-rs points at the text before it, PyYAML at the tab), and
any other failure of its own.
"""

from __future__ import annotations

import re
from typing import Any

from deliverychain.reading import problems
from deliverychain.reading.parsed import Parsed

#: Alias replays the fast parser may do before it refuses (billion-laughs guard).
MAX_ALIAS_EVENTS = 200_000

# yaml-rs says where an error is only in its message.
_RS_POSITION = re.compile(r"at line (\d+), column (\d+)")


def read(text: str, file: str) -> Parsed | None:
    """Plain data from YAML text, or its syntax error; None when the exact reader must decide."""
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
            return None  # duplicate keys and alias limits come without a position
        message = str(error).strip().splitlines()[-1].strip()
        if "tab" in message:
            return None  # yaml-rs points at the text before the tab; PyYAML at the tab
        line, column = int(match.group(1)), int(match.group(2))
        return Parsed(problems=[problems.syntax(text, file, line, column, message)])
    except TypeError:
        return None  # yaml-rs failing on a key that is a list holding a list ('? description: |')
    except (ValueError, OverflowError):
        return None  # yaml-rs failing some other way
    return Parsed(data=data)


class Unreadable(Exception):
    """A piece of a file that yaml-rs cannot read on its own (an alias to an anchor elsewhere)."""


def read_piece(part: str) -> Any:
    """The fast reader's reading of a piece of a file that it read whole: what a scan must agree with."""
    import yaml_rs

    try:
        return yaml_rs.loads(part, parse_datetime=False)
    except yaml_rs.YAMLDecodeError as error:
        raise Unreadable from error
