"""DC304 support-without-local-presence: every supporter of an actor was parachuted in."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress, repeat
from operator import is_

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.relations import NATIONAL_TIERS, support_in, supports
from deliverychain.rules.wording import actors_alike, join_names, kind_subject
from deliverychain.vocab import Role

#: An actor supported only from afar: (actor, its support links, its supporters, why each is absent).
Parachuted = tuple[int, list[int], list[int], list[str]]


def _absence_reason(ctx: AuditContext, i: int) -> str | None:
    actor = ctx.actors[i]
    if Role.EXTERNAL in actor.roles:
        return "brought in from outside"
    if actor.local_presence is False:
        return "no local presence"
    return None


def check(ctx: AuditContext) -> Iterator[Place]:
    actors, sources = ctx.actors, ctx.sources
    everyone = range(len(actors))
    # Only actors supported by someone without a local presence can be supported only by such.
    maybe_absent = {*ctx.with_roles, *compress(everyone, map(is_, ctx.actor_fields["local_presence"], repeat(False)))}
    absent = {i for i in maybe_absent if _absence_reason(ctx, i) is not None}
    if not absent:
        return
    supported = {ctx.targets[j] for j in compress(range(len(sources)), supports(ctx)) if sources[j] in absent}
    owners = set(ctx.owners)
    for v in sorted(supported):
        actor = actors[v]
        if actor.tier in NATIONAL_TIERS:  # a national body has no locality to be present in
            continue
        # The owner answers for the intent and is not helped into it; a receiver with a local
        # presence of its own already knows the place. (No `local_presence` is unknown, not no.)
        if v in owners or actor.local_presence is True:
            continue
        support = support_in(ctx, v)  # never empty: v is here for a support link from an absent actor
        supporters = sorted({sources[j] for j in support})
        reasons = [_absence_reason(ctx, s) for s in supporters]
        if any(r is None for r in reasons):
            continue
        yield (actor.kind,), (v, support, supporters, reasons)


def describe(ctx: AuditContext, found: Parachuted) -> Description:
    v, support, supporters, reasons = found
    described = [f"{ctx.name(s)} ({r})" for s, r in zip(supporters, reasons, strict=True)]
    return Description(
        message=f"All support to {ctx.name(v)} comes from actors without a local presence: {join_names(described)}",
        subject=ctx.ids[v],
        path=ctx.link_path(support[0]),
        hint=(f"add support from people who work in {ctx.name(v)}'s locality and know its story "
              f"(a boundary spanner, a local improvement team, a peer)"),
        related=tuple((ctx.actor_path(s), f"{ctx.name(s)}: {r}") for s, r in zip(supporters, reasons,
                                                                             strict=True))[:3],
    )


RULE = Rule(
    id="DC304",
    name="support-without-local-presence",
    severity=Severity.WARNING,
    summary=(
        "Every actor that supports another (support or peer learning) is marked "
        "'local_presence: false' or has role 'external'. Receivers at government and national "
        "tier are not checked (they have no locality), nor the owner, nor a receiver with "
        "'local_presence: true' of its own. An actor that does not say is unknown, never absent."
    ),
    why=(
        "In the 2015 success regime, expensive management consultants were 'parachuted in' "
        "without local presence. The Scottish Joint Improvement Team model rests on a local "
        "presence that understands local narratives and on trusted boundary spanners."
    ),
    example=(
        "actors:\n"
        "  - {id: consultants, name: Management consultants, tier: national, kind: consultancy,\n"
        "     roles: [external]}\n"
        "links:\n"
        "  - {from: consultants, to: trust, kind: support}\n"
    ),
    fix="Add (or build) support with a local presence: a local improvement team, a boundary spanner, a peer.",
    references=(references.SUCCESS_REGIME, references.JIT),
    nao_question=3,
    family="relationships",
    check=check,
    describe=describe,
    folding=Folding(
        subject=lambda pattern: kind_subject(pattern[0]),
        alike=lambda pattern, n: f"{actors_alike(pattern[0], n)} get support only from actors without a local presence",
    ),
)
