"""DC107 role-suggested-by-kind: an actor's kind says it is a lever, a consultancy or a facilitator,
and the missing role would change what the audit finds.

Roles are what the audit reads (`lever` for DC104, `external` for DC304 and DC305,
`boundary-spanner` for DC305); kinds are the user's own words. When the words say what the
role would, and declaring it would let a rule see something it cannot see now, the audit
says so, as information. It does not guess about practice and beneficiaries, which follow
the tiers unless declared.
"""

from __future__ import annotations

from collections.abc import Iterator

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Folding, Place, Rule
from deliverychain.rules.facts import routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.relations import practice_set, supports
from deliverychain.rules.wording import actors_alike, kind_subject
from deliverychain.vocab import Role

#: Words of a kind (split at '-') that say which role the actor plays.
KIND_WORDS: dict[Role, frozenset[str]] = {
    Role.LEVER: frozenset({"lever", "levers", "speech", "speeches", "campaign", "campaigns", "legislation",
                           "law", "letter", "letters", "summit", "call-in", "announcement"}),
    Role.EXTERNAL: frozenset({"consultant", "consultants", "consultancy", "consultancies"}),
    Role.BOUNDARY_SPANNER: frozenset({"facilitator", "facilitators", "spanner", "spanners", "navigator",
                                      "navigators"}),
}
#: What declaring each role would let the audit find.
WHAT_IT_CHANGES: dict[Role, str] = {
    Role.LEVER: "DC104 would check that it moves the front line, and it does not",
    Role.EXTERNAL: "DC304 would weigh the support it gives as support without a local presence",
    Role.BOUNDARY_SPANNER: "DC305 would weigh that every route to some practice passes through this small cadre",
}

#: An actor and the role its kind suggests.
Suggested = tuple[int, Role]


def suggested_role(kind: str) -> Role | None:
    """The role a kind's words say, if any ('national-campaign' -> lever)."""
    words = set(kind.lower().split("-")) | {kind.lower()}
    return next((role for role, said in KIND_WORDS.items() if words & said), None)


def _changes(ctx: AuditContext, i: int, role: Role) -> bool:
    """Whether declaring the role would let a rule find something about this actor."""
    if role == Role.LEVER:
        front_line = sorted(set(ctx.practice) | set(ctx.beneficiaries))
        moves = ctx.shared("moves_front_line", lambda: routes.reach(ctx, front_line, "steers", reverse=True)[0])
        return not moves[i]
    if role == Role.EXTERNAL:
        supporting = supports(ctx)
        return any(supporting[j] for j in ctx.out_links[i])
    tree = routes.down_tree(ctx)
    if not tree.reached(i):
        return False
    totals = ctx.shared("down_practice_totals", lambda: tree.totals(routes.weights(ctx, ctx.practice)))
    return bool(totals[i]) and i not in practice_set(ctx)


def check(ctx: AuditContext) -> Iterator[Place]:
    kinds, roles = ctx.actor_fields["kind"], ctx.actor_fields["roles"]
    # A chain uses few kinds: judge each once.
    by_kind = {kind: suggested_role(kind) for kind in set(kinds)}
    if not any(by_kind.values()):
        return
    for i, kind in enumerate(kinds):
        role = by_kind[kind]
        if role is not None and role not in roles[i] and _changes(ctx, i, role):
            yield (kind, role.value), (i, role)


def describe(ctx: AuditContext, found: Suggested) -> Description:
    i, role = found
    actor = ctx.actors[i]
    return Description(
        message=(f"{actor.name} is of kind '{actor.kind}', which sounds like role '{role.value}', but it has no "
                 f"such role: with it, {WHAT_IT_CHANGES[role]}"),
        subject=actor.id,
        path=ctx.actor_path(i, "kind"),
        hint=f"if it is one, add 'roles: [{role.value}]' to the actor; if not, choose a kind that says what it is",
    )


RULE = Rule(
    id="DC107",
    name="role-suggested-by-kind",
    severity=Severity.INFO,
    summary=(
        "An actor whose kind says it is a lever (a campaign, a speech, legislation), brought in "
        "from outside (a consultancy) or a boundary spanner (a facilitator), with no such role, "
        "when the role would change what the audit finds: a lever that moves nothing at the "
        "front line (DC104), a consultancy that gives support (DC304), a facilitator every "
        "route to some practice passes through (DC305)."
    ),
    why=(
        "The audit reads roles, not the words of a kind: a campaign not marked as a lever is "
        "judged as an organisation, and consultants not marked external count as local "
        "support. Levers 'connected to nothing' at the front line (Barber) and consultants "
        "'parachuted in' (the 2015 success regime) are what the rules look for; the NAO asks "
        "whether levers are fit for purpose (question 7)."
    ),
    example=(
        "actors:\n"
        "  - {id: campaign, name: National awareness campaign, tier: national, kind: campaign}\n"
        "  # no roles: [lever], and nothing links it to the front line\n"
    ),
    fix=(
        "Add the role the kind describes ('roles: [lever]'), or change the kind if the words "
        "mislead."
    ),
    references=(references.BARBER, references.SUCCESS_REGIME, references.JIT),
    nao_question=7,
    family="missing-links",
    since="0.2.0",
    check=check,
    describe=describe,
    folding=Folding(
        subject=lambda pattern: kind_subject(pattern[0]),
        alike=lambda pattern, n: f"{actors_alike(pattern[0], n)} sound like role '{pattern[1]}' but have none",
    ),
)
