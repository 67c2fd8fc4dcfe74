"""Sheets into the plain data a chain file gives, with cell positions and the problems of the sheets.

What only a spreadsheet can get wrong is found here, once per sheet or column where it
can be: a missing sheet, an unknown or repeated heading, a required column that is not
there, merged cells, a formula with no value, a date written as Excel's serial number, a
row of Assessments naming no link. Everything else (ids, vocabularies, references) is
checked by the model exactly as for a chain file, through the positions built here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deliverychain.findings import Finding, Location
from deliverychain.reading.parsed import Parsed
from deliverychain.reading.problems import (
    DUPLICATE_KEY,
    INVALID_VALUE,
    MISSING_FIELD,
    NOT_A_CHAIN,
    UNKNOWN_KEY,
    UNKNOWN_REFERENCE,
)
from deliverychain.sheets.grid import Book, Grid, is_empty
from deliverychain.sheets.layout import (
    LISTS_SHEET,
    META_PREFIX,
    SHEETS,
    Column,
    Kind,
    SheetLayout,
    heading_key,
    layout_for_sheet,
    split_list,
)
from deliverychain.sheets.positions import BlockPlaces, CellPositionIndex
from deliverychain.suggest import did_you_mean, one_of

_EMPTY = object()
#: Excel's day 0 for serial dates (its 1900 date system, as Excel counts them).
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def read_spreadsheet(path: Path) -> tuple[Parsed, CellPositionIndex]:
    """A workbook or CSV folder as plain data, its problems, and where everything is."""
    from deliverychain.sheets import WORKBOOK_SUFFIXES

    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from deliverychain.sheets.workbook import read_workbook

        book = read_workbook(path)
    else:
        from deliverychain.sheets.csvfolder import read_csv_folder

        book = read_csv_folder(path)
    return read_book(book)


def read_book(book: Book) -> tuple[Parsed, CellPositionIndex]:
    reading = _Reading(book)
    data = reading.run()
    return Parsed(data=data, problems=reading.problems), reading.positions


@dataclass
class _Header:
    """What each column of a sheet holds."""

    row: int
    columns: dict[int, Column] = field(default_factory=dict)
    meta: dict[int, str] = field(default_factory=dict)  # column -> key under `meta`
    by_field: dict[str, int] = field(default_factory=dict)


class _Reading:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.problems: list[Finding] = list(book.problems)
        self.positions = CellPositionIndex(book.file)
        self.data: dict[str, Any] = {}

    # --- sheets ---------------------------------------------------------------------

    def run(self) -> dict[str, Any] | None:
        if not self.book.grids and self.book.problems:
            return None  # the file could not be opened at all
        grids = self._match_sheets()
        for layout in SHEETS:
            grid = grids.get(layout.key)
            if grid is None:
                if layout.required:
                    self._missing_sheet(layout)
                continue
            header = self._header(grid, layout)
            if header is not None:
                self._rows(grid, layout, header)
        return self.data

    def _match_sheets(self) -> dict[str, Grid]:
        found: dict[str, Grid] = {}
        names = [s.name for s in SHEETS]
        for grid in self.book.grids:
            if "(ignore)" in grid.name.lower() or grid.name == LISTS_SHEET:
                continue
            layout = layout_for_sheet(grid.name)
            if layout is None:
                stem = grid.name.removesuffix(".csv")
                guess = did_you_mean(stem, names)
                if guess:  # a misspelt sheet would otherwise be skipped without a word
                    self.problems.append(UNKNOWN_KEY(f"'{grid.name}' is not a sheet a chain has", grid.location(1, 1),
                        f"{guess} (the sheets are: {one_of(names)}; add '(ignore)' to the name of a "
                        "sheet of your own notes)", subject=grid.name))
                continue
            if layout.key in found:
                first = found[layout.key]
                self.problems.append(DUPLICATE_KEY(
                    f"two sheets hold the {layout.name.lower()}: '{first.name}' and '{grid.name}'",
                    grid.location(1, 1), "keep one of them, or add '(ignore)' to the other's name",
                    subject=grid.name))
                continue
            found[layout.key] = grid
        return found

    def _missing_sheet(self, layout: SheetLayout) -> None:
        where = Location(self.book.file, 1, 1)
        headings = ",".join(c.field for c in layout.columns if c.required)
        rows = "one row under them" if layout.single_row else f"a row for each of the {layout.key}"
        if self.book.workbook:
            message = f"the workbook has no '{layout.name}' sheet"
            hint = (f"add a sheet named '{layout.name}' with the headings {headings} and {rows} "
                    "(`chain init plan.xlsx` writes a whole workbook to start from)")
        else:
            message = f"the folder has no {layout.file_name}"
            hint = f"add {layout.file_name} with the headings {headings} and {rows}"
        if layout.key == "chain":  # the one sheet a Kumu export lacks: say why it is needed
            hint += "; owner is the id of the actor accountable for the intent, which the audit starts from"
        self.problems.append(NOT_A_CHAIN(message, where, hint, subject=layout.key))

    # --- headings -------------------------------------------------------------------

    def _header(self, grid: Grid, layout: SheetLayout) -> _Header | None:
        for row, cells in grid.numbered_rows():  # noqa: B007 (the heading row is the first that is not empty)
            if not all(map(is_empty, cells)):
                break
        else:
            if layout.required:
                self.problems.append(NOT_A_CHAIN(f"the {self._sheet_word(grid)} is empty", grid.location(1, 1),
                    f"put the headings in the first row: {one_of(c.field for c in layout.columns)}",
                    subject=grid.name))
            return None
        header = _Header(row)
        known = [c.field for c in layout.columns]
        for number, cell in enumerate(cells, start=1):
            if is_empty(cell):
                continue
            name = heading_key(str(cell))
            name = layout.aliases.get(name, name)
            at = grid.location(row, number)
            if layout.meta and name.startswith(META_PREFIX) and len(name) > len(META_PREFIX):
                key = name[len(META_PREFIX):]
                if key in header.meta.values():
                    self._duplicate_heading(grid, row, number, str(cell))
                else:
                    header.meta[number] = key
                continue
            column = layout.column(name)
            if column is None:
                hint = did_you_mean(name, known) or f"the columns here are: {one_of(known)}"
                if layout.meta:
                    hint += f"; a column of your own data goes under a heading 'meta.{name}'"
                self.problems.append(UNKNOWN_KEY(
                    f"unknown column '{str(cell).strip()}' in the {self._sheet_word(grid)}", at,
                    hint, subject=f"{grid.name}:{name}"))
                continue
            if column.field in header.by_field:
                self._duplicate_heading(grid, row, number, str(cell))
                continue
            header.columns[number] = column
            header.by_field[column.field] = number
        for column in layout.columns:
            if column.required and column.field not in header.by_field:
                self.problems.append(MISSING_FIELD(f"the {self._sheet_word(grid)} has no '{column.field}' column",
                    grid.location(row, len(cells) + 1),
                    f"add a column headed '{column.field}'", subject=f"{grid.name}:{column.field}"))
        self._headless_values(grid, header)
        return header

    def _duplicate_heading(self, grid: Grid, row: int, column: int, text: str) -> None:
        self.problems.append(DUPLICATE_KEY(f"the column '{text.strip()}' appears twice in the {self._sheet_word(grid)}",
            grid.location(row, column), "keep one of the two columns; the other would be lost",
            subject=f"{grid.name}:{heading_key(text)}"))

    def _headless_values(self, grid: Grid, header: _Header) -> None:
        """Values in a column with no heading: they would be lost without a word (once per column)."""
        width = max(map(len, grid.rows), default=0)
        for number in range(1, width + 1):
            if not is_empty(grid.value(header.row, number)):
                continue
            for row, cells in grid.numbered_rows(after=header.row):
                if number <= len(cells) and not is_empty(cells[number - 1]):
                    name = grid.cell_name(row, number)
                    self.problems.append(UNKNOWN_KEY(
                        f"{name} has a value but its column has no heading", grid.location(row, number),
                        "give the column a heading, or clear it", subject=name))
                    break

    def _sheet_word(self, grid: Grid) -> str:
        return f"'{grid.name}' sheet" if self.book.workbook else f"file {grid.name}"

    # --- rows -----------------------------------------------------------------------

    def _rows(self, grid: Grid, layout: SheetLayout, header: _Header) -> None:
        """One item per row that is not empty. The inner loop runs for every cell of a national
        chain (half a million), so it looks up nothing it can know beforehand."""
        columns = [(n - 1, c.field, _converter(c)) for n, c in header.columns.items()]
        meta = [(n - 1, key) for n, key in header.meta.items()]
        notes = grid.notes
        items: list[dict[str, Any]] = []
        rows: list[int] = []
        for row, cells in grid.numbered_rows(after=header.row):
            width = len(cells)
            item: dict[str, Any] = {}
            for index, name, convert in columns:
                raw = cells[index] if index < width else None
                if raw is None or raw == "":
                    if notes and (row, index + 1) in notes:
                        self.problems.append(notes[row, index + 1])
                    continue
                value = convert(raw)
                if value is _EMPTY:
                    continue
                if value is _SERIAL:
                    self._serial_date(grid, row, index + 1, raw)
                    continue
                item[name] = value
            if meta:
                own = {key: meta_value(cells[i]) for i, key in meta if i < width and not is_empty(cells[i])}
                if own:
                    item["meta"] = own
            if item:
                items.append(item)
                rows.append(row)
        self._merged(grid, header)
        meta_columns = {f"meta.{key}": number for number, key in header.meta.items()}
        places = BlockPlaces(grid, header.row, dict(header.by_field), meta_columns, rows,
                             len(header.columns) + len(header.meta))
        if layout.single_row:
            self._single(grid, layout, items, places)
        elif layout.parent:
            self._children(grid, layout, items, places)
        else:
            self.positions.add_block(layout.key, places)
            if items:
                self.data[layout.key] = items

    def _serial_date(self, grid: Grid, row: int, column: int, raw: Any) -> None:
        day = _EXCEL_EPOCH + dt.timedelta(days=int(raw)) if 0 < raw < 2_958_466 else None
        meant = f" ({day.isoformat()})" if day else ""
        self.problems.append(INVALID_VALUE(f"{raw:g} is a number, not a date: Excel's serial number for a day{meant}?",
            grid.location(row, column),
            "format the cell as a date (Format Cells > Date), or type the date as YYYY-MM-DD",
            subject=grid.cell_name(row, column)))

    def _merged(self, grid: Grid, header: _Header) -> None:
        for top, left, bottom, right in grid.merged:
            if bottom < header.row:
                continue  # a title above the headings
            span = f"{grid.cell_name(top, left)}:{grid.cell_name(bottom, right).split('!')[-1].split(':')[-1]}"
            self.problems.append(INVALID_VALUE(f"merged cells {span}: each row of a chain's sheet needs its own cells",
                grid.location(top, left, end_column=right),
                "unmerge them (Home > Merge & Center > Unmerge Cells) and fill in every cell",
                subject=span))

    def _single(self, grid: Grid, layout: SheetLayout, items: list[dict[str, Any]], places: BlockPlaces) -> None:
        self.positions.add_block(layout.key, places)
        if not items:
            self.problems.append(MISSING_FIELD(f"the {self._sheet_word(grid)} has headings but no row under them",
                grid.location(places.header_row + 1, 1),
                f"fill in the row under the headings: {one_of(c.field for c in layout.columns if c.required)}",
                subject=f"{grid.name}:row"))
            return
        if len(items) > 1:
            self.problems.append(INVALID_VALUE(f"the {self._sheet_word(grid)} has {len(items)} rows; a chain has one",
                grid.location(places.rows[1], 1), "keep the first row and delete the others",
                subject=f"{grid.name}:rows"))
        self.data[layout.key] = items[0]

    # --- assessments and targets -----------------------------------------------------

    def _children(self, grid: Grid, layout: SheetLayout, items: list[dict[str, Any]], places: BlockPlaces) -> None:
        links = self.data.get("links", [])
        link_places = self.positions.blocks.get("links")
        finder = _LinkFinder(links, link_places.rows if link_places else []) if items else None
        for item, row in zip(items, places.rows, strict=True):
            reference = item.pop("link", None)
            link_column = places.columns.get("link", 1)
            if reference is None:
                self.problems.append(MISSING_FIELD(f"row {row} of the {self._sheet_word(grid)} names no link",
                    grid.location(row, link_column),
                    "say which link it belongs to: its id, from->to:kind, or its row in Links ('row 14')",
                    subject=grid.cell_name(row, link_column)))
                continue
            assert finder is not None
            index = finder.find(str(reference))
            if index is None:
                hint = did_you_mean(str(reference), finder.names()) or (
                    "name the link by its id, as from->to:kind (nhse->icb:funding), or by its row in Links ('row 14')")
                self.problems.append(UNKNOWN_REFERENCE(
                    f"no link '{reference}' in the Links {self._sheet_word_of('links')}",
                    grid.location(row, link_column), hint, subject=grid.cell_name(row, link_column)))
                continue
            children = links[index].setdefault(layout.key, [])
            self.positions.add_child(layout.key, index, len(children), places, row)
            children.append(item)

    def _sheet_word_of(self, key: str) -> str:
        return "sheet" if self.book.workbook else "file"


class _LinkFinder:
    """Links by id, by from->to:kind, by from->to when that is unique, and by their row in Links."""

    def __init__(self, links: list[dict[str, Any]], rows: list[int]) -> None:
        self.by_name: dict[str, int] = {}
        pairs: dict[str, list[int]] = {}
        for index, link in enumerate(links):
            ends = f"{link.get('from')}->{link.get('to')}"
            if "id" in link:
                self.by_name.setdefault(str(link["id"]), index)
            self.by_name.setdefault(f"{ends}:{link.get('kind')}", index)
            pairs.setdefault(ends, []).append(index)
        for ends, indexes in pairs.items():
            if len(indexes) == 1:
                self.by_name.setdefault(ends, indexes[0])
        self.by_row = {row: index for index, row in enumerate(rows)}

    def find(self, reference: str) -> int | None:
        text = reference.strip()
        if text in self.by_name:
            return self.by_name[text]
        number = text.lower().removeprefix("row").removeprefix("links!").strip()
        return self.by_row.get(int(number)) if number.isdigit() else None

    def names(self) -> list[str]:
        return list(self.by_name)


# --- cell values ---------------------------------------------------------------------

_SERIAL = object()


def _number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


def _plain(value: Any) -> Any:
    """A cell as plain data: whole numbers as int, dates and times as ISO text."""
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return value


def _text(value: Any) -> Any:
    return value if isinstance(value, str) else _plain(value)


def _trimmed(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or _EMPTY
    return _plain(value)


def _items(value: Any) -> Any:
    if isinstance(value, str):
        return split_list(value) or _EMPTY
    return [_plain(value)]


def _ids(value: Any) -> Any:
    """One id as itself; several, comma-separated, as a list (joint owners)."""
    items = _items(value)
    return items[0] if isinstance(items, list) and len(items) == 1 else items


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _SERIAL
    return _trimmed(value)


def _converter(column: Column) -> Callable[[Any], Any]:
    return {
        Kind.TEXT: _text, Kind.ID: _trimmed, Kind.LIST: _items, Kind.IDS: _ids, Kind.DATE: _date, Kind.BOOL: _trimmed,
        Kind.INT: _trimmed, Kind.LINK: _trimmed,
    }[column.kind]


def meta_value(value: Any) -> Any:
    """A `meta.` cell: text that reads as JSON (a number, true, a list) is that value, as in a chain file."""
    if isinstance(value, str):
        if value.strip() and value.strip()[0] in '-0123456789[{"tfn':
            try:
                return json.loads(value)
            except ValueError:
                pass
        return value
    return _plain(value)

