"""A finding's row of a spreadsheet, with the column letters and headings above it: the code
frame of a workbook or CSV file.

         | A     | B     | C        | D
       1 | from  | to    | kind     | strength
    > 14 | nhse  | icbb  | funding  | weak
         |         ^^^^

Read again from the file, once per version of each sheet (as `sourcelines` reads a chain
file's lines), only when a report shows a cell.
"""

from __future__ import annotations

import os
from functools import lru_cache

from deliverychain.findings import Location, column_letters
from deliverychain.reports.safe import visible

#: The widest a frame gets; columns left of the finding's are dropped to fit.
_MAX_WIDTH = 110
#: The widest a cell is shown.
_CELL_WIDTH = 24


def cell_frame(location: Location) -> str:
    if location.sheet is None:
        return ""
    rows = _rows_of(location.file, location.sheet)
    row, column = location.line, location.column
    if not 0 < row <= len(rows):
        return ""
    header = next((number for number, cells in enumerate(rows, start=1) if any(map(_text, cells))), row)
    numbers = [header, row] if header < row else [row]
    width = len(str(row))
    shown = _columns_shown(rows, numbers, column, width)
    widths = _widths(rows, numbers, shown)
    out = [_line(" " * width, " ", [column_letters(c) for c in shown], shown, widths)]
    for number in numbers:
        marker = ">" if number == row else " "
        out.append(_line(str(number).rjust(width), marker, [_cell(rows[number - 1], c) for c in shown], shown, widths))
    offset = sum(widths[c] + 3 for c in shown if c < column)
    length = max(1, len(_cell(rows[row - 1], column)))
    out.append(f"    {' ' * width} | {' ' * offset}{'^' * length}")
    return "\n".join(out)


def _line(label: str, marker: str, texts: list[str], shown: list[int], widths: dict[int, int]) -> str:
    cells = " | ".join(text.ljust(widths[c]) for text, c in zip(texts, shown, strict=True))
    return f"  {marker} {label} | {cells}".rstrip()


def _widths(rows: list[list[object]], numbers: list[int], shown: list[int]) -> dict[int, int]:
    return {c: max(len(column_letters(c)), *(len(_cell(rows[n - 1], c)) for n in numbers)) for c in shown}


def _columns_shown(rows: list[list[object]], numbers: list[int], column: int, label_width: int) -> list[int]:
    """Columns A to the finding's, dropping the leftmost (but A) until the frame fits."""
    shown = list(range(1, column + 1))
    while len(shown) > 2:
        widths = _widths(rows, numbers, shown)
        if label_width + 6 + sum(widths[c] + 3 for c in shown) <= _MAX_WIDTH:
            break
        shown.pop(1)
    return shown


def _cell(cells: list[object], column: int) -> str:
    text = _text(cells[column - 1]) if 0 < column <= len(cells) else ""
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "…"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return visible(str(value))


def _rows_of(file: str, sheet: str) -> list[list[object]]:
    try:
        stat = os.stat(file)
    except OSError:
        return []
    return _read_rows(file, sheet, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=16)
def _read_rows(file: str, sheet: str, mtime_ns: int, size: int) -> list[list[object]]:
    from deliverychain.sheets import sheet_rows

    return sheet_rows(file, sheet)
