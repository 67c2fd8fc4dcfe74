"""DC102 beneficiaries-unreached: the people the policy is for must be reached by something the owner steers.

Beneficiaries who would be reached through practice that is itself unreached are left to
the practice finding (DC101, DC105): one cause, one finding.
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


def _beneficiaries(ctx: AuditContext) -> list[int]:
    """Beneficiaries that are not also practice (those are DC101's)."""

    def outside_practice() -> list[int]:
        practice = set(ctx.practice)
        return [b for b in ctx.beneficiaries if b not in practice]

    return ctx.shared("beneficiaries outside practice", outside_practice)


def check(ctx: AuditContext) -> Iterator[Place]:
    beneficiaries = _beneficiaries(ctx)
    if not beneficiaries:
        return
    reached, _ = routes.steered(ctx)
    behind = routes.behind_absent_down(ctx)
    unreached_practice = [p for p in ctx.practice if not reached[p]]
    # Beneficiaries the unreached practice would reach: DC101/DC105 already report that cause.
    downstream, _ = routes.reach(ctx, unreached_practice, "steers")
    cut_off = [b for b in beneficiaries if not (reached[b] or behind[b] or downstream[b])]
    # A reached beneficiary is never the anchor of an unreached one: find_gaps's search for
    # the nearest reached actor does not spread from beneficiaries.
    for gap in find_gaps(ctx, reached, cut_off, "steers"):
        yield stranded.pattern(ctx, gap), gap


def _unreached(ctx: AuditContext) -> stranded.Unreached:
    return stranded.Unreached(len(_beneficiaries(ctx)), "beneficiary", f"anything {ctx.owner_names()} steers")


def describe(ctx: AuditContext, gap: Gap) -> Description:
    return stranded.steering_gap(ctx, gap, _unreached(ctx))


def summary(ctx: AuditContext, pattern: Any, gaps: list[Gap], examples: list[Description]) -> Description:
    return stranded.steering_gaps(ctx, gaps, _unreached(ctx))


RULE = Rule(
    id="DC102",
    name="beneficiaries-unreached",
    severity=Severity.ERROR,
    summary=(
        "The people the policy is for (beneficiaries: patients, carers, the public) must be "
        "reached by something the owner steers, usually through practice. Beneficiaries "
        "behind unreached practice are reported with that practice (DC101, DC105)."
    ),
    why=(
        "The guiding question of a delivery chain ends with the front line and the people it "
        "serves: how, and through whom, does the strategy actually happen (Barber)? A chain "
        "that stops short of the worried patient has no 'meaningful link to the end "
        "recipient' (Ontario)."
    ),
    example=(
        "actors:\n"
        "  - {id: gp, name: GP, tier: frontline, kind: gp}\n"
        "  - {id: patients, name: People with symptoms, tier: public, kind: patients}\n"
        "links:\n"
        "  - {from: patients, to: gp, kind: voice}   # upward only: nothing reaches them\n"
    ),
    fix=(
        "Add the link through which practice (or a campaign, or a service) reaches them, "
        "for example '{from: gp, to: patients, kind: support, carries: [guidance]}'."
    ),
    references=(references.BARBER, references.ONTARIO_END_RECIPIENT),
    nao_question=6,
    family="missing-links",
    check=check,
    describe=describe,
    folding=Folding(subject=lambda gaps: stranded.subject(gaps, upward=False), summary=summary),
)
