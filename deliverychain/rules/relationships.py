"""DC3xx relationships: links that exist but do not work, and who depends on them.

"How much depends on this link?" is answered with dominator trees (one pass for every link
and actor, see analysis/dominators.py), never with a search per link.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from itertools import compress, filterfalse, repeat
from operator import and_, is_, itemgetter, not_
from typing import Any

from deliverychain.analysis import linkfacts, routes
from deliverychain.analysis.context import AuditContext
from deliverychain.analysis.emit import Emission
from deliverychain.analysis.folding import fold_alike, kind_subject
from deliverychain.analysis.wording import count, join_names
from deliverychain.findings import Severity
from deliverychain.positions import KeyPath
from deliverychain.rules.base import Rule
from deliverychain.vocab import JUDGING_KINDS, Capacity, Character, LinkKind, Role, Strength, Tier

FAMILY = "relationships"
#: Tiers whose bodies answer to Parliament or ministers, outside any one chain, and have no locality.
_NATIONAL_TIERS = frozenset({Tier.GOVERNMENT, Tier.NATIONAL})
ONTARIO = "Ontario Cabinet Office, delivery chain guidance: assess the strength of each link"
NAO = ("NAO and Audit Commission (2006) Delivering efficiently: strengthening the links in public service "
       "delivery chains")
LEADERS = ("Private survey of CCG and trust leaders: fewer than 5% enjoyed their relationship with their "
           "performance manager; most described it as 'telling, shouting and occasionally bullying'")
SUCCESS_REGIME = ("NHS England, Monitor and the NHS Trust Development Authority, the 'success regime' "
                  "(2015): support 'offered in traditional top-down style by regulators with a reputation for "
                  "command and control'")
JIT = ("Scottish Joint Improvement Team: trusted boundary spanners as critical friends, local presence, "
       "respect for complexity")
CHILD_OBESITY = "Child obesity target (2006): 26 bodies, jointly owned by three departments"
CANCER_NETWORKS = ("NAO (March 2005) The NHS Cancer Plan: a progress report: cancer networks negotiating with "
                   "'a dozen or more' PCTs")


def _rating_path(ctx: AuditContext, j: int, field: str) -> KeyPath:
    """The link's own rating field, or its assessments when the rating comes from them."""
    link = ctx.links[j]
    own = link.strength != Strength.UNKNOWN if field == "strength" else link.character is not None
    return ctx.link_path(j, field if own or not link.assessments else "assessments")


# --- DC301 ---------------------------------------------------------------------------


#: What a rule finds: (signature, how to write the finding). The finding is written only
#: when it is shown, alone or as an example of a folded pattern: most places of a large
#: chain are counted, never described.
Found = Iterator[tuple[tuple[str, ...], Callable[[], Emission]]]


def _fold_found(found: Found, what: Callable[[Any, int], str], subject: Callable[[Any], str]) -> Iterator[Emission]:
    yield from fold_alike(found, itemgetter(0), lambda pair: pair[1](), what, subject)


def _link_kinds(ctx: AuditContext, j: int) -> tuple[str, str, str]:
    return ctx.link_kinds[j]


def _link_subject(signature: tuple[str, ...]) -> str:
    return kind_subject(signature[0], signature[1], link_kind=signature[2])


def _links_alike(signature: tuple[str, ...], n: int) -> str:
    return f"{n:,} {signature[2]} links from '{signature[0]}' to '{signature[1]}' actors"


def _actor_subject(signature: tuple[str, ...]) -> str:
    return kind_subject(signature[0])


def _actors_alike(signature: tuple[str, ...], n: int) -> str:
    return f"{n:,} actors of kind '{signature[0]}'"


