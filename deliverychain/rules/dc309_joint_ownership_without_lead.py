"""DC309 joint-ownership-without-lead: several owners, and nobody leads.

A chain may name several owners (`chain.owner: [dh, dfes, dcms]`). They can say who leads
(`chain.lead`), or through which actor they act together (`chain.joint_arrangement`, a
joint programme board); the arrangement works when every owner has a link with it that is
neither weak, broken, missing nor planned.
"""

from __future__ import annotations

from collections.abc import Iterator

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Place, Rule
from deliverychain.rules.facts import linkfacts
from deliverychain.rules.facts.context import AuditContext

#: The owners with no lead: (the arrangement's index or -1, the owners whose link with it does not work).
Leaderless = tuple[int, list[int]]


def _working(ctx: AuditContext, owner: int, arrangement: int) -> bool:
    """The owner has a link with the arrangement, either way, that exists and is not weak or broken."""
    facts = ctx.facts
    links = [j for j in ctx.out_links[owner] if ctx.targets[j] == arrangement]
    links += [j for j in ctx.in_links[owner] if ctx.sources[j] == arrangement]
    return any(facts.present[j] and facts.strength[j] not in linkfacts.WEAK_STRENGTHS for j in links)


def check(ctx: AuditContext) -> Iterator[Place]:
    info = ctx.chain.chain
    if len(ctx.owners) < 2 or info.lead:
        return
    if not info.joint_arrangement:
        yield None, (-1, list(ctx.owners))
        return
    arrangement = ctx.index[info.joint_arrangement]
    failing = [o for o in ctx.owners if o != arrangement and not _working(ctx, o, arrangement)]
    if failing:
        yield None, (arrangement, failing)


def describe(ctx: AuditContext, found: Leaderless) -> Description:
    arrangement, failing = found
    owners = ctx.names(ctx.owners, limit=len(ctx.owners))
    if arrangement == -1:
        return Description(
            message=(f"{owners} own the intent jointly, and the chain names no lead and no joint arrangement: "
                     f"who is accountable for it?"),
            subject=ctx.ids[ctx.owner],
            path=("chain", "owner"),
            hint=("name the owner that leads ('lead: <id>'), or the actor through which the owners act "
                  "together ('joint_arrangement: <id>', a joint programme board) and their links to it"),
        )
    name = ctx.name(arrangement)
    links = [j for o in failing for j in ctx.out_links[o] if ctx.targets[j] == arrangement]
    if len(failing) == len(ctx.owners):
        who = "none of them has a link"
    else:
        who = f"{ctx.names(failing, limit=len(failing))} {'has' if len(failing) == 1 else 'have'} no link"
    return Description(
        message=(f"{owners} own the intent jointly with no lead, and their joint arrangement, {name}, does not "
                 f"work: {who} with it that exists and is neither weak nor broken"),
        subject=ctx.ids[arrangement],
        path=("chain", "joint_arrangement"),
        hint=(f"name the owner that leads ('lead: <id>'), or make {name} work: how often it meets, what it "
              f"decides, who answers for it"),
        related=tuple((ctx.link_path(j, "strength"), ctx.link_label(j)) for j in links[:3]),
    )


RULE = Rule(
    id="DC309",
    name="joint-ownership-without-lead",
    severity=Severity.WARNING,
    summary=(
        "A chain owned jointly by several actors ('owner: [a, b, c]') that names no 'lead' among "
        "them, and either no 'joint_arrangement' (the actor through which they act together) or "
        "one that does not work: some owner has no link with it that exists and is neither weak "
        "nor broken."
    ),
    why=(
        "An intent owned by several bodies and led by none has no one accountable for it. The "
        "2004 child obesity target belonged jointly to three departments; their programme board "
        "first met more than a year after the target was set, and the Committee of Public "
        "Accounts asked for 'a senior, high profile champion, to lead and galvanise activity'. "
        "The NAO asks for strong leadership accountable through clear governance (question 10)."
    ),
    example=(
        "chain:\n"
        "  owner: [dh, dfes, dcms]\n"
        "  joint_arrangement: programme-board\n"
        "links:\n"
        "  - {from: dh, to: programme-board, kind: mandate, strength: weak}\n"
    ),
    fix=(
        "Name the owner that leads ('lead: dh'), or declare the joint arrangement and make "
        "every owner's link with it work."
    ),
    references=(references.PAC_CHILD_OBESITY, references.NAO),
    nao_question=10,
    family="relationships",
    since="0.2.0",
    check=check,
    describe=describe,
)
