"""Actors a route does not reach, reported where the route stops (DC101, DC102, DC103).

`rules/facts/gaps.py` groups the stranded actors by where their route stops (a *gap*: its
heads, and the nearest reached actor, its anchor). Here is what the three rules share: the
pattern gaps alike have, and the wording of a gap in the owner's steering (DC101, DC102).
"""

from __future__ import annotations

from dataclasses import dataclass

from deliverychain.rules.base import Description
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.gaps import Gap
from deliverychain.rules.wording import kind_subject, of_total

#: What gaps alike share: the kinds of their heads, the kind of their anchor ("" for none),
#: and whether the heads are all that is stranded.
GapPattern = tuple[str, str, bool]


def pattern(ctx: AuditContext, gap: Gap) -> GapPattern:
    heads = "+".join(sorted({ctx.actors[i].kind for i in gap.heads}))
    anchor_kind = ctx.actors[gap.anchor].kind if gap.anchor != -1 else ""
    return heads, anchor_kind, set(gap.heads) == set(gap.members)


def subject(gaps: GapPattern, upward: bool) -> str:
    """'kind:pcn' (nothing near), 'kind:icb->pcn' going down, 'kind:nurse->pcn' going up."""
    heads, anchor, _ = gaps
    if not anchor:
        return kind_subject(heads)
    return kind_subject(heads, anchor) if upward else kind_subject(anchor, heads)


def stranded_subject(ctx: AuditContext, gap: Gap) -> str:
    """A gap's finding is about the first actor it strands (an ignore entry names that actor)."""
    return ctx.ids[gap.members[0]]


def stops_at(ctx: AuditContext, gap: Gap) -> tuple[str, object]:
    """Where the route stops (the finding's location): the subject names whom it strands."""
    return ("stops_at", ctx.ids[gap.heads[0]])


def previous_subject(ctx: AuditContext, gap: Gap) -> tuple[tuple[str, object], ...]:
    """What the finding's subject was before 0.2.0 (where the route stops, or the nearest actor
    it reaches), when that differs: DC901 points an old ignore entry at the new subject."""
    before = ctx.ids[gap.key]
    return (("previous_subject", before),) if before != stranded_subject(ctx, gap) else ()


def ghost(source: str, target: str, kind: str) -> tuple[str, object]:
    """The link that should exist, drawn dashed on the diagram."""
    return ("ghost_link", {"from": source, "to": target, "kind": kind})


# --- gaps in the owner's steering (DC101, DC102) ----------------------------------------


@dataclass(frozen=True)
class Unreached:
    """Whom a steering gap strands: how many there are in all, what they are, and what misses them."""

    total: int
    noun: str
    reached_by: str


def _steering_ghost(ctx: AuditContext, gap: Gap) -> list[tuple[str, object]]:
    if gap.anchor == -1:
        return []
    return [ghost(ctx.ids[gap.anchor], ctx.ids[gap.heads[0]], "support")]


def _steering_hint(ctx: AuditContext, gap: Gap) -> str:
    head = ctx.name(gap.heads[0])
    if gap.anchor == -1:
        return f"link {head} to the actors that should steer it"
    return (f"add the link through which {ctx.name(gap.anchor)} (or another actor) steers {head}; "
            f"if it is missing on purpose, declare it with 'strength: missing' and 'intended_gap: <why>'")


def steering_gap(ctx: AuditContext, gap: Gap, who: Unreached) -> Description:
    members, heads = gap.members, gap.heads
    are = "is" if len(members) == 1 else "are"
    stranded = f"{of_total(len(members), who.total, who.noun)} {are} not reached by {who.reached_by}"
    if set(heads) == set(members):
        why = f"nothing steers {ctx.names(heads)}"
    else:
        lead = "leads" if len(heads) == 1 else "lead"
        why = f"nothing steers {ctx.names(heads)}, which {lead} to them (e.g. {ctx.names(members, 2)})"
    near = f"; the nearest actor the steering does reach is {ctx.name(gap.anchor)}" if gap.anchor != -1 else ""
    related = ctx.actor_notes(heads[1:], "nothing steers this actor either")
    if gap.anchor != -1:
        related = ((ctx.actor_path(gap.anchor), f"{ctx.name(gap.anchor)} is reached"), *related)
    return Description(
        message=f"{stranded}: {why}{near}",
        subject=stranded_subject(ctx, gap),
        path=ctx.actor_path(heads[0]),
        hint=_steering_hint(ctx, gap),
        related=related,
        data=(*_steering_ghost(ctx, gap), ("unreached", len(members)), ("total", who.total),
              stops_at(ctx, gap), *previous_subject(ctx, gap)),
    )


def steering_gaps(ctx: AuditContext, gaps: list[Gap], who: Unreached) -> Description:
    """Many steering gaps alike, as one finding."""
    first = gaps[0]
    head_kind, anchor_kind, _ = pattern(ctx, first)
    stranded = sum(len(gap.members) for gap in gaps)
    heads = [gap.heads[0] for gap in gaps]
    are = "is" if stranded == 1 else "are"
    message = (f"{of_total(stranded, who.total, who.noun)} {are} not reached by {who.reached_by}, in "
               f"{len(gaps):,} places alike: nothing steers the '{head_kind}' actors there (e.g. {ctx.names(heads)})")
    if anchor_kind:
        anchors = [gap.anchor for gap in gaps]
        message += (f"; the nearest actor the steering reaches is in each case a '{anchor_kind}' "
                    f"(e.g. {ctx.names(anchors)})")
    return Description(
        message=message,
        subject=ctx.ids[first.key],
        path=ctx.actor_path(first.heads[0]),
        hint=_steering_hint(ctx, first) + f", and likewise in the other {len(gaps) - 1:,} places",
        related=ctx.actor_notes(heads[1:], "nothing steers this actor either"),
        data=(*_steering_ghost(ctx, first), ("unreached", stranded), ("total", who.total), stops_at(ctx, first)),
    )
