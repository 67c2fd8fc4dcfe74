"""What a reader makes of a text: plain data, the problems it found, and positions if it kept them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from deliverychain.findings import Finding
from deliverychain.reading.positions import PositionTable


@dataclass
class Parsed:
    data: Any = None
    problems: list[Finding] = field(default_factory=list)
    #: Every value's and key's place, when the reader kept them (the exact reader does).
    positions: PositionTable | None = None
