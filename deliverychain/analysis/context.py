"""The chain as integer-indexed adjacency lists, built once and shared by every analyser.

Analysers work on these lists (not networkx) so that a 100,000-actor chain audits in
linear time with small constants.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from functools import cached_property
from typing import Any, TypeVar

from deliverychain.model import Chain, Link
from deliverychain.positions import KeyPath
from deliverychain.vocab import Role, Tier

LinkFilter = Callable[[Link], bool]
T = TypeVar("T")


class AuditContext:
    def __init__(self, chain: Chain) -> None:
        self.chain = chain
        self.actors = chain.actors
        self.links = chain.links
        self.ids: list[str] = [a.id for a in chain.actors]
        self.index: dict[str, int] = chain.actor_index
        tier_rank = {tier: rank for rank, tier in enumerate(chain.tiers)}
        self.tier_rank: list[int] = [tier_rank.get(a.tier, len(tier_rank)) for a in chain.actors]
        self.owner: int = self.index[chain.chain.owner]
        n = len(self.ids)
        self.out_links: list[list[int]] = [[] for _ in range(n)]
        self.in_links: list[list[int]] = [[] for _ in range(n)]
        self.link_ends: list[tuple[int, int]] = []
        for j, link in enumerate(chain.links):
            u, v = self.index[link.source], self.index[link.target]
            self.link_ends.append((u, v))
            self.out_links[u].append(j)
            self.in_links[v].append(j)
        self._shared: dict[str, Any] = {}

    def shared(self, key: str, compute: Callable[[], T]) -> T:
        """A result several rules use (a reach set, a dominator tree), computed once per audit."""
        if key not in self._shared:
            self._shared[key] = compute()
        result: T = self._shared[key]
        return result

    # --- who the chain is for -------------------------------------------------------

    @cached_property
    def practice(self) -> list[int]:
        """Actors whose practice must change: declared, else the frontline tier."""
        declared = [i for i, a in enumerate(self.actors) if Role.PRACTICE in a.roles]
        if declared:
            return declared
        return [i for i, a in enumerate(self.actors) if a.tier == Tier.FRONTLINE]

    @cached_property
    def beneficiaries(self) -> list[int]:
        """The people the policy is for: declared, else the public tier."""
        declared = [i for i, a in enumerate(self.actors) if Role.BENEFICIARY in a.roles]
        if declared:
            return declared
        return [i for i, a in enumerate(self.actors) if a.tier == Tier.PUBLIC]

    # --- paths into the file --------------------------------------------------------

    @staticmethod
    def actor_path(i: int, field: str | None = None) -> KeyPath:
        return ("actors", i, field) if field else ("actors", i)

    @staticmethod
    def link_path(j: int, field: str | None = None) -> KeyPath:
        return ("links", j, field) if field else ("links", j)

    def name(self, i: int) -> str:
        return self.actors[i].name

    def link_label(self, j: int) -> str:
        """'NHS England -> ICB (performance-management)' for messages."""
        u, v = self.link_ends[j]
        return f"{self.name(u)} -> {self.name(v)} ({self.links[j].kind})"

    # --- traversal ------------------------------------------------------------------

    def reach(
        self, starts: Iterable[int], follow: LinkFilter, reverse: bool = False
    ) -> tuple[list[bool], list[int]]:
        """Breadth-first search over links that pass `follow`.

        Returns (reached, via): via[i] is the link index used to first reach i (-1 for
        starts and unreached), so one shortest witness route can be read back.
        """
        n = len(self.ids)
        reached = [False] * n
        via = [-1] * n
        queue: deque[int] = deque()
        for s in starts:
            if not reached[s]:
                reached[s] = True
                queue.append(s)
        adjacency = self.in_links if reverse else self.out_links
        links, ends = self.links, self.link_ends
        while queue:
            u = queue.popleft()
            for j in adjacency[u]:
                if not follow(links[j]):
                    continue
                v = ends[j][0] if reverse else ends[j][1]
                if not reached[v]:
                    reached[v] = True
                    via[v] = j
                    queue.append(v)
        return reached, via

    def route_to(self, target: int, via: list[int], reverse: bool = False) -> list[int]:
        """Actor indexes from the search start to `target`, read back through `via`."""
        route = [target]
        seen = {target}
        while via[route[-1]] != -1:
            u, v = self.link_ends[via[route[-1]]]
            step = v if reverse else u
            if step in seen:  # defensive: never loop on malformed input
                break
            seen.add(step)
            route.append(step)
        if not reverse:
            route.reverse()
        return route
