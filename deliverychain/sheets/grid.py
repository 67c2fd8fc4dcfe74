"""One sheet as read from a workbook or a CSV file: its cells by row, and their places."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from deliverychain.findings import Finding, Location, column_letters
from deliverychain.reading.problems import UNREADABLE

#: Rows of one sheet: twice the links of a 100,000-actor chain, half of Excel's 1,048,576.
MAX_ROWS = 500_000
#: Cells read over all of a chain's sheets: far above a 100,000-actor chain (3.5 million),
#: far below a sheet reaching row 1,048,576 across 26 columns (27 million), which a workbook
#: reader would fill in as a rectangle.
MAX_CELLS = 6_000_000


@dataclass
class Grid:
    #: The sheet's name as the file has it ('Links'), or the CSV file's name ('links.csv').
    name: str
    #: The file that locations name: the workbook, or the CSV file itself.
    file: str
    #: The sheet in locations: its name in a workbook, '' in a CSV file.
    sheet: str
    #: Cell values, row by row; rows[0] is row `first_row`, and each row starts at column A.
    #: Empty cells are '' (a workbook's) or None.
    rows: list[list[Any]] = field(default_factory=list)
    first_row: int = 1
    #: Cells that need a word of explanation (a formula with no value): (row, column) -> problem.
    notes: dict[tuple[int, int], Finding] = field(default_factory=dict)
    #: Merged ranges: (top row, left column, bottom row, right column).
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)

    def location(self, row: int, column: int, order: int = 0, end_column: int | None = None) -> Location:
        """The cell (or cells to `end_column`); the end is just after the last, as in a chain file."""
        return Location(self.file, row, column, row, (end_column or column) + 1, sheet=self.sheet, order=order)

    def cell_name(self, row: int, column: int) -> str:
        """'Links!C14' in a workbook, 'links.csv:C14' in a CSV folder: how messages name a cell."""
        name = f"{column_letters(column)}{row}"
        return f"{self.sheet}!{name}" if self.sheet else f"{self.name}:{name}"

    def value(self, row: int, column: int) -> Any:
        index = row - self.first_row
        if not 0 <= index < len(self.rows):
            return None
        cells = self.rows[index]
        return cells[column - 1] if 0 < column <= len(cells) else None

    def numbered_rows(self, after: int = 0) -> Iterator[tuple[int, list[Any]]]:
        """(row number, cells) of each row below row `after`."""
        start = max(0, after - self.first_row + 1)
        return enumerate(itertools.islice(self.rows, start, None), start=self.first_row + start)


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class Book:
    """The sheets of one workbook or CSV folder, in the file's own order."""

    #: The workbook, or the folder of CSV files.
    file: str
    grids: list[Grid] = field(default_factory=list)
    #: Problems found while reading: the file cannot be opened, a sheet is too large...
    problems: list[Finding] = field(default_factory=list)
    #: The name to write when a sheet is missing: 'sheet' in a workbook, 'file' in a CSV folder.
    workbook: bool = True


def refusal(file: str, message: str, hint: str) -> Finding:
    """A file that cannot be read at all: a problem of the whole file."""
    return UNREADABLE(message, Location(file, 1, 1), hint, subject="file")
