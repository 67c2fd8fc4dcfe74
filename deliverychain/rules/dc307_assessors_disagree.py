"""DC307 assessors-disagree: assessments of one link far apart in strength or character."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts import linkfacts
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.wording import links_alike, links_subject
from deliverychain.vocab import Character

#: A disagreement: (link, what the assessors differ on).
Disagreement = tuple[int, list[str]]


def check(ctx: AuditContext) -> Iterator[Place]:
    for j in compress(range(len(ctx.links)), ctx.link_fields["assessments"]):
        link = ctx.links[j]
        if len(link.assessments) < 2:
            continue
        rated = [a for a in link.assessments if a.strength in linkfacts.STRENGTH_STEP]
        differences: list[str] = []
        if rated:
            best = min(rated, key=lambda a: linkfacts.STRENGTH_STEP[a.strength])
            worst = max(rated, key=lambda a: linkfacts.STRENGTH_STEP[a.strength])
            if linkfacts.STRENGTH_STEP[worst.strength] - linkfacts.STRENGTH_STEP[best.strength] >= 2:
                differences.append(f"{best.rater} rates it {best.strength}, {worst.rater} {worst.strength}")
        kind = next((a for a in link.assessments if a.character in linkfacts.KIND_CHARACTERS), None)
        harsh = next((a for a in link.assessments if a.character == Character.PUNITIVE), None)
        if kind is not None and harsh is not None:
            differences.append(f"{kind.rater} finds it {kind.character}, {harsh.rater} {harsh.character}")
        if differences:
            yield ctx.link_kinds[j], (j, differences)


def describe(ctx: AuditContext, found: Disagreement) -> Description:
    j, differences = found
    link = ctx.links[j]
    return Description(
        message=f"Assessors disagree about {ctx.link_label(j)}: {'; '.join(differences)}",
        subject=link.key,
        path=ctx.link_path(j, "assessments"),
        hint="bring the assessors together: the disagreement is itself a finding about the relationship",
        related=tuple(((*ctx.link_path(j, "assessments"), k), f"{a.rater}'s assessment")
                      for k, a in enumerate(link.assessments))[:4],
    )


RULE = Rule(
    id="DC307",
    name="assessors-disagree",
    severity=Severity.WARNING,
    summary=(
        "Assessments of one link that differ by two or more steps of strength (strong, "
        "adequate, weak, broken, missing) or where one finds it supportive or collaborative "
        "and another punitive."
    ),
    why=(
        "Those who run a relationship and those on the receiving end often see it differently: "
        "fewer than 5% of CCG and trust leaders enjoyed the relationship with their "
        "performance manager. When the ratings are far apart the relationship needs "
        "attention before any one rating is believed."
    ),
    example=(
        "assessments:\n"
        "  - {rater: NHS England region, strength: strong, character: supportive}\n"
        "  - {rater: ICB chief executive, strength: weak, character: punitive}\n"
    ),
    fix="Talk it through with both assessors; record the agreed rating, or keep both and act on the gap.",
    references=(references.LEADERS,),
    nao_question=2,
    family="relationships",
    check=check,
    describe=describe,
    folding=Folding(subject=links_subject, alike=lambda kinds, n: f"assessors disagree about {links_alike(kinds, n)}"),
)
