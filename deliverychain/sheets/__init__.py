"""Chains kept in spreadsheets: a workbook (.xlsx) or a folder of CSV files.

A spreadsheet holds the same chain as a chain file, one sheet per block (`Chain`, `Sources`,
`Actors`, `Links`, `Assessments`, `Targets`, `Ignore`, `Views`) and one column per field.
This package reads it into the plain data a YAML file gives, with a position table whose
places are cells, and writes plain data back into sheets. Like the YAML reader it knows
nothing of the model: `layout.py` is the spreadsheet format.

    layout.py     the sheets and their columns, with the names people already use
    grid.py       one sheet as read: cells by row, and their places
    workbook.py   .xlsx and .xlsm files into grids (python-calamine), with the checks
                  a workbook needs (encrypted, corrupt, merged cells, formulas, size)
    csvfolder.py  a folder of CSV files into grids (the csv module; encodings)
    reader.py     grids into plain data, problems and cell positions
    positions.py  key paths to cells
    wording.py    the model's problems restated for cells
    tabulate.py   plain data into rows, the other way round (for the writers in `exports`)
"""

from __future__ import annotations

from pathlib import Path

#: Extensions read as a workbook. Old and other formats are recognised to be refused clearly.
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})


def is_spreadsheet(path: Path) -> bool:
    """A workbook, a CSV file, or a folder that holds a chain's CSV files."""
    from deliverychain.sheets.csvfolder import holds_csv_chain

    suffix = path.suffix.lower()
    return suffix in WORKBOOK_SUFFIXES or suffix == ".csv" or (path.is_dir() and holds_csv_chain(path))


def sheet_rows(file: str, sheet: str) -> list[list[object]]:
    """The cells of one sheet of a workbook (or of one CSV file, `sheet` ''), row 1 first, for
    showing a finding's row; [] when it cannot be read (the file changed or went away)."""
    path = Path(file)
    try:
        if not sheet:
            from deliverychain.sheets.csvfolder import read_csv_file

            return read_csv_file(path)
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        rows: list[list[object]] = workbook.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
        return rows
    except Exception:  # showing the row is a courtesy: any failure shows none
        return []
