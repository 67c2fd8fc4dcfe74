"""Benchmarks at national scale: the real national chain, and synthetic chains of 10,000 and 100,000 actors.

Run through `benchmarks/run` (it uses the project's .venv). For each chain it measures, each in
a fresh process so that peak memory (RSS) belongs to that measurement alone:

- load: read, parse and validate (`deliverychain.model.loading.check_file`), inside the process;
- analyse: `audit(chain)`; render: the collapsed SVG with the findings drawn on it;
- the whole `chain audit FILE --format json -o OUT` command, from process start to exit;
- for the national chain, the whole `chain report FILE -o OUT` command (HTML, Word and, where
  a Chromium is installed, PDF), from process start to exit;
- beside them, the fastest YAML parser just loading the file (yaml-rs `loads`), and PyYAML's
  `safe_load` with libyaml (CSafeLoader), the usual choice;
- and `chain --help`, the start-up cost every command pays;
- for the national chain, the same as an Excel workbook and a folder of CSV files: `chain
  convert` into each, then `chain audit` of each (`--spreadsheets-only` measures just these).

Each figure is the best of --repeat runs (the machine is shared; the best run is the one
least disturbed). Results print as Markdown tables; --markdown FILE also writes them.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PYTHON = sys.executable


@dataclass
class Subject:
    name: str
    path: Path
    actors: int = 0
    links: int = 0


# --- the measurements, each run in its own process ------------------------------------

def _peak_mb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the
    parent through fork and exec, so a small child of a large parent would report the parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_pipeline(path: str) -> dict[str, float]:
    started = time.perf_counter()
    from deliverychain.drawing import render
    from deliverychain.model.loading import check_file
    from deliverychain.pipeline import audit

    imported = time.perf_counter()
    result = check_file(path)
    if result.chain is None:
        raise SystemExit(f"{path} did not load: {result.problems[:3]}")
    loaded = time.perf_counter()
    load_mb = _peak_mb()
    report = audit(result.chain)
    analysed = time.perf_counter()
    audit_mb = _peak_mb()
    svg = render(result.chain, format="svg", findings=report)
    rendered = time.perf_counter()
    return {
        "import": imported - started, "load": loaded - imported, "analyse": analysed - loaded,
        "render": rendered - analysed, "findings": len(report.findings), "svg_kb": len(svg) / 1024,
        "load_mb": load_mb, "audit_mb": audit_mb, "peak_mb": _peak_mb(),
        "actors": len(result.chain.actors), "links": len(result.chain.links),
    }


def worker_yaml_rs(path: str) -> dict[str, float]:
    import yaml_rs

    started = time.perf_counter()
    yaml_rs.loads(Path(path).read_text(encoding="utf-8"), parse_datetime=False)
    return {"load": time.perf_counter() - started, "peak_mb": _peak_mb()}


def worker_pyyaml(path: str) -> dict[str, float]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    started = time.perf_counter()
    yaml.load(Path(path).read_text(encoding="utf-8"), Loader=loader)  # CSafeLoader or SafeLoader: safe
    return {"load": time.perf_counter() - started, "peak_mb": _peak_mb(), "libyaml": loader.__name__ == "CSafeLoader"}


WORKERS = {"pipeline": worker_pipeline, "yaml-rs": worker_yaml_rs, "pyyaml": worker_pyyaml}


def child_env() -> dict[str, str]:
    """The environment of every measured process: bytecode cached, as in any installed package.

    Without cached bytecode (PYTHONDONTWRITEBYTECODE, set in some sandboxes) each process
    compiles the project's modules again: 0.1-0.2 s of every command. The cache goes to
    build/bench/pycache, not beside the sources.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(ROOT / "build" / "bench" / "pycache")
    return env


def compile_sources() -> None:
    subprocess.run([PYTHON, "-m", "compileall", "-q", "deliverychain"], check=True, cwd=ROOT, env=child_env(),
                   stdout=subprocess.DEVNULL)


def run_worker(kind: str, path: Path) -> dict[str, float]:
    done = subprocess.run([PYTHON, __file__, "--worker", kind, str(path)], capture_output=True, text=True,
                          check=False, cwd=ROOT, env=child_env())
    if done.returncode != 0:
        raise SystemExit(f"{kind} on {path} failed:\n{done.stderr}")
    measured: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def run_command(args: list[str]) -> tuple[float, float, int, float]:
    """Wall time from process start to exit, its peak RSS in MB, its exit code and its CPU time.

    CPU time (user + system) is what the process itself spent: on a shared machine it
    varies less than wall time, which also counts waiting for a core.
    """
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                               env=child_env())
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, process.returncode, usage.ru_utime + usage.ru_stime


def best(runs: list[dict[str, float]]) -> dict[str, float]:
    """Each figure's best (lowest) over the runs."""
    return {key: min(run[key] for run in runs) for key in runs[0]}


