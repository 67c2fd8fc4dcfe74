"""The fast position scanner agrees with the exact composer wherever it gives a position.

`reading/exact.read` (PyYAML/libyaml's composer) is the reference. The scanner must give
the very same (line, column, end line, end column) for every value and key, on the example
chains, on synthetic national-scale chains, and on generated files full of awkward YAML:
comments everywhere, quoted text holding '#' and ': ', flow lists, block scalars, text
spanning lines, blank lines, CRLF, indentation of every kind, keys in any order, anchors.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import synthetic_chain
from deliverychain.model.loading import check_text
from deliverychain.reading.exact import read as parse_exact
from deliverychain.reading.linescan import ScannedTable, outline, scan_positions

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "chains").glob("*.yaml"))


def scanned(text: str) -> ScannedTable:
    data = yaml_rs.loads(text, parse_datetime=False)
    table = scan_positions(text, "chain.yaml", outline(data))
    assert isinstance(table, ScannedTable)
    return table


def assert_agrees(text: str) -> ScannedTable:
    """Every span the scanner gives equals the exact composer's, looked up one by one and in full."""
    exact = parse_exact(text, "chain.yaml")
    assert not exact.problems and exact.positions is not None
    lazy = scanned(text)
    for path, span in exact.positions.values.items():
        assert lazy.values.get(path) == span, f"value {path}"
    for path, span in exact.positions.keys.items():
        assert lazy.keys.get(path) == span, f"key {path}"
    full = scanned(text)
    assert dict(full.values) == exact.positions.values
    assert dict(full.keys) == exact.positions.keys
    return full


# --- real files ----------------------------------------------------------------------


def test_there_are_example_chains_to_check():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_chain_is_scanned_exactly(path: Path):
    table = assert_agrees(path.read_text(encoding="utf-8"))
    assert table.stats["whole_file"] == 0
    assert table.stats["scanned"] > 0


def test_a_synthetic_national_chain_needs_no_exact_composing():
    table = assert_agrees(synthetic_chain(400, seed=3))
    assert table.stats == {"scanned": table.stats["scanned"], "composed": 1, "whole_file": 0}  # `chain:` only
    assert table.stats["scanned"] > 1000


def test_a_finding_deep_in_a_large_chain_has_its_exact_line(tmp_path: Path):
    text = synthetic_chain(5000, seed=2)
    lines = text.splitlines()
    data = yaml_rs.loads(text, parse_datetime=False)
    last = len(data["links"]) - 1
    table = scan_positions(text, "big.yaml", outline(data))
    line, column, _, _ = table.values[("links", last, "kind")]
    assert lines[line - 1].strip() == f"kind: {data['links'][last]['kind']}"
    assert column == lines[line - 1].index("kind:") + len("kind: ") + 1
    # only the item asked about was read
    assert table.stats["scanned"] == 1 and table.stats["composed"] == 0


def test_the_loader_uses_the_scanner_and_reports_exact_lines():
    text = synthetic_chain(300, seed=5).replace("  - id: cqc\n", "  - id: cqc\n    colour: blue\n", 1)
    result = check_text(text, "chain.yaml")
    assert result.chain is None
    [problem] = result.problems
    assert problem.rule_id == "DC006"
    line = text.splitlines().index("    colour: blue") + 1
    assert (problem.location.line, problem.location.column) == (line, 5)


# --- generated awkward files ---------------------------------------------------------

_PLAIN_TEXT = ["NHS England", "St John's surgery", "a#b", "cost:3", "50%", "é😀 café", "x-term", "1.5", "true",
               "2024-01-05", "url http://x.org/a?b=c", "-5", "~"]
_TRICKY_TEXT = ["has # hash", "has: colon", "cost: 3", "quote \" inside", "it's", "tab\there", "back\\slash", "",
                " padded ", "[not a list]", "{not: a map}", "& amp", "* star", "! bang", "| pipe", "- dash", "? q",
                "@at", "%pc"]


_VALUE_KINDS = {"scalar": 12, "flow": 4, "block-list": 2, "nested": 2, "mapping": 1, "flow-map": 0.6,
                "block-scalar": 0.6, "multi": 0.6, "null": 0.6, "anchor": 0.3}


