"""The board style as data: numbering, highlighting attributes, hover text, the key, order.

The printed result is tested in test_board_print.py; the crossings in benchmarks/crossings.py.
"""

from __future__ import annotations

import re
import textwrap
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

import deliverychain
from deliverychain.cli import main
from deliverychain.drawing import RenderError
from deliverychain.drawing.board import board_pages, short_sentence
from deliverychain.drawing.boardlayout import layout
from deliverychain.drawing.boardshapes import CHARACTER, SEVERITY, STRENGTH, glyph
from deliverychain.findings import Severity, numbered
from deliverychain.pipeline import render
from tests.test_render import FIXTURE, SMALL, finding
from tests.test_render_golden import FIXTURE_FINDINGS

SVG = "{http://www.w3.org/2000/svg}"


def groups(svg: bytes, attribute: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get(attribute) is not None]


@pytest.fixture(scope="module")
def chain() -> deliverychain.Chain:
    return deliverychain.load(FIXTURE)


def test_callout_numbers_are_the_shared_numbering(chain):
    (page,) = board_pages(chain, findings=FIXTURE_FINDINGS, page="none")
    expected = numbered(FIXTURE_FINDINGS, Severity.WARNING)
    assert [(n, f.rule_id) for n, f in page.findings] == [(n, f.rule_id) for n, f in expected]
    shown = {g.get("data-finding") for g in groups(page.svg, "data-finding")}
    assert shown == {str(n) for n, _ in expected}
    # Info findings are left off unless asked for; then they are numbered after the warnings.
    (with_info,) = board_pages(chain, findings=FIXTURE_FINDINGS, page="none", min_severity="info")
    assert [f.rule_id for _, f in with_info.findings] == [f.rule_id for _, f in numbered(FIXTURE_FINDINGS,
                                                                                       Severity.INFO)]
    assert "DC306" in [f.rule_id for _, f in with_info.findings]
    assert "DC306" not in [f.rule_id for _, f in page.findings]


def test_every_actor_and_link_is_marked_for_highlighting(chain):
    svg = render(chain, "svg", style="board", findings=FIXTURE_FINDINGS)
    actors = {g.get("data-actor") for g in groups(svg, "data-actor")}
    assert actors == {a.id for a in chain.actors}
    drawn = {key for g in groups(svg, "data-link") for key in (g.get("data-link") or "").split()}
    assert drawn == {link.key for link in chain.links}
    numbers = dict(numbered(FIXTURE_FINDINGS))
    by_actor = {g.get("data-actor"): g.get("data-findings", "") for g in groups(svg, "data-actor")}
    dc302 = next(n for n, f in numbers.items() if f.rule_id == "DC302")
    assert str(dc302) in by_actor["icb-gm"].split()
    dc301 = next(n for n, f in numbers.items() if f.rule_id == "DC301")
    link = next(g for g in groups(svg, "data-link") if "icb-gm->practice-a:commissioning" in g.get("data-link", ""))
    assert str(dc301) in link.get("data-findings", "").split()
    # The loop of DC201 lights up along its links too.
    dc201 = next(n for n, f in numbers.items() if f.rule_id == "DC201")
    lit = [g for g in groups(svg, "data-link") if str(dc201) in (g.get("data-findings") or "").split()]
    assert len(lit) >= 1


def test_links_of_a_pair_share_one_connector(chain):
    svg = render(chain, "svg", style="board", findings=False)
    both = [g.get("data-link", "").split() for g in groups(svg, "data-link")]
    pair = next(keys for keys in both if any(k.startswith("icb-gm->nhse:reporting") for k in keys))
    assert any(k.startswith("nhse->icb-gm:performance-management") for k in pair)
    assert len(both) < len(chain.links)


