"""The format additions of 0.2.0 as the audit reads them: joint owners, `not-practice`,
`lag` and `stale_after`, `headcount`, and findings whose subject changed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from deliverychain.errors import ChainError
from deliverychain.pipeline import audit, loads

#: Three departments own the intent; each steers its own practice and hears from it.
JOINT = """\
chain: {id: t, title: T, intent: Halt child obesity, owner: [dh, dfes], lead: dh}
actors:
  - {id: dh, name: Department of Health, tier: government, kind: department}
  - {id: dfes, name: DfES, tier: government, kind: department}
  - {id: pct, name: PCT, tier: organisation, kind: pct}
  - {id: schools, name: Schools, tier: organisation, kind: school}
  - {id: nurses, name: School nurses, tier: frontline, kind: school-nurse}
  - {id: staff, name: School staff, tier: frontline, kind: school-staff}
links:
  - {from: dh, to: pct, kind: funding}
  - {from: pct, to: nurses, kind: commissioning}
  - {from: nurses, to: pct, kind: feedback, carries: [learning]}
  - {from: pct, to: dh, kind: reporting, carries: [learning]}
  - {from: dfes, to: schools, kind: funding}
  - {from: schools, to: staff, kind: support}
  - {from: staff, to: schools, kind: feedback, carries: [learning]}
  - {from: schools, to: dfes, kind: reporting, carries: [learning]}
"""


def _findings(text: str, select: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    return [(f.rule_id, f.subject) for f in audit(loads(text, "c.yaml"), select=select).findings]


def test_joint_owners_reach_and_hear_practice_between_them() -> None:
    assert _findings(JOINT, ("DC1",)) == []
    # With the Department of Health as the only owner, the schools' side is cut off both ways.
    single = JOINT.replace("owner: [dh, dfes], lead: dh", "owner: dh")
    assert ("DC101", "staff") in _findings(single, ("DC1",))
    assert ("DC103", "staff") in _findings(single, ("DC1",))


def test_joint_owners_with_no_lead_are_named_in_the_finding() -> None:
    text = JOINT.replace(", lead: dh", "")
    assert _findings(text, ("DC309",)) == [("DC309", "dh")]


def test_not_practice_takes_a_frontline_actor_out_of_practice() -> None:
    text = """\
chain: {id: t, title: T, intent: Better care, owner: icb}
actors:
  - {id: icb, name: ICB, tier: system, kind: icb}
  - {id: nurse, name: Nurse, tier: frontline, kind: nurse}
  - {id: porter, name: Porter, tier: frontline, kind: porter, roles: [not-practice]}
links:
  - {from: icb, to: nurse, kind: support}
  - {from: nurse, to: icb, kind: feedback}
"""
    assert _findings(text, ("DC101", "DC103")) == []
    assert ("DC101", "porter") in _findings(text.replace("roles: [not-practice]", "roles: []"), ("DC101",))


def test_an_old_ignore_entry_is_pointed_at_the_new_subject() -> None:
    text = """\
chain: {id: t, title: T, intent: Better care, owner: nhse}
actors:
  - {id: nhse, name: NHS England, tier: national, kind: nhse}
  - {id: icb, name: ICB, tier: system, kind: icb}
  - {id: nurse, name: Nurse, tier: frontline, kind: nurse}
links:
  - {from: nhse, to: icb, kind: support}
  - {from: icb, to: nurse, kind: support}
  - {from: icb, to: nhse, kind: reporting}
