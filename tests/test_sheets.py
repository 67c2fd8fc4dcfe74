"""Reading chains from workbooks and CSV folders: every class of problem at its exact cell.

Each test builds a small workbook (openpyxl) or CSV folder, changes one thing, and checks the
rule, the sheet, column and row, and the hint of what is reported.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deliverychain.findings import Finding, Location
from deliverychain.model import Chain
from deliverychain.pipeline import check_file, load
from deliverychain.sheets import layout
from tests.conftest import ROOT

DATA = ROOT / "tests" / "data" / "sheets"

CHAIN = [["id", "title", "intent", "owner", "review_by"], ["lung", "Lung cancer", "Earlier diagnosis", "nhse", None]]
ACTORS = [
    ["id", "name", "tier", "kind", "local_presence"],
    ["nhse", "NHS England", "national", "national-body", None],
    ["icb", "Integrated care board", "system", "icb", None],
    ["nurse", "Practice nurse", "frontline", "practice-nurse", None],
]
LINKS = [
    ["from", "to", "kind", "strength", "carries"],
    ["nhse", "icb", "funding", "adequate", "money"],
    ["icb", "nurse", "support", "weak", "guidance, learning"],
]
BASE = {"Chain": CHAIN, "Actors": ACTORS, "Links": LINKS}


def workbook(tmp_path: Path, sheets: dict[str, list[list[Any]] | None] | None = None,
             edit: Callable[[Any], None] | None = None, name: str = "plan.xlsx") -> Path:
    """A workbook of the base chain with `sheets` replaced (None drops a sheet), then `edit`ed."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in {**BASE, **(sheets or {})}.items():
        if rows is None:
            continue
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    if edit:
        edit(book)
    path = tmp_path / name
    book.save(path)
    return path


def changed(rows: list[list[Any]], row: int, column: int, value: Any) -> list[list[Any]]:
    """A copy of `rows` with the cell at 1-based (row, column) set to `value`."""
    copy = [list(r) for r in rows]
    while len(copy[row - 1]) < column:
        copy[row - 1].append(None)
    copy[row - 1][column - 1] = value
    return copy


def problems(path: Path) -> list[Finding]:
    result = check_file(path)
    assert result.chain is None, "expected problems"
    assert result.problems
    return result.problems


def only(path: Path) -> Finding:
    found = problems(path)
    assert len(found) == 1, [f"{p.location}: {p.message}" for p in found]
    return found[0]


def test_the_base_workbook_loads(tmp_path: Path):
    chain = load(workbook(tmp_path))
    assert [a.id for a in chain.actors] == ["nhse", "icb", "nurse"]
    assert chain.links[1].carries == ["guidance", "learning"]
    assert chain.file.endswith("plan.xlsx")


# --- every class of problem, at its cell --------------------------------------------------


def test_unknown_column_says_which_heading_and_suggests_the_nearest(tmp_path: Path):
    problem = only(workbook(tmp_path, {"Links": changed(LINKS, 1, 4, "strenght")}))
    assert (problem.rule_id, str(problem.location)) == ("DC006", f"{tmp_path / 'plan.xlsx'}:Links!D1")
    assert problem.message == "unknown column 'strenght' in the 'Links' sheet"
    assert problem.hint == "did you mean 'strength'?"


def test_unknown_column_on_actors_offers_a_meta_column(tmp_path: Path):
    problem = only(workbook(tmp_path, {"Actors": changed(ACTORS, 1, 6, "Budget code")}))
    assert (problem.location.sheet, problem.location.cell) == ("Actors", "Actors!F1")
    assert "a column of your own data goes under a heading 'meta.budget_code'" in problem.hint


def test_a_term_outside_its_vocabulary_lists_the_allowed_ones(tmp_path: Path):
    problem = only(workbook(tmp_path, {"Links": changed(LINKS, 3, 4, "medium")}))
    assert (problem.rule_id, problem.location.cell) == ("DC009", "Links!D3")
    assert problem.message == "'medium' is not a known link strength"
    assert problem.hint == "allowed: strong, adequate, weak, broken, missing, planned, unknown"


