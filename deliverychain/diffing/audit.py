"""What a redraft did to the audit: findings new, resolved and still there.

Findings are matched by their fingerprint, which is made of the rule and the subject
(`Finding.fingerprint`), never the line: moving a link down the file changes nothing. An
actor renamed in the redraft is followed (the old subject is read with the new id), so a
rename does not show as one finding resolved and another new. Only active findings count:
a finding the new draft accepts in its `ignore:` list is resolved (by acceptance, which is
said), and one whose ignore entry was removed is new.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from deliverychain.findings import Finding, Severity

#: What findings are matched by: the rule and the subject, as in `Finding.fingerprint`.
FindingKey = tuple[str, str]

#: Most serious first: the order of every count and list.
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO)


class Trend(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    MIXED = "mixed"


@dataclass(frozen=True)
class NewFinding:
    finding: Finding
    #: The old draft's reason for accepting it, when the redraft removed that ignore entry.
    was_accepted: str | None = None


@dataclass(frozen=True)
class ResolvedFinding:
    #: As the old draft had it.
    finding: Finding
    #: The new draft's reason for accepting it, when it was accepted rather than fixed.
    accepted: str | None = None


@dataclass(frozen=True)
class PersistingFinding:
    old: Finding
    new: Finding

    @property
    def escalated(self) -> bool:
        return self.new.severity.rank > self.old.severity.rank


@dataclass(frozen=True)
class SeverityCount:
    severity: Severity
    before: int
    after: int

    @property
    def trend(self) -> Trend:
        if self.after < self.before:
            return Trend.BETTER
        return Trend.WORSE if self.after > self.before else Trend.SAME


@dataclass(frozen=True)
class AuditDiff:
    new: tuple[NewFinding, ...]
    resolved: tuple[ResolvedFinding, ...]
    persisting: tuple[PersistingFinding, ...]
    #: Active findings of each draft by severity, most serious first.
    counts: tuple[SeverityCount, ...]

    @property
    def unchanged(self) -> bool:
        return not self.new and not self.resolved and not any(
            p.old.severity != p.new.severity for p in self.persisting)

    @property
    def trend(self) -> Trend:
        """Better when no severity has more findings and one has fewer; mixed when both happen."""
        trends = {c.trend for c in self.counts} - {Trend.SAME}
        if not trends:
            return Trend.SAME
        return trends.pop() if len(trends) == 1 else Trend.MIXED

    def added_at_or_above(self, level: Severity) -> list[Finding]:
        """What the redraft adds at `level` or above: new findings there, and findings that
        were below it and rose to it (what `--fail-on-new` fails on)."""
        floor = level.rank
        found = [n.finding for n in self.new if n.finding.severity.rank >= floor]
        found += [p.new for p in self.persisting if p.new.severity.rank >= floor > p.old.severity.rank]
        return found


def diff_findings(old: Iterable[Finding], new: Iterable[Finding],
                  old_subject: Callable[[str], str] = lambda subject: subject) -> AuditDiff:
    """Compare the findings (suppressed included) of two drafts.

    `old_subject` maps an old finding's subject into the new draft's ids (actor renames).
    """
    old_all, new_all = list(old), list(new)
    old_active = [f for f in old_all if f.suppressed is None]
    new_active = [f for f in new_all if f.suppressed is None]

    def old_key(f: Finding) -> FindingKey:
        return f.rule_id, old_subject(f.subject)

    def new_key(f: Finding) -> FindingKey:
        return f.rule_id, f.subject

    before = _by_key(old_active, old_key)
    persisting: list[PersistingFinding] = []
    new_findings: list[Finding] = []
    for finding in new_active:
        waiting = before.get(new_key(finding))
        if waiting:
            persisting.append(PersistingFinding(waiting.pop(0), finding))
        else:
            new_findings.append(finding)
    matched = {id(p.old) for p in persisting}
    old_accepted = _reasons(old_all, old_key)
    new_accepted = _reasons(new_all, new_key)
    return AuditDiff(
        new=tuple(NewFinding(f, old_accepted.get(new_key(f))) for f in _ordered(new_findings)),
        resolved=tuple(ResolvedFinding(f, new_accepted.get(old_key(f)))
                       for f in _ordered([f for f in old_active if id(f) not in matched])),
        persisting=tuple(sorted(persisting, key=lambda p: _order(p.new))),
        counts=tuple(SeverityCount(s, _count(old_active, s), _count(new_active, s)) for s in SEVERITIES),
    )


def _by_key(findings: Sequence[Finding], key: Callable[[Finding], FindingKey]) -> dict[FindingKey, list[Finding]]:
    grouped: dict[FindingKey, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[key(finding)].append(finding)
    return grouped


def _reasons(findings: Sequence[Finding], key: Callable[[Finding], FindingKey]) -> dict[FindingKey, str]:
    return {key(f): f.suppressed for f in findings if f.suppressed is not None}


def _order(finding: Finding) -> tuple[int, tuple[str, int, int, str, str, str]]:
    return -finding.severity.rank, finding.sort_key()


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Most serious first, then in file order."""
    return sorted(findings, key=_order)


def _count(findings: Sequence[Finding], severity: Severity) -> int:
    return sum(1 for f in findings if f.severity == severity)
