"""DC203 rank-based-target: a target defined by position against others, which some must always miss."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import EXAMPLES, Description, Folding, Place, Rule
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.relations import by_source
from deliverychain.rules.wording import count, join_names, kind_subject, quoted
from deliverychain.vocab import TargetBasis


def check(ctx: AuditContext) -> Iterator[Place]:
    """One place per actor that sets such targets: its links that carry them."""
    with_targets = compress(range(len(ctx.links)), ctx.link_fields["targets"])
    chosen = [j for j in with_targets if any(t.basis == TargetBasis.RANK for t in ctx.links[j].targets)]
    for group in by_source(ctx, chosen):
        yield ctx.actors[ctx.sources[group[0]]].kind, group


def _finding(ctx: AuditContext, links: list[int], who: str, subject: str) -> Description:
    j = links[0]
    first = next(k for k, t in enumerate(ctx.links[j].targets) if t.basis == TargetBasis.RANK)
    names = sorted({t.name for k in links for t in ctx.links[k].targets if t.basis == TargetBasis.RANK})
    targets = join_names([quoted(name) for name in names])
    receivers = ctx.names([ctx.targets[k] for k in links])
    where = f"on {ctx.link_label(j)}" if len(links) == 1 else f"on {count(len(links), 'link')} (to {receivers})"
    return Description(
        message=f"{who} a target defined by rank, {targets}, {where}: whatever everyone does, some must always miss it",
        subject=subject,
        path=(*ctx.link_path(j), "targets", first, "basis"),
        hint="set an absolute threshold or an improvement on each organisation's own baseline",
        related=tuple((ctx.link_path(k, "targets"), f"also on {ctx.link_label(k)}") for k in links[1:4]),
        data=(("links", [ctx.links[k].key for k in links[:EXAMPLES]]),),
    )


def describe(ctx: AuditContext, links: list[int]) -> Description:
    u = ctx.sources[links[0]]
    return _finding(ctx, links, f"{ctx.name(u)} sets", ctx.ids[u])


def summary(ctx: AuditContext, kind: str, groups: list[list[int]], examples: list[Description]) -> Description:
    setters = [ctx.sources[group[0]] for group in groups]
    who = f"{len(groups):,} actors of kind '{kind}' ({ctx.names(setters)}) set"
    return _finding(ctx, [j for group in groups for j in group], who, kind_subject(kind))


RULE = Rule(
    id="DC203",
    name="rank-based-target",
    severity=Severity.WARNING,
    summary=(
        "A target defined by position against others ('basis: rank': bottom quartile, league "
        "tables). Links from one actor are reported together."
    ),
    why=(
        "The NHS oversight framework puts organisations in segments 1-4, and relegation can "
        "follow bottom-quartile performance. Whatever everyone does, a quarter are always in "
        "the bottom quartile: a target defined by rank cannot be met by all, so it cannot be "
        "a lever for everyone."
    ),
    example=(
        "targets:\n"
        "  - name: Not in the bottom quartile for elective waits\n"
        "    basis: rank\n"
    ),
    fix="Use an absolute threshold ('basis: absolute') or an improvement on the organisation's own baseline "
        "('basis: improvement').",
    references=(references.OVERSIGHT,),
    nao_question=7,
    family="feedback",
    check=check,
    describe=describe,
    folding=Folding(subject=kind_subject, summary=summary),
)
