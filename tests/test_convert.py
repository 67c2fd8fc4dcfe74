"""`chain convert` and the exports: round trips without loss, workbooks a team can fill in,
networks other tools read, and the commands working on workbooks and CSV folders end to end."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import networkx as nx
import openpyxl
import pytest
from click.testing import CliRunner

import deliverychain
from deliverychain.cli import main
from deliverychain.exports import export, format_for_name
from deliverychain.exports.chainfile import chain_data, comment_lines
from deliverychain.exports.network import flat_graph
from deliverychain.pipeline import audit, audit_files, check_file, load
from deliverychain.reports.json_report import report_data
from tests.conftest import ROOT
from tests.test_hostile import chain_command

EXAMPLES = sorted((ROOT / "chains").glob("*.yaml"))
LOCATION_KEYS = {"file", "line", "column", "end_line", "end_column", "sheet", "cell"}


def chain_in(folder: Path, *args: str) -> SimpleNamespace:
    """`chain ARGS` run in `folder`, in this process (click's runner): as a user runs it, faster."""
    with contextlib.chdir(folder):
        result = CliRunner().invoke(main, list(args), prog_name="chain")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def write(path: Path, data: bytes | dict[str, bytes]) -> Path:
    if isinstance(data, dict):
        path.mkdir()
        for name, content in data.items():
            (path / name).write_bytes(content)
    else:
        path.write_bytes(data)
    return path


def without_places(value: Any) -> Any:
    """An audit report with every file name and location taken out."""
    if isinstance(value, dict):
        return {k: without_places(v) for k, v in value.items() if k not in LOCATION_KEYS}
    if isinstance(value, list):
        return [without_places(v) for v in value]
    return value


def audit_json(path: Path) -> str:
    return json.dumps(without_places(report_data(audit_files([str(path)]))), indent=1)


# --- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("middle", ["xlsx", "csv"])
def test_every_example_goes_through_a_spreadsheet_and_back_unchanged(tmp_path: Path, example: Path, middle: str):
    original = load(example)
    sheet = write(tmp_path / f"{example.stem}.{middle}", export(original, middle))
    through = load(sheet)
    back = write(tmp_path / "back.yaml", export(through, "yaml"))
    again = load(back)
    for chain in (through, again):
        assert chain.model_dump() == original.model_dump()
        assert chain_data(chain) == chain_data(original)  # the same fields given, not just the same values
    # the audit finds the same things, in the same order, with the same words
    assert audit_json(sheet) == audit_json(example)
    assert audit_json(back) == audit_json(example)


@pytest.mark.parametrize("example", EXAMPLES[:2], ids=lambda p: p.stem)
def test_json_and_yaml_convert_into_each_other(tmp_path: Path, example: Path):
    original = load(example)
    as_json = write(tmp_path / "chain.json", export(original, "json"))
    as_yaml = write(tmp_path / "chain.yaml", export(load(as_json), "yaml"))
    assert chain_data(load(as_yaml)) == chain_data(original)
    assert json.loads(as_json.read_text())["chain"]["id"] == original.chain.id


def test_text_that_yaml_1_2_reads_as_something_else_stays_text(tmp_path: Path):
    chain = load(ROOT / "chains" / "cancer.yaml")
    odd = ["1e3", "0o17", "0x1F", "true", "null", "", "~", "2019-01-07", "- dash", "a: b", "#hash", "x # y",
           "line one\nline two", " padded ", "'quoted'", "=SUM(A1)", "Café — ‘quotes’"]
    for actor, text in zip(chain.actors, odd, strict=False):
        actor.note = text
        actor.meta = {"value": text, "number": 21, "list": [1, "two"]}
    for middle in ("yaml", "xlsx", "csv"):
        path = write(tmp_path / f"odd.{middle}", export(chain, middle))
        back = load(path)
        # a cell cannot tell empty text from no text: the one value a spreadsheet does not keep
        expected = odd if middle == "yaml" else [None if t == "" else t for t in odd]
        assert [a.note for a in back.actors[:len(odd)]] == expected, middle
        assert back.actors[0].meta == {"value": "1e3", "number": 21, "list": [1, "two"]}, middle


def test_comments_are_counted_exactly():
    text = 'a: "x # not" # one\nb: |\n  # not either\n# two\nc: [d, "#e"] # three\n'
    assert comment_lines(text) == 3
    assert comment_lines("a: b\n") == 0


def test_the_same_chain_gives_the_same_bytes(tmp_path: Path):
    chain = load(ROOT / "chains" / "cancer.yaml")
    for format in ("xlsx", "graphml", "gexf", "kumu", "edges", "yaml", "json"):
        assert export(chain, format) == export(load(ROOT / "chains" / "cancer.yaml"), format), format


def test_output_names_choose_formats():
    assert [format_for_name(n).name for n in ("a.yaml", "a.YML", "a.json", "a.kumu.json", "a.xlsx", "a.csv",
                                              "a.graphml", "a.gexf")] == [
        "yaml", "yaml", "json", "kumu", "xlsx", "edges", "graphml", "gexf"]
    assert format_for_name("a.pdf") is None


# --- the workbook a team fills in ----------------------------------------------------------


def test_the_workbook_has_drop_downs_frozen_headings_and_sized_columns(tmp_path: Path):
    path = write(tmp_path / "cancer.xlsx", export(load(ROOT / "chains" / "cancer.yaml"), "xlsx"))
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Chain", "Sources", "Actors", "Links", "Assessments", "Targets", "Ignore", "Views",
                               "Lists"]
    assert book["Lists"].sheet_state == "hidden"
    lists = {column[0].value: [c.value for c in column[1:] if c.value] for column in book["Lists"].iter_cols()}
    assert lists["LinkKind"] == [k.value for k in deliverychain.vocab.LinkKind]
    assert lists["Tier"] == list(load(ROOT / "chains" / "cancer.yaml").tiers)

    def drop_downs(sheet: str) -> dict[str, Any]:
        found = {}
        for check in book[sheet].data_validations.dataValidation:
            (cells,) = check.sqref.ranges
            heading = book[sheet].cell(1, cells.min_col).value
            assert (cells.min_row, cells.max_row) == (2, 1_048_576), heading  # new rows get them too
            assert check.type == "list"
            found[heading] = check
        return found

    links = drop_downs("Links")
    assert set(links) == {"from", "to", "kind", "carries", "strength", "character", "evidence"}
    assert links["kind"].formula1 == "Lists!$B$2:$B$12"
    assert links["strength"].formula1 == "Lists!$D$2:$D$8"
    assert links["from"].formula1 == "Actors!$A$2:$A$1048576"
    assert links["kind"].showErrorMessage and links["kind"].errorStyle == "warning"
    assert not links["carries"].showErrorMessage  # several terms, and terms of one's own ('x-...')
    assert links["carries"].prompt.startswith("One or more, separated by commas: targets, metrics")
    assert set(drop_downs("Actors")) == {"tier", "roles", "capacity", "evidence"}
    assert drop_downs("Actors")["tier"].formula1 == "Lists!$A$2:$A$9"
    assert set(drop_downs("Assessments")) == {"strength", "character", "evidence"}
    assert set(drop_downs("Targets")) == {"basis"}
    assert set(drop_downs("Views")) == {"tiers", "focus", "kinds"}
    assert drop_downs("Chain")["owner"].formula1 == "Actors!$A$2:$A$1048576"
    for sheet in book.sheetnames[:-1]:
        assert book[sheet].freeze_panes in ("A2", "B2"), sheet
        assert book[sheet]["A1"].font.b, sheet
    links_sheet = book["Links"]
    assert links_sheet.freeze_panes == "B2"
    widths = {links_sheet.cell(1, c).value: links_sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width
              for c in range(1, links_sheet.max_column + 1)}
    assert widths["note"] == 60 and widths["kind"] >= len("performance-management")
    assert 8 <= widths["to"] < 40


