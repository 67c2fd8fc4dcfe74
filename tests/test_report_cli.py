"""`chain report` end to end, and `deliverychain.report`: formats, exit codes, templates,
several chains, text from the file shown as text, and the same bytes on every run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import deliverychain
from deliverychain.cli import main
from deliverychain.reports.board.errors import ReportError
from tests.conftest import ROOT

CANCER = "chains/cancer.yaml"
PEER = "chains/ambulance-handover-peer.yaml"


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def visible_text(html: str) -> str:
    """Roughly what a reader sees: the page without its tags, styles and scripts, entities decoded."""
    import html as entities

    body = re.sub(r"<(style|script)\b.*?</\1>", "", html, flags=re.DOTALL)
    return entities.unescape(re.sub(r"<[^>]+>", " ", body))


def test_writes_html_named_by_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "annex.html"
    result = invoke("report", str(ROOT / CANCER), "-o", str(out), "--engine", "wasm")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\">")
    text = visible_text(page)
    assert "Delivery confidence in the chain's design" in text
    assert "Amber/Red" in text and "Learning stops at Acute trust" in text
    assert not re.search(r"\bline \d+|\.yaml:\d+", text), "a board paper has no line numbers"


def test_html_goes_to_standard_output_without_o() -> None:
    result = invoke("report", str(ROOT / PEER), "--format", "html", "--engine", "wasm")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "Green" in visible_text(result.stdout)


def test_the_format_option_wins_over_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "annex.bin"
    assert invoke("report", str(ROOT / PEER), "-o", str(out), "--format", "docx", "--engine", "wasm").exit_code == 0
    assert out.read_bytes().startswith(b"PK")


@pytest.mark.parametrize(("args", "says"), [
    (["-o", "annex.txt"], "annex.txt' from its extension"),
    (["--format", "pdf"], "PDF is a binary format and needs an output file"),
    (["--format", "docx"], "DOCX is a binary format and needs an output file"),
    (["-o", "annex.html", "--template", "no-such-template.html"], "template 'no-such-template.html' does not exist"),
    (["-o", "annex.html", "--template", "chains/cancer.yaml"], "is not an HTML template"),
    (["-o", "annex.docx", "--template", "chains/cancer.yaml"], "is not a Word reference document"),
])
def test_requests_that_cannot_be_met_exit_2_with_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        args: list[str], says: str) -> None:
    monkeypatch.chdir(ROOT)
    args = [str(tmp_path / a) if a.startswith("annex") else a for a in args]
    result = invoke("report", CANCER, *args)
    assert result.exit_code == 2
    assert says in result.output and "hint:" in result.output
    assert not list(tmp_path.iterdir())


def test_a_chain_that_does_not_load_is_listed_and_nothing_is_written(tmp_path: Path, write_chain: Any) -> None:
    broken = write_chain("chain: {id: x, title: X, intent: Y, owner: nobody}\nactors: []\n", "broken.yaml")
    out = tmp_path / "annex.html"
    result = invoke("report", str(ROOT / PEER), str(broken), "-o", str(out))
    assert result.exit_code == 2
    assert "broken.yaml" in result.output and "no report written" in result.output
    assert not out.exists()


def test_an_input_file_is_never_overwritten(tmp_path: Path) -> None:
    chain = tmp_path / "plan.html"  # a chain file with an unusual name, given as the output too
    chain.write_bytes((ROOT / PEER).read_bytes())
    result = invoke("report", str(chain), "-o", str(chain), "--engine", "wasm")
    assert result.exit_code == 2
    assert "refusing to overwrite the input file" in result.output
    assert chain.read_bytes() == (ROOT / PEER).read_bytes()


def test_several_chains_give_a_comparison_and_a_section_each(tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    assert invoke("report", str(ROOT / CANCER), str(ROOT / PEER), "-o", str(out), "--engine", "wasm").exit_code == 0
    page = out.read_text(encoding="utf-8")
    text = visible_text(page)
    assert "Delivery chain review: 2 chains" in text and "The chains compared" in text
    assert page.count('<article class="chain"') == 2
    table = page[page.index('<section class="comparison"'):page.index("</section>")]
    assert "Amber/Red" in table and "Green" in table
    # Each section numbers its own findings, with ids that cannot collide on one page.
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert 'id="c1-f1"' in page and 'id="c2-' in page


def test_a_team_template_can_extend_the_built_in_one(tmp_path: Path) -> None:
    template = tmp_path / "house.html.j2"
    template.write_text('{% extends "deliverychain/report.html.j2" %}\n'
                        '{% block header %}<header><h1>Trust board, item 7: {{ report.title }}</h1></header>'
                        '{% endblock %}\n{% block extra_style %}body { font-family: Georgia, serif; }{% endblock %}\n',
                        encoding="utf-8")
    result = invoke("report", str(ROOT / PEER), "--template", str(template), "--engine", "wasm")
    assert result.exit_code == 0, result.output
    assert "<h1>Trust board, item 7: Ambulance handover delays" in result.stdout
    assert "font-family: Georgia" in result.stdout
    assert "Delivery confidence in the chain's design" in result.stdout  # the rest of the page is kept


def test_a_template_can_show_the_diagram_whole_or_page_by_page(tmp_path: Path) -> None:
    """`s.diagram.inline` (templates written before the diagram had pages) gives every page; `pages` each."""
    template = tmp_path / "plain.html.j2"
    template.write_text('{% for s in report.sections %}<div id="whole">{{ s.diagram.inline | safe }}</div>'
                        '{% for page in s.diagram.pages %}<p class="alt">{{ page.alt }}</p>{% endfor %}'
                        '{% endfor %}', encoding="utf-8")
    result = invoke("report", str(ROOT / CANCER), "--template", str(template))
    assert result.exit_code == 0, result.output
    whole = result.stdout.split('<div id="whole">')[1].split("</div>")[0]
    assert whole.count("<svg") == 3  # the cancer chain on A4: three pages
    alts = re.findall(r'<p class="alt">([^<]*)</p>', result.stdout)
    assert [a.split(":")[0] for a in alts] == [f"Diagram of the chain, page {n} of 3" for n in (1, 2, 3)]


def test_a_broken_template_says_where(tmp_path: Path) -> None:
    template = tmp_path / "broken.html"
    template.write_text("<h1>{{ report.title }</h1>\n", encoding="utf-8")
    result = invoke("report", str(ROOT / PEER), "--template", str(template), "--engine", "wasm")
    assert result.exit_code == 2
    assert f"{template}:1: the template is not valid Jinja2" in result.output
    unknown = tmp_path / "unknown.html"
    unknown.write_text("{{ report.no_such_thing.x }}", encoding="utf-8")
    result = invoke("report", str(ROOT / PEER), "--template", str(unknown), "--engine", "wasm")
    assert result.exit_code == 2 and "the template failed" in result.output


def test_a_template_cannot_reach_outside_the_sandbox(tmp_path: Path) -> None:
    template = tmp_path / "sneaky.html"
    template.write_text("{{ report.__class__.__init__.__globals__ }}", encoding="utf-8")
    result = invoke("report", str(ROOT / PEER), "--template", str(template), "--engine", "wasm")
    assert result.exit_code == 2
    assert "the template failed" in result.output


def test_text_from_the_file_is_shown_as_text(write_chain: Any) -> None:
    text = (ROOT / CANCER).read_text(encoding="utf-8")
    text = text.replace("name: Acute trust (urgent suspected cancer pathways)",
                        "name: \"A&E <script>alert(1)</script> \\u202Etrust\"")
    path = write_chain(text, "hostile.yaml")
    result = invoke("report", str(path), "--engine", "wasm")
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\u202e" not in page and "&lt;U+202E&gt;" in page
    seen = visible_text(page)
    assert "A&E <script>alert(1)</script>" in seen and "A&amp;E" not in seen


def test_the_same_chain_gives_the_same_page() -> None:
    first = invoke("report", str(ROOT / CANCER), "--engine", "wasm").stdout
    assert first == invoke("report", str(ROOT / CANCER), "--engine", "wasm").stdout


def test_the_python_function_matches_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    chain = deliverychain.loads((ROOT / PEER).read_text(encoding="utf-8"), PEER)
    assert deliverychain.report(chain, engine="wasm").decode() == invoke("report", PEER, "--engine", "wasm").stdout
    assert deliverychain.report([chain], engine="wasm").startswith(b"<!DOCTYPE html>")
    with pytest.raises(ReportError, match="unknown report format 'odt'"):
        deliverychain.report(chain, "odt")
    with pytest.raises(ReportError, match="no chain"):
        deliverychain.report([])


def test_the_command_runs_as_a_program(tmp_path: Path) -> None:
    out = tmp_path / "annex.docx"
    done = subprocess.run([str(Path(sys.executable).with_name("chain")), "report", PEER, "-o", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert f"{out}: board report written ({PEER})" in done.stderr
    assert out.read_bytes().startswith(b"PK")
