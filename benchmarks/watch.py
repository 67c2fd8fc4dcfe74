"""How long a save takes to show in `chain watch`'s page, measured in real headless Chromium.

    .venv/bin/python benchmarks/watch.py                       # cancer and national, 7 saves each
    .venv/bin/python benchmarks/watch.py --chains cancer --repeat 15

For each chain, `chain watch` runs on a copy of the file and Debian's Chromium (driven by
Playwright, as the tests do) shows the page. Each save flips the strength of the chain's
first link (strong <-> weak), a change the diagram shows. The clock starts just before the
file is written and stops when the page has shown the new diagram: the page marks
`<html data-diagram=...>` only after the new SVG is in the document. Each figure is the
median of --repeat saves, with the fastest and slowest beside it; the server's own share
(load, audit, draw: medians) comes from its /state. The rest is hearing of the save, the
debounce (0.1 s), and the page fetching and showing the new state and diagram. The
national chain is written to build/bench/ by benchmarks/national_chain.py first. Other
work on the machine shows in these numbers.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
STRENGTH = re.compile(r"^(\s+strength: )(strong|weak)$", re.MULTILINE)
WAIT_MS = 300_000


def national_chain() -> Path:
    path = ROOT / "build" / "bench" / "national.yaml"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([PYTHON, "benchmarks/national_chain.py", "-o", str(path)], cwd=ROOT, check=True)
    return path


def flip_first_strength(path: Path) -> None:
    """strong <-> weak on the first link that has either (the file is otherwise unchanged)."""
    text = path.read_text(encoding="utf-8")
    found = STRENGTH.search(text, text.index("\nlinks:"))
    assert found is not None, f"no link rated strong or weak in {path}"
    flipped = "weak" if found.group(2) == "strong" else "strong"
    path.write_text(text[: found.start(2)] + flipped + text[found.end(2):], encoding="utf-8")


def state(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url + "state", timeout=60) as response:
        data: dict[str, Any] = json.loads(response.read())
        return data


def measure(name: str, source: Path, repeat: int, browser: Any) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / source.name
        shutil.copyfile(source, path)
        started = time.perf_counter()
        process = subprocess.Popen([PYTHON, "-c", "from deliverychain.cli import run; run()", "watch", str(path)],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip().rsplit(" ", 1)[-1]
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.set_default_timeout(WAIT_MS)
            page.goto(url)
            page.wait_for_function("() => document.documentElement.dataset.diagram")
            first = time.perf_counter() - started
            saves, server = [], []
            for _ in range(repeat):
                time.sleep(0.5)  # apart, so that the debounce does not merge two saves
                shown = page.evaluate("document.documentElement.dataset.diagram")
                began = time.perf_counter()
                flip_first_strength(path)
                page.wait_for_function("h => document.documentElement.dataset.diagram !== h", arg=shown,
                                       polling="raf")
                saves.append(time.perf_counter() - began)
                server.append(state(url)["timings"])
            now = state(url)
            page.close()
        finally:
            process.terminate()
            process.wait(timeout=60)
    return {"chain": name, "actors": now["counts"]["actors"], "links": now["counts"]["links"],
            "first": first, "median": statistics.median(saves), "fastest": min(saves), "slowest": max(saves),
            "saves": len(saves),
            **{step: statistics.median(s.get(step, 0.0) for s in server) for step in ("load", "audit", "draw")}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chains", default="cancer,national", help="cancer, national or both (comma-separated)")
    parser.add_argument("--repeat", type=int, default=7, help="saves per chain (the median is reported)")
    args = parser.parse_args(argv)
    from tests.chromium import browser  # the tests' Chromium: Debian's, driven by Playwright

    sources = {"cancer": ROOT / "chains" / "cancer.yaml"}
    rows = []
    with browser() as chromium:
        for name in args.chains.split(","):
            source = sources.get(name) or national_chain()
            rows.append(measure(name, source, args.repeat, chromium))
            print(f"{name}: done", file=sys.stderr)
    print("| chain | actors | links | first page | save to page, median | fastest | slowest | "
          "of which load | audit | draw |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['chain']} | {r['actors']:,} | {r['links']:,} | {r['first']:.2f} s | "
              f"**{r['median']:.2f} s** | {r['fastest']:.2f} s | {r['slowest']:.2f} s | {r['load']:.2f} s | "
              f"{r['audit']:.2f} s | {r['draw']:.2f} s |")
    print(f"\n{rows[0]['saves']} saves per chain.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
