#!/usr/bin/env python3
"""Set up and run deliverychain with nothing but Python 3.11+.

    python3 dev.py demo     audit and render the cancer example (sets itself up first)
    python3 dev.py test     run the whole test suite, lint and docs checks (sets itself up first)
    python3 dev.py lock     update every locked dependency to its newest allowed release, then test
                            (--keep: change only what pyproject.toml's own edits need)
    python3 dev.py shell    print the command that activates the environment

The environment is a .venv beside this file. It holds exactly what uv.lock names, with the
hashes uv.lock records, so a clone made any day installs what CI tested; it is synced again
whenever uv.lock or pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".dev-stamp"
LOCK = ROOT / "uv.lock"
#: The test tools, the docs builder, and cairosvg for the detail style's PNG and PDF (tested too).
EXTRAS = ("--extra", "test", "--extra", "docs", "--extra", "cairo")


def run(*args: str | Path, check: bool = True, env: dict[str, str] | None = None) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)
    return subprocess.run([str(a) for a in args], cwd=ROOT, check=check, env=env).returncode


def locked_uv_requirement() -> str:
    """A pip requirement line for the uv that uv.lock names, with every file's hash."""
    import tomllib

    lock = tomllib.loads(LOCK.read_text(encoding="utf-8"))
    (uv,) = (package for package in lock["package"] if package["name"] == "uv")
    files = [*uv.get("wheels", []), uv["sdist"]]
    hashes = " ".join(f"--hash={file['hash']}" for file in files)
    return f"uv=={uv['version']} {hashes}\n"


def uv_env() -> dict[str, str]:
    # The project's own .venv, whatever the caller has activated; no download of a Python.
    return {**os.environ, "UV_PROJECT_ENVIRONMENT": str(VENV), "UV_PYTHON_DOWNLOADS": "never",
            "VIRTUAL_ENV": str(VENV)}


def uv(*args: str) -> int:
    return run(BIN / "uv", *args, env=uv_env())


def sync() -> None:
    """Install exactly what uv.lock names: first the dependencies, then the project itself
    (built with the locked setuptools, so nothing unlocked is downloaded to build it)."""
    uv("sync", "--locked", "--no-install-project", *EXTRAS)
    uv("sync", "--locked", *EXTRAS)


def setup() -> None:
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    bootstrap()
    sync()
    STAMP.write_text(wanted)


def bootstrap() -> None:
    """A .venv holding the uv that uv.lock names, installed by pip with its hashes checked."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python
        sys.exit(f"deliverychain needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        print(f"Creating {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if not (BIN / ("uv.exe" if os.name == "nt" else "uv")).exists():
        with tempfile.TemporaryDirectory() as folder:
            requirements = Path(folder) / "uv.txt"
            requirements.write_text(locked_uv_requirement(), encoding="utf-8")
            run(BIN / "python", "-m", "pip", "--disable-pip-version-check", "-q", "install",
                "--require-hashes", "--only-binary", ":all:", "-r", requirements)


def demo() -> int:
    chain = BIN / "chain"
    out = ROOT / "build"
    out.mkdir(exist_ok=True)
    run(chain, "audit", "chains/cancer.yaml", "--fail-on", "never")
    for suffix in ("svg", "png", "pdf"):
        run(chain, "render", "chains/cancer.yaml", "-o", out / f"cancer.{suffix}")
    print(f"\nDiagrams written to {out}/cancer.svg, .png and .pdf")
    print(f"To use the chain command in any folder of your own, first run:\n  {activate_command()}")
    return 0


def activate_command() -> str:
    """The line that puts this clone's `chain` on the PATH of the user's shell, from any folder."""
    if os.name == "nt":
        return str(BIN / "activate")
    return f"source {BIN / 'activate'}"


def test(extra: list[str]) -> int:
    python = BIN / "python"
    failures = 0
    failures += run(python, "-m", "ruff", "check", ".", check=False) != 0
    failures += run(BIN / "lint-imports", check=False) != 0  # the layers, one way only (pyproject.toml)
    failures += run(python, "-m", "pytest", "-n", "2", *extra, check=False) != 0
    return 1 if failures else 0


def lock(options: list[str]) -> int:
    """Move every dependency to its newest release that pyproject.toml allows (or, with
    --keep, only what pyproject.toml's own edits need), install that, then run every test."""
    bootstrap()
    uv("lock", *([] if "--keep" in options else ["--upgrade"]))
    setup()
    return test([])


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    if command not in ("demo", "test", "lock", "shell"):
        print(__doc__)
        return 0 if command in ("help", "-h", "--help") else 2
    if command == "lock":
        return lock(argv[1:])
    setup()
    if command == "demo":
        return demo()
    if command == "test":
        return test(argv[1:])
    print(activate_command())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
