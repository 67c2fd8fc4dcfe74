"""What the board report says, as plain data: one section per chain, each with its rating,
summary, numbered findings, notes, accepted findings, intended gaps and evidence.

Every output (HTML, PDF, Word) renders this one model, so the three say the same thing.
All text is in the reader's words (analysis/plain.py) and every string from the chain file
has passed through `safe.visible`, so hidden characters cannot change what a page says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from deliverychain.analysis.plain import Plain, Words, explain, folded_count
from deliverychain.findings import Finding, Severity, numbered
from deliverychain.reports.board.rating import MAJOR_SHARE, Confidence, Rating, Ratings, Weighed, assess, weigh
from deliverychain.reports.safe import visible
from deliverychain.rules.facts import linkfacts
from deliverychain.vocab import Strength

if TYPE_CHECKING:
    from deliverychain.analysis.engine import AuditReport
    from deliverychain.model import Chain
    from deliverychain.reports.board.diagram import Diagram

#: How a finding's severity reads on a board paper.
SEVERITY_WORDS = {Severity.ERROR: "Major", Severity.WARNING: "Significant", Severity.INFO: "Note"}
#: The rule whose findings make up the evidence section's list of unevidenced ratings.
UNEVIDENCED_RULE = "DC306"


@dataclass(frozen=True)
class Item:
    """One finding as the report shows it."""

    finding: Finding
    plain: Plain
    #: Its number (the diagram's callout); None for notes and accepted findings.
    number: int | None = None
    #: A warning that the rating counts as a major issue (at least half of the front line depends on it).
    escalated: bool = False

    @property
    def severity(self) -> str:
        """'Major', 'Significant' or 'Note', as the rating weighs it: a warning on which at
        least half of the front line depends is major, so its badge, the count and the
        rating agree."""
        return SEVERITY_WORDS[Severity.ERROR] if self.escalated else SEVERITY_WORDS[self.finding.severity]

    @property
    def severity_class(self) -> str:
        return Severity.ERROR.value if self.escalated else self.finding.severity.value

    @property
    def rule(self) -> str:
        """'DC201 numbers-only-feedback': the small print for the analyst."""
        return f"{self.finding.rule_id} {self.finding.rule_name}"

    @property
    def reason(self) -> str:
        """Why it is accepted (an accepted finding), else ''."""
        return visible(self.finding.suppressed or "").strip()


#: What the report says beside a warning that the rating counts as major.
ESCALATED = (f"The rating counts this as a major issue: at least {MAJOR_SHARE:.0%} of the front-line groups depend "
             "on it.")


@dataclass(frozen=True)
class Gap:
    """A link that is missing on purpose, and why."""

    link: str
    state: str
    reason: str


@dataclass(frozen=True)
class SourceRow:
    title: str
    publisher: str
    date: str
    url: str
    #: How many ratings (links, their assessments and actors) cite it.
    cited: int


@dataclass(frozen=True)
class Evidence:
    sources: list[SourceRow]
    #: Links rated strong, adequate, weak or broken (by the link or its assessors).
    rated: int
    #: Of those, how many cite no source.
    unevidenced: int
    #: Links not yet assessed.
    unassessed: int
    #: The unevidenced ratings, as the audit groups them.
    items: list[Item]


@dataclass
class Section:
    """Everything the report says about one chain."""

    number: int
    #: Prefix of this section's HTML ids: several chains can share one page.
    key: str
    file: str
    title: str
    intent: str
    owner: str
    version: str
    published: str
    actors: int
    links: int
    confidence: Confidence
    summary: str
    findings: list[Item]
    notes: list[Item]
    accepted: list[Item]
    gaps: list[Gap]
    evidence: Evidence
    diagram: Diagram
    rules_checked: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def rating(self) -> Rating:
        return self.confidence.rating

    @property
    def drivers(self) -> list[Item]:
        by_number = {item.number: item for item in self.findings}
        return [by_number[n] for n in self.confidence.drivers if n in by_number]

    @property
    def top(self) -> Item | None:
        return self.findings[0] if self.findings else None


@dataclass
class BoardReport:
    title: str
    sections: list[Section]
    generator: str

    @property
    def several(self) -> bool:
        return len(self.sections) > 1


def long_date(day: dt.date | None) -> str:
    """'7 January 2019' (GOV.UK style), or '' for no date."""
    return f"{day.day} {day:%B %Y}" if day else ""


def rate(audit: AuditReport) -> Rating:
    """The delivery-confidence rating of an audited chain's design (what `chain diff` compares)."""
    chain = audit.chain
    return _assessed(chain, audit, Words(chain))[2].rating


