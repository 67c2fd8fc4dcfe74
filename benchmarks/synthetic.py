"""Synthetic delivery chains of any size, for benchmarks and scale tests.

The shape is national-NHS-like: government -> national body -> regions -> systems (ICB-like)
-> organisations (PCN-like, each with member practices) -> frontline staff -> patients, plus
providers (trust-like) in every system. Links are what a real chain has: steering links down,
data returns up from everywhere, some learning and voice, peer links between the PCN-like
organisations of a system (so there are loops), and a share of weak or broken links. About
2.5 links per actor.

The text is written directly (not through a YAML dumper) so that a 100,000-actor chain takes
a second to make, and so that it exercises what real files contain: comments, quoted text
holding '#' and ': ', flow lists, block lists of assessments, keys in varying order.
Same arguments, same bytes: every choice comes from a seeded `random.Random`.

    python benchmarks/synthetic.py 100000 -o build/synthetic-100k.yaml
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ._/()'-]*$")
_RESERVED = frozenset({"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"})


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that is safe, else double-quoted (JSON rules)."""
    if _PLAIN.match(text) and text.lower() not in _RESERVED and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


@dataclass
class _Actor:
    id: str
    name: str
    tier: str
    kind: str
    group: str | None = None
    roles: tuple[str, ...] = ()
    extra: list[str] = field(default_factory=list)


@dataclass
class _Link:
    source: str
    target: str
    kind: str
    carries: tuple[str, ...] = ()
    strength: str | None = None
    character: str | None = None
    note: str | None = None
    extra: list[str] = field(default_factory=list)


_STRENGTHS = ("strong", "adequate", "adequate", "weak", "weak", "broken", "unknown")
_STEER_CHARACTER = ("directive", "directive", "supportive", "collaborative", "punitive")
_NOTES = (
    "Monthly return: waiting times #1 priority",
    "Quarterly review - 'assurance' meeting",
    "Stories from the front line: rarely heard",
    "Data flows up; little comes back",
    "Buddying with a peer: visits every term",
)


class _Builder:
    def __init__(self, n_actors: int, seed: int) -> None:
        self.limit = n_actors
        self.rng = random.Random(seed)
        self.actors: list[_Actor] = []
        self.links: list[_Link] = []

    @property
    def full(self) -> bool:
        return len(self.actors) >= self.limit

    def actor(self, actor: _Actor) -> bool:
        if self.full:
            return False
        self.actors.append(actor)
        return True

    def link(self, link: _Link) -> None:
        self.links.append(link)

    def weak_or(self, default: str) -> str:
        return self.rng.choice(_STRENGTHS) if self.rng.random() < 0.3 else default

    def steer(self, source: str, target: str, kind: str, carries: tuple[str, ...]) -> None:
        rng = self.rng
        note = rng.choice(_NOTES) if rng.random() < 0.05 else None
        self.link(_Link(source, target, kind, carries, self.weak_or("adequate"), rng.choice(_STEER_CHARACTER), note))

    def report(self, source: str, target: str) -> None:
        """A data return upward: everywhere, numbers only."""
        self.link(_Link(source, target, "reporting", ("metrics",), self.weak_or("strong")))

    def feedback(self, source: str, target: str, kind: str = "feedback") -> None:
        carries = ("narrative", "learning") if self.rng.random() < 0.5 else ("narrative",)
        self.link(_Link(source, target, kind, carries, self.weak_or("weak")))


