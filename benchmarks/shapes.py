"""Chains of awkward shapes, for the shape fuzzer, the robustness benchmark and their tests.

Each maker takes a size and returns the text of a chain file: legal YAML, mostly a legal
chain, shaped to find work that grows faster than the file does (issue 15, class 3):

- `star`: one actor steering every other;
- `long_chain`: a path of steering links, each actor the next one's only lever;
- `clique`: every actor of a group linked to every other (a peer network);
- `parallel`: many links between the same two actors;
- `unknown_refs`: links to actors nobody declared, with near misses of real ids;
- `duplicate_ids`: the same ids declared again and again (also differing only in case);
- `missing_fields`: actors with nothing but an id (a flood of DC007).

Same arguments, same bytes: the text is written directly, without randomness.

    python benchmarks/shapes.py star 100000 > build/star.yaml
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

_HEAD = """chain:
  id: shape
  title: A chain of an awkward shape
  intent: Whatever the shape, the tool answers in bounded time and memory.
  owner: a0
"""


def _chain(actors: Iterable[str], links: Iterable[str]) -> str:
    return "".join([_HEAD, "actors:\n", *actors, "links:\n", *links])


def _actor(number: int, tier: str = "organisation", role: str = "", id_: str = "") -> str:
    roles = f", roles: [{role}]" if role else ""
    return f"  - {{id: {id_ or f'a{number}'}, name: Actor {number}, tier: {tier}, kind: organisation{roles}}}\n"


def _link(source: str, target: str, kind: str = "mandate", carries: str = "instruction") -> str:
    return f"  - {{from: {source}, to: {target}, kind: {kind}, carries: [{carries}], strength: weak}}\n"


def star(size: int) -> str:
    """The owner steering `size` practices, none of which reports back."""
    actors = [_actor(0, "national", "lever")] + [_actor(i, role="practice") for i in range(1, size + 1)]
    return _chain(actors, (_link("a0", f"a{i}") for i in range(1, size + 1)))


def long_chain(size: int) -> str:
    """A path of `size` steering links, the last actor a practice."""
    actors = [_actor(0, "national", "lever")] + [_actor(i, role="practice" if i == size else "")
                                                  for i in range(1, size + 1)]
    return _chain(actors, (_link(f"a{i}", f"a{i + 1}") for i in range(size)))


def clique(size: int) -> str:
    """`size` peers, each learning from every other: size*(size-1) links."""
    actors = [_actor(0, "national", "lever")] + [_actor(i, role="practice") for i in range(1, size + 1)]
    links = [_link("a0", "a1")]
    links += (_link(f"a{i}", f"a{j}", "peer-learning", "practice-change")
              for i in range(1, size + 1) for j in range(1, size + 1) if i != j)
    return _chain(actors, links)


def parallel(size: int) -> str:
    """`size` links between the same two actors, and back."""
    actors = [_actor(0, "national", "lever"), _actor(1, role="practice")]
    links = [_link("a0", "a1") for _ in range(size)] + [_link("a1", "a0", "reporting", "metrics")
                                                         for _ in range(size)]
    return _chain(actors, links)


def unknown_refs(size: int) -> str:
    """`size` declared actors and `size` links to ids nobody declared, each a near miss."""
    actors = [_actor(0, "national", "lever")] + [_actor(i, id_=f"actor-{i:05d}") for i in range(1, size + 1)]
    return _chain(actors, (_link("a0", f"actor-{i:05d}x") for i in range(1, size + 1)))


def duplicate_ids(size: int) -> str:
    """Three ids declared `size` times each, in three spellings that differ only in case."""
    actors = [_actor(0, "national", "lever")]
    actors += (_actor(i, id_=("Trust", "trust", "TRUST")[i % 3]) for i in range(1, size + 1))
    return _chain(actors, (_link("a0", "trusts"),))


def missing_fields(size: int) -> str:
    """`size` actors with an id and nothing else: three missing fields each."""
    return _chain((f"  - id: a{i}\n" for i in range(size)), ())


SHAPES: dict[str, Callable[[int], str]] = {
    "star": star, "long-chain": long_chain, "clique": clique, "parallel": parallel,
    "unknown-refs": unknown_refs, "duplicate-ids": duplicate_ids, "missing-fields": missing_fields,
}


if __name__ == "__main__":
    sys.stdout.write(SHAPES[sys.argv[1]](int(sys.argv[2])))
