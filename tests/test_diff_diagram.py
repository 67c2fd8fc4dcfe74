"""The diff diagram: the new chain with links added, changed and removed, and findings new and
resolved, marked where a reader can see them (and the SVG read back to check)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner

import deliverychain
from deliverychain.cli import main
from deliverychain.diffing.diagram import HIGHLIGHT, NEW_MARK, RESOLVED_MARK, RESOLVED_TEXT, render_diff_svg
from deliverychain.drawing.theme import DEFAULT_THEME
from tests.test_diff_model import BASE, edited, link, rename_actor
from tests.test_injection import HOSTILE

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def chain(data: dict[str, Any]) -> deliverychain.Chain:
    return deliverychain.loads(json.dumps(data), "chain.json")


def redraft(data: dict[str, Any]) -> None:
    """One of each: a link added, one changed, one removed (ends kept), an actor added and one renamed."""
    data["actors"].append({"id": "pcn", "name": "Primary care network", "tier": "organisation", "kind": "pcn"})
    data["links"].append({"from": "nhse", "to": "pcn", "kind": "funding", "carries": ["money"],
                          "strength": "strong"})                                     # added
    data["links"].append({"from": "pcn", "to": "nurse", "kind": "support", "carries": ["learning"],
                          "strength": "weak", "character": "supportive"})           # added, with a new DC301
    link(data, "practice", "nurse")["strength"] = "adequate"                      # changed: DC301 resolved
    data["links"] = [lk for lk in data["links"] if lk.get("id") != "nurse-story"]  # removed: nurse -> practice
    rename_actor(data, "public", "people")


@pytest.fixture(scope="module")
def drawn() -> tuple[Any, ET.Element, bytes]:
    result = deliverychain.diff(chain(BASE), chain(edited(redraft)))
    svg = render_diff_svg(result, engine="wasm")
    return result, ET.fromstring(svg), svg


def edge_labels(root: ET.Element) -> dict[str, ET.Element]:
    """The first label text of every drawn link -> its group."""
    found = {}
    for group in root.iter(f"{SVG}g"):
        if re.fullmatch(r"line\d+", group.get("id") or ""):
            text = next(group.iter(f"{SVG}text"), None)
            if text is not None and text.text:
                found[text.text] = group
    return found


def test_the_diff_this_diagram_draws(drawn: tuple[Any, ET.Element, bytes]) -> None:
    result, _, _ = drawn
    model = result.model
    assert [lk.key for lk in model.links.added] == ["nhse->pcn:funding", "pcn->nurse:support"]
    assert [c.new.key for c in model.links.changed] == ["practice->nurse:support"]
    assert [lk.key for lk in model.links.removed] == ["nurse-story"]
    assert [(r.old.id, r.new.id) for r in model.actors.renamed] == [("public", "people")]
    assert {(n.finding.rule_id, n.finding.subject) for n in result.audit.new} >= {("DC301", "pcn->nurse:support")}
    assert ("DC301", "practice->nurse:support") in {(r.finding.rule_id, r.finding.subject)
                                                    for r in result.audit.resolved}


def test_added_changed_and_removed_links_are_labelled_and_marked(drawn: tuple[Any, ET.Element, bytes]) -> None:
    _, root, _ = drawn
    labels = edge_labels(root)
    assert {"new funding", "new support", "changed support", "removed feedback"} <= set(labels)
    assert sum(1 for label in labels if label.startswith(("new ", "changed ", "removed "))) == 4
    for word, dashed in (("new support", False), ("changed support", True)):
        (marker,) = [p for p in labels[word].iter(f"{SVG}path") if p.get("class") == "diff-highlight"]
        assert marker.get("stroke") == HIGHLIGHT and (marker.get("stroke-dasharray") is not None) == dashed
    removed = next(p for p in labels["removed feedback"].iter(f"{SVG}path") if p.get("class") is None)
    assert removed.get("stroke", "").lower() == DEFAULT_THEME.ghost_colour.lower() and removed.get("stroke-dasharray")
    highlights = [p for p in root.iter(f"{SVG}path") if p.get("class") == "diff-highlight"]
    assert len(highlights) == 3  # only the added and the changed links


def test_actors_added_and_renamed_have_their_borders(drawn: tuple[Any, ET.Element, bytes]) -> None:
    _, root, svg = drawn
    borders = {}
    for group in root.iter(f"{SVG}g"):
        if re.fullmatch(r"box\d+", group.get("id") or ""):
            name = next(group.iter(f"{SVG}text")).text
            shape = next(c for c in group.iter() if c.tag in (f"{SVG}path", f"{SVG}polygon"))
            borders[name] = (shape.get("stroke"), shape.get("stroke-dasharray"))
    assert borders["Primary care network"][0].lower() == "#b8a800" and not borders["Primary care network"][1]
    assert borders["People with symptoms"][0].lower() == "#b8a800" and borders["People with symptoms"][1]
    assert borders["NHS England"][0].lower() != "#b8a800"
    assert b"renamed from public" in svg  # in the box's tooltip


def test_new_and_resolved_findings_are_badged_and_told_apart(drawn: tuple[Any, ET.Element, bytes]) -> None:
    _, root, _ = drawn
    texts = [t for t in root.iter(f"{SVG}text") if t.text]
    assert any(t.text.startswith(f"{NEW_MARK}DC301") for t in texts)
    resolved = [t for t in texts if t.text.startswith(f"{RESOLVED_MARK}DC301")]
    assert resolved and all(t.get("fill") == RESOLVED_TEXT for t in resolved)
    title = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "title")
    headline = "".join(next(t for t in title.iter(f"{SVG}text") if (t.text or "").startswith("Audit")).itertext())
    assert "resolved" in headline and "new finding" in headline


def test_the_changes_key_is_inside_the_picture(drawn: tuple[Any, ET.Element, bytes]) -> None:
    _, root, _ = drawn
    key = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "diff-key")
    words = " ".join(t.text or "" for t in key.iter(f"{SVG}text"))
    for expected in ("What changed", "link added", "link changed", "link removed", "actor added", "resolves"):
        assert expected in words
    top = float(re.search(r"translate\([-0-9.]+,([-0-9.]+)\)", key.get("transform") or "").group(1))
    frame = next(key.iter(f"{SVG}rect"))
    height = float(root.get("viewBox").split()[3])
    assert top + float(frame.get("height")) <= height


def test_the_diagram_is_byte_identical_run_to_run(drawn: tuple[Any, ET.Element, bytes]) -> None:
    result, _, svg = drawn
    assert render_diff_svg(result, engine="wasm") == svg


def test_a_collapsed_line_counts_what_changed_among_its_links() -> None:
    def practices(data: dict[str, Any]) -> None:
        for n in range(4):
            data["actors"].append({"id": f"p{n}", "name": f"Practice {n}", "tier": "organisation",
                                   "kind": "gp-practice", "group": "Practices"})
            data["links"].append({"from": "nhse", "to": f"p{n}", "kind": "funding", "strength": "strong",
                                  "carries": ["money"]})

    def more(data: dict[str, Any]) -> None:
        practices(data)
        link(data, "nhse", "p1")["strength"] = "weak"

    result = deliverychain.diff(chain(edited(practices)), chain(edited(more)))
    root = ET.fromstring(render_diff_svg(result, engine="wasm", collapse=True))
    labels = edge_labels(root)
    (changed,) = [group for text, group in labels.items() if text.startswith("changed funding")]
    tooltips = [a.get(f"{XLINK}title") or "" for a in changed.iter(f"{SVG}a")]
    assert any("of 4 links: 1 changed" in t for t in tooltips), tooltips


def test_hostile_names_stay_text_in_the_diagram(tmp_path: Path) -> None:
    names = list(HOSTILE.values())

    def hostile(data: dict[str, Any]) -> None:
        for i, item in enumerate(data["actors"]):
            item["name"] = names[i]
        link(data, "practice", "nurse")["note"] = names[4] + names[1]

    def changed(data: dict[str, Any]) -> None:
        hostile(data)
        for i, item in enumerate(data["actors"]):
            item["name"] = names[i + 4]
        link(data, "practice", "nurse")["note"] = names[2] + names[3]
        redraft(data)

    result = deliverychain.diff(chain(edited(hostile)), chain(edited(changed)))
    root = ET.fromstring(render_diff_svg(result, engine="wasm"))  # parses: well-formed XML
    assert not [e for e in root.iter() if e.tag.endswith("script") or e.tag.endswith("foreignObject")]
    assert not [name for e in root.iter() for name in e.attrib if name.lower().startswith("on")]


# --- the command ------------------------------------------------------------------------------------------


def test_render_writes_the_diagram_beside_the_report(tmp_path: Path) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(yaml.safe_dump(BASE), encoding="utf-8")
    new.write_text(yaml.safe_dump(edited(redraft)), encoding="utf-8")
    target = tmp_path / "diff.svg"
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--render", str(target), "--engine", "wasm",
                                       "--fail-on-new", "warning"])
    assert result.exit_code == 1, result.output  # the gate still decides the exit code
    assert target.read_bytes().startswith(b"<?xml") and "diff diagram written" in result.stderr
    assert "Result:" in result.stdout
    for bad in (str(tmp_path / "diff.png"), str(new)):
        before = new.read_bytes()
        refused = CliRunner().invoke(main, ["diff", str(old), str(new), "--render", bad, "--engine", "wasm"])
        assert refused.exit_code == 2, refused.output
        assert new.read_bytes() == before
