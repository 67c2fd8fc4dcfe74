"""A chain as an Excel workbook that a team can fill in without looking anything up.

One sheet per block (see deliverychain/sheets/layout.py), headings frozen and filtered,
columns as wide as their contents, and a drop-down on every column whose values come from
a vocabulary (link kinds, strengths, the chain's tiers...) or name an actor. The terms
live on a hidden `Lists` sheet, which the reader skips. The file is the same bytes for
the same chain: the zip's dates and the document's timestamps are fixed.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

from deliverychain.findings import column_letters
from deliverychain.sheets.layout import LISTS_SHEET, Kind
from deliverychain.sheets.tabulate import Table, tabulate

if TYPE_CHECKING:
    from deliverychain.model import Chain

#: Excel's last row: drop-downs reach it, so rows a team adds have them too.
LAST_ROW = 1_048_576
_FIXED_TIME = "2000-01-01T00:00:00Z"
#: Characters XML cannot hold, and the carriage return it would read as a line feed: a
#: workbook keeps them as Excel does, escaped as _xHHHH_.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")
#: Text that reads as such an escape is itself escaped (its '_' as _x005F_), to stay as written.
_LOOKS_ESCAPED = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_WIDTH_SAMPLE = 500  # rows looked at to size a column
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def to_xlsx(chain: Chain) -> bytes:
    from deliverychain.exports.chainfile import chain_data

    return workbook_bytes(tabulate(chain_data(chain)), list(chain.tiers))


def vocabularies(tiers: list[str]) -> dict[str, list[str]]:
    """The terms of each vocabulary a drop-down offers; 'Tier' is the chain's own tiers."""
    from deliverychain import vocab

    lists = {name: [m.value for m in getattr(vocab, name)]
             for name in ("LinkKind", "Carry", "Strength", "Character", "Role", "Capacity", "TargetBasis")}
    return {"Tier": tiers, **lists}


def workbook_bytes(tables: list[Table], tiers: list[str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    lists = vocabularies(tiers)
    list_columns = {name: column_letters(i) for i, name in enumerate(lists, start=1)}
    id_columns = {t.layout.key: column_letters(t.headings.index("id") + 1) for t in tables
                  if t.layout.key in ("actors", "sources")}
    for table in tables:
        sheet = book.create_sheet(table.layout.name)
        _validations(sheet, table, lists, list_columns, id_columns)
        _sizes(sheet, table)
        sheet.append([_heading(sheet, text) for text in table.headings])
        for row in table.rows:
            sheet.append([_value(sheet, value) for value in row])
    _lists_sheet(book, lists)
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed(buffer.getvalue())


def _heading(sheet: Any, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    cell = WriteOnlyCell(sheet, value=text)
    cell.font = Font(bold=True)
    cell.fill = PatternFill("solid", fgColor="DDE4EE")
    return cell


def cell_text(text: str) -> str:
    """Text as a workbook stores it: the characters XML cannot hold escaped as _xHHHH_ (which
    Excel and the reader turn back into the characters)."""
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub("_x005F_", text)
    return _NOT_IN_XML.sub(lambda match: f"_x{ord(match.group()):04X}_", text)


def _value(sheet: Any, value: Any) -> Any:
    import datetime as dt

    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = cell_text(value)
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, not a formula
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    return value


def _sizes(sheet: Any, table: Table) -> None:
    sheet.freeze_panes = "B2" if table.layout.key in ("actors", "links") else "A2"
    last = column_letters(len(table.headings))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    for number, heading in enumerate(table.headings, start=1):
        longest = max((len(str(row[number - 1])) for row in table.rows[:_WIDTH_SAMPLE] if row[number - 1] is not None),
                      default=0)
        # a character of Excel's width unit is a digit of the default font: letters run wider
        width = max(_MIN_WIDTH, min(_MAX_WIDTH, round(max(longest, len(heading) + 3) * 1.15) + 2))
        sheet.column_dimensions[column_letters(number)].width = width


def _validations(sheet: Any, table: Table, lists: dict[str, list[str]], list_columns: dict[str, str],
                 id_columns: dict[str, str]) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    for number, column in enumerate(table.columns, start=1):
        if column is None:
            continue
        source, several, what = None, column.several, ""
        if column.vocabulary:
            terms = lists[column.vocabulary]
            source = f"{LISTS_SHEET}!${list_columns[column.vocabulary]}$2:${list_columns[column.vocabulary]}$" \
                     f"{len(terms) + 1}"
            what = ", ".join(terms)
            if len(what) > 200:
                what = what[:197] + "..."
        elif column.field in ("from", "to", "owner", "focus") and "actors" in id_columns:
            source, what = f"Actors!${id_columns['actors']}$2:${id_columns['actors']}${LAST_ROW}", "an actor's id"
        elif column.field == "evidence" and column.kind is Kind.LIST and "sources" in id_columns:
            source, several, what = f"Sources!${id_columns['sources']}$2:${id_columns['sources']}${LAST_ROW}", True, \
                "sources' ids"
        if source is None:
            continue
        letter = column_letters(number)
        check = DataValidation(type="list", formula1=source, allow_blank=True, showInputMessage=True,
                               showErrorMessage=not several, errorStyle="warning",
                               promptTitle=column.field,
                               prompt=(f"One or more, separated by commas: {what}" if several else f"One of: {what}"),
                               errorTitle=f"Not a known {column.field}",
                               error=f"Expected {what}. Keep it anyway?")
        check.add(f"{letter}2:{letter}{LAST_ROW}")
        sheet.data_validations.append(check)


def _lists_sheet(book: Any, lists: dict[str, list[str]]) -> None:
    sheet = book.create_sheet(LISTS_SHEET)
    sheet.sheet_state = "hidden"
    sheet.append(list(lists))
    for row in range(max(map(len, lists.values()))):
        sheet.append([terms[row] if row < len(terms) else None for terms in lists.values()])


def _fixed(data: bytes) -> bytes:
    """The same bytes for the same workbook: zip entry dates and the document's timestamps fixed."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + _FIXED_TIME.encode(),
                                 content)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, content)
    return out.getvalue()
