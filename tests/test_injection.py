"""User text never becomes markup, code or structure in any output.

One chain puts hostile text in every field a user writes: quotes and backslashes, <script>,
CDATA ends, newlines, DOT keywords as ids and names, Markdown pipes, GitHub workflow
commands, terminal escapes, a right-to-left override and real right-to-left script. Every
output is PARSED the way its reader would (Graphviz for DOT, an XML parser for SVG, json for
JSON and SARIF, the table rules for Markdown, the command syntax for GitHub annotations) and
the hostile text must come back as text: shown, never obeyed. Invisible control characters
are shown as <U+XXXX> in every output; they are never passed through raw.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from deliverychain.cli import main
from deliverychain.model.loading import load

# id -> name. The ids are DOT and Mermaid keywords and DOT port syntax (`:`), all legal ids.
HOSTILE = {
    "graph": 'He said "hi" \\ back\\slash \\" \\\\ end',
    "node": "<script>alert('x')</script> <img src=x onerror=alert(1)>",
    "edge": "]] ]]> <![CDATA[ x ]]> --> <!-- c -->",
    "subgraph": "line one\nline two\r\nline three",
    "strict": "graph node edge subgraph strict digraph { } ; -> -- [label=x]",
    "digraph:x/y.z": "| pipe | table | break |",
    "end": "\u202eevil override exe.txt",
    "click": "\u05e2\u05d1\u05e8\u05d9\u05ea mixed \u0627\u0644\u0639\u0631\u0628\u064a\u0629 RTL",
    "style": "&amp; &lt; &#60; %0A %% #35; `tick` $x ${x} {{x}} \\n",
    "a": "::error file=x,line=1::injected",
    "b": "esc \x1b[31mred\x1b[0m bell\x07 nul\x00 ls\u2028ps\u2029",
    "c": "[link](javascript:alert(1)) ![img](x) <https://evil>",
}
IDS = list(HOSTILE)
TIERS = ["government", "national", "system", "system", "organisation", "organisation", "team", "team",
         "frontline", "frontline", "frontline", "public"]
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def q(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are YAML's)."""
    return json.dumps(text)


def hostile_chain() -> str:
    h = HOSTILE
    out = ["chain:", "  id: hostile", f"  title: {q('Title ' + h['node'] + h['digraph:x/y.z'])}",
           f"  intent: {q(h['subgraph'] + h['edge'])}", "  owner: graph", f"  description: {q(h['style'])}",
           "sources:",
           f"  - {{id: s1, title: {q(h['node'])}, publisher: {q(h['end'])}, url: 'javascript:alert(1)', "
           f"note: {q(h['c'])}}}",
           "actors:"]
    for i, (actor, name) in enumerate(h.items()):
        roles = {"team": "[practice]", "frontline": "[practice]", "public": "[beneficiary]"}.get(TIERS[i], "[]")
        out.append(f"  - {{id: {q(actor)}, name: {q(name)}, tier: {TIERS[i]}, kind: {q(actor)}, "
                   f"group: {q(h[IDS[(i + 1) % 12]])}, note: {q(h[IDS[(i + 2) % 12]])}, roles: {roles}, "
                   "evidence: [s1]}")
    out += [
        "links:",
        f"  - {{from: graph, to: node, kind: mandate, strength: strong, note: {q(h['strict'])}, evidence: [s1]}}",
        f"  - {{from: node, to: edge, kind: funding, strength: weak, note: {q(h['node'])}}}",
        "  - {from: edge, to: subgraph, kind: support, strength: broken}",
        "  - {from: subgraph, to: end, kind: mandate, strength: weak}",
        "  - {from: end, to: click, kind: support, strength: weak}",
        "  - {from: click, to: a, kind: support}",
        f"  - {{from: a, to: c, kind: support, strength: planned, intended_gap: {q(h['a'])}}}",
        "  - {from: b, to: graph, kind: feedback, carries: [metrics]}",
        f"  - {{from: end, to: graph, kind: reporting, carries: [metrics], assessments: [{{rater: {q(h['style'])}, "
        f"strength: weak, note: {q(h['b'])}}}], targets: [{{name: {q(h['digraph:x/y.z'])}, note: {q(h['node'])}}}]}}",
        "  - {from: graph, to: graph, kind: mandate}",
        "ignore:",
        f"  - {{rule: DC306, subject: '*', reason: {q(h['node'] + h['digraph:x/y.z'])}}}",
        "views:",
        f"  - {{id: v1, title: {q(h['subgraph'] + h['node'])}, focus: node, depth: 2}}",
    ]
    return "\n".join(out) + "\n"


