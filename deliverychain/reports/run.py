"""One run of `chain audit` over one or more files: what every output format renders.

The pipeline (`deliverychain.pipeline.audit_files`) makes it.

Each file either loads (and is audited) or does not (and its load problems, DC0xx, are
its findings). The exit code follows from the whole run: 2 when any file did not load,
1 when any unsuppressed finding is at or above the fail level, 0 otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from deliverychain.findings import Finding, FindingsView, Severity, capped
from deliverychain.rules.wording import count, join_names

if TYPE_CHECKING:
    from deliverychain.analysis.engine import AuditReport
    from deliverychain.model import Chain
    from deliverychain.rules.base import Rule


class FailOn(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    NEVER = "never"

    def fails(self, severity: Severity) -> bool:
        return self is not FailOn.NEVER and severity.rank >= Severity(self.value).rank


#: Severities from most to least serious: the order of every grouping and count.
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass
class FileResult(FindingsView):
    file: str
    #: Load problems (DC0xx); when there are any the file was not audited.
    problems: list[Finding] = field(default_factory=list)
    audit: AuditReport | None = None

    @property
    def chain(self) -> Chain | None:
        return self.audit.chain if self.audit else None

    @property
    def findings(self) -> list[Finding]:
        """Every finding of the file, suppressed ones included, in file order."""
        return self.audit.findings if self.audit else self.problems


@dataclass
class RuleOutcomes:
    """What happened to each rule run, over every file that loaded."""

    passed: list[Rule]
    failed: list[Rule]
    #: Every finding of these rules is accepted by an ignore entry.
    accepted: list[Rule]

    @property
    def checked(self) -> int:
        return len(self.passed) + len(self.failed) + len(self.accepted)


@dataclass
class RunReport(FindingsView):
    files: list[FileResult]
    #: The rules selected to run on every file that loads.
    rules: list[Rule]
    fail_on: FailOn = FailOn.ERROR
    #: Reports list only findings at or above this severity. Display only: counts, the
    #: result and the exit code always take every finding into account.
    min_severity: Severity = Severity.INFO

    def listed(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings a report lists: those at or above `min_severity`, at most the `problems`
        limit of each rule in each file and a finding saying how many more (`capped`)."""
        return capped(f for f in findings if f.severity.rank >= self.min_severity.rank)

    def unlisted(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings below `min_severity`: counted, not listed."""
        return [f for f in findings if f.severity.rank < self.min_severity.rank]

    @property
    def findings(self) -> list[Finding]:
        return [f for result in self.files for f in result.findings]

    @property
    def unloaded(self) -> list[FileResult]:
        return [r for r in self.files if r.audit is None]

    @property
    def failing(self) -> list[Finding]:
        """Unsuppressed findings at or above the fail level."""
        return [f for f in self.active if self.fail_on.fails(f.severity)]

    @property
    def exit_code(self) -> int:
        from deliverychain import exits

        if self.unloaded:
            return exits.BAD_INPUT
        return exits.FINDINGS if self.failing else exits.CLEAN

    def outcomes(self, only: FileResult | None = None) -> RuleOutcomes:
        return rule_outcomes(self.rules, [only] if only else self.files)

    def reported_rules(self) -> list[Rule]:
        """Rules run plus the rules of any finding (load problems), sorted by id."""
        from deliverychain.rules.registry import rule_by_id

        by_id = {r.id: r for r in self.rules}
        for finding in self.findings:
            if finding.rule_id not in by_id:
                rule = rule_by_id(finding.rule_id)
                if rule is not None:
                    by_id[rule.id] = rule
        return [by_id[key] for key in sorted(by_id)]


def rule_outcomes(rules: Sequence[Rule], files: Iterable[FileResult]) -> RuleOutcomes:
    audited = [r for r in files if r.audit is not None]
    if not audited:
        return RuleOutcomes([], [], [])
    fired = {f.rule_id for r in audited for f in r.findings}
    failing = {f.rule_id for r in audited for f in r.active}
    return RuleOutcomes(
        passed=[r for r in rules if r.id not in fired],
        failed=[r for r in rules if r.id in failing],
        accepted=[r for r in rules if r.id in fired and r.id not in failing],
    )


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


#: Counts read the same in reports as in findings: '1 actor', '10,761 actors'.
plural = count


def severity_count(n: int, severity: Severity) -> str:
    """'1 error', '2 warnings', '1 info finding': 'info' is not a countable noun."""
    return plural(n, "info finding" if severity is Severity.INFO else severity.value)


def counts_phrase(findings: Iterable[Finding], zeros: bool = False) -> str:
    """'2 errors, 1 warning and 3 info findings'; with `zeros`, every severity even at 0."""
    counts = count_by_severity(findings)
    parts = [severity_count(n, s) for s, n in counts.items() if n or zeros]
    return join_names(parts, limit=len(parts)) or "no findings"


def verb(findings: Sequence[object], singular: str, plural_form: str) -> str:
    """The verb that agrees with a count: '1 error needs', '2 errors need'."""
    return singular if len(findings) == 1 else plural_form
