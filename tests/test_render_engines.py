"""chain render, the pictures: SVG from a system Graphviz and from the WebAssembly build,
PNG and PDF from that SVG, and byte-identical output run after run.

Tests of the system `dot` skip only on a developer's machine without Graphviz; in CI
(the CI variable set) a missing `dot` or `pdftoppm` is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import deliverychain
from deliverychain.drawing import RenderError
from deliverychain.drawing.backends import choose_engine
from deliverychain.drawing.board import board_pages
from deliverychain.pipeline import render
from tests.conftest import ROOT
from tests.test_render import FIXTURE, HOSTILE, finding, hostile_chain

SVG = "{http://www.w3.org/2000/svg}"


def require(tool: str) -> None:
    if shutil.which(tool):
        return
    if os.environ.get("CI"):
        pytest.fail(f"'{tool}' is not installed: .ci/run installs it (graphviz, poppler-utils)")
    pytest.skip(f"'{tool}' is not installed (apt-get install graphviz poppler-utils)")


@pytest.fixture(params=["system", "wasm"])
def engine(request: pytest.FixtureRequest) -> str:
    if request.param == "system":
        require("dot")
    return str(request.param)


@pytest.fixture(scope="module")
def chain() -> deliverychain.Chain:
    return deliverychain.load(FIXTURE)


def box_texts(svg: bytes) -> dict[str, str]:
    """The text of each box in a finished SVG, by box id, lines joined by spaces."""
    root = ET.fromstring(svg)
    return {
        group.get("id", ""): " ".join(t.text or "" for t in group.iter(f"{SVG}text"))
        for group in root.iter(f"{SVG}g")
        if (group.get("id") or "").startswith("box")
    }


def all_text(svg: bytes) -> str:
    return " ".join(t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text"))


def test_svg_is_xml_with_every_actor_title_and_key(chain, engine):
    svg = render(chain, "svg", engine=engine)
    texts = box_texts(svg)
    assert len(texts) == len(chain.actors)
    for actor in chain.actors:
        assert any(text.startswith(actor.name) for text in texts.values()), actor.name
    text = all_text(svg)
    assert chain.chain.title in text
    assert "Key" in text and "Line: strength" in text and "Audit findings" in text
    assert b"<!--" not in svg  # Graphviz's comments (its version) are removed


def test_both_engines_draw_the_same_labels(chain):
    require("dot")
    system, wasm = render(chain, "svg", engine="system"), render(chain, "svg", engine="wasm")
    assert sorted(all_text(system).split()) == sorted(all_text(wasm).split())


def test_findings_are_styled_and_highlighted_in_the_svg(chain, engine):
    found = [finding("DC302", "icb-gm", deliverychain.findings.Severity.ERROR),
             finding("DC301", "icb-gm->practice-a:commissioning")]
    root = ET.fromstring(render(chain, "svg", findings=found, engine=engine))
    badge = next(t for t in root.iter(f"{SVG}text") if t.text == "DC302")
    assert badge.get("fill") == "#A63F00" and badge.get("font-weight") == "bold"
    halos = [p for p in root.iter(f"{SVG}path") if p.get("class") == "halo"]
    assert len(halos) == 1 and halos[0].get("stroke") == "#E69F00"


def test_tier_bands_span_the_whole_drawing(chain, engine):
    root = ET.fromstring(render(chain, "svg", findings=False, engine=engine))
    bands = [g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith("tier")]
    rects = [next(g.iter(f"{SVG}rect")) for g in bands]
    assert len(rects) == 7
    assert len({(r.get("x"), r.get("width")) for r in rects}) == 1


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_render_as_text(write_chain, name, engine):
    chain = hostile_chain(write_chain, name)
    svg = render(chain, "svg", findings=[finding("DC1", "a")], engine=engine)
    root = ET.fromstring(svg)  # well-formed XML whatever the names
    assert not [e for e in root.iter() if e.tag in (f"{SVG}script", "script", f"{SVG}foreignObject")]
    expected = " ".join(name.replace("\u202e", "").split())
    assert expected in " ".join(all_text(svg).split())


def test_png_is_a_png_of_the_requested_resolution(chain, engine):
    low = render(chain, "png", findings=False, engine=engine, dpi=75)
    high = render(chain, "png", findings=False, engine=engine, dpi=150)
    for png in (low, high):
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
    low_width, low_height = struct.unpack(">II", low[16:24])
    high_width, high_height = struct.unpack(">II", high[16:24])
    assert abs(high_width - 2 * low_width) <= 2 and abs(high_height - 2 * low_height) <= 2
    assert low_width > 500


def test_pdf_is_an_a4_page_that_opens(chain, tmp_path):
    require("pdftoppm")
    pdf = render(chain, "pdf", page="a4-landscape")
    assert pdf.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 842 595 ]" in pdf
    path = tmp_path / "chain.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(["pdftoppm", "-r", "20", "-png", str(path), str(tmp_path / "page")],
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    pages = sorted(tmp_path.glob("page*.png"))
    # As many pages as the board plans for A4 (a chain with many findings needs a second).
    assert len(pages) == len(board_pages(chain, findings=deliverychain.audit(chain), page="a4-landscape")) >= 1
    assert all(page.read_bytes()[:4] == b"\x89PNG" for page in pages)


def test_pdf_pages_and_the_drawing_own_size(chain):
    assert b"/MediaBox [ 0 0 595 842 ]" in render(chain, "pdf", page="a4-portrait")
    assert b"/MediaBox [ 0 0 1191 842 ]" in render(chain, "pdf", page="a3-landscape")
    natural = render(chain, "pdf", page="none")
    assert b"/MediaBox [ 0 0 842 595 ]" not in natural and b"/MediaBox [ 0 0 595 842 ]" not in natural


def test_the_system_engine_without_dot_is_a_clear_error(monkeypatch, chain):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RenderError) as error:
        render(chain, "svg", engine="system")
    assert "'dot' is not on PATH" in error.value.message and "--engine wasm" in error.value.hint
    assert choose_engine("auto") == "wasm"


def _render_in_subprocess(seed: str, *args: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    executable = Path(sys.executable).parent / "chain"
    done = subprocess.run([str(executable), "render", str(FIXTURE), *args],
                          capture_output=True, env=env, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.mark.parametrize("args", [("--format", "dot"), ("--format", "mmd"), ("--format", "svg", "--engine", "wasm")])
def test_output_is_byte_identical_under_any_hash_seed(args):
    first, second = _render_in_subprocess("0", *args), _render_in_subprocess("4242", *args)
    assert first and first == second


def test_system_svg_is_byte_identical_under_any_hash_seed():
    require("dot")
    args = ("--format", "svg", "--engine", "system")
    assert _render_in_subprocess("1", *args) == _render_in_subprocess("77", *args)


def test_png_and_pdf_are_repeatable():
    board = ("--format", "svg", "--style", "board")
    assert _render_in_subprocess("1", *board) == _render_in_subprocess("2", *board)
    chain = deliverychain.load(FIXTURE)
    assert render(chain, "png") == render(chain, "png")
    pdf = render(chain, "pdf")
    assert pdf == render(chain, "pdf")
    assert b"/CreationDate (D:20000101000000+00'00')" in pdf  # reportlab's invariant mode: no clock time


def test_jupyter_shows_a_chain_as_its_svg(chain):
    svg = chain._repr_svg_()
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg


def test_a_ten_thousand_actor_chain_renders_in_seconds(tmp_path):
    import time

    from tests.test_render import national_chain

    path = Path(tmp_path / "national.yaml")
    path.write_text(national_chain(5000), encoding="utf-8")
    started = time.perf_counter()
    big = deliverychain.load(path)
    svg = render(big, "svg", engine="wasm")
    elapsed = time.perf_counter() - started
    assert "\u00d7 5,000" in all_text(svg)
    assert elapsed < 30, f"{elapsed:.1f} s"
