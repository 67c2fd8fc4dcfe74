"""DC101 practice-unreached: the owner's steering must reach every actor whose practice must change.

Each unreached practice actor is reported once, at the place its route stops, grouped
with the others stranded there (`stranded.py`). Practice cut off behind a link *declared*
missing or planned is DC105's, at that link.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from deliverychain.findings import Severity
from deliverychain.rules import references, stranded
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts import routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.gaps import Gap, find_gaps

#: The place of a chain that names no practice at all.
NO_PRACTICE = "no practice named"


def check(ctx: AuditContext) -> Iterator[Place]:
    practice = ctx.practice
    if not practice:
        yield None, NO_PRACTICE
        return
    reached, _ = routes.steered(ctx)
    behind = routes.behind_absent_down(ctx)
    cut_off = [p for p in practice if not reached[p] and not behind[p]]
    # The missing link attaches to an actor that steers, not to a peer of the stranded practice
    # (nor to the people it serves: find_gaps's search does not spread from beneficiaries).
    for gap in find_gaps(ctx, reached, cut_off, "steers", not_anchors=practice):
        yield stranded.pattern(ctx, gap), gap


def _unreached(ctx: AuditContext) -> stranded.Unreached:
    return stranded.Unreached(len(ctx.practice), "practice actor", _owners(ctx, "steering"))


def _owners(ctx: AuditContext, noun: str) -> str:
    """"NHS England's steering", or "the steering of DH, DfES or DCMS" for joint owners."""
    return f"{ctx.owner_names()}'s {noun}" if len(ctx.owners) == 1 else f"the {noun} of {ctx.owner_names()}"


def describe(ctx: AuditContext, found: Any) -> Description:
    if found == NO_PRACTICE:
        return Description(
            message=(f"no actor's practice is named, so nothing shows how {_owners(ctx, 'intent')} "
                     f"reaches the front line"),
            subject=ctx.ids[ctx.owner],
            path=("actors",),
            hint="give the people whose practice must change 'roles: [practice]', or put them in the frontline tier",
        )
    return stranded.steering_gap(ctx, found, _unreached(ctx))


def summary(ctx: AuditContext, pattern: Any, gaps: list[Gap], examples: list[Description]) -> Description:
    return stranded.steering_gaps(ctx, gaps, _unreached(ctx))


RULE = Rule(
    id="DC101",
    name="practice-unreached",
    severity=Severity.ERROR,
    summary=(
        "The owner's steering (mandate, funding, commissioning, performance management, "
        "regulation, support or influence that exists) must reach every actor whose practice "
        "must change. The finding says how many practice actors are cut off, where the route "
        "stops, and draws the missing link as a ghost."
    ),
    why=(
        "A plan published in London changes nothing unless a chain of real relationships "
        "reaches the person whose practice must change. Asked what linked a room overlooking "
        "the Cenotaph to an A&E unit in Lancashire, the Prime Minister's Delivery Unit found "
        "the first links self-evident and then large gaps (Barber). Ontario's guidance asks "
        "for 'a meaningful link to the end recipient'."
    ),
    example=(
        "chain: {id: ae, title: A&E waits, intent: Four-hour standard, owner: dhsc}\n"
        "actors:\n"
        "  - {id: dhsc, name: DHSC, tier: government, kind: department}\n"
        "  - {id: icb, name: Lancashire ICB, tier: system, kind: icb}\n"
        "  - {id: ed-nurse, name: ED nurse, tier: frontline, kind: nurse}\n"
        "links:\n"
        "  - {from: dhsc, to: icb, kind: mandate}\n"
        "  # nothing links the ICB to the ED nurse\n"
    ),
    fix=(
        "Add the relationships through which the practice is actually steered and supported "
        "(the ICB commissions the trust; the trust's clinical lead supports the ED team). If a "
        "link should exist but does not, declare it with 'strength: missing' (DC105 then "
        "reports it at that link) and, if that is deliberate, 'intended_gap: <why>'."
    ),
    references=(references.BARBER, references.ONTARIO_END_RECIPIENT),
    nao_question=6,
    family="missing-links",
    check=check,
    describe=describe,
    folding=Folding(subject=lambda gaps: stranded.subject(gaps, upward=False), summary=summary),
)
