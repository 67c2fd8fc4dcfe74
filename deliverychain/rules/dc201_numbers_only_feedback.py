"""DC201 numbers-only-feedback: does what flows back up the chain let those who steer practice learn?

Learning (narrative, learning, practice change, or anything not declared as numbers)
spreads up from practice along upward links; numbers-only links stop it. A decision-maker
that steers practice, hears from it, and receives no learning from any practice is in a
numbers-only loop. The finding is placed where learning stops (the actor receiving the
numbers-only links), once for all the practice behind it. Three multi-source searches
decide everything; no cycle or path is enumerated.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import compress, islice
from typing import Any

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import EXAMPLES, Description, Folding, Place, Rule
from deliverychain.rules.facts import linkfacts, routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.wording import carried, count, kind_subject, quoted

#: Witnesses tried per finding before a numbers-only place is reported without a loop trace.
_WITNESS_TRIES = 20


def _deciders(ctx: AuditContext) -> list[bool]:
    """The owner, and every actor in its chain that performance-manages or mandates.

    Actors above the owner (its own masters) are context, not part of the owner's loop.
    """
    reached, _ = routes.steered(ctx)
    deciding = [False] * len(ctx.ids)
    for owner in ctx.owners:
        deciding[owner] = True
    facts, sources = ctx.facts, ctx.sources
    for j in compress(range(len(sources)), map(linkfacts.DECIDING_KINDS.__contains__, facts.kind)):
        if reached[sources[j]] and facts.present[j]:
            deciding[sources[j]] = True
    return deciding


@dataclass
class Stop:
    """A place where learning stops: the receiver and its numbers-only links from learning holders."""

    receiver: int
    links: list[int]
    #: Who the receiver reports to, transitively ({actor: link reached by}), itself included.
    above: dict[int, int]
    #: A feedback link declared missing on purpose that would have carried the learning on.
    intended_gap: int | None = None


@dataclass
class Loop:
    stop: int
    #: Deciders over the witness practice that hear only numbers, top first.
    deciders: list[int]
    trace: list[int]


class NumbersOnlyLoops:
    """The analysis: learning from practice, where it stops, and the loops that hear only numbers."""

    def __init__(self, ctx: AuditContext) -> None:
        self.ctx = ctx
        self.stops: list[Stop] = []
        practice = ctx.practice
        if not practice:
            return
        self.learned, self.learned_via = routes.reach(ctx, practice, "may_carry_learning")
        heard_at_all = routes.reported_by_practice(ctx)
        steers_practice = routes.steers_practice(ctx)
        deciding = _deciders(ctx)
        self.deprived = [
            deciding[d] and steers_practice[d] and heard_at_all[d] and not self.learned[d]
            for d in range(len(ctx.ids))
        ]
        deprived = [d for d, flag in enumerate(self.deprived) if flag]
        if not deprived:
            return
        self.is_practice = routes.weights(ctx, practice)
        feeds_deprived, _ = routes.reach(ctx, deprived, "reports_up", reverse=True)
        # Where learning stops: a numbers-only link from an actor learning reaches to one it does not.
        by_receiver: dict[int, list[int]] = {}
        facts, sources, targets = ctx.facts, ctx.sources, ctx.targets
        numbers_only = facts.numbers_only
        for j in compress(range(len(sources)), facts.reports_up):
            if numbers_only[j]:
                u, v = sources[j], targets[j]
                if self.learned[u] and not self.learned[v] and feeds_deprived[v]:
                    by_receiver.setdefault(v, []).append(j)
        intended = [j for j in facts.absent_links if ctx.links[j].intended_gap and facts.could_report_up[j]]
        # Receivers in the order of their first numbers-only link (the order the dict was filled in).
        for v, links in by_receiver.items():
            stop = Stop(v, links, routes.local_reach(ctx, v, "reports_up"))
            senders = {sources[j] for j in links}
            senders.update(ctx.route_to(sources[links[0]], self.learned_via))
            stop.intended_gap = next(
                (j for j in intended if sources[j] in senders and targets[j] in stop.above), None
            )
            self.stops.append(stop)

    def witness(self, stop: Stop) -> Loop | None:
        """A practice actor whose learning stops here, and the deciders over it that hear only numbers."""
        ctx = self.ctx
        deprived_above = [d for d in stop.above if self.deprived[d]]
        for j in stop.links[:_WITNESS_TRIES]:
            learning_route = ctx.route_to(ctx.sources[j], self.learned_via)
            p = learning_route[0]
            steering_p = routes.local_reach(ctx, p, "steers", reverse=True)
            deciders = sorted((d for d in deprived_above if d in steering_p), key=lambda d: (ctx.tier_rank[d], d))
            if not deciders:
                continue
            top = deciders[0]
            down = routes.local_route(ctx, steering_p, top, reverse=True)
            up = [*learning_route, *routes.local_route(ctx, stop.above, top)]
            return Loop(j, deciders, [*down, *up[1:]])
        return None


def _loops(ctx: AuditContext) -> NumbersOnlyLoops:
    return ctx.shared("numbers-only loops", lambda: NumbersOnlyLoops(ctx))


def check(ctx: AuditContext) -> Iterator[Place]:
    for stop in _loops(ctx).stops:
        yield (ctx.actors[stop.receiver].kind, stop.intended_gap is not None), stop


def _finding(ctx: AuditContext, first: Stop, loop: Loop, stop_links: list[int], message: str, subject: str,
             practice: int) -> Description:
    """What a finding about one place where learning stops, or many alike, shares."""
    severity = None
    if first.intended_gap is not None:
        severity = Severity.INFO
        reason = quoted(ctx.links[first.intended_gap].intended_gap or "")
        message += f"; the missing feedback {ctx.link_label(first.intended_gap)} is an intended gap: {reason}"
    sender = ctx.name(ctx.sources[loop.stop])
    hint = (f"let learning travel with the numbers: add 'narrative' or 'learning' to what {sender} sends "
            f"{ctx.name(first.receiver)}, or add a feedback link from practice towards "
            f"{ctx.name(loop.deciders[0])}; if the gap is deliberate, declare that feedback link with "
            f"'strength: missing' and 'intended_gap: <why>'")
    return Description(
        message=message,
        subject=subject,
        path=ctx.link_path(loop.stop, "carries"),
        hint=hint,
        related=tuple(islice((
            (ctx.link_path(j, "carries"), f"{ctx.link_label(j)} also carries only numbers")
            for j in stop_links if j != loop.stop
        ), 3)),
        trace=tuple(ctx.ids[i] for i in loop.trace),
        severity=severity,
        data=(("practice", practice), ("deciders", [ctx.ids[d] for d in loop.deciders]),
              ("stop_links", [ctx.links[j].key for j in stop_links[:EXAMPLES]])),
    )


def _carried(ctx: AuditContext, links: Iterable[int]) -> str:
    return carried(ctx.links[j].carries for j in links)


def describe(ctx: AuditContext, stop: Stop) -> Description | None:
    loop = _loops(ctx).witness(stop)
    if loop is None:
        return None
    reporting = routes.local_reach(ctx, stop.receiver, "reports_up", reverse=True)
    is_practice = _loops(ctx).is_practice
    k = sum(is_practice[i] for i in reporting)
    many = len(loop.deciders) > 1
    message = (
        f"Learning from practice stops at {ctx.name(stop.receiver)}: {count(k, 'practice actor')} "
        f"{'reports' if k == 1 else 'report'} to it and what arrives carries only {_carried(ctx, stop.links)}; "
        f"{ctx.names(loop.deciders, limit=4)} {'steer' if many else 'steers'} that practice and "
        f"{'hear' if many else 'hears'} back only numbers"
    )
    return _finding(ctx, stop, loop, stop.links, message, ctx.ids[stop.receiver], k)


def summary(ctx: AuditContext, pattern: Any, stops: list[Stop], examples: list[Description]) -> Description | None:
    """Places alike where learning stops: the practice behind them all, and the deciders of the first."""
    loops = _loops(ctx)
    first, loop = next(((s, w) for s in stops if (w := loops.witness(s)) is not None), (None, None))
    if first is None or loop is None:
        return None
    receivers = [s.receiver for s in stops]
    reached, _ = routes.reach(ctx, receivers, "reports_up", reverse=True)
    k = sum(1 for p in ctx.practice if reached[p])
    stop_links = [j for s in stops for j in s.links]
    kind = ctx.actors[first.receiver].kind
    message = (
        f"Learning from practice stops at {len(stops):,} actors of kind '{kind}' (e.g. {ctx.names(receivers)}): "
        f"{count(k, 'practice actor')} {'reports' if k == 1 else 'report'} to them and what arrives carries only "
        f"{_carried(ctx, stop_links)}; in each case those that steer the practice (e.g. "
        f"{ctx.names(loop.deciders, limit=4)}) hear back only numbers"
    )
    return _finding(ctx, first, loop, stop_links, message, kind_subject(kind), k)


RULE = Rule(
    id="DC201",
    name="numbers-only-feedback",
    severity=Severity.ERROR,
    summary=(
        "Those who steer practice (the owner, and every actor that performance-manages or "
        "mandates) must hear back more than numbers. Learning spreads up from practice along "
        "reporting, feedback and voice links; a link that carries only targets, metrics or "
        "money (perhaps with assurance) stops it. A decision-maker that steers practice, "
        "hears from it and receives no learning from any practice is in a numbers-only loop. "
        "The finding is placed where learning stops, once for all the practice behind it, "
        "with the loop as its trace. A feedback link declared missing with 'intended_gap' on "
        "that route makes it information."
    ),
    why=(
        "Performance management of commissioners and trusts has been mainly about being told "
        "what to do about numbers: money and waiting-time targets, data returns upward, "
        "targets downward. A chain that manages numbers about existing practice is badly "
        "suited to changing practice; stories from the front line, patient voice and peer "
        "learning are the feedback that supports change. The NAO and Audit Commission ask "
        "whether there are 'mechanisms for regular feedback and review supporting continuous "
        "learning' (question 11)."
    ),
    example=(
        "links:\n"
        "  - {from: nhse, to: icb, kind: performance-management, carries: [targets]}\n"
        "  - {from: icb, to: practice-nurse, kind: commissioning, carries: [money]}\n"
        "  - {from: practice-nurse, to: icb, kind: reporting, carries: [metrics]}\n"
        "  - {from: icb, to: nhse, kind: reporting, carries: [metrics]}\n"
    ),
    fix=(
        "Let learning travel up with the numbers: add 'narrative' or 'learning' to what the "
        "link carries, or add a feedback or voice link that does ('{from: practice-nurse, to: "
        "icb, kind: feedback, carries: [narrative, learning]}'). If feedback is deliberately "
        "not collected, declare that link with 'strength: missing' and 'intended_gap: <why>'."
    ),
    references=(references.NUMBERS_LITERATURE, references.NAO_11),
    nao_question=11,
    family="feedback",
    check=check,
    describe=describe,
    folding=Folding(subject=lambda pattern: kind_subject(pattern[0]), summary=summary),
)
