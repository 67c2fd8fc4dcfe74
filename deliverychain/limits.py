"""Every limit `chain` puts on its work, in one place, with how to raise each one.

A limit keeps time and memory bounded whatever a chain file holds: a diagram of a million
boxes, a name of a million characters, a PNG the size of a wall. Hitting one is never a
crash: a label is cut with an ellipsis, anything else stops with exit 2 and a message that
names the limit, what was asked for, and how to raise it.

Each limit has a default, an environment variable (`DELIVERYCHAIN_LIMIT_<NAME>`, for
scripts, CI and the Python API) and, on the commands it applies to, `--limit NAME=VALUE`.
The option wins over the variable for one command; both only ever change the one limit
named. docs/robustness.md lists them all ("Limits"; tests/test_limits.py checks the table
against `LIMITS`).

    >>> from deliverychain import limits
    >>> limits.get("actors")
    1000
    >>> with limits.using({"actors": 5000}):
    ...     limits.get("actors")
    5000

This module imports nothing from deliverychain, so any layer can read it.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

ENV_PREFIX = "DELIVERYCHAIN_LIMIT_"


@dataclass(frozen=True)
class Limit:
    #: The name in `--limit NAME=VALUE` and in the environment variable.
    name: str
    default: int
    #: What the number counts ("characters", "seconds").
    unit: str
    #: What it limits, for the documentation and `chain render --help`.
    meaning: str
    #: Which commands it applies to, for the documentation.
    applies_to: str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


LIMITS: dict[str, Limit] = {limit.name: limit for limit in (
    Limit("label", 200, "characters",
          "one label in a diagram (a name, a title, a group); a longer one is cut and ends with '\u2026'. "
          "Longer text (the intent under the title, hover text) may be five times as long",
          "render, report, diff diagrams"),
    Limit("actors", 1_000, "boxes",
          "boxes in one diagram: actors, or groups of them when a large chain collapses",
          "render, report"),
    Limit("links", 5_000, "lines", "lines in one diagram", "render, report"),
    Limit("seconds", 60, "seconds",
          "time Graphviz may take to lay out one diagram (the system `dot`, or the WebAssembly build)",
          "render (detail style), report"),
    Limit("megapixels", 50, "megapixels", "one PNG (a picture of 50 megapixels takes about 150 MB)",
          "render"),
    Limit("pages", 100, "pages", "pages of a board drawing split to fit the paper", "render"),
    Limit("problems", 100, "problems",
          "problems and findings reported of each rule for each file; one more line says how many more "
          "there are (the exit code still counts them all)",
          "validate, audit, diff, watch"),
    Limit("wait", 10, "seconds",
          "time to wait for a named pipe, socket or device given as a chain file (or standard input) "
          "to send something before giving up on it",
          "every command that reads a chain"),
)}

_NONE: Mapping[str, int] = MappingProxyType({})
_overrides: contextvars.ContextVar[Mapping[str, int]] = contextvars.ContextVar("deliverychain_limits", default=_NONE)
_NUMBER = re.compile(r"^\s*([0-9][0-9_,]*)\s*([kKmMgG]?)\s*$")
_SCALE = {"": 1, "k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


class LimitSettingError(ValueError):
    """A limit set to something that is not a limit (a typo in `--limit` or the environment)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(f"{message} ({hint})")
        self.message = message
        self.hint = hint


def _known(name: str) -> Limit:
    limit = LIMITS.get(name)
    if limit is None:
        raise LimitSettingError(f"no limit called '{name}'", f"the limits are: {', '.join(LIMITS)}")
    return limit


def parse_value(name: str, text: str) -> int:
    """A limit's value: a whole number of at least 1, with `_` or `,` between digits and an
    optional k, M or G (thousand, million, billion)."""
    _known(name)
    match = _NUMBER.match(text)
    if match is None or int(match.group(1).replace("_", "").replace(",", "")) < 1:
        raise LimitSettingError(f"the limit '{name}' must be a whole number of at least 1, not '{text}'",
                                f"for example {name}={LIMITS[name].default * 2}")
    return int(match.group(1).replace("_", "").replace(",", "")) * _SCALE[match.group(2).lower()]


def parse_setting(text: str) -> tuple[str, int]:
    """'actors=5000' -> ('actors', 5000), as `--limit` takes it."""
    name, equals, value = text.partition("=")
    name = name.strip().lower()
    if not equals:
        raise LimitSettingError(f"'{text}' is not NAME=VALUE",
                                f"for example --limit actors=2000; the limits are: {', '.join(LIMITS)}")
    return name, parse_value(name, value)


def from_environment(environ: Mapping[str, str] | None = None) -> dict[str, int]:
    """The limits set in the environment; a variable that names no limit, or has a value that is
    not one, is an error rather than silently ignored."""
    environ = os.environ if environ is None else environ
    found = {}
    for key, text in environ.items():
        if key.startswith(ENV_PREFIX):
            name = key[len(ENV_PREFIX):].lower()
            try:
                found[name] = parse_value(name, text)
            except LimitSettingError as error:
                raise LimitSettingError(f"{key}: {error.message}", error.hint) from None
    return found


def get(name: str) -> int:
    """The limit in force: set by `using`, else by the environment, else the default."""
    limit = _known(name)
    chosen = _overrides.get()
    if name in chosen:
        return chosen[name]
    text = os.environ.get(limit.env)
    return limit.default if text is None else parse_value(name, text)


@contextlib.contextmanager
def using(values: Mapping[str, int]) -> Iterator[None]:
    """Limits raised (or lowered) for the code inside, on top of those already in force."""
    for name in values:
        _known(name)
    token = _overrides.set({**_overrides.get(), **values})
    try:
        yield
    finally:
        _overrides.reset(token)


def how_to_raise(name: str, needed: int | None = None) -> str:
    """A hint's words for raising one limit, to `needed` when that is known."""
    limit = _known(name)
    value = max(needed or 0, get(name) * 2)
    return f"--limit {name}={value} (or {limit.env}={value})"
