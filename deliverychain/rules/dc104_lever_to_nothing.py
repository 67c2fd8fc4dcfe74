"""DC104 lever-to-nothing: a lever whose links down the chain reach neither practice nor beneficiaries."""

from __future__ import annotations

from collections.abc import Iterator

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts import routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.wording import kind_subject
from deliverychain.vocab import Role

_HINT = "link the lever to the organisations and people it should move, or say why it is pulled"


def check(ctx: AuditContext) -> Iterator[Place]:
    levers = [i for i, a in enumerate(ctx.actors) if Role.LEVER in a.roles]
    if not levers:
        return
    front_line = sorted(set(ctx.practice) | set(ctx.beneficiaries))
    moves_front_line, _ = routes.reach(ctx, front_line, "steers", reverse=True)
    for i in levers:
        if not moves_front_line[i]:
            yield ctx.actors[i].kind, i


def describe(ctx: AuditContext, i: int) -> Description:
    out = routes.adjacency(ctx, "steers")[i]
    if len(out) == 1:
        where = "its one link down the chain leads to neither practice nor the people the policy is for"
    elif out:
        where = f"its {len(out):,} links down the chain lead to neither practice nor the people the policy is for"
    else:
        where = "nothing links it down the chain"
    return Description(
        message=f"{ctx.name(i)} is a lever connected to nothing at the front line: {where}",
        subject=ctx.ids[i],
        path=ctx.actor_path(i),
        hint=_HINT,
        related=tuple((ctx.link_path(j), f"leads to {ctx.name(ctx.targets[j])}") for j in out[:3]),
    )


def summary(ctx: AuditContext, kind: str, levers: list[int], examples: list[Description]) -> Description:
    return Description(
        message=(f"{len(levers):,} levers of kind '{kind}' ({ctx.names(levers)}) are connected to nothing "
                 f"at the front line"),
        subject=kind_subject(kind),
        path=ctx.actor_path(levers[0]),
        hint=_HINT,
        related=ctx.actor_notes(levers[1:], "also connected to nothing at the front line"),
    )


RULE = Rule(
    id="DC104",
    name="lever-to-nothing",
    severity=Severity.WARNING,
    summary=(
        "An actor with role 'lever' (a speech, legislation, a meeting with chief executives) "
        "whose links down the chain reach no practice actor and none of the people the policy "
        "is for (a public campaign that reaches patients is connected)."
    ),
    why=(
        "Ministers pull levers (speeches, meetings with chief executives, legislation) that "
        "may be connected to nothing at the front line (Barber, Instruction to Deliver)."
    ),
    example=(
        "actors:\n"
        "  - {id: speech, name: Secretary of State's speech, tier: government, kind: speech, roles: [lever]}\n"
        "links:\n"
        "  - {from: sos, to: speech, kind: influence}\n"
        "  # the speech links to nothing below\n"
    ),
    fix=(
        "Show what the lever moves: '{from: speech, to: trust-ceos, kind: influence}' and on "
        "to practice; or drop the lever from the chain if it moves nothing."
    ),
    references=(references.BARBER,),
    nao_question=7,
    family="missing-links",
    check=check,
    describe=describe,
    folding=Folding(subject=kind_subject, summary=summary),
)
