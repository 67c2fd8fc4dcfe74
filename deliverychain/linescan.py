"""Positions for a file that parsed cleanly.

For now this defers to the exact composer; a fast line scanner for large block-style
files plugs in here (it must agree with the exact path, which the tests check).
"""

from __future__ import annotations

from deliverychain.positions import PositionTable
from deliverychain.yamlsource import parse_exact


def scan_positions(text: str, file: str) -> PositionTable:
    parsed = parse_exact(text, file)
    return parsed.positions or PositionTable()
