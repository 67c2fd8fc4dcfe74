"""The example chains in `chains/`: each one is valid, sourced, audits, and finds what its sources justify.

The examples are documentation: they show users what a faithful chain looks like and what
the audit makes of it. These tests keep them honest: every rated link cites a source, the
sources are described well enough to be found, and the audit reports the weaknesses the
literature found (and nothing a careful reader would call a false alarm).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import deliverychain
from deliverychain.cli import main
from deliverychain.model import Chain
from tests.conftest import ROOT

CHAINS_DIR = ROOT / "chains"
CHAINS = sorted(CHAINS_DIR.glob("*.yaml"))
SCHEMA_LINE = "# yaml-language-server: $schema=../docs/chain.schema.json"

#: The examples the project promises, by file name.
PROMISED = {
    "cancer.yaml",
    "cancer-plan-2005.yaml",
    "success-regime-2015.yaml",
    "scotland-local-improvement.yaml",
    "ambulance-handover-minister.yaml",
    "ambulance-handover-peer.yaml",
    "child-obesity-2006.yaml",
    "dementia-strategy-2010.yaml",
    "gp-access-2016.yaml",
    "maternity-safety-2024.yaml",
    "troubled-families-2012.yaml",
}
#: Examples encoded from published reviews to measure the audit: their findings are judged
#: in tests/validation/<name>.yaml (tests/test_validation_cases.py), not in EXPECTED below.
VALIDATION_CASES = {path.stem + ".yaml" for path in (ROOT / "tests" / "validation").glob("*.yaml")}


def load(name: str) -> Chain:
    return deliverychain.load(CHAINS_DIR / name)


def ids(path: Path) -> str:
    return path.name


def test_every_promised_example_exists() -> None:
    assert {path.name for path in CHAINS} >= PROMISED


# --- every chain ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", CHAINS, ids=ids)
def test_validates_on_the_command_line(path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output


@pytest.mark.parametrize("path", CHAINS, ids=ids)
def test_starts_with_schema_line_and_a_comment_block(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == SCHEMA_LINE
    header = []
    for line in lines[1:]:
        if not line.startswith("#"):
            break
        header.append(line)
    # What the chain models and its era, in a readable paragraph or more.
    assert len(header) >= 8
    assert any("Era" in line for line in header)


@pytest.mark.parametrize("path", CHAINS, ids=ids)
def test_every_rated_link_cites_a_declared_source(path: Path) -> None:
    chain = deliverychain.load(path)
    declared = {source.id for source in chain.sources}
    for link in chain.links:
        if link.strength != "unknown":
            assert link.evidence, f"{link.key} is rated {link.strength} without evidence"
        assert set(link.evidence) <= declared
        for assessment in link.assessments:
            assert assessment.evidence, f"an assessment of {link.key} cites nothing"


@pytest.mark.parametrize("path", CHAINS, ids=ids)
def test_sources_can_be_found_and_are_all_used(path: Path) -> None:
    chain = deliverychain.load(path)
    cited = {e for link in chain.links for e in link.evidence}
    cited |= {e for link in chain.links for a in link.assessments for e in a.evidence}
    cited |= {e for actor in chain.actors for e in actor.evidence}
    for source in chain.sources:
        assert source.publisher, f"source {source.id} has no publisher"
        assert source.url or source.date, f"source {source.id} has neither url nor date"
        if source.url:
            assert source.url.startswith(("https://", "http://"))
        assert source.id in cited, f"source {source.id} is declared but never cited"


@pytest.mark.parametrize("path", CHAINS, ids=ids)
def test_names_who_must_change_and_who_it_is_for(path: Path) -> None:
    chain = deliverychain.load(path)
    assert any("practice" in actor.roles for actor in chain.actors)
    assert any("beneficiary" in actor.roles for actor in chain.actors)
    assert chain.chain.version
    assert all(owner in chain.actor_index for owner in chain.chain.owners)


@pytest.mark.parametrize("path", CHAINS, ids=ids)
def test_audits_and_the_audit_is_repeatable(path: Path) -> None:
    first = deliverychain.audit(deliverychain.load(path))
    second = deliverychain.audit(deliverychain.load(path))
    assert [(f.rule_id, f.subject, f.location.line) for f in first.findings] == [
        (f.rule_id, f.subject, f.location.line) for f in second.findings
    ]
    # No housekeeping warnings: every `ignore:` entry still matches a finding.
    assert not first.unused_ignores


# --- what each audit finds, and why the sources justify it ------------------------------------

#: Every active finding of every example, as (rule, subject) -> why a careful reader agrees.
#: An audit that finds anything else, or misses one of these, fails: a new finding on an
#: example is either a false alarm to fix in the analyser or a truth to add here.
EXPECTED: dict[str, dict[tuple[str, str], str]] = {
    "cancer.yaml": {
        ("DC201", "trust"): "the cancer waiting times return is numbers only (CWT data collection)",
        ("DC201", "ncp"): "alliances report work plans and metrics; learning from PCN audits stops at the alliance",
        ("DC308", "trust"): "trusts answer to the NHS England region, the ICB and the alliance at once",
        ("DC301", "alliance->icb:support"): "alliance and ICB boundaries do not match (HSJ, 2019)",
        ("DC301", "alliance-neighbour->icb:support"): "the ICB is split between two alliances",
        ("DC302", "alliance"): "alliances answer to national planning guidance, with no support modelled",
        ("DC204", "system:cancer-alliance"): "no public source shows alliances learning from each other",
        ("DC302", "nhse-region"): "regions get NHS England's instruction, rated directive, with no support modelled",
        ("DC303", "trust"): "the alliance decides the trust's transformation money and is its only modelled support",
        ("DC105", "trust->nhse:feedback"): "NHS IMPACT self-assessments are not collected, on purpose (info, with why)",
    },
    "cancer-plan-2005.yaml": {
        ("DC201", "acute-trust"): "what went up was waiting times and targets; monitoring of the Plan was numbers",
        ("DC301", "pct->network:funding"): "a third of networks had at best an adequate relationship with their PCTs",
        ("DC301", "network->pct:support"): "networks negotiated with a dozen or more PCTs",
        ("DC301", "pct->acute-trust:commissioning"): "PCTs commissioned in isolation; GBP 190m of 280m reached cancer",
        ("DC301", "acute-trust->cns:support"): "specialist nurses pulled into administration (network memo to the PAC)",
        ("DC302", "sha"): "SHAs were performance-managed on targets with no support shown",
        ("DC301", "charities->network:funding"): "charitable start-up money for network posts was running out",
        ("DC105", "sha->network:performance-management"): "SHAs were only then made responsible for networks",
        ("DC105", "network->other-networks:peer-learning"): "the Committee asked networks to learn from each other",
        ("DC105", "network->ncd:reporting"): "the Committee asked network boards to report to the Director yearly",
    },
    "success-regime-2015.yaml": {
        ("DC303", "ccg"): "NHS England both held the CCG to account and supported it",
        ("DC303", "acute-trust"): "the TDA both oversaw the trust and supported it",
        ("DC303", "community-trust"): "Monitor both regulated the foundation trust and supported it",
        ("DC304", "programme-leadership"): "the regime's money went largely on consultants from outside",
        ("DC201", "nhse"): "NHS England heard metrics and assurance, not learning",
        ("DC308", "programme-leadership"): "the regime answered to NHS England, Monitor and the TDA at once",
        ("DC308", "acute-trust"): "the trust answered to the TDA, the regime's board and its CCG",
        ("DC308", "community-trust"): "the foundation trust answered to Monitor, the regime's board and its CCG",
        ("DC310", "hospital-staff"): "key clinical posts had been hard to fill for years",
    },
    "scotland-local-improvement.yaml": {},
    "ambulance-handover-minister.yaml": {
        ("DC201", "nhse"): "weekly handover figures are all that reach NHS England",
        ("DC203", "call-in"): "the worst five or six trusts are called in: some trust is always worst",
        ("DC302", "trust-ceos"): "a dressing-down, with nothing supportive from the centre",
        ("DC302", "ed-teams"): "emergency departments get targets from their board, no help modelled",
        ("DC301", "trust-ceos->sos:feedback"): "the front line's story reaches the minister once, in the meeting",
        ("DC308", "trust-ceos"): "chief executives answer to the minister's call-in, NHS England and their ICB",
        ("DC302", "icb"): "the ICB gets NHS England's instruction, rated directive, with no help modelled",
        ("DC302", "ward-teams"): "ward teams are told by their called-in chief executive, no help modelled",
        ("DC302", "crews"): "crews are instructed to release within 45 minutes, with no support modelled",
    },
    "ambulance-handover-peer.yaml": {
        ("DC105", "patients->lic:voice"): "patients' voice in the network is an aim, not yet shown in practice",
    },
}

#: Findings an example accepts in its `ignore:` list, with the reason shown in reports.
ACCEPTED: dict[str, set[tuple[str, str]]] = {
    "cancer.yaml": {("DC308", "cruk-facilitators")},
}


def test_every_example_has_expectations() -> None:
    assert set(EXPECTED) | VALIDATION_CASES == {path.name for path in CHAINS}
    assert not set(EXPECTED) & VALIDATION_CASES, "one place of expectations per example"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_audit_finds_what_the_sources_justify(name: str) -> None:
    report = deliverychain.audit(load(name))
    found = {(f.rule_id, f.subject) for f in report.active}
    expected = set(EXPECTED[name])
    assert found == expected, (
        f"unexpected: {sorted(found - expected)}; missing: {sorted(expected - found)}"
    )
    accepted = {(f.rule_id, f.subject) for f in report.suppressed}
    assert accepted == ACCEPTED.get(name, set())


def test_good_practice_has_no_errors_and_top_down_has_numbers_only_feedback() -> None:
    scotland = deliverychain.audit(load("scotland-local-improvement.yaml"))
    assert not [f for f in scotland.active if f.severity == "error"]
    cancer = deliverychain.audit(load("cancer.yaml"))
    numbers_only = [f for f in cancer.active if f.rule_id == "DC201"]
    assert numbers_only and all(f.severity == "error" for f in numbers_only)


def test_same_problem_two_chains_peer_learning_is_the_difference() -> None:
    minister = load("ambulance-handover-minister.yaml")
    peer = load("ambulance-handover-peer.yaml")
    assert minister.chain.intent == peer.chain.intent
    assert not [link for link in minister.links if link.kind == "peer-learning"]
    assert len([link for link in peer.links if link.kind == "peer-learning"]) >= 3
    # Good practice: no error, and only one declared gap (patients' voice, planned) as a warning.
    peer_findings = deliverychain.audit(peer).active
    assert [(f.rule_id, f.severity) for f in peer_findings] == [("DC105", "warning")]
    assert {f.rule_id for f in deliverychain.audit(minister).active} >= {"DC203", "DC302"}


def test_audit_cli_fails_the_cancer_chain_and_passes_the_good_practice_ones() -> None:
    runner = CliRunner()
    cancer = runner.invoke(main, ["audit", str(CHAINS_DIR / "cancer.yaml")])
    assert cancer.exit_code == 1, cancer.output
    assert "DC201" in cancer.output
    for name in ("scotland-local-improvement.yaml", "ambulance-handover-peer.yaml"):
        result = runner.invoke(main, ["audit", str(CHAINS_DIR / name)])
        assert result.exit_code == 0, result.output


# --- the cancer chain, as the brief describes it ---------------------------------------------


def test_cancer_chain_runs_from_the_secretary_of_state_to_people_with_symptoms() -> None:
    chain = load("cancer.yaml")
    tier_of = {actor.id: actor.tier for actor in chain.actors}
    assert 20 <= len(chain.actors) <= 40
    assert tier_of["sos"] == tier_of["dhsc"] == "government"
    assert tier_of["nhse"] == tier_of["ncp"] == tier_of["cqc"] == "national"
    assert tier_of["nhse-region"] == "regional"
    assert tier_of["alliance"] == tier_of["icb"] == "system"
    assert tier_of["trust"] == tier_of["rdc"] == tier_of["pcn"] == tier_of["practice"] == "organisation"
    assert tier_of["gp"] == tier_of["practice-nurse"] == "frontline"
    assert tier_of["people-with-symptoms"] == "public"
    practice = {actor.id for actor in chain.actors if "practice" in actor.roles}
    assert practice == {"gp", "practice-nurse", "diagnostic-teams"}
    beneficiaries = {actor.id for actor in chain.actors if "beneficiary" in actor.roles}
    assert beneficiaries == {"people-with-symptoms"}


def test_cancer_waiting_times_return_is_numbers_only_and_the_ambitions_are_targets() -> None:
    chain = load("cancer.yaml")
    cwt = next(link for link in chain.links if link.id == "cwt-return")
    assert (cwt.source, cwt.target, cwt.kind, cwt.carries) == ("trust", "ncp", "reporting", ["metrics"])
    targets = {t.name: t.basis for link in chain.links for t in link.targets}
    assert targets["75% of cancers diagnosed at stage 1 or 2 by 2028"] == "absolute"
    assert targets["Faster Diagnosis Standard: 75% diagnosed or ruled out within 28 days"] == "absolute"


def test_cancer_views_show_the_feedback_and_the_local_system() -> None:
    views = {view.id: view for view in load("cancer.yaml").views}
    assert views["feedback"].feedback_only
    assert views["system"].tiers == ["system", "organisation", "team", "frontline"]


def test_the_examples_show_an_intended_gap_and_assessors_who_disagree() -> None:
    gaps = [link for path in CHAINS for link in deliverychain.load(path).links if link.intended_gap]
    assert any("NHS IMPACT" in link.intended_gap for link in gaps)
    minister = load("ambulance-handover-minister.yaml")
    meeting = next(link for link in minister.links if link.id == "call-in-meeting")
    assert {a.character for a in meeting.assessments} == {"directive", "punitive"}
    assert [t.basis for t in meeting.targets] == ["rank"]
