"""Run the analysers over a chain and turn their emissions into located findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from deliverychain.analysis.context import AuditContext
from deliverychain.analysis.emit import Emission
from deliverychain.analysis.suppress import apply_ignores
from deliverychain.findings import Finding, Location, Related
from deliverychain.model import Chain, IgnoreEntry
from deliverychain.rules.base import Rule


@dataclass
class AuditReport:
    chain: Chain
    #: Every finding, suppressed ones included (marked), sorted by file position.
    findings: list[Finding]
    #: The rules that ran.
    rules: list[Rule]
    #: Ignore entries of the chain that matched no finding: (index in `ignore:`, entry).
    unused_ignores: list[tuple[int, IgnoreEntry]] = field(default_factory=list)

    @property
    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is None]

    @property
    def suppressed(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is not None]

    @property
    def failed_rules(self) -> list[Rule]:
        failing = {f.rule_id for f in self.active}
        return [r for r in self.rules if r.id in failing]

    @property
    def passed_rules(self) -> list[Rule]:
        fired = {f.rule_id for f in self.findings}
        return [r for r in self.rules if r.id not in fired]


def select_rules(rules: Sequence[Rule], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules chosen by id, id prefix (DC2) or name; `ignore` wins over `select`."""

    def matches(rule: Rule, patterns: list[str]) -> bool:
        return any(rule.id.startswith(p.upper()) or rule.name == p for p in patterns)

    chosen, dropped = list(select), list(ignore)
    return [
        r for r in rules
        if (not chosen or matches(r, chosen)) and not matches(r, dropped)
    ]


def audit(chain: Chain, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> AuditReport:
    """Run the analysers over a loaded chain. `select`/`ignore` take rule ids, prefixes or names."""
    from deliverychain.rules.registry import analyser_rules

    rules = select_rules(analyser_rules(), select, ignore)
    context = AuditContext(chain)
    findings: list[Finding] = []
    for rule in rules:
        assert rule.check is not None
        findings.extend(_located(chain, rule, emission) for emission in rule.check(context))
    findings.sort(key=Finding.sort_key)
    unused = apply_ignores(chain, findings, rules)
    return AuditReport(chain, findings, rules, unused)


def _located(chain: Chain, rule: Rule, emission: Emission) -> Finding:
    positions = chain.positions
    location = positions.value(emission.path) if positions else Location(chain.file, 1, 1)
    related = tuple(
        Related(positions.value(path) if positions else Location(chain.file, 1, 1), message)
        for path, message in emission.related
    )
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=emission.severity or rule.severity,
        message=emission.message,
        subject=emission.subject,
        location=location,
        hint=emission.hint,
        related=related,
        trace=emission.trace,
        extra=dict(emission.data),
    )
