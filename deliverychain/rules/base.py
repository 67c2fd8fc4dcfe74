"""The rule contract: an id, a name, a default severity and fixed documentation sections.

Format rules (DC0xx) are reported by the loader; analyser rules (DC1xx and up) also carry
a `check` function. Ids are never reused: a retired rule stays in the registry as removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from deliverychain.findings import Severity

if TYPE_CHECKING:
    from deliverychain.analysis.context import AuditContext
    from deliverychain.analysis.emit import Emission


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    summary: str
    why: str
    example: str
    fix: str
    references: tuple[str, ...] = ()
    nao_question: int | None = None
    family: str = ""
    check: Callable[[AuditContext], Iterable[Emission]] | None = field(default=None, compare=False)
    status: str = "stable"
