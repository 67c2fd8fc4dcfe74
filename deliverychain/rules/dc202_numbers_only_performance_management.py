"""DC202 numbers-only-performance-management: performance management that carries only numbers
to practice, or to an actor that steers it, with nothing else there to help it change."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import EXAMPLES, Description, Folding, Place, Rule
from deliverychain.rules.facts import linkfacts, routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.relations import by_source, owners_rank
from deliverychain.rules.wording import carried, count, kind_subject
from deliverychain.vocab import Carry, LinkKind

#: What, arriving by any link, helps an actor change practice.
_HELP = frozenset({Carry.GUIDANCE, Carry.LEARNING, Carry.NARRATIVE, Carry.PRACTICE_CHANGE})
_HINT = ("add what helps practice change (guidance, learning, practice change) to the relationship, or a support "
         "link alongside it")


def _helped(ctx: AuditContext, v: int) -> bool:
    """Something else reaching v helps it change: a support or peer link, or guidance or learning."""
    present, kind = ctx.facts.present, ctx.facts.kind
    return any(
        present[j] and (kind[j] in linkfacts.SUPPORT_KINDS or _HELP.intersection(ctx.links[j].carries))
        for j in ctx.in_links[v]
    )


def check(ctx: AuditContext) -> Iterator[Place]:
    """One place per performance manager: its numbers-only links."""
    steers_practice = routes.steers_practice(ctx)
    facts, targets, tier_rank = ctx.facts, ctx.targets, ctx.tier_rank
    # The owner and the tiers above it are held to account outside the chain: how a minister
    # manages a department is not the relationship this intent depends on.
    owners, top = set(ctx.owners), owners_rank(ctx)
    managing = compress(range(len(targets)), map(LinkKind.PERFORMANCE_MANAGEMENT.__eq__, facts.kind))
    chosen = [
        j for j in managing
        if facts.present[j] and facts.numbers_only[j] and steers_practice[targets[j]]
        and targets[j] not in owners and tier_rank[targets[j]] >= top and not _helped(ctx, targets[j])
    ]
    for group in by_source(ctx, chosen):
        yield ctx.actors[ctx.sources[group[0]]].kind, group


def _finding(ctx: AuditContext, links: list[int], head: str, subject: str) -> Description:
    j = links[0]
    them = "it" if len(links) == 1 else "them"
    return Description(
        message=f"{head}, and nothing else reaching {them} helps practice change: numbers about existing practice",
        subject=subject,
        path=ctx.link_path(j, "carries"),
        hint=_HINT,
        related=tuple(
            (ctx.link_path(k, "carries"), f"{ctx.link_label(k)} also carries only numbers") for k in links[1:4]
        ),
        data=(("links", [ctx.links[k].key for k in links[:EXAMPLES]]),),
    )


def _carried(ctx: AuditContext, links: list[int]) -> str:
    return carried(ctx.links[k].carries for k in links)


def describe(ctx: AuditContext, links: list[int]) -> Description:
    """One actor's numbers-only performance management."""
    u, w = ctx.sources[links[0]], ctx.targets[links[0]]
    if len(links) == 1:
        head = f"{ctx.name(u)} -> {ctx.name(w)}: performance management carries only {_carried(ctx, links)}"
    else:
        receivers = ctx.names([ctx.targets[k] for k in links])
        head = (f"{ctx.name(u)} performance-manages {count(len(links), 'actor')} ({receivers}) with only "
                f"{_carried(ctx, links)}")
    return _finding(ctx, links, head, ctx.ids[u])


def summary(ctx: AuditContext, kind: str, groups: list[list[int]], examples: list[Description]) -> Description:
    """Many actors of one kind, each performance-managing with numbers only."""
    links = [j for group in groups for j in group]
    managers = [ctx.sources[group[0]] for group in groups]
    receivers = ctx.names([ctx.targets[k] for k in links])
    head = (f"{len(groups):,} actors of kind '{kind}' ({ctx.names(managers)}) performance-manage "
            f"{count(len(links), 'actor')} ({receivers}) with only {_carried(ctx, links)}")
    return _finding(ctx, links, head, kind_subject(kind))


RULE = Rule(
    id="DC202",
    name="numbers-only-performance-management",
    severity=Severity.WARNING,
    summary=(
        "A performance-management link that carries only numbers (targets, metrics, money, ratings, "
        "perhaps assurance) to practice, or to an actor that steers practice, when nothing "
        "else reaching that actor helps it change (no support or peer-learning link, nothing "
        "carrying guidance, learning, narrative or practice change). Links from one actor are "
        "reported together. Links to the owner, and to tiers above the owner, are not checked: "
        "those are held to account outside the chain."
    ),
    why=(
        "Performance management of commissioners and trusts has been mainly about being told "
        "what to do about numbers. Numbers about existing practice suit a chain that keeps "
        "practice as it is; a chain meant to change practice has to carry guidance, learning "
        "and help as well."
    ),
    example=(
        "links:\n"
        "  - from: nhse\n"
        "    to: icb\n"
        "    kind: performance-management\n"
        "    carries: [targets, metrics]\n"
    ),
    fix=(
        "Say what else the relationship carries, if it does ('carries: [targets, guidance, "
        "learning]'), or add the support link that helps the receiver change practice."
    ),
    references=(references.NUMBERS_LITERATURE,),
    nao_question=9,
    family="feedback",
    check=check,
    describe=describe,
    folding=Folding(subject=kind_subject, summary=summary),
)