def test_init_writes_the_template_as_a_workbook_that_audits_like_the_yaml(tmp_path: Path):
    done = chain_in(tmp_path, "init", "plan.xlsx")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Wrote plan.xlsx: a worked example with 9 actors and 18 links.")
    assert chain_in(tmp_path, "init", "other", "--format", "xlsx").returncode == 0
    assert openpyxl.load_workbook(io.BytesIO((tmp_path / "other").read_bytes())).sheetnames[0] == "Chain"
    assert chain_in(tmp_path, "init", "plan.yaml").returncode == 0
    assert chain_data(load(tmp_path / "plan.xlsx")) == chain_data(load(tmp_path / "plan.yaml"))
    assert audit_json(tmp_path / "plan.xlsx") == audit_json(tmp_path / "plan.yaml")
    again = chain_in(tmp_path, "init", "plan.xlsx")
    assert again.returncode == 2 and "already exists" in again.stderr


# --- networks ------------------------------------------------------------------------------


def _edges(graph: nx.DiGraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Edges by (source, target, key), as networkx reads them back: a file with no two links
    between the same pair of actors reads as a DiGraph, keeping each edge's key as its id."""
    if graph.is_multigraph():
        return {(u, v, k): {**d, "id": k} for u, v, k, d in graph.edges(keys=True, data=True)}
    return {(u, v, d["id"]): dict(d) for u, v, d in graph.edges(data=True)}


def _same_graph(read: nx.DiGraph, written: nx.MultiDiGraph) -> None:
    assert list(read.nodes) == list(written.nodes)
    assert {n: read.nodes[n] for n in read} == {n: dict(written.nodes[n]) for n in written}
    edges = _edges(read)
    assert sorted(edges) == sorted(written.edges(keys=True))
    for source, target, key, data in written.edges(keys=True, data=True):
        assert {k: v for k, v in edges[source, target, key].items() if k not in ("id", "networkx_key")} == data


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_graphml_reads_back_into_networkx_with_every_attribute(tmp_path: Path, example: Path):
    chain = load(example)
    path = write(tmp_path / "chain.graphml", export(chain, "graphml"))
    read = nx.read_graphml(path)
    written = flat_graph(chain)
    _same_graph(read, written)
    assert read.graph["title"] == chain.chain.title
    assert read.graph["tier_order"] == ", ".join(chain.tiers)
    some = next(data for *_, data in read.edges(data=True) if "carries" in data)
    assert isinstance(some["carries"], str)  # lists joined, which networkx's own writer cannot do


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_gexf_is_gexf_1_3_and_reads_back_into_networkx(tmp_path: Path, example: Path):
    chain = load(example)
    path = write(tmp_path / "chain.gexf", export(chain, "gexf"))
    root = ElementTree.parse(path).getroot()
    assert root.tag == "{http://gexf.net/1.3}gexf"
    assert root.get("version") == "1.3"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation") == \
        "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    read = nx.read_gexf(path, version="1.3")
    _same_graph(read, flat_graph(chain))


def test_two_alike_links_without_ids_are_two_edges(tmp_path: Path):
    chain = load(ROOT / "chains" / "cancer-plan-2005.yaml")
    chain.links.append(chain.links[0].model_copy())
    assert chain.to_networkx().number_of_edges() == len(chain.links)
    read = nx.read_graphml(write(tmp_path / "x.graphml", export(chain, "graphml")))
    assert read.number_of_edges() == len(chain.links)
    assert read.has_edge(chain.links[0].source, chain.links[0].target, f"{chain.links[0].key}#2")


def test_attributes_of_mixed_types_are_written_as_text(tmp_path: Path):
    chain = load(ROOT / "chains" / "cancer.yaml")
    chain.actors[0].meta = {"count": "about 40"}
    chain.actors[1].meta = {"count": 42}
    read = nx.read_graphml(write(tmp_path / "x.graphml", export(chain, "graphml")))
    assert read.nodes[chain.actors[1].id]["meta.count"] == "42"


def test_the_kumu_blueprint_has_the_fields_kumus_import_documents():
    chain = load(ROOT / "chains" / "cancer.yaml")
    blueprint = json.loads(export(chain, "kumu"))
    assert set(blueprint) == {"elements", "connections"}
    elements, connections = blueprint["elements"], blueprint["connections"]
    assert [e["id"] for e in elements] == [a.id for a in chain.actors]
    for element, actor in zip(elements, chain.actors, strict=True):
        assert (element["label"], element["type"], element["tier"]) == (actor.name, actor.kind, actor.tier)
        assert element.get("description") == actor.note
        assert element.get("tags", []) == list(actor.roles)
    ids = {e["id"] for e in elements}
    assert len(connections) == len(chain.links)
    for connection, link in zip(connections, chain.links, strict=True):
        assert connection["from"] in ids and connection["to"] in ids
        assert (connection["from"], connection["to"], connection["type"]) == (link.source, link.target, link.kind)
        assert connection["direction"] == "directed"
        assert connection["strength"] == link.strength
    every_id = [e["id"] for e in elements] + [c["id"] for c in connections if "id" in c]
    assert len(every_id) == len(set(every_id))  # unique across elements and connections, as Kumu requires


def test_the_edge_list_is_one_row_per_link_with_gephis_headings():
    chain = load(ROOT / "chains" / "cancer.yaml")
    rows = list(csv.DictReader(io.StringIO(export(chain, "edges").decode("utf-8-sig"))))
    assert list(rows[0])[:3] == ["source", "target", "kind"]
    assert [(r["source"], r["target"], r["kind"]) for r in rows] == [(x.source, x.target, x.kind) for x in chain.links]


# --- the commands, end to end --------------------------------------------------------------


def test_convert_between_every_chain_format_from_the_command_line(tmp_path: Path):
    source = tmp_path / "cancer.yaml"
    source.write_bytes((ROOT / "chains" / "cancer.yaml").read_bytes())
    done = chain_command("convert", "cancer.yaml", "cancer.xlsx", cwd=tmp_path)  # the installed script, once
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "cancer.yaml: 23 actors and 52 links written to cancer.xlsx: an Excel workbook, with drop-downs for every "
        "vocabulary",
        "note: the 40 comment lines in cancer.yaml are not in cancer.xlsx: only the chain file keeps comments; "
        "keep it if you need them"]
    steps = [("cancer.xlsx", "csv/"), ("csv", "back.json"), ("back.json", "back.yaml"), ("back.yaml", "net.gexf"),
             ("csv/links.csv", "net.graphml"), ("cancer.xlsx", "map.kumu.json"), ("cancer.xlsx", "edges.csv")]
    for source_name, output in steps:
        done = chain_in(tmp_path, "convert", source_name, output)
        assert done.returncode == 0, (source_name, output, done.stderr)
        assert "note:" not in done.stderr, (source_name, output)  # no comments to lose after the first
    assert chain_data(load(tmp_path / "back.yaml")) == chain_data(load(source))
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == [
        "actors.csv", "assessments.csv", "chain.csv", "ignore.csv", "links.csv", "sources.csv", "targets.csv",
        "views.csv"]


