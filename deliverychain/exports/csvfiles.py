"""A chain as a folder of CSV files, one per sheet of the workbook (actors.csv, links.csv...).

UTF-8 with a byte-order mark, which is how Excel recognises UTF-8 when it opens a CSV file
(without it, 'Secretary of State’s office' shows as 'Secretary of StateÃ¢â‚¬â„¢s office').
Every sheet is written, with its headings even when it has no rows, so a folder written
over an older one keeps nothing of the old chain.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from deliverychain.sheets.tabulate import Table, tabulate

if TYPE_CHECKING:
    from deliverychain.model import Chain


def to_csv_files(chain: Chain) -> dict[str, bytes]:
    """File name -> contents, for every sheet."""
    from deliverychain.exports.chainfile import chain_data

    return {table.layout.file_name: table_csv(table) for table in tabulate(chain_data(chain))}


def table_csv(table: Table) -> bytes:
    return rows_csv([table.headings, *([_text(value) for value in row] for row in table.rows)])


def rows_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
