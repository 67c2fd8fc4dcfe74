"""`-` reads the chain from standard input in validate, audit and render, end to end.

Locations then say `<stdin>`; everything else is what the same file gives by its name.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHAIN = "chains/cancer.yaml"
CHAIN_SCRIPT = Path(sys.executable).parent / "chain"


def chain(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The installed `chain` command, with `stdin` (a file) as its standard input."""
    with open(ROOT / stdin if stdin else os.devnull, encoding="utf-8") as source:
        return subprocess.run([str(CHAIN_SCRIPT), *args], stdin=source, capture_output=True, text=True, cwd=ROOT,
                              timeout=120)


@pytest.mark.parametrize("output_format", ["text", "json", "sarif"])
def test_audit_reads_standard_input(output_format: str):
    by_name = chain("audit", CHAIN, "--format", output_format)
    piped = chain("audit", "-", "--format", output_format, stdin=CHAIN)
    assert (piped.returncode, by_name.returncode) == (1, 1)
    assert "<stdin>:764:14: error[DC201" in piped.stdout or output_format != "text"
    expected = by_name.stdout.replace(CHAIN, "<stdin>")
    if output_format == "sarif":  # a URI: the name is percent-encoded
        expected = by_name.stdout.replace(CHAIN, "%3Cstdin%3E")
    assert piped.stdout == expected


def test_validate_reads_standard_input_and_places_problems_there(tmp_path: Path):
    assert chain("validate", "-", stdin=CHAIN).stdout.startswith("<stdin>: valid (23 actors, 52 links")
    broken = tmp_path / "broken.yaml"
    broken.write_text((ROOT / CHAIN).read_text(encoding="utf-8").replace("strength: weak", "strength: wek", 1))
    by_name = chain("validate", str(broken))
    piped = chain("validate", "-", stdin=str(broken))
    assert piped.returncode == by_name.returncode == 2
    assert piped.stderr == by_name.stderr.replace(str(broken), "<stdin>")
    assert "<stdin>:" in piped.stderr and " | " in piped.stderr  # placed, with its code frame


def test_render_reads_standard_input(tmp_path: Path):
    out = tmp_path / "piped.dot"
    piped = chain("render", "-", "-o", str(out), stdin=CHAIN)
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == f"<stdin>: drawn to {out}\n"
    assert out.read_bytes() == chain("render", CHAIN, "--format", "dot").stdout.encode("utf-8")


def test_an_empty_standard_input_is_an_empty_file():
    done = chain("validate", "-")
    assert done.returncode == 2
    assert "<stdin>:1:1: error[DC005] the file is empty" in done.stderr