@pytest.mark.parametrize(("args", "message"), [
    (["cancer.yaml", "cancer.yaml", "--force"], "refusing to overwrite the input 'cancer.yaml'"),
    (["cancer.yaml", "existing.xlsx"], "'existing.xlsx' already exists; it was left as it is"),
    (["cancer.yaml", "plan.pdf"], "cannot tell the format of 'plan.pdf' from its name"),
    (["broken.yaml", "out.xlsx"], "broken.yaml: 1 problem; nothing converted"),
    (["cancer.yaml", "nowhere/out.xlsx"], "the folder 'nowhere' does not exist"),
    (["cancer.yaml", "existing.xlsx/"], "'existing.xlsx/' is a file, not a folder"),
])
def test_convert_refuses_clearly_with_exit_2(tmp_path: Path, args: list[str], message: str):
    (tmp_path / "cancer.yaml").write_bytes((ROOT / "chains" / "cancer.yaml").read_bytes())
    (tmp_path / "broken.yaml").write_text("chain: [\n")
    (tmp_path / "existing.xlsx").write_bytes(b"keep me")
    done = chain_in(tmp_path, "convert", *args)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "existing.xlsx").read_bytes() == b"keep me"


def test_convert_replaces_with_force_and_a_folder_of_csv_only_with_force(tmp_path: Path):
    (tmp_path / "c.yaml").write_bytes((ROOT / "chains" / "cancer-plan-2005.yaml").read_bytes())
    assert chain_in(tmp_path, "convert", "c.yaml", "out/").returncode == 0
    again = chain_in(tmp_path, "convert", "c.yaml", "out/")
    assert again.returncode == 2 and "already holds a chain's CSV files" in again.stderr
    assert chain_in(tmp_path, "convert", "c.yaml", "out", "--force").returncode == 0
    assert chain_in(tmp_path, "convert", "c.yaml", "x.data", "--format", "xlsx").returncode == 0
    assert openpyxl.load_workbook(io.BytesIO((tmp_path / "x.data").read_bytes())).sheetnames[0] == "Chain"