# --- the chains -----------------------------------------------------------------------

def make_subjects(folder: Path, sizes: list[int], reuse: bool) -> list[Subject]:
    """The chain files, each written by its generator in a child process (this one stays small:
    `chain audit` is timed as this process's child, and a child starts with its parent's RSS)."""
    folder.mkdir(parents=True, exist_ok=True)
    subjects = [Subject("national (ODS)", folder / "national.yaml")]
    subjects += [Subject(f"synthetic {n // 1000}k", folder / f"synthetic-{n}.yaml") for n in sizes]
    commands = [[PYTHON, "benchmarks/national_chain.py", "-o", str(subjects[0].path)]]
    commands += [[PYTHON, "benchmarks/synthetic.py", str(n), "-o", str(subject.path)]
                 for subject, n in zip(subjects[1:], sizes, strict=True)]
    for subject, command in zip(subjects, commands, strict=True):
        if not (reuse and subject.path.exists()):
            subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    return subjects


# --- the report -----------------------------------------------------------------------

def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {platform.system()}; "
            f"load average at the end {load}")


def fmt_s(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f} s"


def report_rows(subject: Subject, chain_cmd: str, repeat: int) -> list[tuple[str, str, str]]:
    """`chain report` of the chain to each format it can write here: (label, time, peak RSS) rows."""
    import shutil

    formats = ["html", "docx"] + (["pdf"] if shutil.which("chromium") or shutil.which("google-chrome") else [])
    rows = []
    for suffix in formats:
        out = ROOT / "build" / "bench" / f"report.{suffix}"
        runs = [run_command([chain_cmd, "report", str(subject.path), "-o", str(out)]) for _ in range(repeat)]
        if any(code != 0 for _, _, code, _ in runs):
            raise SystemExit(f"chain report -o {out.name} failed on {subject.path}")
        wall, rss, cpu = min(r[0] for r in runs), min(r[1] for r in runs), min(r[3] for r in runs)
        rows.append((f"`chain report -o report.{suffix}`, start to exit", f"{fmt_s(wall)} (CPU {fmt_s(cpu)})",
                     f"{rss:.0f} MB"))
    return rows


def table(subject: Subject, pipe: dict[str, float], audit: tuple[float, float, float], rs: dict[str, float],
          rs_process: tuple[float, float], pyyaml: dict[str, float] | None,
          reports: Sequence[tuple[str, str, str]] = ()) -> str:
    total = pipe["load"] + pipe["analyse"] + pipe["render"]
    size_mb = subject.path.stat().st_size / 2**20
    rows = [
        ("load (read, parse, check, validate)", fmt_s(pipe["load"]), f"{pipe['load_mb']:.0f} MB"),
        ("analyse (audit, all rules)", fmt_s(pipe["analyse"]), f"{pipe['audit_mb']:.0f} MB"),
        ("render (collapsed SVG with findings)", fmt_s(pipe["render"]), f"{pipe['peak_mb']:.0f} MB"),
        ("total in one process (after imports)", fmt_s(total), f"{pipe['peak_mb']:.0f} MB"),
        ("`chain audit --format json`, start to exit", f"{fmt_s(audit[0])} (CPU {fmt_s(audit[2])})",
         f"{audit[1]:.0f} MB"),
        *reports,
        ("yaml-rs `loads` only (in process)", fmt_s(rs["load"]), f"{rs['peak_mb']:.0f} MB"),
        ("yaml-rs load, process start to exit", f"{fmt_s(rs_process[0])} (CPU {fmt_s(rs_process[1])})", ""),
        ("PyYAML `safe_load` (CSafeLoader)" if not pyyaml or pyyaml.get("libyaml") else "PyYAML `safe_load`",
         fmt_s(pyyaml["load"]) if pyyaml else "skipped", f"{pyyaml['peak_mb']:.0f} MB" if pyyaml else ""),
    ]
    lines = [
        f"### {subject.name}: {int(pipe['actors']):,} actors, {int(pipe['links']):,} links, {size_mb:.1f} MB "
        f"({int(pipe['findings'])} findings)",
        "",
        "| step | time | peak RSS |",
        "|---|---:|---:|",
        *[f"| {a} | {b} | {c} |" for a, b, c in rows],
        "",
        f"`chain audit` / yaml-rs load: {audit[0] / rs['load']:.1f}x in-process load, "
        f"{audit[0] / rs_process[0]:.1f}x yaml-rs process (CPU: {audit[2] / rs_process[1]:.1f}x).",
        "",
    ]
    return "\n".join(lines)


