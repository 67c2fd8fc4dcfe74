"""The redraft example: a real change of policy, sourced, and the diff the docs show for it."""

from __future__ import annotations

from pathlib import Path

import deliverychain
from tests import test_examples
from tests.conftest import ROOT

OLD = ROOT / "chains" / "cancer-plan-2005.yaml"
NEW = ROOT / "chains" / "redrafts" / "cancer-plan-2008.yaml"


def test_the_redraft_is_held_to_the_standard_of_every_example_chain() -> None:
    schema = "../../docs/chain.schema.json"
    assert NEW.read_text(encoding="utf-8").splitlines()[0] == f"# yaml-language-server: $schema={schema}"
    assert (NEW.parent / schema).resolve().exists()
    test_examples.test_validates_on_the_command_line(NEW)
    test_examples.test_every_rated_link_cites_a_declared_source(NEW)
    test_examples.test_sources_can_be_found_and_are_all_used(NEW)
    test_examples.test_names_who_must_change_and_who_it_is_for(NEW)
    test_examples.test_audits_and_the_audit_is_repeatable(NEW)


def test_the_diff_is_exactly_the_documented_change_of_policy() -> None:
    result = deliverychain.diff(OLD, NEW)
    model = result.model
    assert [s.id for s in model.sources.added] == ["crs-2007", "cruk-waits", "ncin-ph117"]
    assert [a.id for a in model.actors.added] == ["ncin"]
    assert [lk.key for lk in model.links.added] == [
        "dh->ncin:funding", "acute-trust->ncin:reporting", "ncin->ncd:reporting", "ncin->pct:support"]
    (standards,) = model.links.changed
    assert standards.new.key == "dh->sha:performance-management"
    assert {c.field for c in standards.changes} == {"evidence", "targets"}
    assert not (model.sources.removed or model.actors.removed or model.links.removed or model.actors.changed)
    assert {c.field for c in model.chain} == {"id", "title", "version", "description"}
    # every new link rests on the new evidence
    new_sources = {s.id for s in model.sources.added}
    assert all(set(lk.evidence) & new_sources for lk in model.links.added)


def test_the_examples_page_links_the_redraft() -> None:
    page = (ROOT / "docs" / "examples.md").read_text(encoding="utf-8")
    assert "(examples/cancer-plan-redraft.md)" in page
    redraft = (ROOT / "docs" / "examples" / "cancer-plan-redraft.md").read_text(encoding="utf-8")
    assert "## Chain diff:" in redraft and Path("chains/redrafts/cancer-plan-2008.yaml").as_posix() in redraft
