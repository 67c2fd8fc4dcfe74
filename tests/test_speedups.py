"""The memory and speed devices (deliverychain/speedups.py): what each relies on, and the switch.

Each device leans on how pydantic or CPython work inside. When a new release changes that,
these tests fail with a message saying which device to change, rather than the devices
silently doing nothing (or worse).
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

from deliverychain import speedups
from deliverychain.model import Chain, Link
from deliverychain.model.chunked import validate_chain
from deliverychain.model.loading import loads

ROOT = Path(__file__).resolve().parent.parent
CHAIN = """\
chain: {id: t, title: T, intent: Something, owner: a}
actors:
  - {id: a, name: A, tier: national, kind: body, roles: [lever]}
  - {id: b, name: B, tier: frontline, kind: nurse}
links:
  - {from: a, to: b, kind: support, strength: weak, carries: [guidance]}
  - {from: b, to: a, kind: feedback}
"""


def test_pydantic_keeps_field_values_in_the_models_dict() -> None:
    chain = loads(CHAIN, "t.yaml")
    for model in (*chain.actors, *chain.links, chain.chain):
        assert set(type(model).model_fields) <= set(model.__dict__), (
            f"pydantic no longer keeps every field of {type(model).__name__} in __dict__: "
            "speedups.field_columns must read fields another way")
    fields = ("source", "target", "kind", "strength", "carries")
    assert speedups.field_columns(chain.links, fields) == {f: [getattr(link, f) for link in chain.links]
                                                           for f in fields}


def test_pydantic_keeps_the_fields_given_in_a_set_we_can_share() -> None:
    link = Link.model_validate({"from": "a", "to": "b", "kind": "support"})
    assert type(getattr(link, "__pydantic_fields_set__", None)) is set, (
        "pydantic no longer keeps the fields given in __pydantic_fields_set__: speedups.SharedFieldsSet "
        "and share_fields_sets must change")
    shared = speedups.SharedFieldsSet(link.__pydantic_fields_set__)
    other = Link.model_validate({"from": "c", "to": "d", "kind": "support"})
    object.__setattr__(other, "__pydantic_fields_set__", shared)
    assert other.model_dump(exclude_unset=True, by_alias=True) == {"from": "c", "to": "d", "kind": "support"}, (
        "pydantic no longer reads __pydantic_fields_set__ for exclude_unset: sharing it would change dumps")
    other.note = "assigned"  # the model must take its own set first (Strict.__setattr__ -> own_fields_set)
    assert shared == {"source", "target", "kind"}, "an assignment changed the shared fields-set"
    assert other.model_fields_set == {"source", "target", "kind", "note"}


def test_chunked_validation_shares_and_equals_model_validate() -> None:
    data = {"chain": {"id": "c", "title": "T", "intent": "I", "owner": "a0"},
            "actors": [{"id": f"a{i}", "name": f"A{i}", "tier": "system", "kind": "k"} for i in range(40)],
            "links": [{"from": f"a{i}", "to": f"a{i + 1}", "kind": "support"} for i in range(39)]}
    expected = Chain.model_validate(json.loads(json.dumps(data)))
    chain = validate_chain(data, chunk=8, share_above=0)
    assert chain == expected
    assert chain.links[0].__pydantic_fields_set__ is chain.links[1].__pydantic_fields_set__, (
        "models given the same fields no longer share one fields-set")
    assert chain.links[0].source is chain.actors[0].id, "a link's end no longer shares its actor's id string"


def test_the_collector_is_paused_and_restored() -> None:
    assert gc.isenabled()
    with speedups.collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


_AUDIT = """
import sys
from deliverychain import speedups
from deliverychain.model.loading import check_text
from deliverychain.pipeline import audit
from deliverychain.reports.json_report import finding_dict
from tests.test_speedups import big_chain
result = check_text(big_chain(), "big.yaml")
report = audit(result.chain)
print(speedups.ENABLED, [finding_dict(f) for f in report.findings])
"""


def big_chain() -> str:
    """A chain long enough to be validated in chunks (more than twice model.chunked.CHUNK items)."""
    lines = ["chain: {id: big, title: Big, intent: Something, owner: a0}", "actors:"]
    lines += [f"  - {{id: a{i}, name: A {i}, tier: {'frontline' if i % 3 else 'system'}, kind: k{i % 3}}}"
              for i in range(6000)]
    lines.append("links:")
    lines += [f"  - {{from: a{i // 3 * 3}, to: a{i}, kind: support, strength: weak}}" for i in range(1, 6000)]
    return "\n".join(lines) + "\n"


def test_with_the_switch_off_the_results_are_the_same() -> None:
    outputs = {}
    for switch in ("1", "0"):
        env = {**os.environ, "DELIVERYCHAIN_SPEEDUPS": switch}
        done = subprocess.run([sys.executable, "-c", _AUDIT], capture_output=True, text=True, env=env, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        outputs[switch] = done.stdout
    assert outputs["1"].startswith("True [{") and outputs["0"].startswith("False [{")
    assert outputs["1"].split(" ", 1)[1] == outputs["0"].split(" ", 1)[1]
