"""DC2xx feedback: does what flows back up the chain let those who steer practice learn?

DC201 is the heart of it. Learning (narrative, learning, practice change, or anything not
declared as numbers) spreads up from practice along upward links; numbers-only links stop
it. A decision-maker that steers practice, hears from it, and receives no learning from
any practice is in a numbers-only loop. The finding is placed where learning stops (the
actor receiving the numbers-only links), once for all the practice behind it. Three
multi-source searches decide everything; no cycle or path is enumerated.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import compress, islice
from typing import TYPE_CHECKING

from deliverychain.analysis import linkfacts, routes
from deliverychain.analysis.context import AuditContext
from deliverychain.analysis.emit import Emission
from deliverychain.analysis.folding import EXAMPLES, fold, folded_data, kind_subject
from deliverychain.analysis.wording import count, join_names, quoted
from deliverychain.findings import Severity
from deliverychain.rules.base import Rule
from deliverychain.vocab import Carry, LinkKind, TargetBasis

if TYPE_CHECKING:
    from deliverychain.model import Link

FAMILY = "feedback"
NAO_11 = ("NAO and Audit Commission (2006) Delivering efficiently: strengthening the links in public "
          "service delivery chains, question 11")
NUMBERS_LITERATURE = ("NHS performance management of commissioners and trusts described as 'mainly about "
                      "being told what to do about numbers' (see the domain sources in the documentation)")
OVERSIGHT = "NHS England, NHS Oversight Framework: segmentation 1-4, relegation after bottom-quartile performance"
PEERS = ("North East and North Cumbria: areas with long ambulance delays paired with areas with short ones; "
         "West Yorkshire: six acute trusts sharing services")
#: Witnesses tried per finding before a numbers-only place is reported without a loop trace.
_WITNESS_TRIES = 20
_CARRY_ORDER = {c.value: k for k, c in enumerate(Carry)}
#: Peers needed before their lack of peer learning is worth a note (DC204).
MIN_PEERS = 2


def _carried(links: list[Link]) -> str:
    terms = sorted({c for link in links for c in link.carries}, key=lambda c: (_CARRY_ORDER.get(c, 99), c))
    return join_names(terms, limit=4)


# --- DC201 ---------------------------------------------------------------------------


def _deciders(ctx: AuditContext) -> list[bool]:
    """The owner, and every actor in its chain that performance-manages or mandates.

    Actors above the owner (its own masters) are context, not part of the owner's loop.
    """
    reached, _ = routes.steered(ctx)
    deciding = [False] * len(ctx.ids)
    deciding[ctx.owner] = True
    facts, sources = ctx.facts, ctx.sources
    for j in compress(range(len(sources)), map(linkfacts.DECIDING_KINDS.__contains__, facts.kind)):
        if reached[sources[j]] and facts.present[j]:
            deciding[sources[j]] = True
    return deciding


@dataclass
class _Stop:
    """A place where learning stops: the receiver and its numbers-only links from learning holders."""

    receiver: int
    links: list[int]
    #: Who the receiver reports to, transitively ({actor: link reached by}), itself included.
    above: dict[int, int]
    #: A feedback link declared missing on purpose that would have carried the learning on.
    intended_gap: int | None = None


@dataclass
class _Loop:
    stop: int
    #: Deciders over the witness practice that hear only numbers, top first.
    deciders: list[int]
    trace: list[int]


class _NumbersOnlyLoops:
    """DC201's analysis: learning from practice, where it stops, and the loops that hear only numbers."""

    def __init__(self, ctx: AuditContext) -> None:
        self.ctx = ctx
        self.stops: list[_Stop] = []
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
        for v, links in sorted(by_receiver.items(), key=lambda item: item[1][0]):
            stop = _Stop(v, links, routes.local_reach(ctx, v, "reports_up"))
            senders = {sources[j] for j in links}
            senders.update(ctx.route_to(sources[links[0]], self.learned_via))
            stop.intended_gap = next(
                (j for j in intended if sources[j] in senders and targets[j] in stop.above), None
            )
            self.stops.append(stop)

    def witness(self, stop: _Stop) -> _Loop | None:
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
            return _Loop(j, deciders, [*down, *up[1:]])
        return None

    def signature(self, stop: _Stop) -> tuple[str, bool]:
        return self.ctx.actors[stop.receiver].kind, stop.intended_gap is not None

    def emission(self, stops: list[_Stop]) -> Emission | None:
        """One place where learning stops, or (folded) many places alike."""
        ctx = self.ctx
        first, loop = next(((s, w) for s in stops if (w := self.witness(s)) is not None), (None, None))
        if first is None or loop is None:
            return None
        receivers = [s.receiver for s in stops]
        if len(stops) == 1:
            reporting: Iterable[int] = routes.local_reach(ctx, first.receiver, "reports_up", reverse=True)
            k = sum(self.is_practice[i] for i in reporting)
        else:
            reached, _ = routes.reach(ctx, receivers, "reports_up", reverse=True)
            k = sum(1 for p in ctx.practice if reached[p])
        stop_links = [j for s in stops for j in s.links]
        carried = _carried([ctx.links[j] for j in stop_links])
        deciders = ctx.names(loop.deciders, limit=4)
        report = "reports" if k == 1 else "report"
        if len(stops) == 1:
            receiver = ctx.name(first.receiver)
            many = len(loop.deciders) > 1
            message = (
                f"Learning from practice stops at {receiver}: {count(k, 'practice actor')} {report} to it "
                f"and what arrives carries only {carried}; {deciders} {'steer' if many else 'steers'} that "
                f"practice and {'hear' if many else 'hears'} back only numbers"
            )
            subject = ctx.ids[first.receiver]
        else:
            kind = ctx.actors[first.receiver].kind
            receiver = f"{len(stops):,} actors of kind '{kind}'"
            message = (
                f"Learning from practice stops at {receiver} (e.g. {ctx.names(receivers)}): "
                f"{count(k, 'practice actor')} {report} to them and what arrives carries only {carried}; in "
                f"each case those that steer the practice (e.g. {deciders}) hear back only numbers"
            )
            subject = kind_subject(kind)
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
        data: tuple[tuple[str, object], ...] = (
            ("practice", k), ("deciders", [ctx.ids[d] for d in loop.deciders]),
            ("stop_links", [ctx.links[j].key for j in stop_links[:EXAMPLES]]),
        )
        if len(stops) > 1:
            data = (*folded_data(len(stops), [ctx.ids[r] for r in receivers]), *data)
        return Emission(
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
            data=data,
        )


