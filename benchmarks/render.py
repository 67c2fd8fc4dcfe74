"""How long `chain render` takes, start to exit, beside `chain audit` of the same chain.

Run through `benchmarks/run render` (the project's .venv). Each command runs in a fresh
process, --repeat times; the table shows the median wall time and the median CPU time
(user + system), since the machine is shared. Chains: `chains/cancer.yaml` (the README's
example) and the national chain (`benchmarks/national_chain.py`, written to build/bench/).

The WebAssembly Graphviz rows answer issue 10's target: an SVG drawn by the WebAssembly
engine within 1.5x of the same drawn by a system `dot`, and within 2x of `chain audit`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import BIN, PYTHON, ROOT, compile_sources, machine, run_command

CANCER = ROOT / "chains" / "cancer.yaml"
OUT = ROOT / "build" / "bench" / "render"


def national() -> Path:
    path = ROOT / "build" / "bench" / "national.yaml"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([PYTHON, "benchmarks/national_chain.py", "-o", str(path)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    return path


def cases(has_dot: bool, styles: bool) -> list[tuple[str, list[str]]]:
    """(label, arguments to `chain`) for each measured command."""
    chain_files = [("cancer", CANCER), ("national", national())]
    rows: list[tuple[str, list[str]]] = []
    for name, path in chain_files:
        rows.append((f"{name}: `chain audit`", ["audit", str(path), "--fail-on", "never", "-o", str(OUT / "a.txt")]))
        engines = ["wasm", "system"] if has_dot else ["wasm"]
        for engine in engines:
            rows.append((f"{name}: render SVG, {engine} engine",
                         ["render", str(path), "-o", str(OUT / f"{name}.svg"), "--engine", engine]))
        for suffix in ("png", "pdf"):
            out = str(OUT / f"{name}.{suffix}")
            rows.append((f"{name}: render {suffix.upper()}", ["render", str(path), "-o", out]))
            if styles:
                rows.append((f"{name}: render {suffix.upper()}, detail style",
                             ["render", str(path), "-o", str(OUT / f"{name}-detail.{suffix}"), "--style", "detail"]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per command; the median counts")
    parser.add_argument("--no-styles", action="store_true", help="skip --style rows (for code without it)")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    compile_sources()
    chain = str(BIN / "chain")
    print(f"Machine: {machine()}.\n")
    print("| command | wall (median) | CPU (median) | exit |")
    print("|---|---:|---:|---:|")
    for label, arguments in cases(shutil.which("dot") is not None, not args.no_styles):
        runs = [run_command([chain, *arguments]) for _ in range(args.repeat)]
        codes = sorted({code for _, _, code, _ in runs})
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[3] for r in runs)
        print(f"| {label} | {wall:.2f} s | {cpu:.2f} s | {','.join(map(str, codes))} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
