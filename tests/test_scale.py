"""National scale, functionally (the timings live in benchmarks/): the chain generators, chunked
validation, exact line numbers in large chains, and a start-up that imports nothing heavy."""

from __future__ import annotations

import copy
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml_rs
from pydantic import ValidationError

from benchmarks.synthetic import synthetic_chain
from deliverychain.model import Chain
from deliverychain.model.chunked import validate_chain
from deliverychain.model.loading import check_text
from deliverychain.pipeline import audit
from deliverychain.reading.exact import read as parse_exact
from deliverychain.reading.positions import PositionIndex

ROOT = Path(__file__).resolve().parent.parent


def parsed(text: str) -> dict:
    return yaml_rs.loads(text, parse_datetime=False)


# --- the synthetic generator ----------------------------------------------------------


def test_a_synthetic_chain_has_the_size_asked_for_and_is_valid():
    text = synthetic_chain(2000, seed=4)
    result = check_text(text, "synthetic.yaml")
    assert result.problems == []
    chain = result.chain
    assert len(chain.actors) == 2000
    assert 2.2 <= len(chain.links) / len(chain.actors) <= 2.8  # about 2.5 links per actor
    kinds = {link.kind for link in chain.links}
    assert {"reporting", "peer-learning", "feedback", "voice"} <= kinds  # loops up, sideways, and learning
    assert {link.strength for link in chain.links} >= {"weak", "broken"}


def test_a_synthetic_chain_is_the_same_bytes_for_the_same_seed():
    assert synthetic_chain(500, seed=7) == synthetic_chain(500, seed=7)
    assert synthetic_chain(500, seed=7) != synthetic_chain(500, seed=8)


def test_a_synthetic_chain_refuses_a_size_too_small_for_its_shape():
    with pytest.raises(ValueError, match="at least 60"):
        synthetic_chain(10)


