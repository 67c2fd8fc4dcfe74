"""The audit engine: run the rules it is given over a chain, fold and describe their places,
locate the findings in the file, and apply the chain's ignore entries. Which rules run is
the caller's choice (`rules.registry.chosen`; the pipeline makes it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from deliverychain.analysis.folding import described
from deliverychain.analysis.suppress import apply_ignores
from deliverychain.findings import Finding, FindingsView, Location, Related
from deliverychain.model import Chain, IgnoreEntry
from deliverychain.rules.base import Description, IgnoreReview, Rule
from deliverychain.rules.facts.context import AuditContext
from deliverychain.speedups import collector_paused


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


def audit(chain: Chain, rules: Sequence[Rule]) -> AuditReport:
    """Run `rules` over a loaded chain: the analysers, then the housekeeping rules (DC9xx)."""
    rules = list(rules)
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
