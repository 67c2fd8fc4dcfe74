"""Key paths to cells: where ("links", 13, "strength") is in a workbook or a CSV folder.

Nothing is stored per cell: each block keeps its sheet, the column of each field and the
row of each item, so a national chain's positions cost a list of row numbers. A path that
goes deeper than a cell (an item of a list cell) is the cell; a field with no column is
the item's row, as a chain file falls back to the nearest block.
"""

from __future__ import annotations

from dataclasses import dataclass

from deliverychain.findings import Location
from deliverychain.reading.positions import KeyPath, PositionIndex, PositionTable
from deliverychain.sheets.grid import Grid
from deliverychain.sheets.layout import BLOCK_ORDER

#: Bits of Location.order: the block's rank, then the item's, then a child row's (assessments
#: and targets, which a chain file writes inside their link).
_ITEM_SHIFT = 16
_BLOCK_SHIFT = 40
_CHILD_RANK = {"assessments": 1, "targets": 1 + (1 << 14)}


@dataclass
class BlockPlaces:
    """Where one block's items are: its sheet, heading row, columns and the row of each item."""

    grid: Grid
    header_row: int
    columns: dict[str, int]
    meta: dict[str, int]
    rows: list[int]
    width: int

    def column_of(self, rest: KeyPath) -> int | None:
        """The column of the field that `rest` starts with, if the sheet has one."""
        if rest and rest[0] == "meta" and len(rest) > 1:
            return self.meta.get(f"meta.{rest[1]}")
        return self.columns.get(rest[0]) if rest and isinstance(rest[0], str) else None

    def cell(self, row: int, rest: KeyPath, order: int) -> Location:
        column = self.column_of(rest)
        if column is None:  # the whole row, as a missing field points at its block
            return self.grid.location(row, 1, order, end_column=max(1, self.width))
        return self.grid.location(row, column, order)


class CellPositionIndex(PositionIndex):
    """A PositionIndex whose places are cells (see the module docstring)."""

    def __init__(self, file: str) -> None:
        super().__init__(file, PositionTable)
        self.blocks: dict[str, BlockPlaces] = {}
        #: (child key, link index) -> the places and row of each child, in order.
        self.children: dict[tuple[str, int], list[tuple[BlockPlaces, int]]] = {}

    def add_block(self, key: str, places: BlockPlaces) -> None:
        self.blocks[key] = places

    def add_child(self, key: str, link: int, index: int, places: BlockPlaces, row: int) -> None:
        self.children.setdefault((key, link), []).append((places, row))

    def value(self, path: KeyPath) -> Location:
        found = self._resolve(path)
        if found is None:
            return Location(self.file, 1, 1)
        places, row, rest, order = found
        return places.cell(row, rest, order)

    def key(self, path: KeyPath) -> Location:
        return self.value(path)

    def has(self, path: KeyPath) -> bool:
        """Whether `path` is a cell: its item has a row and its field a column."""
        found = self._resolve(path)
        return found is not None and found[0].column_of(found[2]) is not None

    def _resolve(self, path: KeyPath) -> tuple[BlockPlaces, int, KeyPath, int] | None:
        """The places, row, rest of the path within the row, and sort order of `path`."""
        places = self.blocks.get(str(path[0])) if path else None
        if places is None:
            return None
        order = BLOCK_ORDER[str(path[0])] << _BLOCK_SHIFT
        if path[0] == "chain":
            return places, places.rows[0] if places.rows else places.header_row, path[1:], order
        index = path[1] if len(path) > 1 else None
        if not isinstance(index, int) or not 0 <= index < len(places.rows):
            return places, places.header_row, (), order
        order += (index + 1) << _ITEM_SHIFT
        rest = path[2:]
        if rest and rest[0] in _CHILD_RANK:
            kids = self.children.get((str(rest[0]), index), [])
            k = rest[1] if len(rest) > 1 and isinstance(rest[1], int) else 0
            if 0 <= k < len(kids):
                child, row = kids[k]
                return child, row, rest[2:], order + _CHILD_RANK[str(rest[0])] + k
        return places, places.rows[index], rest, order