def shown(text: str) -> str:
    """What a diagram shows of `text`: each invisible character as <U+XXXX> (so that no two
    names can look the same), any run of spaces or line breaks as one space."""
    marked = "".join(f"<U+{ord(c):04X}>" if c not in "\t\n\r" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")
                     else c for c in text)
    return " ".join(marked.split())


HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


@pytest.fixture(scope="module")
def chain_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("injection") / "hostile.yaml"
    path.write_text(hostile_chain(), encoding="utf-8")
    return path


def cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr, result.exception)
    assert HIDDEN.search(result.stdout) is None and HIDDEN.search(result.stderr) is None
    return result.stdout


@pytest.fixture(scope="module")
def report(chain_file) -> dict:
    return json.loads(cli("audit", str(chain_file), "--format", "json", "--fail-on", "never"))


def test_the_hostile_chain_is_valid_and_keeps_every_name_exactly(chain_file):
    chain = load(chain_file)
    assert {a.id: a.name for a in chain.actors} == HOSTILE
    assert chain.links[-1].source == chain.links[-1].target == "graph"  # a self-link too


def test_json_report_round_trips_hostile_text_exactly(chain_file, report):
    from deliverychain.pipeline import audit

    file_report = report["files"][0]
    assert file_report["chain"]["title"] == "Title " + HOSTILE["node"] + HOSTILE["digraph:x/y.z"]
    expected = [f.message for f in audit(load(chain_file)).findings]
    listed = file_report["findings"] + file_report["suppressed"]
    assert sorted(f["message"] for f in listed) == sorted(expected)
    assert file_report["suppressed"] and all(f["rule"] == "DC306" for f in file_report["suppressed"])
    messages = " ".join(expected)
    assert HOSTILE["graph"] in messages and HOSTILE["click"] in messages and HOSTILE["a"] in messages


def test_sarif_is_json_with_one_result_per_finding(chain_file, report):
    sarif = json.loads(cli("audit", str(chain_file), "--format", "sarif", "--fail-on", "never"))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    file_report = report["files"][0]
    assert len(results) == len(file_report["findings"]) + len(file_report["suppressed"])
    assert sum(1 for r in results if r.get("suppressions")) == len(file_report["suppressed"])
    lines = chain_file.read_text().count("\n")
    for result in results:
        assert HIDDEN.search(result["message"]["text"]) is None
        region = result["locations"][0]["physicalLocation"]["region"]
        assert 1 <= region["startLine"] <= lines


def _cells(row: str) -> list[str]:
    return re.split(r"(?<!\\)\|", row.strip())[1:-1]


def test_markdown_tables_keep_their_columns_and_no_html_gets_through(chain_file, report):
    markdown = cli("audit", str(chain_file), "--format", "markdown", "--fail-on", "never")
    assert re.search(r"<[A-Za-z!/?]", markdown) is None, "raw markup in the Markdown report"
    tables = re.findall(r"(?m)^(\|.*\|)\n\| ?---.*\n((?:\|.*\n)*)", markdown)
    assert tables, markdown
    rows = 0
    for header, body in tables:
        width = len(_cells(header))
        for row in body.splitlines():
            assert len(_cells(row)) == width, row
            rows += 1
    assert rows >= len(report["files"][0]["findings"]) - report["files"][0]["summary"]["suppressed"]
    assert markdown.count("\n# ") + markdown.startswith("# ") == 1  # the title stayed one heading


_COMMAND = re.compile(r"^::(error|warning|notice) ((?:[a-zA-Z]+=[^,:]*,)*[a-zA-Z]+=[^,:]*)::(.*)$")


def test_github_annotations_are_one_well_formed_command_per_finding(chain_file, report):
    lines = cli("audit", str(chain_file), "--format", "github", "--fail-on", "never").splitlines()
    commands = [line for line in lines if line.startswith("::")]
    active = [f for f in report["files"][0]["findings"] if f["suppressed"] is None]
    assert len(commands) == len(active)
    for line in lines:
        if not line.startswith("::"):
            assert line.startswith("deliverychain:"), line  # the one summary line
            continue
        match = _COMMAND.match(line)
        assert match, line
        properties = dict(item.split("=", 1) for item in match.group(2).split(","))
        assert properties["file"].endswith("hostile.yaml")
        assert re.search(r"%(?!25|0A|0D)", match.group(3)) is None, "an unescaped % in a message"


def test_text_report_and_validate_show_hidden_characters_not_raw(chain_file, tmp_path):
    text = cli("audit", str(chain_file), "--fail-on", "never")
    assert "<U+202E>evil override exe.txt" in text
    broken = tmp_path / "broken.yaml"
    broken.write_text(hostile_chain().replace('kind: "b"', 'kind: "b\\e[2J\\u202e"'))
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 2
    assert HIDDEN.search(result.stderr) is None
    assert "'b<U+001B>[2J<U+202E>' is not a valid id" in result.stderr


