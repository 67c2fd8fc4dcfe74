"""Before and after on a shared machine: two source trees measured in turn, medians reported.

    .venv/bin/python benchmarks/compare.py BEFORE_TREE [AFTER_TREE] [--chain FILE] [--repeat 9]

BEFORE_TREE and AFTER_TREE are folders holding a `deliverychain` package (for example a
`git archive` of the commit before a change, unpacked under build/); AFTER_TREE defaults to
this checkout. Each measurement runs the two trees one after the other, --repeat times, so
that whatever else the machine is doing falls on both alike; the median of each is reported
(wall time, CPU time of the process, peak RSS):

- `chain audit CHAIN --format json -o FILE`, process start to exit (default chain: the
  national chain, built by benchmarks/national_chain.py into build/bench/national.yaml);
- inside one process, `deliverychain.load(CHAIN)` and `deliverychain.audit(chain)`;
- `chain --help` and `chain --version`, process start to exit.

The JSON reports of the two trees are compared byte for byte as well.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CLI = "import sys; from deliverychain.cli import run; sys.argv[0] = 'chain'; run()"
PHASES = """\
import json, sys, time
started = time.process_time()
import deliverychain
chain = deliverychain.load(sys.argv[1])
loaded = time.process_time()
report = deliverychain.audit(chain)
audited = time.process_time()
print(json.dumps({"load": loaded - started, "audit": audited - loaded}))
"""


def _env(tree: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(tree)
    env["PYTHONPYCACHEPREFIX"] = str(ROOT / "build" / "bench" / "pycache")
    return env


def _process(tree: Path, args: list[str], ok: tuple[int, ...] = (0, 1)) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds, peak RSS (MB) and standard output of one process."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        # -P: the working folder (this checkout) must not come before the tree measured on sys.path
        process = subprocess.Popen([PYTHON, "-P", *args], stdout=subprocess.PIPE, stderr=errors, env=_env(tree),
                                   cwd=ROOT)
        out = process.stdout.read().decode() if process.stdout else ""
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) not in ok:
            errors.seek(0)
            raise SystemExit(f"{args[:3]} failed in {tree}:\n{errors.read().decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def _median(rows: list[tuple[float, ...]], index: int) -> float:
    return statistics.median(row[index] for row in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path, nargs="?", default=ROOT)
    parser.add_argument("--chain", type=Path, default=ROOT / "build" / "bench" / "national.yaml")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    args.chain = args.chain.resolve()
    if not args.chain.exists():
        subprocess.run([PYTHON, "benchmarks/national_chain.py", "-o", str(args.chain)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    trees = {"before": args.before.resolve(), "after": args.after.resolve()}
    reports = {name: ROOT / "build" / "bench" / f"compare-{name}.json" for name in trees}
    commands = {
        "chain audit (json)": lambda name: ["-c", CLI, "audit", str(args.chain), "--format", "json", "-o",
                                            str(reports[name]), "--fail-on", "never"],
        "chain --help": lambda name: ["-c", CLI, "--help"],
        "chain --version": lambda name: ["-c", CLI, "--version"],
    }
    for tree in trees.values():  # bytecode compiled once, outside the measurements
        subprocess.run([PYTHON, "-m", "compileall", "-q", str(tree / "deliverychain")], env=_env(tree),
                       check=True, stdout=subprocess.DEVNULL)
    print(f"chain: {args.chain}; {args.repeat} runs each, alternating; medians")
    print("| measurement | before | after |")
    print("|---|---:|---:|")
    for label, command in commands.items():
        rows: dict[str, list[tuple[float, float, float, str]]] = {name: [] for name in trees}
        for _ in range(args.repeat):
            for name, tree in trees.items():
                rows[name].append(_process(tree, command(name)))
        cells = [f"{_median(rows[n], 0):.3f} s wall, {_median(rows[n], 1):.3f} s CPU, {_median(rows[n], 2):.0f} MB"
                 for n in trees]
        print(f"| {label} | {cells[0]} | {cells[1]} |", flush=True)
    phases: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(args.repeat):
        for name, tree in trees.items():
            phases[name].append(json.loads(_process(tree, ["-c", PHASES, str(args.chain)], ok=(0,))[3]))
    for phase in ("load", "audit"):
        cells = [f"{statistics.median(p[phase] for p in phases[n]):.3f} s CPU" for n in trees]
        print(f"| in process: {phase} | {cells[0]} | {cells[1]} |")
    same = reports["before"].read_bytes() == reports["after"].read_bytes()
    print(f"\nJSON reports byte-identical: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