@pytest.fixture
def sheets(tmp_path: Path) -> Path:
    """The cancer chain as a workbook and as a CSV folder, with a weak link made 'medium' in both."""
    chain = load(ROOT / "chains" / "cancer.yaml")
    write(tmp_path / "plan.xlsx", export(chain, "xlsx"))
    write(tmp_path / "plan", export(chain, "csv"))
    broken = tmp_path / "broken"
    write(broken, export(chain, "csv"))
    links = (broken / "links.csv").read_text(encoding="utf-8-sig").replace(",weak,", ",medium,", 1)
    (broken / "links.csv").write_text(links, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("name", ["plan.xlsx", "plan", "plan/actors.csv"])
def test_validate_audit_and_render_work_on_a_workbook_and_a_csv_folder(sheets: Path, name: str):
    valid = chain_in(sheets, "validate", name)
    assert (valid.returncode, valid.stdout) == (0, f"{name}: valid (23 actors, 52 links, 30 sources)\n")
    audited = chain_in(sheets, "audit", name, "--format", "json")
    assert audited.returncode == 1  # the cancer chain has errors (DC201)
    report = json.loads(audited.stdout)
    assert without_places(report) == without_places(json.loads(
        chain_in(ROOT, "audit", "chains/cancer.yaml", "--format", "json").stdout))
    first = next(f for f in report["files"][0]["findings"] if f["rule"] == "DC201")
    if name == "plan.xlsx":
        assert (first["file"], first["sheet"], first["cell"], first["line"], first["column"]) == (
            "plan.xlsx", "Links", "Links!D39", 39, 4)
    else:
        assert (first["file"], first["sheet"], first["cell"]) == ("plan/links.csv", "", "D39")
    drawn = chain_in(sheets, "render", name, "-o", "out.svg", "--engine", "wasm")
    assert drawn.returncode == 0, drawn.stderr
    assert (sheets / "out.svg").read_bytes().lstrip().startswith((b"<?xml", b"<svg"))


def test_audit_text_shows_the_row_of_a_spreadsheet(sheets: Path):
    done = chain_in(sheets, "audit", "plan.xlsx")
    assert "plan.xlsx:Links!D39: error[DC201 numbers-only-feedback]" in done.stdout
    frame = done.stdout.split("plan.xlsx:Links!D39:", 1)[1].split("\n")[1:5]
    assert frame == [
        "       | A                | B     | C         | D",
        "     1 | from             | to    | kind      | carries",
        "  > 39 | diagnostic-teams | trust | reporting | metrics",
        "       |                                        ^^^^^^^"]


def test_validate_a_broken_csv_folder_exits_2_with_the_cell(sheets: Path):
    done = chain_in(sheets, "validate", "broken")
    assert done.returncode == 2
    assert done.stderr.startswith("broken/links.csv:E")
    assert "error[DC009] 'medium' is not a known link strength" in done.stderr
    assert "  > " in done.stderr and "medium" in done.stderr.split("\n")[3]


def test_sarif_and_github_name_the_cell(sheets: Path):
    from tests.test_reports import _validate_sarif

    sarif = json.loads(chain_in(sheets, "audit", "plan.xlsx", "--format", "sarif").stdout)
    _validate_sarif(sarif)
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "DC201")
    (place,) = result["locations"]
    assert place["physicalLocation"]["region"] == {"startLine": 39, "startColumn": 4, "endLine": 39, "endColumn": 5}
    assert place["logicalLocations"] == [{"name": "Links!D39", "kind": "element",
                                          "fullyQualifiedName": "plan.xlsx:Links!D39"}]
    github = chain_in(sheets, "audit", "plan.xlsx", "--format", "github").stdout
    assert "::error file=plan.xlsx,line=39,col=4,endColumn=5,title=DC201 numbers-only-feedback::" \
           "Links!D39: Learning from practice stops" in github
    markdown = chain_in(sheets, "audit", "plan.xlsx", "--format", "markdown").stdout
    assert "| plan.xlsx, Links!D39" in markdown


