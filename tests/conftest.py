"""Shared test helpers."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent

# Property runs in CI, and under mutation testing (mutmut sets MUTANT_UNDER_TEST), are
# derandomized: the same examples on every run, so a failure repeats and a mutant is killed,
# or survives, every time. Each property also lists its known hard cases with @example.
settings.register_profile("repeatable", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI") or "MUTANT_UNDER_TEST" in os.environ:
    settings.load_profile("repeatable")


@pytest.fixture
def write_chain(tmp_path: Path):
    """Write a dedented chain text to a temp file and return its path."""

    def write(text: str, name: str = "chain.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every property run (a hypothesis test) is marked `slow`: `python3 dev.py test -m "not slow"`
    leaves them out for a quick look. CI runs them all, at the counts of the "ci" profile."""
    for item in items:
        if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
            item.add_marker(pytest.mark.slow)
