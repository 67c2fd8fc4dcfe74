"""Issue 15's examples of unbounded work, each run as a user runs it, timed and measured.

    .venv/bin/python benchmarks/robustness.py              every example, median of 3
    .venv/bin/python benchmarks/robustness.py --repeat 1 --only star

Each example is one `chain` command in a child process; the table gives its exit code, the
median wall time, CPU time (user + system) and peak memory (the child's own maximum RSS,
from `os.wait4`), against the promise: exit 0, 1 or 2 within 5 s per 10 MB of input and
under 512 MB plus ten times the input. What each took before the fix is in the last column
(issue 15's figures).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import shapes

CHAIN = Path(sys.executable).parent / "chain"


@dataclass
class Example:
    name: str
    #: Makes the input in a folder, and yields the command's arguments (and the input's size).
    make: Callable[[Path], Iterator[tuple[list[str], int]]]
    before: str


def _file(text: str, command: str = "audit") -> Callable[[Path], Iterator[tuple[list[str], int]]]:
    @contextmanager
    def make(folder: Path) -> Iterator[tuple[list[str], int]]:
        path = folder / "example.yaml"
        path.write_text(text, encoding="utf-8")
        yield [command, str(path), "--format", "json"] if command == "audit" else [command, str(path)], len(text)

    return make


@contextmanager
def _dev_zero(folder: Path) -> Iterator[tuple[list[str], int]]:
    yield ["validate", "/dev/zero"], 0


@contextmanager
def _endless_writer(folder: Path) -> Iterator[tuple[list[str], int]]:
    """A named pipe a program writes to without end: a file that grows while it is read."""
    fifo = folder / "growing.yaml"
    os.mkfifo(fifo)
    writer = subprocess.Popen(f"yes 'title: more' > '{fifo}'", shell=True, stderr=subprocess.DEVNULL)
    try:
        yield ["validate", str(fifo)], 0
    finally:
        writer.kill()
        writer.wait()


@contextmanager
def _silent_fifo(folder: Path) -> Iterator[tuple[list[str], int]]:
    fifo = folder / "silent.yaml"
    os.mkfifo(fifo)
    yield ["validate", str(fifo)], 0


def _long_line() -> str:
    return 'chain:\n  id: x\n  title: "' + "a" * 16_000_000 + '" ]\n'


EXAMPLES = [
    Example("dev/zero", _dev_zero, "8.5 GB in 20 s, not stopped"),
    Example("growing file (endless pipe)", _endless_writer, "unbounded"),
    Example("named pipe, no writer (wait=10)", _silent_fifo, "hung for ever"),
    Example("1,000 unknown refs", _file(shapes.unknown_refs(1000), "validate"), "19.6 s"),
    Example("100k star", _file(shapes.star(100_000)), "53 s (audit)"),
    Example("16 MB line", _file(_long_line(), "validate"), "2.1 GB"),
    Example("300k missing fields", _file(shapes.missing_fields(300_000)), "245 MB out, 68 s, 2.5 GB"),
]


def measure(args: list[str]) -> tuple[int, float, float, float]:
    """Exit code, wall seconds, CPU seconds and peak MB of one run."""
    started = time.perf_counter()
    child = subprocess.Popen([str(CHAIN), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             stdin=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    return os.waitstatus_to_exitcode(status), wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each example; the median is shown")
    parser.add_argument("--only", default="", help="only examples whose name contains this")
    args = parser.parse_args(argv)
    print(f"| example | input | exit | wall (median of {args.repeat}) | CPU | peak memory | bound | before |")
    print("|---|---:|---:|---:|---:|---:|---|---|")
    for example in EXAMPLES:
        if args.only not in example.name:
            continue
        runs = []
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as folder, example.make(Path(folder)) as (command, size):
                runs.append(measure(command))
        codes = sorted({run[0] for run in runs})
        wall, cpu, peak = (statistics.median(run[i] for run in runs) for i in (1, 2, 3))
        megabytes = size / 2**20
        bound = f"{max(5, 5 * megabytes / 10):.0f} s, {512 + 10 * megabytes:,.0f} MB"
        shown_size = f"{megabytes:.1f} MB" if size else "-"
        print(f"| {example.name} | {shown_size} | {','.join(map(str, codes))} | {wall:.2f} s | {cpu:.2f} s "
              f"| {peak:,.0f} MB | {bound} | {example.before} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
