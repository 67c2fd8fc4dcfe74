"""The layer contracts (pyproject.toml, [tool.importlinter]) catch an import that goes the wrong way.

`python3 dev.py test` runs `lint-imports` on the package itself; here a copy of the package
is given one wrong import, inside a function, and the contracts must fail on it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(package_parent: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    return subprocess.run([str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          capture_output=True, text=True, cwd=package_parent, env=env, timeout=120)


@pytest.mark.parametrize(("module", "wrong"), [
    ("model/classes.py", "from deliverychain.drawing import render"),     # the model drawing itself
    ("reading/text.py", "from deliverychain.model import Chain"),          # the load stage reaching up
    ("rules/registry.py", "from deliverychain.analysis import engine"),    # a rule calling the engine
    ("findings.py", "from deliverychain.rules import registry"),          # a base module importing a layer
])
def test_an_import_the_wrong_way_inside_a_function_breaks_a_contract(tmp_path: Path, module: str, wrong: str):
    copy = tmp_path / "deliverychain"
    shutil.copytree(ROOT / "deliverychain", copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert _lint(tmp_path).returncode == 0, "the copy keeps the contracts before the change"
    with (copy / module).open("a", encoding="utf-8") as file:
        file.write(f"\n\ndef _the_wrong_way() -> None:\n    {wrong}  # noqa: F401\n")
    done = _lint(tmp_path)
    assert done.returncode != 0, done.stdout
    assert "BROKEN" in done.stdout
