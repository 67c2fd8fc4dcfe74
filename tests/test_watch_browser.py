"""`chain watch` in real headless Chromium: a drafting session as a user has it.

Debian's `chromium`, driven by Playwright (tests/chromium.py): on a developer's machine
without Chromium the test skips; in CI (the CI variable set) it fails instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.chromium import browser
from tests.test_watch_cli import stop
from tests.watching import STRENGTH_LINE, TIMEOUT_S, WEAKER_LINE, copy_cancer, start_watch, state

WAIT_MS = TIMEOUT_S * 1000


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as launched:
        yield launched


def set_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[number - 1] = text
    path.write_text("".join(lines), encoding="utf-8")


def opacity(page: Any, selector: str) -> float:
    return float(page.eval_on_selector(selector, "e => getComputedStyle(e).opacity"))


def test_a_drafting_session_in_a_real_browser(chromium: Any, tmp_path: Path):
    path = copy_cancer(tmp_path)
    text = path.read_text(encoding="utf-8")
    line = text[: text.index(STRENGTH_LINE)].count("\n") + 1
    process, url = start_watch(path)
    # Reduced motion: no fades, so what the test reads is the end state, however loaded the machine.
    page = chromium.new_page(viewport={"width": 1400, "height": 900}, reduced_motion="reduce")
    page.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        # The diagram and the numbered findings.
        page.goto(url)
        page.wait_for_selector("#diagram svg [data-actor='sos']")
        page.wait_for_selector("#findings li")
        findings = state(url)["findings"]
        items = page.locator("#findings li")
        assert items.count() == len(findings) > 0
        first = items.nth(0).inner_text()
        assert first.startswith("1\n") and findings[0]["rule"] in first
        assert f"line {findings[0]['line']}, column {findings[0]['column']}" in first
        assert page.title().endswith(" · chain watch") and "Up to date" in page.inner_text("#status")
        drawn = page.evaluate("document.documentElement.dataset.diagram")

        # A link made weaker: the page draws the new diagram.
        set_line(path, line, WEAKER_LINE)
        page.wait_for_function("h => document.documentElement.dataset.diagram !== h", arg=drawn)
        redrawn = state(url)["diagram"]["hash"]
        assert page.evaluate("document.documentElement.dataset.diagram") == redrawn != drawn

        # A syntax error: the problem with its line and column, the last diagram dimmed.
        set_line(path, line, "    strength: [weak\n")
        page.wait_for_selector("#problems:not([hidden])")
        problems = page.inner_text("#problems")
        assert f"Line {line}, column 15" in problems and "not closed" in problems and "Hint:" in problems
        assert f"> {line} |     strength: [weak" in page.inner_text("#problems .frame")
        page.wait_for_function("() => getComputedStyle(document.getElementById('diagram')).opacity < 0.5")
        assert page.locator("#diagram svg [data-actor='sos']").count() == 1  # still there, dimmed
        assert page.title().startswith("⚠ ") and "does not load" in page.inner_text("#status")

        # Fixed: the diagram comes back, bright, with no problems shown.
        set_line(path, line, WEAKER_LINE)
        page.wait_for_selector("#problems", state="hidden")
        page.wait_for_function("() => getComputedStyle(document.getElementById('diagram')).opacity == 1")
        assert page.evaluate("document.documentElement.dataset.diagram") == redrawn

        # A comment above everything: the findings move down a line, the diagram is not reloaded.
        page.evaluate("document.querySelector('#diagram svg').dataset.kept = 'yes'")
        version = page.evaluate("document.documentElement.dataset.version")
        path.write_text("# a note to self\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
        page.wait_for_function("v => document.documentElement.dataset.version !== v", arg=version)
        assert page.evaluate("document.querySelector('#diagram svg').dataset.kept") == "yes"
        assert f"line {findings[0]['line'] + 1}," in page.locator("#findings li").nth(0).inner_text()

        # A finding clicked: its actors and links highlighted, everything else faded.
        page.click("#findings li[data-n='1'] button")
        lit = page.locator("#diagram svg .dc-hl")
        assert lit.count() > 0
        marks = lit.evaluate_all("els => els.map(e => (e.getAttribute('data-findings') || '').split(' ')"
                                 "                       .concat([e.getAttribute('data-finding')]))")
        assert all("1" in numbers for numbers in marks)
        assert page.locator("#diagram svg .dc-hl[data-finding='1']").count() >= 1  # its numbered callout
        assert page.locator("#diagram svg .dc-hl[data-actor]").count() >= 1
        assert page.locator("#diagram svg .dc-hl[data-link]").count() >= 1
        assert page.get_attribute("#findings li[data-n='1'] button", "aria-pressed") == "true"
        assert opacity(page, "#diagram svg .dc-hl[data-actor]") == 1
        assert opacity(page, "#diagram svg [data-actor]:not(.dc-hl)") < 0.5
        assert "Finding 1:" in page.inner_text("#diagram-note")
        page.keyboard.press("Escape")
        assert page.locator("#diagram svg .dc-hl").count() == 0

        # Ctrl-C: the server stops cleanly, and the page says it has lost touch.
        code, stderr = stop(process)
        assert code == 0 and "Traceback" not in stderr and stderr.rstrip().endswith("Stopped.")
        page.wait_for_selector("#status.lost")
        assert errors == []
    finally:
        page.close()
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=TIMEOUT_S)