def test_a_link_to_an_unknown_actor_names_its_row_and_the_nearest_actor(tmp_path: Path):
    problem = only(workbook(tmp_path, {"Links": changed(LINKS, 3, 2, "nurs")}))
    assert (problem.rule_id, problem.location.cell) == ("DC012", "Links!B3")
    assert (problem.location.line, problem.location.column) == (3, 2)
    assert problem.message == "unknown actor 'nurs'"
    assert problem.hint == "did you mean 'nurse'?"


def test_an_empty_required_cell_is_that_cell(tmp_path: Path):
    problem = only(workbook(tmp_path, {"Actors": changed(ACTORS, 4, 3, None)}))
    assert (problem.rule_id, problem.location.cell) == ("DC007", "Actors!C4")
    assert problem.message == "actor is missing required field 'tier'"
    assert problem.hint == "fill in the 'tier' cell"


def test_a_missing_required_column_is_reported_once_not_per_row(tmp_path: Path):
    links = [row[:2] + row[3:] for row in LINKS]  # no 'kind' column
    problem = only(workbook(tmp_path, {"Links": links}))
    assert (problem.rule_id, problem.location.cell) == ("DC007", "Links!E1")
    assert problem.message == "the 'Links' sheet has no 'kind' column"


def test_a_missing_sheet_is_a_problem_of_the_workbook(tmp_path: Path):
    problem, owner = problems(workbook(tmp_path, {"Actors": None, "Links": None}))
    assert (owner.message, owner.location.cell) == ("unknown actor 'nhse'", "Chain!D2")
    assert problem.rule_id == "DC005"
    assert problem.location == Location(str(tmp_path / "plan.xlsx"), 1, 1)
    assert problem.message == "the workbook has no 'Actors' sheet"
    assert "chain init plan.xlsx" in problem.hint


def test_a_misspelt_sheet_is_pointed_out_rather_than_skipped(tmp_path: Path):
    sources = [["id", "title"], ["ltp", "Long Term Plan"]]
    problem = only(workbook(tmp_path, {"Sorces": sources}))
    assert (problem.rule_id, problem.location.cell) == ("DC006", "Sorces!A1")
    assert problem.hint.startswith("did you mean 'Sources'?")


def test_sheets_of_ones_own_are_skipped(tmp_path: Path):
    chain = load(workbook(tmp_path, {"Notes": [["anything", "at all"]], "Budget (ignore)": [["x"]]}))
    assert len(chain.actors) == 3


def test_a_duplicate_id_names_the_row_of_the_first(tmp_path: Path):
    actors = [*ACTORS, ["icb", "Another ICB", "system", "icb"]]
    problem = only(workbook(tmp_path, {"Actors": actors}))
    assert (problem.rule_id, problem.location.cell) == ("DC011", "Actors!A5")
    assert problem.message == "duplicate actor id 'icb' (first declared in row 3)"
    assert problem.related[0].location.cell == "Actors!A3"


def test_a_heading_given_twice(tmp_path: Path):
    problem = only(workbook(tmp_path, {"Links": changed(LINKS, 1, 6, "Strength")}))
    assert (problem.rule_id, problem.location.cell) == ("DC003", "Links!F1")
    assert problem.message == "the column 'Strength' appears twice in the 'Links' sheet"


def test_a_value_under_no_heading(tmp_path: Path):
    problem = only(workbook(tmp_path, {"Links": changed(LINKS, 3, 7, "stray")}))
    assert (problem.rule_id, problem.location.cell) == ("DC006", "Links!G3")
    assert problem.message == "Links!G3 has a value but its column has no heading"


def test_an_id_with_spaces(tmp_path: Path):
    actors = changed(ACTORS, 3, 1, "the icb")
    links = changed(changed(LINKS, 2, 2, "the icb"), 3, 1, "the icb")
    found = problems(workbook(tmp_path, {"Actors": actors, "Links": links}))
    assert [(p.rule_id, p.location.cell) for p in found] == [("DC010", "Actors!A3"), ("DC010", "Links!B2"),
                                                            ("DC010", "Links!A3")]


