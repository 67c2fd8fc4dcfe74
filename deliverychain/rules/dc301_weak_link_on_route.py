"""DC301 weak-link-on-route: a weak or broken link on a route that matters, and who depends on it.

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
from deliverychain.rules.facts.relations import practice_set, rating_path
from deliverychain.rules.wording import links_alike, links_subject, share
from deliverychain.vocab import LinkKind, Strength

#: A weak or broken link on a route: (link, strength, practice depending on it alone, "down", "up" or "across").
Weak = tuple[int, str, int, str]


def check(ctx: AuditContext) -> Iterator[Place]:
    practice = ctx.practice
    if not practice:
        return
    weight = routes.weights(ctx, practice)
    heard, _ = routes.heard(ctx)
    steers_practice = routes.steers_practice(ctx)
    facts, sources, targets = ctx.facts, ctx.sources, ctx.targets
    steers, reports_up, strengths, kind = facts.steers, facts.reports_up, facts.strength, facts.kind
    kinds = ctx.link_kinds
    down_counts = up_counts = None
    for j in compress(range(len(strengths)), map(linkfacts.WEAK_STRENGTHS.__contains__, strengths)):
        strength = strengths[j]
        u, w = sources[j], targets[j]
        if steers[j] and steers_practice[w]:
            down = routes.down_tree(ctx)
            if down_counts is None:
                down_counts = down.totals(weight)
            k, direction = down.link_total(j, down_counts), "down"
        elif reports_up[j] and _heard_from(ctx, u) and (heard[w] or steers_practice[w]):
            up = routes.up_tree(ctx)
            if up_counts is None:
                up_counts = up.totals(weight)
            k, direction = up.link_total(j, up_counts), "up"
        elif kind[j] == LinkKind.PEER_LEARNING and facts.present[j] and steers_practice[u] and steers_practice[w]:
            k, direction = 0, "across"
        else:
            continue
        yield (*kinds[j], strength, direction, "sole" if k else "shared"), (j, strength, k, direction)


def _heard_from(ctx: AuditContext, u: int) -> bool:
    """Whether what u sends back matters: it carries what practice or beneficiaries report, or
    u is an actor the chain steers, reporting to whoever steers it."""
    return (routes.reported_by_practice(ctx)[u] or routes.reported_by_beneficiaries(ctx)[u]
            or routes.steered(ctx)[0][u])


def _why(ctx: AuditContext, j: int, k: int, direction: str) -> str:
    """Why the link matters: who depends on it, or which route it is on."""
    total = len(ctx.practice)
    u, w = ctx.sources[j], ctx.targets[j]
    if direction == "down":
        if k:
            return f"{share(k, total)} {'is' if k == 1 else 'are'} reached only through it"
        if routes.steered(ctx)[0][u]:
            return "it is on a route to practice (other routes reach the same practice)"
        return f"it steers practice from outside the routes of {ctx.owner_names()}"
    if direction == "across":
        practice = practice_set(ctx)
        both = "practice actors" if u in practice and w in practice else "actors that steer practice"
        return f"it is the peer learning between two {both}"
    if k:
        return f"it is the only route back to {ctx.owner_names()} for {share(k, total)}"
    if routes.reported_by_practice(ctx)[u]:
        return "it is on a route back from practice (other routes exist)"
    if routes.reported_by_beneficiaries(ctx)[u]:
        return "it is on a route back from the people the policy is for"
    return f"it carries what {ctx.name(u)}, which the chain steers, reports back"


def describe(ctx: AuditContext, weak: Weak) -> Description:
    j, strength, k, direction = weak
    return Description(
        message=f"{ctx.link_label(j)} is {strength}: {_why(ctx, j, k, direction)}",
        subject=ctx.links[j].key,
        path=rating_path(ctx, j, "strength"),
        hint=("strengthen the relationship (who meets whom, how often, with what help), or add "
              + ("another route back, so what it carries does not depend on it alone" if direction == "up"
                 else "another route so practice does not depend on it")),
        severity=Severity.ERROR if strength == Strength.BROKEN and k else None,
        data=(("dependent_practice", k), ("total", len(ctx.practice))),
    )


def _alike(pattern: tuple[str, ...], n: int) -> str:
    where = {"up": "on routes back from practice", "down": "on routes to practice",
             "across": "between actors that steer practice"}[pattern[4]]
    return f"{links_alike(pattern, n)} are {pattern[3]} {where}"


RULE = Rule(
    id="DC301",
    name="weak-link-on-route",
    severity=Severity.WARNING,
    summary=(
        "A weak or broken link on a route that matters, with how many practice actors are "
        "reached (or heard) only through it: any steering link into practice or into an actor "
        "that steers practice (from the owner's routes or from outside them: governors over a "
        "board too); a link back up the chain that carries what practice reports, the voice of "
        "the people the policy is for, or the reports of an actor the chain steers, to an actor "
        "that is heard by the owner or steers practice (a board, a regulator); and peer "
        "learning between actors that practise or steer practice. A broken link that is the "
        "only route for some practice is an error; any other is a warning."
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
