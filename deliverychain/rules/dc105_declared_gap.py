"""DC105 declared-gap: every link declared missing or planned, and what it cuts off.

Every declared gap is reported, as seriously as where it lies: an error when every
intended route to some practice (or beneficiaries), or back from it, passes through it; a
warning when it lies on a route from the owner's steering or back to the owner; information
anywhere else, and for a gap marked `intended_gap` (quoting the reason). How much practice
depends on each absent link is read from the dominator trees of the chain as intended
(`routes.down_potential_tree`, `up_potential_tree`): one pass for every link, never a
search per link.

Before 0.2.0 this rule was `absent-link-on-only-route` and reported only the first kind;
the old name still selects it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts import linkfacts, routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.stranded import ghost
from deliverychain.rules.wording import count, join_names, kind_subject, of_total, quoted
from deliverychain.vocab import Strength

if TYPE_CHECKING:
    from deliverychain.model import Link

#: Where a declared gap lies: on the only route to (or back from) some practice, on some
#: route from or back to the owner, or on none.
ONLY, ON_ROUTE, ELSEWHERE = "only", "route", "elsewhere"
#: An absent link and what depends on it: (link, practice behind it, beneficiaries behind it,
#: practice whose only route back it is, where it lies).
Cut = tuple[int, int, int, int, str]
#: What cuts alike share: (source kind, target kind, link kind, state, intended gap, where). The
#: link kind also says whether the gap is on a route down or back up (`linkfacts.could_report_up`).
CutPattern = tuple[str, str, str, str, str, str]

_HINT = "put the link in place, or find another route; if the gap is deliberate, say why with 'intended_gap: <why>'"


def check(ctx: AuditContext) -> Iterator[Place]:
    facts = ctx.facts
    absent = facts.absent_links
    if not absent:
        return
    practice = set(ctx.practice)
    practice_weight = routes.weights(ctx, ctx.practice)
    public_weight = routes.weights(ctx, [b for b in ctx.beneficiaries if b not in practice])
    down_totals: tuple[list[int], list[int]] | None = None  # (practice, beneficiaries) below each actor
    up_practice = None
    sources, targets = ctx.sources, ctx.targets
    for j in absent:
        k = b = up = 0
        on_route = False
        if facts.could_steer[j]:
            on_route = routes.could_steer_from_owners(ctx)[sources[j]]
            if practice:
                tree = routes.down_potential_tree(ctx)
                if down_totals is None:
                    down_totals = tree.totals(practice_weight), tree.totals(public_weight)
                k, b = tree.link_total(j, down_totals[0]), tree.link_total(j, down_totals[1])
        elif facts.could_report_up[j]:
            on_route = routes.could_report_to_owners(ctx)[targets[j]]
            if practice:
                up_tree = routes.up_potential_tree(ctx)
                if up_practice is None:
                    up_practice = up_tree.totals(practice_weight)
                up = up_tree.link_total(j, up_practice)
        where = ONLY if k or b or up else ON_ROUTE if on_route else ELSEWHERE
        cut = (j, k, b, up, where)
        yield _pattern(ctx, cut), cut


def _state(link: Link) -> str:
    return "planned but not yet in place" if linkfacts.strength(link) == Strength.PLANNED else "declared missing"


def _pattern(ctx: AuditContext, cut: Cut) -> CutPattern:
    j = cut[0]
    u, v = ctx.sources[j], ctx.targets[j]
    link = ctx.links[j]
    return (ctx.actors[u].kind, ctx.actors[v].kind, link.kind, _state(link), str(bool(link.intended_gap)), cut[4])


def _severity(link: Link, where: str) -> Severity | None:
    """Error on the only route (the rule's own severity), warning on a route, information elsewhere
    or when the gap is intended."""
    if link.intended_gap or where == ELSEWHERE:
        return Severity.INFO
    return Severity.WARNING if where == ON_ROUTE else None


def _on_route(ctx: AuditContext, j: int, where: str) -> str:
    """Where a gap that cuts nothing off lies, in words."""
    if where == ELSEWHERE:
        return f"it lies on no route from or back to {ctx.owner_names()}"
    if ctx.facts.could_report_up[j]:
        return f"it is on a route back to {ctx.owner_names()} (other routes exist)"
    return f"it is on a route from {ctx.owner_names()} (other routes reach the same practice)"


def _consequence(ctx: AuditContext, k: int, b: int, up: int) -> str:
    total = len(ctx.practice)
    parts: list[str] = []
    if k:
        parts.append(f"the only route to {of_total(k, total, 'practice actor')}")
    if b:
        parts.append(f"{'' if k else 'the only route to '}{count(b, 'beneficiary', 'beneficiaries')}")
    if up:
        parts.append(f"the only route back to {ctx.owner_names()} from {of_total(up, total, 'practice actor')}")
    return " and ".join(parts)


def describe(ctx: AuditContext, cut: Cut) -> Description:
    j, k, b, up, where = cut
    link = ctx.links[j]
    consequence = f"is {_consequence(ctx, k, b, up)}" if where == ONLY else _on_route(ctx, j, where)
    message = f"{ctx.link_label(j)} is {_state(link)}, and {consequence}"
    if link.intended_gap:
        message += f"; marked as an intended gap: {quoted(link.intended_gap)}"
    return Description(
        message=message,
        subject=link.key,
        path=ctx.link_path(j, "strength"),
        hint=_HINT,
        severity=_severity(link, where),
        data=(ghost(link.source, link.target, link.kind),),
    )


def summary(ctx: AuditContext, pattern: CutPattern, cuts: list[Cut], examples: list[Description]) -> Description:
    """Absent links alike: what they cut off between them."""
    j = cuts[0][0]
    link = ctx.links[j]
    source_kind, target_kind, where = pattern[0], pattern[1], pattern[5]
    total = len(ctx.practice)
    if where == ONLY:
        consequence = "between them they are " + _consequence(
            ctx, min(total, sum(c[1] for c in cuts)), sum(c[2] for c in cuts), min(total, sum(c[3] for c in cuts)))
    else:
        consequence = _on_route(ctx, j, where).replace("it ", "each ", 1)
    labels = join_names([ctx.link_label(c[0]) for c in cuts], limit=2)
    message = (f"{len(cuts):,} {link.kind} links from '{source_kind}' to '{target_kind}' actors are "
               f"{_state(link)} (e.g. {labels}); {consequence}")
    if link.intended_gap:
        message += f"; marked as intended gaps (e.g. {quoted(link.intended_gap)})"
    return Description(
        message=message,
        subject=link.key,
        path=ctx.link_path(j, "strength"),
        hint=_HINT,
        related=tuple((ctx.link_path(c[0], "strength"), ctx.link_label(c[0])) for c in cuts[1:4]),
        severity=_severity(link, where),
        data=(ghost(link.source, link.target, link.kind),),
    )


RULE = Rule(
    id="DC105",
    name="declared-gap",
    severity=Severity.ERROR,
    summary=(
        "Every link declared 'missing' or 'planned'. An error when every intended route to some "
        "practice actors (or beneficiaries), or every route back from them, would pass through "
        "it: until it exists they are cut off. A warning when it lies on a route from the "
        "owner's steering or back to the owner, with other routes around it. Information when "
        "it lies on no such route, and for a gap marked 'intended_gap', quoting the reason."
    ),
    why=(
        "A planned link is a promise, not a relationship: the practice behind it is not "
        "reached today (Barber's 'large gaps'). A gap with other routes around it still means "
        "a relationship the chain was designed to have is not there: the NAO asks whether "
        "risks to the chain are managed, and the Committee of Public Accounts found child "
        "obesity's chain without 'measures to judge the performance and contribution of the "
        "respective parties' though influence ran beside them. Some gaps are deliberate (NHS "
        "IMPACT does not collect organisations' self-assessments), and then the reason belongs "
        "in the chain."
    ),
    example=(
        "links:\n"
        "  - from: alliance\n"
        "    to: pcn\n"
        "    kind: support\n"
        "    strength: planned\n"
    ),
    fix=(
        "Make the link real, or add another route to the practice behind it. If the gap is "
        "deliberate, add 'intended_gap: <why>' to the link."
    ),
    references=(references.BARBER, references.NAO, references.PAC_CHILD_OBESITY),
    nao_question=8,
    family="missing-links",
    check=check,
    describe=describe,
    folding=Folding(subject=lambda cuts: kind_subject(cuts[0], cuts[1], link_kind=cuts[2]), summary=summary),
)