def test_a_date_written_as_text_the_wrong_way_round(tmp_path: Path):
    problem = only(workbook(tmp_path, {"Chain": changed(CHAIN, 2, 5, "31/03/2026")}))
    assert (problem.rule_id, problem.location.cell) == ("DC010", "Chain!E2")
    assert problem.hint == "write dates as YYYY-MM-DD, for example 2019-01-07"


def test_a_date_cell_is_read_as_that_day(tmp_path: Path):
    chain = load(workbook(tmp_path, {"Chain": changed(CHAIN, 2, 5, dt.date(2026, 3, 31))}))
    assert chain.chain.review_by == dt.date(2026, 3, 31)


def test_a_date_as_an_excel_serial_number_says_which_day_it_may_mean(tmp_path: Path):
    problem = only(workbook(tmp_path, {"Chain": changed(CHAIN, 2, 5, 46112)}))
    assert (problem.rule_id, problem.location.cell) == ("DC010", "Chain!E2")
    assert problem.message == "46112 is a number, not a date: Excel's serial number for a day (2026-03-31)?"
    assert "Format Cells > Date" in problem.hint


def test_true_or_false_cells_and_words(tmp_path: Path):
    actors = changed(changed(ACTORS, 3, 5, True), 4, 5, "no")
    chain = load(workbook(tmp_path, {"Actors": actors}))
    assert [a.local_presence for a in chain.actors] == [None, True, False]
    problem = only(workbook(tmp_path, {"Actors": changed(ACTORS, 3, 5, "maybe")}))
    assert (problem.rule_id, problem.location.cell) == ("DC008", "Actors!E3")


def test_merged_cells_are_refused_with_the_range(tmp_path: Path):
    def merge(book: Any) -> None:
        book["Links"].merge_cells("A2:A3")

    found = problems(workbook(tmp_path, edit=merge))
    assert (found[0].rule_id, found[0].location.cell) == ("DC010", "Links!A2")
    assert found[0].message == "merged cells Links!A2:A3: each row of a chain's sheet needs its own cells"
    assert "Unmerge Cells" in found[0].hint