def check_weak_link_on_route(ctx: AuditContext) -> Iterator[Emission]:
    owner, total = ctx.name(ctx.owner), len(ctx.practice)

    def single(weak: _Weak) -> Emission:
        j, strength, k, direction = weak
        if direction == "down":
            depends = (f"{_share(k, total)} {'is' if k == 1 else 'are'} reached only through it" if k
                       else "it is on a route to practice (other routes reach the same practice)")
        else:
            depends = (f"it is the only route back to {owner} for {_share(k, total)}" if k
                       else "it is on a route back from practice (other routes exist)")
        return Emission(
            message=f"{ctx.link_label(j)} is {strength}: {depends}",
            subject=ctx.links[j].key,
            path=_rating_path(ctx, j, "strength"),
            hint=("strengthen the relationship (who meets whom, how often, with what help), or add "
                  "another route so practice does not depend on it"),
            severity=Severity.ERROR if strength == Strength.BROKEN and k else None,
            data=(("dependent_practice", k), ("total", total)),
        )

    def signature(weak: _Weak) -> tuple[str, ...]:
        j, strength, k, direction = weak
        return (*_link_kinds(ctx, j), strength, direction, "sole" if k else "shared")

    yield from fold_alike(
        _weak_links(ctx),
        signature,
        single,
        lambda sig, n: f"{_links_alike(sig, n)} are {sig[3]} on routes {'back from' if sig[4] == 'up' else 'to'} "
                       f"practice",
        _link_subject,
    )


#: A weak or broken link on a route: (link, strength, practice depending on it alone, "down" or "up").
_Weak = tuple[int, str, int, str]


def _weak_links(ctx: AuditContext) -> list[_Weak]:
    practice = ctx.practice
    if not practice:
        return []
    weight = routes.weights(ctx, practice)
    reached, _ = routes.steered(ctx)
    heard, _ = routes.heard(ctx)
    steers_practice = routes.steers_practice(ctx)
    reported_by_practice = routes.reported_by_practice(ctx)
    facts, sources, targets = ctx.facts, ctx.sources, ctx.targets
    steers, reports_up, strengths = facts.steers, facts.reports_up, facts.strength
    down_counts = up_counts = None
    found: list[_Weak] = []
    for j in compress(range(len(strengths)), map(linkfacts.WEAK_STRENGTHS.__contains__, strengths)):
        strength = strengths[j]
        u, w = sources[j], targets[j]
        if steers[j] and reached[u] and steers_practice[w]:
            down = routes.down_tree(ctx)
            if down_counts is None:
                down_counts = down.totals(weight)
            found.append((j, strength, down.link_total(j, down_counts), "down"))
        elif reports_up[j] and reported_by_practice[u] and heard[w]:
            up = routes.up_tree(ctx)
            if up_counts is None:
                up_counts = up.totals(weight)
            found.append((j, strength, up.link_total(j, up_counts), "up"))
    return found


def _share(k: int, total: int) -> str:
    return f"{k:,} of {count(total, 'practice actor')}"


WEAK_LINK_ON_ROUTE = Rule(
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
    references=(ONTARIO, NAO),
    nao_question=8,
    family=FAMILY,
    check=check_weak_link_on_route,
)


# --- DC302 ---------------------------------------------------------------------------


def _in_scope(ctx: AuditContext, v: int) -> bool:
    """Actors whose relationships the chain's owner answers for: below it, organisations not levers.

    The owner's own masters, government departments and national bodies are context: a
    Secretary of State mandating a department is not the relationship the literature
    warns about.
    """
    actor = ctx.actors[v]
    return (v != ctx.owner and Role.LEVER not in actor.roles and actor.tier not in _NATIONAL_TIERS
            and ctx.tier_rank[v] > ctx.tier_rank[ctx.owner])


def _harsh(kind: str, character: str | None) -> bool:
    """Punitive, or directive other than a mandate (a mandate is an instruction by its nature)."""
    return character == Character.PUNITIVE or (character == Character.DIRECTIVE and kind != LinkKind.MANDATE)


def check_directive_without_support(ctx: AuditContext) -> Iterator[Emission]:
    yield from _fold_found(
        _told_only(ctx),
        lambda sig, n: (f"{_actors_alike(sig, n)} get {'punitive' if sig[1] == 'punitive' else 'directive'} "
                        f"links and no supportive or collaborative one"),
        _actor_subject,
    )


