#!/usr/bin/env python3
"""Run the robustness properties for as long as you like.

    python scripts/fuzz.py --minutes 10              every property in turn, for ten minutes
    python scripts/fuzz.py --minutes 10 --jobs 2     the same on two cores (different seeds)
    python scripts/fuzz.py --minutes 2 --only mutated-text
    python scripts/fuzz.py --seed 1234 --minutes 1   repeat a run
    python scripts/fuzz.py --mode text --minutes 20  hostile text in every field, every output
    python scripts/fuzz.py --mode shape --minutes 20 stars, cliques, floods: time and memory bounds

Modes: `load` (the default), the properties of tests/test_fuzz.py: broken chains load or get
problems at a place inside the file, never an exception; `chain validate` exits 0 or 2 with
`file:line:col`; the two YAML readers agree. `text`, the property of tests/test_fuzz_text.py:
hostile Unicode and very long values in every free-text field, through every output format,
each well-formed and within the promised time and memory. `shape`, the property of
tests/test_fuzz_shape.py: stars, long chains, dense cliques, parallel links, unknown
references, duplicate ids and floods of missing fields, at sizes up to 30,000
(FUZZ_SHAPE_MAX_SIZE), through `chain validate` and `chain audit` in every format, each
exiting 0, 1 or 2 within 5 s of CPU per 10 MB and 512 MB plus ten times the input. These are the properties CI runs
a few cases of (see docs/robustness.md). Each round gives every property a batch of new
cases from a fresh seed. A failure is shrunk to a small example, printed with the seed that
repeats it, and the run goes on; the exit code is 1 if anything failed. The summary gives
the cases run and the longest single case of each property.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


#: mode -> the module whose PROPERTIES it runs.
MODES = {"load": "tests.test_fuzz", "text": "tests.test_fuzz_text", "shape": "tests.test_fuzz_shape"}


def run(minutes: float, seed: int, only: list[str], batch: int, mode: str = "load") -> int:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("FUZZ_SHAPE_MAX_SIZE", "30000")  # CI's sample stays under 1,500
    import importlib

    from hypothesis import HealthCheck, given, settings
    from hypothesis import seed as use_seed
    from hypothesis import strategies as st

    module = importlib.import_module(MODES[mode])
    properties = module.PROPERTIES
    chosen = {name: prop for name, (prop, _) in properties.items() if not only or name in only}
    if not chosen:
        print(f"no such property; choose from: {', '.join(properties)}", file=sys.stderr)
        return 2
    counts = dict.fromkeys(chosen, 0)
    longest = dict.fromkeys(chosen, 0.0)
    failures: list[str] = []
    started = time.monotonic()
    deadline = started + minutes * 60
    round_number = 0
    while time.monotonic() < deadline:
        for name, prop in chosen.items():
            if time.monotonic() >= deadline:
                break
            test = settings(
                max_examples=batch, deadline=None, database=None, derandomize=False,
                suppress_health_check=list(HealthCheck),
            )(use_seed(seed * 1_000_003 + round_number)(given(data=st.data())(_counted(prop, counts, longest, name))))
            try:
                test()
            except Exception:
                traceback.print_exc()
                failures.append(f"{name}: repeat with --only {name} --seed {seed} (round {round_number})")
                print(f"FAILED {failures[-1]}", flush=True)
                del chosen[name]  # reported once, shrunk; the other properties go on
                break
        if not chosen:
            break
        round_number += 1
    total = sum(counts.values())
    took = (time.monotonic() - started) / 60  # the last batch may run past the deadline
    print(f"\n{total:,} cases in {took:.1f} minutes (seed {seed}, mode {mode}):")
    for name, count in counts.items():
        print(f"  {name:22} {count:>9,}   longest case {longest[name]:.1f} s")
    worst = getattr(module, "WORST", None)  # the text mode measures each step
    if worst:
        print(f"  slowest step {worst['cpu']:.1f} s of CPU ({worst['cpu_step']}), "
              f"{worst['wall']:.1f} s of wall time ({worst['wall_step']}); "
              f"highest peak memory {worst['peak_mb']:.0f} MB ({worst['peak_step']})")
    for failure in failures:
        print(f"FAILED {failure}")
    print("no failures" if not failures else f"{len(failures)} failure(s)")
    return 1 if failures else 0


def _counted(prop, counts: dict[str, int], longest: dict[str, float], name: str):
    def case(data) -> None:
        counts[name] += 1
        started = time.monotonic()
        try:
            prop(data)
        finally:
            longest[name] = max(longest[name], time.monotonic() - started)

    return case


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to run (default 10)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: from the clock)")
    parser.add_argument("--only", action="append", default=[], metavar="PROPERTY",
                        help="run only this property (repeatable)")
    parser.add_argument("--batch", type=int, default=None,
                        help="cases per property per round (default 200; 10 in text and shape modes, whose "
                             "cases are slow)")
    parser.add_argument("--jobs", type=int, default=1, help="processes, each with its own seed (default 1)")
    parser.add_argument("--mode", choices=sorted(MODES), default="load",
                        help="load: broken files (default); text: hostile text through every output; "
                             "shape: awkward shapes within time and memory bounds")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else int(time.time())
    batch = args.batch if args.batch is not None else (200 if args.mode == "load" else 10)
    if args.jobs <= 1:
        return run(args.minutes, seed, args.only, batch, args.mode)
    base = [sys.executable, __file__, "--minutes", str(args.minutes), "--batch", str(batch), "--mode", args.mode]
    base += [f"--only={name}" for name in args.only]
    children = [subprocess.Popen([*base, "--seed", str(seed + job)]) for job in range(args.jobs)]
    return max(child.wait() for child in children)


if __name__ == "__main__":
    sys.exit(main())
