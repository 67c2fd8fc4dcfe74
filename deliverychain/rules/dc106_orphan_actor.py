"""DC106 orphan-actor: an actor with no links at all (practice and beneficiaries are DC101-DC103's)."""

from __future__ import annotations

from collections.abc import Iterator

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.wording import kind_subject

_HINT = "link it to the actors it works with, or remove it if it plays no part in this chain"


def check(ctx: AuditContext) -> Iterator[Place]:
    reported_elsewhere = set(ctx.practice) | set(ctx.beneficiaries)
    for i in range(len(ctx.ids)):
        if not (ctx.in_links[i] or ctx.out_links[i] or i in reported_elsewhere):
            yield ctx.actors[i].kind, i


def describe(ctx: AuditContext, i: int) -> Description:
    return Description(
        message=f"{ctx.name(i)} has no links: nothing steers it, it steers nothing and it reports to no one",
        subject=ctx.ids[i],
        path=ctx.actor_path(i),
        hint=_HINT,
    )


def summary(ctx: AuditContext, kind: str, orphans: list[int], examples: list[Description]) -> Description:
    return Description(
        message=f"{len(orphans):,} actors of kind '{kind}' ({ctx.names(orphans)}) have no links at all",
        subject=kind_subject(kind),
        path=ctx.actor_path(orphans[0]),
        hint=_HINT,
        related=ctx.actor_notes(orphans[1:], "has no links either"),
    )


RULE = Rule(
    id="DC106",
    name="orphan-actor",
    severity=Severity.WARNING,
    summary=(
        "An actor with no links at all. (Practice actors and beneficiaries with no links are "
        "reported, as errors, by DC101, DC102 and DC103.)"
    ),
    why=(
        "A delivery chain is 'more than a stakeholder list' (Ontario): an actor matters to the "
        "chain through its relationships. An unlinked actor is usually a link not yet drawn."
    ),
    example=(
        "actors:\n"
        "  - {id: cqc, name: Care Quality Commission, tier: national, kind: regulator}\n"
        "# no link names cqc\n"
    ),
    fix="Draw its links (whom it steers, supports or hears from), or remove it.",
    references=(references.ONTARIO_END_RECIPIENT,),
    nao_question=10,
    family="missing-links",
    check=check,
    describe=describe,
    folding=Folding(subject=kind_subject, summary=summary),
)