def check_numbers_only_feedback(ctx: AuditContext) -> Iterator[Emission]:
    loops = _NumbersOnlyLoops(ctx)
    yield from fold(loops.stops, loops.signature, lambda stop: loops.emission([stop]), loops.emission)


NUMBERS_ONLY_FEEDBACK = Rule(
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
    references=(NUMBERS_LITERATURE, NAO_11),
    nao_question=11,
    family=FAMILY,
    check=check_numbers_only_feedback,
)


# --- DC202 ---------------------------------------------------------------------------


def _by_source(ctx: AuditContext, chosen: list[int]) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    for j in chosen:
        groups.setdefault(ctx.sources[j], []).append(j)
    return sorted(groups.values(), key=lambda g: g[0])


#: What, arriving by any link, helps an actor change practice.
_HELP = frozenset({Carry.GUIDANCE, Carry.LEARNING, Carry.NARRATIVE, Carry.PRACTICE_CHANGE})


def _helped(ctx: AuditContext, v: int) -> bool:
    """Something else reaching v helps it change: a support or peer link, or guidance or learning."""
    present, kind = ctx.facts.present, ctx.facts.kind
    return any(
        present[j] and (kind[j] in linkfacts.SUPPORT_KINDS or _HELP.intersection(ctx.links[j].carries))
        for j in ctx.in_links[v]
    )


def check_numbers_only_performance_management(ctx: AuditContext) -> Iterator[Emission]:
    steers_practice = routes.steers_practice(ctx)
    facts, targets = ctx.facts, ctx.targets
    managing = compress(range(len(targets)), map(LinkKind.PERFORMANCE_MANAGEMENT.__eq__, facts.kind))
    chosen = [
        j for j in managing
        if facts.present[j] and facts.numbers_only[j] and steers_practice[targets[j]]
        and not _helped(ctx, targets[j])
    ]
    yield from fold(
        _by_source(ctx, chosen),
        lambda group: ctx.actors[ctx.sources[group[0]]].kind,
        lambda group: _numbers_only_pm(ctx, [group]),
        lambda groups: _numbers_only_pm(ctx, groups),
    )


