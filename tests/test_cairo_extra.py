"""cairosvg is an optional extra (`deliverychain[cairo]`), needed only for the detail style's PNG
and PDF: without it those are exit 2 with a hint naming the extra and the board style, and the
board style's PNG and PDF (the defaults) are made all the same."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from tests.conftest import ROOT
from tests.test_render import FIXTURE

CHAIN_COMMAND = str(Path(sys.executable).with_name("chain"))


def stand_in(folder: Path, module: str, raising: str, says: str) -> dict[str, str]:
    """An environment in which `import module` runs `raising` (a stand-in package first on the
    path), checked to fail as it says: how a module that is missing, or cannot load, behaves."""
    fake = folder / "fake" / module
    fake.mkdir(parents=True, exist_ok=True)
    (fake / "__init__.py").write_text(raising + "\n")
    env = {**os.environ, "PYTHONPATH": str(fake.parent)}
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, env=env)
    assert says in probe.stderr  # the stand-in works
    return env


def without_cairosvg(tmp_path: Path) -> dict[str, str]:
    """An environment in which `import cairosvg` fails as it does where the extra is not installed."""
    return stand_in(tmp_path, "cairosvg", "raise ModuleNotFoundError(\"No module named 'cairosvg'\", name='cairosvg')",
                    "No module named 'cairosvg'")


def render(out: Path, env: dict[str, str], *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHAIN_COMMAND, "render", str(FIXTURE), "-o", str(out), *options], capture_output=True,
                          text=True, env=env, timeout=120, check=False)


def test_cairosvg_is_an_extra_not_a_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(d.startswith("cairosvg") for d in project["dependencies"])
    assert any(d.startswith("cairosvg") for d in project["optional-dependencies"]["cairo"])


def test_detail_png_and_pdf_without_the_extra_say_how_to_get_it(tmp_path: Path) -> None:
    env = without_cairosvg(tmp_path)
    for suffix in ("png", "pdf"):
        out = tmp_path / f"detail.{suffix}"
        done = render(out, env, "--style", "detail")
        assert done.returncode == 2, done.stderr
        assert "optional extra that is not installed" in done.stderr
        assert "pip install 'deliverychain[cairo]'" in done.stderr and "--style board" in done.stderr
        assert "Traceback" not in done.stderr
        assert not out.exists()


def test_board_png_and_pdf_need_no_cairosvg(tmp_path: Path) -> None:
    env = without_cairosvg(tmp_path)
    for suffix, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF")):
        out = tmp_path / f"board.{suffix}"
        done = render(out, env)
        assert done.returncode == 0, done.stderr
        assert out.read_bytes().startswith(magic)
    # The detail style's SVG never needed it either.
    done = render(tmp_path / "detail.svg", env, "--style", "detail")
    assert done.returncode == 0, done.stderr
