"""The Mermaid export drawn by the real Mermaid (npm `mermaid`) in headless Chromium.

Mermaid numbers links in the order they are written, invisible ones (`~~~`) included, and
`linkStyle n` styles the n-th. These tests render our output and check, path by path, that
each link got the colour and width written for it, and that the tiers come out top to
bottom. `.ci/run` installs Debian's chromium and `npm install --prefix build/npm mermaid`;
in CI a missing browser or package fails the test, elsewhere it skips.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

import deliverychain
from deliverychain.pipeline import render
from tests.conftest import ROOT
from tests.test_render import FIXTURE
from tests.test_render_golden import FIXTURE_FINDINGS

MERMAID_JS = Path(os.environ.get("MERMAID_JS", ROOT / "build" / "npm" / "node_modules" / "mermaid" / "dist"
                                 / "mermaid.min.js"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHAINS = sorted((ROOT / "chains").glob("*.yaml"))
_EDGE = re.compile(r"^  (a\d+) (<?[-=.~]+>?)(?:\|\"[^\"]*\"\|)? (a\d+)$")
_STYLE = re.compile(r"^  linkStyle (\d+) stroke:(#[0-9A-Fa-f]{6}),stroke-width:([\d.]+)px(,marker-end:none)?$")


def _require() -> None:
    missing = [what for what, ok in ((f"chromium at {CHROMIUM}", Path(CHROMIUM).exists() or shutil.which(CHROMIUM)),
                                     (f"mermaid at {MERMAID_JS}", MERMAID_JS.exists())) if not ok]
    if not missing:
        return
    message = f"not installed: {', '.join(missing)} (.ci/run installs them: apt-get install chromium; " \
              "npm install --prefix build/npm mermaid)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def mermaid_page():  # type: ignore[no-untyped-def]
    _require()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--no-first-run", "--disable-sync"])
        page = browser.new_page()
        page.set_content("<html><body></body></html>")
        page.add_script_tag(path=str(MERMAID_JS))
        page.evaluate("() => mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")
        yield page
        browser.close()


def draw(page, text: str) -> str:  # type: ignore[no-untyped-def]
    svg: str = page.evaluate("async (text) => (await mermaid.render('d', text)).svg", text)
    return svg


def written_links(mmd: str) -> list[tuple[str, tuple[str, float, bool] | None]]:
    """Each link in the order written (Mermaid's numbering): its Mermaid id prefix
    (`L_<from>_<to>_`) and the colour, width and one-way-up arrow our `linkStyle` gave it
    (None: not styled)."""
    links: list[str] = []
    styles: dict[int, tuple[str, float]] = {}
    for line in mmd.splitlines():
        edge = _EDGE.match(line)
        if edge:  # drawn links and the invisible ones (`~~~`) alike
            links.append(f"L_{edge.group(1)}_{edge.group(3)}_")
        style = _STYLE.match(line)
        if style:
            styles[int(style.group(1))] = (style.group(2).upper(), float(style.group(3)), bool(style.group(4)))
    assert styles, "no linkStyle lines"
    return [(link, styles.get(n)) for n, link in enumerate(links)]


def drawn_links(svg: str) -> list[tuple[str, tuple[str, float, bool]]]:
    """Mermaid's link paths in document order (its link order): id, the stroke it drew, and
    whether only its start has an arrowhead (an upward link)."""
    out = []
    for path in re.finditer(r"<path [^>]*>", svg):
        tag = path.group(0)
        ident = re.search(r'data-id="(L_[^"]+)"', tag)
        if not ident:
            continue
        style = re.search(r'style="([^"]*)"', tag)
        colour = re.findall(r"stroke:(#[0-9A-Fa-f]{6})", style.group(1) if style else "")
        width = re.findall(r"stroke-width:([\d.]+)px", style.group(1) if style else "")
        one_way_up = "marker-end:none" in (style.group(1) if style else "") and "marker-start" in tag
        out.append((ident.group(1), (colour[-1].upper() if colour else "", float(width[-1]) if width else 0.0,
                                     one_way_up)))
    return out


def mismatches(mmd: str, svg: str) -> list[tuple[str, object, object]]:
    written, drawn = written_links(mmd), drawn_links(svg)
    assert len(written) == len(drawn), (len(written), len(drawn))
    wrong: list[tuple[str, object, object]] = []
    for (prefix, want), (ident, got) in zip(written, drawn, strict=True):
        if not ident.startswith(prefix):
            wrong.append((ident, prefix, "another link"))
        elif want is not None and got != want:
            wrong.append((ident, want, got))
    return wrong


def tier_tops(svg: str) -> list[float]:
    tops = {int(m.group(1)): float(m.group(2)) for m in
            re.finditer(r'<g class="cluster" id="d-t(\d+)"[^>]*><rect[^>]*?\by="([-\d.]+)"', svg)}
    return [tops[rank] for rank in sorted(tops)]


@pytest.mark.parametrize("path", [FIXTURE, *CHAINS], ids=["fixture", *(p.stem for p in CHAINS)])
def test_every_link_gets_its_own_style_and_the_tiers_stay_in_order(mermaid_page, path: Path):
    chain = deliverychain.load(path)
    findings = FIXTURE_FINDINGS if path == FIXTURE else True
    mmd = render(chain, "mmd", findings=findings).decode("utf-8")
    svg = draw(mermaid_page, mmd)
    wrong = mismatches(mmd, svg)
    assert not wrong, f"links drawn with another link's style: {wrong[:5]}"
    tops = tier_tops(svg)
    assert len(tops) == len(deliverychain.drawing.build(chain).tiers)
    assert tops == sorted(tops) and len(set(tops)) == len(tops), tops


def test_the_check_catches_styles_shifted_by_invisible_links(mermaid_page):
    """With the tier links written first (as before the fix), styles land on the wrong paths."""
    chain = deliverychain.load(FIXTURE)
    mmd = render(chain, "mmd", findings=FIXTURE_FINDINGS).decode("utf-8")
    lines = mmd.splitlines()
    tier_links = [line for line in lines if re.match(r"^  a\d+ ~~~ a\d+$", line)]
    assert tier_links
    body = [line for line in lines if line not in tier_links]
    first_edge = next(i for i, line in enumerate(body) if _EDGE.match(line))
    shifted = "\n".join(body[:first_edge] + tier_links + body[first_edge:]) + "\n"
    wrong = mismatches(shifted, draw(mermaid_page, shifted))
    assert wrong and all(got != want for _, want, got in wrong)


def test_a_directive_in_the_title_is_shown_not_obeyed(mermaid_page, write_chain):
    """Issue 15: the Mermaid title kept `%%{init: ...}%%` raw. Mermaid obeys the directive in
    a diagram's text (checked first); in our title it is only shown. (Mermaid 11 reads
    directives after the front matter, so the raw title was inert here already; the escape,
    tested in test_hostile_text.py, keeps it so for readers that look at the whole text.)"""
    directive = "%%{init: {'themeVariables': {'fontFamily': 'Zapfino123'}}}%%"
    obeyed = draw(mermaid_page, f"{directive}\nflowchart TB\n  a --> b\n")
    assert "font-family:Zapfino123" in obeyed.replace('"', "")
    text = (ROOT / "tests" / "fixtures" / "hostile" / "small.yaml").read_text(encoding="utf-8")
    path = write_chain(text.replace('title: "Earlier diagnosis: a small chain"', f'title: "Plan {directive}"', 1))
    svg = draw(mermaid_page, render(deliverychain.load(path), format="mmd").decode("utf-8"))
    assert "font-family:Zapfino123" not in svg.replace('"', "")
    assert "Plan %%{init:" in svg.replace("&#39;", "'")  # the title, drawn as text