def _assessed(chain: Chain, audit: AuditReport, words: Words) -> tuple[list[Weighed], Evidence, Confidence]:
    """The numbered findings as the rating rule weighs them, the evidence, and the rating."""
    from deliverychain.rules.registry import all_rules

    families = {rule.id: rule.family for rule in all_rules()}
    evidence = _evidence(chain, words, [f for f in audit.findings if f.rule_id == UNEVIDENCED_RULE])
    weighed = weigh(numbered(audit.findings), families, words.practice_total)
    ratings = Ratings(len(chain.links), evidence.rated, evidence.unevidenced)
    return weighed, evidence, assess(weighed, ratings)


def build_section(number: int, chain: Chain, audit: AuditReport, diagram: Diagram,
                  words: Words | None = None) -> Section:
    from deliverychain.reports.board.summary import summary

    words = words or Words(chain)
    weighed, evidence, confidence = _assessed(chain, audit, words)
    findings = [Item(w.finding, _plain(w.finding, words), w.number, w.major and w.finding.severity != Severity.ERROR)
                for w in weighed]
    active_notes = [f for f in audit.active if f.severity == Severity.INFO]
    notes = [Item(f, _plain(f, words)) for f in active_notes
             if f.rule_id != UNEVIDENCED_RULE and not _about_intended_gap(f, words)]
    info = chain.chain
    return Section(
        number=number,
        key=f"c{number}",
        file=visible(chain.file),
        title=visible(info.title),
        intent=visible(info.intent),
        owner=visible(words.owner_name),
        version=visible(info.version or ""),
        published=long_date(info.published),
        actors=len(chain.actors),
        links=len(chain.links),
        confidence=confidence,
        summary=summary(chain, words, findings, confidence),
        findings=findings,
        notes=notes,
        accepted=[Item(f, _plain(f, words)) for f in audit.suppressed],
        gaps=_gaps(chain, words),
        evidence=evidence,
        diagram=diagram,
        rules_checked=len(audit.rules),
        counts={word: sum(1 for item in (*findings, *notes) if item.severity == word)
                for word in SEVERITY_WORDS.values()},
    )


def _plain(finding: Finding, words: Words) -> Plain:
    """The plain words, with hidden characters from the chain file made visible."""
    plain = explain(finding, words)
    return Plain(*(visible(part).strip() for part in (plain.headline, plain.about, plain.detail, plain.why,
                                                      plain.action)))


def _about_intended_gap(finding: Finding, words: Words) -> bool:
    """An absent link marked as an intended gap: the gaps list already shows it with its reason."""
    link = words.link(finding.subject)
    return finding.rule_id == "DC105" and link is not None and bool(link.intended_gap)


def _gaps(chain: Chain, words: Words) -> list[Gap]:
    gaps = []
    for link in chain.links:
        if link.intended_gap:
            state = "planned, not yet in place" if linkfacts.strength(link) == Strength.PLANNED else "missing"
            gaps.append(Gap(visible(words.link_phrase(link)), state, visible(link.intended_gap).strip()))
    return gaps


def _evidence(chain: Chain, words: Words, unevidenced: Sequence[Finding]) -> Evidence:
    cited: dict[str, int] = {}
    rated = unassessed = 0
    for link in chain.links:
        # The effective strength (the assessors' when the link has none) only where it can differ.
        strength = linkfacts.strength(link) if link.assessments else link.strength
        rated += strength in linkfacts.RATED_STRENGTHS
        unassessed += strength == Strength.UNKNOWN
        if link.evidence or link.assessments:
            for source in {*link.evidence, *(e for a in link.assessments for e in a.evidence)}:
                cited[source] = cited.get(source, 0) + 1
    for actor in chain.actors:
        for source in set(actor.evidence):
            cited[source] = cited.get(source, 0) + 1
    rows = [SourceRow(visible(s.title), visible(s.publisher or ""), long_date(s.date), visible(s.url or ""),
                      cited.get(s.id, 0)) for s in chain.sources]
    items = [Item(f, _plain(f, words)) for f in unevidenced]
    count = sum(folded_count(f) or 1 for f in unevidenced)
    return Evidence(rows, rated, count, unassessed, items)
