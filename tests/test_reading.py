"""The load stage's two tables: which reader reads a text, and which keys refer to which ids."""

from __future__ import annotations

import pytest

from deliverychain.model import references
from deliverychain.model.loading import check_text
from deliverychain.model.references import EACH, Reference, item_by_item, proved_clean
from deliverychain.reading import readers
from deliverychain.reading.parsed import Parsed
from deliverychain.reading.positions import PositionIndex, PositionTable
from deliverychain.reading.text import Source
from tests.test_hostile import SMALL


@pytest.mark.parametrize(("text", "file", "reader"), [
    (SMALL, "c.yaml", "yaml-rs"),
    ('{"chain": {}}', "c.json", "json"),
    ("note: !!str x\n" + SMALL, "c.yaml", "exact"),              # a tag
    ("---\n" + SMALL, "c.yaml", "exact"),                        # a document marker
    ("x: " + "[" * 70 + "]" * 70 + "\n" + SMALL, "c.yaml", "exact"),  # deep nesting
    ("# planning guidance 2023_24\n" + SMALL, "c.yaml", "yaml-rs"),  # a misread number: fixed up token by token
    (SMALL + "extra: |\n", "c.yaml", "exact"),                   # an empty block scalar
    (SMALL + "extra: " + "9" * 5000 + "\n", "c.yaml", "exact"),  # a number Python will not write out
])
def test_one_table_chooses_the_reader(text: str, file: str, reader: str) -> None:
    assert readers.choose(Source(text, file)).name == reader


def test_a_reader_that_declines_hands_the_text_to_the_exact_reader() -> None:
    duplicated = SMALL.replace("    kind: icb\n", "    kind: icb\n    kind: trust\n", 1)
    assert readers.choose(Source(duplicated, "c.yaml")).name == "yaml-rs"
    parsed = readers.read(Source(duplicated, "c.yaml"))
    assert parsed.positions is not None  # read exactly: yaml-rs reports duplicates without a place
    assert [p.rule_id for p in parsed.problems] == ["DC003", "DC003"]


def test_a_new_reader_is_one_more_row(monkeypatch) -> None:
    calls: list[str] = []

    def prototype(text: str, file: str) -> Parsed | None:
        calls.append(file)
        return None if file.startswith("decline") else readers.READERS[-1].read(text, file)

    row = readers.Reader("prototype", prototype, suits=lambda source: source.file.endswith(".yaml"))
    monkeypatch.setattr(readers, "READERS", (row, *readers.READERS))
    assert check_text(SMALL, "c.yaml").chain is not None
    assert check_text(SMALL, "decline.yaml").chain is not None
    assert calls == ["c.yaml", "decline.yaml"]


def _chain() -> dict:
    return {"chain": {"id": "c", "title": "T", "intent": "I", "owner": "a"},
            "sources": [{"id": "s", "title": "S"}],
            "actors": [{"id": "a", "name": "A", "tier": "national", "kind": "k", "note": "s"},
                       {"id": "b", "name": "B", "tier": "frontline", "kind": "k", "note": "nowhere"}],
            "links": [{"from": "a", "to": "b", "kind": "support"}]}


def test_a_new_referring_key_is_one_more_row_for_both_checks(monkeypatch) -> None:
    positions = PositionIndex("c.yaml", PositionTable)
    assert proved_clean(_chain()) and item_by_item(_chain(), positions) == []
    notes = Reference(("actors", EACH, "note"), "source")
    monkeypatch.setattr(references, "REFERENCES", (*references.REFERENCES, notes))
    assert not proved_clean(_chain())
    (found,) = item_by_item(_chain(), positions)
    assert (found.rule_id, found.message, found.subject) == ("DC012", "unknown source 'nowhere'", "actors.1.note")
