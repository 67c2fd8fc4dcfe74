"""The same chains written in other styles, for `benchmarks/run` (issue 10, part 3).

Speed and memory must not depend on a file's style: a chain from another program, an
editor or a spreadsheet export audits as fast as one in our own style. Each function writes
one file beside the chain it starts from, and returns its path:

- `with_financial_year`: the national chain with a comment line `# planning guidance 2023_24`
  and a quoted `"2023_24"` in the chain's description (a financial year written as NHS
  documents write it; a plain `2023_24` is text in YAML 1.2 but a number to some readers);
- `dumped_by_pyyaml`, `dumped_by_ruamel`: the same data written by `yaml.safe_dump` and by
  ruamel.yaml's round-trip dumper (block lists at the key's indent, `''` escapes, long
  text folded over several lines);
- `with_duplicate_ids`: a synthetic chain in which 5,000 actors take the id of an earlier
  one: a file with thousands of problems (exit 2).

`benchmarks/run styles` writes them (with the national chain and the synthetic 100k) and
measures each: `chain audit --format json`, process start to exit, CPU time (user + system,
the median of --repeat runs: it varies less than wall time on a shared machine), peak RSS,
exit code; and why it costs what it does: the reader the table chose (and which of its
conditions sent the file on), and whether the line scanner placed items one by one or had
to compose the whole file exactly.

    benchmarks/run styles                  # every variant, median of 3
    benchmarks/run styles --repeat 1 --reuse
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

FINANCIAL_YEAR_COMMENT = "# planning guidance 2023_24\n"


def _data(chain: Path) -> Any:
    from deliverychain.reading import exact

    parsed = exact.read(chain.read_text(encoding="utf-8"), str(chain))
    assert not parsed.problems, parsed.problems[:3]
    return parsed.data


def with_financial_year(chain: Path) -> Path:
    text = chain.read_text(encoding="utf-8")
    quoted = text.replace('  description: "', '  description: "Planning guidance 2023_24. ', 1)
    assert quoted != text, "the chain has no quoted description to add the year to"
    out = chain.with_name(f"{chain.stem}-2023_24.yaml")
    out.write_text(FINANCIAL_YEAR_COMMENT + quoted, encoding="utf-8")
    return out


def dumped_by_pyyaml(chain: Path) -> Path:
    import yaml

    out = chain.with_name(f"{chain.stem}-pyyaml.yaml")
    out.write_text(yaml.safe_dump(_data(chain), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return out


def dumped_by_ruamel(chain: Path) -> Path:
    from ruamel.yaml import YAML

    written = io.StringIO()
    YAML(typ="rt").dump(_data(chain), written)
    out = chain.with_name(f"{chain.stem}-ruamel.yaml")
    out.write_text(written.getvalue(), encoding="utf-8")
    return out


def with_duplicate_ids(chain: Path, duplicates: int = 5_000) -> Path:
    """`duplicates` actors (from the 101st on) each given the id of an earlier actor."""
    lines = chain.read_text(encoding="utf-8").split("\n")
    actors, links = lines.index("actors:"), lines.index("links:")
    ids = [i for i in range(actors, links) if lines[i].startswith("  - id: ")]
    for earlier, later in zip(ids, ids[100 : 100 + duplicates], strict=False):
        lines[later] = lines[earlier]
    out = chain.with_name(f"{chain.stem}-dup-ids.yaml")
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


VARIANTS = {
    "national + 2023_24 (a comment, a quoted value)": with_financial_year,
    "national, written by PyYAML (safe_dump)": dumped_by_pyyaml,
    "national, written by ruamel.yaml": dumped_by_ruamel,
}
#: The synthetic 100k and its variants: written by PyYAML, and with 5,000 duplicate ids.
VARIANTS_100K = {
    "synthetic 100k, written by PyYAML (safe_dump)": dumped_by_pyyaml,
    "synthetic 100k, 5,000 duplicate ids": with_duplicate_ids,
}

ROOT = Path(__file__).resolve().parent.parent


def how_read(path: Path) -> str:
    """The reader the table chooses for a file, why, and how its positions would be found."""
    from deliverychain.reading import fast, readers, sniffs
    from deliverychain.reading.linescan import ScannedTable, outline
    from deliverychain.reading.text import Source

    text = path.read_text(encoding="utf-8")
    source = Source(text, str(path))
    chosen = readers.choose(source)
    passed_over = [f"{reader.name} ({', '.join(m.__name__ for m in reader.misreads if m(source))})"
                   for reader in readers.READERS[: readers.READERS.index(chosen)]
                   if reader.suits(source)]
    why = f"; passed over: {', '.join(passed_over)}" if passed_over else ""
    if chosen.name != "yaml-rs":
        return f"{chosen.name}{why}"
    parsed = fast.read(text, str(path))
    if parsed is None or parsed.data is None:
        return f"{chosen.name} (declined or empty: the exact reader){why}"
    table = ScannedTable(text, str(path), outline(parsed.data))
    if table.stats["whole_file"]:
        return f"{chosen.name}; positions: the structure pass declined (whole file composed exactly)"
    # Every 50th item of each list: enough to see whether items are scanned or composed.
    for key, section in table._sections.items():
        for index in range(0, len(section.dashes), 50):
            table.find((key, index), keys=False)
    stats = table.stats
    placed = "whole file composed exactly" if stats["whole_file"] else (
        f"item by item, sampled: {stats['scanned']} scanned, {stats['composed']} composed exactly")
    fixed = len(sniffs.misread_numbers(text))
    fixed_up = f", {fixed} number-like tokens fixed up" if fixed else ""
    return f"{chosen.name}{why}{fixed_up}; positions: {placed}"


def audit(path: Path, repeat: int, timeout: float) -> tuple[float, float, int]:
    """`chain audit --format json` of `path`: median CPU seconds, median peak RSS (MB), exit code.

    A run still going after `timeout` seconds (wall) is stopped: (inf, nan, -1).
    """
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench import child_env

    runs = []
    for _ in range(repeat):
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "chain"), "audit", str(path), "--format", "json",
             "-o", str(path.parent / "styles-audit.json")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=child_env(),
        )
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:  # a run past the timeout is reported as such, not waited for
                process.kill()
                process.wait()
                return float("inf"), float("nan"), -1
            time.sleep(0.05)
        runs.append((usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)))
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), runs[-1][2]


def write_chains(folder: Path, reuse: bool) -> list[tuple[str, Path]]:
    """The national chain, the synthetic 100k and every variant of each: (name, path)."""
    folder.mkdir(parents=True, exist_ok=True)
    national, synthetic = folder / "national.yaml", folder / "synthetic-100000.yaml"
    python = sys.executable
    if not (reuse and national.exists()):
        subprocess.run([python, "benchmarks/national_chain.py", "-o", str(national)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    if not (reuse and synthetic.exists()):
        subprocess.run([python, "benchmarks/synthetic.py", "100000", "-o", str(synthetic)], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    chains = [("national (our style)", national)]
    for variants, start in ((VARIANTS, national), (VARIANTS_100K, synthetic)):
        if start is synthetic:
            chains.append(("synthetic 100k (our style)", synthetic))
        for name, make in variants.items():
            made = _variant_path(start, make)
            if not (reuse and made.exists()):
                _in_child("--variant", make.__name__, str(start))
            chains.append((name, made))
    return chains


def _in_child(*args: str) -> str:
    """This script run again in a child process, and what it printed. Variants are written and
    files read there: a child's peak RSS starts at its parent's size when it forks (Linux keeps
    the high-water mark across exec), so the measuring process must stay small."""
    done = subprocess.run([sys.executable, __file__, *args], check=True, cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip()


def _variant_path(chain: Path, make: Any) -> Path:
    suffix = {with_financial_year: "2023_24", dumped_by_pyyaml: "pyyaml", dumped_by_ruamel: "ruamel",
              with_duplicate_ids: "dup-ids"}[make]
    return chain.with_name(f"{chain.stem}-{suffix}.yaml")


def measure(repeat: int, reuse: bool, timeout: float) -> str:
    chains = write_chains(ROOT / "build" / "bench", reuse)
    rows, baseline = [], 0.0
    for name, path in chains:
        cpu, rss, code = audit(path, repeat, timeout)
        if "our style" in name:
            baseline = cpu
        read_by = _in_child("--how-read", str(path))
        if code == -1:
            rows.append(f"| {name} | over {timeout:.0f} s (stopped) | | | | {read_by} |")
        else:
            rows.append(f"| {name} | {cpu:.2f} s | {cpu / baseline:.2f}x | {rss:.0f} MB | {code} | {read_by} |")
        print(rows[-1], flush=True)
    header = [f"### Styles: `chain audit --format json`, CPU time, median of {repeat}", "",
              "| chain | CPU | vs our style | peak RSS | exit | read by |", "|---|---:|---:|---:|---:|---|"]
    return "\n".join([*header, *rows, ""])


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    parser = argparse.ArgumentParser(description="the same chains in other styles: written, then measured")
    parser.add_argument("chain", nargs="?", help="only write the variants of this chain beside it")
    parser.add_argument("--repeat", type=int, default=3, help="runs per audit; the median counts")
    parser.add_argument("--reuse", action="store_true", help="reuse chain files already in build/bench")
    parser.add_argument("--timeout", type=float, default=300, help="stop an audit after this many seconds")
    parser.add_argument("--variant", metavar="NAME", help="write only this variant of CHAIN (one of: "
                        + ", ".join(make.__name__ for make in {**VARIANTS, **VARIANTS_100K}.values()) + ")")
    parser.add_argument("--how-read", action="store_true", help="print how CHAIN would be read, and stop")
    args = parser.parse_args(argv)
    if args.chain and args.how_read:
        print(how_read(Path(args.chain)))
        return 0
    if args.chain and args.variant:
        makers = {make.__name__: make for make in {**VARIANTS, **VARIANTS_100K}.values()}
        print(makers[args.variant](Path(args.chain)))
        return 0
    if args.chain:
        for make in VARIANTS.values():
            print(make(Path(args.chain)))
        return 0
    print(measure(args.repeat, args.reuse, args.timeout))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