#: Characters that can make a link harsh (`_harsh`).
_HARSH_CHARACTERS = frozenset({Character.PUNITIVE, Character.DIRECTIVE})


def _told_only(ctx: AuditContext) -> Found:
    facts = ctx.facts
    characters, present, link_kind = facts.character, facts.present, facts.kind
    # Only actors that receive a harsh link and nothing that helps can be told only: found
    # from the link columns, so that the rest are never looked at one by one.
    told = {
        ctx.targets[j]
        for j in compress(range(len(characters)), map(_HARSH_CHARACTERS.__contains__, characters))
        if present[j] and _harsh(link_kind[j], characters[j])
    }
    helps = [
        is_present and (character in linkfacts.KIND_CHARACTERS
                        or (character is None and kind in linkfacts.SUPPORT_KINDS))
        for is_present, character, kind in zip(present, characters, link_kind, strict=True)
    ]
    told.difference_update(compress(ctx.targets, helps))
    for v in sorted(told):
        if not _in_scope(ctx, v):
            continue
        harsh = [j for j in ctx.in_links[v] if present[j] and _harsh(link_kind[j], characters[j])]
        punitive = [j for j in harsh if characters[j] == Character.PUNITIVE]
        tone = "punitive" if punitive else "directive"
        yield (ctx.actors[v].kind, tone), partial(_told_only_emission, ctx, v, harsh, punitive)


def _told_only_emission(ctx: AuditContext, v: int, harsh: list[int], punitive: list[int]) -> Emission:
    name = ctx.name(v)
    if punitive:
        senders = join_names(sorted({ctx.name(ctx.sources[j]) for j in punitive}))
        kinds = join_names(sorted({ctx.links[j].kind for j in punitive}))
        message = (f"{name} gets punitive {kinds} from {senders} and nothing supportive or collaborative: "
                   f"the 'telling, shouting and occasionally bullying' most NHS leaders described")
        first = punitive[0]
    else:
        message = (f"{name} is only told what to do: {count(len(harsh), 'directive link')} in "
                   f"({join_names([ctx.link_label(j) for j in harsh], limit=2)}) and no supportive or "
                   f"collaborative one")
        first = harsh[0]
    return Emission(
        message=message,
        subject=ctx.ids[v],
        path=_rating_path(ctx, first, "character"),
        hint=(f"add the support {name} gets (an improvement team, a peer, a critical friend), "
              f"or change the character of the relationship"),
        related=tuple((_rating_path(ctx, j, "character"), ctx.link_label(j)) for j in harsh if j != first)[:3],
    )


DIRECTIVE_WITHOUT_SUPPORT = Rule(
    id="DC302",
    name="directive-without-support",
    severity=Severity.WARNING,
    summary=(
        "An actor that receives punitive links, or directive ones other than mandates (a "
        "mandate is an instruction by nature), and no supportive or collaborative one (a "
        "support or peer-learning link not itself directive, or any link whose character is "
        "supportive or collaborative). Checked below the owner's tier, for organisations, "
        "teams and people: not for government departments, national bodies or levers."
    ),
    why=(
        "Asked privately, fewer than 5% of CCG and trust leaders said they enjoyed their "
        "relationship with their performance manager; most described it as 'telling, shouting "
        "and occasionally bullying', very few as 'helpful'. A relationship has a character as "
        "well as a strength, and practice changes with help, not by instruction alone."
    ),
    example=(
        "links:\n"
        "  - from: nhse-region\n"
        "    to: icb\n"
        "    kind: performance-management\n"
        "    character: punitive\n"
    ),
    fix=(
        "Add the support the actor actually gets ('{from: improvement-team, to: icb, kind: "
        "support, character: supportive}'), or change how the relationship is run."
    ),
    references=(LEADERS,),
    nao_question=7,
    family=FAMILY,
    check=check_directive_without_support,
)


# --- DC303 ---------------------------------------------------------------------------


