"""DC310 insufficient-capacity: practice, or an actor that steers it, that cannot play its part.

An actor marked `capacity: insufficient` whose practice must change, or whose steering
reaches practice. `stretched` is not reported here: most of the NHS is stretched, and a
stretched actor that everything depends on is DC305's.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts import routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.relations import practice_set
from deliverychain.rules.wording import actors_alike, kind_subject
from deliverychain.vocab import Capacity

#: The capacity reported (`str.__eq__` would say NotImplemented, which is true, for no capacity).
_SHORT = frozenset({Capacity.INSUFFICIENT})


def check(ctx: AuditContext) -> Iterator[Place]:
    capacities = ctx.actor_fields["capacity"]
    short = list(compress(range(len(capacities)), map(_SHORT.__contains__, capacities)))
    if not short or not ctx.practice:
        return
    steers_practice = routes.steers_practice(ctx)
    for i in short:
        if steers_practice[i]:
            yield ctx.actors[i].kind, i


def describe(ctx: AuditContext, i: int) -> Description:
    part = "its practice must change" if i in practice_set(ctx) else "it steers practice the intent depends on"
    return Description(
        message=(f"{ctx.name(i)} cannot play its part as things stand (capacity: insufficient), and {part}: "
                 f"the intent asks for what it cannot give"),
        subject=ctx.ids[i],
        path=ctx.actor_path(i, "capacity"),
        hint=("say what the intent does about it (more people, time or money; less asked), or show where "
              "capacity differs: actors of their own for the places that are short"),
    )


RULE = Rule(
    id="DC310",
    name="insufficient-capacity",
    severity=Severity.WARNING,
    summary=(
        "An actor marked 'capacity: insufficient' that is practice, or whose steering reaches "
        "practice. ('stretched' is not reported here; a stretched actor that every route to "
        "some practice passes through is a single point of failure, DC305.)"
    ),
    why=(
        "The NAO asks whether there is enough capacity, including resources, to deliver "
        "(question 3). The Committee of Public Accounts found 'not enough GPs to meet demand' "
        "and access to general practice 'too dependent on where patients live because of "
        "variations in staffing levels' (2016): an intent that asks practice for more than it "
        "has capacity to give is not delivered however strong the links."
    ),
    example=(
        "actors:\n"
        "  - {id: gps, name: GPs, tier: frontline, kind: gp, capacity: insufficient}\n"
    ),
    fix=(
        "Plan for the capacity (recruitment, time, money) or ask less of the actor; where "
        "capacity differs by place, give the places that are short actors of their own."
    ),
    references=(references.NAO_3, references.PAC_GP_ACCESS),
    nao_question=3,
    family="relationships",
    since="0.2.0",
    check=check,
    describe=describe,
    folding=Folding(
        subject=kind_subject,
        alike=lambda kind, n: f"{actors_alike(kind, n)} lack the capacity to play their part",
    ),
)