def test_hover_text_carries_the_findings_sentences(chain):
    def sentence(f):  # type: ignore[no-untyped-def]
        return f"Plainly: {f.rule_id} at {f.subject}"

    svg = render(chain, "svg", style="board", findings=FIXTURE_FINDINGS, describe=sentence)
    icb = next(g for g in groups(svg, "data-actor") if g.get("data-actor") == "icb-gm")
    title = icb.find(f"{SVG}title")
    assert title is not None and "Greater Manchester ICB" in (title.text or "")
    number = next(n for n, f in numbered(FIXTURE_FINDINGS) if f.rule_id == "DC302")
    assert f"{number}. Plainly: DC302 at icb-gm" in (title.text or "")
    panel = " ".join(t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text"))
    assert "Plainly: DC302 at icb-gm" in panel
    assert not re.search(r"\bDC\d{3}\b", panel.replace("Plainly: DC", "")), "rule ids in the printed text"


def test_no_text_on_links_and_the_key_lists_only_what_is_used(chain):
    svg = render(chain, "svg", style="board", findings=False)
    texts = [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "reporting" not in texts and "commissioning" not in texts
    keyed = " ".join(texts)
    assert "supportive" in keyed and "punitive" in keyed  # both are in the fixture
    small = deliverychain.loads(textwrap.dedent(SMALL), "small.yaml")
    small_text = " ".join(t.text or "" for t in ET.fromstring(render(small, "svg", style="board", findings=False))
                          .iter(f"{SVG}text"))
    assert "supportive" not in small_text and "collaborative" not in small_text  # not in that chain
    assert "punitive" in small_text and "broken" in small_text
    assert "error: fix first" not in small_text  # no findings drawn


def test_default_sentence_is_the_first_clause_without_rule_ids():
    f = finding("DC201", "icb", Severity.ERROR)
    f.message = "Learning from practice stops at the ICB: 3 practice actors report to it; only metrics travel"
    assert short_sentence(f) == "Learning from practice stops at the ICB"


def test_encodings_survive_greyscale():
    """Line styles differ by weight or dash, not colour alone; characters by the shape on the line;
    severities by filled against hollow callouts. (Colour is only ever a second cue.)"""
    drawn_alike = {"planned": "missing"}  # one key row: "missing or planned"
    signatures = {(w, dash) for name, (w, dash, _) in STRENGTH.items() if name not in drawn_alike}
    assert len(signatures) == len(STRENGTH) - len(drawn_alike)
    shapes = {tuple(type(s).__name__ for s in glyph(c, 0, 0, "#000000")) for c in CHARACTER}
    assert len(shapes) == len(CHARACTER)
    assert set(SEVERITY.values()).isdisjoint(CHARACTER.values())


def test_order_fixes_the_place_of_actors_in_their_tier():
    base = textwrap.dedent(SMALL)
    chain = deliverychain.loads(base, "small.yaml")
    scene = deliverychain.drawing.build(chain, findings=False)
    row = next(r for r in layout(scene).rows if r.tier == "organisation")
    automatic = [n for n in row.nodes if not n.startswith("~")]
    flipped = list(reversed(automatic))
    text = base
    for position, actor in enumerate(flipped):
        text = text.replace(f"{{id: {actor}, ", f"{{id: {actor}, order: {position}, ")
    ordered = deliverychain.loads(text, "small.yaml")
    row = next(r for r in layout(deliverychain.drawing.build(ordered, findings=False)).rows
               if r.tier == "organisation")
    assert [n for n in row.nodes if not n.startswith("~")] == flipped


def test_svg_pdf_and_png_are_byte_identical_run_to_run(chain):
    for format in ("svg", "pdf", "png"):
        assert render(chain, format, style="board") == render(chain, format, style="board"), format


def test_board_style_is_not_for_dot_or_mermaid(chain):
    with pytest.raises(RenderError, match="board style"):
        render(chain, "dot", style="board")
    result = CliRunner().invoke(main, ["render", str(FIXTURE), "--format", "mmd", "--style", "board"])
    assert result.exit_code == 2 and "--style detail" in result.output


def test_cli_style_and_page_options(tmp_path):
    out = tmp_path / "board.svg"
    result = CliRunner().invoke(main, ["render", str(FIXTURE), "-o", str(out), "--style", "board"])
    assert result.exit_code == 0, result.output
    assert b"data-actor" in out.read_bytes()
    pdf = tmp_path / "board.pdf"
    result = CliRunner().invoke(main, ["render", str(FIXTURE), "-o", str(pdf), "--page", "a4-portrait"])
    assert result.exit_code == 0, result.output
    assert b"/MediaBox [ 0 0 595 842 ]" in pdf.read_bytes()
