"""Any valid chain audits without an exception, every finding placed and named, the same twice."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from deliverychain.model import Chain
from deliverychain.pipeline import audit
from deliverychain.vocab import Capacity, Carry, Character, LinkKind, Role, Strength, TargetBasis, Tier

TIERS = [t.value for t in Tier]


@st.composite
def chains(draw: st.DrawFn) -> Chain:
    n = draw(st.integers(min_value=1, max_value=12))
    actors = [
        {
            "id": f"a{i}", "name": f"Actor {i}", "tier": draw(st.sampled_from(TIERS)),
            "kind": draw(st.sampled_from(["icb", "trust", "nurse", "team"])),
            "roles": draw(st.lists(st.sampled_from([r.value for r in Role]), max_size=2, unique=True)),
            "local_presence": draw(st.sampled_from([None, True, False])),
            "capacity": draw(st.sampled_from([None, *[c.value for c in Capacity]])),
        }
        for i in range(n)
    ]
    links = []
    for _ in range(draw(st.integers(min_value=0, max_value=3 * n))):
        strength = draw(st.sampled_from([s.value for s in Strength]))
        links.append({
            "from": f"a{draw(st.integers(0, n - 1))}", "to": f"a{draw(st.integers(0, n - 1))}",
            "kind": draw(st.sampled_from([k.value for k in LinkKind])),
            "strength": strength,
            "character": draw(st.sampled_from([None, *[c.value for c in Character]])),
            "carries": draw(st.lists(st.sampled_from([c.value for c in Carry]), max_size=3, unique=True)),
            "intended_gap": "on purpose" if strength in ("missing", "planned") and draw(st.booleans()) else None,
            "targets": [{"name": "T", "basis": draw(st.sampled_from([b.value for b in TargetBasis]))}]
            if draw(st.booleans()) else [],
            "assessments": [
                {"rater": f"R{k}", "strength": draw(st.sampled_from([s.value for s in Strength])),
                 "character": draw(st.sampled_from([None, *[c.value for c in Character]]))}
                for k in range(draw(st.integers(0, 3)))
            ],
        })
    owner = f"a{draw(st.integers(0, n - 1))}"
    return Chain.model_validate({
        "chain": {"id": "c", "title": "C", "intent": "I", "owner": owner},
        "actors": actors,
        "links": links,
    })


def _summary(chain: Chain) -> list[tuple[object, ...]]:
    return [(f.rule_id, f.subject, f.severity, f.message, f.trace, repr(sorted(f.extra.items())))
            for f in audit(chain).findings]


@settings(max_examples=80, deadline=None)
@given(chains())
def test_any_chain_audits_cleanly_and_deterministically(chain: Chain) -> None:
    first = _summary(chain)
    assert first == _summary(chain)
    actor_ids = {a.id for a in chain.actors}
    for rule_id, subject, _, message, trace, _ in first:
        assert subject and message, rule_id
        assert set(trace) <= actor_ids
