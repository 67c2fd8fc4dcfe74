"""File lines for code frames, read once per file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=32)
def lines_of(file: str) -> list[str]:
    try:
        raw = Path(file).read_bytes()
    except OSError:
        return []
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()
