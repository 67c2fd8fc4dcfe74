"""Where each part of a chain file is: key paths to line and column.

Analysers never compute line numbers. They name a key path into the document
(`("links", 3, "strength")`) and this index resolves it, falling back to the nearest
ancestor that has a position, so a finding always has a place (cfn-lint's design).
The index is built lazily: a valid file pays for positions only when something is
reported.
"""

from __future__ import annotations

from collections.abc import Callable

from deliverychain.findings import Location

PathPart = str | int
KeyPath = tuple[PathPart, ...]
#: line, column, end line, end column; 1-based.
Span = tuple[int, int, int, int]


class PositionTable:
    """Spans of values and of mapping keys, by key path."""

    __slots__ = ("keys", "values")

    def __init__(self) -> None:
        self.values: dict[KeyPath, Span] = {}
        self.keys: dict[KeyPath, Span] = {}


class PositionIndex:
    def __init__(self, file: str, build: Callable[[], PositionTable]) -> None:
        self.file = file
        self._build = build
        self._table: PositionTable | None = None

    @property
    def table(self) -> PositionTable:
        if self._table is None:
            self._table = self._build()
        return self._table

    def _location(self, span: Span) -> Location:
        return Location(self.file, span[0], span[1], span[2], span[3])

    def value(self, path: KeyPath) -> Location:
        """The value at `path`, else the nearest ancestor that exists."""
        values = self.table.values
        for end in range(len(path), -1, -1):
            span = values.get(path[:end])
            if span is not None:
                return self._location(span)
        return Location(self.file, 1, 1)

    def key(self, path: KeyPath) -> Location:
        """The key of a mapping entry (where an unknown key is written), else its value."""
        span = self.table.keys.get(path)
        return self._location(span) if span is not None else self.value(path)