def _numbers_only_pm(ctx: AuditContext, groups: list[list[int]]) -> Emission:
    """One actor's numbers-only performance management, or (folded) many actors' of one kind."""
    links = [j for group in groups for j in group]
    j = links[0]
    u, w = ctx.sources[j], ctx.targets[j]
    carried = _carried([ctx.links[k] for k in links])
    receivers = ctx.names([ctx.targets[k] for k in links])
    if len(groups) > 1:
        managers = [ctx.sources[group[0]] for group in groups]
        head = (f"{len(groups):,} actors of kind '{ctx.actors[u].kind}' "
                f"({ctx.names(managers)}) performance-manage "
                f"{count(len(links), 'actor')} ({receivers}) with only {carried}")
        subject = kind_subject(ctx.actors[u].kind)
        data = folded_data(len(groups), [ctx.ids[m] for m in managers])
    elif len(links) == 1:
        head = f"{ctx.name(u)} -> {ctx.name(w)}: performance management carries only {carried}"
        subject, data = ctx.ids[u], ()
    else:
        head = f"{ctx.name(u)} performance-manages {count(len(links), 'actor')} ({receivers}) with only {carried}"
        subject, data = ctx.ids[u], ()
    them = "it" if len(links) == 1 else "them"
    return Emission(
        message=f"{head}, and nothing else reaching {them} helps practice change: numbers about existing practice",
        subject=subject,
        path=ctx.link_path(j, "carries"),
        hint=("add what helps practice change (guidance, learning, practice change) to the "
              "relationship, or a support link alongside it"),
        related=tuple(
            (ctx.link_path(k, "carries"), f"{ctx.link_label(k)} also carries only numbers") for k in links[1:4]
        ),
        data=(*data, ("links", [ctx.links[k].key for k in links[:EXAMPLES]])),
    )


NUMBERS_ONLY_PERFORMANCE_MANAGEMENT = Rule(
    id="DC202",
    name="numbers-only-performance-management",
    severity=Severity.WARNING,
    summary=(
        "A performance-management link that carries only numbers (targets, metrics, money, "
        "perhaps assurance) to practice, or to an actor that steers practice, when nothing "
        "else reaching that actor helps it change (no support or peer-learning link, nothing "
        "carrying guidance, learning, narrative or practice change). Links from one actor are "
        "reported together."
    ),
    why=(
        "Performance management of commissioners and trusts has been mainly about being told "
        "what to do about numbers. Numbers about existing practice suit a chain that keeps "
        "practice as it is; a chain meant to change practice has to carry guidance, learning "
        "and help as well."
    ),
    example=(
        "links:\n"
        "  - from: nhse\n"
        "    to: icb\n"
        "    kind: performance-management\n"
        "    carries: [targets, metrics]\n"
    ),
    fix=(
        "Say what else the relationship carries, if it does ('carries: [targets, guidance, "
        "learning]'), or add the support link that helps the receiver change practice."
    ),
    references=(NUMBERS_LITERATURE,),
    nao_question=9,
    family=FAMILY,
    check=check_numbers_only_performance_management,
)


# --- DC203 ---------------------------------------------------------------------------


def check_rank_based_target(ctx: AuditContext) -> Iterator[Emission]:
    with_targets = compress(range(len(ctx.links)), ctx.link_fields["targets"])
    chosen = [j for j in with_targets if any(t.basis == TargetBasis.RANK for t in ctx.links[j].targets)]
    yield from fold(
        _by_source(ctx, chosen),
        lambda group: ctx.actors[ctx.sources[group[0]]].kind,
        lambda group: _rank_targets(ctx, [group]),
        lambda groups: _rank_targets(ctx, groups),
    )


