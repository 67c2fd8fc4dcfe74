"""Property tests: broken chains of every kind load or are reported, never crash.

Valid chains (tests/fixtures/hostile/small.yaml and chains/*.yaml) are mutated at the text
level (cut short, bytes inserted, lines dropped, duplicated, swapped or re-indented, words
replaced) and at the data level (keys dropped, renamed, retyped, values swapped, then written
out as YAML or JSON). For every mutant:

- the API (`check_text`, `check_file`) returns a chain or problems, never raises, and every
  problem is at a line and column inside the file;
- a chain that loads audits and draws (DOT, Mermaid) without an exception;
- `chain validate` exits 0, or 2 with `file:line:col: error[DCxxx]` for each problem and no
  traceback;
- the fast reader (yaml-rs) and the exact reader (PyYAML) give the same data for every text
  both accept, and Windows line endings move no problem.

How many cases: HYPOTHESIS_PROFILE=ci (the default) runs a few hundred in all, in well under
30 s on two cores; `python scripts/fuzz.py --minutes 10` runs the same properties for as long
as asked (see docs/robustness.md).
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deliverychain.model.loading import check_file, check_text
from deliverychain.reading import readers
from deliverychain.reading.exact import read as parse_exact
from deliverychain.reading.text import Source, forbidden_character
from deliverychain.vocab import Capacity, Carry, Character, LinkKind, Role, Strength, Tier
from tests.test_hostile import ROOT, SMALL, assert_well_placed

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
#: Multiplies every property's example count: 1 in CI, more for a local soak.
SCALE = {"ci": 1, "dev": 1, "fuzz": 50}.get(PROFILE, 1)


def fuzz_settings(examples: int) -> settings:
    return settings(
        max_examples=examples * SCALE,
        deadline=None,
        derandomize=bool(os.environ.get("CI")),  # CI runs are repeatable; local runs explore
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        print_blob=True,
    )


SEEDS = [SMALL] + [path.read_text(encoding="utf-8") for path in sorted((ROOT / "chains").glob("*.yaml"))]

# --- text mutations ---------------------------------------------------------------------------

SNIPPETS = [
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "#", " #", "&a ", "*a", "*a ", "!", "!!str ", "!!python/object:x ",
    "|", "|-\n", ">", "'", '"', "\\", "%", "@", "`", "? ", "---", "\n---\n", "...", "\t", "\n", "\r\n", "\r", " ",
    "    ", "\ufeff", "\u202e", "\u2028", "\x00", "\x85", "é", "日本", "😀", "~", "null", "yes", "no", "true", "True",
    "1_000", "2024_25", "0x1F", "0X1F", "0o17", "0b101", "+0x1", "1e400", "-.inf", ".nan", "2019-02-30", "9" * 30,
    "<<: *a", "&a [x, y]", "{a: 1}", "[]", "{}", "''", '""', "\\u0000", '"\\x00"', "- - -", "[[[[", "}}}}",
    "key: value\n", "  - id: extra\n", "id: dhsc\n",
]
WORDS = sorted({
    "id", "name", "tier", "kind", "roles", "group", "local_presence", "capacity", "note", "evidence", "meta",
    "from", "to", "carries", "strength", "character", "assessments", "rater", "date", "targets", "basis",
    "intended_gap", "chain", "title", "intent", "owner", "version", "published", "review_by", "description",
    "tiers", "sources", "actors", "links", "ignore", "rule", "subject", "reason", "views", "focus", "depth",
    "feedback_only", "collapse", "url", "publisher",
    *(m.value for vocab in (Tier, LinkKind, Carry, Strength, Character, Role, Capacity) for m in vocab),
    "dhsc", "nhse", "icb", "nurse", "patients", "x-own-term", "DC101", "*",
    "", "0", "-1", "3.5", "true", "false", "null", "~", "yes", "no", "on", "2024-03-01", "2024-13-45", "1_0",
})
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _cut(data: st.DataObject, text: str) -> str:
    return text[: data.draw(st.integers(0, len(text)), label="cut at")]


def _insert(data: st.DataObject, text: str) -> str:
    at = data.draw(st.integers(0, len(text)), label="insert at")
    snippet = data.draw(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=6)), label="insert")
    return text[:at] + snippet + text[at:]


def _delete(data: st.DataObject, text: str) -> str:
    at = data.draw(st.integers(0, len(text)), label="delete at")
    return text[:at] + text[at + data.draw(st.integers(1, 40), label="delete length") :]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _line_op(data: st.DataObject, text: str) -> str:
    lines = _lines(text)
    i = data.draw(st.integers(0, len(lines) - 1), label="line")
    op = data.draw(st.sampled_from(["drop", "duplicate", "swap", "indent", "dedent", "tab"]), label="line op")
    if op == "drop":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "swap":
        j = data.draw(st.integers(0, len(lines) - 1), label="with line")
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        lines[i] = " " * data.draw(st.integers(1, 4)) + lines[i]
    elif op == "dedent":
        lines[i] = lines[i][data.draw(st.integers(1, 4)) :] if lines[i].startswith(" ") else lines[i]
    else:
        lines[i] = "\t" + lines[i].lstrip(" ")
    return "\n".join(lines)


def _swap_indentation(data: st.DataObject, text: str) -> str:
    """Every indent of `n` spaces becomes `m` spaces: a consistent but different layout."""
    m = data.draw(st.sampled_from([0, 1, 3, 4, 8]), label="indent width")
    return "\n".join(
        " " * ((len(line) - len(line.lstrip(" "))) // 2 * m) + line.lstrip(" ") for line in _lines(text)
    )


def _replace_word(data: st.DataObject, text: str) -> str:
    words = list(_WORD.finditer(text))
    if not words:
        return text
    word = words[data.draw(st.integers(0, len(words) - 1), label="word")]
    new = data.draw(st.one_of(st.sampled_from(WORDS), st.text(max_size=5)), label="new word")
    return text[: word.start()] + new + text[word.end() :]


TEXT_MUTATIONS: dict[str, Callable[[st.DataObject, str], str]] = {
    "cut": _cut, "insert": _insert, "delete": _delete, "line": _line_op,
    "indentation": _swap_indentation, "word": _replace_word,
}


def mutated_text(data: st.DataObject) -> str:
    text = data.draw(st.sampled_from(SEEDS), label="seed")
    for name in data.draw(st.lists(st.sampled_from(sorted(TEXT_MUTATIONS)), min_size=1, max_size=4),
                          label="mutations"):
        text = TEXT_MUTATIONS[name](data, text)
    return text


# --- data mutations ---------------------------------------------------------------------------

_SEED_DATA = [parse_exact(seed, "seed.yaml").data for seed in SEEDS]

values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.sampled_from(WORDS)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(WORDS) | st.text(max_size=5), inner, max_size=3)),
    max_leaves=6,
)


def _containers(node: Any, path: tuple = ()) -> list[tuple]:
    found = [path] if isinstance(node, (dict, list)) else []
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        found += _containers(child, (*path, key))
    return found


def _at(node: Any, path: tuple) -> Any:
    for part in path:
        node = node[part]
    return node


def mutated_data(data: st.DataObject) -> Any:
    document = json.loads(json.dumps(data.draw(st.sampled_from(_SEED_DATA), label="seed")))  # a deep copy
    for _ in range(data.draw(st.integers(1, 4), label="how many")):
        containers = _containers(document)
        node = _at(document, data.draw(st.sampled_from(containers), label="where"))
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            continue
        key = data.draw(st.sampled_from(keys), label="key")
        op = data.draw(st.sampled_from(["drop", "retype", "rename", "swap", "duplicate"]), label="op")
        if op == "drop":
            del node[key]
        elif op == "retype":
            node[key] = data.draw(values, label="new value")
        elif op == "rename" and isinstance(node, dict):
            node[data.draw(st.sampled_from(WORDS) | st.text(max_size=6), label="new key")] = node.pop(key)
        elif op == "swap":
            other = data.draw(st.sampled_from(keys), label="swap with")
            node[key], node[other] = node[other], node[key]
        elif op == "duplicate" and isinstance(node, list):
            node.insert(key, json.loads(json.dumps(node[key])))
    return document


def dumped(data: st.DataObject, document: Any) -> tuple[str, str]:
    """`document` as a chain file's text and name: block YAML, flow YAML or JSON."""
    style = data.draw(st.sampled_from(["block", "flow", "json"]), label="style")
    if style == "json":
        return json.dumps(document, ensure_ascii=data.draw(st.booleans())), "chain.json"
    width = data.draw(st.sampled_from([80, 1000]), label="width")
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, default_flow_style=style == "flow",
                          width=width), "chain.yaml"


