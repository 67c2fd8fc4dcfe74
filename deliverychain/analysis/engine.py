"""Run the rules over a chain: their places folded and described, then located in the file."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from deliverychain.analysis.collector import collector_paused
from deliverychain.analysis.context import AuditContext
from deliverychain.analysis.folding import described
from deliverychain.analysis.suppress import apply_ignores
from deliverychain.findings import Finding, FindingsView, Location, Related
from deliverychain.model import Chain, IgnoreEntry
from deliverychain.rules import registry
from deliverychain.rules.base import Description, IgnoreReview, Rule


@dataclass
class AuditReport(FindingsView):
    chain: Chain
    #: Every finding, suppressed ones included (marked), sorted by file position.
    findings: list[Finding]
    #: The rules that ran: the selected analysers, then the selected housekeeping rules (DC9xx).
    rules: list[Rule]
    #: Ignore entries of the chain that matched no finding: (index in `ignore:`, entry).
    unused_ignores: list[tuple[int, IgnoreEntry]] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.chain.file

    @property
    def failed_rules(self) -> list[Rule]:
        failing = {f.rule_id for f in self.active}
        return [r for r in self.rules if r.id in failing]

    @property
    def passed_rules(self) -> list[Rule]:
        fired = {f.rule_id for f in self.findings}
        return [r for r in self.rules if r.id not in fired]

    @property
    def accepted_rules(self) -> list[Rule]:
        """Rules whose every finding is suppressed by an ignore entry: neither passed nor failed."""
        fired = {f.rule_id for f in self.findings}
        failing = {f.rule_id for f in self.active}
        return [r for r in self.rules if r.id in fired and r.id not in failing]


def select_rules(rules: Sequence[Rule], select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules chosen by id, id prefix (DC2) or name; `ignore` wins over `select`."""

    def matches(rule: Rule, patterns: list[str]) -> bool:
        return any(rule.id.startswith(p.upper()) or rule.name == p for p in patterns)

    chosen = [registry.canonical(p) for p in select]
    dropped = [registry.canonical(p) for p in ignore]
    return [
        r for r in rules
        if (not chosen or matches(r, chosen)) and not matches(r, dropped)
    ]


def rules_to_run(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """The analysers and housekeeping rules (DC9xx) chosen by `select`/`ignore`, in registry order."""
    return select_rules((*registry.analyser_rules(), *registry.housekeeping_rules()), list(select), list(ignore))


def audit(chain: Chain, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> AuditReport:
    """Run the analysers over a loaded chain. `select`/`ignore` take rule ids, prefixes or names."""
    rules = rules_to_run(select, ignore)
    analysers = [r for r in rules if r.check is not None]
    findings: list[Finding] = []
    with collector_paused():
        context = AuditContext(chain)
        for rule in analysers:
            assert rule.check is not None
            findings.extend(_located(chain, rule, d) for d in described(context, rule, rule.check(context)))
        del context
    unused = apply_ignores(chain, findings, analysers)
    review = IgnoreReview(chain, list(findings), unused)
    for rule in rules:
        if rule.review is not None:
            findings.extend(_located(chain, rule, d) for d in rule.review(review))
    findings.sort(key=Finding.sort_key)
    return AuditReport(chain, findings, rules, unused)


def _located(chain: Chain, rule: Rule, description: Description) -> Finding:
    positions = chain.positions
    location = positions.value(description.path) if positions else Location(chain.file, 1, 1)
    related = tuple(
        Related(positions.value(path) if positions else Location(chain.file, 1, 1), message)
        for path, message in description.related
    )
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        severity=description.severity or rule.severity,
        message=description.message,
        subject=description.subject,
        location=location,
        hint=description.hint,
        related=related,
        trace=description.trace,
        extra=dict(description.data),
    )