def _with_cached_values(path: Path, values: dict[str, bytes]) -> None:
    """Give formula cells the values Excel would have saved with them (openpyxl saves none)."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            for cell, value in values.items():
                data = data.replace(f'<c r="{cell}"'.encode(), f'<c r="{cell}" t="str"'.encode())
                data = re.sub(rb"<v\s*/>|<v></v>", b"<v />", data)  # as openpyxl writes it, with lxml or without
                start = data.find(f'<c r="{cell}"'.encode())
                if start >= 0:
                    end = data.find(b"</c>", start)
                    data = data[:start] + data[start:end].replace(b"<v />", b"<v>" + value + b"</v>") + data[end:]
            target.writestr(info, data)
    path.write_bytes(out.getvalue())


def test_a_formula_gives_its_saved_value(tmp_path: Path):
    path = workbook(tmp_path, {"Links": changed(LINKS, 3, 4, '=LOWER("WEAK")')})
    _with_cached_values(path, {"D3": b"weak"})
    assert load(path).links[1].strength == "weak"


def test_a_formula_with_no_saved_value_says_so(tmp_path: Path):
    problem = only(workbook(tmp_path, {"Links": changed(LINKS, 3, 1, '=LOWER("ICB")')}))
    assert (problem.rule_id, problem.location.cell) == ("DC010", "Links!A3")
    assert problem.message == 'the formula in Links!A3 (=LOWER("ICB")) has no saved value'
    assert problem.hint.startswith("open the workbook in Excel and save it")


def test_a_cell_showing_an_excel_error(tmp_path: Path):
    path = workbook(tmp_path, {"Links": changed(LINKS, 3, 1, "=1/0")})
    data = path.read_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = re.sub(rb'<c r="A3"><f>1/0</f>(?:<v\s*/>|<v></v>)?</c>',
                          b'<c r="A3" t="e"><f>1/0</f><v>#DIV/0!</v></c>', source.read(info.filename))
            target.writestr(info, part)
    path.write_bytes(out.getvalue())
    problem = only(path)
    assert (problem.rule_id, problem.location.cell) == ("DC010", "Links!A3")
    assert problem.message == "Links!A3 shows an Excel error (#DIV/0!), not a value"


def test_the_chain_sheet_holds_one_row(tmp_path: Path):
    problem = only(workbook(tmp_path, {"Chain": [*CHAIN, ["other", "Other", "x", "nhse"]]}))
    assert (problem.rule_id, problem.location.cell) == ("DC010", "Chain!A3")
    assert problem.message == "the 'Chain' sheet has 2 rows; a chain has one"


def test_assessments_name_their_link_and_an_unknown_one_is_pointed_out(tmp_path: Path):
    assessments = [["link", "rater", "strength"], ["nhse->icb:funding", "ICB finance director", "weak"],
                   ["row 3", "Practice nurse", "broken"], ["icb->nurse:suport", "Someone", "weak"]]
    problem = only(workbook(tmp_path, {"Assessments": assessments}))
    assert (problem.rule_id, problem.location.cell) == ("DC012", "Assessments!A4")
    assert problem.message == "no link 'icb->nurse:suport' in the Links sheet"
    assert problem.hint == "did you mean 'icb->nurse:support'?"
    chain = load(workbook(tmp_path, {"Assessments": assessments[:3]}))
    assert [(a.rater, a.strength) for link in chain.links for a in link.assessments] == [
        ("ICB finance director", "weak"), ("Practice nurse", "broken")]


def test_a_problem_in_an_assessment_is_at_its_cell(tmp_path: Path):
    assessments = [["link", "rater", "strength"], ["icb->nurse", "Practice nurse", "poor"]]
    problem = only(workbook(tmp_path, {"Assessments": assessments}))
    assert (problem.rule_id, problem.location.cell) == ("DC009", "Assessments!C2")


def test_an_unknown_tier_lists_the_chains_tiers(tmp_path: Path):
    problem = only(workbook(tmp_path, {"Actors": changed(ACTORS, 3, 3, "sytem")}))
    assert (problem.rule_id, problem.location.cell) == ("DC009", "Actors!C3")
    assert problem.hint.startswith("did you mean 'system'? tiers, top to bottom: government, national")


def test_kumu_headings_and_sheet_names_are_understood(tmp_path: Path):
    elements = [["ID", "Label", "Tier", "Type", "Description"], *[[*row[:4], "a note"] for row in ACTORS[1:]]]
    connections = [["From", "To", "Type", "Strength"], *[row[:4] for row in LINKS[1:]]]
    chain = load(workbook(tmp_path, {"Actors": None, "Links": None, "Elements": elements, "Connections": connections}))
    first = chain.actors[0]
    assert (first.name, first.kind, first.note) == ("NHS England", "national-body", "a note")
    assert [link.kind for link in chain.links] == ["funding", "support"]


def test_meta_columns_keep_numbers_and_text(tmp_path: Path):
    actors = [[*ACTORS[0], "meta.count", "meta.code"], *[[*row, 21, "21"] for row in ACTORS[1:]]]
    chain = load(workbook(tmp_path, {"Actors": actors}))
    assert chain.actors[0].meta == {"count": 21, "code": 21}  # a text cell that reads as JSON is that value
    actors = [[*ACTORS[0], "meta.code"], *[[*row, '"21"'] for row in ACTORS[1:]]]
    assert load(workbook(tmp_path, {"Actors": actors})).actors[0].meta == {"code": "21"}


def test_blank_rows_and_headings_below_a_title_are_fine(tmp_path: Path):
    links = [[None], *LINKS[:2], [None, None], LINKS[2]]
    chain = load(workbook(tmp_path, {"Links": links}))
    assert len(chain.links) == 2
    problem = only(workbook(tmp_path, {"Links": [[None], *changed(LINKS, 3, 4, "medium")]}))
    assert problem.location.cell == "Links!D4"


# --- workbooks that cannot be read ---------------------------------------------------------


def _refused(path: Path) -> Finding:
    problem = only(path)
    assert problem.rule_id == "DC001"
    assert problem.location == Location(str(path), 1, 1)
    return problem


def test_a_password_protected_workbook(tmp_path: Path):
    problem = _refused(DATA / "encrypted.xlsx")
    assert problem.message == "the workbook is protected with a password, so it cannot be read"
    assert "Encrypt with Password" in problem.hint


def test_an_excel_97_workbook(tmp_path: Path):
    copy = tmp_path / "old.xlsx"  # renamed, as people do
    copy.write_bytes((DATA / "old-format.xls").read_bytes())
    assert _refused(copy).message == "this is an Excel 97-2003 workbook (.xls), which cannot be read"
    assert "save it as an Excel Workbook (.xlsx)" in _refused(DATA / "old-format.xls").hint


@pytest.mark.parametrize("damage", ["truncated", "not-a-zip", "no-workbook-part", "empty", "bad-deflate"])
def test_a_damaged_workbook(tmp_path: Path, damage: str):
    path = workbook(tmp_path)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "not-a-zip":
        path.write_bytes(b"name,tier\nnhse,national\n")
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "bad-deflate":  # the Links sheet's compressed XML scrambled, its headers intact
        info = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet3.xml")
        start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
        scrambled = bytearray(data)
        for at in range(start, start + 20):
            scrambled[at] ^= 0xFF
        path.write_bytes(bytes(scrambled))
    else:
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                if info.filename != "xl/workbook.xml":
                    target.writestr(info, source.read(info.filename))
        path.write_bytes(out.getvalue())
    problem = _refused(path)
    assert "damaged" in problem.message or "is not an Excel workbook" in problem.message


def test_a_missing_workbook(tmp_path: Path):
    problem = _refused(tmp_path / "nowhere.xlsx")
    assert problem.message == f"no such file: '{tmp_path / 'nowhere.xlsx'}'"


def test_one_stray_value_far_down_is_refused_before_reading(tmp_path: Path):
    def stray(book: Any) -> None:
        book["Links"]["Z1048576"] = "x"

    problem = only(workbook(tmp_path, edit=stray))
    assert (problem.rule_id, problem.location.cell) == ("DC010", "Links!Z1048576")
    assert problem.message == "the 'Links' sheet reaches cell Z1048576: 1,048,576 rows, more than any chain holds"


def test_a_sheet_that_does_not_declare_its_extent_is_measured(tmp_path: Path):
    """Without the <dimension> element (it is optional) the rows are counted from the sheet itself."""
    def stray(book: Any) -> None:
        book["Links"]["C600000"] = "x"

    path = workbook(tmp_path, edit=stray)
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, re.sub(rb'<dimension ref="A1:E600000"\s*/>', b"", data))
    path.write_bytes(out.getvalue())
    assert b"<dimension" not in zipfile.ZipFile(path).read("xl/worksheets/sheet3.xml")
    problem = only(path)
    assert problem.location.cell == "Links!A600000"


@pytest.mark.slow
def test_a_sheet_of_1048576_rows_is_refused_in_bounded_time_and_memory(tmp_path: Path):
    """Excel's last row, filled: written straight into the sheet's XML (openpyxl would take minutes)."""
    path = workbook(tmp_path)
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (n, n)
                    for n in range(1, 1_048_577))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":  # Links
                start, end = data.index(b"<sheetData>") + len(b"<sheetData>"), data.index(b"</sheetData>")
                data = data[:start] + rows + data[end:]
                data = data.replace(b'<dimension ref="A1:E3"', b'<dimension ref="A1:E1048576"')
            target.writestr(info.filename, data)
    path.write_bytes(out.getvalue())
    from tests.test_hostile import in_child

    out_ = in_child(f"""
        from deliverychain.pipeline import check_file
        result = check_file({str(path)!r})
        out["problems"] = [(p.rule_id, p.location.cell, p.message) for p in result.problems]
    """)
    assert out_["problems"] == [["DC010", "Links!E1048576",
                                 "the 'Links' sheet reaches cell E1048576: 1,048,576 rows, more than any chain holds"]]
    assert out_["seconds"] < 5, out_  # 1.5 s measured, with imports, on a busy 2-core machine
    assert out_["peak_mb"] < 128, out_  # 40 MB measured: the sheet is refused before it is read


# --- CSV folders ---------------------------------------------------------------------------


def csv_folder(tmp_path: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    folder = tmp_path / "plan"
    folder.mkdir(exist_ok=True)
    base = {"chain.csv": CHAIN, "actors.csv": ACTORS, "links.csv": LINKS}
    for name, rows in base.items():
        (folder / name).write_text("\n".join(",".join(_csv_cell(v) for v in row) for row in rows) + "\n",
                                   encoding="utf-8")
    for name, content in (files or {}).items():
        if content is None:
            (folder / name).unlink()
        elif isinstance(content, bytes):
            (folder / name).write_bytes(content)
        else:
            (folder / name).write_text(content, encoding="utf-8")
    return folder


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return f'"{text}"' if "," in text else text


def test_a_csv_folder_loads_by_folder_or_by_one_of_its_files(tmp_path: Path):
    folder = csv_folder(tmp_path)
    assert [a.id for a in load(folder).actors] == ["nhse", "icb", "nurse"]
    assert load(folder / "links.csv").links[1].carries == ["guidance", "learning"]


def test_csv_problems_are_at_the_cell_of_their_file(tmp_path: Path):
    folder = csv_folder(tmp_path, {"links.csv": "from,to,kind,strenght\nnhse,icb,funding,weak\nicb,nurs,support,\n"})
    found = problems(folder)
    assert [(p.rule_id, str(p.location)) for p in found] == [
        ("DC006", f"{folder / 'links.csv'}:D1"), ("DC012", f"{folder / 'links.csv'}:B3")]
    assert found[0].message == "unknown column 'strenght' in the file links.csv"
    assert found[1].hint == "did you mean 'nurse'?"


def test_a_folder_without_actors_csv(tmp_path: Path):
    problem, owner = problems(csv_folder(tmp_path, {"actors.csv": None, "links.csv": None}))
    assert (problem.rule_id, problem.message) == ("DC005", "the folder has no actors.csv")
    assert problem.location == Location(str(tmp_path / "plan"), 1, 1)
    assert "add actors.csv" in problem.hint
    assert str(owner.location) == f"{tmp_path / 'plan' / 'chain.csv'}:D2"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_the_encodings_excel_saves_csv_in(tmp_path: Path, encoding: str):
    delimiter = "\t" if encoding == "utf-16" else ","  # Excel's 'Unicode Text' is tab-separated
    rows = [["id", "name", "tier", "kind"], ["nhse", "NHS England’s £ team", "national", "body"],
            ["icb", "ICB", "system", "icb"], ["nurse", "Nurse", "frontline", "nurse"]]
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    folder = csv_folder(tmp_path, {"actors.csv": text.encode(encoding)})
    assert load(folder).actors[0].name == "NHS England’s £ team"


def test_semicolons_as_excel_writes_them_where_the_comma_is_the_decimal_mark(tmp_path: Path):
    folder = csv_folder(tmp_path, {"links.csv": "from;to;kind;carries\nnhse;icb;funding;money, targets\n"})
    assert load(folder).links[0].carries == ["money", "targets"]


def test_csv_text_in_no_encoding_excel_writes_is_refused_with_a_hint(tmp_path: Path):
    folder = csv_folder(tmp_path, {"actors.csv": b"id,name,tier,kind\nnhse,NHS \x81\x8d,national,body\n"})
    problem = only(folder)
    assert problem.rule_id == "DC001"
    assert problem.message == "the file is neither UTF-8 nor Windows-1252 text (byte 0x81)"
    assert problem.hint == "save it from Excel as 'CSV UTF-8 (Comma delimited)'"


def test_a_csv_file_that_is_not_a_chain_sheet(tmp_path: Path):
    other = tmp_path / "edges.csv"
    other.write_text("source,target\na,b\n")
    problem = only(other)
    assert problem.message == "'edges.csv' is not one of a chain's CSV files"


def test_a_csv_cell_too_large_for_the_csv_module(tmp_path: Path):
    folder = csv_folder(tmp_path, {"actors.csv": "id,name,tier,kind\nnhse,\"" + "x" * 200_000 + "\",national,b\n"})
    problem = only(folder)
    assert problem.rule_id == "DC010" and "cannot be read as CSV" in problem.message


# --- the layout is the model's ----------------------------------------------------------


@pytest.mark.parametrize("sheet", layout.SHEETS, ids=lambda s: s.name)
def test_every_field_of_the_model_has_its_column(sheet: layout.SheetLayout):
    from deliverychain import model

    owner = {"chain": model.ChainInfo, "sources": model.Source, "actors": model.Actor, "links": model.Link,
             "assessments": model.Assessment, "targets": model.Target, "ignore": model.IgnoreEntry,
             "views": model.View}[sheet.key]
    fields = {(f.alias or name): f for name, f in owner.model_fields.items()}
    nested = {"meta", "assessments", "targets"}  # meta.* columns; sheets of their own
    columns = {c.field: c for c in sheet.columns} | ({"link": None} if sheet.parent else {})
    assert set(fields) - nested == set(columns) - {"link"}
    for name, column in columns.items():
        if column is None:
            continue
        assert column.required == fields[name].is_required(), name


def test_locations_of_cells_print_as_a_spreadsheet_names_them():
    assert str(Location("plan.xlsx", 14, 3, sheet="Links")) == "plan.xlsx:Links!C14"
    assert str(Location("plan/links.csv", 14, 28, sheet="")) == "plan/links.csv:AB14"
    assert str(Location("plan.xlsx", 2, 1, sheet="My notes")) == "plan.xlsx:'My notes'!A2"
    assert str(Location("plan.yaml", 14, 3)) == "plan.yaml:14:3"
    assert Location("plan.yaml", 14, 3).cell is None


def test_findings_of_a_workbook_sort_in_the_chains_order_not_the_sheets(tmp_path: Path):
    """A target's finding comes with its link, before the links after it (as in a chain file)."""
    chain = load(ROOT / "chains" / "ambulance-handover-minister.yaml")
    from deliverychain.exports import export
    from deliverychain.pipeline import audit

    path = tmp_path / "amb.xlsx"
    path.write_bytes(export(chain, "xlsx"))  # type: ignore[arg-type]
    findings = audit(load(path)).findings
    assert [(f.rule_id, f.location.cell) for f in findings] == [
        ("DC308", "Actors!A6"), ("DC302", "Links!F4"), ("DC302", "Links!F6"), ("DC203", "Targets!C2"),
        ("DC302", "Links!F9"), ("DC302", "Links!F10"), ("DC302", "Links!F11"), ("DC201", "Links!D18"),
        ("DC301", "Links!E21")]


