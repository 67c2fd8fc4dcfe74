"""Problems with a chain's content said once, as the mistake: items in the wrong section, typos.

And, across every kind of bad input, no Python in what a user reads: no reprs, no
tracebacks, no paths inside the installed package.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from deliverychain.model.loading import check_text
from tests.test_hostile import BROKEN_IN_FOUR_PLACES, SMALL, chain_command
from tests.test_syntax_mistakes import MISTAKES, broken

LINK = "  - from: dhsc\n    to: nhse\n    kind: mandate\n    carries: [targets]\n    strength: strong\n"
ACTOR = "  - id: extra\n    name: Extra body\n    tier: national\n    kind: body\n"
SOURCE = "  - id: report\n    title: A report\n    publisher: NAO\n"

# name: (section header the item is pasted under, the item, message, hint)
MISPLACED = {
    "link-under-sources": ("sources:\n", LINK, "this looks like a link, not a source: move it under 'links:'",
                           "a link has from, to and kind; a source (what 'sources:' holds) has id and title"),
    "actor-under-links": ("links:\n", ACTOR, "this looks like an actor, not a link: move it under 'actors:'",
                          "an actor has id, name, tier and kind; a link (what 'links:' holds) has from, to and kind"),
    "source-under-actors": ("actors:\n", SOURCE, "this looks like a source, not an actor: move it under 'sources:'",
                            "a source has id and title; an actor (what 'actors:' holds) has id, name, tier and kind"),
    "actor-under-sources": ("sources:\n", ACTOR, "this looks like an actor, not a source: move it under 'actors:'",
                            "an actor has id, name, tier and kind; a source (what 'sources:' holds) has id and title"),
    "link-under-actors": ("actors:\n", LINK, "this looks like a link, not an actor: move it under 'links:'",
                          "a link has from, to and kind; an actor (what 'actors:' holds) has id, name, tier and kind"),
}


def pasted(name: str) -> str:
    header, item = MISPLACED[name][:2]
    assert SMALL.count(header) == 1
    return SMALL.replace(header, header + item)


def said(text: str) -> list[tuple[str, int, int, str, str]]:
    result = check_text(text, "chain.yaml")
    assert result.chain is None
    return [(p.rule_id, p.location.line, p.location.column, p.message, p.hint) for p in result.problems]


@pytest.mark.parametrize("name", sorted(MISPLACED))
def test_an_item_in_the_wrong_section_is_one_problem_at_the_item(name):
    header, _, message, hint = MISPLACED[name]
    line = SMALL.splitlines().index(header.strip()) + 2  # the pasted item's first line
    assert said(pasted(name)) == [("DC006", line, 5, message, hint)]


def test_an_item_with_a_typo_is_not_taken_for_another_kind():
    text = SMALL.replace("  - from: dhsc\n", "  - frm: dhsc\n")
    assert said(text) == [("DC006", 50, 5, "unknown key 'frm' in link", "did you mean 'from'?")]


def test_an_item_that_fits_no_section_keeps_its_unknown_keys():
    text = SMALL.replace("sources:\n", "sources:\n  - id: x\n    colour: red\n")
    assert [(rule, message) for rule, _, _, message, _ in said(text)] == [
        ("DC007", "source is missing required field 'title'"), ("DC006", "unknown key 'colour' in source")]


@pytest.mark.parametrize(("written", "typo", "line", "block"), [
    ("    tier: national\n", "    teir: national\n", 30, "actor"),
    ("  - from: dhsc\n", "  - frm: dhsc\n", 50, "link"),
    ("    title: Staff interviews\n", "    titel: Staff interviews\n", None, "source"),
    ('  title: "Earlier diagnosis: a small chain"\n', '  tilte: "Earlier diagnosis: a small chain"\n', 4,
     "'chain'"),
])
def test_a_typo_in_a_required_key_is_one_problem(written, typo, line, block):
    if line is None:  # the flow-style source: write it as a block first
        text = SMALL.replace("  - {id: interviews, title: Staff interviews, note: eight interviews}\n",
                             "  - id: interviews\n    title: Staff interviews\n")
        line = text.splitlines().index("    title: Staff interviews") + 1
        text = text.replace(written, typo)
    else:
        text = SMALL.replace(written, typo)
    assert text != SMALL
    ((rule, at, _, message, hint),) = said(text)
    wrong = typo.strip().lstrip("- ").split(":")[0]
    right = written.strip().lstrip("- ").split(":")[0]
    assert (rule, at, message, hint) == ("DC006", line, f"unknown key '{wrong}' in {block}", f"did you mean '{right}'?")


def test_a_missing_field_with_no_near_miss_is_still_reported():
    text = SMALL.replace("    tier: national\n", "")
    assert [(rule, message) for rule, _, _, message, _ in said(text)] == [
        ("DC007", "actor is missing required field 'tier'")]


HEAD = "chain:\n  id: x\n  title: t\n  intent: i\n  owner: a\n"
ONE_ACTOR = "  id: a\n  name: A\n  tier: national\n  kind: k\n"


def test_a_mapping_where_a_list_of_items_belongs_is_told_to_use_dashes():
    problems = said(HEAD + "actors:\n" + ONE_ACTOR)
    assert ("DC008", 7, 3, "'actors' should be a list (for example [a, b] or one '- item' per line), not "
            "{id: a, name: A, tier: national, kind: k}", "start each item with '- ', for example '- id: a'") in problems


def test_a_list_item_where_a_block_belongs_is_told_to_remove_the_dash():
    text = "chain:\n  - id: x\n    title: t\n    intent: i\n    owner: a\nactors:\n  - id: a\n    name: A\n" \
           "    tier: national\n    kind: k\n"
    assert said(text)[0] == ("DC008", 2, 3, "'chain' should be a block of 'key: value' lines, not "
                             "[{id: x, title: t, intent: i, owner: a}]",
                             "remove the '- ': this block holds 'key: value' lines, not a list of items")


def test_a_key_that_is_a_list_is_said_alike_by_both_readers():
    text = SMALL.replace("  - {id: interviews, title: Staff interviews, note: eight interviews}",
                         "  - {id: interviews, title: Staff interviews, [a, 1]: x}")
    assert said(text) == [("DC002", 21, 5, "a key must be plain text, not a list or mapping",
                           "Write the key as a simple word.")]
    assert said("---\n" + text) == [("DC002", 22, 47, "a key must be plain text, not a list or mapping",
                                     "Write the key as a simple word.")]


def test_a_key_that_is_a_block_is_a_problem_not_a_crash(tmp_path: Path):
    """Found by fuzzing the syntax mistakes: yaml-rs raised TypeError on a '? ' key holding a block of lines."""
    path = tmp_path / "chain.yaml"
    path.write_text(SMALL.replace("  description: |", "? description: |"), encoding="utf-8")
    done = chain_command("validate", str(path))
    assert done.returncode == 2, done.stderr
    assert "chain.yaml:11:3: error[DC002] a key must be plain text, not a list or mapping" in done.stdout + done.stderr


def test_validate_says_the_misplaced_item_in_text_and_json(tmp_path: Path):
    path = tmp_path / "chain.yaml"
    path.write_text(pasted("link-under-sources"), encoding="utf-8")
    message, hint = MISPLACED["link-under-sources"][2:]
    text = chain_command("validate", str(path))
    assert text.returncode == 2
    assert f"chain.yaml:16:5: error[DC006] {message}" in text.stdout + text.stderr
    assert "1 problem" in text.stdout + text.stderr
    done = chain_command("validate", str(path), "--format", "json")
    (problem,) = json.loads(done.stdout)["files"][0]["problems"]
    assert (problem["line"], problem["message"], problem["hint"]) == (16, message, hint)


# --- no Python in any message ------------------------------------------------------------

#: What a message must never show: reprs of Python objects, tracebacks, the package's own files.
PYTHON_LEAKS = re.compile(r"frozenset\(|[\[{(]'\w|<class |Traceback|site-packages|deliverychain/|\.py\b|"
                          r"\b(?:None|True|False)\b|pydantic|Keys should be strings")

_FIXTURES = Path(__file__).resolve().parent / "fixtures"


def bad_inputs() -> dict[str, str]:
    """Every kind of broken chain the tests know, by name."""
    cases = {f"mistake-{name}": broken(name) for name in MISTAKES}
    cases |= {f"misplaced-{name}": pasted(name) for name in MISPLACED}
    cases["broken-in-four-places"] = BROKEN_IN_FOUR_PLACES
    for block in ("actors", "links", "sources", "views", "ignore", "chain"):
        for i, value in enumerate(["[[1, 2]]", "{a: {b: c}}", "[~, ~]", "'text'", "[{id: [x]}]", "[{1: 2}]",
                                   "{? [a, 1] : x}", "[{? {a: 1} : b}]", "[{id: 1.5, name: [a, {b: c}]}]"]):
            cases[f"{block}-shape-{i}"] = re.sub(rf"(?m)^{block}:\n(?:[ -].*\n)*", f"{block}: {value}\n", SMALL)
    for i, tagged in enumerate(["!!python/object/apply:os.system ['true']", "!!binary aGVsbG8=", "!!set {a, b}",
                                "!custom thing", "!!timestamp 2001-12-14"]):
        cases[f"tag-{i}"] = SMALL.replace("kind: icb\n", f"kind: {tagged}\n")
    cases |= {
        "complex-key": SMALL.replace("    kind: icb\n", "    kind: icb\n    ? [a, 1]\n    : x\n"),
        "mapping-key": SMALL.replace("    kind: icb\n", "    kind: icb\n    {a: 1}: x\n"),
        "number-key": SMALL.replace("    kind: icb\n", "    kind: icb\n    12: x\n"),
        "null-id": SMALL.replace("  - id: nhse\n", "  - id: ~\n"),
        "list-id": SMALL.replace("  - id: nhse\n", "  - id: [a, b]\n"),
        "bool-name": SMALL.replace("    name: NHS England\n", "    name: true\n"),
        "mapping-strength": SMALL.replace("strength: strong\n", "strength: {a: 1}\n"),
        "list-of-kinds": SMALL.replace("kind: mandate\n", "kind: [mandate, funding]\n"),
        "huge-number": SMALL.replace("headcount", "headcount").replace("kind: icb\n", "kind: icb\n    headcount: "
                                                                       + "9" * 5000 + "\n"),
        "date-as-list": SMALL.replace("published: 2024-03-01", "published: [2024, 3, 1]"),
        "empty": "", "just-text": "just text\n", "a-list": "- a\n- list\n", "a-number": "42\n",
        "second-document": SMALL + "---\nchain: {}\n", "json-like": "{\"chain\": [1, 2}\n",
        "anchors": SMALL.replace("kind: icb\n", "kind: &k icb\n    note: *k\n    roles: *nope\n"),
    }
    cases |= {f"fixture-{path.parent.name}-{path.stem}": path.read_text(encoding="utf-8")
              for path in sorted(_FIXTURES.rglob("*.yaml"))}
    return cases


def test_no_message_shows_python(tmp_path: Path):
    paths = []
    for name, text in bad_inputs().items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    as_text = chain_command("validate", *paths)
    as_json = chain_command("validate", "--format", "json", *paths)
    assert as_text.returncode == as_json.returncode == 2, as_text.stderr[-2000:]
    shown = as_text.stdout + as_text.stderr
    problems = [p for f in json.loads(as_json.stdout)["files"] for p in f["problems"]]
    assert len(problems) > 100  # every case above is read and reported
    leaks = sorted({line for line in shown.splitlines() if PYTHON_LEAKS.search(line.split("|")[-1])
                    and not line.lstrip().startswith(("|", ">")) and not re.match(r"\s*\d+ \|", line)})
    leaks += sorted({f"{p['file']}: {p['message']} | {p['hint']}" for p in problems
                     if PYTHON_LEAKS.search(p["message"]) or PYTHON_LEAKS.search(p["hint"])
                     or any(PYTHON_LEAKS.search(r["message"]) for r in p["related"])})
    assert not leaks, "\n".join(leaks)
