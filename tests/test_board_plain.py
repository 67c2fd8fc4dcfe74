"""The board's panel speaks the report's words: finding N has the same sentence in `chain
render --style board` (SVG and PDF), in the board report and in the hover text."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pdfplumber
import pytest

import deliverychain
from deliverychain.analysis.plain import EXPLAINERS
from deliverychain.drawing.board import board_pages, short_sentence
from deliverychain.findings import Severity
from deliverychain.reports.board.api import assemble
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"
CHAIN = ROOT / "chains" / "cancer.yaml"
CHAIN_COMMAND = str(Path(sys.executable).with_name("chain"))


@pytest.fixture(scope="module")
def headlines() -> dict[int, str]:
    """The board report's headline for each numbered finding of the cancer chain."""
    section = assemble([deliverychain.load(CHAIN)], engine="wasm").sections[0]
    return {item.number: item.plain.headline for item in section.findings if item.number is not None}


def panel_items(svg: bytes) -> dict[int, tuple[str, list[ET.Element]]]:
    """Each panel entry of a board SVG: its number, its text (wrapped lines joined) and its text elements."""
    items = {}
    for group in ET.fromstring(svg).iter(f"{SVG}g"):
        if "panel-item" in (group.get("class") or "").split():
            texts = [t for t in group.iter(f"{SVG}text") if t.get("text-anchor") != "middle"]  # not the number
            items[int(group.get("data-finding", "0"))] = (" ".join(t.text or "" for t in texts), texts)
    return items


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHAIN_COMMAND, *args], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False)


def test_the_svg_panel_prints_the_reports_headlines(tmp_path: Path, headlines: dict[int, str]) -> None:
    out = tmp_path / "cancer.svg"
    done = run("render", str(CHAIN), "--style", "board", "-o", str(out))
    assert done.returncode == 0, done.stderr
    panel = {n: text for n, (text, _) in panel_items(out.read_bytes()).items()}
    assert len(headlines) > 1  # several numbered findings to compare
    assert panel == headlines


def test_the_pdf_panel_prints_the_reports_headlines(tmp_path: Path, headlines: dict[int, str]) -> None:
    """Read back from the PDF itself: the words inside each panel entry's box, in reading order."""
    svg_out, pdf_out = tmp_path / "cancer.svg", tmp_path / "cancer.pdf"
    # The PDF's page is A3 (auto): draw the SVG of that same page to know where the panel is.
    assert run("render", str(CHAIN), "--style", "board", "--page", "a3", "-o", str(svg_out)).returncode == 0
    done = run("render", str(CHAIN), "--style", "board", "-o", str(pdf_out))
    assert done.returncode == 0, done.stderr
    items = panel_items(svg_out.read_bytes())
    with pdfplumber.open(pdf_out) as pdf:
        (page,) = pdf.pages
        assert (round(page.width), round(page.height)) == (1191, 842)  # the same page as the SVG
        read = {}
        for number, (_, texts) in items.items():
            xs = [float(t.get("x", "0")) for t in texts]
            ys = [float(t.get("y", "0")) for t in texts]
            box = (min(xs) - 1, min(ys) - 9, page.width, max(ys) + 3)
            read[number] = " ".join(page.crop(box).extract_text().split())
    assert read == headlines


def test_hover_text_names_the_finding_as_the_panel_does(headlines: dict[int, str]) -> None:
    chain = deliverychain.load(CHAIN)
    (page,) = board_pages(chain, findings=deliverychain.audit(chain), page="none")
    titles = [t.text or "" for t in ET.fromstring(page.svg).iter(f"{SVG}title")]
    for number, headline in headlines.items():
        assert any(f"{number}. {headline}" in title.split("\n") for title in titles), number


def test_a_rule_without_plain_words_keeps_its_short_sentence() -> None:
    chain = deliverychain.load(CHAIN)
    found = deliverychain.audit(chain).findings
    known = next(f for f in found if f.rule_id == "DC201")
    unknown = next(f for f in found if f.rule_id == "DC302")
    unknown.rule_id, unknown.rule_name = "DC999", "a-rule-from-elsewhere"
    assert "DC999" not in EXPLAINERS
    (page,) = board_pages(chain, findings=[known, unknown], page="none", min_severity=Severity.INFO.value)
    panel = {n: text for n, (text, _) in panel_items(page.svg).items()}
    numbers = {f.rule_id: n for n, f in page.findings}
    assert panel[numbers["DC999"]] == short_sentence(unknown)
    assert panel[numbers["DC201"]] != short_sentence(known)  # the plain headline, not the message
    assert panel[numbers["DC201"]].startswith("Learning stops at")