def _build(n_actors: int, seed: int) -> _Builder:
    b = _Builder(n_actors, seed)
    rng = b.rng
    b.actor(_Actor("sos", "Secretary of State", "government", "minister", roles=("lever",)))
    b.actor(_Actor("dhsc", "Department of Health and Social Care", "government", "department"))
    b.actor(_Actor("nhse", "NHS England", "national", "national-body"))
    b.actor(_Actor("cqc", "Care Quality Commission", "national", "regulator"))
    b.steer("sos", "dhsc", "mandate", ("instruction",))
    b.steer("dhsc", "nhse", "mandate", ("targets", "money"))
    b.report("nhse", "dhsc")
    regions = [f"region-{r}" for r in range(1, 8)]
    for r, region in enumerate(regions, 1):
        b.actor(_Actor(region, f"NHS England region {r}", "regional", "region"))
        b.steer("nhse", region, "performance-management", ("targets",))
        b.report(region, "nhse")
    systems = [f"sys-{s:03d}" for s in range(1, 43)]
    for s, system in enumerate(systems):
        b.actor(_Actor(system, f"Integrated care board {s + 1}", "system", "icb", group=regions[s % 7]))
        b.steer(regions[s % 7], system, "performance-management", ("targets", "metrics"))
        b.steer("nhse", system, "funding", ("money",))
        b.report(system, regions[s % 7])
        if rng.random() < 0.4:
            b.feedback(system, regions[s % 7])
    # Providers and the PCN-like organisations are dealt round-robin to the systems so that
    # every size has every system, and the chain grows by widening, as a real one would.
    pcn_peers: dict[str, list[str]] = {s: [] for s in systems}
    trusts_per_system = max(1, n_actors // 2000)
    for s, system in enumerate(systems):
        for t in range(trusts_per_system):
            trust = f"trust-{s + 1:03d}-{t + 1}"
            if not b.actor(_Actor(trust, f"Hospital trust {s + 1}.{t + 1}", "organisation", "trust",
                                  group=system)):
                break
            b.steer(system, trust, "commissioning", ("money", "targets"))
            b.link(_Link("cqc", trust, "regulation", ("assurance",), b.weak_or("adequate"), "directive"))
            b.report(trust, system)
            team = f"{trust}-team"
            if b.actor(_Actor(team, f"Clinical team, trust {s + 1}.{t + 1}", "team", "clinical-team",
                              group=system)):
                b.steer(trust, team, "mandate", ("instruction", "guidance"))
                b.report(team, trust)
    number = 0
    while not b.full:
        system = systems[number % len(systems)]
        number += 1
        pcn = f"pcn-{number:05d}"
        b.actor(_Actor(pcn, f"Primary care network {number}", "organisation", "pcn", group=system))
        b.steer(system, pcn, "funding", ("money",))
        b.report(pcn, system)
        peers = pcn_peers[system]
        if peers:  # peer learning with the system's previous PCN, both ways: sideways loops
            b.link(_Link(pcn, peers[-1], "peer-learning", ("learning",), b.weak_or("adequate"), "collaborative"))
            if rng.random() < 0.5:
                b.link(_Link(peers[-1], pcn, "peer-learning", ("learning",), b.weak_or("adequate"), "collaborative"))
        peers.append(pcn)
        for p in range(rng.randint(2, 8)):
            practice = f"{pcn}-gp{p + 1}"
            if not b.actor(_Actor(practice, f"Practice {p + 1} of PCN {number}", "organisation", "practice",
                                  group=pcn)):
                break
            b.steer(system, practice, "commissioning", ("money", "targets"))
            b.steer(pcn, practice, "support", ("guidance",))
            b.report(practice, system)
            b.report(practice, pcn)
            if rng.random() < 0.5:
                b.link(_Link("cqc", practice, "regulation", ("assurance",), b.weak_or("adequate"), "directive"))
            for role, kind in (("gp", "gp"), ("nurse", "practice-nurse")):
                staff = f"{practice}-{role}"
                if not b.actor(_Actor(staff, f"{kind.replace('-', ' ').capitalize()}s, practice {p + 1} of "
                                      f"PCN {number}", "frontline", kind, group=pcn)):
                    break
                b.steer(practice, staff, "mandate", ("instruction",))
                if rng.random() < 0.5:
                    b.feedback(staff, practice)
            patients = f"{practice}-patients"
            if b.actor(_Actor(patients, f"Patients of practice {p + 1}, PCN {number}", "public", "patients",
                              group=pcn)):
                for role in ("gp", "nurse"):
                    b.link(_Link(f"{practice}-{role}", patients, "support", ("practice-change",),
                                 b.weak_or("adequate")))
                if rng.random() < 0.4:
                    b.feedback(patients, practice, kind="voice")
    known = {a.id for a in b.actors}
    b.links = [link for link in b.links if link.source in known and link.target in known]
    return b


def _actor_lines(actor: _Actor, rng: random.Random) -> Iterator[str]:
    yield f"  - id: {actor.id}"
    fields = [f"name: {scalar(actor.name)}", f"tier: {actor.tier}", f"kind: {actor.kind}"]
    if actor.group:
        fields.append(f"group: {actor.group}")
    if actor.roles:
        fields.append(f"roles: [{', '.join(actor.roles)}]")
    if rng.random() < 0.1:
        fields.append(f"capacity: {rng.choice(('sufficient', 'stretched', 'insufficient'))}")
    if rng.random() < 0.1:
        rng.shuffle(fields)  # keys in any order
    for text in fields:
        yield f"    {text}"


def _link_lines(link: _Link, rng: random.Random) -> Iterator[str]:
    yield f"  - from: {link.source}"
    yield f"    to: {link.target}"
    yield f"    kind: {link.kind}"
    if link.carries:
        yield f"    carries: [{', '.join(link.carries)}]"
    if link.strength:
        comment = "  # rated at the last review" if link.strength in ("broken", "weak") and rng.random() < 0.2 else ""
        yield f"    strength: {link.strength}{comment}"
    if link.character:
        yield f"    character: {link.character}"
    if link.strength in ("weak", "broken"):
        yield "    evidence: [ods-2025]"
    if link.note:
        yield f"    note: {scalar(link.note)}"
    if link.kind == "performance-management" and rng.random() < 0.3:
        yield "    targets:"
        yield "      - name: Bottom-quartile relegation"
        yield "        basis: rank"
    if link.strength == "weak" and rng.random() < 0.1:
        yield "    assessments:"
        yield "      - rater: board"
        yield "        strength: weak"
        yield "        character: directive"
        yield f"      - rater: {scalar('front line: survey #2')}"
        yield "        strength: broken"


def synthetic_chain(n_actors: int = 10_000, seed: int = 1) -> str:
    """YAML text of a valid chain with exactly `n_actors` actors (at least 60)."""
    if n_actors < 60:
        raise ValueError("a synthetic chain needs at least 60 actors (one per system and above)")
    built = _build(n_actors, seed)
    rng = random.Random(seed + 1)
    out = [
        f"# Synthetic national-scale chain: {n_actors} actors, {len(built.links)} links (seed {seed}).",
        "chain:",
        f"  id: synthetic-{n_actors}",
        f"  title: {scalar(f'Synthetic chain, {n_actors:,} actors')}",
        "  intent: Every practice changes how it works, and patients notice.",
        "  owner: dhsc",
        "sources:",
        "  - id: ods-2025",
        "    title: A synthetic source, cited by weak links",
        "actors:",
    ]
    for i, actor in enumerate(built.actors):
        if i and i % 1000 == 0:
            out.append(f"  # --- actor {i} ---")
        out.extend(_actor_lines(actor, rng))
    out.append("")
    out.append("links:")
    for j, link in enumerate(built.links):
        if j and j % 1000 == 0:
            out.append("")
        out.extend(_link_lines(link, rng))
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(description="Write a synthetic delivery chain of N actors.")
    parser.add_argument("actors", type=int, help="number of actors (at least 60)")
    parser.add_argument("-o", "--output", default=None, help="output file (default: standard output)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    text = synthetic_chain(args.actors, args.seed)
    if args.output is None:
        print(text, end="")
    else:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
