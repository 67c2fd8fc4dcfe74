"""Same chain, same bytes: every output is identical under any PYTHONHASHSEED.

Set and dict iteration order changes with the hash seed, so a report or diagram built from
an unsorted set comes out different from run to run and churns in version control. Each
seed runs every command in its own interpreter (the seed is fixed when Python starts); the
outputs must match byte for byte. The chains are chosen for what tends to expose unsorted
sets: loops of every shape, a peer clique, hostile names, a real example chain and a
national-shaped chain large enough to be collapsed into groups.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from benchmarks.synthetic import synthetic_chain
from tests.test_hostile import ROOT, SMALL, loops_chain
from tests.test_injection import hostile_chain

SEEDS = ("0", "1", "12345")
OUTPUTS = {
    "json": ["audit", "--format", "json", "--fail-on", "never"],
    "sarif": ["audit", "--format", "sarif", "--fail-on", "never"],
    "md": ["audit", "--format", "markdown", "--fail-on", "never"],
    "github.txt": ["audit", "--format", "github", "--fail-on", "never"],
    "dot": ["render", "--format", "dot"],
    "mmd": ["render", "--format", "mmd"],
    "svg": ["render", "--format", "svg"],
}
#: `chain convert CHAIN OUTPUT` into each of these endings (the folder of CSV files is covered
#: by the edge list, which is its links.csv, and by tests/test_convert.py).
CONVERTS = ("xlsx", "graphml", "gexf", "kumu.json", "edges.csv", "converted.yaml", "converted.json")
#: Only for the small chain: the other Graphviz and the binary formats.
EXTRA = {"wasm.svg": ["render", "--format", "svg", "--engine", "wasm"],
         "png": ["render", "--format", "png"], "pdf": ["render", "--format", "pdf"]}

CHILD = textwrap.dedent("""\
    import json, sys
    from deliverychain.cli import main
    for args in json.loads(sys.argv[1]):
        try:
            main.main(args=args, prog_name="chain", standalone_mode=False)
        except SystemExit as stop:
            assert stop.code in (0, 1, None), (args, stop.code)
    """)


@pytest.fixture(scope="module")
def chains(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("determinism")
    texts = {"small": SMALL, "loops": loops_chain(), "hostile": hostile_chain(),
             "cancer": (ROOT / "chains" / "cancer.yaml").read_text(), "national": synthetic_chain(400, seed=7)}
    paths = {}
    for name, text in texts.items():
        paths[name] = folder / f"{name}.yaml"
        paths[name].write_text(text, encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def outputs(chains, tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """seed -> output file name -> bytes, each seed in its own interpreter, run side by side."""
    runs = {}
    for seed in SEEDS:
        out = tmp_path_factory.mktemp(f"seed-{seed}")
        commands = []
        for name, chain in chains.items():
            wanted = {**OUTPUTS, **(EXTRA if name == "small" else {})}
            for suffix, command in wanted.items():
                commands.append([command[0], str(chain), *command[1:], "-o", str(out / f"{name}.{suffix}")])
            commands += [["convert", str(chain), str(out / f"{name}.{suffix}")] for suffix in CONVERTS]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        child = subprocess.Popen([sys.executable, "-c", CHILD, json.dumps(commands)], env=env, cwd=ROOT,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        runs[seed] = (out, child, len(commands))
    results = {}
    for seed, (out, child, expected) in runs.items():
        _, stderr = child.communicate(timeout=600)
        assert child.returncode == 0, stderr[-3000:]
        files = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
        assert len(files) == expected, sorted(files)
        results[seed] = files
    return results


def test_every_output_is_byte_identical_under_every_hash_seed(outputs):
    first = outputs[SEEDS[0]]
    for seed in SEEDS[1:]:
        assert sorted(outputs[seed]) == sorted(first)
        different = [name for name in first if outputs[seed][name] != first[name]]
        assert not different, f"PYTHONHASHSEED={seed} changed: {different}"


def test_the_outputs_compared_are_real(outputs):
    files = outputs[SEEDS[0]]
    report = json.loads(files["loops.json"])
    assert report["files"][0]["findings"], "the loops chain has findings to order"
    assert files["national.svg"].startswith(b"<?xml") and b"</svg>" in files["national.svg"]
    assert files["small.png"].startswith(b"\x89PNG") and files["small.pdf"].startswith(b"%PDF")
    assert files["hostile.dot"].count(b" -> ") >= 10
    assert files["national.xlsx"].startswith(b"PK") and b"<gexf" in files["national.gexf"]