def _support_in(ctx: AuditContext, v: int) -> list[int]:
    supports = _supports(ctx)
    return [j for j in ctx.in_links[v] if supports[j]]


def _supports(ctx: AuditContext) -> list[bool]:
    """Per link: a present support or peer-learning link."""

    def judge() -> list[bool]:
        facts = ctx.facts
        return list(map(and_, map(linkfacts.SUPPORT_KINDS.__contains__, facts.kind), facts.present))

    return ctx.shared("supports", judge)


def check_judge_is_only_support(ctx: AuditContext) -> Iterator[Emission]:
    yield from _fold_found(
        _judged_helpers(ctx),
        lambda sig, n: f"{_actors_alike(sig, n)} are supported only by a '{sig[1]}' actor that also judges them",
        _actor_subject,
    )


def _judged_helpers(ctx: AuditContext) -> Found:
    facts, sources, targets = ctx.facts, ctx.sources, ctx.targets
    judges = list(map(and_, map(JUDGING_KINDS.__contains__, facts.kind), facts.present))
    # Candidates, from the link columns: actors with one supporter, who also judges them.
    supports = _supports(ctx)
    only_supporter: dict[int, int] = {}  # -1: more than one
    for u, v in zip(compress(sources, supports), compress(targets, supports), strict=True):
        if only_supporter.setdefault(v, u) != u:
            only_supporter[v] = -1
    judged = set(zip(compress(sources, judges), compress(targets, judges), strict=True))
    for v in sorted(v for v, u in only_supporter.items() if u != -1 and (u, v) in judged):
        support = _support_in(ctx, v)
        supporters = {sources[j] for j in support}
        if len(supporters) != 1:
            continue
        (s,) = supporters
        judging = [j for j in ctx.in_links[v] if sources[j] == s and judges[j]]
        if not judging:
            continue
        yield (ctx.actors[v].kind, ctx.actors[s].kind), partial(_judged_emission, ctx, v, s, support, judging)


def _judged_emission(ctx: AuditContext, v: int, s: int, support: list[int], judging: list[int]) -> Emission:
    kinds = join_names(sorted({ctx.links[j].kind for j in judging}))
    return Emission(
        message=(f"{ctx.name(s)} both judges {ctx.name(v)} ({kinds}) and is its only source of support: "
                 f"help from the body that judges you is a conflict"),
        subject=ctx.ids[v],
        path=ctx.link_path(support[0]),
        hint=(f"add support for {ctx.name(v)} from someone who does not judge it (a peer, an "
              f"improvement team, a critical friend), or separate the two roles"),
        related=tuple((ctx.link_path(j), f"{ctx.link_label(j)}: the same body judges") for j in judging[:3]),
    )


