"""DC302 directive-without-support: an actor only told what to do, never helped."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts import linkfacts
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.relations import in_scope, rating_path
from deliverychain.rules.wording import actors_alike, count, join_names, kind_subject
from deliverychain.vocab import Character

#: Characters that make a link harsh. A mandate is an instruction by its nature, so it counts
#: only when rated so: a link with no character (no rating) stays neutral.
_HARSH_CHARACTERS = frozenset({Character.PUNITIVE, Character.DIRECTIVE})

#: An actor only told: (actor, its harsh links, those of them that are punitive).
Told = tuple[int, list[int], list[int]]


def check(ctx: AuditContext) -> Iterator[Place]:
    facts = ctx.facts
    characters, present, link_kind = facts.character, facts.present, facts.kind
    # Only actors that receive a harsh link and nothing that helps can be told only: found
    # from the link columns, so that the rest are never looked at one by one.
    told = {
        ctx.targets[j]
        for j in compress(range(len(characters)), map(_HARSH_CHARACTERS.__contains__, characters))
        if present[j]
    }
    helps = [
        is_present and (character in linkfacts.KIND_CHARACTERS
                        or (character is None and kind in linkfacts.SUPPORT_KINDS))
        for is_present, character, kind in zip(present, characters, link_kind, strict=True)
    ]
    told.difference_update(compress(ctx.targets, helps))
    for v in sorted(told):
        if not in_scope(ctx, v):
            continue
        harsh = [j for j in ctx.in_links[v] if present[j] and characters[j] in _HARSH_CHARACTERS]
        punitive = [j for j in harsh if characters[j] == Character.PUNITIVE]
        tone = "punitive" if punitive else "directive"
        yield (ctx.actors[v].kind, tone), (v, harsh, punitive)


def describe(ctx: AuditContext, found: Told) -> Description:
    v, harsh, punitive = found
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
    return Description(
        message=message,
        subject=ctx.ids[v],
        path=rating_path(ctx, first, "character"),
        hint=(f"add the support {name} gets (an improvement team, a peer, a critical friend), "
              f"or change the character of the relationship"),
        related=tuple((rating_path(ctx, j, "character"), ctx.link_label(j)) for j in harsh if j != first)[:3],
    )


def _alike(pattern: tuple[str, str], n: int) -> str:
    kind, tone = pattern  # tone: "punitive" or "directive", as check() found it
    return f"{actors_alike(kind, n)} get {tone} links and no supportive or collaborative one"


RULE = Rule(
    id="DC302",
    name="directive-without-support",
    severity=Severity.WARNING,
    summary=(
        "An actor that receives links rated punitive or directive (mandates too, when they are "
        "rated so: a mandate with no character stays neutral), and no supportive or "
        "collaborative one (a "
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
    references=(references.LEADERS,),
    nao_question=7,
    family="relationships",
    check=check,
    describe=describe,
    folding=Folding(subject=lambda pattern: kind_subject(pattern[0]), alike=_alike),
)
