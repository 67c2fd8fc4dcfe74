"""The fast path reads every style exactly as the exact reader does (issue 10, part 3).

Files come from editors, spreadsheets and other programs. Whatever the style (ours, PyYAML's
`safe_dump`, ruamel.yaml's), and whatever numbers yaml-rs would misread (`2023_24` plain, in
a comment, in quotes), the reader the table chooses must give exactly the data, problems
and positions PyYAML's composer gives: a wrong value or line is far worse than a slow read.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from deliverychain.reading import exact, fast, read, readers, sniffs
from deliverychain.reading.text import Source

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "chains").glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))
#: Plain scalars yaml-rs reads as numbers and YAML 1.2 as text, and a few it reads alike.
TOKENS = ["2023_24", "1_000", "0b101", "0X1F", "+0x1F", "-0o17", "_1", "1_0.5", ".5_0", "0x1F", "0o17", "10", "1.5"]


def pyyaml_style(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def ruamel_style(data: Any) -> str:
    written = io.StringIO()
    YAML(typ="rt").dump(data, written)
    return written.getvalue()


def with_financial_years(text: str) -> str:
    """A comment, a quoted value and plain values holding financial years, at the top and the end."""
    return (f"# planning guidance 2023_24\nyear: 2023_24  # plain: text in YAML 1.2\n{text}"
            "\nyears: [2023_24, '2024_25', \"2025_26\", 0b101, 0x1F]\nnote: 2023_24 and after\n")


def same(a: Any, b: Any) -> bool:
    """Equal, NaN included, and of the same types (1 is not True, 1.0 is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def assert_reads_as_exact(text: str) -> str:
    """The chosen reader's data, problems and every position equal the exact reader's; returns its name."""
    wanted = exact.read(text, "c.yaml")
    got = read(text, "c.yaml")
    key = [(p.rule_id, p.message, p.location) for p in wanted.problems]
    assert [(p.rule_id, p.message, p.location) for p in got.problems] == key
    if any(p.rule_id == "DC002" for p in wanted.problems):
        return readers.choose(Source(text, "c.yaml")).name
    assert same(got.data, wanted.data)
    assert wanted.positions is not None
    for path, span in wanted.positions.values.items():
        assert got.positions.table.values.get(path) == span, f"value {path}"
    for path, span in wanted.positions.keys.items():
        assert got.positions.table.keys.get(path) == span, f"key {path}"
    assert dict(got.positions.table.values) == wanted.positions.values
    assert dict(got.positions.table.keys) == wanted.positions.keys
    return readers.choose(Source(text, "c.yaml")).name


def test_there_are_files_to_check() -> None:
    assert len(SOURCES) >= 20
    assert sum(style == "pyyaml" for _, style in CASES) >= 20  # most files have data to write again


def _has_data(path: Path) -> bool:
    """A file the exact reader reads to a mapping without problems: data another writer can write."""
    parsed = exact.read(path.read_text(encoding="utf-8"), str(path))
    return not parsed.problems and isinstance(parsed.data, dict)


#: Every file as written and with financial years; those with data also as PyYAML and ruamel.yaml write it.
CASES = [(path, style) for path in SOURCES for style in ("ours", "ours+2023_24")]
CASES += [(path, style) for path in SOURCES if _has_data(path) for style in ("pyyaml", "ruamel")]


@pytest.mark.parametrize(("path", "style"), CASES, ids=lambda c: str(c.relative_to(ROOT)) if isinstance(c, Path) else c)
def test_every_file_in_every_style_reads_as_the_exact_reader_reads_it(path: Path, style: str) -> None:
    text = path.read_text(encoding="utf-8")
    if style == "ours+2023_24":
        text = with_financial_years(text)
    elif style in ("pyyaml", "ruamel"):
        data = exact.read(text, str(path)).data
        data["planning"] = {"year": "2023_24", "note": "guidance 2023_24, it's \"quoted\"", "codes": TOKENS}
        text = pyyaml_style(data) if style == "pyyaml" else ruamel_style(data)
    reader = assert_reads_as_exact(text)
    if path.parent.name == "chains":  # well-formed chains: the fast reader, whatever the style
        assert reader == "yaml-rs"


def test_a_misread_number_is_fixed_up_in_place_not_by_reading_the_file_exactly() -> None:
    text = "# 2023_24\nyear: 2023_24\nquoted: 'x 2023_24'\ncount: 0x1F\nlist: [1_000, 0b101]\n2023_24: _1\n"
    assert readers.choose(Source(text, "c.yaml")).name == "yaml-rs"
    parsed = fast.read(text, "c.yaml")
    assert parsed is not None
    assert parsed.data == {"year": "2023_24", "quoted": "x 2023_24", "count": 31, "list": ["1_000", "0b101"],
                           "2023_24": "_1"}
    assert_reads_as_exact(text)


def test_only_tokens_that_can_start_a_plain_scalar_are_marked() -> None:
    text = 'a: 2023_24\nb: "\\u0b10_1"\nc: x2023_24\nd: 0x1F\ne: [1_0,{"k":0b1}]\n'
    starts = sniffs.misread_numbers(text)
    assert [text[s:s + 4] for s in starts] == ["2023", "1_0,", "0b1}"]
    assert_reads_as_exact(text)


def test_a_key_written_plain_and_quoted_is_a_duplicate_found_by_the_exact_reader() -> None:
    text = 'a:\n  1_0: x\n  "1_0": y\n'
    assert fast.read(text, "c.yaml") is None  # the exact reader reads it, and places both keys
    assert read(text, "c.yaml").problems
    assert_reads_as_exact(text)


def test_a_text_already_holding_a_stand_in_goes_to_the_exact_reader() -> None:
    assert fast.read("a: 2023_24\nb: é\ue000\n", "c.yaml") is None
    assert fast.read("a: 2023_24\nb: é\n", "c.yaml").data == {"a": "2023_24", "b": "é"}  # type: ignore[union-attr]


# --- generated chains, in each style -------------------------------------------------

_TEXT = st.one_of(
    st.sampled_from([*TOKENS, "x 2023_24", "it's", "a # b", "a: b", "", "yes", "null", "~", "-1", "2023-24"]),
    st.text(alphabet="ab _-:#'\"01é", max_size=12),
    st.text(alphabet="abc d", min_size=70, max_size=160),  # long text: PyYAML folds it over lines
)
_VALUE = st.one_of(_TEXT, st.integers(-10**6, 10**6), st.booleans(), st.lists(_TEXT, max_size=4))
_ITEM = st.dictionaries(st.sampled_from(["id", "name", "note", "tags", "owner", "2023_24"]), _VALUE, min_size=1,
                        max_size=5)
_CHAIN = st.fixed_dictionaries({
    "chain": st.fixed_dictionaries({"id": _TEXT, "description": _TEXT}),
    "actors": st.lists(_ITEM, min_size=1, max_size=6),
    "links": st.lists(_ITEM, max_size=6),
})


def ours_style(data: dict[str, Any]) -> str:
    """Our own style: two-space lists under their key, a misread token written plain where it can be."""

    def scalar(value: Any) -> str:
        if isinstance(value, str) and value in TOKENS and not (sniffs.CORE_INT.match(value)
                                                               or sniffs.CORE_FLOAT.match(value)):
            return value  # plain: text to YAML 1.2, a number to yaml-rs before the fix-up
        if isinstance(value, list):
            return "[" + ", ".join(scalar(v) for v in value) + "]"
        return json.dumps(value, ensure_ascii=False)

    lines = ["# generated: 2023_24", "chain:"]
    lines += [f"  {k}: {scalar(v)}" for k, v in data["chain"].items()]
    for block in ("actors", "links"):
        lines.append(f"{block}:" if data[block] else f"{block}: []")
        for item in data[block]:
            for i, (k, v) in enumerate(item.items()):
                lines.append(f"  {'- ' if i == 0 else '  '}{k}: {scalar(v)}  # 0b101")
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_CHAIN, st.sampled_from(["ours", "pyyaml", "ruamel"]))
def test_generated_chains_in_every_style_read_as_the_exact_reader_reads_them(data: dict[str, Any],
                                                                               style: str) -> None:
    writer = {"ours": ours_style, "pyyaml": pyyaml_style, "ruamel": ruamel_style}[style]
    text = writer(data)
    assert readers.choose(Source(text, "c.yaml")).name == "yaml-rs"
    assert_reads_as_exact(text)
    if style != "ruamel":  # ruamel.yaml's round trip can fold a double space in long text into one
        assert exact.read(text, "c.yaml").data == data  # the writer wrote what it was given