JUDGE_IS_ONLY_SUPPORT = Rule(
    id="DC303",
    name="judge-is-only-support",
    severity=Severity.WARNING,
    summary=(
        "The only actor that supports another (support or peer learning) also judges it "
        "(performance management or regulation)."
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
    references=(SUCCESS_REGIME,),
    nao_question=10,
    family=FAMILY,
    check=check_judge_is_only_support,
)


# --- DC304 ---------------------------------------------------------------------------


def _absence_reason(ctx: AuditContext, i: int) -> str | None:
    actor = ctx.actors[i]
    if Role.EXTERNAL in actor.roles:
        return "brought in from outside"
    if actor.local_presence is False:
        return "no local presence"
    return None


def check_support_without_local_presence(ctx: AuditContext) -> Iterator[Emission]:
    yield from _fold_found(
        _parachuted(ctx),
        lambda sig, n: f"{_actors_alike(sig, n)} get support only from actors without a local presence",
        _actor_subject,
    )


def _parachuted(ctx: AuditContext) -> Found:
    actors, sources = ctx.actors, ctx.sources
    everyone = range(len(actors))
    # Only actors supported by someone without a local presence can be supported only by such.
    maybe_absent = {*ctx.with_roles, *compress(everyone, map(is_, ctx.actor_fields["local_presence"], repeat(False)))}
    absent = {i for i in maybe_absent if _absence_reason(ctx, i) is not None}
    if not absent:
        return
    supported = {ctx.targets[j] for j in compress(range(len(sources)), _supports(ctx)) if sources[j] in absent}
    for v in sorted(supported):
        actor = actors[v]
        if actor.tier in _NATIONAL_TIERS:  # a national body has no locality to be present in
            continue
        support = _support_in(ctx, v)
        if not support:
            continue
        supporters = sorted({sources[j] for j in support})
        reasons = [_absence_reason(ctx, s) for s in supporters]
        if any(r is None for r in reasons):
            continue
        described = [f"{ctx.name(s)} ({r})" for s, r in zip(supporters, reasons, strict=True)]
        yield (actor.kind,), partial(
            Emission,
            message=(f"All support to {ctx.name(v)} comes from actors without a local presence: "
                     f"{join_names(described)}"),
            subject=ctx.ids[v],
            path=ctx.link_path(support[0]),
            hint=(f"add support from people who work in {ctx.name(v)}'s locality and know its story "
                  f"(a boundary spanner, a local improvement team, a peer)"),
            related=tuple((ctx.actor_path(s), f"{ctx.name(s)}: {r}") for s, r in zip(supporters, reasons,
                                                                                 strict=True))[:3],
        )


SUPPORT_WITHOUT_LOCAL_PRESENCE = Rule(
    id="DC304",
    name="support-without-local-presence",
    severity=Severity.WARNING,
    summary=(
        "Every actor that supports another (support or peer learning) is marked "
        "'local_presence: false' or has role 'external'. Receivers at government and national "
        "tier are not checked: they have no locality."
    ),
    why=(
        "In the 2015 success regime, expensive management consultants were 'parachuted in' "
        "without local presence. The Scottish Joint Improvement Team model rests on a local "
        "presence that understands local narratives and on trusted boundary spanners."
    ),
    example=(
        "actors:\n"
        "  - {id: consultants, name: Management consultants, tier: national, kind: consultancy,\n"
        "     roles: [external]}\n"
        "links:\n"
        "  - {from: consultants, to: trust, kind: support}\n"
    ),
    fix="Add (or build) support with a local presence: a local improvement team, a boundary spanner, a peer.",
    references=(SUCCESS_REGIME, JIT),
    nao_question=3,
    family=FAMILY,
    check=check_support_without_local_presence,
)


# --- DC305 ---------------------------------------------------------------------------


#: Capacities that make an actor a risk to depend on alone.
_STRAINED = frozenset({Capacity.STRETCHED, Capacity.INSUFFICIENT})


def _cadre(ctx: AuditContext, i: int) -> tuple[str, KeyPath] | None:
    """Why losing this actor is a real risk: a small cadre, or already stretched."""
    actor = ctx.actors[i]
    if Role.BOUNDARY_SPANNER in actor.roles:
        return "a boundary spanner", ctx.actor_path(i, "roles")
    if Role.EXTERNAL in actor.roles:
        return "brought in from outside", ctx.actor_path(i, "roles")
    if actor.capacity in (Capacity.STRETCHED, Capacity.INSUFFICIENT):
        return f"capacity {actor.capacity}", ctx.actor_path(i, "capacity")
    return None


def check_single_point_of_failure(ctx: AuditContext) -> Iterator[Emission]:
    yield from _fold_found(
        _single_points(ctx),
        lambda sig, n: f"{_actors_alike(sig, n)} ({sig[1]}) are each the only route to some practice",
        _actor_subject,
    )


def _single_points(ctx: AuditContext) -> Found:
    practice = ctx.practice
    if not practice:
        return
    actors = ctx.actors
    everyone = range(len(actors))
    # Only actors with roles or a strained capacity can be a cadre: look for them first.
    maybe_cadre = sorted({*ctx.with_roles,
                          *compress(everyone, map(_STRAINED.__contains__, ctx.actor_fields["capacity"]))})
    if not maybe_cadre:
        return
    tree = routes.down_tree(ctx)
    totals = tree.totals(routes.weights(ctx, practice))
    is_practice = set(practice)
    for i in maybe_cadre:
        if i == ctx.owner or i in is_practice or not tree.reached(i) or not totals[i]:
            continue
        cadre = _cadre(ctx, i)
        if cadre is None:
            continue
        reason, path = cadre
        yield (ctx.actors[i].kind, reason), partial(_single_point_emission, ctx, i, reason, path, totals[i])


def _single_point_emission(ctx: AuditContext, i: int, reason: str, path: KeyPath, k: int) -> Emission:
    return Emission(
        message=(f"Every route from {ctx.name(ctx.owner)} to {_share(k, len(ctx.practice))} passes through "
                 f"{ctx.name(i)} ({reason}): if it is lost, that practice is cut off"),
        subject=ctx.ids[i],
        path=path,
        hint="add a second route to that practice, or plan succession and cover for this actor",
        data=(("dependent_practice", k),),
    )


SINGLE_POINT_OF_FAILURE = Rule(
    id="DC305",
    name="single-point-of-failure",
    severity=Severity.WARNING,
    summary=(
        "An actor through which every route from the owner to some practice passes, when "
        "that actor is a small cadre (role boundary-spanner or external) or already "
        "stretched (capacity stretched or insufficient). Structural bottlenecks, such as the "
        "one national body or the one ICB of a local chain, are the shape of every chain and "
        "are not reported; a weak or broken link that is a single route is DC301's."
    ),
    why=(
        "The Scottish Joint Improvement Team model rests on trusted boundary spanners and a "
        "local presence; reliance on a small cadre without succession leaves the model "
        "exposed: a single point of failure. The NAO asks whether risks to the chain are well "
        "managed (question 8)."
    ),
    example=(
        "actors:\n"
        "  - {id: facilitator, name: Improvement facilitator, tier: team, kind: person,\n"
        "     roles: [boundary-spanner]}\n"
        "links:\n"
        "  - {from: board, to: facilitator, kind: support}\n"
        "  - {from: facilitator, to: practice-team, kind: support}   # the only route\n"
    ),
    fix="Add a second route to the practice, or plan cover and succession for the actor.",
    references=(JIT, NAO),
    nao_question=8,
    family=FAMILY,
    check=check_single_point_of_failure,
)


# --- DC306 ---------------------------------------------------------------------------


def check_unevidenced_rating(ctx: AuditContext) -> Iterator[Emission]:
    links = ctx.links
    everything = range(len(links))
    fields = ctx.link_fields
    rated = map(linkfacts.RATED_STRENGTHS.__contains__, fields["strength"])
    bare = map(not_, fields["evidence"])
    # The few links with assessments are the only ones whose evidence may lie there.
    assessed = {j for j in compress(everything, fields["assessments"])
                if any(a.evidence for a in links[j].assessments)}
    unevidenced = list(filterfalse(assessed.__contains__, compress(everything, map(and_, rated, bare))))
    yield from fold_alike(
        unevidenced,
        ctx.link_kinds.__getitem__,
        lambda j: Emission(
            message=f"{ctx.link_label(j)} is rated {ctx.links[j].strength} with no evidence",
            subject=ctx.links[j].key,
            path=ctx.link_path(j, "strength"),
            hint="cite what the rating rests on: 'evidence: [source-id]', with the source under 'sources:'",
        ),
        lambda sig, n: f"{_links_alike(sig, n)} are rated with no evidence",
        _link_subject,
    )


UNEVIDENCED_RATING = Rule(
    id="DC306",
    name="unevidenced-rating",
    severity=Severity.INFO,
    summary=(
        "A link rated strong, adequate, weak or broken with no evidence on the link or on any "
        "of its assessments."
    ),
    why=(
        "A board paper that says a relationship is strong is only as good as what the rating "
        "rests on. The NAO asks whether the evidence base is robust (question 2)."
    ),
    example=(
        "links:\n"
        "  - from: nhse\n"
        "    to: icb\n"
        "    kind: performance-management\n"
        "    strength: strong   # says who?\n"
    ),
    fix="Add 'evidence: [source-id]' naming a declared source (a survey, a review, minutes).",
    references=(NAO,),
    nao_question=2,
    family=FAMILY,
    check=check_unevidenced_rating,
)


# --- DC307 ---------------------------------------------------------------------------


def check_assessors_disagree(ctx: AuditContext) -> Iterator[Emission]:
    yield from _fold_found(
        _disagreements(ctx),
        lambda sig, n: f"assessors disagree about {_links_alike(sig, n)}",
        _link_subject,
    )


def _disagreements(ctx: AuditContext) -> Found:
    for j in compress(range(len(ctx.links)), ctx.link_fields["assessments"]):
        link = ctx.links[j]
        if len(link.assessments) < 2:
            continue
        rated = [a for a in link.assessments if a.strength in linkfacts.STRENGTH_STEP]
        differences: list[str] = []
        if rated:
            best = min(rated, key=lambda a: linkfacts.STRENGTH_STEP[a.strength])
            worst = max(rated, key=lambda a: linkfacts.STRENGTH_STEP[a.strength])
            if linkfacts.STRENGTH_STEP[worst.strength] - linkfacts.STRENGTH_STEP[best.strength] >= 2:
                differences.append(f"{best.rater} rates it {best.strength}, {worst.rater} {worst.strength}")
        kind = next((a for a in link.assessments if a.character in linkfacts.KIND_CHARACTERS), None)
        harsh = next((a for a in link.assessments if a.character == Character.PUNITIVE), None)
        if kind is not None and harsh is not None:
            differences.append(f"{kind.rater} finds it {kind.character}, {harsh.rater} {harsh.character}")
        if not differences:
            continue
        yield _link_kinds(ctx, j), partial(
            Emission,
            message=f"Assessors disagree about {ctx.link_label(j)}: {'; '.join(differences)}",
            subject=link.key,
            path=ctx.link_path(j, "assessments"),
            hint="bring the assessors together: the disagreement is itself a finding about the relationship",
            related=tuple(((*ctx.link_path(j, "assessments"), k), f"{a.rater}'s assessment")
                          for k, a in enumerate(link.assessments))[:4],
        )


ASSESSORS_DISAGREE = Rule(
    id="DC307",
    name="assessors-disagree",
    severity=Severity.WARNING,
    summary=(
        "Assessments of one link that differ by two or more steps of strength (strong, "
        "adequate, weak, broken, missing) or where one finds it supportive or collaborative "
        "and another punitive."
    ),
    why=(
        "Those who run a relationship and those on the receiving end often see it differently: "
        "fewer than 5% of CCG and trust leaders enjoyed the relationship with their "
        "performance manager. When the ratings are far apart the relationship needs "
        "attention before any one rating is believed."
    ),
    example=(
        "assessments:\n"
        "  - {rater: NHS England region, strength: strong, character: supportive}\n"
        "  - {rater: ICB chief executive, strength: weak, character: punitive}\n"
    ),
    fix="Talk it through with both assessors; record the agreed rating, or keep both and act on the gap.",
    references=(LEADERS,),
    nao_question=2,
    family=FAMILY,
    check=check_assessors_disagree,
)


# --- DC308 ---------------------------------------------------------------------------

#: Steered by this many different actors (performance management or funding) is unclear.
MANY_MASTERS = 3


def check_unclear_accountability(ctx: AuditContext) -> Iterator[Emission]:
    yield from _fold_found(
        _unaccountable(ctx),
        lambda sig, n: (f"{_actors_alike(sig, n)} answer to {MANY_MASTERS} or more actors each" if sig[1] == "many"
                        else f"nothing in the chain steers {_actors_alike(sig, n)}, which steer practice"),
        _actor_subject,
    )


def _unaccountable(ctx: AuditContext) -> Found:
    reached, _ = routes.steered(ctx)
    practice = ctx.practice
    reached_practice = [p for p in practice if reached[p]]
    if len(reached_practice) == len(practice):  # the usual case: the same search as steers_practice
        steers_reached_practice = routes.steers_practice(ctx)
    else:
        steers_reached_practice, _ = routes.reach(ctx, reached_practice, "steers", reverse=True)
    steered_by = routes.adjacency(ctx, "steers", reverse=True)
    exempt = set(practice) | set(ctx.beneficiaries)
    facts, sources = ctx.facts, ctx.sources
    accounts = list(map(and_, map(linkfacts.ACCOUNTING_KINDS.__contains__, facts.kind), facts.present))
    # Candidates: actors held to account by enough links to have many masters, and actors
    # that steer reached practice with nothing steering them; everyone else yields nothing.
    held = Counter(compress(ctx.targets, accounts))
    candidates = {v for v, links in held.items() if links >= MANY_MASTERS}
    candidates.update(v for v in compress(range(len(ctx.actors)), steers_reached_practice) if not steered_by[v])
    for v in sorted(candidates):
        actor = ctx.actors[v]
        masters = sorted({sources[j] for j in ctx.in_links[v] if accounts[j]})
        if len(masters) >= MANY_MASTERS:
            yield (actor.kind, "many"), partial(
                Emission,
                message=(f"{actor.name} is performance-managed or funded by {len(masters):,} different actors "
                         f"({ctx.names(masters)}): who does it answer to?"),
                subject=actor.id,
                path=ctx.actor_path(v),
                hint="name one lead that holds it to account, or a joint arrangement the others work through",
                data=(("steered_by", [ctx.ids[m] for m in masters]),),
            )
            continue
        if v in exempt or actor.tier == Tier.PUBLIC or not _in_scope(ctx, v):
            continue
        if not steers_reached_practice[v]:
            continue
        if steered_by[v]:
            continue
        yield (actor.kind, "none"), partial(
            Emission,
            message=(f"Nothing in the chain steers {actor.name}, yet it steers practice the chain depends on: "
                     f"who holds it to account for this intent?"),
            subject=actor.id,
            path=ctx.actor_path(v),
            hint=f"add the link through which {actor.name} is held to account or funded for this work",
        )


UNCLEAR_ACCOUNTABILITY = Rule(
    id="DC308",
    name="unclear-accountability",
    severity=Severity.WARNING,
    summary=(
        f"An actor performance-managed or funded by {MANY_MASTERS} or more different actors; or "
        "an actor below the owner's tier that steers practice reached by the chain while "
        "nothing in the chain steers it (government departments, national bodies, practice, "
        "beneficiaries and levers excepted: their accountability lies outside the chain)."
    ),
    why=(
        "The NAO's first generic risk of delivery chains: intentions filtered through many "
        "organisations get 'diluted, misunderstood or not given consistent priority'. The "
        "2006 child obesity target ran through 26 bodies jointly owned by three departments "
        "and roles stayed confused; cancer networks negotiated with 'a dozen or more' PCTs. "
        "The NAO asks for strong leadership accountable through clear governance at all "
        "levels (question 10)."
    ),
    example=(
        "links:\n"
        "  - {from: pct-a, to: network, kind: funding}\n"
        "  - {from: pct-b, to: network, kind: funding}\n"
        "  - {from: pct-c, to: network, kind: funding}\n"
    ),
    fix=(
        "Name one lead body that holds the actor to account (with the others working through "
        "it), or add the missing accountability link."
    ),
    references=(CHILD_OBESITY, CANCER_NETWORKS, NAO),
    nao_question=10,
    family=FAMILY,
    check=check_unclear_accountability,
)


RULES: tuple[Rule, ...] = (
    WEAK_LINK_ON_ROUTE,
    DIRECTIVE_WITHOUT_SUPPORT,
    JUDGE_IS_ONLY_SUPPORT,
    SUPPORT_WITHOUT_LOCAL_PRESENCE,
    SINGLE_POINT_OF_FAILURE,
    UNEVIDENCED_RATING,
    ASSESSORS_DISAGREE,
    UNCLEAR_ACCOUNTABILITY,
)
