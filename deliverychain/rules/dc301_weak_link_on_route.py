"""DC301 weak-link-on-route: a weak or broken link on a route to practice or back, and who depends on it.

"How much practice depends on this link?" is answered with dominator trees (one pass for
every link, see rules/facts/dominators.py), never with a search per link.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts import linkfacts, routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.relations import rating_path
from deliverychain.rules.wording import links_alike, links_subject, share
from deliverychain.vocab import Strength

#: A weak or broken link on a route: (link, strength, practice depending on it alone, "down" or "up").
Weak = tuple[int, str, int, str]


def check(ctx: AuditContext) -> Iterator[Place]:
    practice = ctx.practice
    if not practice:
        return
    weight = routes.weights(ctx, practice)
    reached, _ = routes.steered(ctx)
    heard, _ = routes.heard(ctx)
    steers_practice = routes.steers_practice(ctx)
    reported_by_practice = routes.reported_by_practice(ctx)
    facts, sources, targets = ctx.facts, ctx.sources, ctx.targets
    steers, reports_up, strengths = facts.steers, facts.reports_up, facts.strength
    kinds = ctx.link_kinds
    down_counts = up_counts = None
    for j in compress(range(len(strengths)), map(linkfacts.WEAK_STRENGTHS.__contains__, strengths)):
        strength = strengths[j]
        u, w = sources[j], targets[j]
        if steers[j] and reached[u] and steers_practice[w]:
            down = routes.down_tree(ctx)
            if down_counts is None:
                down_counts = down.totals(weight)
            k, direction = down.link_total(j, down_counts), "down"
        elif reports_up[j] and reported_by_practice[u] and heard[w]:
            up = routes.up_tree(ctx)
            if up_counts is None:
                up_counts = up.totals(weight)
            k, direction = up.link_total(j, up_counts), "up"
        else:
            continue
        yield (*kinds[j], strength, direction, "sole" if k else "shared"), (j, strength, k, direction)


def describe(ctx: AuditContext, weak: Weak) -> Description:
    j, strength, k, direction = weak
    total = len(ctx.practice)
    if direction == "down":
        depends = (f"{share(k, total)} {'is' if k == 1 else 'are'} reached only through it" if k
                   else "it is on a route to practice (other routes reach the same practice)")
    else:
        depends = (f"it is the only route back to {ctx.name(ctx.owner)} for {share(k, total)}" if k
                   else "it is on a route back from practice (other routes exist)")
    return Description(
        message=f"{ctx.link_label(j)} is {strength}: {depends}",
        subject=ctx.links[j].key,
        path=rating_path(ctx, j, "strength"),
        hint=("strengthen the relationship (who meets whom, how often, with what help), or add "
              "another route so practice does not depend on it"),
        severity=Severity.ERROR if strength == Strength.BROKEN and k else None,
        data=(("dependent_practice", k), ("total", total)),
    )


def _alike(pattern: tuple[str, ...], n: int) -> str:
    towards = "back from" if pattern[4] == "up" else "to"
    return f"{links_alike(pattern, n)} are {pattern[3]} on routes {towards} practice"


RULE = Rule(
    id="DC301",
    name="weak-link-on-route",
    severity=Severity.WARNING,
    summary=(
        "A weak or broken link on a route from the owner to practice, or from practice back to "
        "the owner, with how many practice actors are reached (or heard) only through it. A "
        "broken link that is the only route for some practice is an error; a weak one, or a "
        "broken one with other routes around it, is a warning."
    ),
    why=(
        "After drawing a chain you assess the strength of each link (Ontario). A link that "
        "exists on paper but does not work cuts off everything that depends on it alone; "
        "the NAO asks whether risks to the chain are well managed (question 8)."
    ),
    example=(
        "links:\n"
        "  - from: alliance\n"
        "    to: pcn\n"
        "    kind: support\n"
        "    strength: broken\n"
    ),
    fix=(
        "Strengthen the relationship, or add a second route so that practice does not depend "
        "on one weak link. Record the evidence for the rating ('evidence: [source-id]')."
    ),
    references=(references.ONTARIO_LINK_STRENGTH, references.NAO),
    nao_question=8,
    family="relationships",
    check=check,
    describe=describe,
    folding=Folding(subject=links_subject, alike=_alike),
)
