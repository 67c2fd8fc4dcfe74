"""Shared test helpers."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


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
