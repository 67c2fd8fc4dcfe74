"""The board style on paper: every example chain printed on A4 and read back from the PDF.

What a board member holds must be legible: no text under 7 points, actor names at 9 points
or more, no two pieces of text on top of each other, and the font embedded (so it prints
the same everywhere). The national chain (10,761 actors) must hold too, split into pages.
"""

from __future__ import annotations

import io
import itertools
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1

import deliverychain
from deliverychain.drawing import canvas as cv
from deliverychain.drawing.board import BoardPage, board_pages
from deliverychain.drawing.textsize import text_width
from deliverychain.pipeline import render
from tests.conftest import ROOT

CHAINS = sorted((ROOT / "chains").glob("*.yaml"))
NAME_SIZE_MIN = 9.0
TEXT_SIZE_MIN = 7.0


def words(pdf: bytes) -> list[list[dict]]:
    """Each page's words, with their size, font and box (PDF points, top-down)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_words(extra_attrs=["size", "fontname"], keep_blank_chars=False, use_text_flow=True)
                for page in document.pages]


def fonts_embedded(pdf: bytes) -> set[tuple[str, bool]]:
    """(font name, embedded?) for every font a page of the PDF uses."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        found = set()
        for page in document.pages:
            fonts = resolve1(resolve1(page.page_obj.resources or {}).get("Font", {}))
            for ref in fonts.values():
                font = resolve1(ref)
                descriptor = resolve1(font.get("FontDescriptor")) or {}
                embedded = any(k in descriptor for k in ("FontFile", "FontFile2", "FontFile3"))
                found.add((str(font.get("BaseFont")), embedded))
        return found


def overlaps(page_words: list[dict]) -> list[tuple[str, str]]:
    """Pairs of words whose boxes overlap (by more than a hair)."""
    found = []
    ordered = sorted(page_words, key=lambda w: w["x0"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1:]:
            if b["x0"] >= a["x1"] - 0.3:
                break
            if min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.3:
                found.append((a["text"], b["text"]))
    return found


def actor_names(pages: list[BoardPage]) -> list[list[cv.Text]]:
    """Per page, the name lines drawn in actor boxes (where the PDF must show them)."""
    def walk(shape: cv.Shape, inside: bool) -> list[cv.Text]:
        if isinstance(shape, cv.Group):
            inside = inside or "actor" in shape.attrs.get("class", "").split()
            return [t for child in shape.children for t in walk(child, inside)]
        return [shape] if inside and isinstance(shape, cv.Text) and shape.bold else []
    return [walk(page.page.shapes, False) for page in pages]


def check_print(pdf: bytes, pages: list[BoardPage]) -> None:
    printed = words(pdf)
    assert len(printed) == len(pages) and all(printed)
    for n, (page, names) in enumerate(zip(printed, actor_names(pages), strict=True), start=1):
        small = [(w["text"], round(w["size"], 2)) for w in page if w["size"] < TEXT_SIZE_MIN - 0.01]
        assert not small, f"page {n}: text under {TEXT_SIZE_MIN} pt: {small[:5]}"
        clash = overlaps(page)
        assert not clash, f"page {n}: text on top of text: {clash[:5]}"
        # Each name line is found in the PDF where it was drawn, and read back at 9 points or more.
        assert names
        for name in names:
            half = text_width(name.text, name.size, bold=True) / 2 + 1  # names are centred on x
            at = [w for w in page if abs(w["bottom"] - name.y) < name.size * 0.4 and
                  name.x - half <= w["x0"] and w["x1"] <= name.x + half and w["text"] in name.text.split()]
            assert at, f"page {n}: the name line '{name.text}' is not in the PDF"
            assert min(w["size"] for w in at) >= NAME_SIZE_MIN - 0.01, (name.text, [w["size"] for w in at])
    fonts = fonts_embedded(pdf)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert all("LiberationSans" in name for name, _ in fonts), fonts


@pytest.mark.parametrize("path", CHAINS, ids=[p.stem for p in CHAINS])
def test_every_example_prints_legibly_on_a4(path: Path):
    chain = deliverychain.load(path)
    pdf = render(chain, "pdf", page="a4")  # the pipeline's render: the audit drawn on it
    check_print(pdf, board_pages(chain, findings=deliverychain.audit(chain), page="a4"))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            assert sorted((round(page.width), round(page.height))) == [595, 842]  # A4, either way round
        text = " ".join(page.extract_text() for page in document.pages)
    for actor in chain.actors:  # every actor's name is printed (small chains fit one page)
        assert actor.name.split()[0] in text


@pytest.mark.slow
def test_the_national_chain_prints_legibly_split_into_pages(tmp_path: Path):
    national = tmp_path / "national.yaml"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "national_chain.py"), "-o", str(national)], check=True,
                   capture_output=True, timeout=300)
    chain = deliverychain.load(national)
    regions = sorted(a.name for a in chain.actors if a.tier == "regional")
    report = deliverychain.audit(chain)
    # Paper chosen freely: one page per region (A4 or A3).
    pages = board_pages(chain, findings=report)
    assert sorted(page.title for page in pages) == regions
    check_print(render(chain, "pdf", findings=report), pages)
    # On A4: each region on its page or pages, every page legible.
    pages = board_pages(chain, findings=report, page="a4")
    assert {region for region in regions for page in pages if page.title.startswith(region)} == set(regions)
    assert all(sorted((page.size[0], page.size[1])) == [595, 842] for page in pages)
    check_print(render(chain, "pdf", findings=report, page="a4"), pages)


def test_overlap_detection_finds_overlapping_words():
    """The checker itself: two words printed on one spot are caught."""
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(200, 100))
    canvas.setFont("Helvetica", 10)
    canvas.drawString(10, 50, "feedback")
    canvas.drawString(20, 52, "support")
    canvas.save()
    (page,) = words(out.getvalue())
    assert overlaps(page) == [("feedback", "support")]
    assert not all(embedded for _, embedded in fonts_embedded(out.getvalue()))


def test_pairs_of_words_are_compared_once():
    page = [{"text": str(i), "x0": i * 10.0, "x1": i * 10.0 + 5, "top": 0.0, "bottom": 5.0} for i in range(4)]
    assert overlaps(page) == []
    assert len(list(itertools.combinations(page, 2))) == 6
