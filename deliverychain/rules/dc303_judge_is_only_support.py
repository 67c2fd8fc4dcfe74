"""DC303 judge-is-only-support: the only actor that supports another also judges it."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress
from operator import and_

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.relations import support_in, supports
from deliverychain.rules.wording import actors_alike, join_names, kind_subject
from deliverychain.vocab import JUDGING_KINDS

#: A judge that is the only support: (actor, its supporter, the support links, the judging links).
Judged = tuple[int, int, list[int], list[int]]


def check(ctx: AuditContext) -> Iterator[Place]:
    facts, sources, targets = ctx.facts, ctx.sources, ctx.targets
    judges = list(map(and_, map(JUDGING_KINDS.__contains__, facts.kind), facts.present))
    # Candidates, from the link columns: actors with one supporter, who also judges them.
    supporting = supports(ctx)
    only_supporter: dict[int, int] = {}  # -1: more than one
    for u, v in zip(compress(sources, supporting), compress(targets, supporting), strict=True):
        if only_supporter.setdefault(v, u) != u:
            only_supporter[v] = -1
    judged = set(zip(compress(sources, judges), compress(targets, judges), strict=True))
    for v in sorted(v for v, u in only_supporter.items() if u != -1 and (u, v) in judged):
        support = support_in(ctx, v)
        supporters = {sources[j] for j in support}
        if len(supporters) != 1:
            continue
        (s,) = supporters
        judging = [j for j in ctx.in_links[v] if sources[j] == s and judges[j]]
        if not judging:
            continue
        yield (ctx.actors[v].kind, ctx.actors[s].kind), (v, s, support, judging)


def describe(ctx: AuditContext, found: Judged) -> Description:
    v, s, support, judging = found
    kinds = join_names(sorted({ctx.links[j].kind for j in judging}))
    return Description(
        message=(f"{ctx.name(s)} both judges {ctx.name(v)} ({kinds}) and is its only source of support: "
                 f"help from the body that judges you is a conflict"),
        subject=ctx.ids[v],
        path=ctx.link_path(support[0]),
        hint=(f"add support for {ctx.name(v)} from someone who does not judge it (a peer, an "
              f"improvement team, a critical friend), or separate the two roles"),
        related=tuple((ctx.link_path(j), f"{ctx.link_label(j)}: the same body judges") for j in judging[:3]),
    )


def _alike(pattern: tuple[str, str], n: int) -> str:
    return f"{actors_alike(pattern[0], n)} are supported only by a '{pattern[1]}' actor that also judges them"


RULE = Rule(
    id="DC303",
    name="judge-is-only-support",
    severity=Severity.WARNING,
    summary=(
        "The only actor that supports another (support or peer learning) also judges it "
        "(performance management or regulation)."
    ),
    why=(
        "The 2015 'success regime' put failing localities under NHS England, Monitor and the "
        "Trust Development Authority, with support 'offered in traditional top-down style by "
        "regulators with a reputation for command and control'. The same body both judging "
        "and supporting is a conflict: an organisation will not show its weaknesses to the "
        "body that will judge it on them."
    ),
    example=(
        "links:\n"
        "  - {from: regulator, to: trust, kind: regulation}\n"
        "  - {from: regulator, to: trust, kind: support}\n"
        "  # no other support for the trust\n"
    ),
    fix="Add support from a body that does not judge (a peer trust, an improvement team), or separate the roles.",
    references=(references.SUCCESS_REGIME,),
    nao_question=10,
    family="relationships",
    check=check,
    describe=describe,
    folding=Folding(subject=lambda pattern: kind_subject(pattern[0]), alike=_alike),
)