def test_yaml_reports_are_unchanged_by_cells():
    """A chain file's locations print and serialise exactly as before (no sheet, no cell)."""
    report = report_data(audit_files([str(ROOT / "chains" / "cancer.yaml")]))
    finding = report["files"][0]["findings"][0]
    assert list(finding)[5:10] == ["file", "line", "column", "end_line", "end_column"]
    assert "sheet" not in finding and "cell" not in finding
    assert audit(load(ROOT / "chains" / "cancer.yaml")).findings[0].location.cell is None


def test_check_file_of_a_workbook_keeps_no_text():
    result = check_file(ROOT / "chains" / "cancer.yaml")
    assert result.text is not None


def test_hostile_text_survives_every_format(tmp_path: Path):
    """The injection tests' chain (quotes, markup, control characters, right-to-left text in
    every field): the chain formats give it back exactly, the network formats stay well-formed."""
    from tests.test_injection import HOSTILE, hostile_chain

    chain = deliverychain.loads(hostile_chain())
    assert "\x00" in chain.actor("b").name and "_x" not in chain.actor("b").name
    chain.actor("a").note = "literal _x0041_ and _x001B_ stay as written"
    for middle in ("xlsx", "csv", "json", "yaml"):
        back = load(write(tmp_path / f"h.{middle}", export(chain, middle)))
        assert back.model_dump() == chain.model_dump(), middle
    for format in ("graphml", "gexf"):
        path = write(tmp_path / f"h.{format}", export(chain, format))
        ElementTree.parse(path)  # well-formed XML
        read = nx.read_graphml(path) if format == "graphml" else nx.read_gexf(path, version="1.3")
        assert read.nodes["b"]["label"] == "esc <U+001B>[31mred<U+001B>[0m bell<U+0007> nul<U+0000> ls\u2028ps\u2029"
        assert read.nodes["node"]["label"] == HOSTILE["node"]
    blueprint = json.loads(export(chain, "kumu"))
    assert [e["label"] for e in blueprint["elements"]] == [a.name for a in chain.actors]


