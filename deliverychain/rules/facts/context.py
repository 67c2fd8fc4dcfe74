"""The chain as integer-indexed adjacency lists, built once and shared by every analyser.

Analysers work on these lists (not networkx) so that a 100,000-actor chain audits in
linear time with small constants. Actors and links are also held as columns (one list per
field or fact, indexed by actor or link: `actor_fields`, `link_fields`, `sources`,
`targets`, and `facts` for what each link is), so that hot loops read list items instead
of calling a function or reading a model per link.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import cached_property
from itertools import compress, repeat
from typing import TYPE_CHECKING, Any, TypeVar

from deliverychain.reading.positions import KeyPath
from deliverychain.rules.facts.linkfacts import LinkFacts
from deliverychain.rules.wording import join_names
from deliverychain.speedups import field_columns
from deliverychain.vocab import Role, Tier

if TYPE_CHECKING:  # the model (pydantic) is not needed to list or explain the rules
    from deliverychain.model import Chain, Link

LinkFilter = Callable[["Link"], bool]
T = TypeVar("T")

#: Fields read into columns, once per audit.
ACTOR_FIELDS = ("id", "tier", "kind", "roles", "local_presence", "capacity", "headcount")
LINK_FIELDS = ("source", "target", "kind", "strength", "character", "carries", "evidence", "assessments", "targets",
               "lag")


def link_lists(sources: Sequence[int], targets: Sequence[int], n: int) -> tuple[list[list[int]], list[list[int]]]:
    """For each of n actors, the links that leave it and the links that arrive at it, in link order."""
    leaving: list[list[int]] = [[] for _ in range(n)]
    arriving: list[list[int]] = [[] for _ in range(n)]
    for j, (u, v) in enumerate(zip(sources, targets, strict=True)):
        leaving[u].append(j)
        arriving[v].append(j)
    return leaving, arriving


class AuditContext:
    def __init__(self, chain: Chain) -> None:
        self.chain = chain
        self.actors = chain.actors
        self.links = chain.links
        self.actor_fields = field_columns(chain.actors, ACTOR_FIELDS)
        self.link_fields = field_columns(chain.links, LINK_FIELDS)
        self.ids: list[str] = self.actor_fields["id"]
        self.index: dict[str, int] = chain.actor_index
        tier_rank = {tier: rank for rank, tier in enumerate(chain.tiers)}
        self.tier_rank: list[int] = list(map(tier_rank.get, self.actor_fields["tier"], repeat(len(tier_rank))))
        #: The chain's owner, or its joint owners: searches for the owner's reach start from all.
        self.owners: list[int] = [self.index[o] for o in chain.chain.owners]
        #: The owner messages name first (the only owner, or the first of joint owners).
        self.owner: int = self.owners[0]
        n = len(self.ids)
        # Each link's ends as actor indexes.
        self.sources: list[int] = list(map(self.index.__getitem__, self.link_fields["source"]))
        self.targets: list[int] = list(map(self.index.__getitem__, self.link_fields["target"]))
        self.out_links, self.in_links = link_lists(self.sources, self.targets, n)
        self._shared: dict[str, Any] = {}

    @cached_property
    def facts(self) -> LinkFacts:
        """What every link is (present, steering, upward, its rating), judged once."""
        return LinkFacts(self.links, self.link_fields)

    @property
    def actor_kinds(self) -> list[str]:
        return self.actor_fields["kind"]

    @cached_property
    def link_kinds(self) -> list[tuple[str, str, str]]:
        """(kind of source actor, kind of target actor, kind of link) of each link: what links alike share."""
        kinds = self.actor_kinds
        return list(zip(map(kinds.__getitem__, self.sources), map(kinds.__getitem__, self.targets), self.facts.kind,
                        strict=True))

    def shared(self, key: str, compute: Callable[[], T]) -> T:
        """A result several rules use (a reach set, a dominator tree), computed once per audit."""
        if key not in self._shared:
            self._shared[key] = compute()
        result: T = self._shared[key]
        return result

    # --- who the chain is for -------------------------------------------------------

    @cached_property
    def practice(self) -> list[int]:
        """Actors whose practice must change: declared, else the frontline tier; never those declared not."""
        return self._unless(Role.NOT_PRACTICE, self._declared(Role.PRACTICE) or self._in_tier(Tier.FRONTLINE))

    @cached_property
    def beneficiaries(self) -> list[int]:
        """The people the policy is for: declared, else the public tier; never those declared not."""
        return self._unless(Role.NOT_BENEFICIARY,
                            self._declared(Role.BENEFICIARY) or self._in_tier(Tier.PUBLIC))

    def owner_names(self) -> str:
        """'NHS England', or the joint owners: 'DH, DfES or DCMS'."""
        return self.names(self.owners, limit=len(self.owners), conjunction="or")

    def _unless(self, role: Role, actors: list[int]) -> list[int]:
        declared_not = set(self._declared(role))
        return [i for i in actors if i not in declared_not] if declared_not else actors

    @cached_property
    def with_roles(self) -> list[int]:
        """Actors that declare roles: most declare none."""
        return list(compress(range(len(self.ids)), self.actor_fields["roles"]))

    def _declared(self, role: Role) -> list[int]:
        roles = self.actor_fields["roles"]
        return [i for i in self.with_roles if role in roles[i]]

    def _in_tier(self, tier: Tier) -> list[int]:
        tiers = self.actor_fields["tier"]
        return list(compress(range(len(tiers)), map(tier.__eq__, tiers)))

    # --- paths into the file --------------------------------------------------------

    @staticmethod
    def actor_path(i: int, field: str | None = None) -> KeyPath:
        return ("actors", i, field) if field else ("actors", i)

    @staticmethod
    def link_path(j: int, field: str | None = None) -> KeyPath:
        return ("links", j, field) if field else ("links", j)

    def name(self, i: int) -> str:
        return self.actors[i].name

    def names(self, actors: Sequence[int], limit: int = 3, conjunction: str = "and") -> str:
        """'A, B, C and 4 more' (`join_names`), looking up only the names shown."""
        return join_names([self.name(i) for i in actors[:limit]], limit, conjunction, total=len(actors))

    def actor_notes(self, actors: Sequence[int], note: str, limit: int = 3) -> tuple[tuple[KeyPath, str], ...]:
        """A finding's related places: where each of the first few actors is declared, 'Name: note'."""
        return tuple((self.actor_path(i), f"{self.name(i)}: {note}") for i in actors[:limit])

    def link_label(self, j: int) -> str:
        """'NHS England -> ICB (performance-management)' for messages."""
        return f"{self.name(self.sources[j])} -> {self.name(self.targets[j])} ({self.links[j].kind})"

    # --- traversal ------------------------------------------------------------------

    def reach(self, starts: Iterable[int], follow: LinkFilter) -> tuple[list[bool], list[int]]:
        """Breadth-first search along links that pass `follow`, in their direction.

        Returns (reached, via): via[i] is the link index used to first reach i (-1 for
        starts and unreached), so one shortest witness route can be read back (`route_to`).
        """
        links = self.links
        adjacency = [[j for j in js if follow(links[j])] for js in self.out_links]
        return breadth_first(starts, adjacency, self.targets)

    def route_to(self, target: int, via: list[int]) -> list[int]:
        """Actor indexes from the search start to `target`, read back through the `via` of a
        search along link direction (`reach`, `routes.reach`). Each step goes back to an actor
        reached earlier, so the reading ends at a start."""
        route = [target]
        sources = self.sources
        while via[route[-1]] != -1:
            route.append(sources[via[route[-1]]])
        route.reverse()
        return route


def breadth_first(
    starts: Iterable[int], adjacency: Sequence[Sequence[int]], far: Sequence[int]
) -> tuple[list[bool], list[int]]:
    """Breadth-first search: `adjacency[u]` lists the links to follow from actor u, `far[j]`
    is where link j leads. Returns (reached, via): via[i] is the link by which i was first
    reached (-1 for starts and the unreached), so one shortest witness route can be read back.
    """
    n = len(adjacency)
    reached = [False] * n
    via = [-1] * n
    queue: list[int] = []
    for s in starts:
        if not reached[s]:
            reached[s] = True
            queue.append(s)
    for u in queue:  # the list grows as it is read: first in, first out
        for j in adjacency[u]:
            v = far[j]
            if not reached[v]:
                reached[v] = True
                via[v] = j
                queue.append(v)
    return reached, via