def test_positions_cost_no_memory_per_cell(tmp_path: Path):
    chain = load(workbook(tmp_path))
    assert isinstance(chain, Chain)
    positions = chain.positions
    assert positions is not None
    assert positions.value(("links", 1, "carries", 1)).cell == "Links!E3"  # an item of a list cell: the cell
    assert positions.value(("links", 1, "note")).cell == "Links!A3"  # no 'note' column: the row
    assert positions.value(("links", 9)).cell == "Links!A1"  # no such row: the sheet
    assert not positions.table.values  # nothing stored per cell


def test_the_spreadsheets_page_lists_every_sheet_column_and_alias():
    page = (ROOT / "docs" / "spreadsheets.md").read_text(encoding="utf-8")
    columns_table = page.split("## The columns", 1)[1].split("\n\n| Sheet | Columns |", 1)[1].split("\n\n", 1)[0]
    rows = {line.split("|")[1].strip(): line for line in columns_table.splitlines() if line.startswith("| `")}
    for sheet in layout.SHEETS:
        assert f"`{sheet.file_name}`" in page, sheet.name
        columns = rows[f"`{sheet.name}`"].split("|")[2]
        for column in sheet.columns:
            named = f"**`{column.field}`**" if column.required else f"`{column.field}`"
            assert named in columns, (sheet.name, column.field)
            if not column.required:
                assert f"**`{column.field}`**" not in columns, (sheet.name, column.field)
        for alias in sheet.aliases:
            assert f"`{alias.capitalize()}`" in page, alias
        for alias in sheet.sheet_aliases:
            assert f"`{alias.capitalize()}`" in page and f"`{alias}.csv`" in page, alias


