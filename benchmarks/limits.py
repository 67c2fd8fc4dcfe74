"""What `chain render` costs at each of its limits (deliverychain/limits.py), and past them.

Run through `benchmarks/run limits` (the project's .venv). Each command runs in a fresh
process, --repeat times; the table shows the exit code, the median wall and CPU time and
the median peak memory (RSS, the process and the Graphviz it waits for). A limit must be
cheap to hit: the "past" rows should cost what loading the chain costs, nothing more. The
chains are written to build/bench/limits/ first.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import BIN, ROOT, compile_sources, machine, run_command

OUT = ROOT / "build" / "bench" / "limits"
SMALL = ROOT / "tests" / "fixtures" / "hostile" / "small.yaml"


def chain_text(actors: int, links: list[tuple[int, int, str]], tiers: tuple[str, ...] = ("organisation",)) -> str:
    out = ["chain:", "  id: limits", "  title: Limits", "  intent: Drawn at its limits", "  owner: a0"]
    if len(tiers) > 1 and tiers[0].startswith("t"):
        out.append(f"  tiers: [{', '.join(tiers)}]")
    out.append("actors:")
    out += [f"  - {{id: a{i}, name: Actor {i}, tier: {tiers[i % len(tiers)]}, kind: trust}}" for i in range(actors)]
    out += ["links:"] + [f"  - {{from: a{u}, to: a{v}, kind: {kind}}}" for u, v, kind in links]
    return "\n".join(out) + "\n"


def subjects() -> dict[str, Path]:
    from synthetic import synthetic_chain

    OUT.mkdir(parents=True, exist_ok=True)
    texts = {
        "synthetic-1000": synthetic_chain(1_000),
        "synthetic-1001": synthetic_chain(1_001),
        "synthetic-20000": synthetic_chain(20_000),
        "clique-60": chain_text(60, [(i, j, "peer-learning") for i in range(60) for j in range(60) if i != j]),
        "zigzag-6000": chain_text(6_000, [(i, i + 1, "mandate" if i % 2 == 0 else "reporting") for i in range(5_999)],
                                  tiers=("system", "organisation")),
        "name-3000": SMALL.read_text(encoding="utf-8").replace("name: NHS England\n",
                                                                f"name: {json.dumps('N' * 3_000)}\n", 1),
    }
    paths = {}
    for name, text in texts.items():
        path = OUT / f"{name}.yaml"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths[name] = path
    return paths


def cases(paths: dict[str, Path]) -> list[tuple[str, list[str]]]:
    def out(name: str) -> str:
        return str(OUT / name)

    return [
        ("1,000 actors, --no-collapse, board SVG (at the actors limit)",
         ["render", str(paths["synthetic-1000"]), "--no-collapse", "--style", "board", "-o", out("b1000.svg")]),
        ("1,000 actors, --no-collapse, detail SVG, system dot",
         ["render", str(paths["synthetic-1000"]), "--no-collapse", "--engine", "system", "-o", out("d1000.svg")]),
        ("1,000 actors, --no-collapse, board PDF on A4 (80 pages; pages limit 100)",
         ["render", str(paths["synthetic-1000"]), "--no-collapse", "--page", "a4", "-o", out("b1000.pdf")]),
        ("1,001 actors, --no-collapse (past the actors limit: refused)",
         ["render", str(paths["synthetic-1001"]), "--no-collapse", "-o", out("b1001.svg")]),
        ("20,000 actors (9.5 MB), --no-collapse (refused after loading)",
         ["render", str(paths["synthetic-20000"]), "--no-collapse", "-o", out("b20000.svg")]),
        ("20,000 actors, `chain validate` (loading alone, for comparison)",
         ["validate", str(paths["synthetic-20000"])]),
        ("clique of 60, detail SVG, WebAssembly, --limit seconds=5 (stopped)",
         ["render", str(paths["clique-60"]), "--no-collapse", "--engine", "wasm", "--limit", "seconds=5",
          "-o", out("clique.svg")]),
        ("clique of 60, detail SVG, system dot, --limit seconds=5 (stopped)",
         ["render", str(paths["clique-60"]), "--no-collapse", "--engine", "system", "--limit", "seconds=5",
          "-o", out("clique.svg")]),
        ("zigzag of 6,000, WebAssembly (its stack exhausted: exit 2)",
         ["render", str(paths["zigzag-6000"]), "--no-collapse", "--engine", "wasm", "--no-findings", "--limit",
          "actors=6000", "--limit", "links=6000", "-o", out("zig.svg")]),
        ("small chain, PNG A3 at 500 dpi (48 megapixels; limit 50)",
         ["render", str(SMALL), "--page", "a3-portrait", "--dpi", "500", "-o", out("p500.png")]),
        ("small chain, PNG A3 at 580 dpi (65 megapixels: refused)",
         ["render", str(SMALL), "--page", "a3-portrait", "--dpi", "580", "-o", out("p580.png")]),
        ("a 3,000-character name, detail PNG (cut at 200)",
         ["render", str(paths["name-3000"]), "--style", "detail", "-o", out("name.png")]),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per command; the median counts")
    parser.add_argument("--only", metavar="TEXT", help="only the rows whose label contains TEXT")
    args = parser.parse_args(argv)
    compile_sources()
    paths = subjects()
    chain = str(BIN / "chain")
    print(f"Machine: {machine()}.\n")
    print("| command | exit | wall (median) | CPU (median) | peak RSS (median) |")
    print("|---|---:|---:|---:|---:|")
    for label, arguments in cases(paths):
        if args.only and args.only not in label:
            continue
        runs = [run_command([chain, *arguments]) for _ in range(args.repeat)]
        codes = ",".join(map(str, sorted({r[2] for r in runs})))
        wall, rss, cpu = (statistics.median(r[k] for r in runs) for k in (0, 1, 3))
        print(f"| {label} | {codes} | {wall:.2f} s | {cpu:.2f} s | {rss:,.0f} MB |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
