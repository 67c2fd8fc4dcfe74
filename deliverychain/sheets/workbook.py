"""Excel workbooks (.xlsx, .xlsm) into grids, refusing clearly what cannot be read.

Values come from python-calamine (Rust), which reads the national chain's 50,000 rows in a
fraction of a second, using the values Excel saved for formulas. Before that, each sheet's
XML is looked at directly, because calamine cannot say what a chain needs to know:

- how far the sheet reaches: calamine fills the rectangle from A1 to the last cell, so one
  stray value in row 1,048,576 would cost gigabytes; such a sheet is refused, naming the cell;
- merged cells, and cells whose formula has no saved value or shows an error (#DIV/0!),
  which calamine reads as empty.

An encrypted (password-protected) workbook is not a zip file but an OLE container, as is an
Excel 97-2003 .xls: both are recognised from their first bytes and refused with a hint.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from deliverychain.findings import Finding, Location, column_letters
from deliverychain.reading import bounded
from deliverychain.reading.problems import INVALID_VALUE
from deliverychain.sheets.grid import MAX_CELLS, MAX_ROWS, Book, Grid, refusal
from deliverychain.sheets.layout import LISTS_SHEET, layout_for_sheet

#: Larger workbooks are refused before reading (a national chain's is about 3 MB).
MAX_WORKBOOK_BYTES = 256 * 1024 * 1024
#: The XML inside may unpack to at most this much (a zip bomb stops here).
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024

#: What reading a damaged zip or its XML raises: a bad header, a bad CRC, a bad deflate
#: stream, a missing part, XML that does not parse.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ElementTree.ParseError, ValueError, OSError,
           NotImplementedError)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_DIMENSION = re.compile(rb'<dimension\b[^>]*?\bref="[A-Z]*\d*:?([A-Z]+)(\d+)"')
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})')
_LAST_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"')
_MERGE = re.compile(rb'<mergeCell\b[^>]*?\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_CELL_START = re.compile(rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*>')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>([^<]*)</f>)")
_FORMULA_START = re.compile(rb"<f[ >/]")


def read_workbook(path: Path) -> Book:
    name = str(path)
    book = Book(name)
    raw = _read_bytes(path, book)
    if raw is None:
        return book
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            book.problems.append(refusal(name, f"the workbook unpacks to {unpacked // 2**20:,} MB, more than any "
                                         "chain", "check that this is the workbook you meant"))
            return book
        parts = _sheet_parts(archive)
        wanted = [(sheet, part) for sheet, part in parts
                  if sheet != LISTS_SHEET and "(ignore)" not in sheet.lower() and _looks_like_chain_sheet(sheet)]
        grids = [Grid(sheet, name, sheet) for sheet, _ in wanted]
        extents = [_scan(archive, part, grid) for grid, (_, part) in zip(grids, wanted, strict=True)]
    except _DAMAGE:
        book.problems.append(refusal(name, "the workbook is damaged: it cannot be opened as an Excel file",
                                     "open it in Excel and save it again (Excel repairs what it can)"))
        return book
    (rows, columns), largest = max(zip(extents, grids, strict=True), key=lambda pair: pair[0][0] * pair[0][1],
                                   default=((0, 0), None))
    if largest is not None and (sum(r * c for r, c in extents) > MAX_CELLS or rows > MAX_ROWS):
        book.problems.append(_too_large(largest, rows, columns))
        return book
    try:
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(raw))
        for grid in grids:
            grid.rows = workbook.get_sheet_by_name(grid.name).to_python(skip_empty_area=False)
    except Exception as error:  # calamine's own errors have no common base worth naming
        reason = str(error).strip() or type(error).__name__
        book.problems.append(refusal(name, f"the workbook cannot be read: {reason}",
                                      "open it in Excel and save it again as an Excel Workbook (.xlsx)"))
        return book
    book.grids = grids
    # every sheet, so that a misspelt sheet name can be pointed out; unread sheets stay empty
    read = {grid.name for grid in book.grids}
    book.grids += [Grid(sheet, name, sheet) for sheet, _ in parts if sheet not in read]
    return book


def _looks_like_chain_sheet(name: str) -> bool:
    return layout_for_sheet(name) is not None


def _read_bytes(path: Path, book: Book) -> bytes | None:
    name = book.file
    suffix = path.suffix.lower()
    if suffix in (".xls", ".xlsb", ".ods"):
        kind = {".xls": "an Excel 97-2003 workbook", ".xlsb": "a binary Excel workbook",
                ".ods": "an OpenDocument spreadsheet"}[suffix]
        book.problems.append(refusal(name, f"'{name}' is {kind} ({suffix}), which cannot be read",
                                      "save it as an Excel Workbook (.xlsx): File > Save As"))
        return None
    try:
        raw = bounded.read_path(path, MAX_WORKBOOK_BYTES, "a workbook")
    except bounded.NotRead as refused:
        book.problems.append(refusal(name, refused.message, refused.hint))
        return None
    except FileNotFoundError:
        book.problems.append(refusal(name, f"no such file: '{name}'",
                                      "check the path; `chain init plan.xlsx` writes a workbook to start from"))
        return None
    except PermissionError:
        book.problems.append(refusal(name, f"no permission to read '{name}'", ""))
        return None
    except OSError as error:
        book.problems.append(refusal(name, f"cannot read '{name}': {error.strerror}", ""))
        return None
    if raw.startswith(_OLE_MAGIC):
        if _ENCRYPTED in raw:
            book.problems.append(refusal(
                name, "the workbook is protected with a password, so it cannot be read",
                "in Excel: File > Info > Protect Workbook > Encrypt with Password, clear the password, save"))
        else:
            book.problems.append(refusal(name, "this is an Excel 97-2003 workbook (.xls), which cannot be read",
                                          "save it as an Excel Workbook (.xlsx): File > Save As"))
        return None
    if not raw.startswith(b"PK"):
        book.problems.append(refusal(name, f"'{name}' is not an Excel workbook",
                                      "save it from Excel as an Excel Workbook (.xlsx)"))
        return None
    return raw


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, path of its XML in the zip) for each worksheet, in the workbook's order."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels if rel.tag.endswith("Relationship")}
    parts = []
    for element in book.iter():
        if not element.tag.endswith("}sheet"):
            continue
        rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rel_id, "")
        if not target or "worksheets/" not in target:
            continue  # a chart sheet
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts.append((element.get("name", ""), part))
    return parts


def _scan(archive: zipfile.ZipFile, part: str, grid: Grid) -> tuple[int, int]:
    """Look at a sheet's XML: its extent (last row, last column), merged cells, formulas and errors."""
    with archive.open(part) as stream:
        head = stream.read(4096)
    declared = _DIMENSION.search(head)  # what the writer says the sheet spans: enough to refuse early
    if declared:
        rows, columns = int(declared.group(2)), _column_number(declared.group(1))
        if rows > MAX_ROWS or rows * columns > MAX_CELLS:
            return rows, columns
    xml = archive.read(part)
    end = xml.rfind(b"</sheetData>")
    last = xml.rfind(b"<row", 0, end if end >= 0 else len(xml))
    match = _LAST_ROW.match(xml, last) if last >= 0 else None
    rows = int(match.group(1)) if match else xml.count(b"<row ") + xml.count(b"<row>")
    if rows > MAX_ROWS:
        return rows, 1  # refused for its size: nothing more to look at
    columns = max((_column_number(c) for c in set(_CELL_REF.findall(xml))), default=0)
    if rows * columns > MAX_CELLS:
        return rows, columns
    for match in _MERGE.finditer(xml, xml.rfind(b"</sheetData>") if b"<mergeCell" in xml else len(xml)):
        left, top = _column_number(match.group(1)), int(match.group(2))
        right = _column_number(match.group(3)) if match.group(3) else left
        bottom = int(match.group(4)) if match.group(4) else top
        grid.merged.append((top, left, bottom, right))
    if _FORMULA_START.search(xml) or b't="e"' in xml:  # not '<formula1>', a drop-down's list
        _note_formulas_and_errors(xml, grid)
    return rows, columns