def test_a_macro_enabled_workbook_is_read_like_any_other(tmp_path: Path):
    path = workbook(tmp_path)
    macro = path.with_suffix(".xlsm")
    macro.write_bytes(path.read_bytes())
    assert [a.id for a in load(macro).actors] == ["nhse", "icb", "nurse"]
    problem = only(workbook(tmp_path, {"Links": changed(LINKS, 3, 4, "medium")}, name="other.xlsm"))
    assert str(problem.location) == f"{tmp_path / 'other.xlsm'}:Links!D3"


_BASE: list[bytes] = []


def _base_workbook(factory: pytest.TempPathFactory) -> bytes:
    """The base workbook's bytes, made once: openpyxl's timestamps would change its size."""
    if not _BASE:
        _BASE.append(workbook(factory.mktemp("base")).read_bytes())
    return _BASE[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_damaged_workbook_never_crashes(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject):
    """Bytes changed anywhere in a workbook (the zip's headers, its compressed XML, its end):
    a chain or problems, never an exception."""
    folder = tmp_path_factory.mktemp("damaged")
    path = folder / "plan.xlsx"
    raw = bytearray(_base_workbook(tmp_path_factory))
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(raw) - 1))
        raw[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(len(raw) // 2, len(raw))) if data.draw(st.booleans()) else len(raw)
    path.write_bytes(bytes(raw[:cut]))
    result = check_file(path)
    assert (result.chain is None) == bool(result.problems)
    for problem in result.problems:
        assert problem.rule_id.startswith("DC0") and problem.location is not None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400) | st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_in_a_csv_file_never_crash(tmp_path_factory: pytest.TempPathFactory, content: bytes):
    folder = csv_folder(tmp_path_factory.mktemp("csv"), {"links.csv": b"from,to,kind\n" + content})
    result = check_file(folder)
    assert (result.chain is None) == bool(result.problems)
    assert all(p.rule_id.startswith("DC0") and p.location is not None for p in result.problems)


def test_a_kumu_export_without_a_chain_sheet_is_told_what_to_add(tmp_path: Path):
    folder = csv_folder(tmp_path, {"chain.csv": None, "actors.csv": None, "links.csv": None,
                                   "elements.csv": "ID,Label,Type,Tier\nnhse,NHS England,body,national\n",
                                   "connections.csv": "From,To,Type\nnhse,nhse,support\n"})
    problem = only(folder)
    assert (problem.rule_id, problem.message) == ("DC005", "the folder has no chain.csv")
    assert problem.hint == ("add chain.csv with the headings id,title,intent,owner and one row under them; owner "
                            "is the id of the actor accountable for the intent, which the audit starts from")
    (folder / "chain.csv").write_text("id,title,intent,owner\nx,X,An intent,nhse\n")
    assert [link.kind for link in load(folder).links] == ["support"]
