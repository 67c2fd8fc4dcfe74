"""Floods of bad items (issue 15, class 4): the shortcut for items that only lack fields changes no output.

A chain long enough to be validated in chunks (model/chunked.py) keeps an item whose keys
are all known and which lacks a required field as a `MissingOnly`, and words its problems
only while a report will place them. The reference is the plain path: pydantic's errors for
the whole chain at once (`DELIVERYCHAIN_SPEEDUPS=0`, as below the chunk size), which is what
every chain went through before the shortcut.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from benchmarks import shapes
from deliverychain import speedups
from deliverychain.cli import main
from deliverychain.model import chunked
from deliverychain.model.classes import Chain
from deliverychain.model.loading import check_text
from deliverychain.reading import read

HEAD = "chain:\n  id: flood\n  title: A flood of problems\n  intent: Many items, each wrong.\n  owner: a0\n"
OWNER = "  - {id: a0, name: Owner, tier: national, kind: dept}\n"
#: Actors wrong in every way the problem wording treats apart; the first only lacks fields.
WRONG_ACTORS = (
    "  - id: a{i}\n",
    "  - {{id: a{i}, name: Actor {i}, teir: local}}\n",  # a typo of a missing field: said once
    "  - {{id: 'bad id {i}', name: Actor {i}}}\n",  # not an id, and missing fields
    "  - {{id: a{i}, name: '', tier: local}}\n",
    "  - {{id: a{i}, roles: [nope], headcount: x}}\n",  # an unknown term and a wrong type
    "  - {{from: a0, to: a{i}, kind: mandate}}\n",  # a link under actors: said once, as misplaced
    "  - {{id: a{i}, name: Actor {i}, tier: local, kind: org}}\n",  # valid
    "  - {{id: a{i}, name: [x], tier: local, extra: 1}}\n",
)


def _flood(actors: int, mixed_until: int, links: int) -> str:
    """`actors` actors, all kinds of wrong before `mixed_until`, only missing fields after; links lacking 'kind'."""
    lines = [HEAD, "actors:\n", OWNER]
    for i in range(1, actors):
        lines.append(WRONG_ACTORS[i % len(WRONG_ACTORS) if i < mixed_until else 0].format(i=i))
    lines.append("links:\n" if links else "links: []\n")
    lines += (f"  - {{from: a0, to: a{i}}}\n" if i % 500 else f"  - {{from: a0, to: a{i}, kind: odd}}\n"
              for i in range(1, links))
    return "".join(lines)


#: Each is validated in chunks of CHUNK items (not 4,096, to keep the test small).
CHUNK = 128
FLOODS = {
    "only missing fields": shapes.missing_fields(2_000),
    "mixed, then missing fields": _flood(2_000, 1_000, 0),
    "links lacking kind": _flood(2, 0, 2_000),
    "both lists": _flood(1_000, 300, 1_000),
}


def _validate_json(path: str, limit: int, speedups_on: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    with monkeypatch.context() as patch:
        patch.setattr(speedups, "ENABLED", speedups_on)
        patch.setattr(chunked, "CHUNK", CHUNK)
        result = CliRunner().invoke(main, ["validate", path, "--format", "json", "--limit", f"problems={limit}"])
    return result.exit_code, result.output


@pytest.mark.parametrize("name", FLOODS)
@pytest.mark.parametrize("limit", [100, 1_000_000])
def test_flood_of_missing_fields_reports_as_whole_validation_does(name: str, limit: int, tmp_path: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "flood.yaml"
    path.write_text(FLOODS[name], encoding="utf-8")
    whole = _validate_json(str(path), limit, False, monkeypatch)
    chunked_ = _validate_json(str(path), limit, True, monkeypatch)
    assert whole[0] == chunked_[0] == 2
    assert chunked_[1] == whole[1]
    problems = json.loads(chunked_[1])["files"][0]["problems"]
    if limit == 1_000_000:  # every problem listed: thousands of them
        assert len(problems) > 2_000
    else:
        assert max(Counter(p["rule"] for p in problems if "not-listed" not in p["subject"]).values()) == 100


def _items_only_missing(errors: list[Any]) -> int:
    return sum(isinstance(entry, chunked.MissingOnly) for entry in errors)


def test_items_that_only_lack_fields_are_kept_as_missing_only_and_expand_to_pydantics_errors() -> None:
    data = read(FLOODS["mixed, then missing fields"], "flood.yaml").data
    with pytest.raises(ValidationError) as whole:
        Chain.model_validate(data)
    errors = chunked.chain_or_errors(data, chunk=CHUNK)
    assert isinstance(errors, list)
    # The items past 1,000 lack fields and nothing else: kept whole, never described by pydantic.
    assert _items_only_missing(errors) >= 1_000 - CHUNK
    expanded = [detail for entry in errors
                for detail in (entry.details() if isinstance(entry, chunked.MissingOnly) else [entry])]
    assert expanded == whole.value.errors(include_url=False)


def test_a_chunk_whose_certainly_invalid_items_hide_other_errors_is_described_by_pydantic() -> None:
    """An item with only known keys lacks 'name', but its roles are wrong too: pydantic counts more than the missing."""
    text = HEAD + "actors:\n" + "".join(f"  - {{id: a{i}, roles: [nope], tier: t, kind: k}}\n" for i in range(600))
    data = read(text, "flood.yaml").data
    errors = chunked.chain_or_errors(data, chunk=64)
    assert isinstance(errors, list) and _items_only_missing(errors) == 0
    assert Counter(detail["type"] for detail in errors) == {"missing": 600, "enum": 600}


def test_problems_counted_past_the_limit_are_one_finding_a_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """300,000 actors with only an id made 900,000 findings (2.5 GB); the counted ones now share one object."""
    monkeypatch.setattr(chunked, "CHUNK", CHUNK)
    result = check_text(shapes.missing_fields(2_000), "flood.yaml")
    assert result.chain is None
    assert len(result.problems) == 3 * 2_000 + 1  # every missing field counted, and the owner's unknown id
    assert len({id(problem) for problem in result.problems}) == 100 + 1 + 1
    unplaced = [problem for problem in result.problems if problem.extra.get("unplaced")]
    assert len(unplaced) == 3 * 2_000 - 100 and {problem.rule_id for problem in unplaced} == {"DC007"}
