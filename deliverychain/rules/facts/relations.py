"""Questions about relationships that several rules ask: who supports whom, whose links the
owner answers for, where a rating is written, which links one actor sends."""

from __future__ import annotations

from operator import and_

from deliverychain.reading.positions import KeyPath
from deliverychain.rules.facts import linkfacts
from deliverychain.rules.facts.context import AuditContext
from deliverychain.vocab import Role, Strength, Tier

#: Tiers whose bodies answer to Parliament or ministers, outside any one chain, and have no locality.
NATIONAL_TIERS = frozenset({Tier.GOVERNMENT, Tier.NATIONAL})


def in_scope(ctx: AuditContext, v: int) -> bool:
    """Actors whose relationships the chain's owner answers for: below it, organisations not levers.

    The owner's own masters, government departments and national bodies are context: a
    Secretary of State mandating a department is not the relationship the literature
    warns about.
    """
    actor = ctx.actors[v]
    return (v not in ctx.owners and Role.LEVER not in actor.roles and actor.tier not in NATIONAL_TIERS
            and ctx.tier_rank[v] > owners_rank(ctx))


def owners_rank(ctx: AuditContext) -> int:
    """The rank of the owner's tier (of the highest of joint owners): lower ranks are above it."""
    return min(ctx.tier_rank[o] for o in ctx.owners)


def practice_set(ctx: AuditContext) -> set[int]:
    """The practice actors as a set, for membership tests in messages and loops."""
    return ctx.shared("practice_set", lambda: set(ctx.practice))


def rating_path(ctx: AuditContext, j: int, field: str) -> KeyPath:
    """The link's own rating field, or its assessments when the rating comes from them."""
    link = ctx.links[j]
    own = link.strength != Strength.UNKNOWN if field == "strength" else link.character is not None
    return ctx.link_path(j, field if own or not link.assessments else "assessments")


def supports(ctx: AuditContext) -> list[bool]:
    """Per link: a present support or peer-learning link."""

    def judge() -> list[bool]:
        facts = ctx.facts
        return list(map(and_, map(linkfacts.SUPPORT_KINDS.__contains__, facts.kind), facts.present))

    return ctx.shared("supports", judge)


def support_in(ctx: AuditContext, v: int) -> list[int]:
    """The support and peer-learning links that reach actor v."""
    supporting = supports(ctx)
    return [j for j in ctx.in_links[v] if supporting[j]]


def by_source(ctx: AuditContext, chosen: list[int]) -> list[list[int]]:
    """The chosen links grouped by the actor that sends them, in file order."""
    groups: dict[int, list[int]] = {}
    for j in chosen:
        groups.setdefault(ctx.sources[j], []).append(j)
    return sorted(groups.values(), key=lambda g: g[0])
