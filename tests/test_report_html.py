"""The HTML report in a real browser: it opens cleanly, fetches nothing, shows everything,
highlights a finding's actors and links on the diagram, prints to A4, and looks as it did.

Run against Debian's Chromium through Playwright (tests/chromium.py). The screenshot is
compared with tests/snapshots/report-cancer-plan-2005.png within a tolerance; after an
intended change of look, `UPDATE_SNAPSHOTS=1 pytest tests/test_report_html.py` rewrites it
(and look at the new picture before committing it).
"""

from __future__ import annotations

import io
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import deliverychain
from deliverychain.reports.board.api import assemble
from deliverychain.reports.board.html import render_html
from tests.chromium import browser
from tests.conftest import ROOT

CHAIN = ROOT / "chains" / "cancer.yaml"
SNAPSHOT_CHAIN = ROOT / "chains" / "cancer-plan-2005.yaml"
SNAPSHOT = ROOT / "tests" / "snapshots" / "report-cancer-plan-2005.png"
#: A4 in points, either way round.
A4 = (595.0, 842.0)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as launched:
        yield launched


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The cancer chain's report, written to a file, and the model it was made from."""
    report = assemble([deliverychain.load(CHAIN)], engine="wasm")
    path = tmp_path_factory.mktemp("report") / "cancer-report.html"
    path.write_bytes(render_html(report))
    return path, report


@pytest.fixture
def page(chromium: Any, report_file: tuple[Path, Any]) -> Iterator[Any]:
    # Reduced motion turns the fade off, so what is read is the end state, not a frame of it.
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, reduced_motion="reduce")
    opened = context.new_page()
    opened.problems = []
    opened.requests = []
    opened.on("console", lambda message: opened.problems.append(message.text) if message.type == "error" else None)
    opened.on("pageerror", lambda error: opened.problems.append(str(error)))
    opened.on("request", lambda request: opened.requests.append(request.url))
    opened.goto(report_file[0].as_uri())
    opened.wait_for_load_state("load")
    yield opened
    context.close()


def test_opens_with_no_console_errors_and_fetches_nothing(page: Any, report_file: tuple[Path, Any]) -> None:
    assert page.problems == []
    assert page.requests == [report_file[0].as_uri()], "the page asked for something besides itself"
    html = report_file[0].read_text(encoding="utf-8")
    for fetching in ("<script src", "<link ", "@import", "url(http", "<img src=\"http", "<iframe"):
        assert fetching not in html


def test_the_rating_and_every_finding_are_visible(page: Any, report_file: tuple[Path, Any]) -> None:
    section = report_file[1].sections[0]
    rating = page.locator(".confidence .rating")
    assert rating.is_visible()
    assert rating.inner_text().strip() == section.rating.value == "Amber/Red"
    items = page.locator("li.finding")
    assert items.count() == len(section.findings) > 0
    for n, item in enumerate(section.findings):
        shown = items.nth(n)
        assert shown.is_visible()
        assert item.plain.headline in shown.locator(".headline").inner_text()
        assert shown.get_attribute("data-finding") == str(item.number)
    # The cancer chain prints legibly on A4 only split into three pages: each is shown, with its own alt text.
    drawn = page.locator("svg.chain-diagram")
    assert drawn.count() == len(section.diagram.pages) == 3
    for n in range(3):
        assert drawn.nth(n).is_visible()
        assert drawn.nth(n).locator("desc").text_content().startswith(f"Diagram of the chain, page {n + 1} of 3: ")


def lit(page: Any) -> list[str]:
    return page.eval_on_selector_all(".lit", "elements => elements.map(e => e.getAttribute('data-findings') "
                                              "|| e.getAttribute('data-finding') || '')")


