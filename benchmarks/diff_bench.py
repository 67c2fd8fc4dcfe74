"""`chain diff` at national scale: the national chain against a scripted redraft of it.

    .venv/bin/python benchmarks/diff_bench.py             # on its own (about a minute)
    benchmarks/run                                        # with every other benchmark

The drafts are `national_chain.py`'s chain and `national_redraft.py`'s redraft of it
(23 alliances added, feedback strengthened in two regions, seven regions renamed, two trusts
merged, carries changed, everything reordered). Measured as in bench.py: the whole command
from process start to exit (`chain diff OLD NEW --format json -o FILE`), with its CPU time
and peak RSS, best of --repeat runs; and, in one process, where the time goes.
Target (issue 14): under 3 s from start to exit.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import BIN, PYTHON, ROOT, best, child_env, compile_sources, fmt_s, run_command  # noqa: E402

TARGET_SECONDS = 3.0


def make_drafts(folder: Path, reuse: bool = False) -> tuple[Path, Path]:
    old, new = folder / "national.yaml", folder / "national-redraft.yaml"
    if not (reuse and old.exists() and new.exists()):
        subprocess.run([PYTHON, str(HERE / "national_redraft.py"), "-o", str(folder)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    return old, new


def worker(old: str, new: str) -> dict[str, float]:
    """Each step of `chain diff`, in one process."""
    started = time.perf_counter()
    from deliverychain.diffing.audit import diff_findings
    from deliverychain.diffing.compare import ChainDiff, Draft
    from deliverychain.diffing.json_output import render_json
    from deliverychain.diffing.model import diff_models
    from deliverychain.pipeline import audit, check_file

    steps = {"import": time.perf_counter() - started}

    def timed(name: str, work):  # type: ignore[no-untyped-def]
        begun = time.perf_counter()
        result = work()
        steps[name] = steps.get(name, 0.0) + time.perf_counter() - begun
        return result

    first = timed("load", lambda: check_file(old).chain)
    second = timed("load", lambda: check_file(new).chain)
    reports = [timed("audit", lambda chain=chain: audit(chain)) for chain in (first, second)]
    model = timed("model diff", lambda: diff_models(first, second))
    findings = timed("audit diff", lambda: diff_findings(reports[0].findings, reports[1].findings,
                                                         model.renamed_subject))
    result = ChainDiff(Draft(old, first, reports[0]), Draft(new, second, reports[1]), model, findings)
    timed("JSON", lambda: render_json(result))
    steps["changes"] = sum(len(b.added) + len(b.removed) + len(b.renamed) + len(b.changed) for _, b in model.blocks())
    steps["renamed"] = len(model.actors.renamed)
    steps["new"], steps["resolved"] = len(findings.new), len(findings.resolved)
    return steps


def measure(folder: Path, repeat: int, reuse: bool = False) -> str:
    old, new = make_drafts(folder, reuse)
    out = folder / "diff.json"
    runs = [run_command([str(BIN / "chain"), "diff", str(old), str(new), "--format", "json", "-o", str(out)])
            for _ in range(repeat)]
    if any(code != 0 for _, _, code, _ in runs):
        raise SystemExit("chain diff failed on the national drafts")
    wall, rss, cpu = min(r[0] for r in runs), min(r[1] for r in runs), min(r[3] for r in runs)
    walls = sorted(r[0] for r in runs)
    # One draft's `chain audit`, measured in turn with the diff: the ratio holds however busy
    # the machine is, and the README gives the audit's time on a quiet one.
    audits = [run_command([str(BIN / "chain"), "audit", str(old), "--format", "json", "-o", str(out),
                           "--fail-on", "never"]) for _ in range(repeat)]
    audit_wall, audit_cpu = min(a[0] for a in audits), min(a[3] for a in audits)
    steps = best([_worker(old, new) for _ in range(repeat)])
    rows = [(name, fmt_s(steps[name])) for name in ("import", "load", "audit", "model diff", "audit diff", "JSON")]
    verdict = "met" if wall < TARGET_SECONDS else "NOT met"
    lines = [
        "### chain diff: the national chain against a scripted redraft",
        "",
        f"{int(steps['changes']):,} items changed ({int(steps['renamed'])} actors renamed); "
        f"{int(steps['new'])} findings new, {int(steps['resolved'])} resolved.",
        "",
        "| step (in one process) | time |",
        "|---|---:|",
        *[f"| {name} | {value} |" for name, value in rows],
        f"| `chain diff --format json`, start to exit | **{fmt_s(wall)}** (CPU {fmt_s(cpu)}; median "
        f"{fmt_s(walls[len(walls) // 2])}), {rss:.0f} MB |",
        f"| `chain audit --format json` of the first draft alone, start to exit | {fmt_s(audit_wall)} "
        f"(CPU {fmt_s(audit_cpu)}) |",
        "",
        f"The diff costs {cpu / audit_cpu:.1f}x one draft's audit in CPU time ({wall / audit_wall:.1f}x in wall "
        "time): two loads and two audits, and the comparison.",
        "",
        f"Target: under {TARGET_SECONDS:.0f} s ({verdict} in this run).",
        "",
    ]
    return "\n".join(lines)


def _worker(old: Path, new: Path) -> dict[str, float]:
    done = subprocess.run([PYTHON, __file__, "--worker", str(old), str(new)], capture_output=True, text=True,
                          check=False, cwd=ROOT, env=child_env())
    if done.returncode != 0:
        raise SystemExit(f"diff worker failed:\n{done.stderr}")
    measured: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument("--reuse", action="store_true", help="reuse the drafts already in build/bench")
    parser.add_argument("--worker", nargs=2, metavar=("OLD", "NEW"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return 0
    compile_sources()
    print(measure(ROOT / "build" / "bench", args.repeat, args.reuse), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
