"""File lines for code frames, read once per version of a file.

Keyed on modification time and size as well as the path, so a long-running process
(Jupyter, an editor integration) never shows a frame from an older version of the file.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from deliverychain.reading import bounded
from deliverychain.reading.text import MAX_FILE_BYTES

#: Texts that are not files (a chain read from standard input), by the name findings give them.
_TEXTS: dict[str, list[str]] = {}


def remember(name: str, text: str) -> None:
    """Keep the lines of a text that is no file, so that its findings show code frames."""
    _TEXTS[name] = text.lstrip("\ufeff").splitlines()


def lines_of(file: str) -> list[str]:
    if file in _TEXTS:
        return _TEXTS[file]
    try:
        stat = os.stat(file)
    except OSError:
        return []
    return _read_lines(file, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _read_lines(file: str, mtime_ns: int, size: int) -> list[str]:
    try:  # only a chain's bytes: a device or a pipe in a finding's place is not read again
        raw = bounded.read_path(Path(file), MAX_FILE_BYTES) if os.path.isfile(file) else b""
    except (OSError, bounded.NotRead):
        return []
    if b"\x00" in raw[:8192]:
        return []  # a workbook or other binary file: no lines to show
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()
