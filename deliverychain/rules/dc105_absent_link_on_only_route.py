"""DC105 absent-link-on-only-route: a link declared missing or planned that cuts off practice.

How much practice depends on each absent link is read from the dominator trees of the
chain as intended (`routes.down_potential_tree`, `up_potential_tree`): one pass for every
link, never a search per link.
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

#: An absent link and what depends on it: (link, practice behind it, beneficiaries behind it,
#: practice whose only route back it is).
Cut = tuple[int, int, int, int]
#: What cuts alike share: (source kind, target kind, link kind, state, "down" or "up", intended gap).
CutPattern = tuple[str, str, str, str, str, str]

_HINT = "put the link in place, or find another route; if the gap is deliberate, say why with 'intended_gap: <why>'"


def check(ctx: AuditContext) -> Iterator[Place]:
    facts = ctx.facts
    absent = facts.absent_links
    if not absent or not ctx.practice:
        return
    practice = set(ctx.practice)
    practice_weight = routes.weights(ctx, ctx.practice)
    public_weight = routes.weights(ctx, [b for b in ctx.beneficiaries if b not in practice])
    down_practice = down_public = up_practice = None
    for j in absent:
        k = b = up = 0
        if facts.could_steer[j]:
            tree = routes.down_potential_tree(ctx)
            if down_practice is None or down_public is None:
                down_practice = tree.totals(practice_weight)
                down_public = tree.totals(public_weight)
            k, b = tree.link_total(j, down_practice), tree.link_total(j, down_public)
        elif facts.could_report_up[j]:
            up_tree = routes.up_potential_tree(ctx)
            if up_practice is None:
                up_practice = up_tree.totals(practice_weight)
            up = up_tree.link_total(j, up_practice)
        if k or b or up:
            cut = (j, k, b, up)
            yield _pattern(ctx, cut), cut


def _state(link: Link) -> str:
    return "planned but not yet in place" if linkfacts.strength(link) == Strength.PLANNED else "declared missing"


def _pattern(ctx: AuditContext, cut: Cut) -> CutPattern:
    j = cut[0]
    u, v = ctx.sources[j], ctx.targets[j]
    link = ctx.links[j]
    return (ctx.actors[u].kind, ctx.actors[v].kind, link.kind, _state(link),
            "down" if cut[3] == 0 else "up", str(bool(link.intended_gap)))


def _consequence(ctx: AuditContext, k: int, b: int, up: int) -> str:
    total = len(ctx.practice)
    parts: list[str] = []
    if k:
        parts.append(f"the only route to {of_total(k, total, 'practice actor')}")
    if b:
        parts.append(f"{'' if k else 'the only route to '}{count(b, 'beneficiary', 'beneficiaries')}")
    if up:
        parts.append(f"the only route back to {ctx.name(ctx.owner)} from {of_total(up, total, 'practice actor')}")
    return " and ".join(parts)


def describe(ctx: AuditContext, cut: Cut) -> Description:
    j, k, b, up = cut
    link = ctx.links[j]
    message = f"{ctx.link_label(j)} is {_state(link)}, and is {_consequence(ctx, k, b, up)}"
    severity = None
    if link.intended_gap:
        message += f"; marked as an intended gap: {quoted(link.intended_gap)}"
        severity = Severity.INFO
    return Description(
        message=message,
        subject=link.key,
        path=ctx.link_path(j, "strength"),
        hint=_HINT,
        severity=severity,
        data=(ghost(link.source, link.target, link.kind),),
    )


def summary(ctx: AuditContext, pattern: CutPattern, cuts: list[Cut], examples: list[Description]) -> Description:
    """Absent links alike: what they cut off between them."""
    j = cuts[0][0]
    link = ctx.links[j]
    source_kind, target_kind = pattern[0], pattern[1]
    total = len(ctx.practice)
    consequence = _consequence(ctx, min(total, sum(c[1] for c in cuts)), sum(c[2] for c in cuts),
                               min(total, sum(c[3] for c in cuts)))
    labels = join_names([ctx.link_label(c[0]) for c in cuts], limit=2)
    message = (f"{len(cuts):,} {link.kind} links from '{source_kind}' to '{target_kind}' actors are "
               f"{_state(link)} (e.g. {labels}); between them they are {consequence}")
    severity = None
    if link.intended_gap:
        message += f"; marked as intended gaps (e.g. {quoted(link.intended_gap)})"
        severity = Severity.INFO
    return Description(
        message=message,
        subject=link.key,
        path=ctx.link_path(j, "strength"),
        hint=_HINT,
        related=tuple((ctx.link_path(c[0], "strength"), ctx.link_label(c[0])) for c in cuts[1:4]),
        severity=severity,
        data=(ghost(link.source, link.target, link.kind),),
    )


RULE = Rule(
    id="DC105",
    name="absent-link-on-only-route",
    severity=Severity.ERROR,
    summary=(
        "A link declared 'missing' or 'planned' through which every intended route to some "
        "practice actors (or beneficiaries), or every route back from them, would pass: until "
        "it exists they are cut off. A gap marked 'intended_gap' is reported as information, "
        "quoting the reason."
    ),
    why=(
        "A planned link is a promise, not a relationship: the practice behind it is not "
        "reached today (Barber's 'large gaps'). Some gaps are deliberate (NHS IMPACT does not "
        "collect organisations' self-assessments), and then the reason belongs in the chain."
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
    references=(references.BARBER, references.NAO),
    nao_question=8,
    family="missing-links",
    check=check,
    describe=describe,
    folding=Folding(subject=lambda cuts: kind_subject(cuts[0], cuts[1], link_kind=cuts[2]), summary=summary),
)
