"""The JSON Schema accepts valid chains and rejects broken ones (independent validator)."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from deliverychain.model.schema import chain_schema
from deliverychain.reading.exact import read as parse_exact
from tests.test_loader import VALID

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "chains").glob("*.yaml"))


def data_of(text: str):
    return parse_exact(text, "x").data


@pytest.fixture(scope="module")
def validator():
    schema = chain_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_schema_accepts_a_valid_chain(validator):
    assert list(validator.iter_errors(data_of(VALID))) == []


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_schema_accepts_every_example_chain(validator, path: Path):
    errors = list(validator.iter_errors(data_of(path.read_text(encoding="utf-8"))))
    assert errors == []


def test_the_cancer_example_is_among_those_checked():
    assert ROOT / "chains" / "cancer.yaml" in EXAMPLES


@pytest.mark.parametrize(
    ("old", "new", "why"),
    [
        ("strength: weak", "strength: medium", "not in the strength vocabulary"),
        ("strength: weak", "strenght: weak", "unknown key"),
        ("    tier: frontline\n", "", "missing required field"),
        ("carries: [targets]", "carries: targets", "carries must be a list"),
        ("carries: [targets]", "carries: [referral-forms]", "custom terms need x-"),
        ("  - id: nurse\n", "  - id: practice nurse\n", "ids have no spaces"),
        ("kind: mandate", "kind: orders", "not a link kind"),
    ],
)
def test_schema_rejects_broken_chains(validator, old: str, new: str, why: str):
    assert old in VALID
    assert list(validator.iter_errors(data_of(VALID.replace(old, new, 1)))), why


def test_schema_describes_vocabularies_for_editors():
    schema = chain_schema()
    text = str(schema)
    for term in ("performance-management", "peer-learning", "punitive", "planned"):
        assert term in text