def _note_formulas_and_errors(xml: bytes, grid: Grid) -> None:
    for start in _CELL_START.finditer(xml):
        end = xml.find(b"</c>", start.end())
        if start.group(0).endswith(b"/>") or end < 0:
            continue
        body = xml[start.end() : end]
        column, row = _column_number(start.group(1)), int(start.group(2))
        value = _VALUE.search(body)
        cached = value.group(1).decode("utf-8", "replace") if value else ""
        where = grid.location(row, column)
        name = grid.cell_name(row, column)
        if b't="e"' in start.group(0):
            grid.notes[(row, column)] = INVALID_VALUE(
                f"{name} shows an Excel error ({cached or 'an error'}), not a value", where,
                "correct the formula, or type the value in the cell", subject=name)
            continue
        formula = _FORMULA.search(body)
        if formula is not None and not cached:
            text = (formula.group(1) or b"").decode("utf-8", "replace")
            shown = f" (={text})" if text else ""
            grid.notes[(row, column)] = INVALID_VALUE(f"the formula in {name}{shown} has no saved value", where,
                "open the workbook in Excel and save it, so the value is saved with it; or type the value",
                subject=name)


def _too_large(grid: Grid, rows: int, columns: int) -> Finding:
    corner = f"{column_letters(columns)}{rows}"
    size = f"{rows:,} rows" if rows > MAX_ROWS else f"{rows * columns:,} cells"
    return INVALID_VALUE(f"the '{grid.name}' sheet reaches cell {corner}: {size}, more than any chain holds",
        Location(grid.file, rows, columns, sheet=grid.sheet),
        "delete the rows and columns beyond your data (select them, right-click > Delete) and save; "
        "one stray value far down or far right is enough", subject=grid.name)


def _column_number(letters: bytes | str) -> int:
    number = 0
    for char in letters.decode() if isinstance(letters, bytes) else letters:
        number = number * 26 + ord(char) - 64
    return number

