"""A folder of CSV files into grids: actors.csv, links.csv and the rest, one per sheet.

Excel saves CSV in several ways, and each is read: 'CSV UTF-8' (with a byte-order mark),
plain 'CSV' in Windows-1252 (the code page of English Windows, with its curly quotes and
pound sign), 'Unicode Text' in UTF-16 with tabs, and semicolons where the comma is the
decimal mark. Text that is none of these is refused with a hint.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from deliverychain.findings import Finding, Location
from deliverychain.reading import bounded
from deliverychain.reading.problems import INVALID_VALUE
from deliverychain.sheets.grid import MAX_CELLS, MAX_ROWS, Book, Grid, refusal
from deliverychain.sheets.layout import SHEETS, layout_for_sheet

#: A chain's CSV files are refused above this size (a national chain's links.csv is 4 MB).
MAX_CSV_BYTES = 256 * 1024 * 1024
_DELIMITERS = ",;\t"


def chain_csv_names() -> set[str]:
    names = {sheet.file_name for sheet in SHEETS}
    return names | {f"{alias}.csv" for sheet in SHEETS for alias in sheet.sheet_aliases}


def holds_csv_chain(folder: Path) -> bool:
    try:
        present = {name.lower() for name in os.listdir(folder)}
    except OSError:
        return False
    return bool(present & chain_csv_names())


def read_csv_folder(path: Path) -> Book:
    """Every CSV file of the folder `path` (or of the folder holding the CSV file `path`)."""
    folder = path if path.is_dir() or path.suffix.lower() != ".csv" else path.parent
    book = Book(str(folder if path.is_dir() else path), workbook=False)
    if not path.is_dir():
        if not path.exists():
            book.problems.append(refusal(str(path), f"no such file: '{path}'", "check the path"))
            return book
        if layout_for_sheet(path.name) is None:
            book.problems.append(refusal(
                str(path), f"'{path.name}' is not one of a chain's CSV files",
                "a chain kept as CSV is a folder holding actors.csv, links.csv and the rest: give the folder"))
            return book
        book.file = str(folder)
    cells = 0
    for name in sorted(os.listdir(folder)):
        if not name.lower().endswith(".csv"):
            continue
        file = name if str(folder) in ("", ".") else os.path.join(str(folder), name)
        grid = Grid(name, file, "")
        if layout_for_sheet(name) is not None:
            problem = _fill(grid, Path(file), MAX_CELLS - cells)
            if problem is not None:
                book.problems.append(problem)
                book.grids = []
                return book
            cells += sum(map(len, grid.rows))
        book.grids.append(grid)
    return book


def _fill(grid: Grid, path: Path, room: int) -> Finding | None:
    """Read one CSV file into `grid`; a problem if it cannot be read."""
    try:
        raw = bounded.read_path(path, MAX_CSV_BYTES, "a CSV file")
    except bounded.NotRead as refused:
        return refusal(grid.file, refused.message, refused.hint)
    except OSError as error:
        return refusal(grid.file, f"cannot read '{grid.file}': {error.strerror}", "")
    text = _decode(raw)
    if not isinstance(text, str):
        return refusal(grid.file, *text)
    delimiter = _delimiter(text)
    rows: list[list[str]] = []
    cells = 0
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells_of_row in reader:
            cells += len(cells_of_row)
            if cells > room or len(rows) >= MAX_ROWS:
                return INVALID_VALUE(f"'{grid.file}' has more than {len(rows):,} rows ({cells:,} cells): more than "
                    "any chain holds", Location(grid.file, len(rows) + 1, 1, sheet=""),
                    "check that this is the file you meant", subject="file")
            rows.append(cells_of_row)
    except csv.Error as error:
        return INVALID_VALUE(f"'{grid.file}' cannot be read as CSV: {error}",
                            Location(grid.file, len(rows) + 1, 1, sheet=""),
                            "save it from Excel as 'CSV UTF-8 (Comma delimited)'", subject="file")
    grid.rows = rows
    return None


def read_csv_file(path: Path) -> list[list[str]]:
    """The rows of one CSV file ([] if it cannot be read), bounded as a chain's files are."""
    grid = Grid(path.name, str(path), "")
    return [] if _fill(grid, path, MAX_CELLS) is not None else grid.rows


def _decode(raw: bytes) -> str | tuple[str, str]:
    """The text of a CSV file, or (message, hint) when no encoding Excel writes fits."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return "the file says it is UTF-16 but is not", "save it again as 'CSV UTF-8 (Comma delimited)'"
    head = raw[:4096]
    if len(head) >= 4 and max(head[0::2].count(0), head[1::2].count(0)) * 3 > len(head):
        encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")  # what Excel's plain 'CSV (Comma delimited)' writes on English Windows
    except UnicodeDecodeError as error:
        return (f"the file is neither UTF-8 nor Windows-1252 text (byte 0x{raw[error.start]:02x})",
                "save it from Excel as 'CSV UTF-8 (Comma delimited)'")


def _delimiter(text: str) -> str:
    """The delimiter of the heading line: a comma, or the semicolon or tab some Excel saves use."""
    first = text.split("\n", 1)[0]
    return max(_DELIMITERS, key=lambda d: (first.count(d), d == ","))
