"""Plain chain data into sheets: the reader's work undone, for the workbook and CSV writers.

Every value goes where the reader will find it again and comes back the same: lists as
comma-separated cells, dates as dates, an actor's `meta` in 'meta.<key>' columns (values
that are not plain text as JSON, so that 21 stays a number and "21" text), and each
assessment and target in a row of its own naming its link: by id, else as from->to:kind
when that is unique, else by the link's row ('row 14').
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from deliverychain.sheets.layout import META_PREFIX, SHEETS, Column, Kind, SheetLayout
from deliverychain.sheets.reader import meta_value

#: The row of a sheet's first item (row 1 holds the headings).
FIRST_ROW = 2


@dataclass
class Table:
    layout: SheetLayout
    headings: list[str]
    #: Values by column: text, int, bool, datetime.date, or None for an empty cell.
    rows: list[list[Any]]
    #: The column behind each heading (None for a 'meta.' column).
    columns: list[Column | None]


def tabulate(data: dict[str, Any]) -> list[Table]:
    """One table per sheet, in the workbook's order, from a chain's plain data (as `model_dump`
    gives it with `by_alias=True, exclude_unset=True`, dates as text)."""
    links = data.get("links", [])
    references = _link_references(links)
    tables = []
    for layout in SHEETS:
        if layout.single_row:
            items = [data[layout.key]] if layout.key in data else []
        elif layout.parent:
            items = [{**child, "link": references[j]}
                     for j, link in enumerate(links) for child in link.get(layout.key, [])]
        else:
            items = data.get(layout.key, [])
        tables.append(_table(layout, items))
    return tables


def _table(layout: SheetLayout, items: list[dict[str, Any]]) -> Table:
    meta_keys: dict[str, None] = {}
    if layout.meta:
        for item in items:
            meta_keys.update(dict.fromkeys(item.get("meta", {})))
    columns: list[Column | None] = [*layout.columns, *[None] * len(meta_keys)]
    headings = [c.field for c in layout.columns] + [META_PREFIX + key for key in meta_keys]
    rows = []
    for item in items:
        row = [_cell(column, item.get(column.field)) for column in layout.columns]
        meta = item.get("meta", {})
        row += [_meta_cell(meta[key]) if key in meta else None for key in meta_keys]
        rows.append(row)
    return Table(layout, headings, rows, columns)


def _cell(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind is Kind.LIST or (column.kind is Kind.IDS and isinstance(value, list)):
        return ", ".join(str(item) for item in value) or None
    if column.kind is Kind.DATE and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _meta_cell(value: Any) -> str:
    """Text as written when the reader would keep it as text; anything else as JSON."""
    if isinstance(value, str) and meta_value(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def _link_references(links: list[dict[str, Any]]) -> list[str]:
    keys = [f"{link['from']}->{link['to']}:{link['kind']}" for link in links]
    ids = {str(link["id"]) for link in links if "id" in link}
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    references = []
    for row, (link, key) in enumerate(zip(links, keys, strict=True), start=FIRST_ROW):
        if "id" in link:
            references.append(str(link["id"]))
        elif counts[key] == 1 and key not in ids:
            references.append(key)
        else:
            references.append(f"row {row}")
    return references