class _Writer:
    """Writes one random chain-like document; every choice comes from `rng`."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.item_indent = rng.choice([0, 2, 2, 4])
        self.gap = rng.choice([1, 1, 3])  # spaces after '-'
        self.anchors: list[str] = []

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def comment(self) -> str:
        return self.rng.choice(["# note", "#", "# key: value # more", "#- looks like an item"])

    def scalar(self, flow: bool = False) -> str:
        rng = self.rng
        style = rng.choice(["plain", "plain", "single", "double", "number"])
        if style == "plain":
            text = rng.choice(_PLAIN_TEXT)
            if flow and any(c in text for c in ",:#[]{}"):
                text = "plain"
            return text
        if style == "number":
            return rng.choice(["3", "0.5", "-2", "1e3", "0x1F", "null", "false"])
        text = rng.choice(_PLAIN_TEXT + _TRICKY_TEXT)
        if style == "single":
            return "'" + text.replace("'", "''") + "'"
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        if self.chance(0.2):
            escaped += rng.choice(["\\u00e9", "\\x41", "\\n", "\\/"])
        return '"' + escaped + '"'

    def flow_list(self) -> str:
        items = [self.scalar(flow=True) for _ in range(self.rng.randint(0, 4))]
        sep = self.rng.choice([", ", ",", " , "])
        trailing = "," if items and self.chance(0.2) else ""
        return "[" + sep.join(items) + trailing + "]"

    def value_lines(self, indent: int) -> tuple[str, list[str]]:
        """(text after 'key:', following lines) for one value whose key is at `indent`."""
        rng = self.rng
        # Mostly what the line scanner reads; now and then what it leaves to the exact composer.
        kind = rng.choices(list(_VALUE_KINDS), weights=list(_VALUE_KINDS.values()))[0]
        pad = " " * (indent + rng.choice([2, 2, 4]))
        if kind == "scalar":
            tail = f"  {self.comment()}" if self.chance(0.2) else ""
            return " " + self.scalar() + tail, []
        if kind == "flow":
            return " " + self.flow_list(), []
        if kind == "block-list":
            own = " " * indent if self.chance(0.3) else pad  # indentless or indented
            return "", [f"{own}- {self.scalar()}" for _ in range(rng.randint(1, 3))]
        if kind == "block-scalar":
            header = rng.choice(["|", ">", "|-", ">+", "|2"])
            body = [f"{pad}line one", "", f"{pad}  line two # not a comment"]
            return " " + header, body + ([""] if self.chance(0.5) else [])
        if kind == "multi":
            if self.chance(0.5):
                return " first part of", [f"{pad}the same text"]
            return ' "quoted over', [f'{pad}two lines"']
        if kind == "nested":
            own = indent if self.chance(0.3) else indent + 2
            lines: list[str] = []
            for _ in range(rng.randint(1, 2)):
                lines += self.mapping_lines(own, dashed=True, depth=1)
            return "", lines
        if kind == "null":
            return rng.choice(["", " ~", " null"]), []
        if kind == "anchor":
            name = f"a{len(self.anchors)}"
            if self.anchors and self.chance(0.5):
                return f" *{rng.choice(self.anchors)}", []
            self.anchors.append(name)
            return f" &{name} {self.scalar()}", []
        if kind == "flow-map":
            return rng.choice([" {}", " {a: 1, b: [x]}"]), []
        return "", [f"{pad}k{i}: {self.scalar()}" for i in range(rng.randint(1, 2))]

    def mapping_lines(self, indent: int, dashed: bool, depth: int = 0) -> list[str]:
        rng = self.rng
        keys = rng.sample(["id", "name", "kind", "note", "carries", "meta", "evidence", "strength"], rng.randint(1, 5))
        lines: list[str] = []
        key_indent = indent + (1 + self.gap if dashed else 0)
        for n, key in enumerate(keys):
            after, below = self.value_lines(key_indent) if depth < 2 else (" " + self.scalar(), [])
            colon = ":" if after == "" or after.startswith(" ") else ": "
            if n == 0 and dashed:
                lines.append(" " * indent + "-" + " " * self.gap + key + colon + after)
            else:
                lines.append(" " * key_indent + key + colon + after)
            lines += below
            if self.chance(0.15):
                lines.append(rng.choice(["", " " * rng.randint(0, 8) + self.comment()]))
        if dashed and self.chance(0.1):  # the item's first key on its own line
            first = lines[0]
            stripped = first.lstrip(" ")[1:].lstrip(" ")
            lines[0:1] = [" " * indent + "-", " " * key_indent + stripped]
        return lines

    def document(self) -> str:
        rng = self.rng
        out = [self.comment()] if self.chance(0.5) else []
        out += ["chain:", "  id: generated", "  title: " + self.scalar()]
        for section in rng.sample(["actors", "links", "sources", "views"], rng.randint(1, 4)):
            style = rng.choice(["block"] * 8 + ["flow", "empty"])
            if style == "flow":
                out.append(f"{section}: [{{id: x}}, {{id: y}}]")
                continue
            if style == "empty":
                out.append(f"{section}: []")
                continue
            out.append(f"{section}:" + (f"  {self.comment()}" if self.chance(0.2) else ""))
            for _ in range(rng.randint(1, 6)):
                out += self.mapping_lines(self.item_indent, dashed=True)
                if self.chance(0.2):
                    out.append(rng.choice(["", self.comment(), "  " + self.comment()]))
        newline = "\r\n" if self.chance(0.15) else "\n"
        text = newline.join(out)
        return text + (newline if self.chance(0.9) else "")


def generated(seed: int) -> str:
    return _Writer(random.Random(seed)).document()


def _both_read(text: str) -> bool:
    """Only files both parsers accept are compared (libyaml and yaml-rs differ on a few oddities)."""
    try:
        yaml_rs.loads(text, parse_datetime=False)
    except Exception:
        return False
    exact = parse_exact(text, "chain.yaml")
    return not exact.problems


def test_generated_files_cover_the_awkward_shapes():
    texts = "\n".join(generated(seed) for seed in range(300))
    for shape in ("\r\n", "# key: value", "'it''s'", '"has # hash"', ": |", ": >", "- \"", "&a0", "*a0",
                  "[]", "{}", "\n-   ", "\n    - ", "\n- ", "\t"):
        assert shape in texts, shape


@pytest.mark.parametrize("block", range(8))
def test_generated_awkward_files_agree_with_the_exact_composer(block: int):
    compared = scanned_items = 0
    for seed in range(block * 60, block * 60 + 60):
        text = generated(seed)
        if not _both_read(text):
            continue
        table = assert_agrees(text)
        compared += 1
        scanned_items += table.stats["scanned"]
    assert compared >= 30  # most generated files are valid YAML
    assert scanned_items >= 30  # and the line scanner, not only the fallback, did the work


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=10_000, max_value=10**9))
def test_any_generated_file_agrees(seed: int):
    text = generated(seed)
    if _both_read(text):
        assert_agrees(text)


# --- what the scanner leaves to the exact composer ----------------------------------

ITEM_WITH = """\
chain:
  id: x
