"""DC204 no-peer-learning: peers that steer practice learn only up and down the chain.

One finding per group of peers (same tier, same kind), never folded: a group already is
the pattern.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress

from deliverychain.findings import Severity
from deliverychain.rules import references
from deliverychain.rules.base import Description, Place, Rule
from deliverychain.rules.facts import routes
from deliverychain.rules.facts.context import AuditContext
from deliverychain.rules.facts.relations import NATIONAL_TIERS
from deliverychain.vocab import LinkKind

#: Peers needed before their lack of peer learning is worth a note.
MIN_PEERS = 2


def check(ctx: AuditContext) -> Iterator[Place]:
    """Peers (same tier, same kind) that steer practice, with no peer learning between any two."""
    reached, _ = routes.steered(ctx)
    steers_practice = routes.steers_practice(ctx)
    practice = set(ctx.practice)
    owners = set(ctx.owners)

    def peer_group(i: int) -> tuple[str, str]:
        return ctx.actors[i].tier, ctx.actors[i].kind

    groups: dict[tuple[str, str], list[int]] = {}
    for i in range(len(ctx.ids)):
        # Government departments and national bodies each have a remit of their own: sharing a
        # tier and a kind ('national-body') does not make NHS England and HEE peers.
        if (reached[i] and steers_practice[i] and i not in practice and i not in owners
                and ctx.actors[i].tier not in NATIONAL_TIERS):
            groups.setdefault(peer_group(i), []).append(i)
    with_peers: set[tuple[str, str]] = set()
    facts = ctx.facts
    for j in compress(range(len(ctx.links)), map(LinkKind.PEER_LEARNING.__eq__, facts.kind)):
        if facts.present[j]:
            u, w = ctx.sources[j], ctx.targets[j]
            if peer_group(u) == peer_group(w):
                with_peers.add(peer_group(u))
    # Groups in the order of their first member (the order the dict was filled in).
    for group, members in groups.items():
        if len(members) >= MIN_PEERS and group not in with_peers:
            yield None, (group, members)


def describe(ctx: AuditContext, found: tuple[tuple[str, str], list[int]]) -> Description:
    (tier, kind), members = found
    return Description(
        message=(f"No peer learning between the {len(members):,} actors of kind '{kind}' that steer "
                 f"practice ({ctx.names(members)}): they learn only up and down the chain"),
        subject=f"{tier}:{kind}",
        path=ctx.actor_path(members[0], "kind"),
        hint="show the buddying, networks or shared services between them as 'peer-learning' links",
        data=(("actors", len(members)),),
    )


RULE = Rule(
    id="DC204",
    name="no-peer-learning",
    severity=Severity.INFO,
    summary=(
        "Two or more peers (actors of the same tier and kind: trusts, ICBs, PCNs...) that "
        "steer practice, with no peer-learning link between any two of them. Government "
        "departments and national bodies are not peers of one another: each has a remit of "
        "its own."
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
    references=(references.PEERS, references.NAO_11),
    nao_question=11,
    family="feedback",
    check=check,
    describe=describe,
)
