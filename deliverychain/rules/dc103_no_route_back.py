"""DC103 no-route-back: every practice actor needs a route back to the owner.

Practice whose only intended route back has a link declared missing or planned is DC105's.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from deliverychain.findings import Severity
from deliverychain.rules import references, stranded
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts import routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.gaps import Gap, find_gaps
from deliverychain.rules.wording import of_total


def check(ctx: AuditContext) -> Iterator[Place]:
    practice = ctx.practice
    if not practice:
        return
    heard, _ = routes.heard(ctx)
    behind = routes.behind_absent_up(ctx)
    cut_off = [p for p in practice if not heard[p] and not behind[p]]
    # The missing link goes to an actor above, not to a peer of the stranded practice (nor to
    # the people it serves: find_gaps's search does not spread from beneficiaries).
    for gap in find_gaps(ctx, heard, cut_off, "reports_up", reverse=True, not_anchors=practice):
        yield stranded.pattern(ctx, gap), gap


def _stranded(ctx: AuditContext, n: int) -> str:
    verb = "has" if n == 1 else "have"
    return f"{of_total(n, len(ctx.practice), 'practice actor')} {verb} no route back to {ctx.owner_names()}"


def _why(ctx: AuditContext, gap: Gap, heads: list[int]) -> str:
    if set(gap.heads) == set(gap.members):
        return f"no reporting, feedback or voice link leaves {ctx.names(heads)}"
    verb = "reports" if len(heads) == 1 else "report"
    return f"what they report stops at {ctx.names(heads)}, which {verb} to no one above"


def _hint(ctx: AuditContext, gap: Gap) -> str:
    towards = ctx.name(gap.anchor) if gap.anchor != -1 else ctx.owner_names()
    return (f"add a feedback or reporting link from {ctx.name(gap.heads[0])} towards {towards}, "
            f"carrying learning as well as numbers")


def _data(ctx: AuditContext, gap: Gap, unreached: int) -> tuple[tuple[str, object], ...]:
    ghost = (stranded.ghost(ctx.ids[gap.heads[0]], ctx.ids[gap.anchor], "feedback"),) if gap.anchor != -1 else ()
    return (*ghost, ("unreached", unreached), ("total", len(ctx.practice)), stranded.stops_at(ctx, gap))


def _related(ctx: AuditContext, heads: list[int]) -> tuple[tuple[Any, str], ...]:
    return ctx.actor_notes(heads[1:], "reports to no one above either")


def describe(ctx: AuditContext, gap: Gap) -> Description:
    near = f"; the nearest actor with a route back is {ctx.name(gap.anchor)}" if gap.anchor != -1 else ""
    return Description(
        message=(f"{_stranded(ctx, len(gap.members))}: {_why(ctx, gap, gap.heads)}{near}; "
                 f"the centre cannot learn from this practice"),
        subject=stranded.stranded_subject(ctx, gap),
        path=ctx.actor_path(gap.heads[0]),
        hint=_hint(ctx, gap),
        related=_related(ctx, gap.heads),
        data=(*_data(ctx, gap, len(gap.members)), *stranded.previous_subject(ctx, gap)),
    )


def summary(
    ctx: AuditContext, pattern: stranded.GapPattern, gaps: list[Gap], examples: list[Description]
) -> Description:
    """Places alike where reports stop: the practice they strand between them, and where."""
    first = gaps[0]
    unreached = sum(len(gap.members) for gap in gaps)
    heads = [gap.heads[0] for gap in gaps]
    _, anchor_kind, _ = pattern
    near = ""
    if anchor_kind:  # gaps alike share their anchors' kind, or all have none
        near = (f"; the nearest actor with a route back is in each case a '{anchor_kind}' "
                f"(e.g. {ctx.names([gap.anchor for gap in gaps])})")
    return Description(
        message=(f"{_stranded(ctx, unreached)}, in {len(gaps):,} places alike: {_why(ctx, first, heads)}{near}; "
                 f"the centre cannot learn from this practice"),
        subject=ctx.ids[first.key],
        path=ctx.actor_path(first.heads[0]),
        hint=_hint(ctx, first) + f", and likewise in the other {len(gaps) - 1:,} places",
        related=_related(ctx, heads),
        data=_data(ctx, first, unreached),
    )


RULE = Rule(
    id="DC103",
    name="no-route-back",
    severity=Severity.ERROR,
    summary=(
        "Every practice actor needs a route back to the owner through reporting, feedback or "
        "voice links that exist. Without one the loop is open: the centre steers and never "
        "hears what happened."
    ),
    why=(
        "The NAO and Audit Commission ask whether there are 'mechanisms for regular feedback "
        "and review supporting continuous learning' (question 11). Learning, stories from the "
        "front line and patient voice are the feedback that supports change; a chain with no "
        "route back cannot learn at all."
    ),
    example=(
        "links:\n"
        "  - {from: nhse, to: trust, kind: performance-management}\n"
        "  - {from: trust, to: nurse, kind: support}\n"
        "  # no reporting, feedback or voice link from the nurse or the trust\n"
    ),
    fix=(
        "Add the route back: '{from: nurse, to: trust, kind: feedback, carries: [learning]}' "
        "and onward to the owner. If a return is deliberately not collected, declare the link "
        "with 'strength: missing' and 'intended_gap: <why>'."
    ),
    references=(references.NAO,),
    nao_question=11,
    family="missing-links",
    check=check,
    describe=describe,
    folding=Folding(subject=lambda gaps: stranded.subject(gaps, upward=True), summary=summary),
)