actors:
  - id: a
    name: A
  - id: b
    name: {name}
  - id: c
    name: C
"""


@pytest.mark.parametrize("value", [
    "|\n      spans\n      lines",
    ">-\n      folded",
    "first line\n      continued",
    "'quoted\n      over two lines'",
    "&anchor B",
    "{flow: mapping}",
    "",
])
def test_an_item_the_scanner_does_not_handle_is_composed_on_its_own(value: str):
    text = ITEM_WITH.format(name=value)
    table = assert_agrees(text)
    assert table.stats["whole_file"] == 0
    assert table.stats["composed"] >= 2  # `chain:` and actor b
    assert table.stats["scanned"] == 2  # actors a and c


def test_an_alias_to_another_item_makes_the_whole_file_composed():
    text = ITEM_WITH.format(name="*other").replace("name: A", "name: &other A")
    table = assert_agrees(text)
    assert table.stats["whole_file"] == 1


@pytest.mark.parametrize("text", [
    "chain:\n  id: x\nactors:\n  - id: a\n    note: \"a\u2028b\"\n",  # libyaml breaks lines at U+2028 too
    "chain:\n  id: x\nactors:\n  - id: a\r  - id: b\n",  # a lone carriage return breaks the line
    "chain:\n  id: x\nactors:\n  - id: a\n  # last line, no newline",
    "  chain:\n    id: x\n",  # indented top level
    "chain: {id: x}\n\"actors\": []\n",  # a quoted top-level key
])
def test_files_of_other_shapes_are_composed_whole(text: str):
    assert _both_read(text)
    table = assert_agrees(text)
    assert table.stats["whole_file"] == 1


def test_lookups_outside_the_file_find_nothing():
    table = scanned(ITEM_WITH.format(name="B"))
    assert table.values.get(("actors", 3)) is None
    assert table.values.get(("actors", "x")) is None
    assert table.values.get(("links",)) is None
    assert table.keys.get(()) is None
    assert ("actors", 1, "name") in table.values