def test_pointing_at_a_finding_highlights_its_actors_and_links(page: Any) -> None:
    about_one = page.locator('svg.chain-diagram [data-findings~="1"]')
    assert page.locator('svg.chain-diagram g.actor[data-findings~="1"]').count() >= 2, "a loop: several actors"
    assert page.locator('svg.chain-diagram g.connector[data-link][data-findings~="1"]').count() >= 2, "and links"
    assert lit(page) == []
    page.hover("#c1-f1")
    shown = lit(page)
    # What it is about, its markers and panel lines on every page, and the item itself: nothing else.
    assert len([x for x in shown if "1" in x.split()]) == len(shown) > about_one.count()
    assert page.locator('svg.chain-diagram .lit[data-finding="1"]').count() >= 2
    opacity = page.eval_on_selector('svg.chain-diagram g.actor:not(.lit)', "e => getComputedStyle(e).opacity")
    assert float(opacity) < 0.5, "what the finding is not about fades"
    faded = page.eval_on_selector('svg.chain-diagram g.connector:not(.lit)', "e => getComputedStyle(e).opacity")
    kept = page.eval_on_selector('svg.chain-diagram g.connector.lit', "e => getComputedStyle(e).opacity")
    assert float(faded) < 0.5 and float(kept) == 1
    stroke = page.eval_on_selector('svg.chain-diagram g.actor.lit > rect', "e => getComputedStyle(e).strokeWidth")
    assert stroke == "3px"
    page.mouse.move(1, 1)
    assert lit(page) == []


def test_focusing_a_finding_from_the_keyboard_highlights_it_too(page: Any) -> None:
    markers = page.locator('svg.chain-diagram g.callouts [data-finding="2"]')
    assert markers.count() >= 1
    page.focus("#c1-f2")
    assert page.locator('svg.chain-diagram g.actor.lit').count() >= 1
    assert page.locator('svg.chain-diagram g.callouts .lit[data-finding="2"]').count() == markers.count()
    assert page.locator('svg.chain-diagram .panel-item.lit[data-finding="2"]').count() >= 1
    page.focus("#c1-f1")
    assert page.locator('svg.chain-diagram .lit[data-finding="2"]').count() == 0


def test_a_finding_on_a_later_page_is_brought_into_view_in_the_diagram_column(page: Any) -> None:
    """The three pages scroll within their column beside the findings; pointing at a finding whose
    actors are on none of the pages in view scrolls the column to them."""
    in_view = """number => {
        const column = document.querySelector('.diagram-page');
        const view = column.getBoundingClientRect();
        return [...column.querySelectorAll(`g.actor[data-findings~="${number}"]`)].some(e => {
            const box = e.getBoundingClientRect(); return box.bottom > view.top && box.top < view.bottom; });
    }"""
    assert page.evaluate("() => { const c = document.querySelector('.diagram-page'); "
                         "return c.scrollHeight > c.clientHeight; }"), "the pages scroll within their column"
    page.locator("#c1-f3").scroll_into_view_if_needed()
    assert not page.evaluate(in_view, 3), "finding 3's actor is on pages 2 and 3, out of view at first"
    page.hover("#c1-f3")
    page.wait_for_function(in_view, arg=3)  # instant with reduced motion
    assert page.evaluate(in_view, 3)


def test_pointing_at_a_marker_or_a_panel_line_highlights_its_finding(page: Any) -> None:
    page.locator('svg.chain-diagram g.callouts [data-finding="2"]').first.hover()
    assert "lit" in (page.get_attribute("#c1-f2", "class") or "")
    page.mouse.move(1, 1)
    assert "lit" not in (page.get_attribute("#c1-f2", "class") or "")
    page.locator('svg.chain-diagram .panel-item[data-finding="3"]').first.hover()
    assert "lit" in (page.get_attribute("#c1-f3", "class") or "")


def letters(text: str) -> Counter[str]:
    return Counter(c for c in text if not c.isspace())


