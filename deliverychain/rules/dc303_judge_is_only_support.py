"""DC303 judge-is-only-support: every actor that supports another also judges it."""

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
from deliverychain.vocab import JUDGING_KINDS, LinkKind

#: Kinds through which a supporter also judges the actor it supports: holding it to account,
#: inspecting it, or deciding its money.
JUDGE_KINDS: frozenset[str] = JUDGING_KINDS | {LinkKind.FUNDING}

#: Support only from judges: (actor, its supporters, the support links, the judging links).
Judged = tuple[int, list[int], list[int], list[int]]


def check(ctx: AuditContext) -> Iterator[Place]:
    facts, sources, targets = ctx.facts, ctx.sources, ctx.targets
    judges = list(map(and_, map(JUDGE_KINDS.__contains__, facts.kind), facts.present))
    judged = set(zip(compress(sources, judges), compress(targets, judges), strict=True))
    # Candidates, from the link columns: actors whose every supporter also judges them.
    supporting = supports(ctx)
    only_judges: dict[int, bool] = {}
    for u, v in zip(compress(sources, supporting), compress(targets, supporting), strict=True):
        only_judges[v] = only_judges.get(v, True) and (u, v) in judged
    for v in sorted(v for v, flag in only_judges.items() if flag):
        support = support_in(ctx, v)
        supporters = sorted({sources[j] for j in support})
        judging = [j for j in ctx.in_links[v] if judges[j] and sources[j] in supporters]
        kinds = [ctx.actors[s].kind for s in supporters]
        yield (ctx.actors[v].kind, "+".join(sorted(set(kinds)))), (v, supporters, support, judging)


def describe(ctx: AuditContext, found: Judged) -> Description:
    v, supporters, support, judging = found
    kinds = join_names(sorted({ctx.links[j].kind for j in judging}))
    if len(supporters) == 1:
        message = (f"{ctx.name(supporters[0])} both judges {ctx.name(v)} ({kinds}) and is its only source of "
                   f"support: help from the body that judges you is a conflict")
    else:
        message = (f"Every actor that supports {ctx.name(v)} also judges it ({kinds}): "
                   f"{ctx.names(supporters)}; help from the bodies that judge you is a conflict")
    return Description(
        message=message,
        subject=ctx.ids[v],
        path=ctx.link_path(support[0]),
        hint=(f"add support for {ctx.name(v)} from someone who does not judge it (a peer, an "
              f"improvement team, a critical friend), or separate the two roles"),
        related=tuple((ctx.link_path(j), f"{ctx.link_label(j)}: the same body judges") for j in judging[:3]),
    )


def _alike(pattern: tuple[str, str], n: int) -> str:
    return f"{actors_alike(pattern[0], n)} are supported only by '{pattern[1]}' actors that also judge them"


RULE = Rule(
    id="DC303",
    name="judge-is-only-support",
    severity=Severity.WARNING,
    summary=(
        "Every actor that supports another (support or peer learning) also judges it: "
        "performance-manages it, regulates it or funds it. One supporter that judges, or "
        "several that all do, leave the actor no help from anyone who does not."
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
