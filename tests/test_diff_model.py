"""The model diff: every kind of change is found, field by field, and nothing else is.

Each test starts from one small chain (BASE), changes one thing, and checks that the diff
names exactly that change. Reordering, reformatting and comments must give an empty diff.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
import yaml

import deliverychain
from deliverychain.diffing.model import FieldChange, ModelDiff, diff_models
from deliverychain.model import Chain

BASE: dict[str, Any] = {
    "chain": {"id": "demo", "title": "Earlier diagnosis", "intent": "More cancers found early.",
              "owner": "nhse", "version": "1"},
    "sources": [
        {"id": "plan", "title": "The plan", "publisher": "NHS England", "date": "2019-01-07"},
        {"id": "review", "title": "A review", "publisher": "NAO", "url": "https://example.org/review"},
    ],
    "actors": [
        {"id": "nhse", "name": "NHS England", "tier": "national", "kind": "national-body"},
        {"id": "practice", "name": "GP practice", "tier": "organisation", "kind": "gp-practice",
         "evidence": ["plan", "review"]},
        {"id": "nurse", "name": "Practice nurse", "tier": "frontline", "kind": "practice-nurse",
         "roles": ["practice", "boundary-spanner"], "capacity": "stretched"},
        {"id": "public", "name": "People with symptoms", "tier": "public", "kind": "patients",
         "roles": ["beneficiary"]},
    ],
    "links": [
        {"from": "nhse", "to": "practice", "kind": "performance-management", "carries": ["targets", "metrics"],
         "strength": "adequate", "character": "directive", "evidence": ["plan", "review"],
         "assessments": [{"rater": "NAO", "strength": "weak", "evidence": ["review"]},
                         {"rater": "NHS England", "strength": "adequate", "evidence": ["plan"]}],
         "targets": [{"name": "75% at stage 1 or 2", "basis": "absolute"}]},
        {"from": "practice", "to": "nurse", "kind": "support", "carries": ["guidance"], "strength": "weak",
         "evidence": ["review"]},
        {"from": "nurse", "to": "public", "kind": "support", "carries": ["guidance"], "strength": "adequate"},
        {"id": "nurse-story", "from": "nurse", "to": "practice", "kind": "feedback", "carries": ["learning"],
         "strength": "weak"},
        {"from": "practice", "to": "nhse", "kind": "reporting", "carries": ["metrics"], "strength": "strong"},
    ],
    "ignore": [{"rule": "DC204", "subject": "*", "reason": "one practice only"}],
    "views": [{"id": "local", "title": "The practice", "focus": "practice", "depth": 1}],
}


def chain_of(data: dict[str, Any], name: str = "chain.json") -> Chain:
    return deliverychain.loads(json.dumps(data), name)


def edited(change: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    change(data)
    return data


def diff_of(change: Any) -> ModelDiff:
    return diff_models(chain_of(BASE), chain_of(edited(change)))


def link(data: dict[str, Any], source: str, target: str) -> dict[str, Any]:
    return next(item for item in data["links"] if item["from"] == source and item["to"] == target)


def actor(data: dict[str, Any], actor_id: str) -> dict[str, Any]:
    return next(item for item in data["actors"] if item["id"] == actor_id)


def only_change(result: ModelDiff, block: str) -> tuple[Any, tuple[FieldChange, ...]]:
    """The one changed item of `block`, and its changes; everything else must be unchanged."""
    for name, other in result.blocks():
        if name == block:
            assert not other.added and not other.removed and not other.renamed
            assert len(other.changed) == 1, other.changed
        else:
            assert other.empty, (name, other)
    assert not result.chain
    changed = dict(result.blocks())[block].changed[0]
    return changed.new, changed.changes


# --- nothing changed -----------------------------------------------------------------------


def test_the_same_chain_gives_an_empty_diff() -> None:
    assert diff_models(chain_of(BASE), chain_of(BASE)).empty


def test_reordering_every_list_gives_an_empty_diff() -> None:
    def shuffle(data: dict[str, Any]) -> None:
        for block in ("sources", "actors", "links"):
            data[block].reverse()
        for item in data["links"] + data["actors"]:
            for field in ("carries", "evidence", "roles", "assessments"):
                if field in item:
                    item[field].reverse()

    result = diff_of(shuffle)
    assert result.empty, result


def test_reformatting_comments_and_written_out_defaults_give_an_empty_diff() -> None:
    block_style = yaml.safe_dump(BASE, default_flow_style=False, sort_keys=True)
    flow_style = yaml.safe_dump(BASE, default_flow_style=True, width=60)
    commented = "# A comment at the top\n" + block_style.replace("actors:\n", "actors:  # who is in it\n# between\n")
    defaults = edited(lambda d: [item.setdefault("strength", "unknown") for item in d["links"]] and
                      [item.setdefault("roles", []) for item in d["actors"]])
    base = chain_of(BASE)
    for other in (deliverychain.loads(commented, "block.yaml"), deliverychain.loads(flow_style, "flow.yaml"),
                  chain_of(defaults)):
        result = diff_models(base, other)
        assert result.empty, result


def test_duplicate_links_without_ids_pair_by_content_whatever_their_order() -> None:
    def twice(data: dict[str, Any]) -> None:
        data["links"].append({"from": "practice", "to": "nurse", "kind": "support", "strength": "strong"})

    with_two = chain_of(edited(twice))
    swapped = edited(twice)
    swapped["links"][1], swapped["links"][-1] = swapped["links"][-1], swapped["links"][1]
    assert diff_models(with_two, chain_of(swapped)).empty


# --- added and removed -------------------------------------------------------------------------


def test_an_added_actor_and_its_links() -> None:
    def add(data: dict[str, Any]) -> None:
        data["actors"].append({"id": "pcn", "name": "Primary care network", "tier": "organisation", "kind": "pcn"})
        data["links"].append({"from": "pcn", "to": "nurse", "kind": "support", "carries": ["learning"]})

    result = diff_of(add)
    assert [a.id for a in result.actors.added] == ["pcn"]
    assert [lk.key for lk in result.links.added] == ["pcn->nurse:support"]
    assert not result.actors.removed and not result.links.removed and not result.actors.changed


def test_a_removed_actor_and_its_links() -> None:
    def remove(data: dict[str, Any]) -> None:
        data["actors"] = [a for a in data["actors"] if a["id"] != "public"]
        data["links"] = [lk for lk in data["links"] if lk["to"] != "public"]

    result = diff_of(remove)
    assert [a.id for a in result.actors.removed] == ["public"]
    assert [lk.key for lk in result.links.removed] == ["nurse->public:support"]
    assert not result.actors.added and not result.links.added


def test_sources_added_and_removed() -> None:
    def swap(data: dict[str, Any]) -> None:
        data["sources"].append({"id": "audit-2024", "title": "An audit", "publisher": "CQC"})
        data["actors"][0]["evidence"] = ["audit-2024"]

    result = diff_of(swap)
    assert [s.id for s in result.sources.added] == ["audit-2024"]
    (changed,) = result.actors.changed
    assert changed.changes == (FieldChange("evidence", [], ["audit-2024"], added=("audit-2024",)),)


def test_a_link_kind_changed_is_a_link_removed_and_one_added() -> None:
    result = diff_of(lambda d: link(d, "practice", "nurse").update(kind="influence"))
    assert [lk.key for lk in result.links.removed] == ["practice->nurse:support"]
    assert [lk.key for lk in result.links.added] == ["practice->nurse:influence"]


# --- changed, field by field ------------------------------------------------------------------

LINK_CHANGES = [
    ("strength", lambda lk: lk.update(strength="adequate"), FieldChange("strength", "weak", "adequate")),
    ("character", lambda lk: lk.update(character="supportive"), FieldChange("character", None, "supportive")),
    ("carries added", lambda lk: lk["carries"].append("learning"),
     FieldChange("carries", ["guidance"], ["guidance", "learning"], added=("learning",))),
    ("carries removed", lambda lk: lk.update(carries=[]),
     FieldChange("carries", ["guidance"], [], removed=("guidance",))),
    ("evidence added", lambda lk: lk["evidence"].append("plan"),
     FieldChange("evidence", ["review"], ["review", "plan"], added=("plan",))),
    ("evidence removed", lambda lk: lk.update(evidence=[]),
     FieldChange("evidence", ["review"], [], removed=("review",))),
    ("note", lambda lk: lk.update(note="Weekly visits"), FieldChange("note", None, "Weekly visits")),
    ("intended_gap", lambda lk: lk.update(intended_gap="left to the ICB", strength="missing"),
     (FieldChange("strength", "weak", "missing"), FieldChange("intended_gap", None, "left to the ICB"))),
    ("id", lambda lk: lk.update(id="nurse-support"), FieldChange("id", None, "nurse-support")),
    ("target added", lambda lk: lk.update(targets=[{"name": "All nurses trained"}]),
     FieldChange("targets", added=({"name": "All nurses trained"},), item="All nurses trained")),
    ("assessment added", lambda lk: lk.update(assessments=[{"rater": "CQC", "strength": "weak"}]),
     FieldChange("assessments", added=({"rater": "CQC", "strength": "weak"},), item="CQC")),
]


@pytest.mark.parametrize(("what", "change", "expected"), LINK_CHANGES, ids=[c[0] for c in LINK_CHANGES])
def test_each_link_field_changed(what: str, change: Any, expected: FieldChange | tuple[FieldChange, ...]) -> None:
    item, changes = only_change(diff_of(lambda d: change(link(d, "practice", "nurse"))), "links")
    assert item.key == ("nurse-support" if what == "id" else "practice->nurse:support")
    assert changes == (expected if isinstance(expected, tuple) else (expected,))


def test_assessments_and_targets_compare_by_rater_and_name_then_field_by_field() -> None:
    def change(data: dict[str, Any]) -> None:
        managed = link(data, "nhse", "practice")
        managed["assessments"][0]["strength"] = "adequate"  # the NAO's rating
        managed["assessments"].pop(1)  # NHS England's
        managed["targets"][0]["basis"] = "rank"

    _, changes = only_change(diff_of(change), "links")
    assert FieldChange("assessments.strength", "weak", "adequate", item="NAO") in changes
    assert FieldChange("assessments", removed=({"rater": "NHS England", "strength": "adequate",
                                                "evidence": ["plan"]},), item="NHS England") in changes
    assert FieldChange("targets.basis", "absolute", "rank", item="75% at stage 1 or 2") in changes
    assert len(changes) == 3


ACTOR_CHANGES = [
    ("name", {"name": "Practice nurses"}, FieldChange("name", "Practice nurse", "Practice nurses")),
    ("tier", {"tier": "team"}, FieldChange("tier", "frontline", "team")),
    ("kind", {"kind": "nurse"}, FieldChange("kind", "practice-nurse", "nurse")),
    ("roles", {"roles": ["practice"]},
     FieldChange("roles", ["practice", "boundary-spanner"], ["practice"], removed=("boundary-spanner",))),
    ("group", {"group": "Nursing"}, FieldChange("group", None, "Nursing")),
    ("local_presence", {"local_presence": True}, FieldChange("local_presence", None, True)),
    ("capacity", {"capacity": "sufficient"}, FieldChange("capacity", "stretched", "sufficient")),
    ("note", {"note": "Two per practice"}, FieldChange("note", None, "Two per practice")),
    ("evidence", {"evidence": ["plan"]}, FieldChange("evidence", [], ["plan"], added=("plan",))),
    ("meta", {"meta": {"wte": 2}}, FieldChange("meta", {}, {"wte": 2})),
]


@pytest.mark.parametrize(("what", "fields", "expected"), ACTOR_CHANGES, ids=[c[0] for c in ACTOR_CHANGES])
def test_each_actor_field_changed(what: str, fields: dict[str, Any], expected: FieldChange) -> None:
    item, changes = only_change(diff_of(lambda d: actor(d, "nurse").update(fields)), "actors")
    assert item.id == "nurse"
    assert changes == (expected,)


def test_source_fields_changed() -> None:
    item, changes = only_change(diff_of(lambda d: d["sources"][0].update(date="2019-02-01", note="Second print")),
                                "sources")
    assert item.id == "plan"
    assert changes == (FieldChange("date", "2019-01-07", "2019-02-01"), FieldChange("note", None, "Second print"))


def test_chain_info_changes() -> None:
    result = diff_of(lambda d: d["chain"].update(title="Earlier diagnosis, redrafted", version="2",
                                                 review_by="2026-04-01", owner="practice"))
    assert result.chain == (
        FieldChange("title", "Earlier diagnosis", "Earlier diagnosis, redrafted"),
        FieldChange("owner", "nhse", "practice"),
        FieldChange("version", "1", "2"),
        FieldChange("review_by", None, "2026-04-01"),
    )
    assert all(block.empty for _, block in result.blocks())


def test_ignore_entries_and_views() -> None:
    def change(data: dict[str, Any]) -> None:
        data["ignore"][0]["reason"] = "a pilot in one practice"
        data["ignore"].append({"rule": "DC301", "subject": "practice->nurse:support", "reason": "being fixed"})
        data["views"][0]["depth"] = 2

    result = diff_of(change)
    assert result.ignore.changed[0].changes == (FieldChange("reason", "one practice only", "a pilot in one practice"),)
    assert [(e.rule, e.subject) for e in result.ignore.added] == [("DC301", "practice->nurse:support")]
    assert result.views.changed[0].changes == (FieldChange("depth", 1, 2),)


def test_a_link_with_an_id_is_matched_by_it_when_its_ends_change() -> None:
    item, changes = only_change(diff_of(lambda d: link(d, "nurse", "practice").update(to="nhse")), "links")
    assert item.id == "nurse-story"
    assert changes == (FieldChange("to", "practice", "nhse"),)


# --- renames -----------------------------------------------------------------------------------


def rename_actor(data: dict[str, Any], old: str, new: str) -> None:
    actor(data, old)["id"] = new
    for item in data["links"]:
        item["from"] = new if item["from"] == old else item["from"]
        item["to"] = new if item["to"] == old else item["to"]
    for view in data["views"]:
        view["focus"] = new if view.get("focus") == old else view.get("focus")
    if data["chain"]["owner"] == old:
        data["chain"]["owner"] = new


def test_an_actor_whose_id_alone_changed_is_renamed_and_its_links_unchanged() -> None:
    result = diff_of(lambda d: rename_actor(d, "practice", "gp-practice"))
    assert [(r.old.id, r.new.id) for r in result.actors.renamed] == [("practice", "gp-practice")]
    assert not result.actors.added and not result.actors.removed
    assert result.links.empty and result.views.empty and not result.chain


def test_neighbouring_renames_and_the_owner_follow_each_other() -> None:
    def both(data: dict[str, Any]) -> None:
        rename_actor(data, "practice", "gp-practice")
        rename_actor(data, "nurse", "rn")
        rename_actor(data, "nhse", "nhs-england")

    result = diff_of(both)
    assert sorted((r.old.id, r.new.id) for r in result.actors.renamed) == [
        ("nhse", "nhs-england"), ("nurse", "rn"), ("practice", "gp-practice")]
    assert result.links.empty and not result.chain


def test_a_rename_survives_a_neighbour_removed_in_the_same_redraft() -> None:
    def both(data: dict[str, Any]) -> None:
        data["actors"] = [a for a in data["actors"] if a["id"] != "public"]
        data["links"] = [lk for lk in data["links"] if lk["to"] != "public"]
        rename_actor(data, "nurse", "rn")

    result = diff_of(both)
    assert [(r.old.id, r.new.id) for r in result.actors.renamed] == [("nurse", "rn")]
    assert [a.id for a in result.actors.removed] == ["public"]
    assert [lk.key for lk in result.links.removed] == ["nurse->public:support"] and not result.links.added


def test_actors_with_equal_fields_are_told_apart_by_their_links() -> None:
    def twins(data: dict[str, Any]) -> None:
        for n in ("1", "2"):
            data["actors"].append({"id": f"team-{n}", "name": "Clinic team", "tier": "team", "kind": "team"})
        data["links"].append({"from": "practice", "to": "team-1", "kind": "support"})
        data["links"].append({"from": "team-2", "to": "practice", "kind": "feedback"})

    before = edited(twins)

    def renamed(data: dict[str, Any]) -> None:
        twins(data)
        rename_actor(data, "team-1", "team-a")
        rename_actor(data, "team-2", "team-b")

    result = diff_models(chain_of(before), chain_of(edited(renamed)))
    assert sorted((r.old.id, r.new.id) for r in result.actors.renamed) == [("team-1", "team-a"), ("team-2", "team-b")]
    assert result.links.empty


def test_a_new_id_with_any_other_change_is_not_a_rename() -> None:
    def changed(data: dict[str, Any]) -> None:
        rename_actor(data, "practice", "gp-practice")
        link(data, "gp-practice", "nurse")["strength"] = "strong"

    result = diff_of(changed)
    assert not result.actors.renamed
    assert [a.id for a in result.actors.removed] == ["practice"]
    assert [a.id for a in result.actors.added] == ["gp-practice"]


def test_a_renamed_source_and_the_evidence_that_cites_it() -> None:
    def rename(data: dict[str, Any]) -> None:
        data["sources"][1]["id"] = "nao-2024"
        for item in data["actors"] + data["links"]:
            if "review" in item.get("evidence", []):
                item["evidence"] = [("nao-2024" if e == "review" else e) for e in item["evidence"]]
        for assessment in link(data, "nhse", "practice")["assessments"]:
            assessment["evidence"] = [("nao-2024" if e == "review" else e) for e in assessment["evidence"]]

    result = diff_of(rename)
    assert [(r.old.id, r.new.id) for r in result.sources.renamed] == [("review", "nao-2024")]
    assert result.actors.empty and result.links.empty, (result.actors, result.links)


def test_renames_are_followed_in_ignore_subjects() -> None:
    def change(data: dict[str, Any]) -> None:
        data["ignore"].append({"rule": "DC301", "subject": "practice->nurse:support", "reason": "being fixed"})

    before = edited(change)

    def renamed(data: dict[str, Any]) -> None:
        change(data)
        rename_actor(data, "practice", "gp-practice")
        data["ignore"][1]["subject"] = "gp-practice->nurse:support"

    assert diff_models(chain_of(before), chain_of(edited(renamed))).ignore.empty


def test_assessments_with_one_rater_twice_compare_as_whole_items() -> None:
    def twice(data: dict[str, Any]) -> None:
        link(data, "nhse", "practice")["assessments"] = [
            {"rater": "NAO", "strength": "weak"}, {"rater": "NAO", "strength": "weak"},
            {"rater": "NAO", "strength": "adequate"}]

    def once_less(data: dict[str, Any]) -> None:
        twice(data)
        link(data, "nhse", "practice")["assessments"].pop(0)

    _, changes = only_change(diff_models(chain_of(edited(twice)), chain_of(edited(once_less))), "links")
    assert changes == (FieldChange("assessments", removed=({"rater": "NAO", "strength": "weak"},)),)


def test_many_identical_links_pair_with_one_signature_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """10,000 identical links between two actors, one more in the redraft: one link added, and each
    link's signature worked out once (pairing them one against another took minutes)."""
    from deliverychain.diffing import model

    def crowd(data: dict[str, Any], n: int) -> None:
        data["links"] += [{"from": "nhse", "to": "nurse", "kind": "influence"}] * n

    calls = []
    signature = model._link_signature
    monkeypatch.setattr(model, "_link_signature", lambda link, ids: calls.append(1) or signature(link, ids))
    result = diff_models(chain_of(edited(lambda d: crowd(d, 10_000))), chain_of(edited(lambda d: crowd(d, 10_001))))
    assert len(result.links.added) == 1 and not result.links.removed and not result.links.changed
    assert len(calls) == 10_000 + 10_001
