"""Findings: what the loader and the analysers report, in one shape for every output."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a chain file; line and column are 1-based."""

    file: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Related:
    location: Location
    message: str


@dataclass(slots=True)
class Finding:
    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    subject: str
    location: Location | None
    hint: str = ""
    related: tuple[Related, ...] = ()
    #: Ordered actor ids for findings about a loop or route.
    trace: tuple[str, ...] = ()
    #: The reason of the ignore entry that suppressed this finding, if any.
    suppressed: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """Stable across edits: built from rule and subject, never from line numbers."""
        digest = hashlib.sha256(f"{self.rule_id}\x00{self.subject}".encode()).hexdigest()
        return digest[:16]

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        loc = self.location
        return (
            loc.file if loc else "",
            loc.line if loc else 0,
            loc.column if loc else 0,
            self.rule_id,
            self.subject,
            self.message,
        )


class FindingsView:
    """Active and suppressed findings of anything that has `findings` (a file, an audit, a run)."""

    findings: list[Finding]

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is None]

    @property
    def suppressed(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is not None]


def numbered(findings: Iterable[Finding], min_severity: Severity = Severity.WARNING) -> list[tuple[int, Finding]]:
    """Active findings as a board reads them: most severe first, then in file order, numbered from 1.

    The one numbering shared by the diagram's callouts, the report's list and the live
    preview, so that "3" means the same finding wherever it is printed. Findings below
    `min_severity` (by default the informational ones) are left out.
    """
    chosen = [f for f in findings if f.suppressed is None and f.severity.rank >= min_severity.rank]
    chosen.sort(key=lambda f: (-f.severity.rank, f.sort_key()))
    return list(enumerate(chosen, start=1))
