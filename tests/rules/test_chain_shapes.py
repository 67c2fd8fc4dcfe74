"""Whole chains: a well-designed one audits clean, a repetitive one folds, output is deterministic."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from deliverychain.analysis.folding import FOLD_AT
from deliverychain.model.loading import loads
from deliverychain.pipeline import audit

#: The Scottish Joint Improvement Team shape: local presence, boundary spanners beside the
#: line of accountability, peers learning from each other, stories flowing back.
WELL_DESIGNED = """\
chain: {id: jit, title: Local improvement, intent: Fewer delayed discharges, owner: gov}
actors:
  - {id: gov, name: Scottish Government, tier: government, kind: department}
  - {id: board, name: Health board, tier: system, kind: health-board}
  - {id: partnership, name: Health and social care partnership, tier: organisation, kind: partnership}
  - {id: advisers, name: Improvement advisers, tier: team, kind: team, roles: [boundary-spanner], local_presence: true}
  - {id: ward, name: Ward team, tier: team, kind: team}
  - {id: home-care, name: Home care team, tier: team, kind: team}
  - {id: nurse, name: Discharge nurse, tier: frontline, kind: nurse}
  - {id: carer, name: Home carer, tier: frontline, kind: carer}
  - {id: people, name: People leaving hospital, tier: public, kind: patients}
links:
  - {from: gov, to: board, kind: funding, carries: [money, guidance]}
  - {from: gov, to: partnership, kind: performance-management, carries: [targets, guidance]}
  - {from: board, to: advisers, kind: support}
  - {from: board, to: ward, kind: mandate}
  - {from: partnership, to: home-care, kind: commissioning}
  - {from: advisers, to: ward, kind: support, character: supportive}
  - {from: advisers, to: home-care, kind: support, character: supportive}
  - {from: ward, to: home-care, kind: peer-learning, carries: [learning]}
  - {from: ward, to: nurse, kind: support}
  - {from: home-care, to: carer, kind: support}
  - {from: nurse, to: people, kind: support}
  - {from: carer, to: people, kind: support}
  - {from: nurse, to: advisers, kind: feedback, carries: [narrative, learning]}
  - {from: carer, to: advisers, kind: feedback, carries: [narrative]}
  - {from: advisers, to: board, kind: feedback, carries: [learning]}
  - {from: advisers, to: partnership, kind: feedback, carries: [learning]}
  - {from: board, to: gov, kind: reporting, carries: [metrics, learning]}
  - {from: partnership, to: gov, kind: reporting, carries: [metrics, narrative]}
  - {from: people, to: partnership, kind: voice, carries: [narrative]}
"""


def test_a_well_designed_chain_has_no_findings_at_all() -> None:
    report = audit(loads(WELL_DESIGNED, "jit.yaml"))
    assert [(f.rule_id, f.subject, f.message) for f in report.findings] == []


def _national(places: int) -> str:
    """An ICB with `places` PCNs; each PCN's nurse reports numbers to the PCN only."""
    lines = [
        "chain: {id: n, title: N, intent: Faster diagnosis, owner: icb}",
        "actors:",
        "  - {id: icb, name: ICB, tier: system, kind: icb}",
    ]
    links = ["links:"]
    for k in range(1, places + 1):
        lines += [
            f"  - {{id: pcn-{k}, name: PCN {k}, tier: organisation, kind: pcn}}",
            f"  - {{id: nurse-{k}, name: Nurse {k}, tier: frontline, kind: nurse}}",
        ]
        links += [
            f"  - {{from: icb, to: pcn-{k}, kind: performance-management, carries: [targets, guidance]}}",
            f"  - {{from: pcn-{k}, to: nurse-{k}, kind: support}}",
            f"  - {{from: nurse-{k}, to: pcn-{k}, kind: reporting, carries: [metrics]}}",
            f"  - {{from: pcn-{k}, to: icb, kind: reporting, carries: [metrics]}}",
        ]
    return "\n".join(lines + links) + "\n"


def test_many_places_alike_fold_into_one_finding_with_counts() -> None:
    places = FOLD_AT + 3
    report = audit(loads(_national(places), "national.yaml"), select=["DC201"])
    assert [(f.rule_id, f.subject) for f in report.findings] == [("DC201", "kind:pcn")]
    finding = report.findings[0]
    assert finding.extra["folded"] == places
    assert finding.extra["examples"][:2] == ["pcn-1", "pcn-2"]
    assert finding.message.startswith(
        f"Learning from practice stops at {places} actors of kind 'pcn' (e.g. PCN 1, PCN 2, PCN 3 and 5 more): "
        f"{places} practice actors report to them and what arrives carries only metrics"
    )
    assert finding.trace == ("icb", "pcn-1", "nurse-1", "pcn-1", "icb")
    assert finding.location is not None and finding.location.line == 3 + 2 * places + 4


def test_a_few_places_alike_stay_separate() -> None:
    report = audit(loads(_national(FOLD_AT), "national.yaml"), select=["DC201"])
    assert [f.subject for f in report.findings] == [f"pcn-{k}" for k in range(1, FOLD_AT + 1)]


_DUMP = """
import json, sys
import deliverychain as d
report = d.audit(d.load(sys.argv[1]))
print(json.dumps([[f.rule_id, f.subject, f.severity, f.message, f.location.line, list(f.trace),
                   repr(sorted(f.extra.items()))] for f in report.findings]))
"""


def test_findings_do_not_depend_on_hash_seeds(tmp_path: Path) -> None:
    path = tmp_path / "chain.yaml"
    extra = ("  - {from: icb, to: pcn-1, kind: support, strength: weak}\n"
             "  - {from: icb, to: pcn-2, kind: commissioning, strength: planned}\n")
    path.write_text(_national(FOLD_AT + 1) + extra, encoding="utf-8")
    outputs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", _DUMP, str(path)], env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(json.loads(outputs[0])) >= 3