def spreadsheet_table(subject: Subject, chain_cmd: str, repeat: int) -> str:
    """`chain convert` into a workbook and a CSV folder, and `chain audit` of each, like the chain file's."""
    folder = subject.path.parent
    workbook, csv_folder = folder / f"{subject.path.stem}.xlsx", folder / f"{subject.path.stem}-csv"
    rows = []
    for target, what in ((workbook, "workbook (.xlsx)"), (csv_folder, "CSV folder")):
        # A folder of CSV files is named with a trailing '/' (Path drops it).
        output = f"{target}/" if target == csv_folder else str(target)
        converts = [run_command([chain_cmd, "convert", str(subject.path), output, "--force"])
                    for _ in range(repeat)]
        if any(code != 0 for _, _, code, _ in converts):
            raise SystemExit(f"chain convert to {target} failed")
        rows.append((f"`chain convert` to a {what}", min(c[0] for c in converts), min(c[3] for c in converts),
                     min(c[1] for c in converts)))
    report = folder / "audit.json"
    for target, what in ((subject.path, "the chain file (YAML)"), (workbook, "the workbook"),
                         (csv_folder, "the CSV folder")):
        audits = [run_command([chain_cmd, "audit", str(target), "--format", "json", "-o", str(report),
                               "--fail-on", "never"]) for _ in range(repeat)]
        if any(code != 0 for _, _, code, _ in audits):
            raise SystemExit(f"chain audit failed on {target}")
        rows.append((f"`chain audit --format json` of {what}", min(a[0] for a in audits),
                     min(a[3] for a in audits), min(a[1] for a in audits)))
    size = workbook.stat().st_size / 2**20
    lines = [f"### {subject.name} as a spreadsheet (workbook {size:.1f} MB)", "", "| step | time | CPU | peak RSS |",
             "|---|---:|---:|---:|", *[f"| {a} | {fmt_s(b)} | {fmt_s(c)} | {d:.0f} MB |" for a, b, c, d in rows], ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="synthetic sizes (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best counts")
    parser.add_argument("--pyyaml-max-actors", type=int, default=10**9,
                        help="skip PyYAML above this many actors (it takes about a minute at 100,000)")
    parser.add_argument("--reuse", action="store_true", help="reuse chain files already in build/bench")
    parser.add_argument("--markdown", help="also write the tables to this file")
    parser.add_argument("--spreadsheets-only", action="store_true",
                        help="only the national chain as a workbook and a CSV folder")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(WORKERS[args.worker[0]](args.worker[1])))
        return 0

    sizes = [] if args.spreadsheets_only else [int(s) for s in args.sizes.split(",") if s]
    subjects = make_subjects(ROOT / "build" / "bench", sizes, args.reuse)
    compile_sources()
    chain_cmd = str(BIN / "chain")
    helps = [run_command([chain_cmd, "--help"])[0] for _ in range(max(5, args.repeat))]
    out = [f"Machine: {machine()}.", "", f"`chain --help`: {min(helps):.2f} s (best of {len(helps)}).", ""]
    print("\n".join(out), flush=True)
    if args.spreadsheets_only:
        text = spreadsheet_table(subjects[0], chain_cmd, args.repeat)
        print(text, flush=True)
        if args.markdown:
            Path(args.markdown).write_text("\n".join([*out, text]), encoding="utf-8")
        return 0
    for subject in subjects:
        pipe = best([run_worker("pipeline", subject.path) for _ in range(args.repeat)])
        report = ROOT / "build" / "bench" / "audit.json"
        audits = [run_command([chain_cmd, "audit", str(subject.path), "--format", "json", "-o", str(report),
                               "--fail-on", "never"]) for _ in range(args.repeat)]
        if any(code != 0 for _, _, code, _ in audits):
            raise SystemExit(f"chain audit failed on {subject.path}")
        audit = (min(a[0] for a in audits), min(a[1] for a in audits), min(a[3] for a in audits))
        rs = best([run_worker("yaml-rs", subject.path) for _ in range(args.repeat)])
        rs_runs = [run_command([PYTHON, __file__, "--worker", "yaml-rs", str(subject.path)])
                   for _ in range(args.repeat)]
        rs_process = (min(r[0] for r in rs_runs), min(r[3] for r in rs_runs))
        pyyaml = run_worker("pyyaml", subject.path) if pipe["actors"] <= args.pyyaml_max_actors else None
        reports = report_rows(subject, chain_cmd, args.repeat) if subject.name.startswith("national") else []
        text = table(subject, pipe, audit, rs, rs_process, pyyaml, reports)
        if subject is subjects[0]:
            text += "\n" + spreadsheet_table(subject, chain_cmd, args.repeat)
        out.append(text)
        print(text, flush=True)
    import diff_bench  # `chain diff` of the national chain against a redraft (issue 14)

    text = diff_bench.measure(ROOT / "build" / "bench", args.repeat, args.reuse)
    out.append(text)
    print(text, flush=True)
    if args.markdown:
        Path(args.markdown).write_text("\n".join(out), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