def test_prints_to_a4_pages_with_the_board_pages_as_the_board_pdf_prints_them(
        page: Any, report_file: tuple[Path, Any]) -> None:
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pdf.pages]
    assert len(sizes) >= 5
    for width, height in sizes:
        assert sorted((round(width), round(height))) == [595, 842], (width, height)
    landscape = [i for i, (width, height) in enumerate(sizes) if width > height]
    assert len(landscape) == 3 and landscape == list(range(landscape[0], landscape[0] + 3))
    assert "Delivery confidence" in pdf.pages[0].extract_text()
    # Each landscape page is a page of `chain render --style board --page a4`: the same letters (the
    # two PDF writers space their text differently, so words next to each other may read as one).
    board = PdfReader(io.BytesIO(deliverychain.render(deliverychain.load(CHAIN), "pdf", style="board", page="a4")))
    assert len(board.pages) == 3
    for printed, drawn in zip(landscape, board.pages, strict=True):
        text = pdf.pages[printed].extract_text()
        assert letters(text) == letters(drawn.extract_text())
        assert "What the audit found" in text and "Earlier cancer diagnosis" in text


def test_a_chain_that_fits_only_a_portrait_page_prints_on_one(chromium: Any, tmp_path: Path) -> None:
    """The maternity chain would split across two landscape pages, the second nearly empty; it is drawn
    whole on a portrait page, and the report prints that page as it is."""
    from pypdf import PdfReader

    chain = deliverychain.load(ROOT / "chains" / "maternity-safety-2024.yaml")
    path = tmp_path / "maternity.html"
    path.write_bytes(render_html(assemble([chain])))
    context = chromium.new_context()
    opened = context.new_page()
    opened.goto(path.as_uri())
    pdf = PdfReader(io.BytesIO(opened.pdf(prefer_css_page_size=True)))
    context.close()
    drawn = [p for p in pdf.pages if "What the audit found" in p.extract_text()]
    assert len(drawn) == 1
    assert (round(float(drawn[0].mediabox.width)), round(float(drawn[0].mediabox.height))) == (595, 842)
    (board,) = PdfReader(io.BytesIO(deliverychain.render(chain, "pdf", style="board", page="a4"))).pages
    assert letters(drawn[0].extract_text()) == letters(board.extract_text())
    assert all(float(p.mediabox.width) < float(p.mediabox.height) for p in pdf.pages)


def test_a_screenshot_matches_the_reference_within_a_tolerance(chromium: Any, tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    path = tmp_path / "report.html"
    # Loaded under its name in the repository, so that the page does not show this checkout's path.
    chain = deliverychain.loads(SNAPSHOT_CHAIN.read_text(encoding="utf-8"), "chains/cancer-plan-2005.yaml")
    path.write_bytes(render_html(assemble([chain], engine="wasm")))
    context = chromium.new_context(viewport={"width": 1280, "height": 1500}, device_scale_factor=1)
    page = context.new_page()
    page.goto(path.as_uri())
    shot = Image.open(io.BytesIO(page.screenshot(full_page=False))).convert("RGB")
    context.close()
    if os.environ.get("UPDATE_SNAPSHOTS") or not SNAPSHOT.exists():
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        shot.save(SNAPSHOT, optimize=True)
        if not os.environ.get("UPDATE_SNAPSHOTS"):
            pytest.fail(f"no reference image: wrote {SNAPSHOT.relative_to(ROOT)}; look at it and commit it")
    reference = Image.open(SNAPSHOT).convert("RGB")
    assert shot.size == reference.size
    difference = ImageChops.difference(shot, reference).convert("L").point(lambda v: 255 if v > 48 else 0)
    changed = difference.histogram()[255] / (shot.size[0] * shot.size[1])
    if changed > 0.005:
        shot.save(tmp_path / "actual.png")
        pytest.fail(f"{changed:.2%} of the pixels differ from {SNAPSHOT.name} (allowed: 0.5%); "
                    f"this run's picture: {tmp_path / 'actual.png'}")