def _svg_root(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1]
        assert local not in {"script", "foreignObject", "iframe", "object", "embed", "style"}, local
        for name, value in element.attrib.items():
            assert not name.rsplit("}", 1)[-1].lower().startswith("on"), (name, value)
            assert "javascript:" not in value or name == f"{XLINK}title", (name, value)
    return root


def _boxes(root: ET.Element) -> dict[str, str]:
    """Node id (the <title> Graphviz writes) -> all the text drawn in that node, one line."""
    boxes = {}
    for group in root.iter(f"{SVG}g"):
        if group.get("class") == "node":
            title = group.find(f"{SVG}title").text
            boxes[title] = " ".join(" ".join(t.itertext()) for t in group.iter(f"{SVG}text"))
    return boxes


def _check_names_drawn(root: ET.Element) -> None:
    boxes = _boxes(root)
    assert set(HOSTILE) <= set(boxes), sorted(boxes)
    assert all(title in HOSTILE or title.startswith("#tier") for title in boxes), sorted(boxes)
    for actor, name in HOSTILE.items():
        drawn = " ".join(boxes[actor].split())
        assert shown(name) in drawn, (actor, shown(name), drawn)
    assert HIDDEN.search(ET.tostring(root, encoding="unicode")) is None


def test_svg_parses_has_no_active_content_and_shows_every_name_as_text(chain_file, tmp_path):
    out = tmp_path / "hostile.svg"
    cli("render", str(chain_file), "-o", str(out))
    root = _svg_root(out.read_text(encoding="utf-8"))
    _check_names_drawn(root)
    title = " ".join(" ".join(root.itertext()).split())
    assert shown("Title " + HOSTILE["node"] + HOSTILE["digraph:x/y.z"]) in title
    view = tmp_path / "view.svg"
    cli("render", str(chain_file), "--view", "v1", "-o", str(view))
    drawn = " ".join(" ".join(_svg_root(view.read_text(encoding="utf-8")).itertext()).split())
    assert shown(HOSTILE["subgraph"] + HOSTILE["node"]) in drawn  # the view's title


def test_dot_is_read_by_graphviz_as_exactly_the_chain(chain_file):
    dot = cli("render", str(chain_file), "--format", "dot")
    assert HIDDEN.search(dot) is None
    if shutil.which("dot") is None:
        if os.environ.get("CI"):
            pytest.fail("Graphviz `dot` is required in CI (.ci/run installs it)")
        pytest.skip("Graphviz `dot` is not installed here")
    done = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "syntax error" not in done.stderr, done.stderr
    root = _svg_root(done.stdout)
    _check_names_drawn(root)
    drawn_lines = {g.get("id") for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("line")}
    assert drawn_lines == set(re.findall(r'\[id="(line\d+)"', dot))
    assert len(drawn_lines) >= len(load(chain_file).links)


_MERMAID_LINE = [
    re.compile(r"^flowchart (TB|LR)$"),
    re.compile(r"^\s*%%[^\n]*$"),
    re.compile(r'^\s*subgraph \w+\["[^"]*"\]$'),
    re.compile(r"^\s*end$"),
    re.compile(r'^\s*\w+\["[^"]*"\]$'),
    re.compile(r'^\s*\w+ (<?(-->|-\.->|==>)|~~~)(\|"[^"]*"\|)? \w+$'),
    re.compile(r"^\s*linkStyle \d+ [\w:#.,-]+$"),
    re.compile(r"^\s*classDef \w+ [\w:#.,-]+$"),
    re.compile(r"^\s*class [\w,]+ \w+$"),
]


def _mermaid_text(label: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), label.replace("<br/>", " "))


def test_mermaid_lines_are_all_mermaid_syntax_and_labels_decode_to_the_names(chain_file):
    mermaid = cli("render", str(chain_file), "--format", "mmd")
    assert HIDDEN.search(mermaid) is None
    front, body = re.match(r"(?s)^---\n(.*?)\n---\n(.*)$", mermaid).groups()
    assert json.loads(front.removeprefix("title: ")) == shown("Title " + HOSTILE["node"] + HOSTILE["digraph:x/y.z"])
    for line in body.splitlines():
        assert any(p.match(line) for p in _MERMAID_LINE), f"not Mermaid: {line!r}"
    labels = [_mermaid_text(m) for m in re.findall(r'^\s*a\d+\["([^"]*)"\]$', body, re.MULTILINE)]
    assert len(labels) == len(HOSTILE)
    for name in HOSTILE.values():
        assert any(" ".join(label.split()).startswith(shown(name)) for label in labels), shown(name)