def _rank_targets(ctx: AuditContext, groups: list[list[int]]) -> Emission:
    links = [j for group in groups for j in group]
    j = links[0]
    u = ctx.sources[j]
    first = next(k for k, t in enumerate(ctx.links[j].targets) if t.basis == TargetBasis.RANK)
    names = sorted({t.name for k in links for t in ctx.links[k].targets if t.basis == TargetBasis.RANK})
    targets = join_names([quoted(name) for name in names])
    receivers = ctx.names([ctx.targets[k] for k in links])
    if len(groups) > 1:
        setters = [ctx.sources[group[0]] for group in groups]
        who = (f"{len(groups):,} actors of kind '{ctx.actors[u].kind}' "
               f"({ctx.names(setters)}) set")
        subject = kind_subject(ctx.actors[u].kind)
        data = folded_data(len(groups), [ctx.ids[s] for s in setters])
    else:
        who, subject, data = f"{ctx.name(u)} sets", ctx.ids[u], ()
    where = f"on {ctx.link_label(j)}" if len(links) == 1 else f"on {count(len(links), 'link')} (to {receivers})"
    return Emission(
        message=f"{who} a target defined by rank, {targets}, {where}: whatever everyone does, some must always miss it",
        subject=subject,
        path=(*ctx.link_path(j), "targets", first, "basis"),
        hint="set an absolute threshold or an improvement on each organisation's own baseline",
        related=tuple((ctx.link_path(k, "targets"), f"also on {ctx.link_label(k)}") for k in links[1:4]),
        data=(*data, ("links", [ctx.links[k].key for k in links[:EXAMPLES]])),
    )


RANK_BASED_TARGET = Rule(
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
    references=(OVERSIGHT,),
    nao_question=7,
    family=FAMILY,
    check=check_rank_based_target,
)


# --- DC204 ---------------------------------------------------------------------------


def check_no_peer_learning(ctx: AuditContext) -> Iterator[Emission]:
    """Peers (same tier, same kind) that steer practice, with no peer learning between any two."""
    reached, _ = routes.steered(ctx)
    steers_practice = routes.steers_practice(ctx)
    practice = set(ctx.practice)

    def peer_group(i: int) -> tuple[str, str]:
        return ctx.actors[i].tier, ctx.actors[i].kind

    groups: dict[tuple[str, str], list[int]] = {}
    for i in range(len(ctx.ids)):
        if reached[i] and steers_practice[i] and i not in practice and i != ctx.owner:
            groups.setdefault(peer_group(i), []).append(i)
    with_peers: set[tuple[str, str]] = set()
    facts = ctx.facts
    for j in compress(range(len(ctx.links)), map(LinkKind.PEER_LEARNING.__eq__, facts.kind)):
        if facts.present[j]:
            u, w = ctx.sources[j], ctx.targets[j]
            if peer_group(u) == peer_group(w):
                with_peers.add(peer_group(u))
    for (tier, kind), members in sorted(groups.items(), key=lambda item: item[1][0]):
        if len(members) < MIN_PEERS or (tier, kind) in with_peers:
            continue
        names = ctx.names(members)
        yield Emission(
            message=(f"No peer learning between the {len(members):,} actors of kind '{kind}' that steer "
                     f"practice ({names}): they learn only up and down the chain"),
            subject=f"{tier}:{kind}",
            path=ctx.actor_path(members[0], "kind"),
            hint="show the buddying, networks or shared services between them as 'peer-learning' links",
            data=(("actors", len(members)),),
        )


NO_PEER_LEARNING = Rule(
    id="DC204",
    name="no-peer-learning",
    severity=Severity.INFO,
    summary=(
        "Two or more peers (actors of the same tier and kind: trusts, ICBs, PCNs...) that "
        "steer practice, with no peer-learning link between any two of them."
    ),
    why=(
        "Peer support works: North East and North Cumbria paired areas with long ambulance "
        "delays with areas with short ones, and staff visited and learned from peers; West "
        "Yorkshire's six acute trusts share services. Sideways links are a strength; a chain "
        "without them learns only up and down."
    ),
    example=(
        "actors:\n"
        "  - {id: trust-a, name: Trust A, tier: organisation, kind: trust}\n"
        "  - {id: trust-b, name: Trust B, tier: organisation, kind: trust}\n"
        "  - {id: trust-c, name: Trust C, tier: organisation, kind: trust}\n"
        "# each steers its own clinical teams; no peer-learning link between the trusts\n"
    ),
    fix="Add the peer links that exist ('{from: trust-a, to: trust-b, kind: peer-learning}'), or create them.",
    references=(PEERS, NAO_11),
    nao_question=11,
    family=FAMILY,
    check=check_no_peer_learning,
)


RULES: tuple[Rule, ...] = (
    NUMBERS_ONLY_FEEDBACK,
    NUMBERS_ONLY_PERFORMANCE_MANAGEMENT,
    RANK_BASED_TARGET,
    NO_PEER_LEARNING,
)
