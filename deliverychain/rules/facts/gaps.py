"""Where a route stops: grouping unreached actors at the place a link is missing.

When the owner's steering misses 6,000 practices because nothing steers one ICB's PCNs,
the finding belongs at that ICB, once, not at every practice. For every actor a route
should reach and does not (a *target*), this module finds

- its *head*: where the route stops. Going down, an unreached actor that nothing steers,
  from which the target is steered; going up (`reverse`), an actor whose reports go no
  further, to which the target reports;
- the head's *anchor*: the nearest actor the route does reach (through any declared link,
  either way round), where the missing link would attach;

and groups targets by anchor (by head when nothing is near). Everything is a
multi-source breadth-first search: linear in the size of the chain.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from itertools import compress

from deliverychain.rules.facts import routes
from deliverychain.rules.facts.context import AuditContext


@dataclass
class Gap:
    #: The anchor when there is one, else the first head: what the finding is about.
    key: int
    #: Nearest actor the route reaches (-1 when the stranded actors touch nothing that is).
    anchor: int
    #: Where the routes stop, in order of the targets they strand.
    heads: list[int] = field(default_factory=list)
    #: Stranded targets, in file order.
    members: list[int] = field(default_factory=list)


def find_gaps(
    ctx: AuditContext,
    connected: Sequence[bool],
    targets: Sequence[int],
    follow: routes.FilterName,
    reverse: bool = False,
    not_anchors: Collection[int] = (),
) -> list[Gap]:
    """Group `targets` (not `connected`) by where the routes over `follow` links stop.

    `not_anchors` are actors a missing link should not attach to (peers of the targets).
    """
    if not targets:
        return []
    n = len(ctx.ids)
    # Usable links that arrive at an actor in the direction routes travel, and that leave it.
    arriving = routes.adjacency(ctx, follow, not reverse)
    leaving = routes.adjacency(ctx, follow, reverse)
    far = ctx.sources if reverse else ctx.targets

    heads = [i for i in range(n) if not connected[i] and not arriving[i]]
    heads.sort(key=lambda i: (ctx.tier_rank[i], i))
    head_of = [-1] * n

    def spread(starts: list[int]) -> None:
        queue = list(starts)
        for u in queue:  # grows as it is read: first in, first out
            for j in leaving[u]:
                v = far[j]
                if head_of[v] == -1 and not connected[v]:
                    head_of[v] = head_of[u]
                    queue.append(v)

    for h in heads:
        head_of[h] = h
    spread(heads)
    # Targets on a cycle that nothing outside enters: each is its own head.
    for t in sorted(targets):
        if head_of[t] == -1:
            head_of[t] = t
            spread([t])

    nearest = _nearest_connected(ctx, connected, set(not_anchors))
    groups: dict[int, Gap] = {}
    seen_heads: set[tuple[int, int]] = set()  # (key, head): a set, as a gap may have 100,000 heads
    for t in sorted(targets):
        head = head_of[t]
        anchor = nearest[head]
        key = anchor if anchor != -1 else head
        gap = groups.get(key)
        if gap is None:
            gap = groups[key] = Gap(key, anchor)
        if (key, head) not in seen_heads:
            seen_heads.add((key, head))
            gap.heads.append(head)
        gap.members.append(t)
    return sorted(groups.values(), key=lambda g: g.members[0])


def _nearest_connected(ctx: AuditContext, connected: Sequence[bool], not_anchors: set[int]) -> list[int]:
    """For every actor, the nearest connected actor through any declared link, either way round.

    Searches do not pass through beneficiaries: patients' voice touches many actors, and
    would make a far one look near.
    """
    n = len(ctx.ids)
    beneficiaries = set(ctx.beneficiaries)
    nearest = [-1] * n
    queue = [i for i in compress(range(n), connected) if i not in not_anchors]
    for i in queue:
        nearest[i] = i
    sources, targets, out_links, in_links = ctx.sources, ctx.targets, ctx.out_links, ctx.in_links
    for u in queue:  # grows as it is read: first in, first out
        if u in beneficiaries:
            continue
        for j in out_links[u]:
            v = targets[j]
            if nearest[v] == -1:
                nearest[v] = nearest[u]
                queue.append(v)
        for j in in_links[u]:
            v = sources[j]
            if nearest[v] == -1:
                nearest[v] = nearest[u]
                queue.append(v)
    return nearest