def test_report_and_diff_read_workbooks_and_csv_folders(sheets: Path):
    same = chain_in(sheets, "diff", str(ROOT / "chains" / "cancer.yaml"), "plan.xlsx")
    assert same.returncode == 0, same.stderr
    assert "The chain: no changes" in same.stdout and "0 new findings, 0 resolved, 10 still there" in same.stdout
    assert "The chain: no changes" in chain_in(sheets, "diff", "plan.xlsx", "plan").stdout
    done = chain_in(sheets, "report", "plan", "-o", "report.html")
    assert done.returncode == 0, done.stderr
    assert "Earlier cancer diagnosis under the NHS Long Term Plan" in (sheets / "report.html").read_text()


@pytest.mark.parametrize("seed", [1, 2])
def test_synthetic_chains_go_through_every_chain_format_unchanged(tmp_path: Path, seed: int):
    """Generated chains (assessments, targets, flow lists, custom terms, meta) as well as the examples."""
    from benchmarks.synthetic import synthetic_chain

    chain = deliverychain.loads(synthetic_chain(120, seed=seed))
    assert any(link.assessments for link in chain.links)
    for middle in ("xlsx", "csv", "yaml", "json"):
        back = load(write(tmp_path / f"s.{middle}", export(chain, middle)))
        assert chain_data(back) == chain_data(chain), middle
