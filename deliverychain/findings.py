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
    """A place in a chain file; line and column are 1-based.

    In a spreadsheet the place is a cell: `sheet` names its sheet ('' for a CSV file, which
    has one), `line` is the row and `column` the column's number (C is 3), and it prints as
    `plan.xlsx:Links!C14`.
    """

    file: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None
    sheet: str | None = None
    #: Where the place comes in the chain, so that findings sort in the chain's own order:
    #: 0 in a chain file, whose lines decide; in a workbook or a CSV folder, whose sheets and
    #: rows are separate, the rank of the cell's item (the chain, then sources, actors, links...).
    order: int = 0

    def __str__(self) -> str:
        if self.sheet is None:
            return f"{self.file}:{self.line}:{self.column}"
        return f"{self.file}:{self.cell}"

    @property
    def cell(self) -> str | None:
        """The cell as a spreadsheet names it ('Links!C14', or 'C14' in a CSV file); None in a chain file."""
        if self.sheet is None:
            return None
        name = column_letters(self.column) + str(self.line)
        if not self.sheet:
            return name
        sheet = self.sheet if self.sheet.replace("_", "").isalnum() else "'" + self.sheet.replace("'", "''") + "'"
        return f"{sheet}!{name}"


def column_letters(number: int) -> str:
    """A spreadsheet column's letters from its number: 1 -> A, 27 -> AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters or "A"


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

    def sort_key(self) -> tuple[int, str, int, int, str, str, str]:
        loc = self.location
        return (
            loc.order if loc else 0,
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


def capped(findings: Iterable[Finding], most: int | None = None) -> list[Finding]:
    """The findings a report lists: at most `most` of each rule in each file (the `problems`
    limit), in their order, each rule's last one followed by a finding at the same place that
    says how many more of that rule there are. Findings marked `unplaced` (counted past the
    limit, never located) are counted, never listed.

    A file with 300,000 missing fields printed 245 MB; it now prints a hundred problems and
    one line more. Counts, summaries and exit codes take every finding, not this list.
    """
    from deliverychain import limits

    most = limits.get("problems") if most is None else most
    listed: list[Finding] = []
    shown: dict[tuple[str, str], int] = {}
    unlisted: dict[tuple[str, str], list[Finding]] = {}  # the first of them, and how many
    more: dict[tuple[str, str], int] = {}
    for finding in findings:
        key = (finding.location.file if finding.location else "", finding.rule_id)
        if finding.extra.get("unplaced") or shown.get(key, 0) >= most:
            unlisted.setdefault(key, [finding])
            more[key] = more.get(key, 0) + 1
        else:
            listed.append(finding)
            shown[key] = shown.get(key, 0) + 1
    if not more:
        return listed
    last = {(f.location.file if f.location else "", f.rule_id): i for i, f in enumerate(listed)}
    out: list[Finding] = []
    for i, finding in enumerate(listed):
        out.append(finding)
        key = (finding.location.file if finding.location else "", finding.rule_id)
        if last[key] == i and key in more:
            out.append(_not_listed(finding, unlisted[key][0], more.pop(key), shown[key], most))
    out += (_not_listed(unlisted[key][0], unlisted[key][0], n, 0, most) for key, n in more.items())
    return out


def _not_listed(after: Finding, first: Finding, more: int, shown: int, most: int) -> Finding:
    """The finding that stands for `more` findings of a rule not listed, at the place of `after`."""
    from dataclasses import replace

    from deliverychain import limits

    total = more + shown
    return replace(
        after, severity=first.severity, suppressed=first.suppressed,
        message=f"{more:,} more {after.rule_id} {'finding' if more == 1 else 'findings'} in this file, "
                f"not listed: reports list {most:,} of each rule",
        subject=f"{after.rule_id}:not-listed", related=(), trace=(), extra={"not_listed": more},
        hint=f"fix these first, or list them all with {limits.LIMITS['problems'].env}={total}",
    )
