"""DC1xx missing links: does a chain of real relationships reach practice, and come back?

Each unreached actor is reported once, at the place its route stops:
- practice (or beneficiaries) cut off behind a link *declared* missing or planned are
  DC105's, at that link;
- the rest are DC101/DC102/DC103's, grouped where the route stops, with a ghost link
  where the missing link would attach;
- beneficiaries who would be reached through practice that is itself unreached are left to
  the practice finding (one cause, one finding).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from deliverychain.analysis import linkfacts, routes
from deliverychain.analysis.context import AuditContext
from deliverychain.analysis.emit import Emission
from deliverychain.analysis.folding import fold, folded_data, kind_subject
from deliverychain.analysis.gaps import Gap, find_gaps
from deliverychain.analysis.wording import count, join_names, quoted
from deliverychain.findings import Severity
from deliverychain.positions import KeyPath
from deliverychain.rules.base import Rule
from deliverychain.vocab import Role, Strength

if TYPE_CHECKING:
    from deliverychain.model import Link

FAMILY = "missing-links"
BARBER = "Barber, M. (2007) Instruction to Deliver; Barber, Moffit and Kihn (2010) Deliverology 101"
ONTARIO = "Ontario Cabinet Office, delivery chain guidance: 'a meaningful link to the end recipient'"
NAO = ("NAO and Audit Commission (2006) Delivering efficiently: strengthening the links in public service "
       "delivery chains")


def _names(ctx: AuditContext, actors: list[int], limit: int = 3, conjunction: str = "and") -> str:
    return ctx.names(actors, limit, conjunction)


def _related_actors(ctx: AuditContext, actors: list[int], what: str, limit: int = 3) -> tuple[tuple[KeyPath, str], ...]:
    return tuple((ctx.actor_path(i), f"{ctx.name(i)}: {what}") for i in actors[:limit])


def _of_total(k: int, total: int, noun: str) -> str:
    """'12 of 40 practice actors' / 'all 40 practice actors' / 'both' / 'the one practice actor'."""
    plural = "beneficiaries" if noun == "beneficiary" else f"{noun}s"
    if k == total == 1:
        return f"the one {noun}"
    if k == total == 2:
        return f"both {plural}"
    if k == total:
        return f"all {total:,} {plural}"
    return f"{k:,} of {count(total, noun, plural)}"


def _ghost(source: str, target: str, kind: str) -> tuple[str, object]:
    return ("ghost_link", {"from": source, "to": target, "kind": kind})


# --- DC101 ---------------------------------------------------------------------------


def _kinds(ctx: AuditContext, actors: list[int]) -> str:
    return "+".join(sorted({ctx.actors[i].kind for i in actors}))


def _gap_signature(ctx: AuditContext, gap: Gap) -> tuple[str, str, bool]:
    anchor_kind = ctx.actors[gap.anchor].kind if gap.anchor != -1 else ""
    return _kinds(ctx, gap.heads), anchor_kind, set(gap.heads) == set(gap.members)


def _gap_subject(ctx: AuditContext, gaps: list[Gap], upward: bool) -> str:
    heads, anchor, _ = _gap_signature(ctx, gaps[0])
    if not anchor:
        return kind_subject(heads)
    return kind_subject(heads, anchor) if upward else kind_subject(anchor, heads)


def _steering_findings(
    ctx: AuditContext, gaps: list[Gap], total: int, noun: str, reached_by: str
) -> Iterator[Emission]:
    yield from fold(
        gaps,
        lambda gap: _gap_signature(ctx, gap),
        lambda gap: _stranded_by_steering(ctx, gap, total, noun, reached_by),
        lambda folded: _stranded_by_steering_folded(ctx, folded, total, noun, reached_by),
    )


def _steering_ghost(ctx: AuditContext, gap: Gap) -> list[tuple[str, object]]:
    if gap.anchor == -1:
        return []
    return [_ghost(ctx.ids[gap.anchor], ctx.ids[gap.heads[0]], "support")]


def _steering_hint(ctx: AuditContext, gap: Gap) -> str:
    head = ctx.name(gap.heads[0])
    if gap.anchor == -1:
        return f"link {head} to the actors that should steer it"
    return (f"add the link through which {ctx.name(gap.anchor)} (or another actor) steers {head}; "
            f"if it is missing on purpose, declare it with 'strength: missing' and 'intended_gap: <why>'")


def _stranded_by_steering(ctx: AuditContext, gap: Gap, total: int, noun: str, reached_by: str) -> Emission:
    members, heads = gap.members, gap.heads
    are = "is" if len(members) == 1 else "are"
    who = f"{_of_total(len(members), total, noun)} {are} not reached by {reached_by}"
    if set(heads) == set(members):
        why = f"nothing steers {_names(ctx, heads)}"
    else:
        lead = "leads" if len(heads) == 1 else "lead"
        why = f"nothing steers {_names(ctx, heads)}, which {lead} to them (e.g. {_names(ctx, members, 2)})"
    near = f"; the nearest actor the steering does reach is {ctx.name(gap.anchor)}" if gap.anchor != -1 else ""
    related = _related_actors(ctx, heads[1:], "nothing steers this actor either")
    if gap.anchor != -1:
        related = ((ctx.actor_path(gap.anchor), f"{ctx.name(gap.anchor)} is reached"), *related)
    return Emission(
        message=f"{who}: {why}{near}",
        subject=ctx.ids[gap.key],
        path=ctx.actor_path(heads[0]),
        hint=_steering_hint(ctx, gap),
        related=related,
        data=(*_steering_ghost(ctx, gap), ("unreached", len(members)), ("total", total)),
    )


def _stranded_by_steering_folded(
    ctx: AuditContext, gaps: list[Gap], total: int, noun: str, reached_by: str
) -> Emission:
    first = gaps[0]
    head_kind, anchor_kind, _ = _gap_signature(ctx, first)
    stranded = sum(len(gap.members) for gap in gaps)
    heads = [gap.heads[0] for gap in gaps]
    are = "is" if stranded == 1 else "are"
    message = (f"{_of_total(stranded, total, noun)} {are} not reached by {reached_by}, in {len(gaps):,} "
               f"places alike: nothing steers the '{head_kind}' actors there (e.g. {_names(ctx, heads)})")
    if anchor_kind:
        anchors = [gap.anchor for gap in gaps]
        message += (f"; the nearest actor the steering reaches is in each case a '{anchor_kind}' "
                    f"(e.g. {_names(ctx, anchors)})")
    return Emission(
        message=message,
        subject=_gap_subject(ctx, gaps, upward=False),
        path=ctx.actor_path(first.heads[0]),
        hint=_steering_hint(ctx, first) + f", and likewise in the other {len(gaps) - 1:,} places",
        related=_related_actors(ctx, heads[1:], "nothing steers this actor either"),
        data=(*_steering_ghost(ctx, first),
              *folded_data(len(gaps), [ctx.ids[gap.key] for gap in gaps],
                           ("unreached", stranded), ("total", total))),
    )


def check_practice_unreached(ctx: AuditContext) -> Iterator[Emission]:
    owner = ctx.name(ctx.owner)
    practice = ctx.practice
    if not practice:
        yield Emission(
            message=f"no actor's practice is named, so nothing shows how {owner}'s intent reaches the front line",
            subject=ctx.ids[ctx.owner],
            path=("actors",),
            hint="give the people whose practice must change 'roles: [practice]', or put them in the frontline tier",
        )
        return
    reached, _ = routes.steered(ctx)
    behind = routes.behind_absent_down(ctx)
    stranded = [p for p in practice if not reached[p] and not behind[p]]
    # The missing link attaches to an actor that steers, not to a peer of the stranded practice.
    not_anchors = {*practice, *ctx.beneficiaries}
    gaps = find_gaps(ctx, reached, stranded, "steers", not_anchors=not_anchors)
    yield from _steering_findings(ctx, gaps, len(practice), "practice actor", f"{owner}'s steering")


PRACTICE_UNREACHED = Rule(
    id="DC101",
    name="practice-unreached",
    severity=Severity.ERROR,
    summary=(
        "The owner's steering (mandate, funding, commissioning, performance management, "
        "regulation, support or influence that exists) must reach every actor whose practice "
        "must change. The finding says how many practice actors are cut off, where the route "
        "stops, and draws the missing link as a ghost."
    ),
    why=(
        "A plan published in London changes nothing unless a chain of real relationships "
        "reaches the person whose practice must change. Asked what linked a room overlooking "
        "the Cenotaph to an A&E unit in Lancashire, the Prime Minister's Delivery Unit found "
        "the first links self-evident and then large gaps (Barber). Ontario's guidance asks "
        "for 'a meaningful link to the end recipient'."
    ),
    example=(
        "chain: {id: ae, title: A&E waits, intent: Four-hour standard, owner: dhsc}\n"
        "actors:\n"
        "  - {id: dhsc, name: DHSC, tier: government, kind: department}\n"
        "  - {id: icb, name: Lancashire ICB, tier: system, kind: icb}\n"
        "  - {id: ed-nurse, name: ED nurse, tier: frontline, kind: nurse}\n"
        "links:\n"
        "  - {from: dhsc, to: icb, kind: mandate}\n"
        "  # nothing links the ICB to the ED nurse\n"
    ),
    fix=(
        "Add the relationships through which the practice is actually steered and supported "
        "(the ICB commissions the trust; the trust's clinical lead supports the ED team). If a "
        "link should exist but does not, declare it with 'strength: missing' (DC105 then "
        "reports it at that link) and, if that is deliberate, 'intended_gap: <why>'."
    ),
    references=(BARBER, ONTARIO),
    nao_question=6,
    family=FAMILY,
    check=check_practice_unreached,
)


# --- DC102 ---------------------------------------------------------------------------


def check_beneficiaries_unreached(ctx: AuditContext) -> Iterator[Emission]:
    practice = set(ctx.practice)
    beneficiaries = [b for b in ctx.beneficiaries if b not in practice]
    if not beneficiaries:
        return
    reached, _ = routes.steered(ctx)
    behind = routes.behind_absent_down(ctx)
    unreached_practice = [p for p in ctx.practice if not reached[p]]
    # Beneficiaries the unreached practice would reach: DC101/DC105 already report that cause.
    downstream, _ = routes.reach(ctx, unreached_practice, "steers")
    stranded = [b for b in beneficiaries if not (reached[b] or behind[b] or downstream[b])]
    owner = ctx.name(ctx.owner)
    gaps = find_gaps(ctx, reached, stranded, "steers", not_anchors=ctx.beneficiaries)
    yield from _steering_findings(ctx, gaps, len(beneficiaries), "beneficiary", f"anything {owner} steers")


BENEFICIARIES_UNREACHED = Rule(
    id="DC102",
    name="beneficiaries-unreached",
    severity=Severity.ERROR,
    summary=(
        "The people the policy is for (beneficiaries: patients, carers, the public) must be "
        "reached by something the owner steers, usually through practice. Beneficiaries "
        "behind unreached practice are reported with that practice (DC101, DC105)."
    ),
    why=(
        "The guiding question of a delivery chain ends with the front line and the people it "
        "serves: how, and through whom, does the strategy actually happen (Barber)? A chain "
        "that stops short of the worried patient has no 'meaningful link to the end "
        "recipient' (Ontario)."
    ),
    example=(
        "actors:\n"
        "  - {id: gp, name: GP, tier: frontline, kind: gp}\n"
        "  - {id: patients, name: People with symptoms, tier: public, kind: patients}\n"
        "links:\n"
        "  - {from: patients, to: gp, kind: voice}   # upward only: nothing reaches them\n"
    ),
    fix=(
        "Add the link through which practice (or a campaign, or a service) reaches them, "
        "for example '{from: gp, to: patients, kind: support, carries: [guidance]}'."
    ),
    references=(BARBER, ONTARIO),
    nao_question=6,
    family=FAMILY,
    check=check_beneficiaries_unreached,
)


# --- DC103 ---------------------------------------------------------------------------


def check_no_route_back(ctx: AuditContext) -> Iterator[Emission]:
    practice = ctx.practice
    if not practice:
        return
    heard, _ = routes.heard(ctx)
    behind = routes.behind_absent_up(ctx)
    stranded = [p for p in practice if not heard[p] and not behind[p]]
    gaps = find_gaps(ctx, heard, stranded, "reports_up", reverse=True,
                     not_anchors={*practice, *ctx.beneficiaries})
    yield from fold(
        gaps,
        lambda gap: _gap_signature(ctx, gap),
        lambda gap: _no_route_back(ctx, [gap]),
        lambda folded: _no_route_back(ctx, folded),
    )


def _no_route_back(ctx: AuditContext, gaps: list[Gap]) -> Emission:
    """One place where reports stop, or (folded) many places alike."""
    owner = ctx.name(ctx.owner)
    total = len(ctx.practice)
    first = gaps[0]
    members = [p for gap in gaps for p in gap.members]
    heads = [gap.heads[0] for gap in gaps] if len(gaps) > 1 else first.heads
    verb = "has" if len(members) == 1 else "have"
    who = f"{_of_total(len(members), total, 'practice actor')} {verb} no route back to {owner}"
    if len(gaps) > 1:
        who += f", in {len(gaps):,} places alike"
    if set(first.heads) == set(first.members):
        why = f"no reporting, feedback or voice link leaves {_names(ctx, heads)}"
    else:
        verb = "reports" if len(heads) == 1 else "report"
        why = f"what they report stops at {_names(ctx, heads)}, which {verb} to no one above"
    anchors = [gap.anchor for gap in gaps if gap.anchor != -1]
    near = ""
    if len(gaps) == 1 and anchors:
        near = f"; the nearest actor with a route back is {ctx.name(anchors[0])}"
    elif anchors:
        near = (f"; the nearest actor with a route back is in each case a '{ctx.actors[anchors[0]].kind}' "
                f"(e.g. {_names(ctx, anchors)})")
    data: list[tuple[str, object]] = [("unreached", len(members)), ("total", total)]
    if first.anchor != -1:
        data.insert(0, _ghost(ctx.ids[first.heads[0]], ctx.ids[first.anchor], "feedback"))
    towards = ctx.name(first.anchor) if first.anchor != -1 else owner
    hint = (f"add a feedback or reporting link from {ctx.name(first.heads[0])} towards {towards}, "
            f"carrying learning as well as numbers")
    if len(gaps) > 1:
        hint += f", and likewise in the other {len(gaps) - 1:,} places"
        data = [*data[:1], *folded_data(len(gaps), [ctx.ids[gap.key] for gap in gaps]), *data[1:]]
    return Emission(
        message=f"{who}: {why}{near}; the centre cannot learn from this practice",
        subject=ctx.ids[first.key] if len(gaps) == 1 else _gap_subject(ctx, gaps, upward=True),
        path=ctx.actor_path(first.heads[0]),
        hint=hint,
        related=_related_actors(ctx, heads[1:], "reports to no one above either"),
        data=tuple(data),
    )


NO_ROUTE_BACK = Rule(
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
    references=(NAO,),
    nao_question=11,
    family=FAMILY,
    check=check_no_route_back,
)


# --- DC104 ---------------------------------------------------------------------------


def check_lever_to_nothing(ctx: AuditContext) -> Iterator[Emission]:
    levers = [i for i, a in enumerate(ctx.actors) if Role.LEVER in a.roles]
    if not levers:
        return
    front_line = sorted(set(ctx.practice) | set(ctx.beneficiaries))
    moves_front_line, _ = routes.reach(ctx, front_line, "steers", reverse=True)
    idle = [i for i in levers if not moves_front_line[i]]
    yield from fold(
        idle,
        lambda i: ctx.actors[i].kind,
        lambda i: _idle_lever(ctx, i),
        lambda folded: Emission(
            message=(f"{len(folded):,} levers of kind '{ctx.actors[folded[0]].kind}' "
                     f"({_names(ctx, folded)}) are connected to nothing at the front line"),
            subject=kind_subject(ctx.actors[folded[0]].kind),
            path=ctx.actor_path(folded[0]),
            hint=_LEVER_HINT,
            related=_related_actors(ctx, folded[1:], "also connected to nothing at the front line"),
            data=folded_data(len(folded), [ctx.ids[i] for i in folded]),
        ),
    )


_LEVER_HINT = "link the lever to the organisations and people it should move, or say why it is pulled"


def _idle_lever(ctx: AuditContext, i: int) -> Emission:
    out = routes.adjacency(ctx, "steers")[i]
    if len(out) == 1:
        where = "its one link down the chain leads to neither practice nor the people the policy is for"
    elif out:
        where = f"its {len(out):,} links down the chain lead to neither practice nor the people the policy is for"
    else:
        where = "nothing links it down the chain"
    return Emission(
        message=f"{ctx.name(i)} is a lever connected to nothing at the front line: {where}",
        subject=ctx.ids[i],
        path=ctx.actor_path(i),
        hint=_LEVER_HINT,
        related=tuple((ctx.link_path(j), f"leads to {ctx.name(ctx.targets[j])}") for j in out[:3]),
    )


LEVER_TO_NOTHING = Rule(
    id="DC104",
    name="lever-to-nothing",
    severity=Severity.WARNING,
    summary=(
        "An actor with role 'lever' (a speech, legislation, a meeting with chief executives) "
        "whose links down the chain reach no practice actor and none of the people the policy "
        "is for (a public campaign that reaches patients is connected)."
    ),
    why=(
        "Ministers pull levers (speeches, meetings with chief executives, legislation) that "
        "may be connected to nothing at the front line (Barber, Instruction to Deliver)."
    ),
    example=(
        "actors:\n"
        "  - {id: speech, name: Secretary of State's speech, tier: government, kind: speech, roles: [lever]}\n"
        "links:\n"
        "  - {from: sos, to: speech, kind: influence}\n"
        "  # the speech links to nothing below\n"
    ),
    fix=(
        "Show what the lever moves: '{from: speech, to: trust-ceos, kind: influence}' and on "
        "to practice; or drop the lever from the chain if it moves nothing."
    ),
    references=(BARBER,),
    nao_question=7,
    family=FAMILY,
    check=check_lever_to_nothing,
)


# --- DC105 ---------------------------------------------------------------------------


#: An absent link and what depends on it: (link, practice behind it, beneficiaries behind it, practice
#: whose only route back it is).
_Cut = tuple[int, int, int, int]


def _absent_link_cuts(ctx: AuditContext) -> list[_Cut]:
    facts = ctx.facts
    absent = facts.absent_links
    if not absent or not ctx.practice:
        return []
    practice = set(ctx.practice)
    practice_weight = routes.weights(ctx, ctx.practice)
    public_weight = routes.weights(ctx, [b for b in ctx.beneficiaries if b not in practice])
    down_practice = down_public = up_practice = None
    cuts: list[_Cut] = []
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
            cuts.append((j, k, b, up))
    return cuts


def _state(link: Link) -> str:
    return "planned but not yet in place" if linkfacts.strength(link) == Strength.PLANNED else "declared missing"


def _cut_signature(ctx: AuditContext, cut: _Cut) -> tuple[str, ...]:
    j = cut[0]
    u, v = ctx.sources[j], ctx.targets[j]
    link = ctx.links[j]
    return (ctx.actors[u].kind, ctx.actors[v].kind, link.kind, _state(link),
            "down" if cut[3] == 0 else "up", str(bool(link.intended_gap)))


def _cut_consequence(ctx: AuditContext, k: int, b: int, up: int) -> str:
    total = len(ctx.practice)
    parts: list[str] = []
    if k:
        parts.append(f"the only route to {_of_total(k, total, 'practice actor')}")
    if b:
        parts.append(f"{'' if k else 'the only route to '}{count(b, 'beneficiary', 'beneficiaries')}")
    if up:
        parts.append(f"the only route back to {ctx.name(ctx.owner)} from {_of_total(up, total, 'practice actor')}")
    return " and ".join(parts)


_CUT_HINT = "put the link in place, or find another route; if the gap is deliberate, say why with 'intended_gap: <why>'"


def _cut_single(ctx: AuditContext, cut: _Cut) -> Emission:
    j, k, b, up = cut
    link = ctx.links[j]
    message = f"{ctx.link_label(j)} is {_state(link)}, and is {_cut_consequence(ctx, k, b, up)}"
    severity = None
    if link.intended_gap:
        message += f"; marked as an intended gap: {quoted(link.intended_gap)}"
        severity = Severity.INFO
    return Emission(
        message=message,
        subject=link.key,
        path=ctx.link_path(j, "strength"),
        hint=_CUT_HINT,
        severity=severity,
        data=(_ghost(link.source, link.target, link.kind),),
    )


def _cut_folded(ctx: AuditContext, cuts: list[_Cut]) -> Emission:
    j = cuts[0][0]
    link = ctx.links[j]
    source_kind, target_kind = ctx.actors[ctx.sources[j]].kind, ctx.actors[ctx.targets[j]].kind
    total = len(ctx.practice)
    consequence = _cut_consequence(ctx, min(total, sum(c[1] for c in cuts)), sum(c[2] for c in cuts),
                                   min(total, sum(c[3] for c in cuts)))
    labels = join_names([ctx.link_label(c[0]) for c in cuts], limit=2)
    message = (f"{len(cuts):,} {link.kind} links from '{source_kind}' to '{target_kind}' actors are "
               f"{_state(link)} (e.g. {labels}); between them they are {consequence}")
    severity = None
    if link.intended_gap:
        message += f"; marked as intended gaps (e.g. {quoted(link.intended_gap)})"
        severity = Severity.INFO
    return Emission(
        message=message,
        subject=kind_subject(source_kind, target_kind, link_kind=link.kind),
        path=ctx.link_path(j, "strength"),
        hint=_CUT_HINT,
        related=tuple((ctx.link_path(c[0], "strength"), ctx.link_label(c[0])) for c in cuts[1:4]),
        severity=severity,
        data=(_ghost(link.source, link.target, link.kind),
              *folded_data(len(cuts), [ctx.links[c[0]].key for c in cuts])),
    )


def check_absent_link_on_only_route(ctx: AuditContext) -> Iterator[Emission]:
    yield from fold(
        _absent_link_cuts(ctx),
        lambda cut: _cut_signature(ctx, cut),
        lambda cut: _cut_single(ctx, cut),
        lambda cuts: _cut_folded(ctx, cuts),
    )


ABSENT_LINK_ON_ONLY_ROUTE = Rule(
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
    references=(BARBER, NAO),
    nao_question=8,
    family=FAMILY,
    check=check_absent_link_on_only_route,
)


# --- DC106 ---------------------------------------------------------------------------


def check_orphan_actor(ctx: AuditContext) -> Iterator[Emission]:
    reported_elsewhere = set(ctx.practice) | set(ctx.beneficiaries)
    orphans = [
        i for i in range(len(ctx.ids))
        if not (ctx.in_links[i] or ctx.out_links[i] or i in reported_elsewhere)
    ]
    hint = "link it to the actors it works with, or remove it if it plays no part in this chain"
    yield from fold(
        orphans,
        lambda i: ctx.actors[i].kind,
        lambda i: Emission(
            message=f"{ctx.name(i)} has no links: nothing steers it, it steers nothing and it reports to no one",
            subject=ctx.ids[i],
            path=ctx.actor_path(i),
            hint=hint,
        ),
        lambda folded: Emission(
            message=(f"{len(folded):,} actors of kind '{ctx.actors[folded[0]].kind}' "
                     f"({_names(ctx, folded)}) have no links at all"),
            subject=kind_subject(ctx.actors[folded[0]].kind),
            path=ctx.actor_path(folded[0]),
            hint=hint,
            related=_related_actors(ctx, folded[1:], "has no links either"),
            data=folded_data(len(folded), [ctx.ids[i] for i in folded]),
        ),
    )


ORPHAN_ACTOR = Rule(
    id="DC106",
    name="orphan-actor",
    severity=Severity.WARNING,
    summary=(
        "An actor with no links at all. (Practice actors and beneficiaries with no links are "
        "reported, as errors, by DC101, DC102 and DC103.)"
    ),
    why=(
        "A delivery chain is 'more than a stakeholder list' (Ontario): an actor matters to the "
        "chain through its relationships. An unlinked actor is usually a link not yet drawn."
    ),
    example=(
        "actors:\n"
        "  - {id: cqc, name: Care Quality Commission, tier: national, kind: regulator}\n"
        "# no link names cqc\n"
    ),
    fix="Draw its links (whom it steers, supports or hears from), or remove it.",
    references=(ONTARIO,),
    nao_question=10,
    family=FAMILY,
    check=check_orphan_actor,
)


RULES: tuple[Rule, ...] = (
    PRACTICE_UNREACHED,
    BENEFICIARIES_UNREACHED,
    NO_ROUTE_BACK,
    LEVER_TO_NOTHING,
    ABSENT_LINK_ON_ONLY_ROUTE,
    ORPHAN_ACTOR,
)
