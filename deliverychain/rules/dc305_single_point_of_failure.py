"""DC305 single-point-of-failure: a small cadre, one person or post, or a stretched actor, on every
route to some practice."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

from deliverychain.findings import Severity
from deliverychain.reading.positions import KeyPath
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts import routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.wording import actors_alike, kind_subject, share
from deliverychain.vocab import Capacity, Role

#: Capacities that make an actor a risk to depend on alone.
_STRAINED = frozenset({Capacity.STRETCHED, Capacity.INSUFFICIENT})
#: The headcount of one person or one post.
_ONE = frozenset({1})

#: An actor practice depends on: (actor, why losing it is a risk, where that is written, practice behind it).
SinglePoint = tuple[int, str, KeyPath, int]


def _cadre(ctx: AuditContext, i: int) -> tuple[str, KeyPath] | None:
    """Why losing this actor is a real risk: a small cadre, or already stretched."""
    actor = ctx.actors[i]
    if Role.BOUNDARY_SPANNER in actor.roles:
        return "a boundary spanner", ctx.actor_path(i, "roles")
    if Role.EXTERNAL in actor.roles:
        return "brought in from outside", ctx.actor_path(i, "roles")
    if actor.headcount == 1:
        return "one person or one post", ctx.actor_path(i, "headcount")
    if actor.capacity in (Capacity.STRETCHED, Capacity.INSUFFICIENT):
        return f"capacity {actor.capacity}", ctx.actor_path(i, "capacity")
    return None


def check(ctx: AuditContext) -> Iterator[Place]:
    practice = ctx.practice
    if not practice:
        return
    actors = ctx.actors
    everyone = range(len(actors))
    # Only actors with roles or a strained capacity can be a cadre: look for them first.
    maybe_cadre = sorted({*ctx.with_roles,
                          *compress(everyone, map(_STRAINED.__contains__, ctx.actor_fields["capacity"])),
                          *compress(everyone, map(_ONE.__contains__, ctx.actor_fields["headcount"]))})
    if not maybe_cadre:
        return
    tree = routes.down_tree(ctx)
    totals = tree.totals(routes.weights(ctx, practice))
    is_practice = set(practice)
    owners = set(ctx.owners)
    for i in maybe_cadre:
        if i in owners or i in is_practice or not tree.reached(i) or not totals[i]:
            continue
        cadre = _cadre(ctx, i)
        if cadre is None:
            continue
        reason, path = cadre
        yield (actors[i].kind, reason), (i, reason, path, totals[i])


def describe(ctx: AuditContext, found: SinglePoint) -> Description:
    i, reason, path, k = found
    return Description(
        message=(f"Every route from {ctx.owner_names()} to {share(k, len(ctx.practice))} passes through "
                 f"{ctx.name(i)} ({reason}): if it is lost, that practice is cut off"),
        subject=ctx.ids[i],
        path=path,
        hint="add a second route to that practice, or plan succession and cover for this actor",
        data=(("dependent_practice", k),),
    )


RULE = Rule(
    id="DC305",
    name="single-point-of-failure",
    severity=Severity.WARNING,
    summary=(
        "An actor through which every route from the owner to some practice passes, when "
        "that actor is a small cadre (role boundary-spanner or external), one person or one "
        "post ('headcount: 1'), or already stretched (capacity stretched or insufficient). "
        "Structural bottlenecks, such as the one national body or the one ICB of a local "
        "chain, are the shape of every chain and are not reported; a weak or broken link that "
        "is a single route is DC301's."
    ),
    why=(
        "The Scottish Joint Improvement Team model rests on trusted boundary spanners and a "
        "local presence; reliance on a small cadre without succession leaves the model "
        "exposed: a single point of failure. The NAO asks whether risks to the chain are well "
        "managed (question 8)."
    ),
    example=(
        "actors:\n"
        "  - {id: facilitator, name: Improvement facilitator, tier: team, kind: person,\n"
        "     roles: [boundary-spanner]}\n"
        "links:\n"
        "  - {from: board, to: facilitator, kind: support}\n"
        "  - {from: facilitator, to: practice-team, kind: support}   # the only route\n"
    ),
    fix="Add a second route to the practice, or plan cover and succession for the actor.",
    references=(references.JIT, references.NAO),
    nao_question=8,
    family="relationships",
    check=check,
    describe=describe,
    folding=Folding(
        subject=lambda pattern: kind_subject(pattern[0]),
        alike=lambda pattern, n: (f"{actors_alike(pattern[0], n)} ({pattern[1]}) are each the only route to "
                                  f"some practice"),
    ),
)