# --- what every case must satisfy ------------------------------------------------------------


def check_loads_or_reports(text: str, file: str = "chain.yaml") -> None:
    result = check_text(text, file)
    assert_well_placed(result, text)
    if result.chain is not None:
        from deliverychain.drawing import render
        from deliverychain.pipeline import audit

        report = audit(result.chain)
        for finding in report.findings:
            assert finding.location is not None and finding.location.line <= text.count("\n") + 1, finding
        render(result.chain, format="dot", findings=report)
        render(result.chain, format="mmd", findings=report)


def strictly_equal(a: Any, b: Any) -> bool:
    """Equal with the same types all the way down (so 1, 1.0 and True differ) and NaN == NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):  # keys compared in order, as values (a key may be NaN)
        return strictly_equal(list(a), list(b)) and strictly_equal(list(a.values()), list(b.values()))
    if isinstance(a, list):
        return len(a) == len(b) and all(strictly_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def first_difference(a: Any, b: Any, path: tuple = ()) -> tuple[tuple, Any, Any] | None:
    """Where two documents first differ (the key path and both values), or None."""
    same_shape = type(a) is type(b) and isinstance(a, (dict, list)) and len(a) == len(b)
    if same_shape and (isinstance(a, list) or strictly_equal(list(a), list(b))):
        pairs = zip(a.values(), b.values(), strict=True) if isinstance(a, dict) else zip(a, b, strict=True)
        keys = list(a) if isinstance(a, dict) else range(len(a))
        for key, (x, y) in zip(keys, pairs, strict=True):
            found = first_difference(x, y, (*path, key))
            if found:
                return found
        return None
    return None if strictly_equal(a, b) else (path, a, b)


def check_readers_agree(text: str) -> None:
    """On what the loader gives them (a leading BOM dropped, no refused characters), the
    two readers give the same data whenever both accept the text."""
    text = text.removeprefix("\ufeff")
    if forbidden_character(Source(text, "a.yaml")) is not None:
        return
    fast, exact = readers.read(Source(text, "a.yaml")), parse_exact(text, "a.yaml")
    if not fast.problems and not exact.problems:
        difference = first_difference(fast.data, exact.data)
        assert difference is None, f"readers differ at {difference[0]}: {difference[1:]!r:.500} in {text!r:.3000}"


def check_line_endings_move_nothing(text: str) -> None:
    if "\r" in text:
        return

    def places(t: str) -> list[tuple[str, int, int]]:
        return [(p.rule_id, p.location.line, p.location.column) for p in check_text(t, "c.yaml").problems]

    assert places(text.replace("\n", "\r\n")) == places(text)


_PLACE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): error\[(?P<rule>DC0\d\d)\]", re.MULTILINE)


def check_validate_command(text: str, raw: bytes | None = None) -> None:
    from deliverychain.cli import main

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chain.yaml"
        path.write_bytes(raw if raw is not None else text.encode("utf-8", "surrogatepass"))
        before = path.read_bytes()
        result = CliRunner().invoke(main, ["validate", str(path)])
        assert path.read_bytes() == before  # never written
        expected = check_file(path)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr
    if expected.chain is not None:
        assert result.exit_code == 0, result.stderr
        return
    assert result.exit_code == 2, (result.exit_code, result.stderr)
    places = [(m["file"], int(m["line"]), int(m["column"]), m["rule"]) for m in _PLACE.finditer(result.stderr)]
    assert places == [(str(path), p.location.line, p.location.column, p.rule_id) for p in expected.problems]


# --- the properties ------------------------------------------------------------------------------


def prop_mutated_text(data: st.DataObject) -> None:
    text = mutated_text(data)
    check_loads_or_reports(text)
    check_readers_agree(text)


def prop_mutated_data(data: st.DataObject) -> None:
    text, name = dumped(data, mutated_data(data))
    check_loads_or_reports(text, name)
    if name.endswith(".yaml"):
        check_readers_agree(text)


def prop_line_endings(data: st.DataObject) -> None:
    check_line_endings_move_nothing(mutated_text(data))


def prop_validate_command(data: st.DataObject) -> None:
    if data.draw(st.booleans(), label="as bytes"):
        raw = data.draw(st.sampled_from(SEEDS)).encode("utf-8")
        at = data.draw(st.integers(0, len(raw)))
        noise = data.draw(st.binary(min_size=1, max_size=8) | st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xc3"]))
        check_validate_command("", raw[:at] + noise + raw[at:])
    else:
        check_validate_command(mutated_text(data))


# Plain scalars where YAML readers disagree most: numbers, booleans, nulls, dates, specials.
_SCALAR_ALPHABET = "0123456789+-._eExXoObB:~ntrufalsNIFy \t"
scalars = st.one_of(
    st.sampled_from([
        "0", "-0", "+1", "012", "0o17", "0o8", "0x1F", "0X1F", "0b1", "+0x1", "1_000", "_1", "1_", "1.", ".5", "1e3",
        "1E3", "1.e3", "1e+3", "1e", "e3", ".inf", "-.inf", "+.inf", ".Inf", ".INF", "inf", ".nan", ".NaN", "-.nan",
        "true", "True", "TRUE", "tRue", "false", "yes", "no", "on", "off", "y", "n", "~", "null", "Null", "NULL",
        "nULL", "2024-03-01", "2024-3-1", "12:30", "1:30:00", "0.1.2", "1,000", "9" * 400, "-" + "9" * 30,
    ]),
    st.text(alphabet=_SCALAR_ALPHABET, min_size=1, max_size=8).map(str.strip).filter(bool),
)


@st.composite
def plain_documents(draw: st.DrawFn) -> str:
    """A YAML document whose keys and values are plain (unquoted) scalars, block and flow."""
    lines = []
    for i in range(draw(st.integers(1, 6))):
        key = draw(scalars | st.just(f"k{i}"))
        shape = draw(st.sampled_from(["scalar", "flow", "block"]))
        if shape == "scalar":
            lines.append(f"{key}: {draw(scalars)}")
        elif shape == "flow":
            lines.append(f"{key}: [{', '.join(draw(st.lists(scalars, max_size=4)))}]")
        else:
            lines.append(f"{key}:")
            lines += [f"  - {item}" for item in draw(st.lists(scalars, min_size=1, max_size=3))]
    return "\n".join(lines) + "\n"


def prop_plain_scalars_agree(data: st.DataObject) -> None:
    check_readers_agree(data.draw(plain_documents(), label="document"))


#: name -> (property, examples in CI). scripts/fuzz.py runs the same list for longer.
PROPERTIES: dict[str, tuple[Callable[[st.DataObject], None], int]] = {
    "mutated-text": (prop_mutated_text, 150),
    "mutated-data": (prop_mutated_data, 100),
    "line-endings": (prop_line_endings, 60),
    "validate-command": (prop_validate_command, 60),
    "plain-scalars-agree": (prop_plain_scalars_agree, 300),
}


@fuzz_settings(PROPERTIES["mutated-text"][1])
@given(data=st.data())
def test_mutated_text_loads_or_reports_every_problem_in_place(data):
    prop_mutated_text(data)


@fuzz_settings(PROPERTIES["mutated-data"][1])
@given(data=st.data())
def test_mutated_data_loads_or_reports_every_problem_in_place(data):
    prop_mutated_data(data)


@fuzz_settings(PROPERTIES["line-endings"][1])
@given(data=st.data())
def test_windows_line_endings_move_no_problem(data):
    prop_line_endings(data)


@fuzz_settings(PROPERTIES["validate-command"][1])
@given(data=st.data())
def test_validate_exits_0_or_2_with_a_place_for_every_problem(data):
    prop_validate_command(data)


@fuzz_settings(PROPERTIES["plain-scalars-agree"][1])
@given(data=st.data())
def test_fast_and_exact_readers_agree_on_plain_scalars(data):
    prop_plain_scalars_agree(data)


def test_readers_agree_on_every_example_chain():
    for seed in SEEDS:
        fast, exact = readers.read(Source(seed, "a.yaml")), parse_exact(seed, "a.yaml")
        assert not fast.problems and not exact.problems
        assert strictly_equal(fast.data, exact.data)


def test_strictly_equal_tells_types_apart():
    assert strictly_equal({"a": [1, float("nan")]}, {"a": [1, float("nan")]})
    assert not strictly_equal(1, 1.0) and not strictly_equal(1, True) and not strictly_equal("1", 1)
    assert not strictly_equal({"a": 1, "b": 2}, {"b": 2, "a": 1})  # order is part of the data