ignore:
  - {rule: DC103, subject: icb, reason: Nurses are heard through the ICB's own surveys}
"""
    report = audit(loads(text, "c.yaml"), select=("DC103", "DC9"))
    assert [(f.rule_id, f.subject) for f in report.findings] == [("DC103", "nurse"), ("DC901", "ignore:DC103:icb")]
    hint = report.findings[1]
    assert "since 0.2.0 the finding it was written for is about 'nurse'" in hint.message
    assert hint.hint.startswith("write 'subject: nurse'")
    assert (hint.location.line, hint.location.column) == (11, 28)


@pytest.mark.parametrize(("chain_line", "words"), [
    ("chain: {id: t, title: T, intent: I, owner: [a, z]}", "unknown actor 'z'"),
    ("chain: {id: t, title: T, intent: I, owner: [a, b], lead: c}", "'lead' names 'c', which is not one of the"),
    ("chain: {id: t, title: T, intent: I, owner: a, joint_arrangement: q}", "unknown actor 'q'"),
    ("chain: {id: t, title: T, intent: I, owner: a, stale_after: a while}", "'a while' is not a duration"),
    ("chain: {id: t, title: T, intent: I, owner: {a: 1}}", "'chain.owner' should be text or a list"),
])
def test_owners_and_durations_are_checked_with_a_clear_message(chain_line: str, words: str) -> None:
    text = chain_line + """
actors:
  - {id: a, name: A, tier: national, kind: k}
  - {id: b, name: B, tier: national, kind: k}
  - {id: c, name: C, tier: national, kind: k}
"""
    with pytest.raises(ChainError) as raised:
        loads(text, "c.yaml")
    messages = [p.message for p in raised.value.problems]
    assert any(words in m for m in messages), messages
    assert len(messages) == 1, messages


def test_a_lag_that_is_not_a_duration_is_reported_by_validate(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("chain: {id: t, title: T, intent: I, owner: a}\nactors:\n"
                    "  - {id: a, name: A, tier: national, kind: k, headcount: 1}\n"
                    "links:\n  - {from: a, to: a, kind: reporting, lag: 2 years}\n", encoding="utf-8")
    chain = Path(sys.executable).parent / "chain"
    run = subprocess.run([str(chain), "validate", str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 2, run.stderr
    assert f"{path}:5:44: error[DC010] '2 years' is not a duration" in run.stdout + run.stderr
    assert "P1Y6M" in run.stdout + run.stderr


def test_declared_gaps_alike_fold_into_one_finding_each_on_a_route() -> None:
    lines = ["chain: {id: n, title: N, intent: I, owner: icb}", "actors:",
             "  - {id: icb, name: ICB, tier: system, kind: icb}"]
    links = ["links:"]
    for k in range(8):
        lines += [f"  - {{id: pcn-{k}, name: PCN {k}, tier: organisation, kind: pcn}}",
                  f"  - {{id: nurse-{k}, name: Nurse {k}, tier: frontline, kind: nurse}}"]
        links += [f"  - {{from: icb, to: pcn-{k}, kind: support}}",
                  f"  - {{from: pcn-{k}, to: nurse-{k}, kind: support}}",
                  f"  - {{from: nurse-{k}, to: icb, kind: feedback}}",
                  f"  - {{from: pcn-{k}, to: icb, kind: reporting, strength: missing}}"]
    report = audit(loads("\n".join(lines + links) + "\n", "n.yaml"), select=("DC105",))
    [finding] = report.findings
    assert (finding.subject, finding.severity, finding.extra["folded"]) == ("kind:pcn->icb:reporting", "warning", 8)
    assert finding.message.endswith("; each is on a route back to ICB (other routes exist)")


def test_chain_diff_compares_joint_owners_as_a_set() -> None:
    import deliverychain

    before = loads(JOINT, "before.yaml")
    reordered = loads(JOINT.replace("owner: [dh, dfes]", "owner: [dfes, dh]"), "after.yaml")
    fewer = loads(JOINT.replace("owner: [dh, dfes], lead: dh", "owner: dh"), "after.yaml")
    assert not deliverychain.diff(before, reordered).model.chain
    changes = deliverychain.diff(before, fewer).model.chain
    assert [(c.field, c.old, c.new) for c in changes] == [("owner", ["dh", "dfes"], "dh"), ("lead", "dh", None)]
