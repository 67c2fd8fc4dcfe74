#!/usr/bin/env python3
"""Set up and run deliverychain with nothing but Python 3.11+.

    python3 dev.py demo     audit and render the cancer example (sets itself up first)
    python3 dev.py test     run the whole test suite, lint and docs checks (sets itself up first)
    python3 dev.py shell    print the command that activates the environment

The environment is a .venv beside this file, (re)installed when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".dev-stamp"


def run(*args: str | Path, check: bool = True) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, check=check).returncode


def setup() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python
        sys.exit(f"deliverychain needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print(f"Creating {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    pip = [BIN / "python", "-m", "pip", "--disable-pip-version-check", "-q"]
    run(*pip, "install", "-e", ".[test,docs]")
    STAMP.write_text(wanted)


def demo() -> int:
    chain = BIN / "chain"
    out = ROOT / "build"
    out.mkdir(exist_ok=True)
    run(chain, "audit", "chains/cancer.yaml", "--fail-on", "never")
    for suffix in ("svg", "png", "pdf"):
        run(chain, "render", "chains/cancer.yaml", "-o", out / f"cancer.{suffix}")
    print(f"\nDiagrams written to {out}/cancer.svg, .png and .pdf")
    return 0


def test(extra: list[str]) -> int:
    python = BIN / "python"
    failures = 0
    failures += run(python, "-m", "ruff", "check", ".", check=False) != 0
    failures += run(python, "-m", "pytest", "-n", "2", *extra, check=False) != 0
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    if command not in ("demo", "test", "shell"):
        print(__doc__)
        return 0 if command in ("help", "-h", "--help") else 2
    setup()
    if command == "demo":
        return demo()
    if command == "test":
        return test(argv[1:])
    print(f"source {BIN / 'activate'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
