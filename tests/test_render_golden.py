"""Golden files: the exact DOT and Mermaid text for the render fixture and the example chains.

A change in these files is a change in every diagram users commit, so it must be seen in
review. Regenerate after an intended change with:

    UPDATE_GOLDEN=1 python -m pytest tests/test_render_golden.py

The example chains are drawn without findings so that their goldens change only when the
chain or the renderer does, not when an analyser is tuned; the fixture is drawn with a
fixed set of findings to pin the overlay.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import deliverychain
from deliverychain.findings import Severity
from deliverychain.pipeline import render
from tests.conftest import ROOT
from tests.test_render import FIXTURE, finding

GOLDEN = ROOT / "tests" / "golden"
CHAINS = sorted((ROOT / "chains").glob("*.yaml"))

FIXTURE_FINDINGS = [
    finding("DC103", "practice-a", Severity.ERROR,
            ghost_link={"from": "practice-a", "to": "icb-gm", "kind": "feedback"}),
    finding("DC201", "icb-gm", Severity.ERROR, trace=("nhse", "icb-gm", "nhse")),
    finding("DC301", "icb-gm->practice-a:commissioning"),
    finding("DC302", "icb-gm"),
    finding("DC306", "nhse->nhse-cancer:funding", Severity.INFO),
    finding("DC308", "mdt-lung", suppressed="the MDT lead is named in the plan"),
]


def check_golden(path: Path, actual: bytes) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
    assert path.exists(), f"no golden file {path.name}: run with UPDATE_GOLDEN=1 to create it"
    assert actual.decode("utf-8") == path.read_text(encoding="utf-8"), (
        f"{path.name} differs: if the change is intended, run UPDATE_GOLDEN=1 pytest {__file__}")


@pytest.mark.parametrize("format", ["dot", "mmd"])
def test_fixture_golden(format: str):
    chain = deliverychain.load(FIXTURE)
    check_golden(GOLDEN / f"render-fixture.{format}", render(chain, format, findings=FIXTURE_FINDINGS))


def test_fixture_view_golden():
    chain = deliverychain.load(FIXTURE)
    check_golden(GOLDEN / "render-fixture.steering.dot", render(chain, "dot", view="steering", findings=False))


@pytest.mark.parametrize("path", CHAINS, ids=[p.stem for p in CHAINS])
def test_example_chain_golden(path: Path):
    chain = deliverychain.load(path)
    check_golden(GOLDEN / "chains" / f"{path.stem}.dot", render(chain, "dot", findings=False))


def test_every_golden_has_its_chain():
    """A golden left behind by a renamed or removed example chain is stale."""
    stems = {p.stem for p in CHAINS}
    stale = [p.name for p in (GOLDEN / "chains").glob("*.dot") if p.stem not in stems]
    assert not stale