def test_the_synthetic_generator_writes_a_file(tmp_path: Path):
    out = tmp_path / "s.yaml"
    done = subprocess.run([sys.executable, "benchmarks/synthetic.py", "300", "-o", str(out)],
                          capture_output=True, text=True, check=False, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == synthetic_chain(300, seed=1)


# --- the national chain from ODS data -------------------------------------------------


def _national_module():
    spec = importlib.util.spec_from_file_location("national_chain", ROOT / "benchmarks" / "national_chain.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def national() -> tuple[str, Chain]:
    module = _national_module()
    text = module.to_yaml(module.build())
    result = check_text(text, "national.yaml")
    assert result.problems == []
    return text, result.chain


def test_the_national_chain_has_every_organisation_of_the_ods_slice(national):
    _, chain = national
    kinds: dict[str, int] = {}
    for actor in chain.actors:
        kinds[actor.kind] = kinds.get(actor.kind, 0) + 1
    assert kinds["region"] == 7
    assert kinds["icb"] == 42
    assert kinds["sub-icb-location"] == 106
    assert kinds["pcn"] == 1297  # 1,298 PCN codes less the 'U' (unallocated) placeholder
    assert kinds["practice"] == 6202
    assert kinds["trust"] == 202
    assert 9_000 <= len(chain.actors) <= 12_000


def test_the_national_chain_is_grouped_for_a_collapsed_diagram(national):
    _, chain = national
    groups = {actor.group for actor in chain.actors if actor.group}
    assert "GP practices, North West" in groups
    assert len(groups) <= 80  # one box per kind of organisation per region
    assert all(actor.group for actor in chain.actors if actor.tier not in ("government", "national", "regional"))


def test_the_national_chain_is_deterministic_and_credits_its_data(national, tmp_path: Path):
    text, _ = national
    out = tmp_path / "n" / "national.yaml"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "national_chain.py"), "-o", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == text
    assert "Open Government Licence v3.0" in text.split("chain:", 1)[0]


def _located(findings) -> list[tuple]:
    return [(f.rule_id, f.subject, f.location, tuple(r.location for r in f.related)) for f in findings]


@pytest.mark.parametrize("size", [3000])
def test_findings_in_a_large_chain_are_where_the_exact_composer_puts_them(size: int):
    text = synthetic_chain(size, seed=6)
    chain = check_text(text, "big.yaml").chain
    fast = audit(chain).findings
    assert len({f.location.line for f in fast}) > 20  # findings all over the file
    chain._positions = PositionIndex("big.yaml", lambda: parse_exact(text, "big.yaml").positions)
    assert _located(fast) == _located(audit(chain).findings)


def test_findings_in_the_national_chain_point_at_what_they_are_about(national):
    text, chain = national
    lines = text.splitlines()
    findings = audit(chain).findings
    assert findings
    for finding in findings:
        line = lines[finding.location.line - 1]
        # every finding starts on a key or a value, never on blank space
        assert line[finding.location.column - 1 :].strip(), finding
        assert line[finding.location.column - 1] not in " -", finding


# --- chunked validation ---------------------------------------------------------------


def test_chunked_validation_builds_the_same_chain():
    text = synthetic_chain(300, seed=2)
    whole = Chain.model_validate(parsed(text))
    data = parsed(text)
    chunked = validate_chain(data, chunk=7)
    assert chunked == whole
    assert chunked.model_fields_set == whole.model_fields_set
    assert data["links"] == [] and data["actors"] == []  # the parsed data was let go


def test_chunked_validation_of_one_list_under_two_keys_is_whole_validation():
    # `links: *actors` in YAML: the exact reader gives both keys the very same list
    data = parsed(synthetic_chain(300, seed=2))
    data["links"] = data["actors"]
    with pytest.raises(ValidationError) as whole:
        Chain.model_validate(copy.deepcopy(data))
    with pytest.raises(ValidationError) as chunked:
        validate_chain(data, chunk=7)
    assert chunked.value.errors(include_url=False) == whole.value.errors(include_url=False)


BROKEN = {
    3: ("    name: Hospital trust", "    nmae: Hospital trust"),  # unknown key
    40: ("    kind: commissioning", "    kind: comissioning"),  # unknown term
    200: ("    carries: [money]", "    carries: money"),  # wrong type
    555: ("  - from: ", "  - to_: x\n    from: "),  # unknown key, in a later chunk
}


def _broken_chain() -> str:
    text = synthetic_chain(400, seed=3)
    lines = text.split("\n")
    for start, (old, new) in sorted(BROKEN.items()):
        index = next(i for i in range(start, len(lines)) if lines[i].startswith(old))
        lines[index] = lines[index].replace(old, new, 1)
    return "\n".join(lines)


def test_chunked_validation_raises_the_same_errors_at_the_same_places():
    text = _broken_chain()
    with pytest.raises(ValidationError) as whole:
        Chain.model_validate(parsed(text))
    with pytest.raises(ValidationError) as chunked:
        validate_chain(parsed(text), chunk=5)
    expected = whole.value.errors(include_url=False)
    assert len(expected) >= 4
    assert sorted(chunked.value.errors(include_url=False), key=repr) == sorted(expected, key=repr)


def test_a_large_invalid_chain_reports_each_problem_at_its_line():
    text = synthetic_chain(9000, seed=5).replace("    kind: voice", "    kind: voise", 1)
    result = check_text(text, "big.yaml")
    assert result.chain is None
    [problem] = result.problems
    assert (problem.rule_id, problem.message, problem.location.column) == (
        "DC009", "'voise' is not a known link kind", 11)
    line = text.splitlines()[problem.location.line - 1]
    assert line == "    kind: voise"


# --- start-up ---------------------------------------------------------------------------


def test_chain_help_imports_nothing_heavy():
    probe = (
        "import sys\n"
        "from deliverychain.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = {'pydantic', 'yaml_rs', 'yaml', 'networkx', 'graphviz', 'cairosvg', 'wasmtime'}\n"
        "print('\\n' + __import__('json').dumps(sorted(heavy & set(sys.modules))))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
