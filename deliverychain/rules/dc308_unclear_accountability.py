"""DC308 unclear-accountability: an actor with many masters, or steering practice with none."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from itertools import compress
from operator import and_

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts import routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.relations import in_scope
from deliverychain.rules.wording import actors_alike, join_names, kind_subject
from deliverychain.vocab import STEERING_KINDS, LinkKind, Tier

#: Overseen by this many different actors is unclear.
MANY_MASTERS = 3
#: Kinds through which one actor oversees another: every steering kind but support (help is
#: not a master). Influence counts: a second department's strategy aimed at schools is a
#: claim on them, as the child obesity target showed.
OVERSIGHT_KINDS: frozenset[str] = STEERING_KINDS - {LinkKind.SUPPORT}

#: ("many", actor, its masters) or ("none", actor, []).
Unaccountable = tuple[str, int, list[int]]


def check(ctx: AuditContext) -> Iterator[Place]:
    reached, _ = routes.steered(ctx)
    practice = ctx.practice
    reached_practice = [p for p in practice if reached[p]]
    if len(reached_practice) == len(practice):  # the usual case: the same search as steers_practice
        steers_reached_practice = routes.steers_practice(ctx)
    else:
        steers_reached_practice, _ = routes.reach(ctx, reached_practice, "steers", reverse=True)
    steered_by = routes.adjacency(ctx, "steers", reverse=True)
    exempt = set(practice) | set(ctx.beneficiaries)
    facts, sources = ctx.facts, ctx.sources
    accounts = list(map(and_, map(OVERSIGHT_KINDS.__contains__, facts.kind), facts.present))
    # Candidates: actors held to account by enough links to have many masters, and actors
    # that steer reached practice with nothing steering them; everyone else yields nothing.
    held = Counter(compress(ctx.targets, accounts))
    candidates = {v for v, links in held.items() if links >= MANY_MASTERS}
    # The joint owners' arrangement answers to all of them by design: DC309 judges it.
    # (Loading has checked that it names an actor of the chain, as it does for the owner.)
    arrangement = ctx.chain.chain.joint_arrangement
    if arrangement:
        candidates.discard(ctx.index[arrangement])
    candidates.update(v for v in compress(range(len(ctx.actors)), steers_reached_practice) if not steered_by[v])
    for v in sorted(candidates):
        actor = ctx.actors[v]
        masters = sorted({sources[j] for j in ctx.in_links[v] if accounts[j]})
        if len(masters) >= MANY_MASTERS:
            yield (actor.kind, "many"), ("many", v, masters)
        elif (v not in exempt and actor.tier != Tier.PUBLIC and in_scope(ctx, v) and steers_reached_practice[v]
              and not steered_by[v]):
            yield (actor.kind, "none"), ("none", v, [])


def describe(ctx: AuditContext, found: Unaccountable) -> Description:
    how, v, masters = found
    actor = ctx.actors[v]
    if how == "many":
        kind, present = ctx.facts.kind, ctx.facts.present
        kinds = join_names(sorted({kind[j] for j in ctx.in_links[v] if kind[j] in OVERSIGHT_KINDS and present[j]}),
                           limit=6)
        return Description(
            message=(f"{actor.name} answers to {len(masters):,} different actors ({ctx.names(masters)}), "
                     f"through {kinds}: who does it answer to for this intent?"),
            subject=actor.id,
            path=ctx.actor_path(v),
            hint="name one lead that holds it to account, or a joint arrangement the others work through",
            data=(("steered_by", [ctx.ids[m] for m in masters]),),
        )
    return Description(
        message=(f"Nothing in the chain steers {actor.name}, yet it steers practice the chain depends on: "
                 f"who holds it to account for this intent?"),
        subject=actor.id,
        path=ctx.actor_path(v),
        hint=f"add the link through which {actor.name} is held to account or funded for this work",
    )


def _alike(pattern: tuple[str, str], n: int) -> str:
    if pattern[1] == "many":
        return f"{actors_alike(pattern[0], n)} answer to {MANY_MASTERS} or more actors each"
    return f"nothing in the chain steers {actors_alike(pattern[0], n)}, which steer practice"


RULE = Rule(
    id="DC308",
    name="unclear-accountability",
    severity=Severity.WARNING,
    summary=(
        f"An actor overseen by {MANY_MASTERS} or more different actors, through any steering "
        "link but support (mandate, funding, commissioning, performance management, regulation, "
        "influence; the joint arrangement of joint owners is DC309's); or "
        "an actor below the owner's tier that steers practice reached by the chain while "
        "nothing in the chain steers it (government departments, national bodies, practice, "
        "beneficiaries and levers excepted: their accountability lies outside the chain)."
    ),
    why=(
        "The NAO's first generic risk of delivery chains: intentions filtered through many "
        "organisations get 'diluted, misunderstood or not given consistent priority'. The "
        "2006 child obesity target ran through 26 bodies jointly owned by three departments "
        "and roles stayed confused; cancer networks negotiated with 'a dozen or more' PCTs. "
        "The NAO asks for strong leadership accountable through clear governance at all "
        "levels (question 10)."
    ),
    example=(
        "links:\n"
        "  - {from: pct-a, to: network, kind: funding}\n"
        "  - {from: pct-b, to: network, kind: funding}\n"
        "  - {from: pct-c, to: network, kind: funding}\n"
    ),
    fix=(
        "Name one lead body that holds the actor to account (with the others working through "
        "it), or add the missing accountability link."
    ),
    references=(references.CHILD_OBESITY, references.CANCER_NETWORKS, references.NAO),
    nao_question=10,
    family="relationships",
    check=check,
    describe=describe,
    folding=Folding(subject=lambda pattern: kind_subject(pattern[0]), alike=_alike),
)
